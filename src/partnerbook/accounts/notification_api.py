"""REST endpoints of the caller's own e-mail choices (mounted under /api/v1), for our people
and portal users alike."""

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
        EmailChoiceOut(kind=k.key, label=k.label, description=k.description, wanted=w)
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
