from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "size": 12, "spellcheck": "false"}),
        help_text="The 6 digits your authenticator app shows now, or one of your recovery codes.",
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())


class NewAppForm(forms.Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}),
    )
    name = forms.CharField(label="Name it", max_length=64, initial="Authenticator app",
                           help_text="So you can tell your devices apart: “Work phone”.")

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit():
            raise forms.ValidationError("The code is the 6 digits the app shows.")
        return code
