"""The supplier's voice: suggestions and early warnings sent through the portal, our answers,
and concerns raised by name or anonymously.

Anonymity is kept here, in one place: an anonymous concern is saved without its writer (not
in the row, and Concern keeps no history table), with only the day it was raised, and on our
side it is shown as "a contact at <supplier>" and only once the supplier has at least
`PARTNERBOOK_ANONYMOUS_CONCERN_MINIMUM` anonymous concerns. No e-mail ever names its writer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from partnerbook.accounts.models import User
from partnerbook.accounts.notifications import notify
from partnerbook.accounts.policy import can, require
from partnerbook.core import events
from partnerbook.core.audit import save_audited
from partnerbook.core.registry import TimelineEntry, start_of
from partnerbook.suppliers.models import Supplier

from .apps import SUPPLIER_WROTE, WE_REPLIED
from .models import MAX_PROPOSAL, MAX_TEXT, MAX_TITLE, Concern, SupplierMessage

REPLY_STATUSES = ("acknowledged", "taken_up", "declined")
# Timeline badges: also CSS class names, so they stay English here; marked for the page that
# shows them (`{% translate e.badge %}`).
BADGES = {
    "suggestion": gettext_noop("suggestion"),
    "early_warning": gettext_noop("early warning"),
    "anonymous": gettext_noop("anonymous"),
    "concern": gettext_noop("concern"),
}
LATEST_DUE_BY = dt.date(2100, 1, 1)


def anonymous_minimum() -> int:
    """How many anonymous concerns a supplier needs before ours may read any of them."""
    return max(0, int(getattr(settings, "PARTNERBOOK_ANONYMOUS_CONCERN_MINIMUM", 3)))


def _link(path: str) -> str:
    return f"{settings.PARTNERBOOK_BASE_URL}{path}"


def _text(data: Mapping[str, Any], name: str, limit: int, *, required: bool) -> str:
    value = data.get(name) or ""
    if not isinstance(value, str):
        raise ValidationError({name: gettext("Give text.")})
    value = value.strip()
    if "\x00" in value:
        raise ValidationError({name: gettext("Text must not contain NUL characters.")})
    if required and not value:
        raise ValidationError({name: gettext("Please write something here.")})
    if len(value) > limit:
        raise ValidationError(
            {name: gettext("Please keep this under %(limit)d characters.") % {"limit": limit}}
        )
    return value


# --- suggestions and early warnings ---------------------------------------------------------


@transaction.atomic
def send_message(author: User, data: Mapping[str, Any]) -> SupplierMessage:
    """A suggestion or an early warning from a portal user, for their own supplier. The
    relationship owner hears of it by e-mail."""
    require(author, "portal.use")
    supplier = Supplier.objects.select_related("relationship_owner").get(pk=author.supplier_id)
    require(author, "portal.use", supplier)
    kind = data.get("kind")
    if kind not in SupplierMessage.Kind.values:
        raise ValidationError({"kind": gettext("Choose a suggestion or an early warning.")})
    message = SupplierMessage(
        supplier=supplier,
        author=author,
        kind=kind,
        title=_text(data, "title", MAX_TITLE, required=True),
        text=_text(data, "text", MAX_TEXT, required=True),
        proposal=_text(data, "proposal", MAX_PROPOSAL, required=False),
        created_at=timezone.now(),
    )
    due_by = data.get("due_by")
    if due_by is not None:
        if kind != SupplierMessage.Kind.EARLY_WARNING:
            raise ValidationError(
                {"due_by": gettext("Only an early warning has a date it matters by.")}
            )
        if due_by < timezone.localdate() or due_by >= LATEST_DUE_BY:
            raise ValidationError({"due_by": gettext("Give today or a later day.")})
        message.due_by = due_by
    label = "suggestion" if kind == SupplierMessage.Kind.SUGGESTION else "early warning"
    article = "a" if kind == SupplierMessage.Kind.SUGGESTION else "an"
    save_audited(message, author, f"{label.capitalize()} sent through the portal.")
    events.publish("portal.message_received", {
        "kind": kind, "message_id": message.pk, "supplier_id": supplier.pk,
        "supplier_name": supplier.name, "title": message.title,
        "author": author.display_name})  # fmt: skip
    notify(
        SUPPLIER_WROTE,
        [supplier.relationship_owner],
        f"{supplier.name} sent {article} {label}: {message.title}",
        f"{author.display_name} of {supplier.name} sent {article} {label} through the portal."
        f"\n\n"
        f"{message.title}\n\n{message.text}\n\n"
        f"Read and answer it: {_link(reverse('voice:supplier', args=[supplier.pk]))}",
    )
    return message


@transaction.atomic
def reply_to_message(
    actor: User, message: SupplierMessage, status: str, reply: str = ""
) -> SupplierMessage:
    """Our answer to a suggestion or early warning: acknowledged, taken up or not taken up
    (which needs a reason). The supplier's sender hears of it by e-mail."""
    require(actor, "relationship.log", message.supplier)
    if status not in REPLY_STATUSES:
        raise ValidationError({"status": gettext("Choose acknowledged, taken up or not taken up.")})
    reply = _text({"reply": reply}, "reply", MAX_TEXT, required=status == "declined")
    message.status = status
    message.reply = reply
    message.replied_by = actor
    message.replied_at = timezone.now()
    # The record and the e-mail stay in English, whatever the page speaks.
    with translation.override("en"):
        save_audited(message, actor, f"Answered: {message.get_status_display().lower()}.")
        kind = message.get_kind_display().lower()
        notify(
            WE_REPLIED,
            [message.author],
            f"We answered your {kind}: {message.title}",
            f"{actor.display_name} answered your {kind} “{message.title}”: "
            f"{message.get_status_display().lower()}.\n\n{reply}\n\n"
            f"See it in the portal: {_link(reverse('portal_voice:message', args=[message.pk]))}",
        )
    return message


