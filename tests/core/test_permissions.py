"""Every URL the app has is checked against every role, so a new page cannot forget its guard."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from partnerbook.accounts.policy import can

# Reachable without signing in, by design (the invitation, password-reset and registration
# pages have their own tests in tests/accounts).
PUBLIC = {
    "login", "logout", "healthz", "home", "invitation", "password_reset", "password_reset_done",
    "password_reset_confirm", "password_reset_complete", "register", "register_thanks",
    "sso_start", "sso_callback",  # single sign-on: tests/accounts/test_sso.py
    "javascript-catalog",  # the scripts' own texts, the same for everyone (tests/core/test_i18n.py)
}  # fmt: skip
# The API and the Django admin have their own tests (JSON 401/403, admin-only site); so do
# the supplier portal's pages (every namespace starting "portal", tests/portal walks them).
OWN_TESTS = ("api:", "admin:", "portal")
# A signed-in person's own account pages, for portal users too (their e-mail choices,
# tests/portal/test_shell.py; two-factor sign-in, tests/accounts/test_two_factor.py).
EVERY_SIGNED_IN_USER = {
    "notifications", "language", "two_factor", "two_factor_setup", "two_factor_confirm",
    "two_factor_recovery_codes", "two_factor_disable", "two_factor_verify",
}  # fmt: skip


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield namespace + (p.name or ""), prefix + str(p.pattern)


def all_app_urls():
    return [
        (name, route)
        for name, route in _walk(get_resolver().url_patterns)
        if name.split(":")[-1] not in PUBLIC and not name.startswith(OWN_TESTS)
    ]


def _fill(route: str, ids: dict[str, int | str]) -> str:
    """Turn a route like 'suppliers/<int:pk>/edit' into a real path for the given ids."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids.get(m.group(1), 1)), route)
    return "/" + path.lstrip("^").rstrip("$")


def test_the_url_walk_sees_the_app_pages():
    names = {name for name, _ in all_app_urls()}
    assert {"suppliers:list", "suppliers:detail", "suppliers:edit", "accounts:tokens"} <= names


