"""Replay the demo story from `data.py` through the services.

Suppliers are registered as prospects and walked through their lifecycle with
`change_status` (those already in business with us before the team used Partnerbook are
registered as active, as existing business, so the decision checklist lists them);
owners are reassigned with `update_supplier`; contacts are added and archived with the
contact services; segmentation factors, engagement models, expectations, maturity moves
and alignment assessments go through the segmentation services, recorded by the
supplier's owner of the day (overrides by the category manager, scoring settings by the
administrator). Interactions and trust entries go through the relationship services,
logged by the owner of the day; the nightly health recompute runs every two weeks of the
last year and today, and alerts are acknowledged through the alerts services. So the
demo's audit trail, owner history, health trend and alerts inbox are the same records
the application writes in everyday use, only spread over past months. Supplier issues,
their steps, moves, agreed actions and 8D requests, a breach of trust and a joint
retrospective go through the conflicts services in the same way.
"""

from __future__ import annotations

import random
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from unittest import mock

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from partnerbook.accounts.models import Role, User
from partnerbook.actions import services as actions
from partnerbook.actions.models import ActionItem
from partnerbook.alerts import services as alerts
from partnerbook.alerts.models import Alert
from partnerbook.cadence import services as cadence
from partnerbook.cadence.models import HealthCheck
from partnerbook.conflicts import services as conflicts
from partnerbook.conflicts.models import Breach, SupplierIssue
from partnerbook.documents import services as documents
from partnerbook.gate import services as gate
from partnerbook.onboarding import services as onboarding
from partnerbook.performance import ratings
from partnerbook.performance import services as performance
from partnerbook.plans import services as plans
from partnerbook.practices import services as practices
from partnerbook.relationship import services as relationship
from partnerbook.relationship.models import HealthSnapshot, Interaction, TrustEntry
from partnerbook.reviews import services as reviews
from partnerbook.segmentation import services as segmentation
from partnerbook.segmentation.domain import DIMENSIONS
from partnerbook.segmentation.models import SegmentationProfile
from partnerbook.sourcing import services as sourcing
from partnerbook.sourcing.models import Candidate
from partnerbook.suppliers import services
from partnerbook.suppliers.models import Category, Contact, Supplier

from . import data
from . import economics as demo_economics
from . import portal_access as demo_portal_access
from . import portal_docs as demo_portal_docs
from . import portal_surveys as demo_portal_surveys
from . import portal_voice as demo_portal_voice
from . import portal_work as demo_portal_work
from . import recognition as demo_recognition
from . import review as demo_review
from . import risk as demo_risk
from .data import DemoContact, DemoSegmentation, DemoSupplier, Rhythm, Touch

DAYS_PER_MONTH = 30.44
# Registration happens at `since_months`; the first people are added shortly after.
CONTACTS_AFTER_MONTHS = 0.2
PORTAL_INVITED_MONTHS_AGO = 1.0
# Issues with a supplier whose agreement has an escalation path are replayed just after the
# agreements are recorded (`sign_agreements`, 0.45 days ago).
AGREEMENT_ISSUES_DAYS_AGO = 0.44
_EMAIL_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "ł": "l", "đ": "d", "'": ""})


@dataclass(frozen=True)
class LoadSummary:
    users: int
    categories: int
    suppliers: int
    active_suppliers: int
    contacts: int
    seconds: float
    segmented: int = 0  # suppliers with a segmentation profile
    interactions: int = 0
    trust_entries: int = 0  # manual ones; the rest of the ledger follows from signal tags
    health_days: int = 0  # days with health snapshots
    alerts: int = 0
    open_alerts: int = 0

    def line(self) -> str:
        return (
            f"Demo portfolio loaded in {self.seconds:.1f} s: {self.suppliers} suppliers "
            f"({self.active_suppliers} active, {self.segmented} segmented), "
            f"{self.categories} categories, {self.contacts} contacts, "
            f"{self.interactions} interactions, {self.trust_entries} manual trust entries, "
            f"health on {self.health_days} days, {self.alerts} alerts "
            f"({self.open_alerts} open), {self.users} users."
        )


def existing_data() -> tuple[int, int]:
    """How many (users, suppliers) the database holds already."""
    return User.objects.count(), Supplier.objects.count()


def wipe() -> None:
    """Delete all business data and all users, and restart the id sequences.

    Covers every table of the Partnerbook apps (including history and many-to-many
    tables), the admin log and sessions. Framework tables (content types, permissions,
    the task queue) stay. Rows are removed with the database's flush statements rather
    than model deletes, because reference data is protected against deletion.
    """
    tables = {LogEntry._meta.db_table, Session._meta.db_table}
    for config in apps.get_app_configs():
        if config.name.startswith("partnerbook."):
            for model in config.get_models(include_auto_created=True):
                if model._meta.managed and not model._meta.proxy:
                    tables.add(model._meta.db_table)
    present = set(connection.introspection.table_names())
    # PostgreSQL refuses to TRUNCATE tables with deferred foreign-key checks still pending
    # (rows written earlier in the same transaction); running the checks now clears them.
    connection.check_constraints()
    statements = connection.ops.sql_flush(
        no_style(), sorted(tables & present), reset_sequences=True, allow_cascade=True
    )
    connection.ops.execute_sql_flush(statements)


@contextmanager
def _clock(when: datetime) -> Iterator[None]:
    """Make `timezone.now()` return `when` inside the block.

    The services, `auto_now` fields and the history records all ask `timezone.now()` for
    the time, so setting it lets the demo write a believable past through the normal
    code paths instead of rewriting timestamps afterwards. Used only while loading.
    """
    with mock.patch.object(timezone, "now", return_value=when):
        yield


def _on_a_weekday(now: datetime, days_ago: float) -> float:
    """`days_ago` moved back to the Friday before when it falls on a weekend."""
    return days_ago + max(0, (now - timedelta(days=days_ago)).weekday() - 4)


def _working_hours(moment: datetime, now: datetime) -> datetime:
    """Squeeze a moment's time of day into 08:00-17:00 of the same day, keeping the order.

    On the last day the window ends a minute before `now` (and starts earlier when the day
    is young), so that nothing the demo writes "today" is dated in the future, even when
    it is loaded just after midnight.
    """
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    start, end = midnight + timedelta(hours=8), midnight + timedelta(hours=17)
    latest = now - timedelta(minutes=1)
    if end > latest:
        end = max(latest, midnight)
        start = min(start, midnight + (end - midnight) / 2)
    share_of_day = (moment - midnight) / timedelta(days=1)
    return start + (end - start) * share_of_day


def email_for(name: str, domain: str, *, full_first_name: bool = False) -> str:
    """`Linnea Berg` at `nordpack.example` -> `l.berg@nordpack.example` (ASCII only)."""
    ascii_name = unicodedata.normalize("NFKD", name.lower().translate(_EMAIL_LETTERS))
    clean = "".join(c for c in ascii_name if c.isascii() and (c.isalnum() or c in " -"))
    first, *rest = clean.split()
    last = "".join(rest).replace("-", "") or first
    return f"{first if full_first_name else first[0]}.{last}@{domain}"


