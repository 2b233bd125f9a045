"""Reviews over the REST API: record, list, read, change (409 when stale), archive, export;
permissions and bad input with nothing written."""

from __future__ import annotations

import csv
import io

import pytest

from partnerbook.actions.models import ActionItem
from partnerbook.relationship.models import Interaction
from partnerbook.reviews import services
from partnerbook.reviews.models import BusinessReview
from tests.api import API, error_fields, token_client

from .conftest import HIGH_RISK, review_data, set_risk

JSON = "application/json"
BODY = {
    "quarter": "2026-Q1", "held_on": "2026-04-20",
    "our_comments": "Steady quarter.", "supplier_comments": "New planner since January.",
    "decisions": ["Keep two weeks of stock"], "successes": ["No rejects"],
}  # fmt: skip


def reviews_url(supplier):
    return f"{API}/suppliers/{supplier.pk}/reviews"


def post(client, url, payload):
    return client.post(url, payload, content_type=JSON)


def nothing_written():
    return not (
        BusinessReview.objects.exists()
        or Interaction.objects.exists()
        or ActionItem.objects.exists()
    )


def test_recording_a_review_with_actions(delivered, buyer, manager, contact_a):
    body = {
        **BODY,
        "contact_ids": [contact_a.pk],
        "actions": [
            {"title": "Send the revised forecast", "owner_id": manager.pk, "due_on": "2026-05-15"},
            {"title": "Confirm the planner's contact", "owner_contact_id": contact_a.pk},
        ],
    }

    response = post(token_client(buyer), reviews_url(delivered), body)

    assert response.status_code == 201, response.json()
    review = response.json()
    assert review["quarter"] == "2026-Q1" and review["period_start"] == "2026-01-01"
    assert review["held_on"] == "2026-04-20" and review["version"] == 1
    on_time = next(k for k in review["scorecard"]["kpis"] if k["key"] == "on_time")
    assert on_time["value"] == 90.0 and on_time["light"] == "yellow"
    assert on_time["explanation"].startswith("On-time 90 % (18 of 20 lines)")
    assert review["overall"] == review["scorecard"]["overall"]
    assert review["recheck"]["first_review"] and not review["recheck"]["risk_rose"]
    assert review["recheck"]["quadrant_after"] == "strategic"
    assert [a["title"] for a in review["actions"]] == [
        "Send the revised forecast", "Confirm the planner's contact",
    ]  # fmt: skip
    assert {a["source"] for a in review["actions"]} == {"review.action"}
    assert review["actions"][1]["owner_contact_name"] == "Ana Alpha"
    assert review["contact_ids"] == [contact_a.pk]
    interaction = Interaction.objects.get(pk=review["interaction_id"])
    assert interaction.channel == "business_review"


def test_reading_and_listing_reviews(recorded, viewer):
    client = token_client(viewer)

    single = client.get(f"{API}/reviews/{recorded.pk}").json()
    listed = client.get(reviews_url(recorded.supplier)).json()

    assert single["scorecard"] == {
        **recorded.scorecard,
        "frozen_at": single["scorecard"]["frozen_at"],
    }
    assert [a["title"] for a in single["actions"]] == ["Send the revised forecast"]
    assert single["mitigation"] == []
    assert listed["count"] == 1 and listed["items"][0]["id"] == recorded.pk
    assert listed["items"][0]["standing"] == recorded.standing


def test_a_mitigation_plan_when_risk_rose(recorded, buyer, manager):
    set_risk(manager, recorded.supplier, HIGH_RISK)
    client = token_client(buyer)
    body = {**BODY, "quarter": "2026-Q2", "held_on": "2026-06-12"}

    refused = post(client, reviews_url(recorded.supplier), body)
    saved = post(client, reviews_url(recorded.supplier), {
        **body, "mitigation": [{"title": "Qualify a second source", "owner_id": manager.pk}],
    })  # fmt: skip

    assert refused.status_code == 400 and error_fields(refused) == {"mitigation"}
    assert saved.status_code == 201
    review = saved.json()
    assert review["risk_rose"] and review["quadrant_changed"]
    assert review["recheck"]["quadrant_before"] == "strategic"
    assert review["recheck"]["quadrant_after"] == "opportunistic"
    assert "changed from Strategic to Opportunistic" in review["recheck"]["summary"]
    assert [m["source"] for m in review["mitigation"]] == ["review.mitigation"]