# --- concerns --------------------------------------------------------------------------------


def _concern_event(concern: Concern, author: User) -> dict[str, Any]:
    """What other systems hear of a concern. An anonymous one carries nothing that could
    point to its writer: no name, no id, no text or topic, no time of day."""
    supplier = concern.supplier
    if concern.anonymous:
        return {"kind": "concern", "anonymous": True, "supplier_id": supplier.pk,
                "supplier_name": supplier.name}  # fmt: skip
    return {
        "kind": "concern", "anonymous": False, "concern_id": concern.pk,
        "supplier_id": supplier.pk, "supplier_name": supplier.name, "topic": concern.topic,
        "author": author.display_name,
    }  # fmt: skip


@transaction.atomic
def raise_concern(author: User, data: Mapping[str, Any]) -> Concern:
    """A concern from a portal user about the relationship with their own supplier. With
    `anonymous`, nothing about the person is kept, and our side sees it only once the
    supplier has enough anonymous concerns (the owner is e-mailed then, without a name)."""
    require(author, "portal.use")
    supplier = Supplier.objects.select_related("relationship_owner").get(pk=author.supplier_id)
    require(author, "portal.use", supplier)
    topic = data.get("topic")
    if topic not in Concern.Topic.values:
        raise ValidationError({"topic": gettext("Choose what the concern is about.")})
    anonymous = data.get("anonymous") is True
    concern = Concern(
        supplier=supplier,
        topic=topic,
        text=_text(data, "text", MAX_TEXT, required=True),
        anonymous=anonymous,
        author=None if anonymous else author,
        raised_on=timezone.localdate(),
    )
    # Concern has no history table; for an anonymous concern the actor is nobody anyway.
    save_audited(concern, None if anonymous else author, "Concern raised through the portal.")
    events.publish("portal.message_received", _concern_event(concern, author))
    link = _link(reverse("voice:supplier", args=[supplier.pk]))
    with translation.override("en"):  # e-mails stay in English
        _tell_owner(concern, author, supplier, anonymous, link)
    return concern


