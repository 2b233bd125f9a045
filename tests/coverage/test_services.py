"""Coverage read from the database: who took part, the window, many suppliers at once, and
the health factor that flags a strategic or partnership bow-tie."""

from __future__ import annotations

import pytest

from partnerbook.core import registry
from partnerbook.coverage import services
from partnerbook.relationship import services as relationship
from partnerbook.relationship.models import Interaction
from partnerbook.segmentation import services as segmentation
from partnerbook.suppliers.models import Contact
from tests.factories import bulk_suppliers

from .conftest import days_ago, log, make_partnership

pytestmark = pytest.mark.django_db


def test_a_buyer_and_one_counterpart_make_a_bow_tie(buyer, supplier_a, people_a):
    for n in range(6):
        log(buyer, supplier_a, days_ago(10 + n), [people_a["their_ops"]], [buyer])

    c = services.coverage_of(supplier_a)

    assert c.classification == "bow-tie"
    # the participant is mapped to our operational contact through the e-mail address
    assert c.grid["operational"]["operational"] == 6
    assert c.grid["unknown"]["operational"] == 0
    assert (c.pair.ours, c.pair.theirs, c.pair.together) == ("Ben Buyer", "Otto Ops", 6)


def test_management_meeting_management_makes_a_diamond(buyer, supplier_a, people_a):
    for n in range(6):
        log(buyer, supplier_a, days_ago(10 + n), [people_a["their_ops"]], [buyer])
    log(buyer, supplier_a, days_ago(40), [people_a["our_mgr"], people_a["their_mgr"]])

    c = services.coverage_of(supplier_a)

    assert c.classification == "diamond"
    assert c.covered_levels == ("management", "operational")


def test_archived_and_old_interactions_do_not_count(buyer, supplier_a, people_a):
    log(buyer, supplier_a, days_ago(400), [people_a["our_mgr"], people_a["their_mgr"]])
    archived = log(buyer, supplier_a, days_ago(5), [people_a["our_exec"], people_a["their_exec"]])
    relationship.set_interaction_archived(buyer, archived, True)
    log(buyer, supplier_a, days_ago(3), [people_a["their_ops"]], [buyer])
    log(buyer, supplier_a, days_ago(2))  # nobody named

    c = services.coverage_of(supplier_a)

    assert c.meetings == 1 and c.unnamed == 1
    assert c.classification == "partial"  # one interaction: too few to call it a bow-tie
    assert c.grid["management"]["management"] == c.grid["executive"]["executive"] == 0


def test_one_or_two_interactions_are_too_few_for_a_bow_tie(buyer, supplier_a, people_a):
    pair = [people_a["our_ops"], people_a["their_ops"]]
    for days in (3, 10):
        log(buyer, supplier_a, days_ago(days), pair)
    assert services.coverage_of(supplier_a).classification == "partial"
    assert "too few" in services.coverage_of(supplier_a).explanation[0]
    log(buyer, supplier_a, days_ago(20), pair)
    assert services.coverage_of(supplier_a).classification == "bow-tie"


def test_a_colleague_without_a_contact_counts_as_level_unknown(
    buyer, other_buyer, supplier_a, people_a
):
    log(buyer, supplier_a, days_ago(3), [people_a["their_mgr"]], [other_buyer])

    c = services.coverage_of(supplier_a)

    assert c.grid["unknown"]["management"] == 1
    assert other_buyer.get_full_name() in " ".join(c.explanation)


def test_suppliers_without_interactions_have_no_contact(supplier_a, supplier_b):
    found = services.coverage_for([supplier_a, supplier_b.pk])
    assert {c.classification for c in found.values()} == {"no contact"}


def test_coverage_for_5000_suppliers_runs_four_queries(manager, django_assert_max_num_queries):
    suppliers = bulk_suppliers(5000)
    picked = suppliers[::500]
    contacts = Contact.objects.bulk_create(
        Contact(supplier=s, side=side, name=f"{side} {level} {s.pk}", level=level)
        for s in picked
        for side in ("ours", "supplier")
        for level in ("management", "operational")
    )
    by_key = {(c.supplier_id, c.side, c.level): c for c in contacts}
    interactions = Interaction.objects.bulk_create(
        Interaction(supplier=s, occurred_on=days_ago(5 + n), channel="meeting",
                    initiated_by="ours")
        for s in picked
        for n in range(4)
    )  # fmt: skip
    links = []
    for i in interactions:
        level = (
            "management" if i.occurred_on == days_ago(5) and i.supplier_id % 2 else "operational"
        )
        for side in ("ours", "supplier"):
            links.append(
                Interaction.contacts.through(
                    interaction_id=i.pk, contact_id=by_key[i.supplier_id, side, level].pk
                )
            )
    Interaction.contacts.through.objects.bulk_create(links)

    with django_assert_max_num_queries(4):
        found = services.coverage_for(suppliers)

    assert len(found) == 5000
    for s in picked:
        expected = "diamond" if s.pk % 2 else "bow-tie"
        assert found[s.pk].classification == expected
        assert found[s.pk].meetings == 4
    assert found[suppliers[1].pk].classification == "no contact"


# --- the health factor ------------------------------------------------------------------------


def _bowtie(buyer, supplier, people):
    for n in range(5):
        log(buyer, supplier, days_ago(10 + n), [people["their_ops"]], [buyer])


def test_factor_is_registered_with_its_alert_kind():
    keys = {f.key: f for f in registry.health_factors()}
    assert keys["coverage.bowtie"].alert_kinds == ("coverage.bowtie",)
    assert "coverage.bowtie" in registry.alert_kinds()
    assert "coverage" in {t.key for t in registry.tabs()}


def test_a_partnership_bow_tie_loses_points_with_an_alert(
    manager, buyer, supplier_a, people_a, django_assert_max_num_queries
):
    _bowtie(buyer, supplier_a, people_a)
    make_partnership(manager, supplier_a)

    with django_assert_max_num_queries(7):
        found = services.bowtie_deductions([supplier_a.pk], days_ago(0))

    d = found[supplier_a.pk]
    assert d.points == 15
    assert "Bow-tie" in d.reason and "partnership" in d.reason
    assert d.alert.kind == "coverage.bowtie"
    assert d.alert.evidence["pair"]["ours"] == "Ben Buyer"
    assert d.alert.evidence["pair"]["theirs"] == "Otto Ops"
    assert d.alert.evidence["meetings"] == 5
    assert "Our management never met their management." in d.alert.evidence["missing_links"]
    assert "management level" in d.alert.summary


def test_a_strategic_bow_tie_loses_points(manager, buyer, supplier_a, people_a):
    _bowtie(buyer, supplier_a, people_a)
    segmentation.override_quadrant(manager, supplier_a, "strategic", "Sole source of our trays")

    found = services.bowtie_deductions([supplier_a.pk], days_ago(0))

    assert "strategic quadrant" in found[supplier_a.pk].reason


def test_a_transactional_bow_tie_loses_nothing(buyer, supplier_a, people_a):
    _bowtie(buyer, supplier_a, people_a)
    assert services.coverage_of(supplier_a).classification == "bow-tie"

    assert services.bowtie_deductions([supplier_a.pk], days_ago(0)) == {}


def test_a_partnership_diamond_loses_nothing(manager, buyer, supplier_a, people_a):
    _bowtie(buyer, supplier_a, people_a)
    log(buyer, supplier_a, days_ago(20), [people_a["our_mgr"], people_a["their_mgr"]])
    make_partnership(manager, supplier_a)

    assert services.bowtie_deductions([supplier_a.pk], days_ago(0)) == {}