def our_email(name: str) -> str:
    return email_for(name, data.OUR_DOMAIN, full_first_name=True)


class _Names:
    """Invented supplier-side names from the country's pool: never the same person twice,
    and no two people at one supplier sharing a first or a last name."""

    def __init__(self, reserved: set[str]) -> None:
        self.used = set(reserved)

    def draw(self, rng: random.Random, country: str, colleagues: list[str]) -> str:
        taken = {part for name in colleagues for part in (name.split()[0], name.split()[-1])}
        for attempt in range(200):
            # After many misses (a small pool used up) borrow from the largest pool.
            pool_country = country if attempt < 100 else "US"
            if pool_country in data.FULL_NAMES:
                name = rng.choice(data.FULL_NAMES[pool_country])
            else:
                first, last = data.NAME_PARTS[data.COUNTRY_NAMES.get(pool_country, "en")]
                name = f"{rng.choice(first)} {rng.choice(last)}"
            parts = name.split()
            if name not in self.used and parts[0] not in taken and parts[-1] not in taken:
                self.used.add(name)
                return name
        raise ValueError(f"No unused demo name left for country {country}.")


@dataclass
class _Event:
    months_ago: float
    order: int
    action: Callable[[], None]


class _Loader:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self.users: dict[str, User] = {}
        self.categories: dict[str, Category] = {}
        self.supplier_ids: dict[str, int] = {}
        self.owner: dict[str, str | None] = {}  # supplier key -> current owner's username
        self.contact_ids: dict[tuple[str, str], int] = {}  # (supplier key, name) -> contact id
        self.issue_ids: dict[str, int] = {}  # DemoIssue.key -> issue id
        self.events: list[_Event] = []
        self.password = make_password(data.DEMO_PASSWORD)  # hashed once: hashing is slow
        reserved = {
            c.name for s in data.SUPPLIERS for c in s.contacts if c.side == "supplier"
        } | set(data.OUR_PEOPLE)
        self.names = _Names(reserved)

    # --- scheduling -------------------------------------------------------------------
    def at(self, months_ago: float, action: Callable[[], None]) -> None:
        self.events.append(_Event(months_ago, len(self.events), action))

    def at_day(self, days_ago: float, action: Callable[[], None]) -> None:
        self.at(days_ago / DAYS_PER_MONTH, action)

    def moment(self, days_ago: float) -> datetime:
        """The loader's clock `days_ago` days back (before any nudge to keep events apart)."""
        return _working_hours(self.now - timedelta(days=days_ago), self.now)

    def run(self) -> None:
        """Run the events oldest first, each at its own moment, strictly one after another."""
        previous: datetime | None = None
        for event in sorted(self.events, key=lambda e: (-e.months_ago, e.order)):
            when = _working_hours(
                self.now - timedelta(days=event.months_ago * DAYS_PER_MONTH), self.now
            )
            if previous is not None and when <= previous:
                when = previous + timedelta(milliseconds=1)
            previous = when
            with _clock(when):
                event.action()

    def supplier(self, key: str) -> Supplier:
        """A fresh copy for each action: a saved instance keeps its last change reason."""
        return Supplier.objects.get(pk=self.supplier_ids[key])

    def contact(self, key: str, name: str) -> Contact | None:
        pk = self.contact_ids.get((key, name))
        return None if pk is None else Contact.objects.get(pk=pk)

    def actor_for(self, key: str) -> User:
        """The current owner when a buyer, otherwise the category manager."""
        owner = self.owner.get(key)
        user = self.users.get(owner or "")
        return user if user is not None and user.role == Role.BUYER else self.users["maria"]

    # --- people and categories --------------------------------------------------------
    def create_users(self, *, portal: bool) -> None:
        """Our own people first; portal users once their supplier exists."""
        for spec in data.USERS:
            if (spec.supplier is not None) == portal:
                self.create_user(spec)

    def create_user(self, spec: data.DemoUser) -> None:
        is_admin = spec.role == Role.ADMIN
        self.users[spec.username] = User.objects.create(
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=spec.email or our_email(f"{spec.first_name} {spec.last_name}"),
            role=spec.role,
            supplier=self.supplier(spec.supplier) if spec.supplier else None,
            is_staff=is_admin,
            is_superuser=is_admin,
            password=self.password,
            date_joined=timezone.now(),
        )

    def create_categories(self) -> None:
        for spec in data.CATEGORIES:
            self.categories[spec.name] = services.create_category(
                self.users["maria"],
                {
                    "name": spec.name,
                    "parent": self.categories[spec.parent] if spec.parent else None,
                    "description": spec.description,
                },
            )

    def _inherited(self, category: str, attribute: str) -> str | None:
        by_name = {c.name: c for c in data.CATEGORIES}
        spec: data.DemoCategory | None = by_name[category]
        while spec is not None:
            value = getattr(spec, attribute)
            if value:
                return str(value)
            spec = by_name[spec.parent] if spec.parent else None
        return None

    # --- suppliers --------------------------------------------------------------------
    def schedule_supplier(self, spec: DemoSupplier) -> None:
        key = spec.key
        self.at(spec.since_months, partial(self.register, spec))
        for i, contact in enumerate(self.people_for(spec)):
            joined = contact.joined_months_ago
            if joined is None:
                joined = spec.since_months - CONTACTS_AFTER_MONTHS - 0.05 * i
            self.at(joined, partial(self.add_contact, spec, contact))
            if contact.left_months_ago is not None:
                self.at(contact.left_months_ago, partial(self.archive_contact, key, contact.name))
        steps = spec.steps or self.onboarding_steps(spec)
        for step in steps[self.existing_business(spec, steps) :]:
            self.at(step.months_ago, partial(self.move, key, step))
        for change in spec.owner_changes:
            self.at(change.months_ago, partial(self.reassign, key, change))
        if spec.archived_months_ago is not None:
            self.at(spec.archived_months_ago, partial(self.archive, key))

    @staticmethod
    def existing_business(spec: DemoSupplier, steps: tuple[data.StatusStep, ...]) -> int:
        """How many of the first steps happened before the team used Partnerbook: a supplier
        that became active without a manager's override reason was already in business
        with us, so it is registered as active (and listed as active without the decision
        checklist until that is complete). Returns 0 for the others."""
        for index, step in enumerate(steps):
            if step.status == "active":
                return 0 if step.override_reason else index + 1
        return 0

    @staticmethod
    def onboarding_steps(spec: DemoSupplier) -> tuple[data.StatusStep, ...]:
        """The first steps of the usual onboarding path, up to the supplier's status."""
        path = ("prospect", "vetting", "pilot", "active")
        if spec.status not in path:
            raise ValueError(f"Demo supplier {spec.key}: give explicit steps to {spec.status}.")
        return data.onboarding(spec.since_months)[: path.index(spec.status)]

    def register(self, spec: DemoSupplier) -> None:
        owner = self.users[spec.owner] if spec.owner else None
        steps = spec.steps or self.onboarding_steps(spec)
        self.owner[spec.key] = spec.owner
        supplier = services.create_supplier(
            self.actor_for(spec.key),
            {
                "name": spec.name,
                "legal_name": spec.legal_name,
                "category": self.categories[spec.category],
                "country": spec.country,
                "website": f"https://www.{spec.domain}",
                "status": "active" if self.existing_business(spec, steps) else "prospect",
                "annual_spend": spec.annual_spend,
                "currency": spec.currency,
                "relationship_owner": owner,
                "external_id": spec.external_id,
                "notes": spec.notes,
                "tags": list(spec.tags),
            },
        )
        self.supplier_ids[spec.key] = supplier.pk

    def archive(self, key: str) -> None:
        services.set_archived(self.users["maria"], self.supplier(key), archived=True)

    def move(self, key: str, step: data.StatusStep) -> None:
        actor = self.users[step.by] if step.by else self.actor_for(key)
        services.change_status(
            actor, self.supplier(key), step.status, step.note, step.override_reason
        )

    def reassign(self, key: str, change: data.OwnerChange) -> None:
        previous = self.owner[key]
        new_owner = self.users[change.owner]
        services.update_supplier(
            self.users[change.by], self.supplier(key), {"relationship_owner": new_owner}
        )
        self.owner[key] = change.owner
        # The buyer on our side of the contact list follows the owner.
        if previous and previous in self.users:
            old = self.contact(key, self.users[previous].display_name)
            if old is not None and not old.archived:
                services.set_contact_archived(self.users[change.by], old, archived=True)
        name = new_owner.display_name
        existing = self.contact(key, name)
        if existing is not None:
            services.set_contact_archived(self.users[change.by], existing, archived=False)
        else:
            self.add_contact_record(
                key,
                self.users[change.by],
                {"side": "ours", "name": name, "job_title": "Buyer", "function": "procurement",
                 "level": "operational", "email": new_owner.email},
            )  # fmt: skip

    def people_for(self, spec: DemoSupplier) -> list[DemoContact]:
        """The explicit contacts, or a plausible set for the category and account size."""
        if spec.contacts:
            return list(spec.contacts)
        rng = random.Random(spec.key)
        profile = self._inherited(spec.category, "contact_profile") or "goods"
        roles = list(data.SUPPLIER_ROLES[profile])
        if spec.key_account:
            roles.append(("executive", "executive", data.EXECUTIVE_TITLES))
        people: list[DemoContact] = []
        for function, level, titles in roles:
            name = self.names.draw(rng, spec.country, [p.name for p in people])
            people.append(
                DemoContact(name=name, job_title=rng.choice(titles), function=function,
                            level=level)
            )  # fmt: skip
        ours = []
        if spec.owner:
            owner = next(u for u in data.USERS if u.username == spec.owner)
            ours.append((f"{owner.first_name} {owner.last_name}", "Buyer", "procurement",
                         "operational"))  # fmt: skip
        specialist = self._inherited(spec.category, "our_specialist")
        if specialist:
            ours.append((specialist, *data.OUR_PEOPLE[specialist]))
        if spec.key_account:
            ours.append(("Maria Keller", "Category manager", "procurement", "management"))
            ours.append((spec.sponsor, *data.OUR_PEOPLE[spec.sponsor]))
        for name, title, function, level in ours:
            people.append(
                DemoContact(name=name, job_title=title, function=function, level=level,
                            side="ours")
            )  # fmt: skip
        return people

    def add_contact(self, spec: DemoSupplier, contact: DemoContact) -> None:
        if contact.email:
            email = contact.email
        elif contact.side == "ours":
            email = our_email(contact.name)
        else:
            email = email_for(contact.name, spec.domain)
        self.add_contact_record(
            spec.key,
            self.actor_for(spec.key),
            {"side": contact.side, "name": contact.name, "job_title": contact.job_title,
             "function": contact.function, "level": contact.level, "email": email},
        )  # fmt: skip

    def add_contact_record(self, key: str, actor: User, fields: dict[str, str]) -> None:
        contact = services.create_contact(actor, self.supplier(key), fields)
        self.contact_ids[(key, contact.name)] = contact.pk

    def archive_contact(self, key: str, name: str) -> None:
        contact = self.contact(key, name)
        if contact is not None:
            services.set_contact_archived(self.actor_for(key), contact, archived=True)

    # --- segmentation -----------------------------------------------------------------
    def configure_scoring(self) -> None:
        segmentation.update_settings(self.users["demo"], data.SCORING_SETTINGS)

    def schedule_segmentation(self, spec: DemoSupplier, seg: DemoSegmentation) -> None:
        key = spec.key
        when = seg.months_ago
        if when is None:
            when = min(data.SEGMENTATION_REVIEW_MONTHS_AGO, spec.since_months - 0.5)
        self.at(when, partial(self.record_segmentation, key, seg))
        for step in seg.maturity:
            self.at(step.months_ago, partial(self.mature, key, step))
        for check in seg.alignment:
            self.at(check.months_ago, partial(self.assess_alignment, key, check))
        if seg.override is not None:
            self.at(seg.override.months_ago, partial(self.override, key, seg.override))

    def record_segmentation(self, key: str, seg: DemoSegmentation) -> None:
        actor, supplier = self.actor_for(key), self.supplier(key)
        segmentation.update_factors(actor, supplier, seg.factors)
        if seg.model:
            segmentation.choose_engagement_model(actor, supplier, seg.model, seg.model_reason)
        if seg.expectations:
            segmentation.set_expectations(actor, supplier, seg.expectations)

    def mature(self, key: str, step: data.MaturityStep) -> None:
        # Dated today on the loader's clock, so always in the past of the real today.
        segmentation.record_maturity_move(
            self.actor_for(key), self.supplier(key), step.stage, step.evidence
        )

    def assess_alignment(self, key: str, check: data.AlignmentCheck) -> None:
        scores: dict[str, object] = {}
        for side, values in (("our", check.ours), ("their", check.theirs)):
            for dimension, score in zip(DIMENSIONS, values, strict=True):
                scores[f"{side}_{dimension}"] = score
        scores.update({f"{name}_note": note for name, note in check.notes.items()})
        segmentation.record_alignment(self.actor_for(key), self.supplier(key), scores)

    def override(self, key: str, change: data.QuadrantOverride) -> None:
        segmentation.override_quadrant(
            self.users[change.by], self.supplier(key), change.quadrant, change.reason
        )

    # --- relationship signals ---------------------------------------------------------
    def history_days(self, spec: DemoSupplier, limit: float) -> float:
        """How many days back the supplier's interactions go: at most `limit`, and not before
        its pilot began (or its vetting, for a supplier still being vetted)."""
        steps = spec.steps or self.onboarding_steps(spec)
        begun = [s.months_ago for s in steps if s.status in ("pilot", "active")]
        begun = begun or [s.months_ago for s in steps if s.status == "vetting"]
        if not begun:
            return 0.0
        return min(limit, max(begun) * DAYS_PER_MONTH - 3)

    def schedule_signals(self, spec: DemoSupplier) -> None:
        story = data.SIGNALS.get(spec.key)
        profile = data.BACKGROUND.get(spec.key)
        if story is None and profile is None:
            return
        kind = self._inherited(spec.category, "contact_profile") or "goods"
        words = data.SUPPLY_WORDS[kind]
        if story is not None:
            start = self.history_days(spec, data.SIGNALS_HISTORY_DAYS)
            rhythms, touches = story.rhythms, story.touches
            for move in story.trust:
                self.at_day(move.days_ago, partial(self.add_trust, spec.key, move))
        else:
            start = self.history_days(spec, data.BACKGROUND_HISTORY_DAYS)
            rhythms, touches = data.PROFILES[profile or ""], ()
        # Who took part is recorded for the stories only: their people on every interaction,
        # our side on the touches told in full. Linking people costs more than the rest of
        # the record, and the other suppliers' interactions are there for the health list.
        for touch in touches:
            self.schedule_touch(spec.key, touch, contacts=True, participants=True)
        for touch in data.EXTRA_TOUCHES.get(spec.key, ()):
            self.schedule_touch(spec.key, touch, contacts=bool(touch.contacts or touch.ours))
        attendance = data.ATTENDANCE.get(spec.key)
        rng = random.Random(f"signals:{spec.key}")
        for rhythm in rhythms:
            for touch in self.beats(rng, rhythm, start, words):
                if attendance is not None:
                    touch = replace(
                        touch, ours=attendance.ours, contact_function=attendance.theirs_function
                    )
                self.schedule_touch(
                    spec.key, touch, contacts=story is not None or attendance is not None
                )

    def beats(
        self, rng: random.Random, rhythm: Rhythm, start: float, words: dict[str, str]
    ) -> list[Touch]:
        """The interactions of a rhythm, oldest first: one about every `every_days` days,
        each moved by up to a fifth of that; subjects and notes are used in turn."""
        first = start - rhythm.after_days
        if rhythm.from_days is not None:
            first = min(first, rhythm.from_days)
        last = max(rhythm.until_days, 0.5)
        day = first - rng.uniform(0.1, 1.0) * rhythm.every_days
        touches: list[Touch] = []
        while day > last:
            moved = day + rng.uniform(-0.2, 0.2) * rhythm.every_days
            n = len(touches)
            touches.append(
                Touch(
                    days_ago=min(first, max(last, moved)),
                    channel=rhythm.channel,
                    initiated_by=rhythm.initiated_by,
                    subject=rhythm.subjects[n % len(rhythm.subjects)].format(**words),
                    notes=rhythm.notes[n % len(rhythm.notes)].format(**words),
                    tags=rhythm.tags,
                    request_kind=rhythm.request_kind,
                    request_side=rhythm.request_side,
                    answer_hours=rng.uniform(*rhythm.answer_hours) if rhythm.request_kind else None,
                    contact_function=rhythm.contact_function,
                )
            )
            day -= rhythm.every_days
        return touches

    def schedule_touch(
        self, key: str, touch: Touch, *, contacts: bool, participants: bool = False
    ) -> None:
        """Log the interaction on its day; a request once its answer came (if it has)."""
        asked = _on_a_weekday(self.now, touch.days_ago)
        answered = None
        if touch.request_kind and touch.answer_hours is not None:
            answered = asked - touch.answer_hours / 24
            if answered < 0.01:  # the answer would come after today
                answered = None
        log = partial(self.log_interaction, key, touch, asked, answered=answered is not None,
                      contacts=contacts, participants=participants)  # fmt: skip
        self.at_day(asked if answered is None else answered, log)

    def their_people(self, key: str, touch: Touch) -> list[Contact]:
        """The supplier's people in an interaction: by name, else one of the function."""
        people = list(
            Contact.objects.filter(
                supplier_id=self.supplier_ids[key], side="supplier", archived=False
            ).order_by("pk")
        )
        if touch.contacts:
            named = [p for p in people if p.name in touch.contacts]
            if len(named) != len(touch.contacts):
                raise ValueError(f"Demo supplier {key}: not all of {touch.contacts} are there.")
            return named
        function = touch.contact_function or "sales"
        return [p for p in people if p.function == function][:1] or people[:1]

    def our_people(self, key: str, touch: Touch) -> list[Contact]:
        """Our people in an interaction, by name (our-side contacts of the supplier)."""
        people = [self.contact(key, name) for name in touch.ours]
        if None in people:
            raise ValueError(f"Demo supplier {key}: not all of {touch.ours} are there.")
        return [p for p in people if p is not None]

    def log_interaction(
        self, key: str, touch: Touch, asked: float, *, answered: bool, contacts: bool,
        participants: bool,
    ) -> None:  # fmt: skip
        """Log one interaction as the owner of the day, with their people in it (`contacts`)
        and the owner as our participant (`participants`)."""
        actor = self.actor_for(key)
        fields: dict[str, object] = {
            "occurred_on": timezone.localdate(),
            "channel": touch.channel,
            "initiated_by": touch.initiated_by,
            "subject": touch.subject,
            "notes": touch.notes,
            "tags": list(touch.tags),
        }
        if contacts:
            fields["contacts"] = self.their_people(key, touch) + self.our_people(key, touch)
        if participants:
            fields["participants"] = [actor]
        if touch.request_kind:
            asked_at = min(self.moment(asked), timezone.now())
            fields.update(
                occurred_on=timezone.localtime(asked_at).date(),
                request_side=touch.request_side,
                request_kind=touch.request_kind,
                asked_at=asked_at,
                answered_at=timezone.now() if answered else None,
            )
        relationship.record_interaction(actor, self.supplier(key), fields)

    def add_trust(self, key: str, move: data.TrustMove) -> None:
        relationship.add_trust_entry(
            self.actor_for(key),
            self.supplier(key),
            {"occurred_on": timezone.localdate(), "points": move.points, "reason": move.reason},
        )

    def recompute(self) -> None:
        """What the nightly job does: health, drift and alerts for the day."""
        relationship.recompute(as_of=timezone.localdate())

    def handle_alert(self, handling: data.AlertHandling) -> None:
        alert = (
            Alert.objects.filter(
                supplier_id=self.supplier_ids[handling.supplier],
                kind=handling.kind,
                status=Alert.Status.OPEN,
            )
            .order_by("-raised_on", "-pk")
            .first()
        )
        if alert is None:
            raise ValueError(
                f"Demo: no open {handling.kind} alert about {handling.supplier} to handle."
            )
        actor = self.users[handling.by] if handling.by else self.actor_for(handling.supplier)
        alerts.acknowledge(actor, alert, handling.note)

    # --- the whole story ----------------------------------------------------------------
    def schedule(self) -> None:
        oldest = max(s.since_months for s in data.SUPPLIERS) + 3
        self.at(oldest + 1, lambda: self.create_users(portal=False))
        self.at(oldest, self.create_categories)
        for spec in data.SUPPLIERS:
            self.schedule_supplier(spec)
        self.at(data.SCORING_SETTINGS_MONTHS_AGO, self.configure_scoring)
        for spec in data.SUPPLIERS:
            seg = data.SEGMENTATION.get(spec.key)
            if seg is not None:
                self.schedule_segmentation(spec, seg)
        self.at(PORTAL_INVITED_MONTHS_AGO, lambda: self.create_users(portal=True))
        for spec in data.SUPPLIERS:
            self.schedule_signals(spec)
        for days in range(data.RECOMPUTE_SPAN_DAYS, -1, -data.RECOMPUTE_EVERY_DAYS):
            self.at_day(days, self.recompute)
        for handling in data.ALERT_HANDLING:
            self.at_day(handling.days_ago, partial(self.handle_alert, handling))
        self.schedule_plans()
        self.schedule_issues()
        # Portfolio risk and economics (issue 12): each feature's stories in its own module.
        demo_risk.schedule(self)
        demo_economics.schedule(self)
        demo_recognition.schedule(self)
        demo_review.schedule(self)
        demo_portal_docs.load(self)
        demo_portal_surveys.load(self)
        demo_portal_work.load(self)
        demo_portal_voice.load(self)
        demo_portal_access.load(self)

    # --- relationship plans, cadence, practices, health checks ------------------------
    def schedule_plans(self) -> None:
        """Polyform's bow-tie gets a plan and a recovery plan; Rheinfracht's quarterly review
        is overdue; Sterilis runs a proposed cadence and a health check answered by both
        sides; Lumitron shares its roadmap under a mutual NDA."""
        self.at_day(60, self.write_polyform_plan)
        self.at_day(30, self.start_polyform_recovery)
        self.at_day(150, self.plan_sterilis_cadence)
        self.at_day(80, self.hold_sterilis_health_check)
        self.at_day(12, self.answer_sterilis_health_check)
        self.at_day(300, self.plan_rheinfracht_review)
        self.at_day(420, self.sign_lumitron_nda)
        self.at_day(300, self.start_lumitron_roadmap_sharing)
        # The ERP's first year of deliveries is in before the KPIs are defined, so each KPI
        # gets a baseline from it; the second year arrives afterwards.
        first_year = data.DELIVERY_MONTHS - data.BASELINE_MONTHS
        self.at(data.BASELINE_MONTHS + 0.5, partial(self.record_deliveries, first_year, False))
        self.at(data.BASELINE_MONTHS, self.install_kpis)
        for key, (months_ago, months, on_time, rejected) in data.RESERVE_HISTORY.items():
            self.at(months_ago, partial(self.record_past_deliveries, key, months, on_time,
                                        rejected))  # fmt: skip
        self.at_day(0.5, partial(self.record_deliveries, data.BASELINE_MONTHS, True))
        self.at_day(0.4, self.overgrow_scorecard)
        self.at_day(0.3, self.rate_suppliers)
        self.at_day(0.2, self.hold_reviews)
        self.at_day(0.1, self.file_certificates)
        self.at_day(20, self.open_sourcing_project)
        self.schedule_playbook()
        self.at_day(0.02, self.daily_checks)

    # --- the sourcing playbook --------------------------------------------------------
    def schedule_playbook(self) -> None:
        """The packaging project gets a long list, two evaluators and a short list; Morava
        Friction has done everything for active but its second reference call; Datawell,
        activated by override, is onboarding; agreements of both templates; growth."""
        self.at_day(18, self.list_box_candidates)
        self.at_day(14, self.call_box_candidates)
        self.at_day(10, self.evaluate_box_candidates)
        self.at_day(8, self.short_list_boxes)
        self.at_day(175, self.source_brake_pads)
        self.at_day(150, self.call_morava_reference)
        self.at_day(25, self.prepare_morava_for_active)
        self.at_day(12, self.onboard_datawell)
        self.at_day(0.45, self.sign_agreements)
        self.at_day(0.35, self.raise_growth)

    def box_project(self) -> Any:
        return sourcing.projects(category=Category.objects.get(name="Packaging")).first()

    def list_box_candidates(self) -> None:
        """The long list; each new prospect gets its contact and Tom on our side."""
        maria, tom = self.users["maria"], self.users["tom"]
        found = sourcing.demo_candidates(
            maria, self.box_project(),
            [(self.supplier("greenfold"), "existing"), *data.BOX_PROSPECTS],
        )  # fmt: skip
        for candidate in found[1:]:
            name, title, email = data.BOX_PROSPECT_CONTACTS[candidate.supplier.name]
            for fields in (
                {"side": "supplier", "name": name, "job_title": title, "email": email,
                 "function": "sales", "level": "operational"},
                {"side": "ours", "name": tom.display_name, "job_title": "Buyer",
                 "email": tom.email, "function": "procurement", "level": "operational"},
            ):  # fmt: skip
                services.create_contact(maria, candidate.supplier, fields)

    def box_candidate(self, name: str) -> Any:
        return next(
            c for c in sourcing.candidates_of(self.box_project()) if c.supplier.name == name
        )

    def call_box_candidates(self) -> None:
        tom = self.users["tom"]
        today = timezone.localdate()
        for name, kind, with_whom, notes in data.BOX_CALLS:
            sourcing.demo_call(tom, self.box_candidate(name), kind, today, with_whom, notes)

    def evaluate_box_candidates(self) -> None:
        for username, name, scores, met in data.BOX_EVALUATIONS:
            sourcing.demo_evaluation(self.users[username], self.box_candidate(name), scores, met)

    def short_list_boxes(self) -> None:
        for name in data.BOX_SHORT_LIST:
            sourcing.move_candidate(self.users["maria"], self.box_candidate(name), "short_list")

    def source_brake_pads(self) -> None:
        """Morava was found through a referral when the brake pads needed a second source."""
        maria = self.users["maria"]
        project = sourcing.demo_project(
            maria, Category.objects.get(name="Brake systems"),
            title="Second source for brake pads", with_lesson=False,
        )  # fmt: skip
        (candidate,) = sourcing.demo_candidates(
            maria, project, [(self.supplier("morava"), "referral")]
        )
        sourcing.move_candidate(maria, candidate, "selected")

    def morava_candidacy(self) -> Any:
        brakes = Category.objects.get(name="Brake systems")
        return Candidate.objects.get(project__category=brakes, supplier=self.supplier("morava"))

    def call_morava_reference(self) -> None:
        person, notes = data.MORAVA_REFERENCE
        sourcing.demo_call(
            self.users["bruno"], self.morava_candidacy(), "reference", timezone.localdate(),
            person, notes,
        )  # fmt: skip

    def prepare_morava_for_active(self) -> None:
        """Every checklist item but the second reference call, recorded by its owner."""
        bruno, morava = self.users["bruno"], self.supplier("morava")
        today = timezone.localdate()
        for key, evidence in data.MORAVA_TICKS.items():
            gate.tick(bruno, morava, key, evidence)
        sourcing.demo_pilot(
            bruno, morava, passed=True, candidate=self.morava_candidacy(),
            starts_on=today - timedelta(days=100), days=60,
            scope="Brake pads for the city-bike line: two production lots.",
            success_criteria="Friction values within the drawing tolerance; on time 95%.",
            evidence="Both lots passed the bench tests; 98% on time.",
        )  # fmt: skip
        segmentation.record_alignment(bruno, morava, data.MORAVA_ALIGNMENT)
        cadence.apply_proposal(bruno, morava)
        performance.ensure_baselines([morava], actor=bruno)
        practices.demo_agreement(
            self.users["maria"], morava, template="collaborative", signed_days_ago=10,
            expires_in_days=720, reference="SA-2026-031", **data.MORAVA_CONTRACT,
        )  # fmt: skip
        onboarding.demo_onboarding(
            bruno, morava, started_days_ago=0, point_of_contact=bruno,
            done_titles=data.FIRST_MONTH_TASKS,
        )  # fmt: skip

    def onboard_datawell(self) -> None:
        aisha = self.users["aisha"]
        onboarding.demo_onboarding(
            aisha, self.supplier("datawell"), started_days_ago=0, point_of_contact=aisha,
            done_titles=data.FIRST_MONTH_TASKS[:2],
        )  # fmt: skip

    def sign_agreements(self) -> None:
        """A transactional agreement coming up for renewal and a strategic one."""
        maria = self.users["maria"]
        for key, kwargs in data.AGREEMENTS.items():
            practices.demo_agreement(maria, self.supplier(key), **kwargs)

    def raise_growth(self) -> None:
        for key, username, kind, title, status, outcome in data.GROWTH:
            onboarding.demo_opportunity(
                self.users[username], self.supplier(key), kind, title, status, outcome
            )

    def daily_checks(self) -> None:
        """What the daily jobs do: alerts for overdue meetings and action items, for
        suppliers red two quarters running, for certificates about to expire and for
        agreements coming up for renewal, and for issues whose escalation time box ran out."""
        cadence.check_overdue()
        actions.check_overdue()
        performance.check_red_quarters()
        documents.check_expiring_certificates()
        practices.check_agreement_renewals()
        conflicts.check_time_boxes()

    # --- performance ------------------------------------------------------------------
    def install_kpis(self) -> None:
        performance.install_default_kpis(self.users["maria"])

    def record_deliveries(self, months: int, latest: bool) -> None:
        """`months` months of monthly delivery lines, up to now, for every supplier of goods
        (those delivering today); the `latest` months carry Rivière's slide."""
        maria = self.users["maria"]
        delivering = Supplier.objects.filter(
            pk__in=[self.supplier_ids[key] for key in self.delivering_keys()]
        ).order_by("pk")
        keys = {pk: key for key, pk in self.supplier_ids.items()}
        for supplier in delivering:
            key = keys[supplier.pk]
            performance.demo_deliveries(
                maria, supplier, months=months,
                lines_per_month=data.DELIVERY_LINES_PER_MONTH,
                on_time_share=data.PERFORMANCE_STORIES.get(key, data.USUAL_ON_TIME),
            )  # fmt: skip
            if key in data.RED_QUARTERS and latest:
                months, on_time, rejected = data.RED_QUARTERS[key]
                performance.demo_deliveries(
                    maria, supplier, months=months,
                    lines_per_month=data.DELIVERY_LINES_PER_MONTH,
                    on_time_share=on_time, reject_share=rejected,
                )  # fmt: skip

    def record_past_deliveries(
        self, key: str, months: int, on_time: float, rejected: float
    ) -> None:
        """Deliveries of a supplier that no longer delivers, up to the loader's clock."""
        performance.demo_deliveries(
            self.users["maria"], self.supplier(key), months=months,
            lines_per_month=data.DELIVERY_LINES_PER_MONTH, on_time_share=on_time,
            reject_share=rejected,
        )  # fmt: skip

    def delivering_keys(self) -> list[str]:
        """The suppliers that deliver goods today (active or phasing out) and exist already."""
        return [
            spec.key
            for spec in data.SUPPLIERS
            if spec.status in ("active", "phasing_out") and spec.key in self.supplier_ids
        ]

    def rate_suppliers(self) -> None:
        """Four colleagues score Brennwald's collaboration monthly (one has not scored this
        month yet); three suppliers rate us as a customer each quarter."""
        maria = self.users["maria"]
        raters = [self.users[name] for name in data.COLLABORATION_RATERS]
        for key in data.RATED_SUPPLIERS:
            ratings.demo_ratings(maria, self.supplier(key), raters, months=12)
        for key in data.RATING_US:
            ratings.demo_partner_ratings(maria, self.supplier(key), quarters=4)

    def open_sourcing_project(self) -> None:
        """A second source for corrugated boxes: the criteria set by the alignment triangle,
        saved as the packaging template, and a lesson from earlier sourcing."""
        sourcing.demo_project(self.users["maria"], Category.objects.get(name="Packaging"))

    def file_certificates(self) -> None:
        """Certificates on file; Clearseal's ISO 9001 runs out next month."""
        for key, kind, title, days in data.CERTIFICATES:
            documents.demo_documents(
                self.users["maria"], self.supplier(key), expires_in_days=days, kind=kind,
                title=title,
            )  # fmt: skip

    def hold_reviews(self) -> None:
        """Quarterly business reviews, recorded from the minutes once the deliveries are in:
        Brennwald's last four quarters, and Rivière's two poor ones with a root-cause
        workshop agreed and an action on their side."""
        today = timezone.localdate()
        last = reviews.domain.last_complete_quarter(today)
        quarters = [performance.domain.shift(last, "quarter", -n) for n in range(3, -1, -1)]
        held = [
            reviews.demo_review(self.users["maria"], self.supplier("brennwald"), quarter)
            for quarter in quarters
        ]
        riviere = self.supplier("riviere")
        theirs = Contact.objects.filter(supplier=riviere, side="supplier").order_by("pk").first()
        bruno = self.users["bruno"]
        held.append(reviews.demo_review(
            bruno, riviere, quarters[-2],
            our_comments=data.RIVIERE_REVIEW["first_ours"],
            supplier_comments=data.RIVIERE_REVIEW["first_theirs"],
        ))  # fmt: skip
        # The follow-ups were done on time, except those of Rivière's latest review.
        earlier = [r.pk for r in held]
        for item in ActionItem.objects.filter(source__startswith="review.", source_id__in=earlier):
            actions.complete_action_item(self.users["maria"], item, on=item.due_on)
        reviews.demo_review(
            bruno, riviere, quarters[-1],
            our_comments=data.RIVIERE_REVIEW["second_ours"],
            supplier_comments=data.RIVIERE_REVIEW["second_theirs"],
            decisions=data.RIVIERE_DECISIONS,
            actions=[
                {"title": data.RIVIERE_REVIEW["workshop"], "owner": bruno,
                 "due_on": today + timedelta(days=14)},
                {"title": data.RIVIERE_REVIEW["their_action"], "owner_contact": theirs,
                 "due_on": today + timedelta(days=30)},
            ],
        )  # fmt: skip

    def overgrow_scorecard(self) -> None:
        """47 measures for one commodity supplier: the guard's warning."""
        supplier = self.supplier(data.OVERGROWN_SCORECARD)
        actor = self.users["maria"]
        names = [f"{name} {n}" if n else name
                 for n in range(3) for name in data.OVERGROWN_KPI_NAMES][:40]  # fmt: skip
        for number, name in enumerate(names, start=1):
            performance.define_kpi(
                actor,
                {"key": f"hedmark_{number:02d}", "name": name, "kind": "custom",
                 "direction": "higher", "unit": "points", "target": 5, "yellow_threshold": 4,
                 "red_threshold": 3, "weight": 1, "core": True},
                supplier=supplier,
            )  # fmt: skip

    def contact_pk(self, key: str, name: str) -> int:
        contact = self.contact(key, name)
        if contact is None:
            raise ValueError(f"Demo supplier {key}: no contact {name}.")
        return contact.pk

    def write_polyform_plan(self) -> None:
        key = "polyform"
        contact_map = [
            {"our_contact": self.contact_pk(key, ours),
             "their_contact": self.contact_pk(key, theirs), "level": level, "purpose": purpose}
            for ours, theirs, level, purpose in data.POLYFORM_PLAN_MAP
        ]  # fmt: skip
        plans.save_plan(
            self.users["maria"], self.supplier(key),
            {**data.POLYFORM_PLAN, "contact_map": contact_map,
             "contributor_ids": [self.contact_pk(key, "Joris de Vries")]},
            note="First plan, written with Joris de Vries after the sink-mark quarrel.",
        )  # fmt: skip
        plans.add_objective(
            self.users["maria"], self.supplier(key),
            {"title": "Hold the first monthly management review with Joris",
             "owner": self.users["maria"], "due_on": timezone.localdate() + timedelta(days=21)},
        )  # fmt: skip

    def start_polyform_recovery(self) -> None:
        key = "polyform"
        maria = self.users["maria"]
        plans.create_recovery_plan(
            maria, self.supplier(key),
            {**data.POLYFORM_RECOVERY,
             "people": [self.contact_pk(key, name) for name in ("Maria Keller", "Joris de Vries")],
             "review_on": timezone.localdate() + timedelta(days=60),
             "steps": [{"title": title, "owner": maria} for title in data.POLYFORM_RECOVERY_STEPS]},
        )  # fmt: skip

    def plan_sterilis_cadence(self) -> None:
        """The rhythm Sterilis actually keeps: nothing overdue."""
        bruno = self.users["bruno"]
        for kind, days, channels, ours, theirs in data.STERILIS_CADENCE:
            cadence.add_item(
                bruno, self.supplier("sterilis"),
                {"kind": kind, "interval_days": days, "channels": list(channels),
                 "our_level": ours, "their_level": theirs, "owner": bruno},
            )  # fmt: skip

    def hold_sterilis_health_check(self) -> None:
        cadence.record_health_check(
            self.users["bruno"], self.supplier("sterilis"), timezone.localdate(),
            data.STERILIS_CHECK_OURS, notes="Held with Claire after the quarterly review.",
        )  # fmt: skip

    def answer_sterilis_health_check(self) -> None:
        """Their side, through the portal once Claire has her login."""
        check = HealthCheck.objects.filter(supplier_id=self.supplier_ids["sterilis"]).latest("pk")
        theirs = data.STERILIS_CHECK_THEIRS
        cadence.record_answers(self.users["sterilis"], check, "supplier", theirs)

    def plan_rheinfracht_review(self) -> None:
        key = "rheinfracht"
        day = timezone.localtime(self.now).date() + timedelta(days=14)  # ahead of today
        start = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=10))
        cadence.add_item(
            self.users["tom"], self.supplier(key),
            {"kind": "quarterly_strategic", "interval_days": 91, "channels": ["business_review"],
             "our_level": "executive", "their_level": "executive", "owner": self.users["tom"],
             "planned_start": start, "planned_end": start + timedelta(hours=2),
             "location": "Rheinfracht, Duisburg"},
        )  # fmt: skip

    def sign_lumitron_nda(self) -> None:
        today = timezone.localdate()
        practices.record_agreement(
            self.users["maria"], self.supplier("lumitron"),
            {"kind": "mutual_nda", "signed_on": today,
             "expires_on": today + timedelta(days=3 * 365),
             "reference": "NDA-2025-014",
             "note": "Covers product roadmaps, allocation plans and tooling."},
        )  # fmt: skip

    def start_lumitron_roadmap_sharing(self) -> None:
        key = "lumitron"
        practices.start_practice(
            self.users["aisha"], self.supplier(key),
            {"kind": "roadmap_sharing", "started_on": timezone.localdate(),
             "owner": self.users["aisha"],
             "notes": "Twice a year we walk them through our product roadmap; they show us "
             "their capacity and technology plans in return."},
        )  # fmt: skip

    # --- supplier issues --------------------------------------------------------------
    def schedule_issues(self) -> None:
        """Each issue's beats on their own days; beats a few hours after the raise run with
        it, at their own time. An issue with a supplier whose agreement has an escalation
        path is replayed in one go just after the agreements are on record (they are
        recorded on the last day), with every time given explicitly, so that it is raised on
        the agreement's path. Then Elektra's breach, recovery plan and retrospective."""
        for spec in data.ISSUES:
            beats = self.issue_beats(spec)
            if spec.supplier in data.AGREEMENTS:
                self.at_day(AGREEMENT_ISSUES_DAYS_AGO, partial(self.replay_issue, spec, beats))
                continue
            self.at_day(spec.raised_days_ago, partial(self.raise_issue, spec, None))
            for after, beat in beats:
                if after < 1:  # hours later: in the same event, at its own time
                    self.at_day(spec.raised_days_ago, partial(self.beat_at, spec, after, beat))
                else:
                    self.at_day(spec.raised_days_ago - after, partial(beat, None))
        self.at_day(data.ELEKTRA_BREACH_DAYS_AGO, self.record_elektra_breach)
        self.at_day(data.ELEKTRA_RECOVERY_DAYS_AGO, self.start_elektra_recovery)
        self.at_day(data.ELEKTRA_FIRST_STEP_DONE_DAYS_AGO, self.complete_elektra_first_step)
        self.at_day(data.ELEKTRA_RETROSPECTIVE_DAYS_AGO, self.hold_elektra_retrospective)

    def issue(self, key: str) -> SupplierIssue:
        return SupplierIssue.objects.select_related("supplier").get(pk=self.issue_ids[key])

    def issue_beats(
        self, spec: data.DemoIssue
    ) -> list[tuple[float, Callable[[datetime | None], None]]]:
        """(days after raising, what happens) in time order; each action takes its moment
        (None: the loader's clock)."""
        beats: list[tuple[float, int, Callable[[datetime | None], None]]] = []
        for move in spec.moves:
            beats.append((move.after_days, 0, partial(self.move_issue, spec, move)))
        if spec.corrective_action_after_days is not None:
            beats.append((spec.corrective_action_after_days, 1,
                          partial(self.open_corrective_action, spec)))  # fmt: skip
        for answer in spec.answers:
            beats.append((answer.after_days, 2, partial(self.answer_discipline, spec, answer)))
        for step in spec.steps:
            beats.append((step.after_days, 3, partial(self.record_issue_step, spec, step)))
        for action in spec.actions:
            beats.append((action.after_days, 4, partial(self.add_issue_action, spec, action)))
            if action.done_after_days is not None:
                beats.append((action.done_after_days, 5,
                              partial(self.complete_issue_action, spec, action)))  # fmt: skip
        if spec.resolved_after_days is not None:
            beats.append((spec.resolved_after_days, 6, partial(self.resolve_issue, spec)))
        beats.sort(key=lambda b: (b[0], b[1]))
        return [(after, beat) for after, _, beat in beats]

    def replay_issue(
        self, spec: data.DemoIssue, beats: list[tuple[float, Callable[[datetime | None], None]]]
    ) -> None:
        raised_at = self.moment(spec.raised_days_ago)
        self.raise_issue(spec, raised_at)
        for after, beat in beats:
            beat(raised_at + timedelta(days=after))

    def beat_at(
        self, spec: data.DemoIssue, after: float, beat: Callable[[datetime | None], None]
    ) -> None:
        beat(self.issue(spec.key).raised_at + timedelta(days=after))

    def raise_issue(self, spec: data.DemoIssue, at: datetime | None) -> None:
        issue = conflicts.raise_issue(
            self.users[spec.by], self.supplier(spec.supplier),
            {"title": spec.title, "category": spec.category, "severity": spec.severity,
             "safety_impact": spec.safety_impact, "description": spec.description,
             "raised_by_side": spec.raised_by_side, "raised_at": at or timezone.now()},
        )  # fmt: skip
        self.issue_ids[spec.key] = issue.pk

    def move_issue(self, spec: data.DemoIssue, move: data.IssueMove, at: datetime | None) -> None:
        conflicts.move(self.users[spec.by], self.issue(spec.key), move.to_level, move.reason, at=at)

    def record_issue_step(
        self, spec: data.DemoIssue, step: data.IssueStep, at: datetime | None
    ) -> None:
        fields: dict[str, object] = {"ours": step.ours, "theirs": step.theirs}
        if step.step == "follow_up":
            fields["held"] = step.held
        conflicts.record_step(self.users[spec.by], self.issue(spec.key), step.step, fields)

    def their_contact(self, key: str, function: str) -> Contact:
        people = Contact.objects.filter(
            supplier_id=self.supplier_ids[key], side="supplier", archived=False
        ).order_by("pk")
        found = people.filter(function=function).first() or people.first()
        if found is None:
            raise ValueError(f"Demo supplier {key}: no contact of its own.")
        return found

    def add_issue_action(
        self, spec: data.DemoIssue, action: data.IssueAction, at: datetime | None
    ) -> None:
        raised = timezone.localtime(self.issue(spec.key).raised_at).date()
        conflicts.add_action(
            self.users[spec.by], self.issue(spec.key),
            {"title": action.title, "due_on": raised + timedelta(days=action.due_after_days),
             "owner": self.users[action.owner] if action.owner else None,
             "owner_contact": None if action.owner else
             self.their_contact(spec.supplier, action.owner_function)},
        )  # fmt: skip

    def complete_issue_action(
        self, spec: data.DemoIssue, action: data.IssueAction, at: datetime | None
    ) -> None:
        issue = self.issue(spec.key)
        item = next(i for i in conflicts.actions_of(issue) if i.title == action.title)
        day = timezone.localtime(at).date() if at else None
        actions.complete_action_item(self.users[spec.by], item, on=day)

    def open_corrective_action(self, spec: data.DemoIssue, at: datetime | None) -> None:
        due = timezone.localdate() + timedelta(days=spec.corrective_action_due_days)
        conflicts.open_corrective_action(self.users[spec.by], self.issue(spec.key), due)

    def answer_discipline(
        self, spec: data.DemoIssue, answer: data.IssueAnswer, at: datetime | None
    ) -> None:
        car = self.issue(spec.key).corrective_action
        conflicts.answer_discipline(self.users[spec.by], car, answer.key, answer.text, answer.side)

    def resolve_issue(self, spec: data.DemoIssue, at: datetime | None) -> None:
        conflicts.resolve(self.users[spec.by], self.issue(spec.key), spec.resolution, at=at)

    def record_elektra_breach(self) -> None:
        conflicts.record_breach(
            self.actor_for("elektra"), self.supplier("elektra"),
            {"kind": "hidden_problem", "description": data.ELEKTRA_BREACH,
             "occurred_on": timezone.localdate()},
        )  # fmt: skip

    def start_elektra_recovery(self) -> None:
        """The recovery plan answering the breach, linked to it."""
        key, tom = "elektra", self.actor_for("elektra")
        review_on = timezone.localtime(self.now).date() + timedelta(
            days=data.ELEKTRA_RECOVERY_REVIEW_DAYS_AHEAD
        )
        people = [self.their_contact(key, "quality").pk, self.contact_pk(key, tom.display_name)]
        recovery, _ = plans.create_recovery_plan(
            tom, self.supplier(key),
            {**data.ELEKTRA_RECOVERY, "people": people, "review_on": review_on,
             "steps": [{"title": title, "owner": tom} for title in data.ELEKTRA_RECOVERY_STEPS]},
        )  # fmt: skip
        breach = Breach.objects.filter(supplier_id=self.supplier_ids[key]).latest("pk")
        conflicts.link_recovery_plan(tom, breach, recovery)

    def complete_elektra_first_step(self) -> None:
        item = ActionItem.objects.get(
            supplier_id=self.supplier_ids["elektra"], title=data.ELEKTRA_RECOVERY_STEPS[0]
        )
        actions.complete_action_item(self.actor_for("elektra"), item)

    def hold_elektra_retrospective(self) -> None:
        conflicts.record_retrospective(
            self.actor_for("elektra"),
            self.supplier("elektra"),
            {**data.ELEKTRA_RETROSPECTIVE, "held_on": timezone.localdate()},
        )


