"""The pages of supplier issues as people meet them: who may read and write, what bad input
shows, each form's happy path, the blame reminder, and bounded query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from partnerbook.actions.models import ActionItem
from partnerbook.conflicts import domain, services
from partnerbook.conflicts.models import (
    Breach,
    CorrectiveAction,
    Discipline,
    Escalation,
    ProblemStep,
    Retrospective,
    SupplierIssue,
)
from partnerbook.plans.models import RecoveryPlan
from partnerbook.relationship.models import TrustEntry
from partnerbook.suppliers import services as supplier_services

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def html_of(response, status: int = 200) -> str:
    assert response.status_code == status, response.content[:3000]
    return response.content.decode()


@pytest.fixture
def car(buyer, issue):
    return services.open_corrective_action(buyer, issue)


@pytest.fixture
def plan(buyer, supplier_a):
    return RecoveryPlan.objects.create(
        supplier=supplier_a, trigger="trust_breach", acknowledgement="Late warning on lot 4411.",
        review_on=TODAY() + dt.timedelta(days=30), created_by=buyer,
    )  # fmt: skip


@pytest.fixture
def breach(buyer, supplier_a):
    return services.record_breach(
        buyer, supplier_a,
        {"kind": "hidden_problem", "description": "A known defect was not reported.",
         "occurred_on": TODAY() - dt.timedelta(days=3)},
    )  # fmt: skip


@pytest.fixture
def supplier_contact(manager, supplier_a):
    return supplier_services.create_contact(
        manager, supplier_a, {"side": "supplier", "name": "Sam Quality", "level": "operational"}
    )


def read_urls(issue, car) -> list[str]:
    return [
        reverse("conflicts:list"),
        reverse("conflicts:supplier", args=[issue.supplier_id]),
        reverse("conflicts:issue", args=[issue.pk]),
        reverse("conflicts:car", args=[car.pk]),
        reverse("conflicts:audit"),
        reverse("conflicts:statistics"),
    ]


def write_requests(issue, car, breach) -> list[tuple[str, dict[str, object]]]:
    """Every write, with input that would succeed for someone allowed to make it."""
    sid = issue.supplier_id
    return [
        (reverse("conflicts:raise", args=[sid]),
         {"title": "Late", "category": "delivery", "severity": "minor", "safety_impact": "no",
          "raised_by_side": "ours"}),
        (reverse("conflicts:edit", args=[issue.pk]),
         {"title": "Renamed", "category": "quality", "severity": "minor",
          "safety_impact": "no", "raised_by_side": "ours"}),
        (reverse("conflicts:step", args=[issue.pk, "define"]), {"define-ours": "Facts."}),
        (reverse("conflicts:action", args=[issue.pk]),
         {"title": "Sort stock", "owner": str(issue.raised_by_id),
          "due_on": TODAY().isoformat()}),
        (reverse("conflicts:move", args=[issue.pk]),
         {"to_level": "2", "reason": "The working level is stuck on the cost."}),
        (reverse("conflicts:resolve", args=[issue.pk]), {"resolution": "Replaced the lot."}),
        (reverse("conflicts:car_open", args=[issue.pk]), {}),
        (reverse("conflicts:discipline", args=[car.pk, "d1_team"]),
         {"d1_team-text": "Both QA leads.", "d1_team-side": "ours"}),
        (reverse("conflicts:car_close", args=[car.pk]), {"closure": "Thanks."}),
        (reverse("conflicts:retrospective", args=[sid]),
         {"retro-milestone": "Pilot", "retro-held_on": TODAY().isoformat(),
          "retro-ours_worked": "Fast replies.", "retro-theirs_worked": "Clear specs."}),
        (reverse("conflicts:breach", args=[sid]),
         {"breach-kind": "broken_commitment", "breach-description": "Missed the date.",
          "breach-occurred_on": TODAY().isoformat()}),
        (reverse("conflicts:breach_link", args=[breach.pk]), {"recovery_plan": ""}),
    ]  # fmt: skip


# --- permissions ------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, issue, car):
    for url in read_urls(issue, car):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_portal_users_are_refused_every_page(login, portal_user_a, issue, car):
    client = login(portal_user_a)
    for url in read_urls(issue, car):
        assert client.get(url).status_code == 403, url


def test_a_viewer_reads_every_page_without_forms(login, viewer, issue, car):
    client = login(viewer)
    for url in read_urls(issue, car):
        html = html_of(client.get(url))
        assert 'id="raise-form"' not in html and 'id="move-form"' not in html
        assert 'id="resolve-form"' not in html and 'id="close-form"' not in html


@pytest.mark.parametrize("who", ["viewer", "other_buyer"])
def test_people_who_may_not_edit_are_refused_every_write(request, login, who, issue, car, breach):
    client = login(request.getfixturevalue(who))
    for url, data in write_requests(issue, car, breach):
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("conflicts:edit", args=[issue.pk])).status_code == 403
    issue.refresh_from_db()
    assert (issue.title, issue.level, issue.status) == ("Scuffed outer cartons", 1, "open")
    assert SupplierIssue.objects.count() == 1 and not Escalation.objects.exists()
    assert not ProblemStep.objects.exists() and not Retrospective.objects.exists()
    assert Breach.objects.count() == 1 and not Discipline.objects.exists()


def test_another_buyer_reads_the_issue_but_gets_no_forms(login, other_buyer, issue):
    html = html_of(login(other_buyer).get(reverse("conflicts:issue", args=[issue.pk])))
    assert "Scuffed outer cartons" in html and 'id="move-form"' not in html


def test_writes_only_answer_post(login, buyer, issue):
    client = login(buyer)
    for name in ("move", "resolve", "step"):
        args = [issue.pk, "define"] if name == "step" else [issue.pk]
        assert client.get(reverse(f"conflicts:{name}", args=args)).status_code == 405


def test_an_issue_of_an_unknown_id_is_not_found(login, buyer, issue):
    assert login(buyer).get(reverse("conflicts:issue", args=[issue.pk + 99])).status_code == 404


# --- raising and editing ----------------------------------------------------------------------


def raise_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Short delivery of lids", "category": "delivery", "severity": "major",
        "safety_impact": "no", "description": "Two pallets short on order 7781.",
        "raised_by_side": "supplier",
    }  # fmt: skip
    data.update(changes)
    return data


def test_the_owner_raises_an_issue_from_the_tab(login, buyer, supplier_a):
    response = login(buyer).post(reverse("conflicts:raise", args=[supplier_a.pk]), raise_data())
    issue = SupplierIssue.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/issues/{issue.pk}/")
    assert (issue.severity, issue.raised_by_side, issue.level) == ("major", "supplier", 1)
    html = html_of(login(buyer).get(response["Location"]))
    assert "Short delivery of lids" in html and "by the supplier" in html


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"title": "  "}, "title"), ({"severity": "catastrophic"}, "severity"),
     ({"category": "weather"}, "category"), ({"safety_impact": "maybe"}, "safety_impact")],
)  # fmt: skip
def test_bad_input_when_raising_is_shown_beside_the_field(login, buyer, supplier_a, changes, field):
    response = login(buyer).post(
        reverse("conflicts:raise", args=[supplier_a.pk]), raise_data(**changes)
    )
    html = html_of(response, 400)
    assert f'id="error-{field}"' in html
    assert "Two pallets short on order 7781." in html  # the input is kept
    assert not SupplierIssue.objects.exists()


def test_the_owner_edits_an_issue(login, buyer, issue):
    url = reverse("conflicts:edit", args=[issue.pk])
    assert 'value="Scuffed outer cartons"' in html_of(login(buyer).get(url))
    response = login(buyer).post(
        url, raise_data(title="Cracked outer cartons", category="quality", version=1)
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.title == "Cracked outer cartons" and issue.version == 2


def test_an_edit_based_on_an_old_version_is_refused(login, buyer, issue):
    services.update_issue(buyer, issue, {"title": "Changed meanwhile"})
    response = login(buyer).post(
        reverse("conflicts:edit", args=[issue.pk]), raise_data(title="Mine", version=1)
    )
    html = html_of(response, 409)
    assert "Someone else saved" in html and "Changed meanwhile" in html
    issue.refresh_from_db()
    assert issue.title == "Changed meanwhile"


# --- the issue page: steps, actions, moves, resolving -----------------------------------------


def test_the_issue_page_shows_the_path_with_the_current_level_and_its_time_box(
    login, viewer, issue
):
    html = html_of(login(viewer).get(reverse("conflicts:issue", args=[issue.pk])))
    ladder = html.split('id="ladder"')[1].split("</ol>")[0]
    current = ladder.split('class="is-current"')[1].split("</li>")[0]
    assert "Level 1" in current and "Working level" in current
    assert "the default path" in html
    assert "Level 1 (Working level" in html and "days left" in html
    for step in domain.STEPS:
        assert escape(step.prompt) in html


def test_a_time_box_that_ran_out_suggests_the_next_level_but_moves_nothing(login, viewer, issue):
    SupplierIssue.objects.filter(pk=issue.pk).update(
        level_since=timezone.now() - dt.timedelta(days=9)
    )
    html = html_of(login(viewer).get(reverse("conflicts:issue", args=[issue.pk])))
    box = html.split('id="time-box"')[1].split("</p>")[0]
    assert "ran out" in box and "Consider escalating to level 2" in box
    assert "nothing moves by itself" in box
    issue.refresh_from_db()
    assert issue.level == 1


def test_the_five_steps_are_recorded_and_the_follow_up_says_whether_it_held(login, buyer, issue):
    client = login(buyer)
    for key in domain.STEP_KEYS:
        data = {f"{key}-ours": f"Our {key}.", f"{key}-theirs": f"Their {key}."}
        if key == "follow_up":
            data["follow_up-held"] = "yes"
        response = client.post(reverse("conflicts:step", args=[issue.pk, key]), data)
        assert response.status_code == 302 and response["Location"].endswith(f"#step-{key}")
    steps = {s.step: s for s in ProblemStep.objects.filter(issue=issue)}
    assert set(steps) == set(domain.STEP_KEYS)
    assert steps["follow_up"].held is True and steps["define"].held is None
    assert steps["data"].theirs == "Their data."
    html = html_of(client.get(reverse("conflicts:issue", args=[issue.pk])))
    assert "Their options." in html and 'value="yes" selected' in html


def test_a_step_without_text_is_refused_beside_the_field(login, buyer, issue):
    response = login(buyer).post(
        reverse("conflicts:step", args=[issue.pk, "define"]), {"define-ours": " "}
    )
    html = html_of(response, 400)
    assert 'id="error-define-ours"' in html
    assert not ProblemStep.objects.exists()


def test_an_unknown_step_changes_nothing(login, buyer, issue):
    response = login(buyer).post(
        reverse("conflicts:step", args=[issue.pk, "blame"]), {"blame-ours": "Text."}
    )
    assert response.status_code == 302 and not ProblemStep.objects.exists()


def test_a_step_that_reads_as_blame_is_saved_with_a_reminder(login, buyer, issue):
    client = login(buyer)
    response = client.post(
        reverse("conflicts:step", args=[issue.pk, "define"]),
        {"define-ours": "The packer was careless and it is his fault."},
        follow=True,
    )
    html = html_of(response)
    assert ProblemStep.objects.get().ours.startswith("The packer was careless")
    step = html.split('id="step-define"')[1].split("</article>")[0]
    assert escape(domain.BLAME_RULE) in step
    assert "calls someone names" in step and "says whose fault it is" in step
    other = html.split('id="step-data"')[1].split("</article>")[0]
    assert domain.BLAME_RULE not in other


def test_agreed_actions_are_added_with_an_owner_on_either_side(
    login, buyer, issue, supplier_contact
):
    client = login(buyer)
    url = reverse("conflicts:action", args=[issue.pk])
    due = (TODAY() + dt.timedelta(days=7)).isoformat()
    assert client.post(url, {"title": "Sort the stock", "owner": buyer.pk,
                             "due_on": due}).status_code == 302  # fmt: skip
    assert client.post(url, {"title": "Fix the pallet wrap", "owner_contact": supplier_contact.pk,
                             "due_on": due}).status_code == 302  # fmt: skip
    items = {i.title: i for i in ActionItem.objects.filter(source=services.ACTION_SOURCE)}
    assert items["Sort the stock"].owner == buyer
    assert items["Fix the pallet wrap"].owner_contact == supplier_contact
    html = html_of(client.get(reverse("conflicts:issue", args=[issue.pk])))
    actions = html.split('id="action-list"')[1].split("</table>")[0]
    assert "Sam Quality" in actions and "Sort the stock" in actions


@pytest.mark.parametrize(
    ("data", "field"),
    [({"title": "No owner", "due_on": "2030-01-01"}, "owner"),
     ({"title": "No date", "owner": "BUYER"}, "due_on"),
     ({"title": "", "owner": "BUYER", "due_on": "2030-01-01"}, "title"),
     ({"title": "Two owners", "owner": "BUYER", "owner_contact": "CONTACT",
       "due_on": "2030-01-01"}, "owner"),
     ({"title": "Nobody", "owner": "9" * 30, "due_on": "2030-01-01"}, "owner")],
)  # fmt: skip
def test_an_agreed_action_without_owner_or_date_is_refused(
    login, buyer, issue, supplier_contact, data, field
):
    swap = {"BUYER": str(buyer.pk), "CONTACT": str(supplier_contact.pk)}
    data = {k: swap.get(str(v), v) for k, v in data.items()}
    response = login(buyer).post(reverse("conflicts:action", args=[issue.pk]), data)
    assert f'id="error-{field}"' in html_of(response, 400)
    assert not ActionItem.objects.exists()


def test_the_owner_escalates_with_a_reason_and_the_history_shows_it(login, buyer, issue):
    client = login(buyer)
    response = client.post(
        reverse("conflicts:move", args=[issue.pk]),
        {"to_level": "2", "reason": "The cost of the sorting is disputed.", "version": "1"},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.level == 2
    move = Escalation.objects.get()
    assert (move.from_level, move.to_level, move.moved_by) == (1, 2, buyer)
    html = html_of(client.get(reverse("conflicts:issue", args=[issue.pk])))
    assert "Escalated from level 1 to 2" in html and "The cost of the sorting is disputed." in html
    current = html.split('class="is-current"')[1].split("</li>")[0]
    assert "Level 2" in current


@pytest.mark.parametrize(
    ("data", "field"),
    [({"to_level": "2", "reason": "too short"}, "reason"),
     ({"to_level": "9", "reason": "Straight to the board, please."}, "to_level"),
     ({"to_level": "1", "reason": "Stay where we are, please."}, "to_level"),
     ({"to_level": "two", "reason": "Not a number at all here."}, "to_level")],
)  # fmt: skip
def test_a_bad_move_is_refused_beside_the_field_and_moves_nothing(login, buyer, issue, data, field):
    response = login(buyer).post(reverse("conflicts:move", args=[issue.pk]), data)
    assert f'id="error-{field}"' in html_of(response, 400)
    issue.refresh_from_db()
    assert issue.level == 1 and not Escalation.objects.exists()


def test_a_move_based_on_an_old_version_is_refused(login, buyer, issue):
    services.update_issue(buyer, issue, {"title": "Renamed meanwhile"})
    response = login(buyer).post(
        reverse("conflicts:move", args=[issue.pk]),
        {"to_level": "2", "reason": "The cost of the sorting is disputed.", "version": "1"},
    )
    assert "Someone else saved" in html_of(response, 409)
    assert not Escalation.objects.exists()


def test_the_owner_resolves_then_reopens_an_issue(login, buyer, issue):
    client = login(buyer)
    assert client.post(reverse("conflicts:resolve", args=[issue.pk]),
                       {"resolution": "Supplier replaced the lot."}).status_code == 302  # fmt: skip
    issue.refresh_from_db()
    assert issue.status == "resolved" and issue.resolved_level == 1
    html = html_of(client.get(reverse("conflicts:issue", args=[issue.pk])))
    assert "Supplier replaced the lot." in html and 'id="reopen-form"' in html
    assert client.post(reverse("conflicts:reopen", args=[issue.pk]),
                       {"reason": "Scuffs are back on lot 4420."}).status_code == 302  # fmt: skip
    issue.refresh_from_db()
    assert issue.status == "open"


def test_resolving_without_saying_how_is_refused(login, buyer, issue):
    response = login(buyer).post(reverse("conflicts:resolve", args=[issue.pk]), {"resolution": ""})
    assert 'id="error-resolution"' in html_of(response, 400)
    issue.refresh_from_db()
    assert issue.status == "open"


def test_reopening_without_a_reason_is_refused(login, buyer, issue):
    services.resolve(buyer, issue, "Done.")
    response = login(buyer).post(reverse("conflicts:reopen", args=[issue.pk]), {"reason": ""})
    assert 'id="error-reason"' in html_of(response, 400)
    issue.refresh_from_db()
    assert issue.status == "resolved"


# --- corrective action requests ---------------------------------------------------------------


def test_a_quality_issue_offers_a_corrective_action_request(login, buyer, issue):
    client = login(buyer)
    html = html_of(client.get(reverse("conflicts:issue", args=[issue.pk])))
    assert "Open a corrective action request (8D)" in html
    response = client.post(reverse("conflicts:car_open", args=[issue.pk]), {})
    car = CorrectiveAction.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("conflicts:car", args=[car.pk])
    )
    html = html_of(client.get(reverse("conflicts:issue", args=[issue.pk])))
    assert 'id="car-link"' in html and 'id="car-form"' not in html


def test_a_corrective_action_request_with_a_past_due_date_is_refused(login, buyer, issue):
    past = (TODAY() - dt.timedelta(days=2)).isoformat()
    response = login(buyer).post(reverse("conflicts:car_open", args=[issue.pk]), {"due_on": past})
    assert 'id="error-due_on"' in html_of(response, 400)
    assert not CorrectiveAction.objects.exists()


def test_a_delivery_issue_has_no_corrective_action_request(login, buyer, supplier_a):
    issue = services.raise_issue(
        buyer, supplier_a, {"title": "Late", "category": "delivery", "severity": "minor"}
    )
    client = login(buyer)
    html = html_of(client.get(reverse("conflicts:issue", args=[issue.pk])))
    assert "corrective action request" not in html.lower()
    response = client.post(reverse("conflicts:car_open", args=[issue.pk]), {})
    assert "for quality issues" in html_of(response, 400)


def test_disciplines_are_answered_and_the_request_closes(login, buyer, car):
    client = login(buyer)
    html = html_of(client.get(reverse("conflicts:car", args=[car.pk])))
    for disc in domain.DISCIPLINES:
        assert escape(disc.prompt) in html
    for disc in domain.DISCIPLINES[:-1]:
        response = client.post(
            reverse("conflicts:discipline", args=[car.pk, disc.key]),
            {f"{disc.key}-text": f"Answer to {disc.label}.", f"{disc.key}-side": "supplier"},
        )
        assert response.status_code == 302
    response = client.post(
        reverse("conflicts:car_close", args=[car.pk]), {"closure": "Thanks to both QA teams."}
    )
    assert response.status_code == 302
    car.refresh_from_db()
    assert car.closed_on == TODAY()
    html = html_of(client.get(reverse("conflicts:car", args=[car.pk])))
    assert "answered by the supplier" in html and "Thanks to both QA teams." in html
    assert 'id="close-form"' not in html


def test_closing_with_missing_disciplines_is_refused_naming_them(login, buyer, car):
    services.answer_discipline(buyer, car, "d1_team", "Both QA leads.")
    response = login(buyer).post(
        reverse("conflicts:car_close", args=[car.pk]), {"closure": "Done."}
    )
    html = html_of(response, 400)
    error = html.split('id="error-closure"')[1].split("</small>")[0]
    assert "D2 Problem description" in error and "D7 Prevention" in error
    assert "D1 Team" not in error
    car.refresh_from_db()
    assert car.closed_on is None and not car.disciplines.filter(key="d8_closure").exists()


def test_an_empty_answer_is_refused(login, buyer, car):
    response = login(buyer).post(
        reverse("conflicts:discipline", args=[car.pk, "d1_team"]),
        {"d1_team-text": "", "d1_team-side": "ours"},
    )
    assert 'id="error-d1_team-text"' in html_of(response, 400)
    assert not Discipline.objects.exists()


# --- the tab: path, retrospectives, breaches --------------------------------------------------


def test_the_tab_lists_open_issues_first_and_the_path_in_force(login, viewer, buyer, issue):
    older = services.raise_issue(
        buyer, issue.supplier,
        {"title": "Wrong invoice", "category": "invoicing", "severity": "minor",
         "raised_at": timezone.now() - dt.timedelta(days=3)},
    )  # fmt: skip
    services.resolve(buyer, issue, "Replaced.")
    html = html_of(login(viewer).get(reverse("conflicts:supplier", args=[issue.supplier_id])))
    table = html.split('id="supplier-issues"')[1]
    assert table.index("Wrong invoice") < table.index("Scuffed outer cartons")
    assert f'href="{reverse("conflicts:issue", args=[older.pk])}"' in table
    assert "The default path" in html and "Executive sponsors" in html
    assert 'aria-current="page"' in html.split('class="tabs"')[1].split("</div>")[0]


def test_a_path_from_the_agreement_is_shown_and_kept_by_new_issues(
    login, buyer, supplier_a, monkeypatch
):
    from partnerbook.practices import domain as practices_domain
    from partnerbook.practices import services as practices_services

    level = practices_domain.EscalationLevel
    agreed = [level(1, "Buyer and key account manager", 3),
              level(2, "Category director and sales director", 7)]  # fmt: skip
    monkeypatch.setattr(practices_services, "escalation_path", lambda supplier: agreed)
    client = login(buyer)
    html = html_of(client.get(reverse("conflicts:supplier", args=[supplier_a.pk])))
    assert "From the agreement in force" in html and "Category director and sales director" in html
    client.post(reverse("conflicts:raise", args=[supplier_a.pk]), raise_data())
    issue = SupplierIssue.objects.get()
    html = html_of(client.get(reverse("conflicts:issue", args=[issue.pk])))
    assert "follows the agreement" in html and "3 days" in html
    assert "Executive sponsors" not in html


def test_the_supplier_page_links_to_the_issues_tab(login, viewer, supplier_a):
    html = html_of(login(viewer).get(f"/suppliers/{supplier_a.pk}/"))
    assert f'href="{reverse("conflicts:supplier", args=[supplier_a.pk])}"' in html


def retro_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "retro-milestone": "Pilot run finished", "retro-held_on": TODAY().isoformat(),
        "retro-ours_worked": "Quick answers.", "retro-theirs_worked": "Clear drawings.",
        "retro-theirs_change": "Forecasts a week earlier.",
    }  # fmt: skip
    data.update(changes)
    return data


def test_a_joint_retrospective_is_recorded_as_a_trust_deposit(login, buyer, issue):
    url = reverse("conflicts:retrospective", args=[issue.supplier_id])
    response = login(buyer).post(url, retro_data(**{"retro-issue": str(issue.pk)}))
    assert response.status_code == 302
    retro = Retrospective.objects.get()
    assert retro.issue == issue and retro.trust_entry.points == domain.RETROSPECTIVE_POINTS
    html = html_of(login(buyer).get(reverse("conflicts:supplier", args=[issue.supplier_id])))
    assert "Pilot run finished" in html and "Forecasts a week earlier." in html


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"retro-held_on": "2999-01-01"}, "retro-held_on"),
     ({"retro-milestone": ""}, "retro-milestone"),
     ({"retro-theirs_worked": "", "retro-theirs_change": ""}, "retro-theirs_worked"),
     ({"retro-held_on": "yesterday"}, "retro-held_on"),
     ({"retro-issue": "9" * 30}, "retro-issue")],
)  # fmt: skip
def test_a_bad_retrospective_is_refused_beside_the_field(login, buyer, supplier_a, changes, field):
    url = reverse("conflicts:retrospective", args=[supplier_a.pk])
    response = login(buyer).post(url, retro_data(**changes))
    assert f'id="error-{field}"' in html_of(response, 400)
    assert not Retrospective.objects.exists() and not TrustEntry.objects.exists()


def test_a_breach_is_recorded_and_shows_the_deposits_made_since(login, buyer, supplier_a, plan):
    client = login(buyer)
    response = client.post(
        reverse("conflicts:breach", args=[supplier_a.pk]),
        {"breach-kind": "hidden_problem", "breach-description": "A defect was kept quiet.",
         "breach-occurred_on": (TODAY() - dt.timedelta(days=10)).isoformat(),
         "breach-recovery_plan": str(plan.pk)},
    )  # fmt: skip
    assert response.status_code == 302
    found = Breach.objects.get()
    assert found.recovery_plan == plan and found.trust_entry.points == domain.BREACH_POINTS
    client.post(reverse("conflicts:retrospective", args=[supplier_a.pk]), retro_data())
    html = html_of(client.get(reverse("conflicts:supplier", args=[supplier_a.pk])))
    row = html.split(f'id="breach-{found.pk}"')[1].split("</tr>")[0]
    assert "A defect was kept quiet." in row and f"Recovery plan {plan.pk}" in row
    assert f"{domain.RETROSPECTIVE_POINTS} points in 1 deposit" in row
    assert f'href="{reverse("plans:recovery_create", args=[supplier_a.pk])}"' in html


def test_a_breach_in_the_future_is_refused(login, buyer, supplier_a):
    response = login(buyer).post(
        reverse("conflicts:breach", args=[supplier_a.pk]),
        {"breach-kind": "hidden_problem", "breach-description": "Not yet.",
         "breach-occurred_on": (TODAY() + dt.timedelta(days=2)).isoformat()},
    )  # fmt: skip
    assert 'id="error-breach-occurred_on"' in html_of(response, 400)
    assert not Breach.objects.exists() and not TrustEntry.objects.exists()


def test_a_breach_of_an_unknown_kind_is_refused(login, buyer, supplier_a):
    response = login(buyer).post(
        reverse("conflicts:breach", args=[supplier_a.pk]),
        {"breach-kind": "gossip", "breach-description": "Talked.",
         "breach-occurred_on": TODAY().isoformat()},
    )  # fmt: skip
    assert 'id="error-breach-kind"' in html_of(response, 400)
    assert not Breach.objects.exists()


def test_a_recovery_plan_is_linked_to_a_breach(login, buyer, breach, plan):
    url = reverse("conflicts:breach_link", args=[breach.pk])
    assert login(buyer).post(url, {"recovery_plan": str(plan.pk)}).status_code == 302
    breach.refresh_from_db()
    assert breach.recovery_plan == plan


def test_a_recovery_plan_of_another_supplier_is_not_linked(login, manager, breach, supplier_b):
    other = RecoveryPlan.objects.create(
        supplier=supplier_b, trigger="trust_breach", acknowledgement="Other.",
        review_on=TODAY(),
    )  # fmt: skip
    url = reverse("conflicts:breach_link", args=[breach.pk])
    html = html_of(login(manager).post(url, {"recovery_plan": str(other.pk)}), 400)
    assert "Recovery plan: choose one of this supplier&#x27;s own plans." in html
    breach.refresh_from_db()
    assert breach.recovery_plan is None


# --- the list, the audit and the statistics ---------------------------------------------------


def test_the_list_filters_and_links_the_export_with_its_filters(
    login, viewer, buyer, issue, supplier_b, other_buyer
):
    services.raise_issue(
        other_buyer, supplier_b,
        {"title": "Broken seal", "category": "quality", "severity": "critical",
         "safety_impact": True},
    )  # fmt: skip
    client = login(viewer)
    html = html_of(client.get(reverse("conflicts:list")))
    assert "Scuffed outer cartons" in html and "Broken seal" in html and "safety/function" in html
    html = html_of(client.get(reverse("conflicts:list"), {"severity": "critical", "q": "seal"}))
    assert "Broken seal" in html and "Scuffed outer cartons" not in html
    assert 'href="/issues/export/?format=xlsx&amp;severity=critical&amp;q=seal"' in html
    html = html_of(client.get(reverse("conflicts:list"), {"severity": "bogus", "page": "x"}))
    assert "Scuffed outer cartons" in html
    huge = "9" * 30
    # A number too large to be any record's id is ignored rather than sent to the database.
    html = html_of(client.get(reverse("conflicts:list"), {"supplier": huge, "owner": huge}))
    assert "Scuffed outer cartons" in html
    assert client.get(reverse("conflicts:issue", args=[int(huge)])).status_code == 404
    assert client.get(reverse("conflicts:audit"), {"supplier": huge}).status_code in (200, 400)
    assert client.get(reverse("conflicts:statistics"), {"owner": huge}).status_code in (200, 400)


def escalate_quickly(buyer, issue) -> Escalation:
    return services.move(buyer, issue, 2, "The supplier did not answer my email.")


def test_the_audit_flags_a_minor_issue_escalated_within_a_day(login, viewer, buyer, issue):
    move = escalate_quickly(buyer, issue)
    html = html_of(login(viewer).get(reverse("conflicts:audit")))
    assert "1 of the last 1 escalation (100%) could likely have been settled informally." in html
    row = html.split(f'id="escalation-{move.pk}"')[1].split("</tr>")[0]
    assert domain.RULES["minor_fast"].label in row
    assert escape(domain.RULES["minor_fast"].explanation) in row
    assert "escalated less than an hour after it was raised" in row
    habits = html.split('id="habits"')[1].split("</section>")[0]
    assert escape(domain.RULES["minor_fast"].habit) in habits and "100%" in habits
    assert "conflicts.js" in html and 'id="print-button"' in html


def test_the_audit_explains_why_a_critical_escalation_passed(login, viewer, buyer, supplier_a):
    critical = services.raise_issue(
        buyer, supplier_a, {"title": "Seal fails", "category": "quality", "severity": "critical"}
    )
    move = services.move(buyer, critical, 3, "Line stop at our customer tonight.")
    html = html_of(login(viewer).get(reverse("conflicts:audit"), {"n": "5"}))
    row = html.split(f'id="escalation-{move.pk}"')[1].split("</tr>")[0]
    assert "not flagged" in row and escape(domain.EXEMPT) in row


@pytest.mark.parametrize("n", ["0", "501", "abc", "-3"])
def test_the_audit_refuses_a_bad_n_beside_the_field(login, viewer, n):
    html = html_of(login(viewer).get(reverse("conflicts:audit"), {"n": n}), 400)
    assert 'id="error-n"' in html and 'id="audit-summary"' not in html


def test_the_audit_scope_narrows_to_a_supplier(login, viewer, buyer, issue, supplier_b):
    escalate_quickly(buyer, issue)
    html = html_of(login(viewer).get(reverse("conflicts:audit"), {"supplier": supplier_b.pk}))
    assert "No escalations to audit in this scope." in html
    scope = html.split('id="audit-scope"')[1].split("</p>")[0]
    assert "Supplier: Beta Boxes" in scope and "the last 20 escalations" in scope


def test_the_statistics_compare_joint_problem_solving(login, viewer, buyer, supplier_a):
    now = timezone.now()
    for n, joint in ((2, True), (6, False)):
        issue = services.raise_issue(
            buyer, supplier_a,
            {"title": f"Issue {n}", "category": "delivery", "severity": "major",
             "raised_at": now - dt.timedelta(days=n)},
        )  # fmt: skip
        data = {"ours": "Our view.", "theirs": "Their view." if joint else ""}
        services.record_step(buyer, issue, "define", data)
        services.resolve(buyer, issue, "Done.")
    html = html_of(login(viewer).get(reverse("conflicts:statistics")))
    assert "Issues solved jointly took 67% less time (2.0 against 6.0 days, median)." in html
    assert "Alpha Packaging" in html and "Delivery" in html and "Major" in html
    assert "supplier's side contributed to at least one problem-solving step" in html


@pytest.mark.parametrize(
    ("params", "field"),
    [({"category": "x"}, "category"), ({"supplier": "abc"}, "supplier"),
     ({"owner": "-1"}, "owner"), ({"severity": "huge"}, "severity")],
)  # fmt: skip
def test_the_statistics_refuse_a_bad_scope_beside_the_field(login, viewer, params, field):
    html = html_of(login(viewer).get(reverse("conflicts:statistics"), params), 400)
    assert f'id="error-{field}"' in html and 'id="joint-pays-off"' not in html


# --- bounded queries --------------------------------------------------------------------------


@pytest.fixture
def busy_supplier(buyer, supplier_a, supplier_contact, plan):
    """Supplier A with several issues, each with steps, moves and actions, and a few
    retrospectives and breaches."""
    for n in range(6):
        issue = services.raise_issue(
            buyer, supplier_a,
            {"title": f"Issue {n}", "category": "quality", "severity": "minor"},
        )  # fmt: skip
        services.record_step(buyer, issue, "define", {"ours": "Facts.", "theirs": "Theirs."})
        services.move(buyer, issue, 2, "The cost of the sorting is disputed.")
        services.add_action(buyer, issue, {"title": "Sort", "owner_contact": supplier_contact,
                                           "due_on": TODAY()})  # fmt: skip
        services.record_retrospective(
            buyer, supplier_a,
            {"milestone": f"M{n}", "ours_worked": "a", "theirs_worked": "b", "issue": issue},
        )  # fmt: skip
        services.record_breach(
            buyer, supplier_a,
            {"kind": "broken_commitment", "description": f"B{n}", "issue": issue,
             "recovery_plan": plan},
        )  # fmt: skip
        if n % 2:
            services.resolve(buyer, issue, "Done.")
    return supplier_a


def test_the_pages_use_a_bounded_number_of_queries(
    login, buyer, busy_supplier, django_assert_max_num_queries
):
    client = login(buyer)
    issue = SupplierIssue.objects.filter(status="open").first()
    car = services.open_corrective_action(buyer, issue)
    for disc in domain.DISCIPLINES[:4]:
        services.answer_discipline(buyer, car, disc.key, "Answer.")
    pages = {
        reverse("conflicts:issue", args=[issue.pk]): 14,
        reverse("conflicts:supplier", args=[busy_supplier.pk]): 21,
        reverse("conflicts:car", args=[car.pk]): 9,
        reverse("conflicts:audit"): 9,
        reverse("conflicts:statistics"): 10,
        reverse("conflicts:list"): 10,
    }
    for url, most in pages.items():
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200
