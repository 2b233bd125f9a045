"""The exhaustive walk: every web page and every API operation, called by a portal user of
supplier A, by our own people and by anonymous visitors, must answer what its audience allows
and leak nothing of supplier B.

New pages and operations are picked up by the walk automatically; a portal operation that
loads a record must say which model its path parameters name (RECORD_PARAMS), so the walk
can aim it at supplier B's records.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from partnerbook.api import PORTAL_OPEN, api

from ..api import API, token_client

pytestmark = pytest.mark.django_db

SECRET = "Beta Boxes"  # supplier B's name: nothing of B may reach A's portal user


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every operation that authenticates its caller; the few with a secret
    of their own in the URL (a calendar feed) have their own tests."""
    paths = api.get_openapi_schema()["paths"]
    return [
        (method.upper(), path.removeprefix(API))
        for path, methods in paths.items()
        for method, operation in methods.items()
        if operation.get("security")
    ]


def _fill(path: str, value: int) -> str:
    return re.sub(r"\{[^}]+\}", str(value), path)


def _call(client: Client, method: str, url: str):
    if method in {"GET", "DELETE"}:
        return client.generic(method, url)
    return client.generic(method, url, json.dumps({}), content_type="application/json")


def test_the_walk_sees_every_operation():
    operations = _operations()
    assert ("GET", "/suppliers") in operations
    assert ("GET", "/portal/home") in operations
    assert len(operations) > 200


def test_every_operation_of_the_buying_side_answers_a_portal_user_403(
    portal_user_a, supplier_a, supplier_b
):
    client = token_client(portal_user_a)
    checked = 0
    for method, path in _operations():
        url = _fill(path, supplier_b.pk)
        if PORTAL_OPEN.match(url.strip("/")):
            continue
        response = _call(client, method, API + url)
        assert response.status_code == 403, (method, path, response.status_code)
        assert SECRET not in response.content.decode(), (method, path)
        checked += 1
    assert checked > 200


def test_the_operations_open_to_a_portal_user_show_nothing_of_another_supplier(
    portal_user_a, manager, supplier_a, supplier_b
):
    from partnerbook.actions.services import create_action_item
    from partnerbook.suppliers.services import create_contact

    contact_b = create_contact(manager, supplier_b, {"side": "supplier", "name": "Bo Berg"})
    item_b = create_action_item(
        manager, supplier_b, {"title": "Beta's own task", "owner_contact": contact_b}
    )
    client = token_client(portal_user_a)
    for method, path in _operations():
        if method != "GET" or path.startswith(("/portal/", "/account/")):
            continue
        for value in {supplier_b.pk, contact_b.pk, item_b.pk}:
            url = _fill(path, value)
            if not PORTAL_OPEN.match(url.strip("/")):
                continue
            response = client.get(API + url)
            body = response.content.decode()
            assert response.status_code in (200, 404), (path, response.status_code)
            assert SECRET not in body and "Bo Berg" not in body and "Beta's own" not in body


# --- the portal's web pages -----------------------------------------------------------------


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield namespace + (p.name or ""), prefix + str(p.pattern)


def portal_pages() -> list[tuple[str, str]]:
    return [(n, r) for n, r in _walk(get_resolver().url_patterns) if n.startswith("portal")]


def _page(route: str, value: int) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", str(value), route).lstrip("^").rstrip("$")


def test_the_walk_sees_the_portal_pages():
    assert "portal:home" in {name for name, _ in portal_pages()}


@pytest.mark.parametrize("who", ["admin_user", "manager", "buyer", "viewer"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_our_people_get_403_on_every_portal_page(request, login, supplier_a, who, method):
    client = login(request.getfixturevalue(who))
    for name, route in portal_pages():
        response = getattr(client, method)(_page(route, supplier_a.pk))
        # A POST-only page may refuse a GET by its method before anyone is asked who they are.
        allowed = (403, 405) if method == "get" else (403,)
        assert response.status_code in allowed, (name, route, response.status_code)


def test_anonymous_visitors_are_sent_to_sign_in_from_every_portal_page(supplier_a):
    client = Client()
    for name, route in portal_pages():
        response = client.post(_page(route, supplier_a.pk))
        assert response.status_code == 302, (name, route)
        assert response.url.startswith("/login/"), (name, route)


def test_the_gate_holds_for_a_browser_session_too(login, portal_user_a, supplier_b):
    client = login(portal_user_a)

    assert client.get(f"{API}/suppliers/{supplier_b.pk}/timeline").status_code == 403
    assert client.get(f"{API}/alerts").status_code == 403
    assert client.get(f"{API}/portal/home").status_code == 200


@pytest.mark.parametrize("who", ["admin_user", "manager", "buyer", "viewer"])
def test_every_portal_operation_answers_our_people_403(request, who, supplier_a):
    client = token_client(request.getfixturevalue(who))
    checked = 0
    for method, path in _operations():
        if not path.startswith("/portal/"):
            continue
        response = _call(client, method, API + _fill(path, supplier_a.pk))
        assert response.status_code == 403, (who, method, path, response.status_code)
        checked += 1
    assert checked > 20
