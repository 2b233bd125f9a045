"""Documents over the REST API: list, upload (multipart), details, download, change (409
when stale), archive; permissions and bad input with nothing stored."""

from __future__ import annotations

import pytest

from partnerbook.documents.models import Document
from tests.api import API, error_fields, token_client

from .conftest import PDF, PNG, certificate, days, stored_files, upload_file

JSON = "application/json"


def documents_url(supplier):
    return f"{API}/suppliers/{supplier.pk}/documents"


def body(name="iso.pdf", content=PDF, **fields):
    data = {"kind": "iso_9001", "title": "ISO 9001", "expires_on": days(45).isoformat()}
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    return {**data, "file": upload_file(name, content)}


def test_upload_list_get_and_download(media, buyer, viewer, supplier_a):
    response = token_client(buyer).post(documents_url(supplier_a), body(name="cert.pdf"))

    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["kind"] == "iso_9001" and created["expires_on"] == days(45).isoformat()
    assert created["expiry_state"] == "expiring" and created["days_left"] == 45
    assert created["original_name"] == "cert.pdf" and created["size"] == len(PDF)
    assert created["internal"] is True and created["version"] == 1
    client = token_client(viewer)
    listed = client.get(documents_url(supplier_a)).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == created["id"]
    assert client.get(f"{API}/documents/{created['id']}").json() == created
    download = client.get(created["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"] == 'attachment; filename="cert.pdf"'
    assert len(stored_files(media)) == 1


@pytest.mark.parametrize(
    ("data", "status", "field"),
    [({"name": "fake.pdf", "content": PNG}, 400, "file"),
     ({"name": "x.html", "content": b"<html>"}, 400, "file"),
     ({"expires_on": None}, 400, "expires_on"),
     ({"expires_on": ""}, 422, "expires_on"),
     ({"expires_on": "31/12/2026"}, 422, "expires_on"),
     ({"issued_on": days(50).isoformat()}, 400, "expires_on"),
     ({"kind": "passport"}, 422, "kind"),
     ({"title": "x" * 201}, 422, "title")],
)  # fmt: skip
def test_bad_uploads_name_the_field_and_store_nothing(
    media, buyer, supplier_a, data, status, field
):
    response = token_client(buyer).post(documents_url(supplier_a), body(**data))

    assert response.status_code == status, response.json()
    assert field in error_fields(response)
    assert not Document.objects.exists() and stored_files(media) == []


def test_an_upload_without_a_file_is_400(media, buyer, supplier_a):
    data = body()
    del data["file"]
    response = token_client(buyer).post(documents_url(supplier_a), data)

    assert response.status_code == 400 and error_fields(response) == {"file"}
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_400(media, settings, buyer, supplier_a):
    settings.PARTNERBOOK_MAX_DOCUMENT_BYTES = 64
    response = token_client(buyer).post(documents_url(supplier_a), body())

    assert response.status_code == 400 and error_fields(response) == {"file"}
    assert stored_files(media) == []


def test_who_may_upload(media, viewer, buyer, other_buyer, supplier_a, supplier_b):
    assert token_client(viewer).post(documents_url(supplier_a), body()).status_code == 403
    assert token_client(buyer).post(documents_url(supplier_b), body()).status_code == 403
    assert token_client(other_buyer).post(documents_url(supplier_b), body()).status_code == 201
    assert token_client(buyer).post(f"{API}/suppliers/999/documents", body()).status_code == 404
    assert Document.objects.count() == 1


def test_change_with_version_and_stale_409(buyer, manager, supplier_a):
    document = certificate(buyer, supplier_a, 10)
    url = f"{API}/documents/{document.pk}"

    first = token_client(manager).patch(
        url, {"expires_on": days(400).isoformat(), "version": 1}, content_type=JSON
    )
    stale = token_client(buyer).patch(url, {"title": "Mine", "version": 1}, content_type=JSON)

    assert first.status_code == 200 and first.json()["version"] == 2
    assert first.json()["expiry_state"] == "valid"
    assert stale.status_code == 409 and error_fields(stale) == {"version"}
    assert Document.objects.get().title == document.title


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [({"expires_on": None}, 400, "expires_on"), ({"title": None}, 422, "title"),
     ({"expires_on": 20260101}, 422, "expires_on"), ({"size": 5}, 422, "size"),
     ({"version": 0}, 422, "version")],
)  # fmt: skip
def test_bad_changes_name_the_field(buyer, supplier_a, payload, status, field):
    document = certificate(buyer, supplier_a, 10)
    response = token_client(buyer).patch(
        f"{API}/documents/{document.pk}", payload, content_type=JSON
    )
    assert response.status_code == status, response.json()
    assert field in error_fields(response)
    assert Document.objects.get().version == 1


def test_archive_and_restore(buyer, viewer, supplier_a):
    document = certificate(buyer, supplier_a, 10)
    client = token_client(buyer)

    assert token_client(viewer).post(f"{API}/documents/{document.pk}/archive").status_code == 403
    archived = client.post(f"{API}/documents/{document.pk}/archive")

    assert archived.status_code == 200 and archived.json()["archived"] is True
    assert client.get(documents_url(supplier_a)).json()["count"] == 0
    assert client.get(documents_url(supplier_a) + "?archived=true").json()["count"] == 1
    assert client.post(f"{API}/documents/{document.pk}/restore").json()["archived"] is False


def test_portal_users_get_403(portal_user_a, manager, supplier_a):
    document = certificate(manager, supplier_a, 10)
    client = token_client(portal_user_a)

    for response in (
        client.get(documents_url(supplier_a)),
        client.post(documents_url(supplier_a), body()),
        client.get(f"{API}/documents/{document.pk}"),
        client.get(f"{API}/documents/{document.pk}/download"),
        client.patch(f"{API}/documents/{document.pk}", {"title": "x"}, content_type=JSON),
        client.post(f"{API}/documents/{document.pk}/archive"),
    ):
        assert response.status_code == 403
    assert Document.objects.get().title == document.title


def test_unknown_documents_are_404(viewer):
    assert token_client(viewer).get(f"{API}/documents/999").status_code == 404
    assert token_client(viewer).get(f"{API}/documents/999/download").status_code == 404


def test_the_list_uses_a_bounded_number_of_queries(
    viewer, manager, supplier_a, django_assert_max_num_queries
):
    for n in range(30):
        certificate(manager, supplier_a, n, title=f"Cert {n}")
    client = token_client(viewer)
    with django_assert_max_num_queries(8):
        response = client.get(documents_url(supplier_a) + "?limit=100")
    assert response.json()["count"] == 30


def test_the_upload_form_is_published_in_the_schema():
    from partnerbook.api import api

    operation = api.get_openapi_schema()["paths"][f"{API}/suppliers/{{supplier_id}}/documents"]
    schema = operation["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert set(schema["required"]) == {"kind", "file"}
    assert schema["properties"]["file"] == {"type": "string", "format": "binary"}
    assert "iso_9001" in schema["properties"]["kind"]["enum"]
