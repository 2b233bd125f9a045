"""E-mail notifications: the one way any app e-mails people, respecting what each person
chose to receive.

An app registers its kinds of e-mail (`core.registry.EmailKind`) in `AppConfig.ready()` and
calls `notify(kind, recipients, subject, body)`; people switch kinds off on their
notification settings page (or the API). Mail leaves after the surrounding transaction
commits, so a rolled-back write never e-mails anyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

from partnerbook.core import registry

from .models import INTERNAL_ROLES, EmailOptOut, Role, User


def audience_of(user: Any) -> str:
    return "portal" if getattr(user, "role", None) == Role.SUPPLIER_CONTACT else "internal"


def kinds_for(user: Any) -> list[registry.EmailKind]:
    """The kinds of e-mail `user` may receive, in display order."""
    audience = audience_of(user)
    return [k for k in registry.email_kinds() if k.audience in (audience, "all")]


def preferences(user: Any) -> list[tuple[registry.EmailKind, bool]]:
    """Each kind `user` may receive, with whether they want it (one query)."""
    off = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return [(kind, kind.key not in off) for kind in kinds_for(user)]


def set_preferences(user: Any, wanted: Iterable[str]) -> list[tuple[registry.EmailKind, bool]]:
    """Keep exactly the kinds in `wanted` switched on for `user`; unknown keys are refused."""
    from django.core.exceptions import ValidationError

    allowed = {kind.key for kind in kinds_for(user)}
    wanted = set(wanted)
    unknown = sorted(wanted - allowed)
    if unknown:
        raise ValidationError({"wanted": f"Unknown kind of e-mail: {', '.join(unknown)}."})
    with transaction.atomic():
        EmailOptOut.objects.filter(user=user).exclude(kind__in=allowed - wanted).delete()
        existing = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
        EmailOptOut.objects.bulk_create(
            [EmailOptOut(user=user, kind=key) for key in sorted(allowed - wanted - existing)]
        )
    return preferences(user)


def recipients(kind: str, users: Iterable[Any]) -> list[User]:
    """Those of `users` who are active, have an e-mail address, may receive `kind` and did
    not switch it off (one query)."""
    known = registry.email_kinds()
    match = next((k for k in known if k.key == kind), None)
    if match is None:
        raise ValueError(f"unknown e-mail kind {kind!r}: register it with register_email_kind")
    ids = {u.pk for u in users if u is not None and u.pk is not None}
    if not ids:
        return []
    found = (
        User.objects.filter(pk__in=ids, is_active=True)
        .exclude(email="")
        .exclude(email_opt_outs__kind=kind)
    )
    if match.audience == "internal":
        found = found.filter(role__in=INTERNAL_ROLES)
    elif match.audience == "portal":
        found = found.filter(role=Role.SUPPLIER_CONTACT)
    return list(found.order_by("pk"))


def notify(kind: str, users: Iterable[Any], subject: str, body: str) -> list[str]:
    """E-mail `subject`/`body` to each of `users` who wants `kind`, once the current
    transaction commits. Returns the addresses it will write to."""
    to = [user.email for user in recipients(kind, users)]
    if not to:
        return []
    subject = " ".join(subject.split())[:200]
    footer = (
        "\n\n--\nYou can choose which e-mails Partnerbook sends you under "
        "Account → E-mail notifications."
    )
    if settings.PARTNERBOOK_BASE_URL:
        footer += f"\n{settings.PARTNERBOOK_BASE_URL}/account/notifications/"

    def send() -> None:
        messages = [
            EmailMessage(subject, body + footer, settings.DEFAULT_FROM_EMAIL, [address])
            for address in to
        ]
        get_connection(fail_silently=True).send_messages(messages)

    transaction.on_commit(send)
    return to
