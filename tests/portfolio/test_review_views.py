"""The review pages: rounds, the review table with its htmx row save (and the same without
JavaScript), closing, the printable report, the exports, settings; permissions and bad input."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from partnerbook.portfolio import services
from partnerbook.portfolio.models import ReviewRound


@pytest.mark.django_db
class TestRoundsPage:
    def test_a_manager_starts_a_round_from_the_page(self, login, manager, segmented, supplier_a):
        client = login(manager)
        page = client.get("/portfolio/review/")
        assert page.status_code == 200 and b"Start the round" in page.content
        response = client.post(
            "/portfolio/review/",
            {"title": "Three suppliers", "scope_kind": "suppliers", "suppliers": [supplier_a.pk]},
        )
        started = ReviewRound.objects.get()
        assert (
            response.status_code == 302
            and response["Location"] == f"/portfolio/review/{started.pk}/"
        )
        assert started.decisions.count() == 1

    def test_bad_input_shows_field_errors(self, login, manager, segmented):
        response = login(manager).post("/portfolio/review/", {"title": "", "scope_kind": "owner"})
        assert response.status_code == 400
        assert b'id="error-title"' in response.content
        response = login(manager).post("/portfolio/review/", {"title": "T", "scope_kind": "owner"})
        assert response.status_code == 400 and b"Pick the relationship owner" in response.content
        assert not ReviewRound.objects.exists()

    def test_a_viewer_and_a_buyer_read_but_cannot_start(self, login, viewer, buyer, review_round):
        for user in (viewer, buyer):
            client = login(user)
            page = client.get("/portfolio/review/")
            assert page.status_code == 200
            assert b"Autumn review" in page.content and b"Start the round" not in page.content
            assert (
                client.post("/portfolio/review/", {"title": "T", "scope_kind": "all"}).status_code
                == 403
            )
        assert ReviewRound.objects.count() == 1

    def test_portal_users_are_refused(self, login, portal_user_a, review_round):
        client = login(portal_user_a)
        pk = review_round.pk
        urls = ("/portfolio/review/", f"/portfolio/review/{pk}/", f"/portfolio/review/{pk}/report",
                f"/portfolio/review/{pk}/export.xlsx", "/portfolio/review/settings/")  # fmt: skip
        for url in urls:
            assert client.get(url).status_code == 403, url


@pytest.mark.django_db
class TestTheReviewTable:
    def test_the_page_shows_inputs_suggestion_progress_and_a_form_per_row(
        self, login, manager, review_round, supplier_a
    ):
        page = login(manager).get(f"/portfolio/review/{review_round.pk}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "0 of 2 decided" in html
        assert f'id="row-{supplier_a.pk}"' in html
        assert "Value-risk quadrant" in html and "Relationship health" in html
        assert (
            f'hx-post="/portfolio/review/{review_round.pk}/suppliers/{supplier_a.pk}/decide"'
            in html
        )
        assert "(suggested)" in html

    def test_htmx_saves_one_row_and_answers_that_row_with_the_progress(
        self, login, manager, review_round, supplier_a
    ):
        url = f"/portfolio/review/{review_round.pk}/suppliers/{supplier_a.pk}/decide"
        response = login(manager).post(
            url, {"decision": "invest", "reason": "Key partner"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert html.lstrip().startswith(f'<tr id="row-{supplier_a.pk}"')
        assert 'hx-swap-oob="true"' in html and "1 of 2 decided" in html
        assert review_round.decisions.get(supplier=supplier_a).decision == "invest"

    def test_htmx_row_with_a_missing_reason_comes_back_with_its_error(
        self, login, manager, review_round, supplier_a
    ):
        url = f"/portfolio/review/{review_round.pk}/suppliers/{supplier_a.pk}/decide"
        response = login(manager).post(
            url, {"decision": "invest", "reason": " "}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200
        assert b"Give the reason for this decision." in response.content
        assert not review_round.decisions.get(supplier=supplier_a).decision

    def test_without_javascript_a_row_saves_and_returns_to_the_page(
        self, login, manager, review_round, supplier_a
    ):
        client = login(manager)
        url = f"/portfolio/review/{review_round.pk}/suppliers/{supplier_a.pk}/decide"
        response = client.post(url, {"decision": "maintain", "reason": "Steady"})
        assert response.status_code == 302
        assert response["Location"].endswith(f"#row-{supplier_a.pk}")
        bad = client.post(url, {"decision": "grow", "reason": "Steady"})
        assert bad.status_code == 400 and b"Select a valid choice" in bad.content

    def test_a_buyer_cannot_decide_and_a_closed_round_shows_no_forms(
        self, login, manager, buyer, review_round, supplier_a, supplier_b
    ):
        url = f"/portfolio/review/{review_round.pk}/suppliers/{supplier_a.pk}/decide"
        assert login(buyer).post(url, {"decision": "invest", "reason": "Mine"}).status_code == 403
        services.decide(manager, review_round, supplier_a.pk, "invest", "Key")
        services.decide(manager, review_round, supplier_b.pk, "maintain", "Sole source")
        client = login(manager)
        assert (
            client.post(f"/portfolio/review/{review_round.pk}/close", {"note": "Done"}).status_code
            == 302
        )
        page = client.get(f"/portfolio/review/{review_round.pk}/")
        assert b"Closed" in page.content and b"hx-post" not in page.content
        assert b"against the suggestion" in page.content
        late = client.post(url, {"decision": "maintain", "reason": "Late"})
        assert late.status_code == 302
        assert review_round.decisions.get(supplier=supplier_a).decision == "invest"

    def test_closing_too_early_says_how_many_are_left(self, login, manager, review_round):
        response = login(manager).post(f"/portfolio/review/{review_round.pk}/close", {})
        assert (
            response.status_code == 400 and b"2 suppliers are still undecided" in response.content
        )

    def test_an_unknown_round_is_not_found(self, login, viewer):
        assert login(viewer).get("/portfolio/review/98765/").status_code == 404


@pytest.mark.django_db
class TestReportAndExports:
    def test_the_printable_report_groups_decisions_with_a_print_button(
        self, login, manager, viewer, review_round, supplier_a
    ):
        services.decide(manager, review_round, supplier_a.pk, "invest", "Key partner")
        page = login(viewer).get(f"/portfolio/review/{review_round.pk}/report")
        assert page.status_code == 200
        html = page.content.decode()
        assert 'id="print-button"' in html and "portfolio/review.js" in html
        assert "onclick" not in html and "style=" not in html
        assert "Key partner" in html and "Not decided yet" in html

    def test_the_xlsx_and_csv_hold_one_row_per_supplier(
        self, login, manager, viewer, review_round, supplier_a
    ):
        services.decide(manager, review_round, supplier_a.pk, "invest", "=Key partner")
        client = login(viewer)
        xlsx = client.get(f"/portfolio/review/{review_round.pk}/export.xlsx")
        assert xlsx.status_code == 200
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:4] == ("round", "round_status", "external_id", "supplier")
        assert len(rows) == 3
        alpha = next(r for r in rows if r[3] == "Alpha Packaging")
        assert alpha[11] == "Invest" and alpha[12] == "yes" and alpha[13] == "=Key partner"
        csv = client.get(f"/portfolio/review/{review_round.pk}/export.csv")
        assert csv.status_code == 200 and "'=Key partner" in csv.content.decode("utf-8-sig")
        assert client.get(f"/portfolio/review/{review_round.pk}/export.pdf").status_code == 404


@pytest.mark.django_db
class TestSettingsPage:
    def test_a_manager_changes_the_limits_and_bad_values_are_refused(self, login, manager, viewer):
        client = login(manager)
        assert (
            client.post(
                "/portfolio/review/settings/", {"owner_limit": 3, "team_limit": 4}
            ).status_code
            == 302
        )
        assert services.get_settings().owner_limit == 3
        bad = client.post("/portfolio/review/settings/", {"owner_limit": 0, "team_limit": "x"})
        assert bad.status_code == 400 and b'id="error-owner_limit"' in bad.content
        assert login(viewer).get("/portfolio/review/settings/").status_code == 200
        assert (
            login(viewer)
            .post("/portfolio/review/settings/", {"owner_limit": 4, "team_limit": 4})
            .status_code
            == 403
        )


@pytest.mark.django_db
def test_the_matrix_links_to_the_review_and_the_plan(login, viewer):
    page = login(viewer).get("/portfolio/")
    assert b'href="/portfolio/getting-started/"' in page.content
    assert b'href="/portfolio/review/"' in page.content
