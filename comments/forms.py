from django import forms

from .models import Comment


class CommentForm(forms.Form):
    """“Leave a Reply”: the reader's name, e-mail, website and comment."""

    name = forms.CharField(label="Name", max_length=100)
    email = forms.EmailField(
        label="Email", max_length=254, help_text="Your email address will not be published."
    )
    url = forms.URLField(label="Website", max_length=300, required=False, assume_scheme="https")
    body = forms.CharField(label="Comment", max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    error_messages = {
        "closed": "Comments are closed on this article.",
        "parent": "The comment you replied to is not available any more.",
    }

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["url"].widget.attrs.update(autocomplete="url")

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Please write a comment.", code="required")
        return body

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.approved().filter(pk=parent_id, article=self.article).first()
        if parent is None:
            raise forms.ValidationError(self.error_messages["parent"], code="parent")
        return parent

    def clean(self):
        cleaned = super().clean()
        if self.article is not None and not self.article.allow_comments:
            raise forms.ValidationError(self.error_messages["closed"], code="closed")
        return cleaned

    def save(self, *, ip_address=None, user_agent=""):
        data = self.cleaned_data
        return Comment.objects.create(
            article=self.article,
            parent=data.get("parent"),
            author_name=data["name"],
            author_email=data["email"],
            author_url=data["url"],
            body=data["body"],
            ip_address=ip_address,
            user_agent=user_agent[:500],
        )
