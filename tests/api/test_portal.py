"""A supplier's portal user reads their own supplier and its own people, and writes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from partnerbook.suppliers import services
from partnerbook.suppliers.models import Category, Contact, Supplier

from . import API, token_client

JSON = "application/json"
PUBLIC_FIELDS = {"id", "name", "legal_name", "country", "website", "status"}


@pytest.fixture
def as_portal_a(portal_user_a):
    return token_client(portal_user_a)


@pytest.fixture
def contacts(manager, supplier_a, supplier_b):
    """Each supplier has one person on its own side and one of ours."""
    made = {}
    for supplier in (supplier_a, supplier_b):
        for side in ("supplier", "ours"):
            made[supplier.name, side] = services.create_contact(
                manager, supplier, {"side": side, "name": f"{supplier.name} {side}"}
            )
    return made


def test_portal_user_lists_only_their_own_supplier(as_portal_a, supplier_a, supplier_b):
    body = as_portal_a.get(f"{API}/suppliers?archived=all").json()

    assert body["count"] == 1
    assert [s["id"] for s in body["items"]] == [supplier_a.pk]


def test_portal_user_sees_no_internal_fields(as_portal_a, supplier_a):
    listed = as_portal_a.get(f"{API}/suppliers").json()["items"][0]
    single = as_portal_a.get(f"{API}/suppliers/{supplier_a.pk}").json()

    assert set(listed) == PUBLIC_FIELDS
    assert set(single) == PUBLIC_FIELDS
    assert single["name"] == "Alpha Packaging"


def test_portal_user_cannot_read_other_supplier(as_portal_a, supplier_b):
    response = as_portal_a.get(f"{API}/suppliers/{supplier_b.pk}")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("post", "/suppliers", {"name": "Sneaky"}),
        ("patch", "/suppliers/{a}", {"name": "Renamed"}),
        ("post", "/suppliers/{a}/status", {"status": "reserve"}),
        ("post", "/suppliers/{a}/archive", None),
        ("post", "/suppliers/{a}/restore", None),
        ("post", "/suppliers/{a}/contacts", {"side": "supplier", "name": "New person"}),
        ("patch", "/suppliers/{b}", {"name": "Renamed"}),
        ("post", "/suppliers/{b}/status", {"status": "active"}),
        ("post", "/suppliers/{b}/archive", None),
        ("post", "/suppliers/{b}/contacts", {"side": "supplier", "name": "New person"}),
        ("patch", "/contacts/{a_contact}", {"name": "Renamed"}),
        ("post", "/contacts/{a_contact}/archive", None),
        ("patch", "/contacts/{b_contact}", {"name": "Renamed"}),
        ("post", "/categories", {"name": "Sneaky"}),
    ],
)
def test_portal_user_cannot_write_anything(
    as_portal_a, supplier_a, supplier_b, contacts, method, path, payload
):
    url = API + path.format(
        a=supplier_a.pk,
        b=supplier_b.pk,
        a_contact=contacts["Alpha Packaging", "supplier"].pk,
        b_contact=contacts["Beta Boxes", "supplier"].pk,
    )
    before = (
        list(Supplier.objects.values().order_by("pk")),
        list(Contact.objects.values().order_by("pk")),
        Category.objects.count(),
    )

    response = getattr(as_portal_a, method)(url, payload, content_type=JSON)

    assert response.status_code in (403, 404)
    after = (
        list(Supplier.objects.values().order_by("pk")),
        list(Contact.objects.values().order_by("pk")),
        Category.objects.count(),
    )
    assert after == before


@pytest.mark.parametrize("path", ["/categories", "/categories/{category}"])
def test_portal_user_cannot_read_categories(as_portal_a, category, path):
    response = as_portal_a.get(API + path.format(category=category.pk))

    assert response.status_code == 403


def test_portal_user_sees_only_their_suppliers_own_people(as_portal_a, contacts):
    body = as_portal_a.get(f"{API}/contacts").json()

    assert [c["name"] for c in body["items"]] == ["Alpha Packaging supplier"]
    assert body["count"] == 1


def test_portal_user_cannot_read_other_suppliers_contacts(as_portal_a, supplier_b, contacts):
    by_filter = as_portal_a.get(f"{API}/contacts?supplier={supplier_b.pk}").json()
    theirs = as_portal_a.get(f"{API}/contacts/{contacts['Beta Boxes', 'supplier'].pk}")

    assert by_filter == {"items": [], "count": 0}
    assert theirs.status_code == 404


def test_portal_user_cannot_read_our_side_contacts(as_portal_a, contacts):
    ours = contacts["Alpha Packaging", "ours"]

    assert as_portal_a.get(f"{API}/contacts/{ours.pk}").status_code == 404
    assert as_portal_a.get(f"{API}/contacts?side=ours").json()["count"] == 0


HEALTH_ANSWERS = {
    "trust": 4, "openness": 3, "reciprocity": 4, "communication": 4, "joint_problem_solving": 3,
}  # fmt: skip


def test_every_api_endpoint_refuses_another_suppliers_records(
    as_portal_a, manager, supplier_b, contacts, category, settings, tmp_path
):
    """Walks the OpenAPI schema, so an endpoint added later is covered without a new test."""
    from partnerbook.actions import services as actions
    from partnerbook.alerts.models import Alert
    from partnerbook.alerts.services import AlertCandidate, sync_alerts
    from partnerbook.api import api
    from partnerbook.cadence import services as cadence
    from partnerbook.documents.services import demo_documents
    from partnerbook.onboarding import services as onboarding
    from partnerbook.onboarding.models import Opportunity
    from partnerbook.performance import services as performance
    from partnerbook.plans import services as plans
    from partnerbook.practices import services as practices
    from partnerbook.relationship.services import record_interaction
    from partnerbook.reviews import services as reviews
    from partnerbook.sourcing import services as sourcing

    settings.MEDIA_ROOT = tmp_path / "media"
    contact_b = contacts["Beta Boxes", "supplier"]
    interaction_b = record_interaction(
        manager,
        supplier_b,
        {"occurred_on": supplier_b.created_at.date(), "channel": "call", "initiated_by": "ours",
         "subject": "Beta Boxes review", "contacts": [contact_b], "tags": ["blame"]},
    )  # fmt: skip
    kind = "relationship.drift"
    sync_alerts(
        supplier_b.created_at.date(),
        [AlertCandidate(supplier_id=supplier_b.pk, kind=kind, subject="suggestions",
                        title="Beta Boxes: fewer unsolicited suggestions")],
        scope_kinds={kind},
    )  # fmt: skip
    alert_b = Alert.objects.get(supplier=supplier_b)
    today = timezone.localdate()
    plan_b = plans.save_plan(manager, supplier_b, {"strengths": ["Beta Boxes plan"]}, note="v1")
    item_b = actions.create_action_item(manager, supplier_b, {"title": "Beta Boxes action"})
    check_b = cadence.record_health_check(manager, supplier_b, today, HEALTH_ANSWERS)
    practice_b = practices.start_practice(
        manager, supplier_b, {"kind": "informal_checkins", "started_on": today}
    )
    nda_b = practices.record_agreement(
        manager, supplier_b, {"kind": "mutual_nda", "signed_on": today, "reference": "NDA-B"}
    )
    review_b = reviews.record_review(
        manager,
        supplier_b,
        {"quarter": reviews.domain.last_complete_quarter(today), "held_on": today,
         "our_comments": "Beta Boxes review"},
    )  # fmt: skip
    project_b = sourcing.demo_project(manager, category)  # portal users may see no project
    kpi_b = performance.define_kpi(
        manager,
        {"key": "beta_only", "name": "Beta Boxes KPI", "kind": "custom", "direction": "higher",
         "target": 5, "yellow_threshold": 4, "red_threshold": 3},
        supplier=supplier_b,
    )  # fmt: skip
    # Every path parameter of the API needs a record of supplier B here: a new one fails
    # with a KeyError until it is added, so that no endpoint escapes the walk.
    ids = {
        "supplier_id": supplier_b.pk,
        "contact_id": contact_b.pk,
        "category_id": category.pk,
        "interaction_id": interaction_b.pk,
        "alert_id": alert_b.pk,
        "item_id": item_b.pk,
        "number": plan_b.revisions.get().number,
        "check_id": check_b.pk,
        "practice_id": practice_b.pk,
        "agreement_id": nda_b.pk,
        "kpi_id": kpi_b.pk,
        "review_id": review_b.pk,
        "document_id": demo_documents(manager, supplier_b, expires_in_days=30).pk,
        "project_id": project_b.pk,
        "criterion_id": project_b.criteria.first().pk,
        "candidate_id": sourcing.add_candidate(
            manager, project_b, {"supplier": supplier_b, "source": "existing"}
        ).pk,
        "pilot_id": sourcing.demo_pilot(manager, supplier_b, passed=None).pk,
        "plan_id": onboarding.create_plan(manager, supplier_b, {"point_of_contact": manager}).pk,
        # Supplier B is in pilot, where growth opportunities are refused: made directly.
        "opportunity_id": Opportunity.objects.create(
            supplier=supplier_b,
            kind="more_volume",
            title="Beta Boxes growth",
            maturity_stage="transactional",
        ).pk,  # fmt: skip
        "key": "fit",  # a checklist item ticked by hand
        "token": "not-a-feed-token",  # a feed answers to its secret token alone
    }
    from partnerbook.conflicts import services as conflicts

    issue_b = conflicts.raise_issue(
        manager, supplier_b,
        {"title": "Beta Boxes issue", "category": "quality", "severity": "minor"},
    )  # fmt: skip
    ids |= {
        "issue_id": issue_b.pk,
        "corrective_action_id": conflicts.open_corrective_action(manager, issue_b).pk,
        "step": "define",
        "discipline": "d1_team",
        "retrospective_id": conflicts.record_retrospective(
            manager,
            supplier_b,
            {
                "milestone": "Beta Boxes launch",
                "ours_worked": "Beta Boxes: fast samples",
                "theirs_worked": "Clear drawings",
            },
        ).pk,
        "breach_id": conflicts.record_breach(
            manager,
            supplier_b,
            {"kind": "broken_commitment", "description": "Beta Boxes missed a promised date"},
        ).pk,
    }
    from partnerbook.portfolio import services as portfolio
    from partnerbook.recognition import services as recognition
    from partnerbook.risk import services as risk

    ids |= {
        "line_id": risk.record_spend_line(
            manager,
            supplier_b,
            {"period": today.replace(day=1), "amount": Decimal("1200.00"), "currency": "EUR"},
        ).pk,  # fmt: skip
        "backup_id": risk.add_backup(manager, supplier_b, category=category).pk,
        "round_id": portfolio.start_round(
            manager,
            {"title": "Beta Boxes round", "scope_kind": "suppliers", "suppliers": [supplier_b]},
        ).pk,  # fmt: skip
        "referral_id": recognition.record_referral(
            manager, supplier_b, {"company_name": "Beta Boxes referral"}
        ).pk,
        "win_id": recognition.record_win(
            manager, supplier_b, {"title": "Beta Boxes win", "story": "Beta Boxes was early."}
        ).pk,
    }
    from partnerbook.accounts import services as accounts

    invitee_b = services.create_contact(
        manager, supplier_b,
        {"side": "supplier", "name": "Beta Boxes invitee", "email": "invitee@beta.test"},
    )  # fmt: skip
    ids["invitation_id"] = accounts.invite(manager, invitee_b, base_url="http://testserver").pk
    ids["registration_id"] = accounts.register(
        {"company_name": "Beta Boxes twin", "country": "BE", "offer": "Beta Boxes' boxes",
         "contact_name": "Beta Boxes twin", "email": "twin@beta.test", "username": "twin"},
        "a long enough password 42", "10.0.0.9",
    ).pk  # fmt: skip
    from partnerbook.accounts.models import Role
    from partnerbook.portal import services as voice

    from ..factories import UserFactory

    portal_b = UserFactory(username="pia", role=Role.SUPPLIER_CONTACT, supplier=supplier_b)
    ids["message_id"] = voice.send_message(
        portal_b, {"kind": "suggestion", "title": "Beta Boxes idea", "text": "Beta Boxes idea"}
    ).pk
    from partnerbook.documents import services as documents
    from partnerbook.onboarding.models import OnboardingTask
    from partnerbook.tickets import services as tickets

    ids["request_id"] = documents.create_request(
        manager, supplier_b, {"kind": "other", "title": "Beta Boxes papers"}
    ).pk
    ids["ticket_id"] = tickets.open_ticket(portal_b, "Beta Boxes question", "Beta Boxes?").pk
    ids["task_id"] = OnboardingTask.objects.filter(plan_id=ids["plan_id"]).first().pk
    ids["faq_id"] = onboarding.create_faq(
        manager, {"question": "Beta Boxes?", "answer": "Beta Boxes."}
    ).pk
    ids["quarter"] = "2026-Q4"  # a rating is always the caller's own supplier's
    ids["car_id"] = ids["corrective_action_id"]
    from partnerbook.webhooks.models import Webhook

    ids["webhook_id"] = Webhook.objects.create(
        url="https://example.com/hook", events=["alert.raised"], secret="whsec_test"
    ).pk
    from partnerbook.suppliers import mapping_services

    ids["mapping_id"] = mapping_services.create_mapping(
        manager, {"name": "Beta Boxes mapping", "kind": "suppliers", "columns": {"Vendor": "name"}}
    ).pk
    history_before = supplier_b.history.count(), contact_b.history.count()
    paths = api.get_openapi_schema()["paths"]
    checked = 0
    for template, operations in paths.items():
        if "{" not in template:
            continue  # lists and creates are covered above, with real payloads
        path = template.format(**ids)
        for method in operations:
            response = getattr(as_portal_a, method)(path, {}, content_type=JSON)
            assert response.status_code in (403, 404, 422), (method, template)
            assert "Beta Boxes" not in response.content.decode(), (method, template)
            checked += 1
    assert checked >= 10
    assert (supplier_b.history.count(), contact_b.history.count()) == history_before