def test_changing_a_review_and_a_stale_version_is_409(recorded, buyer, manager):
    url = f"{API}/reviews/{recorded.pk}"

    first = token_client(manager).patch(
        url, {"our_comments": "Saved first.", "version": 1}, content_type=JSON
    )
    stale = token_client(buyer).patch(
        url, {"our_comments": "Saved second.", "version": 1}, content_type=JSON
    )

    assert first.status_code == 200 and first.json()["version"] == 2
    assert stale.status_code == 409 and error_fields(stale) == {"version"}
    assert "current version is 2" in stale.json()["errors"][0]["message"]
    assert BusinessReview.objects.get(pk=recorded.pk).our_comments == "Saved first."


def test_a_change_adds_actions_and_keeps_the_interaction_in_step(recorded, buyer):
    response = token_client(buyer).patch(
        f"{API}/reviews/{recorded.pk}",
        {"held_on": "2026-04-23", "decisions": ["Weekly call-offs"],
         "actions": [{"title": "Visit the plant", "due_on": "2026-05-30"}]},
        content_type=JSON,
    )  # fmt: skip

    body = response.json()
    assert response.status_code == 200
    assert body["decisions"] == ["Weekly call-offs"]
    assert [a["title"] for a in body["actions"]] == ["Send the revised forecast", "Visit the plant"]
    interaction = Interaction.objects.get(pk=recorded.interaction_id)
    assert str(interaction.occurred_on) == "2026-04-23" and "Weekly call-offs" in interaction.notes


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"held_on": "2026-13-01"}, 422, "held_on"),
        ({"held_on": 20260420}, 422, "held_on"),
        ({"quarter": "2026-Q5"}, 422, "quarter"),
        ({"quarter": "2026-03"}, 422, "quarter"),
        ({"quarter": "2026-Q3"}, 400, "quarter"),  # not started yet
        ({"held_on": "2025-12-31"}, 400, "held_on"),  # before the quarter began
        ({"held_on": "2026-06-16"}, 400, "held_on"),  # in the future
        ({"decisions": [""]}, 422, "decisions.0"),
        ({"decisions": ["x" * 301]}, 422, "decisions.0"),
        ({"actions": [{"title": ""}]}, 422, "actions.0.title"),
        ({"actions": [{"title": "   "}]}, 422, "actions.0.title"),
        ({"actions": [{"title": "Early", "due_on": "2026-04-01"}]}, 400, "actions.0.due_on"),
        ({"actions": [{"title": "Who?", "owner_id": 999999}]}, 400, "actions.0.owner_id"),
        (
            {"mitigation": [{"title": "x", "owner_contact_id": -1}]},
            422,
            "mitigation.0.owner_contact_id",
        ),
        ({"contact_ids": [999999]}, 400, "contact_ids"),
        ({"surprise": 1}, 422, "surprise"),
    ],
)
def test_bad_input_is_refused_naming_the_field(delivered, buyer, changes, status, field):
    response = post(token_client(buyer), reviews_url(delivered), {**BODY, **changes})

    assert response.status_code == status, response.json()
    assert field in error_fields(response)
    assert nothing_written()


def test_people_of_another_supplier_or_two_owners_are_refused(
    delivered, buyer, contact_a, contact_b
):
    client = token_client(buyer)
    theirs = {"title": "Theirs", "owner_contact_id": contact_b.pk}

    as_owner = post(client, reviews_url(delivered), {**BODY, "actions": [theirs]})
    as_contact = post(client, reviews_url(delivered), {**BODY, "contact_ids": [contact_b.pk]})
    both = post(client, reviews_url(delivered), {**BODY, "actions": [
        {"title": "Both", "owner_id": buyer.pk, "owner_contact_id": contact_a.pk},
    ]})  # fmt: skip

    assert as_owner.status_code == 400
    assert error_fields(as_owner) == {"actions.0.owner_contact_id"}
    assert as_contact.status_code == 400 and error_fields(as_contact) == {"contact_ids"}
    assert both.status_code == 400 and error_fields(both) == {"actions.0.owner_contact_id"}
    assert nothing_written()


def test_a_quarter_reviewed_already_is_409(recorded, buyer):
    response = post(token_client(buyer), reviews_url(recorded.supplier), BODY)

    assert response.status_code == 409 and error_fields(response) == {"quarter"}
    assert BusinessReview.objects.count() == 1


