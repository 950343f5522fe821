from django import forms
from django.contrib.auth import get_user_model

from newsroom.text import clean_text


class AddWriterForm(forms.Form):
    """A new writer in one step: their login (in the Writer group) and their author profile."""

    name = forms.CharField(max_length=150, help_text="As it will appear in bylines: “Kevin Zhang”.")
    email = forms.EmailField(help_text="The invitation to choose a password goes here; it is also their sign-in address.")
    title = forms.CharField(label="Job title", max_length=200, required=False, help_text="Shown under the name, e.g. “Staff writer”.")

    def clean_name(self):
        return " ".join(clean_text(self.cleaned_data["name"]).split())

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("A login with this address exists already: link it to an author profile instead.")
        return email
