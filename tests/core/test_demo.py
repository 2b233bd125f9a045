"""`partnerbook demo`: what the demo portfolio contains and how --if-empty and --reset behave."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.test import override_settings
from django.utils import timezone

from partnerbook.accounts.models import Role, User
from partnerbook.demo import data
from partnerbook.suppliers.domain import Status, transition_error
from partnerbook.suppliers.models import Category, Contact, OwnerAssignment, Supplier
from tests.factories import SupplierFactory, UserFactory

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
    }


@pytest.fixture(scope="class")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once per test class, inside a transaction rolled back at the end.

    Each test still runs in its own savepoint (the `db` fixture), so tests that change
    data do not affect one another.
    """
    # Same fast hasher as the suite's autouse fixture, which runs later (per test).
    fast_hashing = override_settings(PASSWORD_HASHERS=[MD5_HASHER])
    with fast_hashing, django_db_blocker.unblock(), transaction.atomic():
        yield run_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, db):
    return demo_output


class TestTheLoadedDemo:
    """Tests sharing one load of the demo (see the class-scoped fixture above)."""

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
        }
        # The portal user is also one of that supplier's own contacts.
        nordpack = User.objects.get(username="nordpack")
        assert nordpack.supplier.contacts.filter(side="supplier", email=nordpack.email).exists()

    def test_history_names_who_acted_and_spreads_over_past_years(self, demo):
        histories = Supplier.history.all()
        assert not histories.filter(history_user__isnull=True).exists()
        created = histories.filter(history_type="+")
        assert created.count() == Supplier.objects.count()
        assert set(created.values_list("status", flat=True)) == {"prospect"}
        ostmark = Supplier.objects.get(external_id="ERP-10011")
        moves = list(
            ostmark.history.filter(history_change_reason__startswith="Status:")
            .order_by("history_date")
            .values_list("status", "history_user__username")
        )
        assert moves == [("vetting", "bruno"), ("pilot", "bruno"), ("active", "bruno")]
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


@pytest.mark.django_db
def test_if_empty_loads_into_an_empty_database():
    output = run_demo("--if-empty")
    assert "Demo portfolio loaded" in output
    assert Supplier.objects.count() == len(data.SUPPLIERS)


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
