"""The supplier's side of issues in the portal: their company's issues with the steps, raising
one, writing their side of a step, answering their 8D disciplines; what stays internal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from partnerbook.conflicts import domain, services
from partnerbook.conflicts.models import Discipline, ProblemStep, SupplierIssue

from ..api import API, error_fields, token_client

pytestmark = pytest.mark.django_db

ESCALATION_REASON = "Internal: the buyer wants management cover before the audit"
BREACH_TEXT = "Internal: they sat on the scuff reports for two weeks"
OUR_STEP = "Our incoming inspection found scuffs on 40 of 300 cartons."


@pytest.fixture
def issue(buyer, supplier_a):
    """A minor quality issue we raised an hour ago, escalated at once (the audit flags it),
    with our side of the first step and a breach of trust recorded on it."""
    raised = timezone.now() - dt.timedelta(hours=1)
    issue = services.raise_issue(
        buyer,
        supplier_a,
        {
            "title": "Scuffed outer cartons",
            "category": "quality",
            "severity": "minor",
            "description": "Cosmetic scuffs on the outer cartons of lot 4411.",
            "raised_at": raised,
        },
    )
    services.record_step(buyer, issue, "define", {"ours": OUR_STEP})
    services.move(buyer, issue, 2, ESCALATION_REASON)
    services.record_breach(
        buyer, supplier_a, {"kind": "hidden_problem", "description": BREACH_TEXT, "issue": issue}
    )
    issue.refresh_from_db()
    return issue


@pytest.fixture
def car(buyer, issue):
    car = services.open_corrective_action(buyer, issue, timezone.localdate() + dt.timedelta(9))
    services.answer_discipline(buyer, car, "d2_problem", "40 of 300 cartons scuffed, lot 4411.")
    return car


INTERNAL = (
    ESCALATION_REASON,
    BREACH_TEXT,
    domain.RULES["minor_fast"].label,
    "could likely have been settled informally",
    "escalated 1 hours after",
)


def assert_nothing_internal(text: str) -> None:
    for secret in INTERNAL:
        assert secret not in text, secret


# --- reading -----------------------------------------------------------------------------------


def test_portal_user_sees_their_issues_with_steps_and_level_name(login, portal_user_a, issue):
    client = login(portal_user_a)

    listing = client.get("/portal/issues/").content.decode()
    page = client.get(f"/portal/issues/{issue.pk}/").content.decode()

    assert "Scuffed outer cartons" in listing
    assert "Relationship owners on both sides" in listing  # level 2 of the default path
    assert OUR_STEP in page
    assert "Level 2 of the escalation path" in page
    assert_nothing_internal(listing)
    assert_nothing_internal(page)


def test_issue_api_gives_steps_and_level_but_nothing_internal(portal_user_a, issue, car):
    body = token_client(portal_user_a).get(f"{API}/portal/issues")

    assert body.status_code == 200
    [shown] = body.json()
    assert shown["level"] == 2 and shown["level_name"] == "Relationship owners on both sides"
    assert shown["raised_by_side"] == "ours"
    assert shown["steps"][0]["ours"] == OUR_STEP and len(shown["steps"]) == 5
    assert shown["corrective_action_id"] == car.pk
    assert "escalations" not in shown and "audit" not in shown and "raised_by" not in shown
    assert_nothing_internal(body.content.decode())


def test_home_card_lists_open_issues_and_the_8d_waiting_for_them(login, portal_user_a, car):
    html = login(portal_user_a).get("/portal/").content.decode()

    assert "Open issues and corrective actions" in html
    assert "Scuffed outer cartons" in html
    assert "your answer needed" in html
    assert_nothing_internal(html)


# --- writing their side of a step --------------------------------------------------------------


def test_supplier_step_answer_shows_on_our_issue_page_as_the_suppliers(
    login, portal_user_a, buyer, issue, django_capture_on_commit_callbacks
):
    answer = "Our packing line changed the stretch film on 3 March; we have the batch records."
    with django_capture_on_commit_callbacks(execute=True):
        response = login(portal_user_a).post(
            f"/portal/issues/{issue.pk}/steps/data/", {"step-data-text": answer}
        )

    assert response.status_code == 302
    row = ProblemStep.objects.get(issue=issue, step="data")
    assert row.theirs == answer and row.ours == ""
    ours = login(buyer).get(f"/issues/{issue.pk}/").content.decode()
    step = ours.split('id="step-data"')[1].split("</article>")[0]
    theirs_field = step.split('name="data-theirs"')[1].split("</textarea>")[0]
    assert answer in theirs_field  # in the supplier's box, not ours
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    assert answer in mail.outbox[0].body


def test_supplier_step_answer_keeps_our_side(portal_user_a, issue):
    response = token_client(portal_user_a).post(
        f"{API}/portal/issues/{issue.pk}/steps/define",
        {"text": "Confirmed on our side: the film supplier changed."},
        content_type="application/json",
    )

    assert response.status_code == 200
    define = response.json()["steps"][0]
    assert define["ours"] == OUR_STEP
    assert define["theirs"] == "Confirmed on our side: the film supplier changed."


def test_answers_make_the_issue_joint_in_the_statistics(portal_user_a, buyer, manager, issue):
    assert services.joint_issue_ids([issue.pk]) == set()
    services.supplier_answer_step(portal_user_a, issue, "options", "Switch back to the old film.")
    services.resolve(buyer, issue, "Old film back in use.")

    assert services.joint_issue_ids([issue.pk]) == {issue.pk}
    [fact] = services.resolved_facts(manager, {})
    assert fact.joint is True


def test_an_8d_answer_alone_makes_the_issue_joint(portal_user_a, manager, buyer, car):
    services.supplier_answer_discipline(portal_user_a, car, "d4_root_cause", "Film tension.")
    services.resolve(buyer, car.issue, "Settled.")

    [fact] = services.resolved_facts(manager, {})
    assert fact.joint is True


def test_empty_step_answer_is_a_field_error(login, portal_user_a, issue):
    page = login(portal_user_a).post(f"/portal/issues/{issue.pk}/steps/data/", {})
    api = token_client(portal_user_a).post(
        f"{API}/portal/issues/{issue.pk}/steps/data",
        {"text": "  "},
        content_type="application/json",
    )
    unknown = token_client(portal_user_a).post(
        f"{API}/portal/issues/{issue.pk}/steps/blame",
        {"text": "x"},
        content_type="application/json",
    )

    assert page.status_code == 400 and 'id="error-step-data-text"' in page.content.decode()
    assert 400 <= api.status_code < 500 and "text" in error_fields(api)
    assert 400 <= unknown.status_code < 500
    assert not ProblemStep.objects.filter(issue=issue, step="data").exists()


# --- raising an issue --------------------------------------------------------------------------


def test_supplier_raises_an_issue_from_the_portal(
    login, portal_user_a, buyer, supplier_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(portal_user_a).post(
            "/portal/issues/new/",
            {
                "title": "Forecast changes at short notice",
                "category": "communication",
                "severity": "major",
                "description": "Three changes inside the frozen week.",
            },
        )

    issue = SupplierIssue.objects.get(title="Forecast changes at short notice")
    assert response.status_code == 302 and response.url == f"/portal/issues/{issue.pk}/"
    assert issue.supplier == supplier_a and issue.raised_by_side == "supplier"
    assert issue.raised_by == portal_user_a and issue.level == 1
    assert [m.to for m in mail.outbox] == [[buyer.email]]


def test_raising_through_the_api(portal_user_a):
    response = token_client(portal_user_a).post(
        f"{API}/portal/issues",
        {"title": "Invoice rejected twice", "category": "invoicing", "severity": "minor"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["raised_by_side"] == "supplier"
    assert response.json()["level_name"].startswith("Working level")


def test_raising_with_bad_input_names_the_fields(login, portal_user_a):
    page = login(portal_user_a).post("/portal/issues/new/", {"category": "weather"})
    api = token_client(portal_user_a).post(
        f"{API}/portal/issues",
        {"title": "", "category": "weather", "severity": "minor", "raised_by_side": "ours"},
        content_type="application/json",
    )

    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="error-title"' in html and 'id="error-category"' in html
    assert 400 <= api.status_code < 500
    assert {"title", "category"} <= error_fields(api)
    assert not SupplierIssue.objects.exists()


# --- corrective action requests (8D) -----------------------------------------------------------


def test_8d_lists_what_waits_for_the_supplier(portal_user_a, car):
    [shown] = token_client(portal_user_a).get(f"{API}/portal/corrective-actions").json()

    assert shown["issue_id"] == car.issue_id
    assert "D4 Root cause" in shown["waiting_for_you"]
    assert "D2 Problem description" not in shown["waiting_for_you"]
    d2 = next(d for d in shown["disciplines"] if d["key"] == "d2_problem")
    assert d2["answered_by_side"] == "ours" and d2["yours"] is False


def test_supplier_answers_a_discipline(
    login, portal_user_a, buyer, car, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = token_client(portal_user_a).put(
            f"{API}/portal/corrective-actions/{car.pk}/disciplines/d3_containment",
            {"text": "All stock at your site sorted; 12 cartons replaced."},
            content_type="application/json",
        )

    assert response.status_code == 200
    row = Discipline.objects.get(corrective_action=car, key="d3_containment")
    assert row.side == "supplier" and row.answered_by == portal_user_a
    assert "D3 Containment" not in response.json()["waiting_for_you"]
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    ours = login(buyer).get(f"/issues/corrective-actions/{car.pk}/").content.decode()
    assert "All stock at your site sorted" in ours


def test_supplier_answers_a_discipline_on_the_page(login, portal_user_a, car):
    client = login(portal_user_a)
    response = client.post(
        f"/portal/issues/{car.issue_id}/disciplines/d1_team/",
        {"d-d1_team-text": "Quality lead Anna; packing line lead Bo."},
    )

    assert response.status_code == 302
    assert Discipline.objects.get(corrective_action=car, key="d1_team").side == "supplier"
    assert "Quality lead Anna" in client.get(f"/portal/issues/{car.issue_id}/").content.decode()


def test_our_disciplines_and_closed_requests_refuse_answers(portal_user_a, buyer, car):
    client = token_client(portal_user_a)
    ours = client.put(
        f"{API}/portal/corrective-actions/{car.pk}/disciplines/d2_problem",
        {"text": "x"},
        content_type="application/json",
    )
    empty = client.put(
        f"{API}/portal/corrective-actions/{car.pk}/disciplines/d4_root_cause",
        {"text": ""},
        content_type="application/json",
    )
    for key in domain.DISCIPLINE_KEYS[:7]:
        if key != "d2_problem":
            services.answer_discipline(buyer, car, key, "Answered.", side="supplier")
    services.close_corrective_action(buyer, car, "Thanks to the packing team.")
    closed = client.put(
        f"{API}/portal/corrective-actions/{car.pk}/disciplines/d4_root_cause",
        {"text": "Late"},
        content_type="application/json",
    )

    assert ours.status_code == 400 and error_fields(ours) == {"key"}
    assert 400 <= empty.status_code < 500 and "text" in error_fields(empty)
    assert closed.status_code == 400 and error_fields(closed) == {"key"}


# --- who may see what --------------------------------------------------------------------------


def test_another_suppliers_portal_user_gets_404(login, portal_user_b, issue, car):
    client = login(portal_user_b)
    api = token_client(portal_user_b)

    assert client.get(f"/portal/issues/{issue.pk}/").status_code == 404
    assert (
        client.post(f"/portal/issues/{issue.pk}/steps/data/", {"step-data-text": "x"}).status_code
        == 404
    )
    assert (
        client.post(
            f"/portal/issues/{issue.pk}/disciplines/d1_team/", {"d-d1_team-text": "x"}
        ).status_code
        == 404
    )
    assert api.get(f"{API}/portal/issues/{issue.pk}").status_code == 404
    assert (
        api.post(
            f"{API}/portal/issues/{issue.pk}/steps/data",
            {"text": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        api.put(
            f"{API}/portal/corrective-actions/{car.pk}/disciplines/d1_team",
            {"text": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert api.get(f"{API}/portal/issues").json() == []
    assert api.get(f"{API}/portal/corrective-actions").json() == []
    assert "Scuffed" not in client.get("/portal/issues/").content.decode()
    assert not ProblemStep.objects.filter(issue=issue, theirs="x").exists()


@pytest.mark.parametrize("who", ["manager", "buyer", "viewer", "admin_user"])
def test_our_people_get_403_on_the_portal_issue_pages(request, login, who, issue):
    user = request.getfixturevalue(who)
    client = login(user)

    for url in ("/portal/issues/", "/portal/issues/new/", f"/portal/issues/{issue.pk}/"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/portal/issues/{issue.pk}/steps/data/", {}).status_code == 403
    assert token_client(user).get(f"{API}/portal/issues").status_code == 403
    assert token_client(user).get(f"{API}/portal/corrective-actions").status_code == 403


# --- bounded queries ---------------------------------------------------------------------------


def _issues(buyer, supplier, n):
    for i in range(n):
        issue = services.raise_issue(
            buyer, supplier, {"title": f"Issue {i}", "category": "quality", "severity": "minor"}
        )
        services.record_step(buyer, issue, "define", {"ours": "Found.", "theirs": "Seen."})
        services.open_corrective_action(buyer, issue)


@pytest.mark.parametrize("count", [2, 12])
def test_issue_pages_and_api_use_a_fixed_number_of_queries(
    login, buyer, supplier_a, portal_user_a, count, django_assert_max_num_queries
):
    _issues(buyer, supplier_a, count)
    client = login(portal_user_a)
    api = token_client(portal_user_a)

    with django_assert_max_num_queries(14):
        assert client.get("/portal/issues/").status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get("/portal/").status_code == 200
    with django_assert_max_num_queries(10):
        assert len(api.get(f"{API}/portal/issues").json()) == count
    with django_assert_max_num_queries(10):
        assert len(api.get(f"{API}/portal/corrective-actions").json()) == count


# --- e-mail to the supplier when our side writes ---------------------------------------------


def test_our_step_and_an_8d_request_e_mail_the_suppliers_portal_users(
    buyer, supplier_a, portal_user_a, portal_user_b, django_capture_on_commit_callbacks
):
    from partnerbook.accounts.models import EmailOptOut

    issue = services.raise_issue(
        buyer, supplier_a, {"title": "Torn labels", "category": "quality", "severity": "minor"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.record_step(buyer, issue, "define", {"ours": "Labels torn on 12 cartons."})
        services.record_step(buyer, issue, "define", {"ours": "Labels torn on 12 cartons."})
        services.open_corrective_action(buyer, issue)

    assert [m.to for m in mail.outbox] == [[portal_user_a.email]] * 2  # not for the same text
    assert "Define" in mail.outbox[0].subject or "define" in mail.outbox[0].subject.lower()
    assert f"/portal/issues/{issue.pk}/" in mail.outbox[0].body
    assert "Labels torn" not in mail.outbox[0].body  # the text stays in the portal
    assert "8D" in mail.outbox[1].body
    EmailOptOut.objects.create(user=portal_user_a, kind="portal.we_replied")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_step(buyer, issue, "data", {"ours": "Roll stock measured."})
    assert mail.outbox == []


def test_the_suppliers_own_step_answer_e_mails_only_our_owner(
    buyer, supplier_a, portal_user_a, django_capture_on_commit_callbacks
):
    issue = services.raise_issue(
        buyer, supplier_a, {"title": "Torn labels", "category": "quality", "severity": "minor"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.supplier_answer_step(portal_user_a, issue, "define", "The glue batch was cold.")

    assert [m.to for m in mail.outbox] == [[buyer.email]]