def _relationship_records(actor, supplier) -> dict[str, int]:
    """A real interaction and alert of `supplier`, so their pages are reached, not 404."""
    from django.utils import timezone

    from partnerbook.alerts.services import AlertCandidate, sync_alerts
    from partnerbook.relationship.services import record_interaction

    today = timezone.localdate()
    interaction = record_interaction(
        actor, supplier,
        {"occurred_on": today, "channel": "call", "initiated_by": "ours", "tags": ["blame"]},
    )  # fmt: skip
    kind = "relationship.drift"
    candidate = AlertCandidate(supplier.pk, kind, "suggestions", f"{supplier.name} drifts")
    sync_alerts(today, [candidate], scope_kinds={kind})
    alert = supplier.alerts.get(subject="suggestions")
    return {"interaction_id": interaction.pk, "alert_id": alert.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_portal_user_is_refused_every_internal_page(
    method, login, manager, portal_user_a, supplier_a, supplier_b
):
    client = login(portal_user_a)
    contact_b = supplier_b.contacts.create(side="supplier", name="Bea Contact")
    for target in (supplier_a, supplier_b):
        ids = {"pk": target.pk, "contact_id": contact_b.pk, "category_id": target.category_id,
               "token_id": 1, "tab": "overview", "fmt": "csv",
               **_relationship_records(manager, target)}  # fmt: skip
        for name, route in all_app_urls():
            if name.split(":")[-1] in EVERY_SIGNED_IN_USER:
                continue
            response = getattr(client, method)(_fill(route, ids))
            assert response.status_code in (403, 404, 405), (name, route, response.status_code)
            assert response.status_code != 405 or method == "get", (name, route)
    from partnerbook.alerts.models import Alert
    from partnerbook.relationship.models import Interaction, TrustEntry

    assert not Alert.objects.exclude(status="open").exists()
    assert not Interaction.objects.filter(archived=True).exists()
    assert Interaction.objects.count() == 2 and not TrustEntry.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_from_every_page(client, manager, supplier_a):
    ids = {"pk": supplier_a.pk, "category_id": supplier_a.category_id, "tab": "history",
           **_relationship_records(manager, supplier_a)}  # fmt: skip
    for name, route in all_app_urls():
        response = client.get(_fill(route, ids))
        assert response.status_code in (302, 405), (name, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/login/"), name


@pytest.mark.django_db
def test_viewer_can_read_but_not_write(login, viewer, supplier_a):
    client = login(viewer)
    assert client.get("/suppliers/").status_code == 200
    assert client.get(f"/suppliers/{supplier_a.pk}/").status_code == 200
    assert client.get("/suppliers/new/").status_code == 403
    assert client.get(f"/suppliers/{supplier_a.pk}/edit").status_code == 403
    response = client.post(f"/suppliers/{supplier_a.pk}/edit", {"name": "Renamed by viewer"})
    assert response.status_code == 403
    assert (
        client.post(f"/suppliers/{supplier_a.pk}/status", {"status": "reserve"}).status_code == 403
    )
    assert client.post(f"/suppliers/{supplier_a.pk}/archive", {"archived": "1"}).status_code == 403
    supplier_a.refresh_from_db()
    assert supplier_a.name == "Alpha Packaging"
    assert supplier_a.status == "active"
    assert not supplier_a.archived


@pytest.mark.django_db
def test_buyer_edits_own_supplier_but_not_another_buyers(login, buyer, supplier_a, supplier_b):
    client = login(buyer)
    assert client.get(f"/suppliers/{supplier_a.pk}/edit").status_code == 200
    assert client.get(f"/suppliers/{supplier_b.pk}/edit").status_code == 403
    response = client.post(
        f"/suppliers/{supplier_b.pk}/status", {"status": "active", "note": "not mine"}
    )
    assert response.status_code == 403
    supplier_b.refresh_from_db()
    assert supplier_b.status == "pilot"


@pytest.mark.django_db
def test_buyer_cannot_archive_even_own_supplier(login, buyer, supplier_a):
    response = login(buyer).post(f"/suppliers/{supplier_a.pk}/archive", {"archived": "1"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_policy_rules_per_role(
    admin_user, manager, buyer, viewer, portal_user_a, supplier_a, supplier_b
):
    assert can(admin_user, "supplier.archive", supplier_b)
    assert can(manager, "supplier.assign_owner")
    assert can(buyer, "supplier.edit", supplier_a) and not can(buyer, "supplier.edit", supplier_b)
    assert not can(buyer, "supplier.assign_owner")
    assert can(viewer, "supplier.view", supplier_b) and not can(viewer, "supplier.create")
    assert can(portal_user_a, "supplier.view", supplier_a)
    assert not can(portal_user_a, "supplier.view", supplier_b)
    assert not can(portal_user_a, "supplier.view")  # no general access to internal lists
    assert not can(portal_user_a, "supplier.edit", supplier_a)


@pytest.mark.django_db
def test_inactive_user_loses_every_permission(manager, supplier_a):
    manager.is_active = False
    manager.save()
    assert not can(manager, "supplier.view", supplier_a)


def test_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown action"):
        can(None, "supplier.delete")


@pytest.mark.django_db
def test_admin_site_is_for_administrators_only(login, manager, admin_user):
    manager.is_staff = True
    manager.save()
    assert login(manager).get("/admin/").status_code == 302
    assert login(admin_user).get("/admin/").status_code == 200


@pytest.mark.django_db
def test_visible_to_narrows_lists_for_portal_users(portal_user_a, supplier_a, supplier_b, viewer):
    from partnerbook.suppliers.models import Contact, Supplier

    supplier_a.contacts.create(side="ours", name="Internal Person")
    theirs = supplier_a.contacts.create(side="supplier", name="Their Person")
    supplier_b.contacts.create(side="supplier", name="Other Supplier Person")
    assert list(Supplier.objects.visible_to(portal_user_a)) == [supplier_a]
    assert list(Contact.objects.visible_to(portal_user_a)) == [theirs]
    assert Supplier.objects.visible_to(viewer).count() == 2
