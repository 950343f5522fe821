import ipaddress
import json
from datetime import timedelta
from urllib.parse import urlsplit

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, linebreaks
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe

from . import notifications
from .counts import forget_status_counts, pending_count, status_counts
from .models import Ban, Comment, ModerationRules

Author = Comment._meta.get_field("author_profile").related_model



class EstimatedCountPaginator(Paginator):
    """
    Counting a million comments on every page load is what makes a big queue slow. Count at most
    `exact_up_to` rows (a bounded, index-only count, exact for any normal queue); past that, on
    PostgreSQL, take the planner's estimate (EXPLAIN) instead of COUNT(*) over the whole table.
    """

    exact_up_to = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        if not hasattr(queryset, "query"):
            return super().count
        bounded = queryset.order_by().values("pk")[: self.exact_up_to + 1].count()
        connection = connections[queryset.db]
        if bounded <= self.exact_up_to or connection.vendor != "postgresql":
            return bounded if bounded <= self.exact_up_to else super().count
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return max(int(plan[0]["Plan"]["Plan Rows"]), bounded)


class BanForm(forms.Form):
    DURATIONS = [("1", "1 day"), ("7", "7 days"), ("30", "30 days"), ("365", "1 year"), ("", "For good")]

    by_email = forms.BooleanField(label="Ban their e-mail addresses", required=False, initial=True)
    by_ip = forms.BooleanField(label="Ban their IP addresses", required=False)
    duration = forms.ChoiceField(choices=DURATIONS, initial="30", required=False)
    reason = forms.CharField(max_length=300, help_text="For the other moderators: why.")
    spam_pending = forms.BooleanField(
        label="Also send their comments still awaiting moderation to spam", required=False, initial=True
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("by_email") and not cleaned.get("by_ip"):
            raise forms.ValidationError("Ban by e-mail, by IP address, or both.")
        return cleaned


class ReplyForm(forms.Form):
    body = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 8, "cols": 80}), max_length=5000)


