"""Relationship plans and recovery plans: services, the Plan tab and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnerbook.core import registry
from partnerbook.core.concurrency import StaleEdit
from partnerbook.plans import services
from partnerbook.plans.models import PlanRevision, RecoveryPlan, RelationshipPlan
from partnerbook.suppliers import services as supplier_services
from tests.api import API, error_fields, token_client

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def people(manager, supplier_a, supplier_b):
    def make(supplier, side, name, level):
        return supplier_services.create_contact(
            manager, supplier, {"side": side, "name": name, "level": level}
        )

    return {
        "olivia": make(supplier_a, "ours", "Olivia Ours", "management"),
        "oscar": make(supplier_a, "ours", "Oscar Exec", "executive"),
        "tara": make(supplier_a, "supplier", "Tara Theirs", "management"),
        "tom": make(supplier_a, "supplier", "Tom Top", "executive"),
        "bea": make(supplier_b, "supplier", "Bea Beta", "management"),
    }


def _plan_data(people, **extra):
    data = {
        "strengths": ["Fast engineering answers"],
        "weaknesses": ["One pair carries everything"],
        "opportunities": ["Joint packaging redesign"],
        "threats": ["Their capacity is tight"],
        "contact_map": [
            {"our_contact": people["olivia"].pk, "their_contact": people["tara"].pk,
             "level": "management", "purpose": "Monthly performance"},
        ],
        "preferred_channels": ["call", "email"],
        "response_urgent_hours": 4,
        "response_normal_hours": 24,
        "response_low_hours": 72,
        "languages": ["English"],
        "time_zones": ["Europe/Amsterdam"],
        "meeting_etiquette": "Agenda a day ahead.",
        "contributor_ids": [people["tara"].pk],
    }  # fmt: skip
    data.update(extra)
    return data


def test_it_writes_a_plan_and_keeps_every_revision(buyer, supplier_a, people):
    plan = services.save_plan(buyer, supplier_a, _plan_data(people), "First draft with Tara", 1)
    assert plan.revision == 1 and plan.version == 2
    plan = services.save_plan(
        buyer, supplier_a, {"response_normal_hours": 12}, "Faster answers agreed", plan.version
    )

    assert plan.revision == 2 and plan.response_normal_hours == 12
    assert plan.strengths == ["Fast engineering answers"]  # left out: kept
    revisions = list(services.revisions_of(plan))
    assert [r.number for r in revisions] == [2, 1]
    assert revisions[1].note == "First draft with Tara" and revisions[1].created_by == buyer
    assert revisions[1].snapshot["response_normal_hours"] == 24
    assert revisions[1].snapshot["contact_map"][0]["their_name"] == "Tara Theirs"
    assert revisions[0].snapshot["contributors"] == ["Tara Theirs"]


def test_a_change_note_is_required(buyer, supplier_a, people):
    with pytest.raises(ValidationError) as exc:
        services.save_plan(buyer, supplier_a, _plan_data(people), "   ")
    assert "change_note" in exc.value.message_dict
    assert not PlanRevision.objects.exists()


def test_an_edit_on_a_stale_version_is_refused(buyer, manager, supplier_a, people):
    plan = services.save_plan(buyer, supplier_a, _plan_data(people), "Draft", 1)
    read_version = plan.version
    services.save_plan(manager, supplier_a, {"threats": ["New"]}, "Manager's edit", read_version)
    with pytest.raises(StaleEdit):
        services.save_plan(buyer, supplier_a, {"threats": []}, "Mine", read_version)
    # Two people writing the first plan: the second one read version 1 too.


def test_the_contact_map_refuses_a_contact_of_another_supplier(buyer, supplier_a, people):
    rows = [{"our_contact": people["olivia"].pk, "their_contact": people["bea"].pk,
             "level": "management", "purpose": ""}]  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.save_plan(buyer, supplier_a, _plan_data(people, contact_map=rows), "Draft")
    assert "contact_map" in exc.value.message_dict
    assert "Row 1" in exc.value.message_dict["contact_map"][0]


def test_the_contact_map_refuses_sides_swapped(buyer, supplier_a, people):
    rows = [{"our_contact": people["tara"].pk, "their_contact": people["olivia"].pk,
             "level": "management"}]  # fmt: skip
    with pytest.raises(ValidationError):
        services.save_plan(buyer, supplier_a, _plan_data(people, contact_map=rows), "Draft")


def test_a_buyer_cannot_write_another_buyers_plan(buyer, supplier_b):
    with pytest.raises(PermissionDenied):
        services.save_plan(buyer, supplier_b, {}, "Not mine")


def test_response_target_source_gives_the_normal_hours(
    buyer, manager, supplier_a, supplier_b, people, django_assert_max_num_queries
):
    services.save_plan(buyer, supplier_a, _plan_data(people), "Draft")
    services.save_plan(manager, supplier_b, {"response_urgent_hours": 2}, "Only urgent")
    (source,) = [s for s in registry.response_target_sources() if s.key == "plans"]
    with django_assert_max_num_queries(1):
        targets = source.targets([supplier_a.pk, supplier_b.pk, 999])
    assert targets == {supplier_a.pk: 24.0}


def test_objectives_are_action_items_of_the_plan(buyer, supplier_a, people):
    with pytest.raises(ValidationError):
        services.add_objective(buyer, supplier_a, {"title": "Before any plan"})
    plan = services.save_plan(buyer, supplier_a, _plan_data(people), "Draft")
    item = services.add_objective(buyer, supplier_a, {"title": "Cut lead time", "owner": buyer})
    assert (item.source, item.source_id) == ("plan.objective", plan.pk)
    assert services.objectives_of(plan) == [item]


# --- recovery plans ---------------------------------------------------------------------


def _recovery(contacts, **extra):
    data = {
        "trigger": "trust_breach",
        "acknowledgement": "A late delivery was hidden from us; we reacted with a penalty.",
        "levels": ["ours:management", "supplier:management"],
        "people": [contacts["olivia"].pk, contacts["tara"].pk],
        "cadence": "monthly",
        "review_on": timezone.localdate() + dt.timedelta(days=30),
        "steps": [{"title": "Share the weekly forecast"}],
    }
    data.update(extra)
    return data


def test_a_recovery_plan_that_repeats_the_previous_one_is_flagged(buyer, supplier_a, people):
    first, check = services.create_recovery_plan(buyer, supplier_a, _recovery(people))
    assert not check.repeats and first.repetition_warning == ""
    step = first_step = services.recovery_plans_of(supplier_a)[0].steps[0]
    assert (step.source, step.source_id, step.due_on) == (
        "plan.recovery",
        first.pk,
        first.review_on,
    )

    second, check = services.create_recovery_plan(buyer, supplier_a, _recovery(people))
    assert check.repeats
    assert "Olivia Ours and Tara Theirs" in second.repetition_warning
    assert "the same cadence (monthly)" in second.repetition_warning
    assert first_step.pk != services.recovery_plans_of(supplier_a)[0].steps[0].pk

    third, check = services.create_recovery_plan(
        buyer, supplier_a, _recovery(people, levels=["ours:executive", "supplier:executive"])
    )
    assert not check.repeats and third.repetition_warning == ""


def test_a_recovery_plan_is_compared_with_the_relationship_plan(buyer, supplier_a, people):
    services.save_plan(buyer, supplier_a, _plan_data(people), "Draft")
    _, check = services.create_recovery_plan(buyer, supplier_a, _recovery(people, cadence=""))
    assert check.repeats and "as the relationship plan" in check.warning


def test_a_recovery_plan_needs_a_future_review_and_own_contacts(buyer, supplier_a, people):
    with pytest.raises(ValidationError) as exc:
        services.create_recovery_plan(
            buyer, supplier_a, _recovery(people, review_on=timezone.localdate())
        )
    assert "review_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.create_recovery_plan(
            buyer, supplier_a, _recovery(people, people=[people["bea"].pk])
        )
    assert "people" in exc.value.message_dict
    assert not RecoveryPlan.objects.exists()


# --- web ----------------------------------------------------------------------------------


def _form(people, version=1, **extra):
    data = {
        "strengths": "Fast answers\nShared roadmap", "weaknesses": "", "opportunities": "",
        "threats": "", "preferred_channels": ["call"], "response_normal_hours": "24",
        "languages": "English, Dutch", "time_zones": "", "meeting_etiquette": "",
        "intermediary": "", "contributors_note": "", "change_note": "First version",
        "version": str(version),
        "map-TOTAL_FORMS": "1", "map-INITIAL_FORMS": "0", "map-MIN_NUM_FORMS": "0",
        "map-MAX_NUM_FORMS": "1000",
        "map-0-our_contact": str(people["olivia"].pk),
        "map-0-their_contact": str(people["tara"].pk),
        "map-0-level": "management", "map-0-purpose": "Performance",
    }  # fmt: skip
    data.update(extra)
    return data


def test_the_plan_tab_shows_and_edits_the_plan(login, buyer, supplier_a, people):
    client = login(buyer)
    assert client.get(f"/plans/suppliers/{supplier_a.pk}/").status_code == 200
    response = client.post(f"/plans/suppliers/{supplier_a.pk}/edit", _form(people))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(f"/plans/suppliers/{supplier_a.pk}/").content.decode()
    assert "Shared roadmap" in page and "Tara Theirs" in page
    assert client.get(f"/plans/suppliers/{supplier_a.pk}/revisions/").status_code == 200
    old = client.get(f"/plans/suppliers/{supplier_a.pk}/revisions/1/")
    assert old.status_code == 200 and "First version" in old.content.decode()
    printed = client.get(f"/plans/suppliers/{supplier_a.pk}/print")
    assert printed.status_code == 200 and "plans.css" in printed.content.decode()


def test_the_edit_form_keeps_input_on_error(login, buyer, supplier_a, people):
    response = login(buyer).post(
        f"/plans/suppliers/{supplier_a.pk}/edit",
        _form(people, change_note="", **{"map-0-their_contact": str(people["bea"].pk)}),
    )
    assert response.status_code == 400
    assert "Shared roadmap" in response.content.decode()
    assert response.context["form"].errors["change_note"]
    assert response.context["rows"].forms[0].errors["their_contact"]


def test_a_stale_form_is_refused_with_the_current_values(login, buyer, manager, supplier_a, people):
    services.save_plan(manager, supplier_a, {"threats": ["Capacity"]}, "Manager draft")
    response = login(buyer).post(f"/plans/suppliers/{supplier_a.pk}/edit", _form(people))
    assert response.status_code == 409
    assert "Capacity" in response.content.decode()


def test_a_viewer_reads_the_plan_but_cannot_edit(login, viewer, buyer, supplier_a, people):
    services.save_plan(buyer, supplier_a, _plan_data(people), "Draft")
    client = login(viewer)
    assert client.get(f"/plans/suppliers/{supplier_a.pk}/").status_code == 200
    assert client.get(f"/plans/suppliers/{supplier_a.pk}/edit").status_code == 403
    assert (
        client.post(f"/plans/suppliers/{supplier_a.pk}/edit", _form(people, 2)).status_code == 403
    )
    assert client.post(f"/plans/suppliers/{supplier_a.pk}/recovery/new", {}).status_code == 403


def test_the_tab_warns_for_a_transactional_supplier(login, manager, supplier_b):
    from partnerbook.segmentation.models import SegmentationProfile

    SegmentationProfile.objects.create(supplier=supplier_b, chosen_model="transactional")
    page = login(manager).get(f"/plans/suppliers/{supplier_b.pk}/").content.decode()
    assert "run as transactional" in page


def test_a_recovery_plan_from_the_web_form(login, buyer, supplier_a, people):
    review = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    response = login(buyer).post(
        f"/plans/suppliers/{supplier_a.pk}/recovery/new",
        {"trigger": "bow_tie", "acknowledgement": "Only Olivia and Tara talk.",
         "levels": ["ours:executive"], "people": [people["tom"].pk], "cadence": "quarterly",
         "review_on": review, "steps": "Intro call Oscar–Tom\nShare roadmap"},
    )  # fmt: skip
    assert response.status_code == 302
    (view,) = services.recovery_plans_of(supplier_a)
    assert [s.title for s in view.steps] == ["Intro call Oscar–Tom", "Share roadmap"]


# --- API ----------------------------------------------------------------------------------


def _api_plan(people, version=1, **extra):
    body = {"version": version, "change_note": "Agreed in the kick-off", **_plan_data(people)}
    body.update(extra)
    return body


def test_api_puts_gets_and_lists_revisions(buyer, supplier_a, people):
    client = token_client(buyer)
    url = f"{API}/suppliers/{supplier_a.pk}/plan"
    empty = client.get(url).json()
    assert empty["exists"] is False and empty["version"] == 1
    put = client.put(url, _api_plan(people), content_type=JSON)
    assert put.status_code == 200, put.content
    assert put.json()["response_normal_hours"] == 24 and put.json()["revision"] == 1
    revisions = client.get(f"{url}/revisions").json()
    assert revisions["count"] == 1 and revisions["items"][0]["note"] == "Agreed in the kick-off"
    assert client.get(f"{url}/revisions/1").status_code == 200
    assert client.get(f"{url}/revisions/9").status_code == 404


def test_api_refuses_stale_version_unknown_contact_and_past_review(buyer, supplier_a, people):
    client = token_client(buyer)
    url = f"{API}/suppliers/{supplier_a.pk}/plan"
    assert client.put(url, _api_plan(people), content_type=JSON).status_code == 200
    stale = client.put(url, _api_plan(people, version=1), content_type=JSON)
    assert stale.status_code == 409 and error_fields(stale) == {"version"}
    rows = [{"our_contact": people["olivia"].pk, "their_contact": 987654, "level": "executive"}]
    unknown = client.put(url, _api_plan(people, 2, contact_map=rows), content_type=JSON)
    assert unknown.status_code == 400 and error_fields(unknown) == {"contact_map"}
    past = client.post(
        f"{API}/suppliers/{supplier_a.pk}/recovery-plans",
        {"trigger": "drift_alert", "acknowledgement": "Answers got slower.",
         "review_on": "2020-01-01"}, content_type=JSON,
    )  # fmt: skip
    assert past.status_code == 400 and error_fields(past) == {"review_on"}
    no_note = client.put(url, {**_api_plan(people, 2), "change_note": ""}, content_type=JSON)
    assert no_note.status_code == 422


def test_api_recovery_plan_reports_repetition(buyer, supplier_a, people):
    client = token_client(buyer)
    url = f"{API}/suppliers/{supplier_a.pk}/recovery-plans"
    review = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    body = {"trigger": "trust_breach", "acknowledgement": "We both let it slide.",
            "levels": ["ours:management"], "people": [people["tara"].pk], "cadence": "weekly",
            "review_on": review, "steps": [{"title": "Weekly 15-minute call"}]}  # fmt: skip
    first = client.post(url, body, content_type=JSON)
    assert first.status_code == 201, first.content
    assert first.json()["repeats"] is False and len(first.json()["steps"]) == 1
    second = client.post(url, body, content_type=JSON).json()
    assert second["repeats"] is True and "Tara Theirs" in second["repetition_warning"]
    assert [p["id"] for p in client.get(url).json()] == [second["id"], first.json()["id"]]


def test_api_refuses_portal_users_and_other_buyers(portal_user_a, other_buyer, supplier_a, people):
    portal = token_client(portal_user_a)
    assert portal.get(f"{API}/suppliers/{supplier_a.pk}/plan").status_code == 403
    assert portal.get(f"{API}/suppliers/{supplier_a.pk}/recovery-plans").status_code == 403
    other = token_client(other_buyer)
    response = other.put(
        f"{API}/suppliers/{supplier_a.pk}/plan", _api_plan(people), content_type=JSON
    )
    assert response.status_code == 403


def test_the_untouched_extra_contact_map_rows_a_browser_sends_are_ignored(
    login, buyer, supplier_a, people
):
    """Regression: the empty rows used to start at level "Executive", so a plan could not be
    saved from the browser without filling in every row."""
    data = _form(people, **{"map-TOTAL_FORMS": "3"})
    for row in (1, 2):
        data.update({f"map-{row}-our_contact": "", f"map-{row}-their_contact": "",
                     f"map-{row}-level": "", f"map-{row}-purpose": ""})  # fmt: skip
    response = login(buyer).post(f"/plans/suppliers/{supplier_a.pk}/edit", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(RelationshipPlan.objects.get(supplier=supplier_a).contact_map) == 1
