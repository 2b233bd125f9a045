from django import forms


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What will use this token, e.g. 'ERP nightly spend feed'.",
    )
