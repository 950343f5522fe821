"""Admin forms for the editorial desk: the article form with its workflow buttons and version check, and photo uploads."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from reversion.models import Version

from newsroom import images

from . import workflow
from .models import Article, Byline, Photo

# The buttons under the article form, by the name they post.
ACTIONS = {
    "_submit_review": "Submit for review",
    "_publish": "Publish now",
    "_schedule": "Schedule",
    "_unpublish": "Unpublish",
    "_send_back": "Send back to writer",
}
EDITOR_ACTIONS = {"_publish", "_schedule", "_unpublish", "_send_back"}


PUBLISH_NEEDS_BODY = "Not published: a story needs its text before it goes live. Write the body, then publish; nothing else was saved yet and what you typed is still here."
PUBLISH_NEEDS_BYLINE = "Not published: a story needs a byline before it goes live. Add its author here (with an empty role, for the “By …” line), then publish again."


class BylineFormSet(forms.BaseInlineFormSet):
    """The bylines of the article form; a story that is to go public must credit someone with “By …”."""

    def clean(self):
        super().clean()
        article = self.instance
        if article.status != Article.Status.PUBLISHED:
            return
        if any(
            form.cleaned_data.get("author") and not form.cleaned_data.get("DELETE") and not form.cleaned_data.get("role")
            for form in self.forms
        ):
            return
        if article.pk:
            saved = Byline.objects.filter(article_id=article.pk, role="")
            if saved.exclude(pk__in=[form.instance.pk for form in self.initial_forms]).exists():
                return  # someone added a byline since this form was opened: it stays
            if not saved.exists() and Article.objects.filter(pk=article.pk, status=Article.Status.PUBLISHED).exists():
                return  # live without a byline since before this rule (an import): it can still be corrected
        raise ValidationError(PUBLISH_NEEDS_BYLINE, code="byline")


class ArticleAdminForm(forms.ModelForm):
    # Set per request by ArticleAdmin.get_form: the rules depend on who is editing.
    request = None

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite = forms.BooleanField(
        required=False, label="Save my version anyway, replacing the other changes"
    )
    desk_note = forms.CharField(
        label="Note to the writer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Sent with “Send back to writer” and kept in the article's desk notes.",
    )

    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if "language" in self.fields:
            self.fields["language"] = forms.ChoiceField(
                choices=settings.LANGUAGES,
                required=False,
                initial=self.instance.language or settings.LANGUAGE_CODE,
                help_text=Article._meta.get_field("language").help_text,
            )
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text += " Leave empty to make one from the headline."
        before_restore = getattr(self.request, "article_before_restore", None)
        self.fields["loaded_version"].initial = (
            before_restore.version if before_restore is not None else self.instance.version
        )
        status = self.fields.get("status")
        if status is not None and self.request is not None and not workflow.can_publish(self.request.user):
            status.choices = [c for c in status.choices if c[0] != Article.Status.PUBLISHED]
            status.help_text = "Writers save drafts and submit them for review; an editor publishes."

    def clean_language(self):
        # A form posted without it (an older page, a script) keeps the article's language.
        return self.cleaned_data.get("language") or self.instance.language or settings.LANGUAGE_CODE

    @property
    def action(self):
        return next((name for name in ACTIONS if name in self.data), None)

    def clean(self):
        cleaned = super().clean()
        user = self.request.user
        action = self.action
        if action in EDITOR_ACTIONS and not workflow.can_publish(user):
            raise ValidationError(f"Only an editor can “{ACTIONS[action]}”.", code="permission")
        status = cleaned.get("status", self.instance.status)
        now = timezone.now()
        if action == "_submit_review":
            status = Article.Status.REVIEW
        elif action == "_publish":
            status = Article.Status.PUBLISHED
            if not self.instance.is_published:
                cleaned["published_at"] = now
        elif action == "_schedule":
            when = cleaned.get("published_at")
            if not when or when <= now:
                self.add_error("published_at", "Pick a time in the future to schedule the article for.")
            status = Article.Status.PUBLISHED
        elif action in ("_unpublish", "_send_back"):
            status = Article.Status.DRAFT
        if "status" in self.fields:
            cleaned["status"] = status
        if status == Article.Status.PUBLISHED and not workflow.can_publish(user):
            raise ValidationError("Only an editor can publish an article. Submit it for review instead.", code="permission")
        if status == Article.Status.PUBLISHED and "body" in self.fields and not Article.has_story(cleaned.get("body")):
            self.add_error("body", PUBLISH_NEEDS_BODY)
        if not cleaned.get("slug") and cleaned.get("title") and "slug" in self.fields:
            self.instance.title = cleaned["title"]
            if cleaned.get("section"):
                self.instance.section = cleaned["section"]
            cleaned["slug"] = self.instance.unique_slug()
        self.check_version(cleaned)
        return cleaned

    def check_version(self, cleaned):
        """Refuse a save based on a copy of the article that someone else has saved over since."""
        if self.instance.pk is None or self.instance._state.adding:
            return
        before_restore = getattr(self.request, "article_before_restore", None)
        if before_restore is not None:
            current = before_restore.version
        else:
            # Locked until the admin's transaction ends, so no other save slips in between check and write.
            current = (
                Article.objects.select_for_update().filter(pk=self.instance.pk).values_list("version", flat=True).first()
            )
        loaded = cleaned.get("loaded_version")
        if loaded == current or current is None or cleaned.get("overwrite"):
            return
        latest = (
            Version.objects.get_for_object_reference(Article, self.instance.pk)
            .select_related("revision__user")
            .order_by("-pk")
            .first()
        )
        who, when = "Someone", None
        if latest is not None:
            who = (latest.revision.user.get_full_name() or latest.revision.user.get_username()) if latest.revision.user else who
            when = latest.revision.date_created
        self.conflict = {"who": who, "when": when, "current_version": current}
        when_text = f" at {timezone.localtime(when):%H:%M on %b %d}" if when else ""
        raise ValidationError(
            f"{who} saved this article{when_text}, after you opened it. Nothing was saved: your changes are "
            "still in the form below. Open the article in a new tab to see theirs, then save again with "
            "“Save my version anyway” ticked to replace them, or copy your changes over.",
            code="stale",
        )


class PhotoAdminForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The library keeps GIFs from imports; editors upload JPEG, PNG or WebP.
        if "image" in self.fields:
            self.fields["image"].formats = images.UPLOAD_FORMATS
