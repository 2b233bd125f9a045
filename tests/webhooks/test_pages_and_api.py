"""The administrators' webhook pages and API: permissions, bad input named per field,
the secret, and bounded queries on the list and the delivery log."""

from __future__ import annotations

import pytest

from partnerbook.webhooks import services
from partnerbook.webhooks.models import Delivery, Webhook

from ..api import error_fields, token_client

JSON = "application/json"
GOOD = {"url": "https://erp.example.com/hooks/partnerbook", "events": ["alert.raised"]}
BAD_INPUT = [
    ({"url": "ftp://erp.example.com/x", "events": ["alert.raised"]}, "url"),
    ({"url": "javascript:alert(1)", "events": ["alert.raised"]}, "url"),
    ({"url": "https://user:pw@erp.example.com/", "events": ["alert.raised"]}, "url"),
    ({"url": "https://erp.example.com/", "events": ["supplier.deleted"]}, "events"),
    ({"url": "https://erp.example.com/", "events": []}, "events"),
]


@pytest.fixture
def hook(admin_user):
    return services.create_webhook(admin_user, {**GOOD, "description": "ERP sync"})


# --- permissions ----------------------------------------------------------------------------


def _pages(hook_id: int) -> list[tuple[str, str]]:
    base = f"/webhooks/{hook_id}"
    return [
        ("get", "/webhooks/"), ("get", "/webhooks/new"), ("post", "/webhooks/new"),
        ("get", f"{base}/"), ("get", f"{base}/edit"), ("post", f"{base}/edit"),
        ("get", f"{base}/secret"), ("post", f"{base}/secret/rotate"),
        ("post", f"{base}/active"), ("post", f"{base}/test"), ("post", f"{base}/remove"),
    ]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["manager", "buyer", "viewer", "portal_user_a"])
def test_only_administrators_reach_the_pages(role, request, login, hook):
    client = login(request.getfixturevalue(role))
    for method, path in _pages(hook.pk):
        response = getattr(client, method)(path, {"active": "0", **GOOD})
        assert response.status_code == 403, (method, path)
    stored = Webhook.objects.get(pk=hook.pk)
    assert stored.active and stored.archived_at is None and stored.secret == hook.secret


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["manager", "buyer", "viewer", "portal_user_a"])
def test_only_administrators_use_the_api(role, request, hook):
    client = token_client(request.getfixturevalue(role))
    base = f"/api/v1/webhooks/{hook.pk}"
    calls = [
        ("get", "/api/v1/webhooks"), ("post", "/api/v1/webhooks"), ("get", base),
        ("patch", base), ("delete", base), ("post", f"{base}/enable"),
        ("post", f"{base}/disable"), ("get", f"{base}/secret"), ("post", f"{base}/secret"),
        ("get", f"{base}/deliveries"), ("post", f"{base}/test"),
    ]  # fmt: skip
    for method, path in calls:
        body = GOOD if method in ("post", "patch") else None
        response = getattr(client, method)(path, body, content_type=JSON)
        assert response.status_code == 403, (method, path)
        assert hook.secret not in response.content.decode()
    assert Webhook.objects.get(pk=hook.pk).archived_at is None


# --- the pages ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_administrator_adds_a_webhook_and_sees_its_secret(login, admin_user):
    client = login(admin_user)
    assert "Add a webhook" in client.get("/webhooks/").content.decode()
    response = client.post("/webhooks/new", {**GOOD, "events": ["alert.raised", "review.recorded"]})
    hook = Webhook.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/webhooks/{hook.pk}/secret"
    assert hook.events == ["alert.raised", "review.recorded"] and hook.secret.startswith("whsec_")
    secret_page = client.get(f"/webhooks/{hook.pk}/secret")
    assert hook.secret in secret_page.content.decode()
    assert "no-store" in secret_page["Cache-Control"]
    # The secret is not kept in the history.
    assert not hasattr(hook.history.first(), "secret")


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "field"), BAD_INPUT)
def test_the_form_names_the_bad_field(login, admin_user, data, field):
    response = login(admin_user).post("/webhooks/new", data)
    assert response.status_code == 400
    assert f'id="error-{field}"' in response.content.decode()
    assert not Webhook.objects.exists()


