import time

from django import forms
from django.core import signing
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from newsroom.text import clean_text

from .models import Comment, ModerationRules

ISSUED_SALT = "comments.form-issued"
# A timing token older than this is not trusted: bots could otherwise harvest one and reuse it.
ISSUED_MAX_AGE = 24 * 3600


def issue_token(now=None):
    """A signed “the reader started on the form at” time; comments.js fetches one (see views.form_token)."""
    return signing.dumps(now if now is not None else time.time(), salt=ISSUED_SALT)


def token_age(token, now=None):
    """Seconds since `token` was issued, or None when it is missing, forged or too old."""
    try:
        issued = float(signing.loads(token, salt=ISSUED_SALT, max_age=ISSUED_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    age = (now if now is not None else time.time()) - issued
    return age if age <= ISSUED_MAX_AGE else None


# Django's own words, in this site's catalogue so that they read well in each of its languages.
REQUIRED = {"required": _("This field is required.")}


class RememberingRenderer(DjangoTemplates):
    """
    Django's form renderer, remembering what each widget rendered to. The comment form is on every
    article page, and its eight widget templates cost more than twenty comments: their output
    depends only on the template, its context (name, value, attributes) and the language, so the
    same field renders the same markup from memory. Bounded: the oldest entry goes first.
    """

    def render(self, template_name, context, request=None):
        key = (template_name, translation.get_language(), repr(context))
        if " at 0x" in key[2]:
            # An object shown by its address says nothing of its content: rendered as Django would.
            return super().render(template_name, context, request)
        return self._remembered(key, template_name, context, request)

    def _remembered(self, key, template_name, context, request):
        html = self._memory.get(key)
        if html is None:
            html = super().render(template_name, context, request)
            if len(self._memory) >= 512:
                self._memory.pop(next(iter(self._memory)))
            self._memory[key] = html
        return html

    _memory = {}


class CommentForm(forms.Form):
    """“Leave a Reply”: the reader's name, e-mail, website and comment."""

    default_renderer = RememberingRenderer()

    name = forms.CharField(label=_("Name"), max_length=100, error_messages=REQUIRED)
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Your email address will not be published."),
        error_messages={**REQUIRED, "invalid": _("Enter a valid email address.")},
    )
    url = forms.URLField(label=_("Website"), max_length=300, required=False, assume_scheme="https")
    body = forms.CharField(
        label=_("Comment"),
        max_length=5000,
        error_messages={"required": _("Please write a comment.")},
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people (CSS and aria-hidden), irresistible to form-filling bots.
    homepage = forms.CharField(label=_("Leave this field empty"), required=False, max_length=300)
    issued = forms.CharField(required=False, widget=forms.HiddenInput)
    remember = forms.BooleanField(
        label=_("Save my name, email, and website in this browser for the next time I comment."), required=False
    )
    notify = forms.BooleanField(label=_("Notify me of new replies by email."), required=False)

    error_messages = {
        "closed": _("Comments are closed on this article."),
        "parent": _("The comment you replied to is not available any more."),
        "depth": _("Replies cannot be nested any deeper here; reply to an earlier comment in the thread instead."),
        "duplicate": _("You have already posted this comment on this article; it was not sent twice."),
    }

    def __init__(self, *args, article=None, rules=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.rules = rules or ModerationRules.load()
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["url"].widget.attrs.update(autocomplete="url")
        self.fields["homepage"].widget.attrs.update(autocomplete="off", tabindex="-1")

    @property
    def visible_fields_main(self):
        return [self[name] for name in ("name", "email", "url", "body")]

    def clean_name(self):
        return " ".join(clean_text(self.cleaned_data["name"]).split())

    def clean_email(self):
        # Stored lower-case so that “the same commenter” is one indexed equality everywhere.
        return self.cleaned_data["email"].strip().lower()

    def clean_body(self):
        body = clean_text(self.cleaned_data["body"]).strip()
        if not body:
            raise forms.ValidationError(_("Please write a comment."), code="required")
        return body

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.approved().filter(pk=parent_id, article=self.article).first()
        if parent is None:
            raise forms.ValidationError(self.error_messages["parent"], code="parent")
        if not self.rules.reply_allowed(parent.depth()):
            raise forms.ValidationError(self.error_messages["depth"], code="depth")
        return parent

    def clean(self):
        cleaned = super().clean()
        if self.article is not None and not self.rules.comments_open(self.article):
            raise forms.ValidationError(self.error_messages["closed"], code="closed")
        if cleaned.get("email") and cleaned.get("body") and self.is_duplicate(cleaned["email"], cleaned["body"]):
            raise forms.ValidationError(self.error_messages["duplicate"], code="duplicate")
        return cleaned

    def is_duplicate(self, email, body):
        fingerprint = Comment.make_fingerprint(email, body)
        return Comment.objects.filter(article=self.article, fingerprint=fingerprint).exists()

    def bot_signal(self, now=None):
        """Why this post looks like a bot's (honeypot, timing), or "" when it does not."""
        if self.cleaned_data.get("homepage"):
            return "honeypot field filled in"
        age = token_age(self.cleaned_data.get("issued"), now)
        if age is None:
            return "sent without a valid form timing token"
        if age < self.rules.min_seconds:
            return f"sent {max(age, 0):.1f} s after the form was opened (minimum {self.rules.min_seconds} s)"
        return ""

    def issued_token(self):
        """For a form shown again to one reader: keep their valid timing token, else start a new one."""
        posted = self.data.get("issued") if self.is_bound else None
        return posted if posted and token_age(posted) is not None else issue_token()

    def build(self, *, ip_address=None, user_agent=""):
        """The unsaved comment; the caller decides its status with the rules."""
        data = self.cleaned_data
        return Comment(
            article=self.article,
            parent=data.get("parent"),
            author_name=data["name"],
            author_email=data["email"],
            author_url=data["url"],
            body=data["body"],
            notify_replies=data.get("notify", False),
            ip_address=ip_address,
            user_agent=user_agent[:500],
        )

    def save(self, *, ip_address=None, user_agent=""):
        comment = self.build(ip_address=ip_address, user_agent=user_agent)
        comment.save()
        return comment