def _tell_owner(
    concern: Concern, author: User, supplier: Supplier, anonymous: bool, link: str
) -> None:
    owner = [supplier.relationship_owner]
    if not anonymous:
        notify(
            SUPPLIER_WROTE,
            owner,
            f"{supplier.name} raised a concern: {concern.get_topic_display().lower()}",
            f"{author.display_name} of {supplier.name} raised a concern about "
            f"{concern.get_topic_display().lower()} through the portal.\n\n{concern.text}\n\n"
            f"Read it: {link}",
        )
        return
    held = Concern.objects.filter(supplier=supplier, anonymous=True).count()
    minimum = anonymous_minimum()
    if held == minimum and minimum > 1:
        notify(
            SUPPLIER_WROTE,
            owner,
            f"Anonymous concerns from {supplier.name} can now be read",
            f"Contacts at {supplier.name} have raised {held} concerns anonymously through the "
            "portal. Now that there are enough of them that none can be traced to one person, "
            f"you can read them on the supplier's voice tab: {link}",
        )
    elif held >= minimum:
        notify(
            SUPPLIER_WROTE,
            owner,
            f"A contact at {supplier.name} raised a concern anonymously",
            f"A contact at {supplier.name} raised a concern about "
            f"{concern.get_topic_display().lower()} anonymously through the portal.\n\n"
            f"Read it on the supplier's voice tab: {link}",
        )


@transaction.atomic
def acknowledge_concern(actor: User, concern: Concern) -> Concern:
    """Mark a concern as read on our side (who and on which day, on the concern itself)."""
    require(actor, "relationship.log", concern.supplier)
    if concern.anonymous and not anonymous_released(concern.supplier_id):
        raise ValidationError({"concern": gettext("This concern is still held back.")})
    concern.acknowledged_by = actor
    concern.acknowledged_on = timezone.localdate()
    concern.full_clean()
    concern.save(update_fields=["acknowledged_by", "acknowledged_on"])
    if not concern.anonymous and concern.author is not None:
        with translation.override("en"):  # e-mails stay in English
            _tell_author_read(actor, concern)
    return concern


def _tell_author_read(actor: User, concern: Concern) -> None:
    if concern.author is not None:
        notify(
            WE_REPLIED,
            [concern.author],
            "We have read your concern",
            f"{actor.display_name} has read the concern you raised on "
            f"{concern.raised_on:%d %B %Y} about {concern.get_topic_display().lower()}. "
            "Expect to hear from us about it.\n\n"
            f"See your concerns in the portal: {_link(reverse('portal_voice:talk'))}",
        )


def anonymous_released(supplier_id: int) -> bool:
    """Whether our side may read the supplier's anonymous concerns (one query)."""
    minimum = anonymous_minimum()
    if minimum <= 1:
        return True
    return Concern.objects.filter(supplier_id=supplier_id, anonymous=True).count() >= minimum


# --- what our side sees ----------------------------------------------------------------------


@dataclass(frozen=True)
class ConcernView:
    """A concern as our side sees it: `sender` is the person for a named concern and "a
    contact at <supplier>" for an anonymous one."""

    concern: Concern
    sender: str


@dataclass(frozen=True)
class SupplierVoice:
    messages: list[SupplierMessage]
    concerns: list[ConcernView]
    held_back: int  # anonymous concerns not shown yet
    minimum: int


def visible_concerns(supplier: Supplier, limit: int | None = None) -> tuple[list[ConcernView], int]:
    """The supplier's concerns our side may read, newest first, and how many anonymous ones
    are held back (two queries)."""
    anonymous = Concern.objects.filter(supplier=supplier, anonymous=True).count()
    minimum = anonymous_minimum()
    released = minimum <= 1 or anonymous >= minimum
    rows = Concern.objects.filter(supplier=supplier).select_related("author", "acknowledged_by")
    if not released:
        rows = rows.filter(anonymous=False)
    found = list(rows.order_by("-raised_on", "id")[:limit] if limit else rows)
    views = [ConcernView(c, c.sender(supplier.name)) for c in found]
    return views, 0 if released else anonymous