class FirstReplyForm(ReplyForm):
    """For a staff member without an author profile: the name readers see, kept as their new profile."""

    name = forms.CharField(
        label="Reply as",
        max_length=150,
        help_text="Your name as readers will see it. An author profile under this name is made and linked to "
        "your login, so your next replies go out the same way; an editor can add a photo or job title to it.",
    )
    field_order = ["name", "body"]

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["commenter", "comment_text", "article_link", "status", "approved_before", "created_at"]
    list_display_links = None
    list_filter = ["status"]
    list_select_related = ["article__section"]
    list_per_page = 50
    # A million comments: no COUNT(*) of the whole table on each page load (see EstimatedCountPaginator).
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = EstimatedCountPaginator
    search_fields = ["=author_email", "=ip_address", "author_name", "body"]
    raw_id_fields = ["article", "parent"]
    readonly_fields = [
        "article", "parent", "author_profile", "moderation_reason", "ip_address", "user_agent",
        "created_at", "moderated_at",
    ]
    fields = [
        "article", "parent", "author_name", "author_email", "author_url", "author_profile", "body", "status",
        "moderation_reason", "notify_replies", "ip_address", "user_agent", "created_at", "moderated_at",
    ]
    actions = ["approve", "unapprove", "mark_spam", "move_to_trash", "restore", "delete_permanently", "ban_commenters"]
    change_list_template = "admin/comments/comment/change_list.html"

    ROW_ACTIONS = {
        Comment.Status.PENDING: ["approve", "spam", "trash"],
        Comment.Status.APPROVED: ["unapprove", "spam", "trash"],
        Comment.Status.SPAM: ["restore", "trash"],
        Comment.Status.TRASH: ["restore", "delete"],
    }
    ACTION_LABELS = {
        "approve": "Approve", "unapprove": "Unapprove", "spam": "Spam", "trash": "Trash",
        "restore": "Restore", "delete": "Delete permanently",
    }

    def get_queryset(self, request):
        return super().get_queryset(request).with_approved_before()

    def get_search_results(self, request, queryset, search_term):
        # An e-mail or an IP address is looked up exactly (an index serves it), not in every text.
        term = search_term.strip()
        if "@" in term and " " not in term:
            return queryset.filter(author_email=term.lower()), False
        try:
            ipaddress.ip_address(term)
        except ValueError:
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(ip_address=term), False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_ordering(self, request):
        # The unfiltered queue: pending first, newest first (an index serves it). One status: newest first.
        if "status__exact" in request.GET:
            return ["-created_at", "-pk"]
        return ["queue_order", "-created_at", "-pk"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        # Only what is already in the trash can be deleted for good.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status == Comment.Status.TRASH)

    # Columns

    @admin.display(description="commenter")
    def commenter(self, obj):
        website = ""
        if obj.author_url:
            website = format_html('<br><a href="{0}" rel="nofollow noopener">{0}</a>', obj.author_url)
        return format_html(
            '<strong>{}</strong><br><a href="mailto:{}">{}</a>{}<br><span class="quiet">{}</span>',
            obj.author_name,
            obj.author_email,
            obj.author_email or "(no e-mail)",
            website,
            # No address: never recorded (imported, demo) or erased after the retention period.
            f"IP {obj.ip_address}" if obj.ip_address else "no IP address kept",
        )

    @admin.display(description="comment")
    def comment_text(self, obj):
        reason = ""
        if obj.moderation_reason and obj.status in (Comment.Status.PENDING, Comment.Status.SPAM):
            label = "Held" if obj.status == Comment.Status.PENDING else "Spam"
            reason = format_html('<p class="why-held"><strong>{}:</strong> {}</p>', label, obj.moderation_reason)
        reply_to = (
            format_html('<p class="quiet">In reply to comment #{}</p>', obj.parent_id) if obj.parent_id else ""
        )
        buttons = format_html(
            "".join(
                '<button type="submit" class="button" formmethod="post" formaction="{}">{}</button> '
                for _ in self.ROW_ACTIONS[obj.status]
            ),
            *[
                part
                for action in self.ROW_ACTIONS[obj.status]
                for part in (
                    reverse("admin:comments_comment_moderate", args=[obj.pk, action]),
                    self.ACTION_LABELS[action],
                )
            ],
        )
        links = format_html(
            '<a href="{}">Reply</a> · <a href="{}">Edit</a>',
            reverse("admin:comments_comment_reply", args=[obj.pk]),
            reverse("admin:comments_comment_change", args=[obj.pk]),
        )
        return format_html(
            '{}{}<div class="comment-full-text">{}</div><div class="row-actions">{} {}</div>',
            reason,
            reply_to,
            mark_safe(linebreaks(obj.body, autoescape=True)),  # the text is escaped by linebreaks itself
            buttons,
            links,
        )

    @admin.display(description="article")
    def article_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.article.title)

    @admin.display(description="approved before", ordering="approved_before")
    def approved_before(self, obj):
        return obj.approved_before

    # Status changes: the bulk actions and the one-click row buttons share these.

    def _changed(self, request, pks, status):
        forget_status_counts()
        if status == Comment.Status.APPROVED:
            base_url = request.build_absolute_uri("/")
            for reply in Comment.objects.filter(pk__in=pks, parent__isnull=False).select_related("parent"):
                notifications.reply_approved(reply, base_url)

    def _apply(self, request, queryset, status):
        pks = list(queryset.values_list("pk", flat=True))
        count = Comment.objects.filter(pk__in=pks).set_status(status)
        self._changed(request, pks, status)
        return count

    @admin.action(description="Approve", permissions=["change"])
    def approve(self, request, queryset):
        count = self._apply(request, queryset, Comment.Status.APPROVED)
        self.message_user(request, f"{count} comment(s) approved.", messages.SUCCESS)

    @admin.action(description="Unapprove (back to pending)", permissions=["change"])
    def unapprove(self, request, queryset):
        count = self._apply(request, queryset, Comment.Status.PENDING)
        self.message_user(request, f"{count} comment(s) moved back to pending.", messages.SUCCESS)

    @admin.action(description="Mark as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        count = self._apply(request, queryset, Comment.Status.SPAM)
        self.message_user(request, f"{count} comment(s) marked as spam.", messages.SUCCESS)

    @admin.action(description="Move to the trash", permissions=["change"])
    def move_to_trash(self, request, queryset):
        count = self._apply(request, queryset, Comment.Status.TRASH)
        self.message_user(request, f"{count} comment(s) moved to the trash.", messages.SUCCESS)

    @admin.action(description="Restore from spam or trash", permissions=["change"])
    def restore(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        count = Comment.objects.filter(pk__in=pks).restore()
        self._changed(request, list(Comment.objects.approved().filter(pk__in=pks).values_list("pk", flat=True)),
                      Comment.Status.APPROVED)
        self.message_user(request, f"{count} comment(s) restored.", messages.SUCCESS)

    @admin.action(description="Delete permanently (trash only)", permissions=["delete"])
    def delete_permanently(self, request, queryset):
        trash = Comment.objects.filter(pk__in=queryset.values("pk"), status=Comment.Status.TRASH)
        skipped = queryset.exclude(status=Comment.Status.TRASH).count()
        count, _ = trash.delete()
        forget_status_counts()
        self.message_user(request, f"{count} comment(s) deleted permanently.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped} comment(s) not deleted: move them to the trash first.", messages.WARNING
            )

    def has_ban_permission(self, request):
        return request.user.has_perm("comments.add_ban")

    @admin.action(description="Ban the commenters…", permissions=["ban"])
    def ban_commenters(self, request, queryset):
        targets = list(queryset.order_by().values("author_email", "ip_address").distinct())
        form = BanForm(request.POST if "apply_ban" in request.POST else None)
        if form.is_valid():
            data = form.cleaned_data
            expires = timezone.now() + timedelta(days=int(data["duration"])) if data["duration"] else None
            bans = []
            emails = {t["author_email"] for t in targets if t["author_email"]} if data["by_email"] else set()
            ips = {t["ip_address"] for t in targets if t["ip_address"]} if data["by_ip"] else set()
            for email in sorted(emails):
                bans.append(Ban(email=email, reason=data["reason"], expires_at=expires, created_by=request.user))
            for ip in sorted(ips):
                bans.append(Ban(ip_address=ip, reason=data["reason"], expires_at=expires, created_by=request.user))
            for ban in bans:
                ban.save()
            spammed = 0
            if data["spam_pending"] and (emails or ips):
                held = Comment.objects.pending().filter(Q(author_email__in=emails) | Q(ip_address__in=ips))
                spammed = held.set_status(Comment.Status.SPAM)
                forget_status_counts()
            self.message_user(
                request, f"{len(bans)} ban(s) created; {spammed} held comment(s) sent to spam.", messages.SUCCESS
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Ban commenters",
            "form": form,
            "targets": targets,
            "queryset": queryset,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/comments/comment/ban.html", context)

    # The queue page, one-click moderation, replies and personal data.

    def changelist_view(self, request, extra_context=None):
        counts = status_counts()
        base = reverse("admin:comments_comment_changelist")
        extra_context = {
            **(extra_context or {}),
            "status_tabs": [
                (label, counts[value], f"{base}?status__exact={value}", request.GET.get("status__exact") == value)
                for value, label in Comment.Status.choices
            ],
            "all_url": base,
            "showing_all": "status__exact" not in request.GET,
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        own = [
            path("pending-count/", wrap(self.pending_count_view), name="comments_comment_pending_count"),
            path("personal-data/", wrap(self.personal_data_view), name="comments_comment_personal_data"),
            path("<int:pk>/moderate/<str:action>/", wrap(self.moderate_view), name="comments_comment_moderate"),
            path("<int:pk>/reply/", wrap(self.reply_view), name="comments_comment_reply"),
        ]
        return own + super().get_urls()

    def pending_count_view(self, request):
        """The count behind the badge on every admin page (fetched by the page, so it adds no query to it)."""
        if not self.has_view_permission(request):
            raise Http404
        count = pending_count()
        queue = reverse("admin:comments_comment_changelist") + "?status__exact=pending"
        response = JsonResponse({"pending": count, "url": queue})
        response["Cache-Control"] = "private, no-store"
        return response

    def moderate_view(self, request, pk, action):
        """One click from a queue row (POST), or from a moderator's e-mail (GET: a page to confirm)."""
        if action not in self.ACTION_LABELS:
            raise Http404
        comment = get_object_or_404(Comment.objects.select_related("article__section"), pk=pk)
        if action == "delete":
            needed = self.has_delete_permission(request, comment)
        else:
            needed = self.has_change_permission(request, comment)
        if not needed:
            if action == "delete":
                self.message_user(request, "Only comments in the trash can be deleted permanently.", messages.ERROR)
                return redirect(_back(request))
            raise Http404
        if request.method != "POST":
            context = {
                **self.admin_site.each_context(request),
                "title": f"{self.ACTION_LABELS[action]} this comment?",
                "comment": comment,
                "action_label": self.ACTION_LABELS[action],
                "opts": self.model._meta,
            }
            return TemplateResponse(request, "admin/comments/comment/moderate.html", context)
        if action == "delete":
            comment.delete()
            forget_status_counts()
            self.message_user(request, "The comment was deleted permanently.", messages.SUCCESS)
        elif action == "restore":
            Comment.objects.filter(pk=pk).restore()
            approved = list(Comment.objects.approved().filter(pk=pk).values_list("pk", flat=True))
            self._changed(request, approved, Comment.Status.APPROVED)
            self.message_user(request, f"Comment by {comment.author_name} restored.", messages.SUCCESS)
        else:
            status = {
                "approve": Comment.Status.APPROVED, "unapprove": Comment.Status.PENDING,
                "spam": Comment.Status.SPAM, "trash": Comment.Status.TRASH,
            }[action]
            Comment.objects.filter(pk=pk).set_status(status)
            self._changed(request, [pk], status)
            self.message_user(
                request, f"Comment by {comment.author_name}: {Comment.Status(status).label.lower()}.", messages.SUCCESS
            )
        return redirect(_back(request))

    def reply_view(self, request, pk):
        """A reply from the moderator's author profile, approved at once and threaded under the comment."""
        parent = get_object_or_404(Comment.objects.select_related("article__section"), pk=pk)
        if not self.has_change_permission(request, parent):
            raise Http404
        profile = getattr(request.user, "author", None)
        if profile is None:
            # A moderator (or anyone) without a profile answers under their own name; readers are
            # answered by a named person of the newsroom, and no superuser has to set it up first.
            user = request.user
            form = FirstReplyForm(request.POST or None, initial={"name": user.get_full_name() or user.get_username()})
        else:
            form = ReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                if profile is None:
                    profile = Author.for_staff_member(request.user, form.cleaned_data["name"])
                reply = Comment.objects.create(
                    article=parent.article,
                    parent=parent,
                    author_name=profile.name,
                    author_email=(profile.email or request.user.email or "").lower(),
                    author_url="",
                    author_profile=profile,
                    body=form.cleaned_data["body"],
                    status=Comment.Status.APPROVED,
                    moderated_at=timezone.now(),
                    ip_address=None,
                )
                approved_parent = parent.status == Comment.Status.PENDING
                if approved_parent:
                    # Answering a held comment publishes it: the reply would make no sense alone.
                    Comment.objects.filter(pk=parent.pk).set_status(Comment.Status.APPROVED)
                forget_status_counts()
                base_url = request.build_absolute_uri("/")
                notifications.reply_approved(reply, base_url)
                if approved_parent:
                    self._changed(request, [parent.pk], Comment.Status.APPROVED)
            note = " The comment you answered is approved too." if approved_parent else ""
            self.message_user(request, f"Your reply is published.{note}", messages.SUCCESS)
            return redirect(reverse("admin:comments_comment_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Reply to {parent.author_name}",
            "comment": parent,
            "form": form,
            "profile": profile,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/comments/comment/reply.html", context)

    def personal_data_view(self, request):
        """Export or erase everything a commenter's e-mail address has left in comments (the text stays)."""
        if not self.has_change_permission(request):
            raise Http404
        email = (request.POST.get("email") or request.GET.get("email") or "").strip().lower()
        comments = None
        if email:
            comments = Comment.objects.by_email(email).select_related("article__section").order_by("created_at")
        if email and request.GET.get("export"):
            rows = [
                {
                    "id": c.pk, "article": c.article.title, "url": c.get_absolute_url(), "name": c.author_name,
                    "email": c.author_email, "website": c.author_url, "ip_address": c.ip_address,
                    "user_agent": c.user_agent, "created_at": c.created_at.isoformat(), "status": c.status,
                    "text": c.body,
                }
                for c in comments
            ]
            response = HttpResponse(json.dumps({"email": email, "comments": rows}, indent=2, ensure_ascii=False),
                                    content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="comments-{email}.json"'
            return response
        if email and request.method == "POST" and request.POST.get("erase"):
            count = Comment.objects.by_email(email).erase_personal_data()
            self.message_user(request, f"Personal data erased from {count} comment(s) by {email}.", messages.SUCCESS)
            return redirect(reverse("admin:comments_comment_personal_data"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Commenters' personal data",
            "email": email,
            "comments": comments,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/comments/comment/personal_data.html", context)

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            obj.moderated_at = timezone.now()
        super().save_model(request, obj, form, change)
        forget_status_counts()
        if obj.status == Comment.Status.APPROVED:
            notifications.reply_approved(obj, request.build_absolute_uri("/"))


def _back(request):
    """Back to the queue the moderator came from (same filters), else the queue."""
    referer = request.META.get("HTTP_REFERER", "")
    changelist = reverse("admin:comments_comment_changelist")
    came_from = urlsplit(referer)
    if (
        url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=request.is_secure())
        and came_from.path == changelist
    ):
        return changelist + (f"?{came_from.query}" if came_from.query else "")
    return changelist + "?status__exact=pending"


@admin.register(ModerationRules)
class ModerationRulesAdmin(admin.ModelAdmin):
    fieldsets = [
        ("Who is held", {"fields": ["hold_all", "approve_known_commenters", "max_links", "hold_words", "spam_words"]}),
        ("Bots and floods", {"fields": ["min_seconds", "posts_per_minute", "posts_per_hour", "hold_after_per_hour"]}),
        ("Threads and pages", {"fields": ["close_after_days", "max_depth", "per_page"]}),
        ("E-mail and privacy", {"fields": ["notify_every_minutes", "erase_ip_after_days"]}),
    ]

    def has_add_permission(self, request):
        # The row comes with the migration (and changelist_view makes it if it went missing).
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One set of rules: the list is just the way to its form.
        rules, _ = ModerationRules.objects.get_or_create(pk=1)
        return HttpResponseRedirect(reverse("admin:comments_moderationrules_change", args=[rules.pk]))


class BanStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("expired", "Expired"), ("lifted", "Lifted")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "active":
            return queryset.active(now)
        if self.value() == "expired":
            return queryset.filter(lifted_at__isnull=True, expires_at__lte=now)
        if self.value() == "lifted":
            return queryset.filter(lifted_at__isnull=False)
        return queryset


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = [
        "__str__", "email", "ip_address", "reason", "created_at", "created_by", "expires_at", "state", "lifted_at",
        "lifted_by",
    ]
    list_display_links = ["__str__"]
    list_filter = [BanStateFilter]
    list_select_related = ["created_by", "lifted_by"]
    search_fields = ["=email", "=ip_address", "reason"]
    fields = ["email", "ip_address", "reason", "expires_at", "created_at", "created_by", "lifted_at", "lifted_by"]
    readonly_fields = ["created_at", "created_by", "lifted_at", "lifted_by"]
    actions = ["lift"]

    @admin.display(description="state")
    def state(self, obj):
        if obj.lifted_at:
            return "Lifted"
        return "Active" if obj.is_active else "Expired"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        # Bans are lifted, not deleted: the history shows who was kept out, when and why.
        return False

    @admin.action(description="Lift the selected bans", permissions=["change"])
    def lift(self, request, queryset):
        count = queryset.filter(lifted_at__isnull=True).update(lifted_at=timezone.now(), lifted_by=request.user)
        self.message_user(request, f"{count} ban(s) lifted.", messages.SUCCESS)
