"""The supplier's Coverage tab and the Coverage column of the supplier list."""

from __future__ import annotations

import pytest

from partnerbook.segmentation import services as segmentation

from .conftest import days_ago, log, make_partnership

pytestmark = pytest.mark.django_db


def tab(pk: int) -> str:
    return f"/coverage/suppliers/{pk}/"


def html_of(response, status: int = 200) -> str:
    assert response.status_code == status, response.status_code
    return response.content.decode()


def grid_of(html: str) -> str:
    grid = html[html.index('id="coverage-grid"') :]
    return grid[: grid.index("</table>")]


def _bowtie(buyer, supplier, people, n=5):
    for i in range(n):
        log(buyer, supplier, days_ago(10 + i), [people["their_ops"]], [buyer])


def test_tab_shows_the_grid_classification_and_missing_links(login, viewer, buyer, supplier_a,
                                                            people_a):  # fmt: skip
    _bowtie(buyer, supplier_a, people_a)

    html = html_of(login(viewer).get(tab(supplier_a.pk)))

    assert 'id="coverage-class">Bow-tie' in html
    assert "Ben Buyer and Otto Ops" in html
    grid = grid_of(html)
    assert '<tr data-level="operational"><th>Operational</th>' in grid
    assert '<td class="num" data-their-level="operational">5</td>' in grid
    # empty cells are visibly empty
    assert grid.count('title="Never met"') == 8
    assert "Our management never met their management." in html
    assert "No executive on either side met in the last 12 months." in html
    assert "Logistics" in html and "Procurement" in html
    assert 'href="/coverage/suppliers/' in html  # the tab bar links the tab


def test_a_transactional_bow_tie_is_fine_and_says_so(login, viewer, buyer, supplier_a, people_a):
    _bowtie(buyer, supplier_a, people_a)

    html = html_of(login(viewer).get(tab(supplier_a.pk)))

    meaning = html[html.index('id="coverage-meaning"') :]
    meaning = meaning[: meaning.index("</div>")]
    assert 'class="callout"' in html and "warning" not in meaning
    assert "A bow-tie is fine for a transactional supplier" in meaning


def test_a_partnership_bow_tie_is_a_problem_and_suggests_management(
    login, viewer, manager, buyer, supplier_a, people_a
):
    _bowtie(buyer, supplier_a, people_a)
    make_partnership(manager, supplier_a)

    html = html_of(login(viewer).get(tab(supplier_a.pk)))

    assert 'class="callout warning" id="coverage-meaning"' in html
    assert "This needs attention." in html
    assert "Raise it to management level" in html


def test_a_diamond_shows_on_the_tab(login, viewer, manager, buyer, supplier_a, people_a):
    _bowtie(buyer, supplier_a, people_a)
    log(buyer, supplier_a, days_ago(30), [people_a["our_exec"], people_a["their_exec"]])
    segmentation.override_quadrant(manager, supplier_a, "strategic", "Sole source")

    html = html_of(login(viewer).get(tab(supplier_a.pk)))

    assert 'id="coverage-class">Diamond' in html
    assert "strategic quadrant" in html and "This needs attention." not in html


def test_no_contact_is_said_plainly(login, viewer, supplier_a):
    html = html_of(login(viewer).get(tab(supplier_a.pk)))

    assert 'id="coverage-class">No contact' in html
    assert 'id="coverage-missing-none"' in html


def test_unknown_row_appears_only_when_needed(login, viewer, buyer, other_buyer, supplier_a,
                                              people_a):  # fmt: skip
    _bowtie(buyer, supplier_a, people_a, n=2)
    assert 'data-level="unknown"' not in html_of(login(viewer).get(tab(supplier_a.pk)))

    log(buyer, supplier_a, days_ago(3), [people_a["their_mgr"]], [other_buyer])
    html = html_of(login(viewer).get(tab(supplier_a.pk)))
    assert 'data-level="unknown"' in grid_of(html)
    assert other_buyer.get_full_name() in html


def test_portal_user_and_anonymous_cannot_open_the_tab(login, client, portal_user_a, supplier_a):
    assert login(portal_user_a).get(tab(supplier_a.pk)).status_code == 403
    assert client.get(tab(supplier_a.pk)).status_code == 302


def test_unknown_supplier_is_404(login, viewer):
    assert login(viewer).get(tab(999999)).status_code == 404


def test_tab_runs_a_fixed_number_of_queries(
    login, viewer, buyer, supplier_a, people_a, django_assert_max_num_queries
):
    client = login(viewer)
    _bowtie(buyer, supplier_a, people_a, n=2)
    with django_assert_max_num_queries(30) as small:
        html_of(client.get(tab(supplier_a.pk)))
    _bowtie(buyer, supplier_a, people_a, n=40)
    log(buyer, supplier_a, days_ago(30), [people_a["our_exec"], people_a["their_exec"]])
    with django_assert_max_num_queries(len(small.captured_queries)):
        html_of(client.get(tab(supplier_a.pk)))


# --- the supplier list column ----------------------------------------------------------------


def test_supplier_list_shows_the_coverage_column(login, viewer, buyer, supplier_a, supplier_b,
                                                people_a):  # fmt: skip
    _bowtie(buyer, supplier_a, people_a)

    html = html_of(login(viewer).get("/suppliers/"))

    assert ">Coverage<" in html
    assert f'href="/coverage/suppliers/{supplier_a.pk}/"' in html
    assert ">Bow-tie</a>" in html
    # Nothing to judge for supplier B: a dash with the reason, not a badge that alarms.
    assert f'href="/coverage/suppliers/{supplier_b.pk}/"' not in html
    assert "names the supplier's people\">—</span>" in html
