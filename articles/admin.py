import difflib
import json
import re
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
import reversion
from js_asset import Media as AssetMedia
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from newsroom.i18n import language_name
from staff.widgets import SafeAutocompleteMixin

from . import autosave, body_media, body_media_admin, translations, workflow
from .tag_admin import TagAdmin
from .forms import ACTIONS, ArticleAdminForm, BylineFormSet, PhotoAdminForm
from .models import (
    Article, ArticleRedirect, Byline, Correction, DeskNote, Photo, Section, SectionRedirect, card_bylines, plain_text,
    sanitize_body,
)
from .widgets import TagAutocompleteWidget

# Comments are counted through the reverse relation: articles does not import the comments app.
Comment = Article._meta.get_field("comments").related_model

# Each version of an article keeps its bylines, corrections and tags (ArticleAdmin would follow only
# its inlines). A tag is kept by name: the history reads as it was, and a tag deleted since can be
# made again on restore instead of leaving a link to nothing.
reversion.register(TaggedItem, use_natural_foreign_keys=True)
reversion.register(Byline)
reversion.register(Correction)
reversion.register(Article, follow=["bylines", "corrections", "tagged_items"])

# What “Restore this version” brings back besides tags and bylines: the story as readers read it. Its
# place on the desk (status, publication time, address, front page, corrections, desk notes) stays as it
# is now, so restoring an old text never takes a live story offline.
RESTORED_FIELDS = ("title", "standfirst", "body", "photo")

# django-taggit's own tag admin lets any staff member merge tags; ours asks for the permissions.
admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)


def version_tag_names(version):
    """The tags an article had in a saved version, by name and sorted."""
    tagged_item = ContentType.objects.get_for_model(TaggedItem)
    names = set()
    for data in version.revision.version_set.filter(content_type=tagged_item).values_list("serialized_data", flat=True):
        for row in json.loads(data):
            if str(row["fields"]["object_id"]) == str(version.object_id):
                names.add(row["fields"]["tag"][0])
    return sorted(names, key=str.casefold)


def version_bylines(version):
    """The byline of an article in a saved version, in order: “Kevin Zhang”, “Photos by Ann Lee”."""
    byline_type = ContentType.objects.get_for_model(Byline)
    rows = [
        v.field_dict for v in version.revision.version_set.filter(content_type=byline_type)
        if str(v.field_dict.get("article_id", v.field_dict.get("article"))) == str(version.object_id)
    ]
    rows.sort(key=lambda row: (row["position"], row.get("id") or 0))
    author_model = Byline._meta.get_field("author").related_model
    names = dict(author_model.objects.filter(pk__in=[row["author_id"] for row in rows]).values_list("pk", "name"))
    return [
        " ".join(filter(None, [row["role"], names.get(row["author_id"], f"(deleted author #{row['author_id']})")]))
        for row in rows
    ]


def version_photo(version):
    """The library photo of an article in a saved version, as the library names it."""
    photo_id = version.field_dict.get("photo_id")
    if photo_id is None:
        return ""
    photo = Photo.objects.filter(pk=photo_id).first()
    return f"{photo} (photo #{photo_id})" if photo is not None else f"(deleted photo #{photo_id})"


def tag_diff(old, new):
    """[(op, text)] over two lists of tag names: kept, removed and added ones, comma-separated."""
    parts = []
    for name in sorted(set(old) | set(new), key=str.casefold):
        if parts:
            parts.append(("equal", ", "))
        parts.append(("equal" if name in old and name in new else "delete" if name in old else "insert", name))
    return parts


class EstimatedCountPaginator(Paginator):
    """
    On PostgreSQL an unfiltered list takes its size from the planner's statistics: an exact COUNT(*)
    of a big table reads all of it, and the admin only needs the number of pages roughly.
    """

    ESTIMATE_ABOVE = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor == "postgresql" and not queryset.query.where:
            with connection.cursor() as cursor:
                cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table])
                row = cursor.fetchone()
            if row and row[0] > self.ESTIMATE_ABOVE:
                return int(row[0])
        return queryset.count()


