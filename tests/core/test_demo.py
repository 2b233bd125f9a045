"""`partnerbook demo`: what the demo portfolio contains and how --if-empty and --reset behave."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Avg, Count, DateTimeField, Q, Sum
from django.test import override_settings
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from partnerbook.accounts.models import Role, User
from partnerbook.alerts.models import Alert
from partnerbook.demo import data, loader, portal_work
from partnerbook.demo.loader import _working_hours
from partnerbook.relationship import domain as relationship_domain
from partnerbook.relationship import services as relationship
from partnerbook.relationship.models import HealthSnapshot, Interaction, TrustEntry
from partnerbook.segmentation import domain, services
from partnerbook.segmentation.models import (
    AlignmentAssessment,
    MaturityMove,
    ScoringSettings,
    SegmentationProfile,
)
from partnerbook.suppliers.domain import Status, transition_error
from partnerbook.suppliers.models import Category, Contact, OwnerAssignment, Supplier
from tests.factories import SupplierFactory, UserFactory
from tests.large_data import settle_deferred_constraints

MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "suppliers": Supplier.objects.count(),
        "contacts": Contact.objects.count(),
        "categories": Category.objects.count(),
        "owner_spells": OwnerAssignment.objects.count(),
        "segmentation_profiles": SegmentationProfile.objects.count(),
        "maturity_moves": MaturityMove.objects.count(),
        "alignment_assessments": AlignmentAssessment.objects.count(),
        "scoring_settings": ScoringSettings.objects.count(),
        "interactions": Interaction.objects.count(),
        "trust_entries": TrustEntry.objects.count(),
        "health_snapshots": HealthSnapshot.objects.count(),
        "alerts": Alert.objects.count(),
    }


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once for the module, inside a transaction rolled back at the end.

    Each test still runs in its own savepoint (the `db` fixture), so tests that change
    data do not affect one another.
    """
    # Same fast hasher as the suite's autouse fixture, which runs later (per test).
    fast_hashing = override_settings(PASSWORD_HASHERS=[MD5_HASHER])
    with fast_hashing, django_db_blocker.unblock(), transaction.atomic():
        assert not Supplier.objects.exists(), "the shared load must start from an empty database"
        output = run_demo("--if-empty")
        settle_deferred_constraints()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, db):
    return demo_output


# These need an empty database, so they run before the module's shared demo load.


# Dates that are in the future on purpose: a meeting planned for the coming weeks.
PLANNED_AHEAD = {"planned_start", "planned_end", "expires_at"}  # an invitation link expires ahead


@pytest.mark.django_db
def test_a_demo_loaded_just_after_midnight_dates_nothing_after_its_clock():
    if connection.vendor != "sqlite":
        # The loader works its dates out in Python, whatever the database; the SQLite pass
        # checks them, and a second full load here would add a minute to the suite.
        pytest.skip("checked on the SQLite pass: the demo's dates do not depend on the database")
    """Regression: loaded at 00:07, 'today' squeezed into 08:00-17:00 landed in the future."""
    clock = (timezone.now() - timedelta(days=1)).replace(hour=0, minute=7)
    with override_settings(PASSWORD_HASHERS=[MD5_HASHER]):
        loader.load(now=clock)
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.name in PLANNED_AHEAD:
                continue
            if isinstance(field, DateTimeField) and field.concrete:
                late = model._default_manager.filter(**{f"{field.name}__gt": clock})
                assert not late.exists(), f"{model.__name__}.{field.name} after the clock"


@pytest.mark.django_db
def test_if_empty_skips_a_database_that_only_has_users():
    UserFactory(username="ada", role=Role.ADMIN)
    assert "not loaded" in run_demo("--if-empty")
    assert Supplier.objects.count() == 0


@pytest.mark.django_db
def test_without_flags_it_refuses_to_load_over_existing_data():
    UserFactory(username="ada", role=Role.ADMIN)
    with pytest.raises(CommandError, match="--reset"):
        run_demo()
    assert Supplier.objects.count() == 0 and User.objects.count() == 1


class TestTheLoadedDemo:
    """Tests sharing one load of the demo (see the module-scoped fixture above)."""

    def test_it_loads_at_least_forty_suppliers_in_every_lifecycle_status(self, demo):
        assert Supplier.objects.count() >= 40
        statuses = set(Supplier.objects.values_list("status", flat=True))
        assert statuses == {s.value for s in Status}
        active = Supplier.objects.filter(status="active").count()
        assert active > Supplier.objects.count() / 2
        assert Supplier.objects.filter(archived=True).exists()
        assert set(Supplier.objects.values_list("currency", flat=True)) >= {"EUR", "USD"}
        assert Supplier.objects.values("country").distinct().count() >= 8

    def test_it_prints_a_summary_and_the_demo_logins(self, demo):
        assert "Demo portfolio loaded" in demo
        assert f"{Supplier.objects.count()} suppliers" in demo
        assert f"{SegmentationProfile.objects.count()} segmented" in demo
        assert f"{Interaction.objects.count()} interactions" in demo
        assert data.DEMO_PASSWORD in demo
        for username in ("demo", "maria", "bruno", "vera", "nordpack"):
            assert f"  {username} " in demo

    def test_categories_include_a_parent_with_children(self, demo):
        steel = Category.objects.select_related("parent").get(name="Steel")
        assert steel.parent is not None and steel.parent.name == "Direct materials"
        assert Category.objects.get(name="Medical packaging").parent.name == "Packaging"
        names = set(Category.objects.values_list("name", flat=True))
        assert {"Electronic components", "Logistics", "Lumber", "Brake systems",
                "Office supplies", "Software services"} <= names  # fmt: skip

    def test_every_supplier_has_contacts_on_both_sides(self, demo):
        lonely = Supplier.objects.annotate(
            ours=Count("contacts", filter=Q(contacts__side="ours")),
            theirs=Count("contacts", filter=Q(contacts__side="supplier")),
        ).filter(Q(ours=0) | Q(theirs=0))
        assert list(lonely.values_list("name", flat=True)) == []
        levels = set(Contact.objects.values_list("level", flat=True))
        assert levels == {"executive", "management", "operational"}
        assert (
            not Contact.objects.filter(side="supplier").exclude(email__endswith=".example").exists()
        )

    def test_every_role_has_a_demo_login_with_the_demo_password(self, demo):
        assert set(User.objects.values_list("role", flat=True)) == {r.value for r in Role}
        admin = authenticate(username="demo", password=data.DEMO_PASSWORD)
        assert admin is not None and admin.is_staff and admin.is_superuser
        assert admin.get_full_name() == "Dana Demo"
        assert authenticate(username="nordpack", password=data.DEMO_PASSWORD) is not None
        internal = User.objects.exclude(role=Role.SUPPLIER_CONTACT)
        assert internal.filter(supplier__isnull=False).count() == 0
        assert internal.filter(role=Role.BUYER).count() == 3

    def test_portal_users_are_tied_to_their_supplier(self, demo):
        portal = User.objects.filter(role=Role.SUPPLIER_CONTACT).select_related("supplier")
        assert {u.username: u.supplier.name for u in portal} == {
            "nordpack": "Nordpack",
            "sterilis": "Sterilis Medical Packaging",
            "datawell": "Datawell Analytics",
        }
        # The portal user is also one of that supplier's own contacts.
        nordpack = User.objects.get(username="nordpack")
        assert nordpack.supplier.contacts.filter(side="supplier", email=nordpack.email).exists()

    def test_history_names_who_acted_and_spreads_over_past_years(self, demo):
        histories = Supplier.history.all()
        assert not histories.filter(history_user__isnull=True).exists()
        created = histories.filter(history_type="+")
        assert created.count() == Supplier.objects.count()
        # Existing business is registered active; the newer suppliers start as prospects.
        assert set(created.values_list("status", flat=True)) == {"prospect", "active"}
        ostmark = Supplier.objects.get(external_id="ERP-10011")
        assert ostmark.history.earliest("history_date").status == "active"
        datawell = Supplier.objects.get(name="Datawell Analytics")
        moves = list(
            datawell.history.filter(history_change_reason__startswith="Status:")
            .order_by("history_date")
            .values_list("status", "history_user__username")
        )
        assert moves == [("vetting", "aisha"), ("pilot", "aisha"), ("active", "maria")]
        oldest = histories.order_by("history_date").first().history_date
        assert oldest < timezone.now() - timedelta(days=365 * 3)
        assert histories.order_by("-history_date").first().history_date < timezone.now()

    def test_the_owner_turnover_story_shows_in_owner_spells(self, demo):
        supplier = Supplier.objects.get(name="Transmarine Forwarding")
        spells = list(
            supplier.owner_assignments.order_by("started_at").values_list(
                "owner__username", "ended_at"
            )
        )
        assert [owner for owner, _ in spells] == ["bruno", "aisha", "tom", "bruno"]
        assert [ended is None for _, ended in spells] == [False, False, False, True]
        assert supplier.relationship_owner.username == "bruno"
        owners = set(Supplier.objects.values_list("relationship_owner__username", flat=True))
        assert {"bruno", "aisha", "tom"} <= owners

    def test_the_story_suppliers_carry_their_signals(self, demo):
        by_key = {s.key: s.name for s in data.SUPPLIERS}
        gain_share = Supplier.objects.get(name=by_key[data.STORY["gain_share"]])
        assert gain_share.tags.filter(name="gain-share").exists()
        assert "commodity" in {
            t.name
            for t in Supplier.objects.get(
                name=by_key[data.STORY["over_invested_commodity"]]
            ).tags.all()
        }
        assert "slow" in Supplier.objects.get(
            name=by_key[data.STORY["drifting"]]
        ).notes.lower() or (
            "week or more" in Supplier.objects.get(name=by_key[data.STORY["drifting"]]).notes
        )
        dominant = Supplier.objects.get(name=by_key[data.STORY["concentration"]])
        category_spend = Supplier.objects.filter(category=dominant.category).aggregate(
            total=Sum("annual_spend")
        )["total"]
        assert dominant.annual_spend / category_spend > 0.8

    def test_if_empty_loads_into_an_empty_database(self, demo):
        # The shared load above is `demo --if-empty` on an empty database.
        assert "Demo portfolio loaded" in demo
        # The story's suppliers, and the prospects found for the packaging sourcing project.
        assert Supplier.objects.count() == len(data.SUPPLIERS) + len(data.BOX_PROSPECTS)

    def test_if_empty_is_a_no_op_when_data_exists(self, demo):
        before = counts()
        output = run_demo("--if-empty")
        assert "not loaded" in output and "already has" in output
        assert counts() == before

    def test_reset_replaces_everything_without_duplicates(self, demo):
        before = counts()
        SupplierFactory(name="Leftover supplier")
        UserFactory(username="leftover", role=Role.VIEWER)
        output = run_demo("--reset")
        assert "Demo portfolio loaded" in output
        assert counts() == before
        assert not Supplier.objects.filter(name="Leftover supplier").exists()
        assert not User.objects.filter(username="leftover").exists()
        assert Supplier.objects.values("name").distinct().count() == before["suppliers"]
        # The audit trail starts again too: one creation record per supplier.
        assert Supplier.history.filter(history_type="+").count() == before["suppliers"]

    def test_reset_and_if_empty_cannot_be_combined(self, demo):
        with pytest.raises(CommandError):
            run_demo("--reset", "--if-empty")


