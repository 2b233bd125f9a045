"""The top bar: apps register links (`registry.NavItem`), grouped into menus by `group`."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from partnerbook.core import registry


def top_bar(html: str) -> str:
    return html[html.index('<header class="topbar">') : html.index("</header>")]


def menus(bar: str) -> dict[str, list[str]]:
    """Each menu's label and the labels of its links, in order."""
    found = {}
    for summary, body in re.findall(
        r'<details class="dropdown nav-menu"><summary[^>]*>([^<]+)</summary><ul>(.*?)</ul>',
        bar,
        re.S,
    ):
        found[summary] = re.findall(r"<a [^>]*>([^<]+)", body)
    return found


@pytest.mark.django_db
def test_the_bar_groups_portfolio_and_relationship_pages_into_two_menus(login, manager):
    bar = top_bar(login(manager).get(reverse("suppliers:list")).content.decode())
    grouped = menus(bar)
    assert grouped["Portfolio"] == [
        "Value-risk matrix", "Risk", "Economics", "Portfolio review", "Getting started",
    ]  # fmt: skip
    assert grouped["Relationships"] == ["Health", "Issues", "Meetings", "Recognition"]
    # Pages of their own stay links in the bar, in their order, the menus among them.
    top_level = re.sub(r"<details.*?</details>", "MENU", bar, flags=re.S)
    labels = re.findall(r'<a href="[^"]+"[^>]*>([^<]+)<|(MENU)', top_level)
    assert [a or b for a, b in labels][:7] == [
        "Suppliers", "MENU", "MENU", "Performance", "Alerts", "Sourcing", "Actions",
    ]  # fmt: skip
    # Every registered link is reachable from the bar for a manager.
    for item in registry.nav_items():
        if item.action != "portal.use":  # the portal's own links are for suppliers' people
            assert f'href="{reverse(item.url_name)}"' in bar
    assert 'href="/portal/"' not in bar


@pytest.mark.django_db
def test_the_menu_of_the_current_page_is_marked(login, manager):
    client = login(manager)
    bar = top_bar(client.get(reverse("risk:concentration")).content.decode())
    assert '<summary aria-current="page">Portfolio</summary>' in bar
    assert f'<a href="{reverse("risk:concentration")}" aria-current="page">Risk</a>' in bar
    assert "<summary >Relationships</summary>" in bar
    # Three links go into the portfolio app: only the page shown is marked.
    bar = top_bar(client.get(reverse("portfolio:rounds")).content.decode())
    assert f'<a href="{reverse("portfolio:rounds")}" aria-current="page">' in bar
    assert f'<a href="{reverse("portfolio:matrix")}" >' in bar


@pytest.mark.django_db
def test_links_the_user_may_not_open_are_left_out(login, portal_user_a):
    bar = top_bar(login(portal_user_a).get(reverse("home"), follow=True).content.decode())
    assert "nav-menu" not in bar and reverse("risk:concentration") not in bar