class SectionAdminForm(forms.ModelForm):
    """The section with a name field for each of the site's other languages (see `section_form`), kept in `names`."""

    class Meta:
        model = Section
        exclude = ["names"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, _ in other_languages():
            self.initial.setdefault(f"name_{code}", (self.instance.names or {}).get(code, ""))

    def save(self, commit=True):
        names = dict(self.instance.names or {})
        for code, _ in other_languages():
            value = self.cleaned_data.get(f"name_{code}", "").strip()
            if value:
                names[code] = value
            else:
                names.pop(code, None)
        self.instance.names = names
        return super().save(commit)


def section_form():
    """SectionAdminForm with a “Name in 简体中文” field for each language the site is set up with."""
    fields = {
        f"name_{code}": forms.CharField(
            label=f"Name in {name}",
            max_length=100,
            required=False,
            help_text="Shown in menus and breadcrumbs of that language's pages. Empty: the name above.",
        )
        for code, name in other_languages()
    }
    return type("SectionAdminForm", (SectionAdminForm,), fields)


def other_languages():
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@admin.register(Section)
class SectionAdmin(SafeAutocompleteMixin, VersionAdmin):
    list_display = ["name", "path_display", "parent", "position"]
    list_editable = ["position"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "path"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    ordering = ["path"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = section_form()
        return super().get_form(request, obj, **kwargs)

    @admin.display(description="address", ordering="path")
    def path_display(self, obj):
        return f"/{obj.path}/"

    def save_model(self, request, obj, form, change):
        old_path = Section.objects.filter(pk=obj.pk).values_list("path", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        if change:
            workflow.remember_section_path(obj, old_path)
            if old_path != obj.path:
                self.message_user(request, f"The old address /{old_path}/ and everything under it now redirect here.")


class RecoverByEditorsMixin:
    """
    Bringing back what was deleted is for those who may delete (editors): the others see no
    “Recover deleted …” link on the list, and its pages answer 403.
    """

    change_list_template = "admin/articles/change_list_recover.html"

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_recover": self.has_delete_permission(request)}
        return super().changelist_view(request, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)


@admin.register(Photo)
class PhotoAdmin(RecoverByEditorsMixin, VersionAdmin):
    form = PhotoAdminForm
    list_display = ["thumbnail", "caption_display", "credit", "size_display", "used_in", "uploaded_at"]
    search_fields = ["caption", "credit", "alt_text"]
    date_hierarchy = "uploaded_at"
    readonly_fields = ["preview"]
    fields = ["image", "preview", "caption", "credit", "alt_text"]
    list_per_page = 48

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    def get_urls(self):
        # The body editor's photo picker (articles/body_media_admin.py).
        picker = self.admin_site.admin_view(partial(body_media_admin.photo_picker, self))
        return [path("picker/", picker, name="articles_photo_picker"), *super().get_urls()]

    # Per row: a live story's photo is the desk's to change (workflow.can_change_photo).

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.can_change_photo(request.user, obj)

    @admin.display(description="photo")
    def thumbnail(self, obj):
        if not obj.image:
            return ""
        return format_html('<img src="{}" alt="" width="96" loading="lazy" style="height:auto">', obj.image.url)

    @admin.display(description="preview")
    def preview(self, obj):
        if not obj.image:
            return "—"
        return format_html('<img src="{}" alt="" style="max-width:480px;height:auto">', obj.image.url)

    @admin.display(description="caption", ordering="caption")
    def caption_display(self, obj):
        return str(obj)

    @admin.display(description="size")
    def size_display(self, obj):
        return f"{obj.width}×{obj.height}" if obj.width else "—"

    @admin.display(description="used in", ordering="article_count")
    def used_in(self, obj):
        return f"{obj.article_count} article{'s' if obj.article_count != 1 else ''}"


class BylineInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Byline
    formset = BylineFormSet
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "role", "position"]
    verbose_name = "byline"
    verbose_name_plural = (
        "Bylines (in order: drag a row by ⠿ or use ↑ ↓; a role such as “Photos by” puts the author on a line of "
        "their own; “Delete?” takes the author off this article, their profile stays)"
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "author" and field is not None:
            # The row's pencil and cross would edit or delete the author's profile, on every article:
            # not what taking someone off this byline means. Adding a guest contributor stays.
            field.widget.can_change_related = field.widget.can_delete_related = False
        return field


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "published_at", "text"]
    verbose_name_plural = "Corrections and updates (shown on the article; corrections also on /corrections/)"


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "desk"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "In review"),
            ("scheduled", "Scheduled"),
            ("live", "Published (live)"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value in ("draft", "review"):
            return queryset.filter(status=value)
        if value == "scheduled":
            return queryset.scheduled()
        if value == "live":
            return queryset.published()
        return queryset


class SectionFilter(admin.SimpleListFilter):
    title = "section"
    parameter_name = "section"

    def lookups(self, request, model_admin):
        # Paths, not names: “World” may exist under News and under Sport; one query for all.
        return [(pk, f"/{path}/") for pk, path in Section.objects.order_by("path").values_list("pk", "path")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(section_id=self.value())
        return queryset


class AuthorFilter(admin.SimpleListFilter):
    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        author_model = Byline._meta.get_field("author").related_model
        return list(author_model.objects.order_by("name").values_list("pk", "name"))

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            # A subquery, not a join: an article appears once however many bylines it has.
            return queryset.filter(pk__in=Byline.objects.filter(author_id=self.value()).values("article_id"))
        return queryset


class TranslationFilter(admin.SimpleListFilter):
    """Which stories still lack a version in one of the site's languages, or have one at all."""

    title = "translation"
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        missing = [(f"lacks-{code}", f"No {name} version yet") for code, name in settings.LANGUAGES]
        return [*missing, ("translated", "In more than one language"), ("single", "In one language only")]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if value.startswith("lacks-") and value[6:] in dict(settings.LANGUAGES):
            return queryset.lacking(value[6:])
        in_group = Article.objects.filter(Q(original=OuterRef("pk")) | Q(pk=OuterRef("original")))
        if value == "translated":
            return queryset.filter(Exists(in_group))
        if value == "single":
            return queryset.exclude(Exists(in_group))
        return queryset


class ArticleChangeList(ChangeList):
    """
    The list with each row's pending and approved comment counts, counted for the rows on the page
    only, in one grouped query: an annotation would be computed for every row skipped by a deep
    page's OFFSET, or grouped over the whole table.
    """

    def get_results(self, request):
        super().get_results(request)
        articles = list(self.result_list)
        counts = dict.fromkeys(((a.pk, s) for a in articles for s in (Comment.Status.PENDING, Comment.Status.APPROVED)), 0)
        rows = (
            Comment.objects.filter(article__in=[a.pk for a in articles], status__in=[Comment.Status.PENDING, Comment.Status.APPROVED])
            .order_by()
            .values_list("article", "status")
            .annotate(n=Count("pk"))
        )
        counts.update({(article, status): n for article, status, n in rows} if articles else {})
        for article in articles:
            article.pending_count = counts[article.pk, Comment.Status.PENDING]
            article.approved_count = counts[article.pk, Comment.Status.APPROVED]
        # Every language version of the stories on the page, in one query, for the "languages" column.
        groups = {a.translation_group for a in articles}
        versions = {}
        if len(settings.LANGUAGES) > 1 and groups:
            for version in Article.objects.filter(Q(pk__in=groups) | Q(original__in=groups)).only("pk", "original", "language", "status"):
                versions.setdefault(version.translation_group, []).append(version)
        for article in articles:
            article.language_versions_on_desk = versions.get(article.translation_group, [article])
        self.result_list = articles


@admin.register(Article)
class ArticleAdmin(SafeAutocompleteMixin, RecoverByEditorsMixin, VersionAdmin):
    form = ArticleAdminForm
    list_display = [
        "title", "status_display", "section_display", "byline_display", "languages", "comment_counts",
        "published_display", "updated_display", "preview_link",
    ]
    list_display_links = ["title"]
    list_filter = [
        StatusFilter, SectionFilter, AuthorFilter, TranslationFilter, ("published_at", admin.DateFieldListFilter), "is_featured",
    ]
    list_select_related = ["section"]
    search_fields = ["title", "standfirst", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["section", "photo", "check_also", "sponsor", "original", "social_image"]
    readonly_fields = ["photo_preview", "updated_at", "desk_history", "translation_links", "body_rendered"]
    inlines = [BylineInline, CorrectionInline]
    list_per_page = 50
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    # Drafts (no time yet) first, then newest publication first.
    ordering = [F("published_at").desc(nulls_first=True), "-pk"]
    actions = ["submit_for_review", "publish_now", "unpublish", "send_back"]
    history_latest_first = True
    object_history_template = "admin/articles/article/object_history.html"
    revision_form_template = recover_form_template = "admin/articles/article/revision_form.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "standfirst", "body", "tags"]}),
        ("Language", {"fields": ["language", "original", "translation_links"]}),
        ("Photo", {"fields": ["photo", "photo_preview"]}),
        ("Search and sharing", {"fields": ["seo_title", "meta_description", "social_image"], "classes": ["seo-fields"]}),
        ("Publishing", {"fields": ["status", "published_at", "updated_at", "is_featured", "front_position"]}),
        ("Around the article", {"fields": ["check_also", "allow_comments", "sponsor"]}),
        ("Desk notes", {"fields": ["desk_history"], "classes": ["collapse"]}),
    ]

    # Roles, enforced here whatever the buttons show.

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related(
            card_bylines()
        )
        match = request.resolver_match
        if match is not None and match.url_name == "autocomplete":
            # Picking a “Check Also”: what the user may know of, published stories included.
            return workflow.visible_articles(request.user, queryset)
        return workflow.desk_articles(request.user, queryset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "check_also":
            kwargs["queryset"] = workflow.visible_articles(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.can_publish(request.user)

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.can_publish(request.user):
            fields += ["published_at", "is_featured", "front_position", "sponsor"]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Read only (a writer's own live story, a moderator): the body as readers see it, not its HTML.
            fieldsets = [
                (name, {**options, "fields": ["body_rendered" if f == "body" else f for f in options["fields"]]})
                for name, options in fieldsets
            ]
        return fieldsets

    @admin.display(description="body")
    def body_rendered(self, obj):
        # Sanitized again (nh3, as Article.save does) in case a row was written around save().
        return format_html('<div class="body-rendered">{}</div>', body_media.render(sanitize_body(obj.body or "")))

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        # A new article starts with the user's own byline, shown (a writer's is added on save anyway).
        # Only on the blank form: posted back unchanged, an initial row would count as not filled in.
        if isinstance(inline, BylineInline) and obj.pk is None and request.method == "GET":
            author = workflow.author_of(request.user)
            if author is not None:
                kwargs["initial"] = [{"author": author.pk, "position": 0}]
        return kwargs

    def get_inlines(self, request, obj):
        if workflow.can_publish(request.user):
            return self.inlines
        return [BylineInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request = request
        if restored := autosave.restoring(request, obj):
            form = autosave.restored_form(form, restored)
        return form

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else None

    # Saving: version counter, “Updated”, old addresses, desk notes, the writer's byline.

    def save_model(self, request, obj, form, change):
        old = getattr(request, "article_before_restore", None)
        if old is None and change:
            old = Article.objects.select_related("section").filter(pk=obj.pk).first()
        obj.version = (old.version if old is not None else 0) + 1
        if workflow.editorial_change(old, obj):
            obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)
        if old is not None and (old.section_id, old.slug) != (obj.section_id, obj.slug) and old.published_at:
            workflow.remember_article_path(obj, f"{old.section.path}/{old.slug}")
        if foreign := obj.foreign_image_hosts(own_hosts=[request.get_host().split(":")[0]]):
            self.message_user(
                request,
                f"“{obj}” shows images from other sites ({', '.join(foreign)}): they learn of every reader who opens "
                "the story and can change the picture later. Upload them to the photo library instead.",
                messages.WARNING,
            )
        workflow.record_transition(
            obj,
            old.status if old else None,
            old.published_at if old else None,
            request.user,
            note=form.cleaned_data.get("desk_note", ""),
            sent_back=form.action == "_send_back",
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        author = workflow.author_of(request.user)
        if not workflow.can_publish(request.user) or not article.bylines.exists():
            # A writer stays on their own story, or they could not open it again.
            workflow.ensure_byline(article, author)
        corrected = any(
            formset.model is Correction and (formset.new_objects or formset.changed_objects) for formset in formsets
        )
        # The form's text is saved now: its autosaved copies have nothing more to offer.
        autosave.forget(request, article)
        if not change:
            autosave.forget(request, None)
        if corrected and article.is_published:
            # A correction is a change readers must be able to see: it moves “Updated” (dateModified).
            article.updated_at = timezone.now()
            Article.objects.filter(pk=article.pk).update(updated_at=article.updated_at)

    def response_change(self, request, obj):
        if form_action := next((name for name in ACTIONS if name in request.POST), None):
            self.message_user(request, f"“{obj}”: {self.action_message(form_action, obj)}", messages.SUCCESS)
            return self.response_post_save_change(request, obj)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if form_action := next((name for name in ACTIONS if name in request.POST), None):
            self.message_user(request, f"“{obj}”: {self.action_message(form_action, obj)}", messages.SUCCESS)
            return self.response_post_save_add(request, obj)
        return super().response_add(request, obj, post_url_continue)

    @staticmethod
    def action_message(action, obj):
        if action == "_schedule":
            return f"scheduled for {timezone.localtime(obj.published_at):%b %d, %Y %H:%M}."
        return {
            "_submit_review": "submitted for review.",
            "_publish": "published.",
            "_unpublish": "unpublished; it is a draft again and its address answers 404.",
            "_send_back": "sent back to the writer as a draft.",
        }[action]

    def render_change_form(self, request, context, *args, **kwargs):
        # The body editor's import map is an inline <script>: it runs by the request's CSP nonce (newsroom/csp.py).
        context["media"] = AssetMedia.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if getattr(request, "article_before_restore", None) is not None:
            self.keep_desk_state(request)
        obj = self.get_object(request, object_id) if object_id else None
        if obj is not None:
            token = workflow.preview_token(obj)
            extra_context.update(
                preview_url=reverse("articles:preview", args=[obj.pk]),
                share_url=request.build_absolute_uri(reverse("articles:preview_shared", args=[token]))
                if workflow.can_publish(request.user)
                else None,
                share_days=workflow.PREVIEW_MAX_AGE.days,
                sent_back_note=obj.desk_notes.filter(action=DeskNote.Action.SENT_BACK).first()
                if obj.status == Article.Status.DRAFT
                else None,
            )
        extra_context["workflow_buttons"] = self.workflow_buttons(request, obj)
        extra_context.update(self.autosave_context(request, obj, object_id))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def autosave_context(self, request, obj, object_id):
        """Where the form's script autosaves to, and the autosaved text it may offer back (articles/autosave.py)."""
        if object_id and (obj is None or not self.has_change_permission(request, obj)):
            return {}
        if not object_id and not self.has_add_permission(request):
            return {}
        url = reverse("admin:articles_article_autosave", args=[obj.pk]) if obj else reverse("admin:articles_article_autosave_new")
        restored = autosave.restoring(request, obj)
        offer = None if restored or request.method != "GET" else autosave.pending(request, obj)
        return {
            "autosave_url": url,
            "autosave_restored_at": autosave.saved_at_text(restored.saved_at) if restored else "",
            "autosave_offer_at": autosave.saved_at_text(offer.saved_at) if offer else "",
            # For the search-result preview (article_insights.js).
            "article_address": request.build_absolute_uri(obj.get_absolute_url()) if obj else "",
        }

    def workflow_buttons(self, request, obj):
        """The desk buttons that fit this user and this article's state: (name, label) pairs."""
        if obj is not None and not self.has_change_permission(request, obj):
            return []
        status = obj.status if obj else Article.Status.DRAFT
        buttons = []
        if status == Article.Status.DRAFT:
            buttons.append("_submit_review")
        if workflow.can_publish(request.user):
            if obj is None or not obj.is_published:
                buttons += ["_publish", "_schedule"]
            if status == Article.Status.PUBLISHED:
                buttons.append("_unpublish")
            if status == Article.Status.REVIEW:
                buttons.append("_send_back")
        return [(name, ACTIONS[name]) for name in buttons]

    # The list.

    @admin.display(description="status", ordering="status")
    def status_display(self, obj):
        if obj.is_scheduled:
            return f"Scheduled for {timezone.localtime(obj.published_at):%b %d, %Y %H:%M}"
        return obj.get_status_display()

    # Short dates (“30 Nov 2026 13:04”, on two lines when needed): Django's long ones took a fifth of the list.
    @admin.display(description="published", ordering="published_at")
    def published_display(self, obj):
        return short_time(obj.published_at)

    @admin.display(description="updated", ordering="updated_at")
    def updated_display(self, obj):
        return short_time(obj.updated_at)

    @admin.display(description="section", ordering="section__path")
    def section_display(self, obj):
        return format_html('<span title="/{}/">{}</span>', obj.section.path, obj.section.name)

    @admin.display(description="by")
    def byline_display(self, obj):
        return ", ".join(author.name for author in obj.ordered_authors)

    @admin.display(description="languages")
    def languages(self, obj):
        """Each of the site's languages: a link to the story's version in it, or “no …” when it lacks one."""
        have = {v.language: v for v in getattr(obj, "language_versions_on_desk", [obj])}
        parts = []
        for code, name in settings.LANGUAGES:
            version = have.get(code)
            if version is None:
                parts.append(format_html('<span class="lang-missing" title="No {} version yet">no {}</span>', name, code))
            elif version.pk == obj.pk:
                parts.append(format_html("<strong>{}</strong>", code))
            else:
                url = reverse("admin:articles_article_change", args=[version.pk])
                parts.append(format_html('<a href="{}" title="{} ({})">{}</a>', url, name, version.get_status_display(), code))
        return format_html_join(" · ", "{}", ((p,) for p in parts))

    @admin.display(description="versions")
    def translation_links(self, obj):
        """The story in every language: links to the versions there are, buttons to start the missing ones."""
        if not obj or not obj.pk:
            return "Save the article first; then its translations can be started here."
        have = {v.language: v for v in Article.objects.filter(Q(pk=obj.translation_group) | Q(original_id=obj.translation_group))}
        rows = []
        for code, name in settings.LANGUAGES:
            version = have.get(code)
            if version is None:
                url = reverse("admin:articles_article_translate", args=[obj.pk, code])
                rows.append(format_html('{}: <a class="button" href="{}">Start the {} translation</a>', name, url, name))
            elif version.pk == obj.pk:
                rows.append(format_html("{}: this article{}", name, "" if version.original_id else " (the original)"))
            else:
                url = reverse("admin:articles_article_change", args=[version.pk])
                rows.append(format_html('{}: <a href="{}">{}</a> ({})', name, url, version.title, version.get_status_display()))
        return format_html("<ul class='translation-links'>{}</ul>", format_html_join("", "<li>{}</li>", ((r,) for r in rows)))

    def translate_view(self, request, object_id, language):
        """Confirm, then make the draft translation of an article into `language` and open it."""
        article = self.get_object(request, object_id)
        if article is None or language not in dict(settings.LANGUAGES) or not self.has_add_permission(request):
            raise Http404("No such article or language.")
        existing = translations.version_in(article, language)
        if existing is not None:
            self.message_user(request, f"“{existing}” is already the {language_name(language)} version.", messages.INFO)
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[existing.pk]))
        if request.method == "POST":
            draft, _ = translations.create_translation(article, language, request.user)
            self.message_user(
                request,
                f"A {language_name(language)} draft of “{article}” was made from the original: translate its headline, "
                "standfirst and body, and give it an address (slug) of its own before it goes to review.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[draft.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": f"Translate “{article}” into {language_name(language)}",
            "language_name": language_name(language),
        }
        return TemplateResponse(request, "admin/articles/article/translate.html", context)

    # One column, not two, for the comments: the list must fit a laptop beside its filters.
    @admin.display(description="comments")
    def comment_counts(self, obj):
        """The approved comments, and the held ones linked to their queue: “5 · 2 held”."""
        if not obj.pending_count:
            return obj.approved_count
        query = urlencode({"article__id__exact": obj.pk, "status__exact": Comment.Status.PENDING})
        return format_html(
            '{} · <a href="{}" title="Moderate them">{} held</a>',
            obj.approved_count, f"{reverse('admin:comments_comment_changelist')}?{query}", obj.pending_count,
        )

    @admin.display(description="preview")
    def preview_link(self, obj):
        return format_html('<a href="{}" target="_blank" rel="noopener">Preview</a>', reverse("articles:preview", args=[obj.pk]))

    @admin.display(description="preview")
    def photo_preview(self, obj):
        if not obj.photo_id or not obj.photo.image:
            return "—"
        return format_html(
            '<img src="{}" alt="" style="max-width:320px;height:auto"><br>{}{}',
            obj.photo.image.url,
            obj.photo.caption,
            format_html_join("", " <em>{}</em>", [(obj.photo.credit,)]) if obj.photo.credit else "",
        )

    @admin.display(description="desk notes")
    def desk_history(self, obj):
        notes = list(obj.desk_notes.select_related("user")[:20]) if obj.pk else []
        if not notes:
            return "—"
        return format_html(
            "<ul class='desk-notes'>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong> by {}, {}{}</li>",
                [
                    (
                        note.get_action_display(),
                        note.user.get_full_name() or note.user.get_username() if note.user else "someone",
                        timezone.localtime(note.created_at).strftime("%b %d, %Y %H:%M"),
                        format_html(": “{}”", note.text) if note.text else "",
                    )
                    for note in notes
                ],
            ),
        )

    # Bulk actions, each dropped for users without its permission.

    @admin.action(description="Submit selected drafts for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        editable = [a for a in queryset.filter(status=Article.Status.DRAFT) if workflow.can_edit(request.user, a)]
        moved = workflow.set_status(editable, Article.Status.REVIEW, request.user)
        self.message_user(request, f"{moved} article(s) submitted for review.")

    @admin.action(description="Publish selected articles now", permissions=["publish"])
    def publish_now(self, request, queryset):
        ready, lacking = [], []
        for article in queryset.exclude(pk__in=Article.objects.published()):
            missing = article.missing_for_publication()
            (lacking if missing else ready).append((article, missing))
        moved = workflow.set_status([article for article, _ in ready], Article.Status.PUBLISHED, request.user)
        self.message_user(request, f"{moved} article(s) published.")
        if lacking:
            self.message_user(
                request,
                "Not published, as a live story needs a body and a byline: "
                + "; ".join(f"“{article}” lacks {' and '.join(missing)}" for article, missing in lacking) + ".",
                messages.WARNING,
            )

    @admin.action(description="Unpublish selected articles (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        moved = workflow.set_status(queryset.filter(status=Article.Status.PUBLISHED), Article.Status.DRAFT, request.user)
        self.message_user(request, f"{moved} article(s) unpublished.")

    @admin.action(description="Send selected articles in review back to their writers", permissions=["publish"])
    def send_back(self, request, queryset):
        moved = workflow.set_status(queryset.filter(status=Article.Status.REVIEW), Article.Status.DRAFT, request.user)
        self.message_user(request, f"{moved} article(s) sent back to their writers.")

    # Revisions: history with a diff, restore, recover.

    def get_urls(self):
        return [
            path("tags/suggest/", self.admin_site.admin_view(self.tag_suggestions), name="articles_tag_suggest"),
            path("autosave/", self.admin_site.admin_view(partial(autosave.autosave_view, model_admin=self)), name="articles_article_autosave_new"),
            path("<path:object_id>/autosave/", self.admin_site.admin_view(partial(autosave.autosave_view, model_admin=self)), name="articles_article_autosave"),
            path("embeds/check/", self.admin_site.admin_view(partial(body_media_admin.check_embed, self)), name="articles_embed_check"),
            path("<path:object_id>/history/compare/", self.admin_site.admin_view(self.compare_view), name="articles_article_compare"),
            path("<path:object_id>/translate/<str:language>/", self.admin_site.admin_view(self.translate_view), name="articles_article_translate"),
            *super().get_urls(),
        ]

    def tag_suggestions(self, request):
        """Existing tags starting with ?q=, of those the user may know of (never one only a hidden draft carries)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()[:100]
        tags = workflow.visible_tags(request.user, Tag.objects.filter(name__istartswith=query))
        names = list(tags.order_by("name").values_list("name", flat=True)[:10])
        return JsonResponse({"results": names if query else []})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["widget"] = TagAutocompleteWidget(suggest_url=reverse("admin:articles_tag_suggest"))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def history_view(self, request, object_id, extra_context=None):
        # Reversion checks the model permission only; a writer must not read others' histories.
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such article.")
        versions = list(Version.objects.get_for_object(article).select_related("revision__user").order_by("-pk"))
        for version in versions:
            version.restore_url = reverse("admin:articles_article_revision", args=[article.pk, version.pk])
        extra_context = {
            **(extra_context or {}),
            "versions": versions,
            "compare_url": reverse("admin:articles_article_compare", args=[article.pk]),
            "can_restore": self.has_change_permission(request, article),
        }
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, object_id)
        if current is None:
            raise Http404("No such article.")
        # Restoring rewrites the row before the form runs; the version check and “Updated” need it as it was,
        # and keep_desk_state puts back what a restore must not change.
        request.article_before_restore = current
        request.corrections_before_restore = list(current.corrections.all())
        return self.with_tags_of_version(
            request, version_id, lambda: super(ArticleAdmin, self).revision_view(request, object_id, version_id, extra_context)
        )

    @staticmethod
    def keep_desk_state(request):
        """
        Undo, inside the restore's transaction, what reversion's revert changed beyond the content: the
        row gets back every field but RESTORED_FIELDS as it is now (status, publication time, address,
        front page, language...), and the corrections come back as they are now, the ones added since
        included (a revert deletes them). Bylines and tags stay as the version had them.
        """
        before = request.article_before_restore
        kept = {
            field.attname: getattr(before, field.attname)
            for field in Article._meta.concrete_fields
            if field.name not in RESTORED_FIELDS and not field.primary_key
        }
        Article.objects.filter(pk=before.pk).update(**kept)
        Correction.objects.filter(article_id=before.pk).delete()
        Correction.objects.bulk_create(request.corrections_before_restore)

    def recover_view(self, request, version_id, extra_context=None):
        return self.with_tags_of_version(
            request, version_id, lambda: super(ArticleAdmin, self).recover_view(request, version_id, extra_context)
        )

    def with_tags_of_version(self, request, version_id, view):
        """
        Run a restore or recover view after making again the tags the version names that were deleted
        since, so reversion can link them back; they are kept only when the restore is saved.
        """
        version = Version.objects.filter(pk=version_id if str(version_id).isdigit() else 0).first()
        with transaction.atomic():
            names = version_tag_names(version) if version is not None else []
            existing = set(Tag.objects.filter(name__in=names).values_list("name", flat=True))
            for name in names:
                if name not in existing:
                    Tag.objects.create(name=name)
            response = view()
            if not (request.method == "POST" and response.status_code == 302):
                transaction.set_rollback(True)
        return response

    def compare_view(self, request, object_id):
        """
        A readable diff between two saved versions of every field a restore brings back (RESTORED_FIELDS,
        tags and bylines), so nothing a restore would change goes unseen.
        """
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such article.")
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        older = get_object_or_404(versions, pk=request.GET.get("from") or 0)
        newer = get_object_or_404(versions, pk=request.GET.get("to") or 0)
        if older.pk > newer.pk:
            older, newer = newer, older
        fields = [
            (label, word_diff(text_of(body_media.describe(older.field_dict.get(name))), text_of(body_media.describe(newer.field_dict.get(name)))))
            for name, label in [("title", "Headline"), ("standfirst", "Standfirst"), ("body", "Body")]
        ]
        fields.append(("Tags", tag_diff(version_tag_names(older), version_tag_names(newer))))
        fields.append(("Bylines", word_diff("\n".join(version_bylines(older)), "\n".join(version_bylines(newer)))))
        old_photo, new_photo = version_photo(older), version_photo(newer)
        # A photo is replaced whole, never word by word.
        photo = [("equal", old_photo)] if old_photo == new_photo else [("delete", old_photo), ("insert", new_photo)]
        fields.append(("Photo", [(op, text) for op, text in photo if text]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": f"Changes to “{article}”",
            "older": older,
            "newer": newer,
            "fields": fields,
            "older_url": reverse("admin:articles_article_revision", args=[article.pk, older.pk]),
            "newer_url": reverse("admin:articles_article_revision", args=[article.pk, newer.pk]),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)


def short_time(value):
    """A time in the newsroom's zone as the desk's lists show it, or “—”."""
    if value is None:
        return "—"
    local = timezone.localtime(value)
    return format_html("{} <span class='nowrap'>{}</span>", f"{local:%d %b %Y}".lstrip("0"), f"{local:%H:%M}")


def text_of(value):
    """The text of a stored field as a reader reads it, one paragraph (block) per line."""
    blocks = re.split(r"</(?:p|h[1-6]|li|blockquote|figcaption|td|th|pre)\s*>", value or "", flags=re.IGNORECASE)
    return "\n".join(text for text in map(plain_text, blocks) if text)


def word_diff(old, new):
    """[(op, text)] with op in equal/insert/delete, word by word so a changed comma shows where it is."""
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                parts.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                parts.append(("insert", "".join(b[j1:j2])))
    return parts


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_path", "article__title"]
    raw_id_fields = ["article"]


@admin.register(SectionRedirect)
class SectionRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "section", "created_at"]
    list_select_related = ["section"]
    search_fields = ["old_path", "section__path"]
    raw_id_fields = ["section"]