def test_a_bad_change_is_refused(recorded, buyer):
    url = f"{API}/reviews/{recorded.pk}"
    client = token_client(buyer)

    before = client.patch(url, {"held_on": "2025-12-01"}, content_type=JSON)
    null = client.patch(url, {"decisions": None}, content_type=JSON)
    quarter = client.patch(url, {"quarter": "2025-Q4"}, content_type=JSON)

    assert before.status_code == 400 and error_fields(before) == {"held_on"}
    assert null.status_code == 422 and error_fields(null) == {"decisions"}
    assert quarter.status_code == 422 and error_fields(quarter) == {"quarter"}
    assert BusinessReview.objects.get(pk=recorded.pk).version == 1


def test_permissions(recorded, viewer, other_buyer, manager):
    url = reviews_url(recorded.supplier)
    one = f"{API}/reviews/{recorded.pk}"
    as_viewer, as_other = token_client(viewer), token_client(other_buyer)

    assert as_viewer.get(url).status_code == 200 and as_viewer.get(one).status_code == 200
    assert (
        post(as_viewer, url, {**BODY, "quarter": "2025-Q4", "held_on": "2026-01-20"}).status_code
        == 403
    )
    assert as_other.patch(one, {"our_comments": "x"}, content_type=JSON).status_code == 403
    assert post(as_other, f"{one}/archive", {}).status_code == 403
    assert (
        token_client(manager).patch(one, {"our_comments": "ok"}, content_type=JSON).status_code
        == 200
    )
    assert BusinessReview.objects.count() == 1


def test_portal_users_get_403(recorded, portal_user_a, portal_user_b):
    for user in (portal_user_a, portal_user_b):
        client = token_client(user)
        assert client.get(reviews_url(recorded.supplier)).status_code == 403
        assert client.get(f"{API}/reviews/{recorded.pk}").status_code == 403
        assert post(client, reviews_url(recorded.supplier), BODY).status_code == 403
        assert client.get(f"{reviews_url(recorded.supplier)}/export").status_code == 403


def test_unknown_records_are_404(recorded, viewer):
    client = token_client(viewer)

    assert client.get(f"{API}/suppliers/999999/reviews").status_code == 404
    assert client.get(f"{API}/reviews/999999").status_code == 404


def test_archiving_and_restoring(recorded, buyer):
    client = token_client(buyer)

    archived = post(client, f"{API}/reviews/{recorded.pk}/archive", {})
    listed = client.get(reviews_url(recorded.supplier)).json()
    with_archived = client.get(reviews_url(recorded.supplier) + "?archived=true").json()
    restored = post(client, f"{API}/reviews/{recorded.pk}/restore", {})

    assert archived.status_code == 200 and archived.json()["archived"]
    assert listed["count"] == 0 and with_archived["count"] == 1
    assert restored.status_code == 200 and not restored.json()["archived"]


def test_export(recorded, viewer):
    client = token_client(viewer)
    url = f"{reviews_url(recorded.supplier)}/export"

    as_csv = client.get(url)
    as_xlsx = client.get(url + "?format=xlsx")
    bad = client.get(url + "?format=pdf")

    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert as_csv.status_code == 200 and as_csv["Content-Type"].startswith("text/csv")
    assert rows[0]["quarter"] == "2026-Q1" and rows[0]["actions"] == "1"
    assert as_xlsx.status_code == 200 and as_xlsx.content.startswith(b"PK")
    assert bad.status_code == 422 and error_fields(bad) == {"format"}


def test_the_list_runs_a_bounded_number_of_queries(
    delivered, buyer, viewer, django_assert_max_num_queries
):
    import datetime as dt

    for year in (2023, 2024, 2025):
        for month in (1, 4, 7, 10):
            period = dt.date(year, month, 1)
            services.record_review(
                buyer,
                delivered,
                review_data(quarter=period, held_on=period + dt.timedelta(days=95)),
            )
    client = token_client(viewer)

    with django_assert_max_num_queries(6):
        body = client.get(reviews_url(delivered)).json()
    with django_assert_max_num_queries(10):
        client.get(f"{API}/reviews/{body['items'][0]['id']}")
    assert body["count"] == 12
    assert body["items"][0]["quarter"] == "2025-Q4"
