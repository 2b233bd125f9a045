"""Who may call the API at all: tokens, sessions, CSRF, and the public schema and docs."""

from __future__ import annotations

import pytest
from django.test import Client

from partnerbook.accounts.services import create_api_token, revoke_api_token
from partnerbook.suppliers.models import Supplier

from ..conftest import PASSWORD
from . import API, error_fields, token_client


def test_token_authenticates_requests_as_its_owner(viewer, supplier_a):
    response = token_client(viewer).get(f"{API}/suppliers")

    assert response.status_code == 200
    assert [s["name"] for s in response.json()["items"]] == ["Alpha Packaging"]


def test_token_use_is_recorded(viewer):
    token, plaintext = create_api_token(viewer, "ERP sync")

    Client(headers={"Authorization": f"Bearer {plaintext}"}).get(f"{API}/suppliers")

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_is_refused_with_json_401(viewer):
    token, plaintext = create_api_token(viewer, "old integration")
    revoke_api_token(viewer, token.pk)

    response = Client(headers={"Authorization": f"Bearer {plaintext}"}).get(f"{API}/suppliers")

    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert error_fields(response) == set()


@pytest.mark.parametrize("header", ["Bearer pbk_not-a-real-token", "Bearer nonsense", "Basic eA=="])
def test_unknown_token_is_refused_with_json_401(db, header):
    response = Client(headers={"Authorization": header}).get(f"{API}/suppliers")

    assert response.status_code == 401
    assert response.json()["detail"].startswith("Authentication required")


def test_token_of_a_deactivated_user_is_refused(viewer):
    client = token_client(viewer)
    viewer.is_active = False
    viewer.save()

    assert client.get(f"{API}/suppliers").status_code == 401


def test_request_without_credentials_is_refused(db):
    response = Client().post(f"{API}/suppliers", {"name": "X"}, content_type="application/json")

    assert response.status_code == 401
    assert not Supplier.objects.exists()


def test_session_authenticates_requests(viewer, supplier_a, login):
    response = login(viewer).get(f"{API}/suppliers/{supplier_a.pk}")

    assert response.status_code == 200
    assert response.json()["name"] == "Alpha Packaging"


def _csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_session_write_without_csrf_token_is_refused(manager):
    response = _csrf_client(manager).post(
        f"{API}/suppliers", {"name": "Gamma"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Supplier.objects.filter(name="Gamma").exists()


def test_session_write_with_csrf_token_is_accepted(manager):
    client = Client(enforce_csrf_checks=True)
    client.get("/login/")
    signed_in = client.post(
        "/login/",
        {
            "username": manager.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    assert signed_in.status_code == 302
    token = client.cookies["csrftoken"].value  # rotated at sign-in

    response = client.post(
        f"{API}/suppliers",
        {"name": "Gamma"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 201


def test_token_write_needs_no_csrf_token(manager):
    _, plaintext = create_api_token(manager, "ERP sync")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {plaintext}"})

    response = client.post(f"{API}/suppliers", {"name": "Gamma"}, content_type="application/json")

    assert response.status_code == 201


def test_openapi_schema_is_served(db):
    response = Client().get(f"{API}/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/suppliers", "/api/v1/categories", "/api/v1/contacts"} <= set(paths)


def test_docs_page_is_served(db):
    response = Client().get(f"{API}/docs")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def test_docs_page_loads_its_assets_without_a_cdn(db):
    html = Client().get(f"{API}/docs").content.decode()

    assert "cdn." not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html


def test_openapi_documents_the_error_shape_for_every_operation(db):
    schema = Client().get(f"{API}/openapi.json").json()
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"detail", "errors"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code in ("400", "401", "403", "404", "422"):
                content = operation["responses"][code]["content"]["application/json"]
                assert content["schema"]["$ref"] == "#/components/schemas/Error", (method, path)