def voice_of(supplier: Supplier) -> SupplierVoice:
    """Everything the supplier's people told us through the portal (three queries)."""
    messages = list(
        SupplierMessage.objects.filter(supplier=supplier)
        .select_related("author", "replied_by")
        .order_by("-created_at", "-pk")
    )
    concerns, held = visible_concerns(supplier)
    return SupplierVoice(messages, concerns, held, anonymous_minimum())


# --- relationship signals and the timeline -----------------------------------------------------


def signal_events(
    supplier_ids: Sequence[int] | None, until: dt.date
) -> list[tuple[int, str, dt.date, str]]:
    """Each suggestion counts as an unsolicited suggestion and each early warning as an early
    warning shared, from the supplier's side, on the day it arrived (one query)."""
    scope = {} if supplier_ids is None else {"supplier_id__in": list(supplier_ids)}
    end = start_of(until + dt.timedelta(days=1))
    tz = timezone.get_current_timezone()
    tags = {"suggestion": "unsolicited_suggestion", "early_warning": "early_warning"}
    rows = (
        SupplierMessage.objects.filter(created_at__lt=end, **scope)
        .values_list("supplier_id", "kind", "created_at")
        .order_by()
    )
    return [(s, tags[kind], at.astimezone(tz).date(), "supplier") for s, kind, at in rows]


def timeline_entries(
    user: User, supplier: Supplier, since: dt.datetime | None, limit: int
) -> list[TimelineEntry]:
    """Suggestions, early warnings, our answers and the concerns our side may read (two
    queries). Anonymous concerns carry no name."""
    if not can(user, "relationship.view", supplier):
        return []
    url = reverse("voice:supplier", args=[supplier.pk])
    messages = SupplierMessage.objects.filter(supplier=supplier).select_related(
        "author", "replied_by"
    )
    if since is not None:
        messages = messages.filter(Q(created_at__gte=since) | Q(replied_at__gte=since))
    entries: list[TimelineEntry] = []
    for m in messages.order_by("-created_at", "-pk")[:limit]:
        suggestion = m.kind == SupplierMessage.Kind.SUGGESTION
        entries.append(
            TimelineEntry(
                when=m.created_at,
                kind="voice",
                title=(
                    gettext("Suggestion from the supplier: %(title)s")
                    if suggestion
                    else gettext("Early warning from the supplier: %(title)s")
                )
                % {"title": m.title},
                detail=m.text[:300],
                who=m.author.display_name,
                url=f"{url}#message-{m.pk}",
                badge=BADGES["suggestion"] if suggestion else BADGES["early_warning"],
                tags=["unsolicited_suggestion" if suggestion else "early_warning"],
            )
        )
        if m.replied_at is not None and (since is None or m.replied_at >= since):
            entries.append(
                TimelineEntry(
                    when=m.replied_at,
                    kind="voice",
                    title=gettext("We answered “%(title)s”: %(status)s")
                    % {"title": m.title, "status": m.get_status_display().lower()},
                    detail=m.reply[:300],
                    who=m.replied_by.display_name if m.replied_by else "",
                    url=f"{url}#message-{m.pk}",
                )
            )
    concerns = Concern.objects.filter(supplier=supplier).select_related("author")
    minimum = anonymous_minimum()
    if minimum > 1:
        # Held-back anonymous concerns stay out, decided in the same query.
        anonymous = (
            Concern.objects.filter(supplier_id=OuterRef("supplier_id"), anonymous=True)
            .order_by()
            .values("supplier_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        concerns = concerns.annotate(anonymous_total=Subquery(anonymous)).filter(
            Q(anonymous=False) | Q(anonymous_total__gte=minimum)
        )
    if since is not None:
        concerns = concerns.filter(raised_on__gte=timezone.localtime(since).date())
    for c in concerns.order_by("-raised_on", "id")[:limit]:
        entries.append(
            TimelineEntry(
                when=start_of(c.raised_on),
                kind="voice",
                title=gettext("Concern raised: %(topic)s")
                % {"topic": c.get_topic_display().lower()},
                detail=c.text[:300],
                who=c.sender(supplier.name),
                url=f"{url}#concerns",
                badge=BADGES["anonymous"] if c.anonymous else BADGES["concern"],
            )
        )
    return entries
