"""The demo's relationship signals: interactions, trust entries, a year of health snapshots
and the alerts they raised, told as the stories in `partnerbook.demo.data.STORY`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import Avg, Count
from django.test import override_settings
from django.utils import timezone

from partnerbook.accounts.models import Role
from partnerbook.alerts.models import Alert
from partnerbook.demo import data, loader
from partnerbook.relationship import domain, services
from partnerbook.relationship.models import HealthSnapshot, Interaction, TrustEntry
from partnerbook.suppliers.models import Contact, Supplier

MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
# The stories that are meant to raise findings; nobody else should.
FLAGGED_ON_PURPOSE = {data.STORY[k] for k in ("drifting", "owner_turnover", "spent_trust")}
STEADY_STORIES = ("gain_share", "quiet_steady", "early_warning_call")


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load the demo once for this module, in a transaction rolled back at the end; each
    test still runs in its own savepoint (the `db` fixture)."""
    with (
        override_settings(PASSWORD_HASHERS=[MD5_HASHER]),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield loader.load()
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    return loaded


def supplier(story: str) -> Supplier:
    name = next(s.name for s in data.SUPPLIERS if s.key == data.STORY[story])
    return Supplier.objects.get(name=name)


def latest(story: str) -> HealthSnapshot:
    snapshot = services.health_of(supplier(story))
    assert snapshot is not None, story
    return snapshot


def findings(snapshot: HealthSnapshot) -> dict[str, dict[str, object]]:
    return {f["signal"]: f for f in snapshot.findings}


def test_the_load_reports_what_it_made(demo):
    # How long it takes is a benchmark's business (bench/), not a test's.
    assert 300 <= demo.interactions == Interaction.objects.count() <= 3000
    assert demo.alerts == Alert.objects.count() > demo.open_alerts > 0
    assert demo.health_days >= 20
    assert f"{demo.interactions} interactions" in demo.line()


def test_the_drifting_supplier_is_flagged_with_evidence(demo):
    snapshot = latest("drifting")
    found = findings(snapshot)
    assert {"suggestions", "response_time", "formality"} <= set(found)
    assert snapshot.light == "red"
    suggestions, answers = found["suggestions"], found["response_time"]
    assert "in 365 days" in str(suggestions["baseline"])
    assert str(suggestions["recent"]).startswith("0 in 90 days")
    assert "hours" in str(answers["baseline"]) and "days" in str(answers["recent"])
    for finding in found.values():
        assert finding["baseline"] and finding["recent"] and finding["explanation"]
    open_alerts = Alert.objects.filter(supplier=supplier("drifting"), status=Alert.Status.OPEN)
    by_subject = {a.subject: a for a in open_alerts}
    assert {"suggestions", "response_time"} <= set(by_subject)
    assert (
        by_subject["suggestions"].kind == by_subject["response_time"].kind == ("relationship.drift")
    )
    # The drift is recent: its alerts were first raised within the last two months or so.
    today = timezone.localdate()
    for alert in open_alerts:
        assert today - timedelta(days=70) <= alert.raised_on <= today, alert.subject
        assert alert.evidence["finding"]["signal"] == alert.subject


def test_the_drifting_supplier_went_quiet_after_a_good_baseline(demo):
    nordpack = supplier("drifting")
    today = timezone.localdate()
    recent_start = today - timedelta(days=90)
    baseline_start = recent_start - timedelta(days=365)
    ideas = Interaction.objects.filter(supplier=nordpack, signals__tag="unsolicited_suggestion")
    assert not ideas.filter(occurred_on__gt=recent_start).exists()
    assert ideas.filter(occurred_on__gt=baseline_start, occurred_on__lte=recent_start).count() >= 30
    notes = Interaction.objects.filter(supplier=nordpack, formality__isnull=False)
    recent_formality = notes.filter(occurred_on__gt=recent_start).aggregate(f=Avg("formality"))
    earlier_formality = notes.filter(occurred_on__lte=recent_start).aggregate(f=Avg("formality"))
    assert recent_formality["f"] > earlier_formality["f"] + 30
    cancelled = Interaction.objects.filter(supplier=nordpack, subject__icontains="cancelled")
    assert cancelled.filter(occurred_on__gt=recent_start).count() == 2
    disputes = nordpack.interactions.filter(signals__tag="minor_dispute")
    assert disputes.filter(occurred_on__gt=recent_start).count() in {1, 2}
    # One of our requests is still waiting for an answer.
    assert services.unanswered_requests(nordpack)


def test_the_drifting_supplier_changed_hands_and_each_owner_logged_their_part(demo):
    nordpack = supplier("drifting")
    spells = list(nordpack.owner_assignments.order_by("started_at"))
    assert [s.owner.username for s in spells] == ["tom", "aisha"]
    handover = spells[1].started_at
    assert timezone.now() - timedelta(days=290) < handover < timezone.now() - timedelta(days=230)
    ours = {c.name: c.archived for c in nordpack.contacts.filter(side="ours", job_title="Buyer")}
    assert ours == {"Tom Becker": True, "Aisha Rahman": False}
    logged = nordpack.interactions.values_list("created_at", "created_by__username")
    assert {who for when, who in logged if when < handover} == {"tom"}
    assert {who for when, who in logged if when > handover} == {"aisha"}


@pytest.mark.parametrize("story", STEADY_STORIES)
def test_the_steady_stories_raise_nothing(demo, story):
    snapshots = HealthSnapshot.objects.filter(supplier=supplier(story))
    assert snapshots.count() >= 20
    assert all(s.findings == [] for s in snapshots), story
    assert latest(story).score is not None
    assert latest(story).light in {"green", "yellow"}
    assert not Alert.objects.filter(supplier=supplier(story)).exists()


def test_the_gain_share_partner_is_busy_and_green(demo):
    sterilis = supplier("gain_share")
    today = timezone.localdate()
    recent = sterilis.interactions.filter(occurred_on__gt=today - timedelta(days=90))
    assert recent.count() >= 10
    assert recent.filter(signals__tag="unsolicited_suggestion").count() >= 2
    assert sterilis.interactions.filter(channel="business_review").count() >= 4
    assert latest("gain_share").light == "green"


def test_the_quiet_supplier_is_heard_from_every_few_weeks(demo):
    quiet = supplier("quiet_steady")
    days = sorted(quiet.interactions.values_list("occurred_on", flat=True))
    assert 8 <= len(days) <= 30
    gaps = [(b - a).days for a, b in zip(days, days[1:], strict=False)]
    assert sum(gaps) / len(gaps) >= 20
    assert quiet.interactions.filter(signals__tag="unsolicited_suggestion").count() <= 3


def test_the_component_supplier_warned_early_and_earned_a_deposit(demo):
    lumitron = supplier("early_warning_call")
    call = lumitron.interactions.get(signals__tag="early_warning")
    assert call.channel in {"informal_checkin", "call"} and call.initiated_by == "supplier"
    assert set(call.signals.values_list("tag", flat=True)) == {
        "early_warning",
        "information_shared",
    }
    assert "invoice" in call.notes.lower()
    ledger = services.ledger_of(lumitron, services.current_config())
    sources = {line.source: line for line in ledger.lines}
    assert sources["early_warning"].points > 0
    assert sources["manual"].points > 0 and "invoice" in sources["manual"].label.lower()
    assert ledger.balance > 0
    deposit = TrustEntry.objects.get(supplier=lumitron)
    assert deposit.created_by.role == Role.BUYER


def test_the_rotating_door_is_flagged_and_one_alert_was_handled(demo):
    transmarine = supplier("owner_turnover")
    assert "owner_turnover" in findings(latest("owner_turnover"))
    assert transmarine.interactions.count() >= 10
    handled = Alert.objects.filter(supplier=transmarine, status=Alert.Status.ACKNOWLEDGED)
    assert handled.count() >= 1
    for alert in handled:
        assert alert.kind == "relationship.turnover" and alert.note.strip()
        assert alert.handled_by.role == Role.BUYER
        assert alert.raised_on <= alert.handled_at.date() < timezone.localdate()


def test_the_inbox_holds_open_and_handled_alerts_from_past_dates(demo):
    statuses = set(Alert.objects.values_list("status", flat=True))
    assert {Alert.Status.OPEN, Alert.Status.ACKNOWLEDGED} <= statuses
    assert Alert.objects.exclude(note="").filter(status=Alert.Status.ACKNOWLEDGED).exists()
    raised = Alert.objects.values("raised_on").distinct().count()
    assert raised >= 3
    assert not Alert.objects.filter(created_at__gt=timezone.now()).exists()


def test_every_supplier_has_a_health_trend_over_the_past_year(demo):
    days = sorted(set(HealthSnapshot.objects.values_list("as_of", flat=True)))
    today = timezone.localdate()
    assert days[-1] == today and (today - days[0]).days >= 300
    assert len(days) >= 20
    trend = services.health_trend(supplier("gain_share"))
    assert len(trend) >= 20
    watched = Supplier.objects.filter(archived=False, status__in=services.WATCHED_STATUSES)
    per_supplier = HealthSnapshot.objects.order_by().values("supplier").annotate(n=Count("pk"))
    assert {row["supplier"] for row in per_supplier} == set(watched.values_list("pk", flat=True))


def test_the_health_list_shows_a_spread_and_no_accidental_drift(demo):
    counts = services.light_counts(Supplier.objects.all())
    assert counts["green"] >= 15 and counts["yellow"] >= 3 and 1 <= counts["red"] <= 3
    flagged = {
        name
        for name, found in HealthSnapshot.objects.values_list("supplier__name", "findings")
        if found
    }
    on_purpose = {s.name for s in data.SUPPLIERS if s.key in FLAGGED_ON_PURPOSE}
    assert flagged == on_purpose
    # relationship signals; other apps' checks (e.g. coverage) may raise their own kinds
    signal_alerts = Alert.objects.filter(kind__startswith="relationship.")
    assert {a.supplier.name for a in signal_alerts.select_related("supplier")} == on_purpose


def test_people_in_the_stories_are_linked_to_their_interactions(demo):
    nordpack = supplier("drifting")
    linnea = Contact.objects.get(supplier=nordpack, name="Linnea Berg")
    assert linnea.interactions.count() >= 10
    with_us = nordpack.interactions.filter(participants__isnull=False).distinct()
    assert with_us.exists()


# --- the signals as data (no database) ----------------------------------------------------


def test_signal_data_is_consistent():
    specs = {s.key: s for s in data.SUPPLIERS}
    assert not set(data.SIGNALS) & set(data.BACKGROUND)
    assert set(data.SIGNALS) | set(data.BACKGROUND) <= set(specs)
    assert set(data.BACKGROUND.values()) <= set(data.PROFILES)
    assert FLAGGED_ON_PURPOSE | {data.STORY[k] for k in STEADY_STORIES} <= set(data.SIGNALS)
    for key in (*data.SIGNALS, *data.BACKGROUND):
        assert specs[key].status not in {"prospect", "exited"}, key
    rhythms = [r for p in data.PROFILES.values() for r in p]
    touches = []
    for key, story in data.SIGNALS.items():
        rhythms += story.rhythms
        touches += story.touches
        names = {c.name for c in specs[key].contacts if c.side == "supplier"}
        for touch in story.touches:
            assert set(touch.contacts) <= names, (key, touch.subject)
        for move in story.trust:
            assert move.points and move.reason.strip() and move.days_ago > 0
    for item in (*rhythms, *touches):
        assert item.channel in domain.CHANNELS
        assert item.initiated_by in {"ours", "supplier"}
        assert set(item.tags) <= set(domain.TAGS)
        assert item.request_kind in {"", *domain.REQUEST_KINDS}
        assert item.request_side in {"ours", "supplier"}
    for rhythm in rhythms:
        assert rhythm.every_days >= 7 and rhythm.notes and rhythm.subjects
    for touch in touches:
        assert touch.days_ago > 0 and touch.notes.strip() and touch.subject.strip()
    for handling in data.ALERT_HANDLING:
        assert handling.supplier in data.SIGNALS and handling.note.strip()
