from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.crypto import get_random_string

from newsroom.tasks import enqueue_on_commit
from staff.widgets import SafeAutocompleteMixin

from .forms import AddWriterForm
from .models import Author
from .tasks import mail_invitation


def linkable_logins():
    """The logins an author profile may be linked to: active staff accounts, by user name."""
    return get_user_model().objects.filter(is_active=True, is_staff=True).order_by("username")


@admin.register(Author)
class AuthorAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    # Django 6 reads a bare “example.com” as https://; say so now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "title", "user", "article_count"]
    list_select_related = ["user"]
    search_fields = ["name", "slug", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        # With the count's GROUP BY, Django leaves out Meta.ordering: say it again, or the bylines'
        # author search pages an unordered list (UnorderedObjectListWarning).
        return super().get_queryset(request).annotate(article_count=Count("bylines")).order_by("name", "pk")

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = linkable_logins()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def autocomplete_choices(self, request, field):
        """
        The “User” field's search (staff/sites.py): whoever may add or change author profiles (editors)
        picks among staff logins not linked yet, without the accounts admin's view permission that would show them
        every account's groups and e-mail; writers and moderators keep Django's 403.
        """
        if field.name == "user" and (self.has_add_permission(request) or self.has_change_permission(request)):
            # A login has one profile: those linked already are not offered again.
            return linkable_logins().filter(author__isnull=True)
        return None

    # Adding a writer: login, Writer group, author profile and invitation in one form.

    def get_urls(self):
        return [
            path("add-writer/", self.admin_site.admin_view(self.add_writer_view), name="authors_author_add_writer"),
            *super().get_urls(),
        ]

    def has_invite_permission(self, request):
        return request.user.has_perm("authors.invite_writer") and self.has_add_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_invite_writer": self.has_invite_permission(request)}
        return super().changelist_view(request, extra_context)

    def add_writer_view(self, request):
        """
        A new writer's account, made by an editor: a staff login in the Writer group (nothing more),
        their author profile linked to it, and a mail inviting them to choose a password.
        """
        if not self.has_invite_permission(request):
            raise PermissionDenied
        form = AddWriterForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            author = self.create_writer(request, **form.cleaned_data)
            self.message_user(
                request,
                f"{author.name}'s account “{author.user.get_username()}” and author profile are ready; "
                f"an invitation to choose a password is on its way to {author.email}.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:authors_author_change", args=[author.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Add a writer",
            "form": form,
        }
        return TemplateResponse(request, "admin/authors/author/add_writer.html", context)

    def create_writer(self, request, name, email, title=""):
        User = get_user_model()
        username, n = email[:150], 2
        while User.objects.filter(username=username).exists():
            username, n = f"{email[:140]}-{n}", n + 1
        first, _, last = name.rpartition(" ") if " " in name else (name, "", "")
        with transaction.atomic():
            # A random password nobody knows, not an unusable one: the sign-in page's “Forgotten your
            # password?” then works for a writer whose invitation expired.
            user = User.objects.create_user(
                username, email, password=get_random_string(48), first_name=first[:150], last_name=last[:150], is_staff=True
            )
            user.groups.add(Group.objects.get(name="Writer"))
            author = Author.objects.create(name=name, slug=Author.unique_slug(name), title=title, email=email, user=user)
            invited_by = request.user.get_full_name() or request.user.get_username()
            enqueue_on_commit(mail_invitation, user.pk, request.build_absolute_uri("/"), invited_by)
        return author