def load(now: datetime | None = None) -> LoadSummary:
    """Load the demo portfolio into an empty database; returns what was created."""
    started = time.monotonic()
    with transaction.atomic():
        loader = _Loader(now or timezone.now())
        loader.schedule()
        loader.run()
    return LoadSummary(
        users=User.objects.count(),
        categories=Category.objects.count(),
        suppliers=Supplier.objects.count(),
        active_suppliers=Supplier.objects.filter(status="active").count(),
        contacts=Contact.objects.count(),
        seconds=time.monotonic() - started,
        segmented=SegmentationProfile.objects.count(),
        interactions=Interaction.objects.count(),
        trust_entries=TrustEntry.objects.count(),
        health_days=HealthSnapshot.objects.order_by().values("as_of").distinct().count(),
        alerts=Alert.objects.count(),
        open_alerts=Alert.objects.filter(status=Alert.Status.OPEN).count(),
    )


def logins() -> list[tuple[str, str]]:
    """(username, what they can do) for each demo login, in the order of `data.USERS`."""
    labels = dict(Role.choices)
    supplier_names = {s.key: s.name for s in data.SUPPLIERS}
    rows = []
    for user in data.USERS:
        label = str(labels[user.role])
        if user.supplier:
            label = f"{label}, {supplier_names[user.supplier]}"
        rows.append((user.username, f"{user.first_name} {user.last_name} — {label}"))
    return rows
