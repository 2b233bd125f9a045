from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from partnerbook.suppliers.models import Category

from .models import INTERNAL_ROLES, MAX_OFFER, User
from .oidc import enabled, provider_name


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with the switches for passwords: PARTNERBOOK_LOCAL_LOGIN for our
    own people, PARTNERBOOK_PORTAL_PASSWORDS for suppliers' portal users. The switch is checked
    after the password, so the refusal tells nothing to someone who does not know it."""

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        internal = user.role in INTERNAL_ROLES
        allowed = (
            settings.PARTNERBOOK_LOCAL_LOGIN
            if internal
            else (settings.PARTNERBOOK_PORTAL_PASSWORDS)
        )
        if allowed:
            return
        if enabled():
            message = gettext(
                "Passwords are switched off for your account: sign in with %(provider)s."
            ) % {"provider": provider_name()}
        else:
            message = gettext("Passwords are switched off for your account. Ask an administrator.")
        raise forms.ValidationError(message, code="password_sign_in_off")


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label=_("Name"),
        help_text=_("What will use this token, e.g. 'ERP nightly spend feed'."),
    )


class InvitationAcceptForm(forms.Form):
    """What an invited supplier contact chooses: a user name and a password, typed twice."""

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("What you will type to sign in. Letters, digits and @ . + - _ only."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters, and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error(
                "password2", gettext("The two passwords differ; type the same one twice.")
            )
        return data


class RegistrationForm(forms.Form):
    """What a company fills in to be considered as a supplier. There is deliberately no
    field for a role or an existing supplier: nothing posted can choose one."""

    company_name = forms.CharField(label=_("Company name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=[])
    category = forms.ModelChoiceField(
        label=_("What you supply"),
        queryset=Category.objects.order_by("name"),
        required=False,
        empty_label=_("Not sure / something else"),
    )
    website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https"
    )
    offer = forms.CharField(
        label=_("What you offer"),
        max_length=MAX_OFFER,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Your products or services, who you work for today, what makes you good at it."
        ),
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_(
            "What you will type to sign in once we have approved your registration. "
            "Letters, digits and @ . + - _ only."
        ),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters, and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    # A field people never see; automated sign-ups tend to fill in every field they find.
    nickname = forms.CharField(required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [("", gettext("Choose a country"))]
        choices += [(str(code), str(name)) for code, name in countries]
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)  # noqa: S101 - declared above
        country.choices = choices

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error(
                "password2", gettext("The two passwords differ; type the same one twice.")
            )
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("nickname"))


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator app (or, when signing in, a recovery code)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class TwoFactorIdentityForm(forms.Form):
    """Proof that the person at the keyboard is the account's owner: a current code or the
    password. Asked before two-factor sign-in is turned off or its recovery codes replaced."""

    code = forms.CharField(label=_("Code from your app, or a recovery code"), max_length=32,
                           required=False, widget=forms.TextInput(
                               attrs={"autocomplete": "one-time-code"}))  # fmt: skip
    password = forms.CharField(
        label=_("or your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("code") and not data.get("password"):
            self.add_error(
                "code", gettext("Type a current code, a recovery code or your password.")
            )
        return data


class LanguageForm(forms.ModelForm):
    """The language of one person's pages (empty: follow the browser)."""

    class Meta:
        model = User
        fields = ["language"]
        labels = {"language": _("Language")}
