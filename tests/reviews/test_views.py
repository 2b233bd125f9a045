"""The review pages: the Reviews tab, recording and changing a review, the review page, the
printable pack, archiving and the export; permissions, bad input and query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from partnerbook.actions.models import ActionItem
from partnerbook.performance import services as performance
from partnerbook.relationship.models import Interaction
from partnerbook.reviews import services
from partnerbook.reviews.models import BusinessReview
from tests.performance.conftest import delivery

from .conftest import HIGH_RISK, review_data, set_risk


def tab(supplier):
    return reverse("reviews:supplier", args=[supplier.pk])


def new(supplier, query=""):
    return reverse("reviews:create", args=[supplier.pk]) + query


def form_data(**changes):
    """A filled-in review form for 2026 Q1 with one action and two empty rows."""
    data = {
        "quarter": "2026-Q1", "held_on": "2026-04-20",
        "our_comments": "Steady quarter.", "supplier_comments": "New planner since January.",
        "decisions": "Keep two weeks of stock\nMove to weekly call-offs",
        "successes": "No rejects all quarter",
        "actions-TOTAL_FORMS": "3", "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0", "actions-MAX_NUM_FORMS": "30",
        "actions-0-title": "Send the revised forecast", "actions-0-due_on": "2026-05-15",
    }  # fmt: skip
    data.update(changes)
    return data


def mitigation_rows(**rows):
    data = {"mitigation-TOTAL_FORMS": "2", "mitigation-INITIAL_FORMS": "0",
            "mitigation-MIN_NUM_FORMS": "0", "mitigation-MAX_NUM_FORMS": "30"}  # fmt: skip
    data.update(rows)
    return data


def nothing_written():
    return not (
        BusinessReview.objects.exists()
        or Interaction.objects.exists()
        or ActionItem.objects.exists()
    )


# --- the tab -------------------------------------------------------------------------------


def test_the_tab_lists_reviews_with_standing_and_quadrant(login, viewer, recorded):
    response = login(viewer).get(tab(recorded.supplier))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-current="page">Reviews<' in html
    assert reverse("reviews:detail", args=[recorded.pk]) in html and ">2026 Q1<" in html
    assert "2026-04-20" in html
    assert f'class="badge standing-{recorded.standing}"' in html
    assert 'Strategic <span class="muted small">(first review)</span>' in html
    assert 'id="record-review"' not in html  # a viewer reads only


def test_the_owner_sees_the_record_button_and_an_empty_tab_says_so(login, buyer, supplier_a):
    html = login(buyer).get(tab(supplier_a)).content.decode()

    assert 'id="record-review"' in html
    assert 'id="no-reviews"' in html


def test_a_changed_quadrant_shows_on_the_tab(login, viewer, recorded, buyer, manager):
    set_risk(manager, recorded.supplier, HIGH_RISK)
    services.record_review(
        buyer, recorded.supplier,
        review_data(quarter="2026-Q2", held_on=dt.date(2026, 6, 12),
                    mitigation=[{"title": "Find a second source", "owner": manager}]),
    )  # fmt: skip

    html = login(viewer).get(tab(recorded.supplier)).content.decode()

    assert "changed from Strategic to <strong>Opportunistic</strong>" in html
    assert "risk rose" in html


# --- recording -----------------------------------------------------------------------------


def test_the_form_shows_the_scorecard_to_be_kept_for_the_last_complete_quarter(
    login, buyer, delivered
):
    html = login(buyer).get(new(delivered)).content.decode()

    assert "The scorecard to be kept: 2026 Q1" in html
    assert "On-time 90 % (18 of 20 lines) against a 95 % target: yellow" in html
    assert 'name="quarter" value="2026-Q1"' in html
    assert "First review: the supplier is placed Strategic" in html
    assert 'id="mitigation-plan"' not in html  # risk did not rise


def test_another_quarter_can_be_shown(login, buyer, delivered):
    html = login(buyer).get(new(delivered, "?quarter=2025-Q4")).content.decode()

    assert "The scorecard to be kept: 2025 Q4" in html
    assert 'name="quarter" value="2025-Q4"' in html


def test_recording_through_the_form(login, buyer, delivered, contact_a):
    response = login(buyer).post(new(delivered), form_data(contacts=[contact_a.pk]))

    review = BusinessReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:detail", args=[review.pk])
    assert review.decisions == ["Keep two weeks of stock", "Move to weekly call-offs"]
    assert review.successes == ["No rejects all quarter"]
    assert review.interaction.channel == "business_review"
    assert list(review.interaction.contacts.all()) == [contact_a]
    item = ActionItem.objects.get()
    assert (item.title, item.source, item.source_id) == (
        "Send the revised forecast", "review.action", review.pk,
    )  # fmt: skip
    assert item.due_on == dt.date(2026, 5, 15)


@pytest.mark.parametrize(
    ("changes", "shown"),
    [
        ({"held_on": "2026-13-45"}, 'id="error-held_on"'),
        ({"held_on": "20.04.2026"}, 'id="error-held_on"'),
        ({"held_on": "2025-12-31"}, "cannot be held before the quarter began"),
        ({"held_on": "2026-06-16"}, "cannot be held in the future"),
        ({"quarter": "2026-Q3"}, 'id="error-quarter"'),  # not started yet
        ({"quarter": "2026-Q9"}, 'id="error-quarter"'),
        ({"actions-1-due_on": "2026-05-01"}, "Say what needs doing."),  # a row without a title
        ({"actions-0-due_on": "2026-04-01"}, "cannot be due before the review"),
        ({"actions-0-due_on": "someday"}, "Enter a valid date."),
        ({"decisions": "x" * 301}, "Keep each point to 300 characters."),
        ({"our_comments": "x" * 5001}, 'id="error-our_comments"'),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_nothing_written(
    login, buyer, delivered, changes, shown
):
    response = login(buyer).post(new(delivered), form_data(**changes))

    assert response.status_code == 400
    assert shown in response.content.decode()
    assert nothing_written()


def test_an_owner_contact_of_another_supplier_is_refused(
    login, buyer, delivered, contact_a, contact_b
):
    response = login(buyer).post(
        new(delivered), form_data(**{"actions-0-owner_contact": contact_b.pk})
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert nothing_written()


def test_a_quarter_reviewed_already_is_refused(login, buyer, recorded):
    response = login(buyer).post(new(recorded.supplier), form_data(held_on="2026-05-02"))

    assert response.status_code == 400
    assert "2026 Q1 was reviewed already, on 2026-04-20" in response.content.decode()
    assert BusinessReview.objects.count() == 1 and ActionItem.objects.count() == 1


def test_when_risk_rose_the_mitigation_plan_is_shown_and_required(login, buyer, manager, recorded):
    set_risk(manager, recorded.supplier, HIGH_RISK)
    client = login(buyer)
    q2 = {"quarter": "2026-Q2", "held_on": "2026-06-12", "actions-0-due_on": "2026-07-01"}

    page = client.get(new(recorded.supplier, "?quarter=2026-Q2")).content.decode()
    refused = client.post(new(recorded.supplier), form_data(**q2, **mitigation_rows()))
    saved = client.post(
        new(recorded.supplier),
        form_data(**q2, **mitigation_rows(**{"mitigation-0-title": "Qualify a second source",
                                             "mitigation-0-owner": manager.pk})),
    )  # fmt: skip

    assert 'id="mitigation-plan"' in page and "Risk rose since the last review" in page
    assert refused.status_code == 400
    assert 'id="error-mitigation"' in refused.content.decode()
    assert saved.status_code == 302
    review = BusinessReview.objects.get(period=dt.date(2026, 4, 1))
    assert review.risk_rose
    mitigation = ActionItem.objects.get(source="review.mitigation")
    assert mitigation.source_id == review.pk and mitigation.owner == manager


@pytest.mark.parametrize("who", ["viewer", "other_buyer"])
def test_only_the_owner_and_editors_record_reviews(login, request, delivered, who):
    client = login(request.getfixturevalue(who))

    assert client.get(new(delivered)).status_code == 403
    assert client.post(new(delivered), form_data()).status_code == 403
    assert nothing_written()


def test_portal_users_get_403_on_every_review_page(login, portal_user_a, recorded):
    client = login(portal_user_a)
    supplier = recorded.supplier
    urls = [
        tab(supplier), new(supplier), reverse("reviews:export", args=[supplier.pk, "csv"]),
        *(reverse(f"reviews:{name}", args=[recorded.pk]) for name in ("detail", "edit", "pack")),
    ]  # fmt: skip
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("reviews:archive", args=[recorded.pk])).status_code == 403
    assert not BusinessReview.objects.get(pk=recorded.pk).archived


def test_an_unknown_supplier_or_review_is_404(login, viewer, recorded):
    client = login(viewer)

    assert client.get(reverse("reviews:supplier", args=[99999])).status_code == 404
    assert client.get(reverse("reviews:detail", args=[99999])).status_code == 404
    assert client.get(reverse("reviews:pack", args=[99999])).status_code == 404


# --- the review page and the pack ------------------------------------------------------------


def test_the_review_page_shows_the_frozen_scorecard_and_actions(login, viewer, recorded, buyer):
    html = login(viewer).get(reverse("reviews:detail", args=[recorded.pk])).content.decode()

    assert "Review of 2026 Q1" in html
    assert "On-time 90 % (18 of 20 lines)" in html and 'class="badge light-yellow"' in html
    assert "Send the revised forecast" in html and "2026-05-15" in html
    assert buyer.display_name in html
    assert "Keep the safety stock at two weeks" in html and "No rejected parts all quarter" in html
    assert "Their new planner started in January." in html
    assert reverse("reviews:pack", args=[recorded.pk]) in html
    assert reverse("reviews:edit", args=[recorded.pk]) not in html  # the viewer cannot change it


def test_the_pack_shows_the_frozen_copy_even_after_deliveries_change(
    login, viewer, manager, recorded
):
    promised = dt.date(2026, 2, 10)
    late = [delivery(recorded.supplier, f"{recorded.supplier.pk}-q1-late-{n}", promised, promised)
            for n in range(2)]  # fmt: skip
    performance.save_deliveries(manager, late)

    html = login(viewer).get(reverse("reviews:pack", args=[recorded.pk])).content.decode()

    assert "css/review-pack.css" in html
    assert "Alpha Packaging · 2026 Q1" in html
    assert "On-time 90 % (18 of 20 lines)" in html
    assert "On-time 100 %" not in html
    assert "Send the revised forecast" in html and "2026-05-15" in html
    assert "First review: the supplier is placed Strategic" in html


def test_the_pack_shows_the_mutual_scorecard_when_the_supplier_rated_us(
    login, viewer, delivered, buyer
):
    from partnerbook.performance.models import PartnerRating

    PartnerRating.objects.create(
        supplier=delivered, criterion="fairness", period=dt.date(2026, 1, 1), score=4
    )
    review = services.record_review(buyer, delivered, review_data())

    html = login(viewer).get(reverse("reviews:pack", args=[review.pk])).content.decode()

    assert 'id="mutual-scorecard"' in html and "How the supplier rated us" in html


# --- changing, archiving, exporting ---------------------------------------------------------


def edit_data(review, **changes):
    data = form_data(version=str(review.version), held_on="2026-04-22",
                     our_comments="Changed after the call.")  # fmt: skip
    data.pop("quarter")
    data.update({"actions-0-title": "", "actions-0-due_on": ""})
    data.update(changes)
    return data


def test_changing_a_review(login, buyer, recorded):
    url = reverse("reviews:edit", args=[recorded.pk])
    client = login(buyer)

    page = client.get(url).content.decode()
    response = client.post(url, edit_data(recorded, **{"actions-0-title": "Visit the plant"}))

    assert "Change the review of 2026 Q1" in page and "Deliveries were steady" in page
    assert response.status_code == 302
    review = BusinessReview.objects.get(pk=recorded.pk)
    assert review.our_comments == "Changed after the call." and review.version == 2
    assert review.interaction.occurred_on == dt.date(2026, 4, 22)
    assert ActionItem.objects.filter(source_id=review.pk).count() == 2


def test_a_stale_change_is_refused_with_409_and_the_current_values(login, buyer, manager, recorded):
    services.update_review(manager, recorded, {"our_comments": "Saved by Mara first."})

    response = login(buyer).post(
        reverse("reviews:edit", args=[recorded.pk]), edit_data(recorded, version="1")
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this review while you were editing" in html
    assert "Saved by Mara first." in html
    assert BusinessReview.objects.get(pk=recorded.pk).our_comments == "Saved by Mara first."


def test_a_bad_change_is_refused_and_nothing_changes(login, buyer, recorded):
    response = login(buyer).post(
        reverse("reviews:edit", args=[recorded.pk]), edit_data(recorded, held_on="2025-11-30")
    )

    assert response.status_code == 400
    assert BusinessReview.objects.get(pk=recorded.pk).version == 1


def test_another_buyer_cannot_change_or_archive(login, other_buyer, recorded):
    client = login(other_buyer)

    assert client.get(reverse("reviews:edit", args=[recorded.pk])).status_code == 403
    assert client.post(reverse("reviews:archive", args=[recorded.pk])).status_code == 403
    assert not BusinessReview.objects.get(pk=recorded.pk).archived


def test_archiving_and_restoring(login, buyer, recorded):
    client = login(buyer)

    client.post(reverse("reviews:archive", args=[recorded.pk]))
    archived = BusinessReview.objects.get(pk=recorded.pk).archived
    page = client.get(reverse("reviews:detail", args=[recorded.pk])).content.decode()
    client.post(reverse("reviews:restore", args=[recorded.pk]))

    assert archived and ">Restore<" in page
    assert not BusinessReview.objects.get(pk=recorded.pk).archived


def test_the_export(login, viewer, recorded):
    client = login(viewer)

    response = client.get(reverse("reviews:export", args=[recorded.supplier.pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    xlsx = client.get(reverse("reviews:export", args=[recorded.supplier.pk, "xlsx"]))

    assert response.status_code == 200 and rows[0]["quarter"] == "2026-Q1"
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert (
        client.get(reverse("reviews:export", args=[recorded.supplier.pk, "pdf"])).status_code == 404
    )


# --- bounded queries -----------------------------------------------------------------------


def _many_reviews(buyer, supplier, quarters, actions_each):
    reviews = []
    start = dt.date(2026, 1, 1)
    todo = [{"title": f"Action {k}", "owner": buyer} for k in range(actions_each)]
    for n in range(quarters):
        index = start.year * 12 + start.month - 1 - 3 * n
        period = dt.date(index // 12, index % 12 + 1, 1)
        reviews.append(services.record_review(
            buyer, supplier,
            review_data(quarter=period, held_on=period + dt.timedelta(days=100),
                        actions=todo),
        ))  # fmt: skip
    return reviews


def test_the_pages_run_a_bounded_number_of_queries(
    login, viewer, buyer, delivered, contact_a, django_assert_max_num_queries
):
    reviews = _many_reviews(buyer, delivered, quarters=16, actions_each=6)
    client = login(viewer)

    with django_assert_max_num_queries(10):
        response = client.get(tab(delivered))
    assert response.content.decode().count('<tr id="review-') == 16
    with django_assert_max_num_queries(9):
        pack = client.get(reverse("reviews:pack", args=[reviews[0].pk]))
    assert pack.content.decode().count("Action ") >= 6
    with django_assert_max_num_queries(9):
        client.get(reverse("reviews:detail", args=[reviews[0].pk]))
    with django_assert_max_num_queries(6):
        client.get(reverse("reviews:export", args=[delivered.pk, "csv"]))
    owner = login(buyer)
    # The form's queries do not grow with reviews or actions (the rows' owner lists are a
    # fixed number of rows).
    with django_assert_max_num_queries(24):
        owner.get(new(delivered))
    with django_assert_max_num_queries(15):
        owner.get(reverse("reviews:edit", args=[reviews[0].pk]))