@pytest.mark.django_db
def test_an_administrator_changes_switches_tests_and_removes_a_webhook(
    login, admin_user, hook, monkeypatch
):
    client = login(admin_user)
    response = client.post(
        f"/webhooks/{hook.pk}/edit",
        {"url": "https://other.example.com/x", "events": ["review.recorded"]},
    )
    assert response.status_code == 302
    hook.refresh_from_db()
    assert hook.url == "https://other.example.com/x" and hook.events == ["review.recorded"]
    assert (
        client.post(f"/webhooks/{hook.pk}/edit", {"url": "ftp://x", "events": []}).status_code
        == 400
    )

    old = hook.secret
    client.post(f"/webhooks/{hook.pk}/secret/rotate")
    hook.refresh_from_db()
    assert hook.secret != old

    client.post(f"/webhooks/{hook.pk}/active", {"active": "0"})
    hook.refresh_from_db()
    assert not hook.active and "Switched off by" in hook.disabled_reason
    assert client.post(f"/webhooks/{hook.pk}/active", {"active": "maybe"}).status_code == 302
    page = client.get(f"/webhooks/{hook.pk}/").content.decode()
    assert "Switch on and send what was held" in page

    from partnerbook.webhooks.services import Attempt

    monkeypatch.setattr(services, "post", lambda *a: Attempt(200, "thanks", ""))
    client.post(f"/webhooks/{hook.pk}/test")
    assert Delivery.objects.get().status == "sent"
    assert "thanks" in client.get(f"/webhooks/{hook.pk}/").content.decode()

    client.post(f"/webhooks/{hook.pk}/remove")
    assert client.get(f"/webhooks/{hook.pk}/").status_code == 404
    assert hook.url not in client.get("/webhooks/").content.decode()


@pytest.mark.django_db
def test_the_navigation_shows_webhooks_to_administrators_only(login, admin_user, manager):
    assert 'href="/webhooks/"' in login(admin_user).get("/suppliers/").content.decode()
    assert 'href="/webhooks/"' not in login(manager).get("/suppliers/").content.decode()


@pytest.mark.django_db
def test_list_and_log_pages_take_a_bounded_number_of_queries(
    login, admin_user, django_assert_max_num_queries
):
    hooks = [
        services.create_webhook(admin_user, {**GOOD, "url": f"https://h{n}.example.com/"})
        for n in range(30)
    ]
    Delivery.objects.bulk_create(
        Delivery(webhook=hooks[0], event="alert.raised", payload={"n": n}, status=status)
        for n in range(60)
        for status in ("sent", "held")
    )
    client = login(admin_user)
    client.get("/webhooks/")  # warm the session and the navigation
    with django_assert_max_num_queries(15):
        assert client.get("/webhooks/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(f"/webhooks/{hooks[0].pk}/?page=2").status_code == 200


# --- the API --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_adds_reads_changes_and_removes_a_webhook(admin_user, monkeypatch):
    client = token_client(admin_user)
    created = client.post("/api/v1/webhooks", GOOD, content_type=JSON)
    assert created.status_code == 201
    body = created.json()
    hook_id, secret = body["id"], body["secret"]
    assert secret.startswith("whsec_") and body["active"] is True

    listed = client.get("/api/v1/webhooks").json()
    assert listed["count"] == 1 and "secret" not in listed["items"][0]
    assert "secret" not in client.get(f"/api/v1/webhooks/{hook_id}").json()
    assert client.get(f"/api/v1/webhooks/{hook_id}/secret").json()["secret"] == secret
    rotated = client.post(f"/api/v1/webhooks/{hook_id}/secret").json()["secret"]
    assert rotated != secret

    changed = client.patch(
        f"/api/v1/webhooks/{hook_id}", {"description": "ERP"}, content_type=JSON
    ).json()
    assert changed["description"] == "ERP" and changed["events"] == ["alert.raised"]

    assert client.post(f"/api/v1/webhooks/{hook_id}/disable").json()["active"] is False
    assert client.post(f"/api/v1/webhooks/{hook_id}/enable").json()["active"] is True

    from partnerbook.webhooks.services import Attempt

    monkeypatch.setattr(services, "post", lambda *a: Attempt(None, "", "No answer: refused"))
    tested = client.post(f"/api/v1/webhooks/{hook_id}/test")
    assert tested.status_code == 201 and tested.json()["status"] == "failed"
    log = client.get(f"/api/v1/webhooks/{hook_id}/deliveries").json()
    assert log["count"] == 1 and log["items"][0]["error"] == "No answer: refused"

    assert client.delete(f"/api/v1/webhooks/{hook_id}").status_code == 204
    assert client.get(f"/api/v1/webhooks/{hook_id}").status_code == 404
    assert client.get("/api/v1/webhooks").json()["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "field"), BAD_INPUT)
def test_the_api_names_the_bad_field(admin_user, hook, data, field):
    client = token_client(admin_user)
    response = client.post("/api/v1/webhooks", data, content_type=JSON)
    assert response.status_code == 400 and error_fields(response) == {field}
    response = client.patch(f"/api/v1/webhooks/{hook.pk}", {field: data[field]}, content_type=JSON)
    assert response.status_code == 400 and error_fields(response) == {field}
    assert Webhook.objects.count() == 1


@pytest.mark.django_db
def test_the_api_refuses_malformed_input(admin_user):
    client = token_client(admin_user)
    long_url = "https://x.example.com/" + "a" * 600
    malformed = (
        {"url": "https://x.example.com/"},
        {"url": 5, "events": "alert.raised"},
        {"url": long_url, "events": ["alert.raised"]},
    )
    for data in malformed:
        response = client.post("/api/v1/webhooks", data, content_type=JSON)
        assert response.status_code in (400, 422), data
        assert error_fields(response)
    assert client.get("/api/v1/webhooks/999999").status_code == 404
    assert not Webhook.objects.exists()