def by_key(key: str) -> Supplier:
    name = next(s.name for s in data.SUPPLIERS if s.key == key)
    return Supplier.objects.get(name=name)


def segmentation_of(key: str) -> services.Segmentation:
    return services.segmentation_of(by_key(key))


def current_suppliers() -> list[Supplier]:
    return list(Supplier.objects.filter(archived=False).exclude(status="exited"))


class TestTheSegmentationStory:
    """The segmentation storylines, checked on the computed results (same demo load)."""

    def test_every_quadrant_has_a_supplier_by_computed_placement(self, demo):
        computed: dict[str, set[str]] = {}
        for supplier in current_suppliers():
            quadrant = services.segmentation_of(supplier).placement.quadrant
            if quadrant is not None:
                computed.setdefault(quadrant.value, set()).add(supplier.name)
        assert set(computed) == {q.value for q in domain.Quadrant}
        assert "Ostmark Stahlhandel" in computed["strategic"]
        assert {"Brennwald Bremssysteme", "Lumitron Components"} <= computed["opportunistic"]
        assert computed["avoid"] == {by_key(data.STORY["avoid"]).name}
        assert "Büroprofi Direkt" in computed["operational"]

    def test_some_suppliers_are_unplaced_and_some_are_only_partly_known(self, demo):
        # The sourcing project's new prospects are unplaced too; the story's own few are.
        prospects = {name for name, _ in data.BOX_PROSPECTS}
        story = [s for s in current_suppliers() if s.name not in prospects]
        unplaced = {s.name for s in story if services.segmentation_of(s).quadrant is None}
        profiled = set(SegmentationProfile.objects.values_list("supplier__name", flat=True))
        without_factors = {s.name for s in story} - profiled
        assert unplaced == without_factors and 3 <= len(unplaced) <= 4
        overview = services.portfolio(User.objects.get(username="maria"))
        assert overview.by_quadrant["unplaced"]["count"] == len(unplaced) + len(prospects)
        castello = segmentation_of("castello")
        assert castello.placement.confidence == 0 and castello.placement.value.score is None
        partial = [segmentation_of(key) for key in ("brightwave", "greenfold", "danube_rail")]
        for result in partial:
            assert result.quadrant is not None
            assert 0 < result.placement.confidence < 1
            assert result.placement.risk.missing or result.placement.value.missing
        assert segmentation_of("ostmark").placement.confidence == 1

    def test_us_dollar_spend_counts_in_euros(self, demo):
        settings_obj = services.get_settings()
        assert settings_obj.reporting_currency == "EUR"
        assert settings_obj.exchange_rates["USD"] == pytest.approx(0.92)
        used = set(Supplier.objects.values_list("currency", flat=True)) - {"EUR"}
        assert used and used <= set(settings_obj.exchange_rates)
        assert settings_obj.history.latest().history_user.username == "demo"
        lumitron = segmentation_of("lumitron")
        total = services.portfolio_spend_total(settings_obj)
        assert lumitron.factors.spend_share == pytest.approx(2_800_000 * 0.92 / total)

    def test_the_lumber_commodity_is_run_as_a_partnership_against_the_advice(self, demo):
        key = data.STORY["over_invested_commodity"]
        result = segmentation_of(key)
        assert result.profile.commodity is True
        assert result.fit.recommended == domain.EngagementModel.TRANSACTIONAL
        assert result.profile.chosen_model == "partnership"
        assert result.model_mismatch
        assert any("Commodity" in r.text for r in result.fit.reasons)

    def test_kodewerk_expects_a_partnership_we_run_transactionally(self, demo):
        result = segmentation_of(data.STORY["expectation_gap"])
        assert result.profile.our_expectation == "transactional"
        assert result.profile.supplier_expectation in {"collaborative", "strategic"}
        assert result.profile.supplier_expectation_source == "buyer"
        gap = result.gap
        assert gap is not None and gap.flagged and gap.distance > 1
        assert "higher management level" in gap.suggestion
        # The reverse case: we expect more than the supplier does.
        reverse = segmentation_of(data.STORY["reverse_expectation_gap"]).gap
        assert reverse is not None and reverse.flagged and reverse.distance < -1

    def test_weak_finances_push_a_strategic_supplier_into_opportunistic(self, demo):
        result = segmentation_of(data.STORY["financial_risk"])
        assert result.factors.financial_health in {1, 2}
        assert result.quadrant == result.placement.quadrant == domain.Quadrant.OPPORTUNISTIC
        assert result.placement.confidence == 1
        risk = result.placement.risk.contributions
        biggest = max(risk, key=lambda c: c.points)
        assert biggest.factor == "financial_health"
        assert all(c.points < biggest.points for c in risk if c is not biggest)
        # With average finances, and everything else unchanged, it would be strategic.
        config = services.config_from(services.get_settings())
        average = dataclasses.replace(result.factors, financial_health=3)
        assert domain.place(average, config).quadrant == domain.Quadrant.STRATEGIC

    def test_a_manager_overrode_one_computed_quadrant_with_a_reason(self, demo):
        result = segmentation_of(data.STORY["quadrant_override"])
        assert result.placement.quadrant == domain.Quadrant.OPERATIONAL
        assert result.quadrant == domain.Quadrant.STRATEGIC and result.overridden
        profile = result.profile
        assert profile.overridden_by.username == "maria"
        assert "cart frame" in profile.override_reason
        assert profile.overridden_at < timezone.now()
        record = profile.history.filter(history_change_reason__startswith="Quadrant overridden")
        assert record.get().history_user.username == "maria"
        assert SegmentationProfile.objects.exclude(quadrant_override="").count() == 1

    def test_maturity_timelines_are_dated_in_the_past_with_evidence(self, demo):
        today = timezone.localdate()
        timelines = {
            s.name: services.maturity_timeline(s)
            for s in Supplier.objects.filter(maturity_moves__isnull=False).distinct()
        }
        assert 3 <= len(timelines) <= 5
        for name, moves in timelines.items():
            assert 2 <= len(moves) <= 3, name
            dates = [m.moved_on for m in moves]
            assert dates == sorted(dates) and len(set(dates)) == len(dates), name
            assert dates[-1] < today, name
            assert all(m.evidence.strip() and m.moved_by.role == Role.BUYER for m in moves)
            assert [m.from_stage for m in moves[1:]] == [m.to_stage for m in moves[:-1]]
            profile = SegmentationProfile.objects.get(supplier__name=name)
            assert profile.maturity_stage == moves[-1].to_stage, name
        oldest = MaturityMove.objects.order_by("moved_on").first()
        assert oldest is not None and oldest.moved_on < today - timedelta(days=365 * 3)
        transmarine = timelines["Transmarine Forwarding"]
        # The owner of the day recorded each move, also across owner changes.
        assert [m.moved_by.username for m in transmarine] == ["aisha", "tom"]
        assert transmarine[-1].to_stage == "transactional"

    def test_the_gain_share_partnership_reached_the_strategic_stage(self, demo):
        result = segmentation_of(data.STORY["gain_share"])
        assert result.profile.shared_risk_reward is True
        assert result.profile.chosen_model == "partnership"
        assert result.fit.recommended == domain.EngagementModel.PARTNERSHIP
        assert not result.model_mismatch
        assert result.quadrant == domain.Quadrant.STRATEGIC
        assert any("shared" in r.text.lower() for r in result.fit.reasons)
        moves = services.maturity_timeline(by_key(data.STORY["gain_share"]))
        assert [m.to_stage for m in moves] == ["cooperative", "collaborative", "strategic"]
        assert result.next_stage is None

    def test_alignment_assessments_show_improvement_and_weak_sides(self, demo):
        today = timezone.localdate()
        assessed = {
            s.key: services.alignment_history(by_key(s.key))
            for s in data.SUPPLIERS
            if data.SEGMENTATION.get(s.key) and data.SEGMENTATION[s.key].alignment
        }
        assert 3 <= len(assessed) <= 4
        for key, history in assessed.items():
            assert len(history) == 2, key
            (latest, _), (earlier, _) = history
            assert earlier.assessed_on < latest.assessed_on < today, key
        # Morava's single assessment belongs to the playbook story (its decision checklist).
        others = AlignmentAssessment.objects.exclude(supplier__name="Morava Friction")
        assert others.count() == 2 * len(assessed)

        def total(reading: domain.AlignmentReading) -> float:
            return sum(reading.averages.values())

        (_, sterilis_now), (_, sterilis_then) = assessed["sterilis"]
        assert total(sterilis_now) > total(sterilis_then)
        (_, nordpack_now), (_, nordpack_then) = assessed["nordpack"]
        assert total(nordpack_now) < total(nordpack_then)
        assert nordpack_now.weakest == nordpack_now.biggest_disagreement == "values"
        (_, kodewerk_now), _ = assessed["kodewerk"]
        assert kodewerk_now.weakest == kodewerk_now.biggest_disagreement == "goals"
        (brennwald_now, reading), _ = assessed["brennwald"]
        assert reading.weakest == "capabilities"
        assert "second site" in brennwald_now.our_capabilities_note

    def test_portfolio_guidance_fires_on_the_stories(self, demo):
        overview = services.portfolio(User.objects.get(username="maria"))
        checks = {c.code: c for c in overview.guidance}
        assert set(checks) == {"strategic_outside_top", "model_mismatch", "expectation_gaps"}
        outside = set(checks["strategic_outside_top"].supplier_ids)
        assert {by_key("polyform").pk, by_key(data.STORY["quadrant_override"]).pk} == outside
        assert set(checks["model_mismatch"].supplier_ids) == {
            by_key(data.STORY["over_invested_commodity"]).pk
        }
        assert by_key(data.STORY["expectation_gap"]).pk in checks["expectation_gaps"].supplier_ids
        counts_by_quadrant = {k: v["count"] for k, v in overview.by_quadrant.items()}
        assert all(counts_by_quadrant[q.value] >= 1 for q in domain.Quadrant)
        assert counts_by_quadrant["strategic"] <= overview.config.max_strategic_per_category

    def test_each_record_was_made_by_the_right_person(self, demo):
        records = SegmentationProfile.history.select_related("history_user", "supplier")
        factor_changes = records.filter(history_change_reason="Segmentation factors changed")
        assert factor_changes.count() == len(data.SEGMENTATION)
        for record in factor_changes:
            spell = OwnerAssignment.objects.filter(
                Q(ended_at__isnull=True) | Q(ended_at__gt=record.history_date),
                supplier_id=record.supplier_id,
                started_at__lte=record.history_date,
            ).get()
            assert record.history_user == spell.owner, record.supplier.name
            assert record.history_user.role == Role.BUYER
        # Lumitron changed hands before the review: its new owner recorded the factors.
        lumitron = factor_changes.get(supplier_id=by_key("lumitron").pk)
        assert lumitron.history_user.username == "aisha"
        overrides = records.filter(history_change_reason__startswith="Quadrant overridden")
        assert {r.history_user.username for r in overrides} == {"maria"}
        settings_changes = ScoringSettings.history.all()
        assert {r.history_user.username for r in settings_changes} == {"demo"}
        last = max(
            [*records.values_list("history_date", flat=True),
             *MaturityMove.objects.values_list("created_at", flat=True)]
        )  # fmt: skip
        assert last < timezone.now()


