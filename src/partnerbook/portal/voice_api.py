"""REST endpoints of the supplier's voice (mounted under /api/v1).

`portal_router`: a supplier's portal users send suggestions and early warnings, read their
supplier's ones with our answers, and raise concerns (the answer never says who raised one).
`router`: our side reads a supplier's voice and answers. Thin: check, call a service, return."""

# No `from __future__ import annotations`: ninja reads the annotations at import.
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require, require_portal
from partnerbook.suppliers.models import Supplier

from . import queries, services
from .models import SupplierMessage
from .schemas import (
    PortalConcernIn,
    PortalConcernOut,
    PortalMessageIn,
    PortalMessageOut,
    SupplierVoiceOut,
    VoiceConcernOut,
    VoiceMessageOut,
    VoiceReplyIn,
)

portal_router = Router(tags=["supplier portal"])
router = Router(tags=["supplier voice"])


@portal_router.post(
    "/portal/suggestions",
    response={201: PortalMessageOut},
    summary="Send a suggestion or an early warning",
)
def send_message(request: HttpRequest, payload: PortalMessageIn) -> Status[PortalMessageOut]:
    """A suggestion (`kind: suggestion`) or an early warning (`kind: early_warning`, with an
    optional `due_by`) for us. Your relationship owner is told by e-mail."""
    user = require_portal(request)
    message = services.send_message(user, payload.model_dump())
    return Status(201, queries.portal_message(user, message.pk))


@portal_router.get(
    "/portal/suggestions", response=list[PortalMessageOut], summary="Your supplier's suggestions"
)
def list_messages(request: HttpRequest) -> list[PortalMessageOut]:
    """Suggestions and early warnings from everyone at your supplier, newest first, with our
    answers."""
    return queries.portal_messages(require_portal(request))


@portal_router.get(
    "/portal/suggestions/{message_id}", response=PortalMessageOut, summary="One suggestion"
)
def get_message(request: HttpRequest, message_id: int) -> PortalMessageOut:
    return queries.portal_message(require_portal(request), message_id)


@portal_router.post("/portal/concerns", response={201: PortalConcernOut}, summary="Raise a concern")
def raise_concern(request: HttpRequest, payload: PortalConcernIn) -> Status[PortalConcernOut]:
    """A concern about how we work together. With `anonymous: true` nothing about you is kept:
    our side sees it as from "a contact at <your supplier>", and only once your supplier has
    raised enough anonymous concerns that none can be traced to one person. The answer
    carries no name or id either way."""
    concern = services.raise_concern(require_portal(request), payload.model_dump())
    return Status(201, queries.concern_out(concern))


# --- our side --------------------------------------------------------------------------------


def _message_out(m: SupplierMessage) -> VoiceMessageOut:
    return VoiceMessageOut(
        id=m.pk, supplier_id=m.supplier_id, kind=m.kind, title=m.title, text=m.text,
        proposal=m.proposal, due_by=m.due_by, created_at=m.created_at,
        sent_by=m.author.display_name, status=m.status, reply=m.reply,
        replied_at=m.replied_at, replied_by=m.replied_by.display_name if m.replied_by else "",
    )  # fmt: skip


@router.get(
    "/suppliers/{supplier_id}/voice", response=SupplierVoiceOut, summary="A supplier's voice"
)
def supplier_voice(request: HttpRequest, supplier_id: int) -> SupplierVoiceOut:
    """Suggestions and early warnings the supplier's people sent through the portal, and the
    concerns we may read: anonymous ones say "a contact at <supplier>" and are held back
    until the supplier has `anonymous_minimum` of them."""
    require(request.user, "relationship.view")
    supplier = get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)
    voice = services.voice_of(supplier)
    return SupplierVoiceOut(
        supplier_id=supplier.pk,
        messages=[_message_out(m) for m in voice.messages],
        concerns=[
            VoiceConcernOut(
                id=str(v.concern.pk),
                topic=v.concern.topic,
                text=v.concern.text,
                anonymous=v.concern.anonymous,
                raised_on=v.concern.raised_on,
                raised_by=v.sender,
                acknowledged_on=v.concern.acknowledged_on,
            )  # fmt: skip
            for v in voice.concerns
        ],
        anonymous_held_back=voice.held_back,
        anonymous_minimum=voice.minimum,
    )


@router.post(
    "/voice/suggestions/{message_id}/reply", response=VoiceMessageOut,
    summary="Answer a suggestion or an early warning",
)  # fmt: skip
def reply(request: HttpRequest, message_id: int, payload: VoiceReplyIn) -> VoiceMessageOut:
    """Acknowledge, take up or decline (with a reason in `reply`); the supplier reads the
    answer in their portal and the sender is e-mailed."""
    require(request.user, "relationship.view")
    user: User = request.user  # type: ignore[assignment]
    message = get_object_or_404(
        SupplierMessage.objects.visible_to(user).select_related("supplier", "author"),
        pk=message_id,
    )
    services.reply_to_message(user, message, payload.status, payload.reply)
    return _message_out(message)
