"""REST endpoints of the caller's own e-mail choices (mounted under /api/v1), for our people
and portal users alike."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema

from . import notifications

router = Router(tags=["e-mail notifications"])


class EmailChoiceOut(Schema):
    kind: str
    label: str
    description: str
    wanted: bool


class EmailChoicesIn(Schema):
    wanted: list[str]


def _out(choices: list) -> list[EmailChoiceOut]:  # type: ignore[type-arg]
    return [
        # Labels may be lazy translations (the API speaks English): the schema wants text.
        EmailChoiceOut(kind=k.key, label=str(k.label), description=str(k.description), wanted=w)
        for k, w in choices
    ]


@router.get(
    "/account/notifications",
    response=list[EmailChoiceOut],
    summary="Your e-mail choices",
)
def my_choices(request: HttpRequest) -> list[EmailChoiceOut]:
    """Each kind of e-mail your role may receive, and whether you want it."""
    return _out(notifications.preferences(request.user))


@router.put(
    "/account/notifications",
    response=list[EmailChoiceOut],
    summary="Choose your e-mails",
)
def set_choices(request: HttpRequest, payload: EmailChoicesIn) -> list[EmailChoiceOut]:
    """Keep exactly the kinds listed in `wanted` switched on; the others are switched off.
    An unknown kind is refused (400, field `wanted`)."""
    return _out(notifications.set_preferences(request.user, payload.wanted))


class LanguageOut(Schema):
    language: str
    choices: list[str]


class LanguageIn(Schema):
    language: str


def _language_out(user) -> LanguageOut:  # type: ignore[no-untyped-def]
    return LanguageOut(language=user.language, choices=[code for code, _ in settings.LANGUAGES])


@router.get("/account/language", response=LanguageOut, summary="Your language")
def my_language(request: HttpRequest) -> LanguageOut:
    """The language of your pages (empty: your browser's preference). The API itself always
    answers in English."""
    return _language_out(request.user)


@router.put("/account/language", response=LanguageOut, summary="Choose your language")
def set_language(request: HttpRequest, payload: LanguageIn) -> LanguageOut:
    """One of `choices`, or empty to follow the browser; anything else is refused (400, field
    `language`)."""
    from .forms import LanguageForm

    form = LanguageForm({"language": payload.language}, instance=request.user)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    form.save()
    return _language_out(request.user)