# --- the story as data (no database) ----------------------------------------------------


def test_story_data_is_consistent():
    keys = [s.key for s in data.SUPPLIERS]
    assert len(keys) == len(set(keys)) >= 40
    assert len({s.name for s in data.SUPPLIERS}) == len(keys)
    external_ids = [s.external_id for s in data.SUPPLIERS if s.external_id]
    assert len(external_ids) == len(set(external_ids))
    categories = {c.name for c in data.CATEGORIES}
    buyers = {u.username for u in data.USERS if u.role == "buyer"}
    assert set(data.STORY.values()) <= set(keys)
    for user in data.USERS:
        assert (user.role == "supplier_contact") == (user.supplier in keys)
    for s in data.SUPPLIERS:
        assert s.category in categories, s.key
        assert s.owner is None or s.owner in buyers, s.key
        assert s.domain.endswith(".example"), s.key


def test_story_status_paths_are_legal_and_in_the_past():
    from partnerbook.demo.loader import _Loader

    for s in data.SUPPLIERS:
        steps = s.steps or _Loader.onboarding_steps(s)
        current, last_time = "prospect", s.since_months
        for step in steps:
            assert transition_error(current, step.status) is None, (s.key, current, step.status)
            assert 0 < step.months_ago < last_time, (s.key, step)
            current, last_time = step.status, step.months_ago
        assert current == s.status, s.key
        for change in s.owner_changes:
            assert 0 < change.months_ago < s.since_months, s.key
        if s.archived_months_ago is not None:
            assert s.status == "exited" and 0 < s.archived_months_ago < last_time, s.key
        for contact in s.contacts:
            joined = contact.joined_months_ago or s.since_months
            assert joined <= s.since_months, (s.key, contact.name)
            if contact.left_months_ago is not None:
                assert 0 < contact.left_months_ago < joined, (s.key, contact.name)
        if s.contacts:
            assert {c.side for c in s.contacts} == {"ours", "supplier"}, s.key


def test_segmentation_data_is_consistent():
    specs = {s.key: s for s in data.SUPPLIERS}
    current = {k for k, s in specs.items() if s.status != "exited" and not s.archived_months_ago}
    assert set(data.SEGMENTATION) <= current
    assert 3 <= len(current - set(data.SEGMENTATION)) <= 4  # left unplaced on purpose
    booleans = {"single_source", "commodity", "supplier_is_competitor",
                "regulation_mandates_distance", "shared_risk_reward"}  # fmt: skip
    stages = {s.value for s in domain.Stage}
    note_keys = {f"{side}_{d}" for side in ("our", "their") for d in domain.DIMENSIONS}
    rates = data.SCORING_SETTINGS["exchange_rates"]
    assert isinstance(rates, dict)
    assert {s.currency for s in data.SUPPLIERS} - {"EUR"} <= set(rates)
    for key, seg in data.SEGMENTATION.items():
        since = specs[key].since_months
        assert set(seg.factors) <= set(services.FACTOR_FIELDS), key
        for name, value in seg.factors.items():
            if name in booleans:
                assert isinstance(value, bool), (key, name)
            elif name != "serious_incidents":
                assert not isinstance(value, bool) and 1 <= value <= 5, (key, name)
        assert set(seg.expectations) <= set(services.EXPECTATION_FIELDS), key
        assert seg.model in {"", "transactional", "partnership"}, key
        assert seg.months_ago is None or 0 < seg.months_ago < since, key
        stage, last = "transactional", since
        for step in seg.maturity:
            assert step.stage in stages and step.stage != stage, (key, step)
            assert 0 < step.months_ago < last and step.evidence.strip(), (key, step)
            stage, last = step.stage, step.months_ago
        for check in seg.alignment:
            assert 0 < check.months_ago < since, key
            assert all(1 <= score <= 5 for score in (*check.ours, *check.theirs)), key
            assert set(check.notes) <= note_keys, key
        if seg.override:
            assert seg.override.quadrant in {q.value for q in domain.Quadrant}, key
            assert seg.override.reason.strip() and 0 < seg.override.months_ago < since, key
    assert data.SCORING_SETTINGS_MONTHS_AGO > data.SEGMENTATION_REVIEW_MONTHS_AGO


# --- the demo's clock never writes the future -----------------------------------------


@given(
    now=st.datetimes(  # hypothesis wants naive bounds and adds the zone itself
        min_value=datetime(2020, 1, 1),  # noqa: DTZ001
        max_value=datetime(2030, 1, 1),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    earlier=st.lists(st.floats(min_value=0, max_value=3), min_size=2, max_size=2),
)
def test_working_hours_keep_the_order_and_stay_in_the_past(now, earlier):
    a, b = sorted((now - timedelta(days=d) for d in earlier), reverse=True)
    squeezed_a, squeezed_b = _working_hours(a, now), _working_hours(b, now)
    assert squeezed_b <= squeezed_a <= now
    assert squeezed_a.date() == a.date()


class TestTheRelationshipPlanStories:
    """The demo makes every part of the relationship plan visible (shares the module's load)."""

    def test_polyform_is_a_bow_tie_partnership_with_its_missing_links_and_an_alert(self, demo):
        from partnerbook.coverage import services as coverage

        polyform = Supplier.objects.get(name="Polyform Compounds")
        found = coverage.assess(polyform)
        assert found.coverage.classification == "bow-tie"
        assert {found.coverage.pair.ours, found.coverage.pair.theirs} == {
            "Lena Hoffmann", "Pieter Peeters",
        }  # fmt: skip
        assert any("management" in link.lower() for link in found.coverage.missing_links)
        assert found.meaning.concern
        alert = Alert.objects.get(supplier=polyform, kind="coverage.bowtie", status="open")
        assert alert.evidence
        latest = HealthSnapshot.objects.filter(supplier=polyform).latest("as_of")
        assert any(line.get("deduction") for line in latest.breakdown)

    def test_the_plan_raises_polyform_to_management_level(self, demo):
        from partnerbook.plans.models import RecoveryPlan, RelationshipPlan

        plan = RelationshipPlan.objects.get(supplier__name="Polyform Compounds")
        assert plan.strengths and plan.weaknesses and plan.opportunities and plan.threats
        assert any(row["level"] == "management" for row in plan.contact_map)
        assert plan.response_normal_hours == 48
        assert plan.revisions.count() == 1
        recovery = RecoveryPlan.objects.get(supplier=plan.supplier)
        assert "ours:management" in recovery.levels and not recovery.repetition_warning

    def test_sterilis_is_a_diamond_with_a_health_check_answered_by_both_sides(self, demo):
        from partnerbook.cadence import domain as cadence
        from partnerbook.cadence.models import HealthCheck
        from partnerbook.coverage import services as coverage

        sterilis = Supplier.objects.get(name="Sterilis Medical Packaging")
        assert coverage.coverage_of(sterilis).classification == "diamond"
        check = HealthCheck.objects.get(supplier=sterilis)
        sides = {answers.side: answers for answers in check.answers.all()}
        assert set(sides) == {"ours", "supplier"}
        compared = cadence.compare(*(
            {q: getattr(sides[side], q) for q in cadence.QUESTIONS} for side in ("ours", "supplier")
        ))  # fmt: skip
        assert "openness" in compared.flagged
        assert not Alert.objects.filter(supplier=sterilis, kind="cadence.overdue").exists()

    def test_rheinfrachts_quarterly_review_is_overdue(self, demo):
        alert = Alert.objects.get(kind="cadence.overdue", status="open")
        assert alert.supplier.name == "Rheinfracht Logistik"
        assert "Quarterly strategic review" in alert.title

    def test_lumitron_shares_its_roadmap_under_a_mutual_nda(self, demo):
        from partnerbook.practices import services as practices
        from partnerbook.practices.models import Practice

        practice = Practice.objects.get(supplier__name="Lumitron Components")
        assert practice.kind == "roadmap_sharing"
        checks = practices.checks_of(practice)
        assert not checks.refusals and not checks.warnings

    def test_an_overdue_plan_objective_is_in_the_inbox(self, demo):
        alert = Alert.objects.get(kind="actions.overdue", status="open")
        assert alert.supplier.name == "Polyform Compounds"
        assert "management review" in alert.title


class TestThePerformanceStories:
    """Two years of deliveries, and the scorecard stories (shares the module's load)."""

    def test_nordpack_delivers_perfectly_while_the_relationship_drifts(self, demo):
        from partnerbook.performance import services as performance

        nordpack = Supplier.objects.get(name="Nordpack")
        card, _ = performance.scorecard(nordpack, granularity="quarter")
        on_time = {k.key: k for k in card.current.kpis}["on_time"]
        assert on_time.value == 100.0 and on_time.light == "green"
        health = HealthSnapshot.objects.filter(supplier=nordpack).latest("as_of")
        assert health.light in {"yellow", "red"}  # performance is not relationship health

    def test_hedmarks_overgrown_scorecard_trips_the_kpi_count_guard(self, demo):
        from partnerbook.performance import services as performance

        card, definitions = performance.scorecard(Supplier.objects.get(name="Hedmark Timber"))
        assert len(definitions) == 47 and card.guard and "more than 10" in card.guard
        others = Supplier.objects.filter(name="Sterilis Medical Packaging")
        assert performance.scorecard(others.get())[0].guard is None

    def test_riviere_is_red_two_quarters_running_with_a_backup_named(self, demo):
        alert = Alert.objects.get(kind="performance.red_quarters")
        assert alert.supplier.name == "Rivière Aciers"
        assert "Ironbridge Tube" in alert.summary

    def test_each_kpi_has_a_baseline_from_the_year_before_it_was_defined(self, demo):
        from partnerbook.performance.models import KpiBaseline

        nordpack = KpiBaseline.objects.get(supplier__name="Nordpack", kpi_key="on_time")
        assert nordpack.value == 100.0 and "lines" in nordpack.basis
        riviere = KpiBaseline.objects.get(supplier__name="Rivière Aciers", kpi_key="on_time")
        # Its first year was the usual ~96 % on time; the slide came later.
        assert riviere.value is not None and riviere.value > 85
        assert not KpiBaseline.objects.filter(value__isnull=True, kpi_key="on_time",
                                              supplier__status="active").exists()  # fmt: skip

    def test_colleagues_score_brennwalds_collaboration_and_one_has_not_yet(self, demo):
        from partnerbook.performance import ratings
        from partnerbook.performance import services as performance
        from partnerbook.performance.models import PartnerRating

        brennwald = Supplier.objects.get(name="Brennwald Bremssysteme")
        card, definitions = performance.scorecard(brennwald)
        panels = ratings.judgement_panels(brennwald, definitions, card.current.start)
        assert panels and panels[0].summary.count >= 3 and len(panels[0].missing) == 1
        value = {k.key: k for k in card.current.kpis}[panels[0].key].value
        assert value == panels[0].summary.median
        assert PartnerRating.objects.filter(supplier__name="Nordpack").count() >= 15

    def test_the_poor_supplier_is_listed_for_new_work_warnings(self, demo):
        from partnerbook.performance import services as performance

        suppliers = list(Supplier.objects.filter(archived=False))
        poor = performance.poor_standing(suppliers)
        assert "Rivière Aciers" in {s.name for s in suppliers if s.pk in poor}

    def test_quarterly_reviews_are_on_record_with_rivieres_actions_open(self, demo):
        from partnerbook.actions.models import ActionItem
        from partnerbook.reviews.models import BusinessReview

        assert BusinessReview.objects.filter(supplier__name="Brennwald Bremssysteme").count() == 4
        latest = BusinessReview.objects.filter(supplier__name="Rivière Aciers").latest("period")
        assert latest.scorecard["standing"] == "poor"
        assert latest.interaction.channel == "business_review"
        open_items = ActionItem.objects.filter(
            source__startswith="review.", source_id=latest.pk, status="open"
        )
        assert {bool(i.owner_contact_id) for i in open_items} == {True, False}
        assert not ActionItem.objects.filter(source__startswith="review.", status="open").exclude(
            source_id=latest.pk
        )

    def test_moving_carpathia_back_from_the_reserve_warns_about_its_standing(self, demo):
        from partnerbook.core import registry

        carpathia = Supplier.objects.get(name="Carpathia Wood Products")
        assert carpathia.status == "reserve"
        warnings = registry.pick_warnings([carpathia])[carpathia.pk]
        assert "Poor performance standing" in warnings[0]

    def test_nordpacks_suggestions_dry_up_below_their_baseline(self, demo):
        from partnerbook.performance import services as performance
        from partnerbook.performance.models import KpiBaseline

        nordpack = Supplier.objects.get(name="Nordpack")
        card, _ = performance.scorecard(nordpack, granularity="quarter", trailing=4)
        values = [{k.key: k.value for k in p.kpis}["innovation"] for p in card.trailing]
        baseline = KpiBaseline.objects.get(supplier=nordpack, kpi_key="innovation").value
        assert baseline and baseline >= 1  # about two suggestions a month a year ago
        assert values[-1] is not None and values[-1] < max(v for v in values if v is not None)


class TestTheDocumentStories:
    """Certificates on file (shares the module's load)."""

    def test_clearseals_certificate_runs_out_next_month_and_is_in_the_inbox(self, demo):
        alert = Alert.objects.get(kind="documents.certificate_expiry", status="open")
        assert alert.supplier.name == "Clearseal Pouches"
        assert "ISO 9001" in alert.title or "ISO 9001" in alert.summary

    def test_a_sourcing_project_is_open_with_its_criteria_and_template(self, demo):
        from partnerbook.sourcing.models import SourcingProject

        project = SourcingProject.objects.get(category__name="Packaging")
        assert project.criteria.count() >= 6


class TestThePlaybookStories:
    """The sourcing playbook's stories (shares the module's load)."""

    def test_the_packaging_project_is_half_way_with_a_short_list(self, demo):
        from partnerbook.sourcing import services as sourcing
        from partnerbook.sourcing.models import SourcingProject

        project = SourcingProject.objects.get(category__name="Packaging")
        rows = sourcing.ranking(project)
        assert [r.candidate.supplier.name for r in rows if r.candidate.stage == "short_list"] == [
            "Kartonwerk Lausitz", "Nordic Fibre Box",
        ]  # fmt: skip
        top = rows[0].score
        assert top.evaluators == 2 and top.spread is not None and top.spread > 0
        boxline = next(r for r in rows if r.candidate.supplier.name == "Boxline Iberia")
        assert boxline.score.must_have.status == "fail"

    def test_morava_is_blocked_at_the_gate_for_a_missing_reference_call(self, demo):
        from partnerbook.gate import services as gate

        morava = Supplier.objects.get(name="Morava Friction")
        checklist = gate.checklist_for(morava)
        assert morava.status == "pilot"
        assert [item.key for item in checklist.missing] == ["references"]
        from django.core.exceptions import ValidationError

        from partnerbook.suppliers import services as supplier_services

        with pytest.raises(ValidationError) as refused:
            supplier_services.change_status(User.objects.get(username="bruno"), morava, "active")
        assert "1 reference call recorded; 2 needed" in " ".join(refused.value.messages)

    def test_datawell_was_activated_by_override_with_its_reason_visible(self, demo, client):
        from partnerbook.gate import services as gate

        datawell = Supplier.objects.get(name="Datawell Analytics")
        lists = gate.portfolio_lists(User.objects.get(username="maria"))
        assert [s.supplier for s in lists.overridden] == [datawell]
        decision = lists.overridden[0].activation
        assert decision.decided_by.username == "maria"
        client.force_login(User.objects.get(username="vera"))
        page = client.get(f"/suppliers/{datawell.pk}/").content.decode()
        assert decision.reason in page
        assert datawell.onboarding_plans.exists()

    def test_long_standing_suppliers_are_active_without_the_checklist(self, demo):
        from partnerbook.gate import services as gate

        lists = gate.portfolio_lists(User.objects.get(username="maria"))
        names = {s.supplier.name for s in lists.without_checklist}
        assert "Ostmark Stahlhandel" in names and "Datawell Analytics" not in names

    def test_agreements_of_both_templates_and_a_renewal_in_the_inbox(self, demo):
        from partnerbook.practices.models import Agreement

        transactional = Agreement.objects.get(supplier__name="Büroprofi Direkt", kind="supply")
        strategic = Agreement.objects.get(supplier__name="Sterilis Medical Packaging")
        assert transactional.template == "transactional" and not transactional.gain_sharing
        assert strategic.template == "strategic" and strategic.gain_sharing
        alert = Alert.objects.get(kind="practices.agreement_renewal", status="open")
        assert alert.supplier == transactional.supplier

    def test_partners_grow_within_their_maturity(self, demo):
        from partnerbook.onboarding.models import Opportunity

        kinds = dict(Opportunity.objects.values_list("supplier__name", "kind"))
        assert kinds == {
            "Sterilis Medical Packaging": "co_investment", "Brennwald Bremssysteme": "more_volume",
        }  # fmt: skip


class TestTheConflictStories:
    """The supplier-issue stories (shares the module's load)."""

    @pytest.fixture
    def maria(self, demo):
        return User.objects.get(username="maria")

    def test_the_audit_flags_the_cosmetic_escalation_and_passes_the_critical_one(self, maria):
        from partnerbook.conflicts import services as conflicts

        rows = {r.facts.supplier: r for r in conflicts.escalation_audit(maria, {}, 50).rows}
        cosmetic = rows["Kartonagen Ruhr"]
        assert cosmetic.facts.severity == "minor" and not cosmetic.facts.safety_impact
        assert "minor_fast" in {flag.rule for flag in cosmetic.flags}
        assert cosmetic.facts.to_level >= 3 and cosmetic.facts.resolved_level == 3
        critical = rows["Sterilis Medical Packaging"]
        assert critical.facts.severity == "critical" and critical.facts.safety_impact
        assert not critical.flagged
        hours = (critical.facts.escalated_at - critical.facts.raised_at).total_seconds() / 3600
        assert hours < 24

    def test_the_sterilis_issue_follows_the_agreements_escalation_path(self, demo):
        from partnerbook.conflicts.models import SupplierIssue

        issue = SupplierIssue.objects.exclude(title=portal_work.SEAL_ISSUE).get(
            supplier__name="Sterilis Medical Packaging"
        )
        agreed = data.AGREEMENTS["sterilis"]["escalation_path"]
        assert [lv.who for lv in issue.levels] == [lv["who"] for lv in agreed]
        others = SupplierIssue.objects.exclude(pk=issue.pk)
        assert not others.exclude(path=[]).exists()  # the rest use the default path

    def test_joint_problem_solving_halves_the_time_to_settle_deliveries(self, maria):
        from partnerbook.conflicts import services as conflicts

        stats = conflicts.resolution_statistics(maria, {})
        delivery = stats.by_category["delivery"]
        assert delivery.joint_n >= 1 and delivery.alone_n >= 3
        assert delivery.joint_median < delivery.alone_median
        assert stats.overall.joint_median < stats.overall.alone_median
        assert "less time" in stats.joint_pays_off

    def test_the_joint_delivery_issue_has_actions_owned_on_both_sides(self, demo):
        from partnerbook.conflicts import services as conflicts
        from partnerbook.conflicts.models import SupplierIssue

        issue = SupplierIssue.objects.get(supplier__name="Rheinfracht Logistik")
        assert issue.status == "resolved"
        assert all(step.theirs for step in issue.steps.all())
        owners = {(a.owner_id is not None, a.owner_contact_id is not None)
                  for a in conflicts.actions_of(issue)}  # fmt: skip
        assert owners == {(True, False), (False, True)}

    def test_an_open_corrective_action_request_has_d1_to_d4_answered(self, demo):
        from partnerbook.conflicts.models import CorrectiveAction

        car = (
            CorrectiveAction.objects.select_related("issue")
            .exclude(issue__title=portal_work.SEAL_ISSUE)  # the portal's 8D (demo/portal_work)
            .get(closed_on__isnull=True)
        )
        assert car.issue.category == "quality" and car.issue.status == "open"
        answered = dict(car.disciplines.values_list("key", "side"))
        assert set(answered) == {"d1_team", "d2_problem", "d3_containment", "d4_root_cause"}
        assert "supplier" in answered.values()

    def test_the_run_out_time_box_is_in_the_inbox_suggesting_the_next_level(self, demo):
        from partnerbook.conflicts import services as conflicts
        from partnerbook.conflicts.models import SupplierIssue

        alert = Alert.objects.get(kind=conflicts.TIME_BOX_ALERT, status="open")
        issue = SupplierIssue.objects.get(pk=alert.evidence["issue"])
        assert issue.status == "open" and alert.supplier_id == issue.supplier_id
        assert alert.evidence["next_level"]["level"] == issue.level + 1
        assert "Consider escalating to level" in alert.summary
        # The time boxes of the other open issues are still running.
        others = SupplierIssue.objects.filter(status="open").exclude(pk=issue.pk)
        assert others.count() == 2  # the conflicts stories' other one and the portal's 8D

    def test_the_retrospective_deposit_is_in_the_trust_ledger(self, demo):
        from partnerbook.conflicts.models import Retrospective
        from partnerbook.relationship import services as relationship

        retro = Retrospective.objects.select_related("supplier", "trust_entry").get()
        assert retro.trust_entry is not None and retro.trust_entry.points > 0
        ledger = relationship.ledger_of(retro.supplier, relationship.current_config())
        manual = [line for line in ledger.lines if line.source == "manual"]
        assert any(line.label.startswith("Joint retrospective") for line in manual)

    def test_the_breach_links_a_recovery_plan_and_deposits_followed(self, demo):
        from partnerbook.conflicts import services as conflicts
        from partnerbook.conflicts.models import Breach

        breach = Breach.objects.select_related("supplier", "recovery_plan").get()
        assert breach.kind == "hidden_problem" and breach.trust_entry.points < 0
        assert breach.recovery_plan is not None
        assert breach.recovery_plan.trigger == "trust_breach"
        (view,) = conflicts.breaches_of(breach.supplier)
        assert view.deposits_since > 0 and view.deposit_count >= 1

    def test_the_issue_texts_are_blame_free_and_use_known_keys(self):
        from partnerbook.conflicts import domain as conflicts

        for spec in data.ISSUES:
            texts = [spec.title, spec.description, spec.resolution,
                     *(m.reason for m in spec.moves), *(a.text for a in spec.answers),
                     *(f"{s.ours}\n{s.theirs}" for s in spec.steps)]  # fmt: skip
            for text in texts:
                assert conflicts.blame_hints(text) == [], (spec.key, text)
            assert spec.category in conflicts.CATEGORIES and spec.severity in conflicts.SEVERITIES
            assert {s.step for s in spec.steps} <= set(conflicts.STEP_KEYS), spec.key
            assert {a.key for a in spec.answers} <= set(conflicts.DISCIPLINE_KEYS), spec.key
            assert all(len(m.reason) >= conflicts.MIN_REASON for m in spec.moves), spec.key
            assert spec.supplier in {s.key for s in data.SUPPLIERS}, spec.key
        # One issue per supplier: two minor disputes in a quarter would read as drift.
        suppliers = [spec.supplier for spec in data.ISSUES]
        assert len(suppliers) == len(set(suppliers))
        assert not set(suppliers) & {data.STORY[k] for k in ("drifting", "quiet_steady",
                                                             "early_warning_call")}  # fmt: skip


# --- the relationship signals' stories --------------------------------------------------------

# The stories that are meant to raise findings; nobody else should.
FLAGGED_ON_PURPOSE = {data.STORY[k] for k in ("drifting", "owner_turnover", "spent_trust")}
STEADY_STORIES = ("gain_share", "quiet_steady", "early_warning_call")


def story_supplier(story: str) -> Supplier:
    name = next(s.name for s in data.SUPPLIERS if s.key == data.STORY[story])
    return Supplier.objects.get(name=name)


def latest_health(story: str) -> HealthSnapshot:
    snapshot = relationship.health_of(story_supplier(story))
    assert snapshot is not None, story
    return snapshot


def findings_of(snapshot: HealthSnapshot) -> dict[str, dict[str, object]]:
    return {f["signal"]: f for f in snapshot.findings}


class TestTheSignalStories:
    """The relationship signals' stories (interactions, trust, a year of health and the
    alerts they raised), told as `data.STORY`; shares the module's load."""

    def test_the_load_reports_what_it_made(self, demo):
        # How long it takes is a benchmark's business (bench/), not a test's.
        interactions = Interaction.objects.count()
        assert 300 <= interactions <= 3000
        assert f"{interactions} interactions" in demo
        assert Alert.objects.count() > Alert.objects.filter(status=Alert.Status.OPEN).count() > 0
        assert HealthSnapshot.objects.values("as_of").distinct().count() >= 20

    def test_the_drifting_supplier_is_flagged_with_evidence(self, demo):
        snapshot = latest_health("drifting")
        found = findings_of(snapshot)
        assert {"suggestions", "response_time", "formality"} <= set(found)
        assert snapshot.light == "red"
        suggestions, answers = found["suggestions"], found["response_time"]
        assert "in 365 days" in str(suggestions["baseline"])
        assert str(suggestions["recent"]).startswith("0 in 90 days")
        assert "hours" in str(answers["baseline"]) and "days" in str(answers["recent"])
        for finding in found.values():
            assert finding["baseline"] and finding["recent"] and finding["explanation"]
        open_alerts = Alert.objects.filter(
            supplier=story_supplier("drifting"), status=Alert.Status.OPEN
        )
        by_subject = {a.subject: a for a in open_alerts}
        assert {"suggestions", "response_time"} <= set(by_subject)
        assert (
            by_subject["suggestions"].kind
            == by_subject["response_time"].kind
            == ("relationship.drift")
        )
        # The drift is recent: its alerts were first raised within the last two months or so.
        today = timezone.localdate()
        for alert in open_alerts:
            assert today - timedelta(days=70) <= alert.raised_on <= today, alert.subject
            assert alert.evidence["finding"]["signal"] == alert.subject

    def test_the_drifting_supplier_went_quiet_after_a_good_baseline(self, demo):
        nordpack = story_supplier("drifting")
        today = timezone.localdate()
        recent_start = today - timedelta(days=90)
        baseline_start = recent_start - timedelta(days=365)
        ideas = Interaction.objects.filter(supplier=nordpack, signals__tag="unsolicited_suggestion")
        assert not ideas.filter(occurred_on__gt=recent_start).exists()
        assert (
            ideas.filter(occurred_on__gt=baseline_start, occurred_on__lte=recent_start).count()
            >= 30
        )
        notes = Interaction.objects.filter(supplier=nordpack, formality__isnull=False)
        recent_formality = notes.filter(occurred_on__gt=recent_start).aggregate(f=Avg("formality"))
        earlier_formality = notes.filter(occurred_on__lte=recent_start).aggregate(
            f=Avg("formality")
        )
        assert recent_formality["f"] > earlier_formality["f"] + 30
        cancelled = Interaction.objects.filter(supplier=nordpack, subject__icontains="cancelled")
        assert cancelled.filter(occurred_on__gt=recent_start).count() == 2
        disputes = nordpack.interactions.filter(signals__tag="minor_dispute")
        assert disputes.filter(occurred_on__gt=recent_start).count() in {1, 2}
        # One of our requests is still waiting for an answer.
        assert relationship.unanswered_requests(nordpack)

    def test_the_drifting_supplier_changed_hands_and_each_owner_logged_their_part(self, demo):
        nordpack = story_supplier("drifting")
        spells = list(nordpack.owner_assignments.order_by("started_at"))
        assert [s.owner.username for s in spells] == ["tom", "aisha"]
        handover = spells[1].started_at
        assert (
            timezone.now() - timedelta(days=290) < handover < timezone.now() - timedelta(days=230)
        )
        ours = {
            c.name: c.archived for c in nordpack.contacts.filter(side="ours", job_title="Buyer")
        }
        assert ours == {"Tom Becker": True, "Aisha Rahman": False}
        logged = nordpack.interactions.values_list("created_at", "created_by__username")
        assert {who for when, who in logged if when < handover} == {"tom"}
        assert {who for when, who in logged if when > handover} == {"aisha"}

    @pytest.mark.parametrize("story", STEADY_STORIES)
    def test_the_steady_stories_raise_nothing(self, demo, story):
        snapshots = HealthSnapshot.objects.filter(supplier=story_supplier(story))
        assert snapshots.count() >= 20
        assert all(s.findings == [] for s in snapshots), story
        assert latest_health(story).score is not None
        assert latest_health(story).light in {"green", "yellow"}
        assert not Alert.objects.filter(supplier=story_supplier(story)).exists()

    def test_the_gain_share_partner_is_busy_and_green(self, demo):
        sterilis = story_supplier("gain_share")
        today = timezone.localdate()
        recent = sterilis.interactions.filter(occurred_on__gt=today - timedelta(days=90))
        assert recent.count() >= 10
        assert recent.filter(signals__tag="unsolicited_suggestion").count() >= 2
        assert sterilis.interactions.filter(channel="business_review").count() >= 4
        assert latest_health("gain_share").light == "green"

    def test_the_quiet_supplier_is_heard_from_every_few_weeks(self, demo):
        quiet = story_supplier("quiet_steady")
        days = sorted(quiet.interactions.values_list("occurred_on", flat=True))
        assert 8 <= len(days) <= 30
        gaps = [(b - a).days for a, b in zip(days, days[1:], strict=False)]
        assert sum(gaps) / len(gaps) >= 20
        assert quiet.interactions.filter(signals__tag="unsolicited_suggestion").count() <= 3

    def test_the_component_supplier_warned_early_and_earned_a_deposit(self, demo):
        lumitron = story_supplier("early_warning_call")
        call = lumitron.interactions.get(signals__tag="early_warning")
        assert call.channel in {"informal_checkin", "call"} and call.initiated_by == "supplier"
        assert set(call.signals.values_list("tag", flat=True)) == {
            "early_warning",
            "information_shared",
        }
        assert "invoice" in call.notes.lower()
        ledger = relationship.ledger_of(lumitron, relationship.current_config())
        sources = {line.source: line for line in ledger.lines}
        assert sources["early_warning"].points > 0
        assert sources["manual"].points > 0 and "invoice" in sources["manual"].label.lower()
        assert ledger.balance > 0
        deposit = TrustEntry.objects.get(supplier=lumitron)
        assert deposit.created_by.role == Role.BUYER

    def test_the_rotating_door_is_flagged_and_one_alert_was_handled(self, demo):
        transmarine = story_supplier("owner_turnover")
        assert "owner_turnover" in findings_of(latest_health("owner_turnover"))
        assert transmarine.interactions.count() >= 10
        handled = Alert.objects.filter(supplier=transmarine, status=Alert.Status.ACKNOWLEDGED)
        assert handled.count() >= 1
        for alert in handled:
            assert alert.kind == "relationship.turnover" and alert.note.strip()
            assert alert.handled_by.role == Role.BUYER
            assert alert.raised_on <= alert.handled_at.date() < timezone.localdate()

    def test_the_inbox_holds_open_and_handled_alerts_from_past_dates(self, demo):
        statuses = set(Alert.objects.values_list("status", flat=True))
        assert {Alert.Status.OPEN, Alert.Status.ACKNOWLEDGED} <= statuses
        assert Alert.objects.exclude(note="").filter(status=Alert.Status.ACKNOWLEDGED).exists()
        raised = Alert.objects.values("raised_on").distinct().count()
        assert raised >= 3
        assert not Alert.objects.filter(created_at__gt=timezone.now()).exists()

    def test_every_supplier_has_a_health_trend_over_the_past_year(self, demo):
        days = sorted(set(HealthSnapshot.objects.values_list("as_of", flat=True)))
        today = timezone.localdate()
        assert days[-1] == today and (today - days[0]).days >= 300
        assert len(days) >= 20
        trend = relationship.health_trend(story_supplier("gain_share"))
        assert len(trend) >= 20
        watched = Supplier.objects.filter(archived=False, status__in=relationship.WATCHED_STATUSES)
        per_supplier = HealthSnapshot.objects.order_by().values("supplier").annotate(n=Count("pk"))
        assert {row["supplier"] for row in per_supplier} == set(
            watched.values_list("pk", flat=True)
        )

    def test_the_health_list_shows_a_spread_and_no_accidental_drift(self, demo):
        counts = relationship.light_counts(Supplier.objects.all())
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

    def test_people_in_the_stories_are_linked_to_their_interactions(self, demo):
        nordpack = story_supplier("drifting")
        linnea = Contact.objects.get(supplier=nordpack, name="Linnea Berg")
        assert linnea.interactions.count() >= 10
        with_us = nordpack.interactions.filter(participants__isnull=False).distinct()
        assert with_us.exists()

    # --- the signals as data (no database) ----------------------------------------------------

    def test_signal_data_is_consistent(self):
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
            assert item.channel in relationship_domain.CHANNELS
            assert item.initiated_by in {"ours", "supplier"}
            assert set(item.tags) <= set(relationship_domain.TAGS)
            assert item.request_kind in {"", *relationship_domain.REQUEST_KINDS}
            assert item.request_side in {"ours", "supplier"}
        for rhythm in rhythms:
            assert rhythm.every_days >= 7 and rhythm.notes and rhythm.subjects
        for touch in touches:
            assert touch.days_ago > 0 and touch.notes.strip() and touch.subject.strip()
        for handling in data.ALERT_HANDLING:
            assert handling.supplier in data.SIGNALS and handling.note.strip()


# --- risk stories (issue 12) ---


class TestTheRiskStories:
    """Spend lines, concentration, backups, transition plans, ratings and the power balance
    (shares the module's load)."""

    def test_every_current_supplier_has_spend_lines_adding_up_to_its_annual_spend(self, demo):
        from decimal import Decimal

        from partnerbook.risk import services as risk
        from partnerbook.risk.models import SpendLine

        brennwald = story_supplier("concentration")
        assert SpendLine.objects.filter(supplier=brennwald).count() == 24
        assert brennwald.annual_spend == Decimal("6400000.00") and brennwald.currency == "EUR"
        months = list(
            SpendLine.objects.filter(supplier=brennwald)
            .order_by("period")
            .values_list("amount", flat=True)
        )
        assert sum(months[-12:]) == Decimal("6400000.00")
        assert len(set(months)) > 12  # seasonal, not flat
        brightwave = Supplier.objects.get(name="Brightwave Semiconductors")
        assert (brightwave.annual_spend, brightwave.currency) == (Decimal("1120000.00"), "USD")
        assert risk.latest_month() < timezone.localdate().replace(day=1)

    def test_brennwald_holds_92_percent_of_brakes_without_a_qualified_backup(self, demo):
        from decimal import Decimal

        from partnerbook.risk import services as risk

        brennwald = story_supplier("concentration")
        conc = risk.concentration()
        brakes = conc.category(brennwald.category_id)
        assert brakes is not None and brakes.top is not None
        assert brakes.top.name == "Brennwald Bremssysteme"
        assert Decimal("91") <= brakes.top.category_percent <= Decimal("93")
        assert brakes.band.key == "high"
        kinds = set(
            Alert.objects.filter(supplier=brennwald, status="open").values_list("kind", flat=True)
        )
        assert {"risk.concentration", "risk.no_backup", "risk.transition_plan_overdue"} <= kinds
        [item] = risk.critical_supply(supplier_ids=[brennwald.pk])
        assert not item.covered
        assert [b.backup.backup_supplier.name for b in item.backups] == ["Morava Friction"]
        assert item.plan_state.key == "overdue"

    def test_sterilis_is_the_good_example(self, demo):
        from partnerbook.risk import services as risk

        sterilis = story_supplier("gain_share")
        [item] = risk.critical_supply(supplier_ids=[sterilis.pk])
        assert item.covered and item.plan_state.key == "current"
        assert not Alert.objects.filter(supplier=sterilis, kind__startswith="risk.").exists()

    def test_we_are_a_small_customer_of_brightwave(self, demo):
        from partnerbook.risk import services as risk
        from partnerbook.risk.models import SupplierRevenue

        brightwave = Supplier.objects.get(name="Brightwave Semiconductors")
        revenue = SupplierRevenue.objects.get(supplier=brightwave)
        balance = risk.power_for(brightwave, revenue, risk.get_settings(), risk.money())
        assert balance.kind == "small_customer" and len(balance.suggestions) == 4

    def test_kaiyuans_rating_fell_and_raised_the_alert(self, demo):
        kaiyuan = Supplier.objects.get(name="Kaiyuan Electronics")
        alert = Alert.objects.get(supplier=kaiyuan, kind="risk.financial_deterioration")
        assert alert.evidence["previous"]["score"] == "61.00"
        assert alert.evidence["current"]["score"] == "44.00"
        assert Alert.objects.filter(kind="risk.financial_deterioration").count() == 1

    def test_the_risk_pages_render_for_the_demo(self, demo, client):
        from partnerbook.accounts.models import User

        client.force_login(User.objects.get(username="maria"))
        for page in ("/risk/", "/risk/backups/", "/risk/financial/", "/risk/power/"):
            assert client.get(page).status_code == 200, page
        brennwald = story_supplier("concentration")
        body = client.get(f"/risk/supplier/{brennwald.pk}/").content.decode()
        assert "Review overdue" in body and "Morava Friction" in body


# --- economics stories (issue 12) ---


class TestTheEconomicsStories:
    """Gain-share, ROI and TCO (shares the module's load)."""

    def test_castellan_shares_verified_savings_40_60_with_a_third_party(self, demo):
        from decimal import Decimal

        from partnerbook.economics import services as economics
        from partnerbook.economics.models import GainShareAgreement

        agreement = GainShareAgreement.objects.get(supplier__name="Castellan Friction")
        assert agreement.supplier_saving_pct == 40 and agreement.requires_third_party
        entries = list(agreement.savings.order_by("period"))
        assert len(entries) == 4 and all(e.verified and e.third_party for e in entries)
        assert sum(1 for e in entries if e.amount < 0) == 1
        saved = sum(e.amount for e in entries if e.amount > 0) / 3
        assert abs(saved / agreement.baseline_amount - Decimal("0.12")) < Decimal("0.01")
        ledger = economics.ledger_of(agreement).ledger
        assert ledger.paid > 0 and ledger.balance > 0  # a payout made, one due
        assert ledger.theirs + ledger.ours == ledger.net

    def test_partners_pay_off_and_the_over_invested_commodity_does_not(self, demo):
        from partnerbook.economics import services as economics

        names = ["Rheinfracht Logistik", "Sterilis Medical Packaging", "Hedmark Timber"]
        ids = {s.name: s.pk for s in Supplier.objects.filter(name__in=names)}
        found = economics.roi_summaries(list(ids.values()))
        assert found[ids["Rheinfracht Logistik"]].roi > 1
        assert found[ids["Sterilis Medical Packaging"]].roi > 1
        hedmark = found[ids["Hedmark Timber"]]
        assert hedmark.roi < 0 and hedmark.hours > 100

    def test_the_packaging_tco_shows_a_cheaper_looking_supplier_costing_more(self, demo):
        from partnerbook.economics import services as economics
        from partnerbook.suppliers.models import Category

        maria = User.objects.get(username="maria")
        result = economics.tco_comparison(maria, Category.objects.get(name="Packaging"))
        lines = {line.name: line for line in result.lines}
        atlantic, kartonagen = lines["Atlantic Corrugated"], lines["Kartonagen Ruhr"]
        assert atlantic.spend < kartonagen.spend
        assert atlantic.per_100 > kartonagen.per_100
        assert any(r.startswith("Atlantic Corrugated: extra costs") for r in result.remarks)


# --- recognition stories (issue 12) ---


class TestTheRecognitionStories:
    """Referrals, wins and the ideal-supplier profile (shares the module's load)."""

    def test_nordpack_referred_greenfold_which_was_onboarded_and_rewarded(self, demo):
        from partnerbook.recognition.models import Referral

        referral = Referral.objects.select_related("referred_supplier").get(
            referring_supplier__name="Nordpack"
        )
        assert referral.referred_supplier.name == "Greenfold Packaging"
        assert referral.status == "onboarded" and referral.reward_status == "paid"
        assert referral.paid_on is not None and referral.reward_amount > 0
        assert referral.referred_supplier.status == "pilot"

    def test_one_referral_is_in_vetting_and_one_was_declined(self, demo):
        from partnerbook.recognition.models import Referral

        pending = Referral.objects.select_related("referred_supplier").get(status="vetting")
        assert pending.referring_supplier.name != "Nordpack"
        assert pending.referred_supplier.status == "vetting"
        declined = Referral.objects.get(status="declined")
        assert declined.referred_supplier is None and declined.company_name
        assert Referral.objects.count() == 3

    def test_the_figures_count_the_referred_pipeline(self, demo):
        from partnerbook.recognition import services as recognition

        maria = User.objects.get(username="maria")
        share = recognition.pipeline_share(maria)
        names = {e.name for e in share.referred}
        # Recorded referrals, and the packaging project's candidate found by referral.
        assert {"Greenfold Packaging", "Medipak Baltic", "Nordic Fibre Box"} <= names
        assert 0 < share.by_referral < share.total
        assert [h.months for h in recognition.retention(maria).horizons] == [12, 24]

    def test_the_wins_are_trust_deposits_on_the_timeline_and_published(self, demo):
        from partnerbook.recognition import services as recognition
        from partnerbook.recognition.models import Win

        maria = User.objects.get(username="maria")
        wins = {w.supplier.name: w for w in Win.objects.select_related("supplier", "trust_entry")}
        assert set(wins) == {"Rheinfracht Logistik", "Sterilis Medical Packaging"}
        for win in wins.values():
            assert win.trust_entry is not None and win.trust_entry.points == win.trust_points > 0
            entries = recognition.timeline_entries(maria, win.supplier, None, 20)
            assert f"Win recognised: {win.title}" in [e.title for e in entries]
        assert all(w.published for w in wins.values())
        assert "pick-up" in wins["Rheinfracht Logistik"].title

    def test_the_ideal_supplier_profile_is_written_without_internal_data(self, demo):
        from partnerbook.recognition import services as recognition

        profile = recognition.get_profile()
        assert profile.pk and "Hollen" in profile.title
        assert profile.what_we_look_for and profile.what_partners_get and profile.how_to_start
        text = recognition.profile_markdown(profile).casefold()
        for supplier in Supplier.objects.values_list("name", flat=True):
            assert supplier.casefold() not in text, supplier


# --- portfolio review stories (issue 12) ---
class TestThePortfolioReviewStories:
    """Last quarter's closed portfolio review and the getting-started plan (shares the
    module's load)."""

    def test_last_quarters_review_covers_the_portfolio_and_is_closed(self, demo):
        from partnerbook.demo import review as story
        from partnerbook.portfolio.models import ReviewRound

        round_ = ReviewRound.objects.get(title=story.REVIEW_TITLE)
        assert round_.status == "closed" and round_.scope_kind == "all"
        decisions = list(round_.decisions.all())
        assert len(decisions) >= 30 and all(d.decision and d.reason for d in decisions)
        assert all(len(d.suggestion_reasons) == 5 for d in decisions)
        followed = sum(1 for d in decisions if not d.overridden)
        assert followed >= len(decisions) - len(story.OVERRIDES)

    def test_hedmark_is_wound_down_and_brightwave_invested_in_with_their_reasons(self, demo):
        from partnerbook.demo import review as story
        from partnerbook.portfolio.models import ReviewDecision

        decisions = ReviewDecision.objects.filter(round__title=story.REVIEW_TITLE)
        rows = {d.supplier.name: d for d in decisions.select_related("supplier")}
        hedmark, brightwave = rows["Hedmark Timber"], rows["Brightwave Semiconductors"]
        assert hedmark.decision == "phase_out" and "transactional" in hedmark.reason
        assert brightwave.decision == "invest" and "sole source" in brightwave.reason

    def test_the_getting_started_page_ticks_most_weeks_with_evidence(self, demo):
        from partnerbook.portfolio import services

        maria = User.objects.get(username="maria")
        weeks = services.getting_started(maria)
        assert sum(1 for w in weeks if w.done) >= 3
        items = {i.key: i for w in weeks for i in w.items}
        assert items["matrix"].ok and "closed" in items["matrix"].evidence
        assert items["alignment"].ok and items["criteria"].ok and items["playbook"].ok


class TestThePortalDocumentsQuestionsAndOnboardingStories:
    """Documents, questions and the onboarding space in the portal (shares the load)."""

    def test_nordpack_has_a_shared_certificate_expiring_and_a_renewal_request(self, demo):
        from partnerbook.documents import portal as documents_portal

        nordpack = User.objects.get(username="nordpack")
        card = documents_portal.expiring_card(nordpack)
        assert card is not None
        row = card["rows"][0]
        assert "ISO 9001" in row.certificate.title and row.renewal_request_id is not None
        titles = {d.title for d in documents_portal.documents(nordpack)}
        assert "Packaging specification 2026" in titles
        assert not any("internal" in t for t in titles)

    def test_nordpack_has_an_open_question_with_our_answer(self, demo):
        from partnerbook.tickets.models import Ticket

        ticket = Ticket.objects.get(supplier__name="Nordpack")
        assert ticket.status == "open"
        assert [m.from_supplier for m in ticket.messages.order_by("pk")] == [True, False]

    def test_sterilis_sent_what_we_asked_for(self, demo):
        from partnerbook.documents.models import DocumentRequest

        request = DocumentRequest.objects.get(supplier__name="Sterilis Medical Packaging")
        assert request.status == "fulfilled" and request.document.source == "supplier"

    def test_datawell_is_onboarding_through_the_portal(self, demo):
        from partnerbook.onboarding import portal as onboarding_portal

        rita = User.objects.get(username="datawell")
        space = onboarding_portal.space(rita)
        assert space.plan is not None and space.plan.status == "active"
        ticked = [
            t for m in space.plan.milestones for t in m.tasks
            if t.title == "Confirm master data for the vendor record"
        ]  # fmt: skip
        assert ticked[0].status == "done"
        assert len(space.faqs) >= 5 and space.documents


class TestThePortalWalk:
    """Every page the demo's portal users can reach by following links from their home, and
    every `/portal/...` operation of the API, walked as each of them: nothing internal and
    nothing of another supplier is shown, and whatever one of them reaches answers each other
    one 403 or 404 (pages, forms, API reads and writes)."""

    PORTAL_USERS = ("nordpack", "sterilis", "datawell")
    # Keys that would carry our internal view of a supplier.
    INTERNAL_KEYS = {
        "value_score", "risk_score", "quadrant", "health", "health_score", "trust",
        "trust_balance", "drift", "engagement_fit", "roi", "concentration", "notes",
        "internal_note", "internal_notes", "relationship_owner_id", "annual_spend",
        "criticality", "override_reason", "blame_hints", "flags",
    }  # fmt: skip
    # Headings and labels of our internal pages (the health *check* is a shared survey).
    INTERNAL_LABELS = (
        "Value score", "Risk score", "Value-risk", "Quadrant", "Trust ledger",
        r"Relationship health(?! check)", "Engagement fit", "Escalation audit", "Internal note",
    )  # fmt: skip

    @pytest.fixture
    def crawls(self, demo):
        from tests.conftest import client_for
        from tests.portal import walk

        found = {}
        for username in self.PORTAL_USERS:
            client = client_for(User.objects.get(username=username))
            found[username] = walk.crawl_api(client, walk.crawl_pages(client))
        return found

    @staticmethod
    def _internal_texts(supplier: Supplier) -> set[str]:
        """Our notes about `supplier`: every text field called notes/internal note on the
        supplier and on the records that point at it, at least 25 characters long."""
        texts = {supplier.notes} if len(supplier.notes or "") >= 25 else set()
        for model in apps.get_models():
            fk = next(
                (f for f in model._meta.fields
                 if f.is_relation and f.related_model is Supplier and f.name == "supplier"),
                None,
            )  # fmt: skip
            if (
                fk is None
                or model._meta.app_label == "simple_history"
                or "Historical" in (model.__name__)
            ):
                continue
            names = [f.name for f in model._meta.fields
                     if f.get_internal_type() in {"TextField", "CharField"}
                     and f.name in {"notes", "internal_note", "internal_notes"}]  # fmt: skip
            for name in names:
                for value in model.objects.filter(supplier=supplier).values_list(name, flat=True):
                    if value and len(value) >= 25:
                        texts.add(value)
        return texts

    def test_the_walk_reaches_every_part_of_the_portal(self, crawls):
        from tests.portal import walk

        pages = set().union(*(set(c.pages) for c in crawls.values()))
        # Every portal page pattern was reached by some portal user's links.
        reached = {p.rstrip("/").split("/")[2] if p.count("/") > 2 else "" for p in pages}
        assert {"", "documents", "onboarding"} <= reached | {""}, sorted(pages)
        gets = {path for method, path in walk.portal_operations() if method == "GET"}
        read = set().union(*(set(c.api) for c in crawls.values()))
        assert {p for p in gets if "{" not in p} <= read
        assert [c.errors for c in crawls.values()] == [[] for _ in crawls]
        # Every detail operation was read with a real id by someone.
        with_ids = set().union(*(set(c.api_ids) for c in crawls.values()))
        assert with_ids == {p for p in gets if "{" in p}

    def test_a_portal_user_reads_nothing_internal_and_nothing_of_other_suppliers(self, crawls):
        from tests.portal import walk

        for username, found in crawls.items():
            own = User.objects.get(username=username).supplier
            others = [s for s in Supplier.objects.exclude(pk=own.pk).values_list("name", flat=True)
                      if len(s) >= 6]  # fmt: skip
            secrets = self._internal_texts(own)
            assert found.pages and found.api
            for where, text in walk.text_of(found):
                for name in others:
                    assert name not in text, (username, where, name)
                for secret in secrets:
                    assert secret not in text, (username, where, secret[:60])
                if not where.startswith("API"):
                    for label in self.INTERNAL_LABELS:
                        assert not re.search(label, text), (username, where, label)
            for path, body in found.api.items():
                leaked = set(walk.keys_of(body)) & self.INTERNAL_KEYS
                assert not leaked, (username, path, leaked)

    def test_what_one_portal_user_reaches_answers_another_403_or_404(self, crawls):
        import json as _json

        from tests.conftest import client_for
        from tests.portal import walk

        writes = walk.write_operations()
        aimed: set[tuple[str, str]] = set()
        for intruder in self.PORTAL_USERS:
            client = client_for(User.objects.get(username=intruder))
            for owner, found in crawls.items():
                if owner == intruder:
                    continue
                owner_name = User.objects.get(username=owner).supplier.name
                for path in filter(walk.has_record_id, found.pages):
                    response = client.get(path)
                    assert response.status_code in (403, 404), (intruder, owner, path)
                for path in filter(walk.has_record_id, found.forms):
                    response = client.post(path, {})
                    assert response.status_code in (403, 404), (intruder, "POST", path)
                for path in filter(walk.has_record_id, found.api):
                    response = client.get(walk.API + path)
                    assert response.status_code in (403, 404), (intruder, owner, path)
                    assert owner_name not in response.content.decode()
                for method, template, body, content_type in writes:
                    for path in walk.aim(method, template, found):
                        aimed.add((method, template))
                        if content_type == "application/json":
                            response = client.generic(
                                method, walk.API + path, _json.dumps(body),
                                content_type=content_type,
                            )  # fmt: skip
                        else:
                            response = client.generic(method, walk.API + path)
                        assert response.status_code in (403, 404), (
                            intruder, method, path, response.status_code, response.content[:300]
                        )  # fmt: skip
        # Each write operation that names a record was aimed at another supplier's records,
        # except those whose records the demo's portal users cannot list (a quarter's rating is
        # always the caller's own; health checks are listed under the surveys).
        unaimed = {(m, t) for m, t, _, _ in writes} - aimed
        assert {t for _, t in unaimed} <= {
            "/portal/ratings/{quarter}",
            "/portal/health-checks/{check_id}/answers",
        }, sorted(unaimed)


class TestThePortalWorkStories:
    """The portal's work together (demo/portal_work.py); shares the module's load."""

    def test_nordpacks_contact_owns_an_open_action_due_soon(self, demo):
        from partnerbook.actions import services as actions

        linnea = User.objects.get(username="nordpack")
        assert linnea.contact is not None and linnea.contact.name == "Linnea Berg"
        mine = list(actions.portal_items(linnea))
        soon = [i for i in mine if i.status == "open" and i.due_on is not None]
        assert any(0 <= (i.due_on - timezone.localdate()).days <= 7 for i in soon)
        assert any(i.status == "done" and i.progress_note for i in mine)

    def test_sterilis_has_an_open_8d_waiting_for_its_answers(self, demo):
        from partnerbook.conflicts import portal_queries

        claire = User.objects.get(username="sterilis")
        [car] = [c for c in portal_queries.corrective_actions(claire) if c.closed_on is None]
        assert "D4 Root cause" in car.waiting_for_you
        answered = {d.key for d in car.disciplines if d.answered_by_side == "supplier"}
        assert answered == {"d1_team", "d3_containment"}
        issue = portal_queries.issue(claire, car.issue_id)
        assert issue.steps[0].theirs and issue.steps[0].ours
        assert not Alert.objects.filter(supplier__name="Sterilis Medical Packaging").exists()


class TestTheSupplierVoiceStories:
    """The supplier's voice in the portal (shares the module's load)."""

    def test_nordpack_and_sterilis_have_spoken_up_and_were_answered(self, demo):
        from partnerbook.portal.models import SupplierMessage

        messages = SupplierMessage.objects.select_related("supplier")
        tray = messages.get(title__icontains="lighter tray")
        assert tray.supplier.name == "Sterilis Medical Packaging" and tray.status == "taken_up"
        film = messages.get(kind="early_warning")
        assert film.supplier.name == "Sterilis Medical Packaging" and film.reply
        # Nordpack's drift story: nothing that counts as a signal in the last 90 days.
        assert not messages.filter(supplier__name="Nordpack").exists()

    def test_nordpacks_anonymous_concerns_are_released_and_sterilis_one_held_back(self, demo):
        from partnerbook.portal import services
        from partnerbook.portal.models import Concern

        assert not Concern.objects.filter(anonymous=True, author__isnull=False).exists()
        nordpack = services.voice_of(Supplier.objects.get(name="Nordpack"))
        sterilis = services.voice_of(Supplier.objects.get(name="Sterilis Medical Packaging"))
        senders = sorted(v.sender for v in nordpack.concerns)
        assert senders == ["Linnea Berg"] + ["a contact at Nordpack"] * 3
        assert sterilis.held_back == 1
        assert [v.sender for v in sterilis.concerns] == ["Claire Dufour"]


class TestThePortalAccessStories:
    """Getting into the portal (shares the load): an open invitation, a registration to review."""

    def test_rheinfracht_has_an_open_invitation(self, demo):
        from partnerbook.accounts.models import Invitation
        from partnerbook.accounts.queries import portal_access

        invitation = Invitation.objects.get(supplier__name="Rheinfracht Logistik")
        assert invitation.status == "pending" and invitation.email == "s.zimmer@rheinfracht.example"
        assert timezone.now() - invitation.created_at > timedelta(days=2)
        pending = portal_access(invitation.supplier).pending
        assert [i.pk for i in pending] == [invitation.pk]

    def test_a_prospect_waits_for_review_and_can_not_sign_in_yet(self, demo):
        from partnerbook.accounts.models import Registration

        registration = Registration.objects.get()
        assert registration.status == "pending" and registration.supplier_id is None
        assert not User.objects.filter(username=registration.username).exists()
        assert authenticate(username="sigrid.vestbo", password="fjord-cartons-since-1962") is None
        assert not Supplier.objects.filter(name="Vestbo Emballasje").exists()
