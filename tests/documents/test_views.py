"""The Documents tab, upload, change, archive, download and the expiring-certificates page:
permissions, bad input with nothing stored, bounded queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerbook.documents.models import Document
from partnerbook.suppliers import services as supplier_services

from .conftest import PDF, PNG, certificate, days, stored_files, upload_file


def tab(supplier):
    return reverse("documents:supplier", args=[supplier.pk])


def upload_url(supplier):
    return reverse("documents:upload", args=[supplier.pk])


def form(name="iso.pdf", content=PDF, **fields):
    data = {"kind": "iso_9001", "title": "ISO 9001", "expires_on": days(40).isoformat()}
    data.update(fields)
    return {**data, "file": upload_file(name, content)}


def test_upload_and_download_round_trip(media, login, buyer, viewer, supplier_a):
    response = login(buyer).post(upload_url(supplier_a), form(name="Cert 2026.pdf"))

    assert response.status_code == 302 and response.url == tab(supplier_a)
    document = Document.objects.get()
    assert document.title == "ISO 9001" and document.expires_on == days(40)
    page = login(viewer).get(tab(supplier_a))
    assert page.status_code == 200
    assert "expires in 40 days" in page.content.decode()
    assert 'id="upload-form"' not in page.content.decode()  # a viewer may not upload
    download = login(viewer).get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="Cert 2026.pdf"'
    assert len(stored_files(media)) == 1


def test_the_tab_shows_each_expiry_status(login, manager, supplier_a):
    certificate(manager, supplier_a, -3, title="Lapsed insurance", kind="insurance")
    certificate(manager, supplier_a, 12, title="ISO soon")
    certificate(manager, supplier_a, 200, title="ISO later")

    body = login(manager).get(tab(supplier_a)).content.decode()

    assert "expired 3 days ago" in body and "expires in 12 days" in body
    assert 'class="badge light-green">valid' in body
    assert f'href="/documents/suppliers/{supplier_a.pk}/"' in body  # the registered tab
    assert body.index("Lapsed insurance") < body.index("ISO soon") < body.index("ISO later")
    assert f'href="{reverse("documents:expiring")}" id="all-expiring"' in body


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [({"name": "fake.pdf", "content": PNG}, "file", "not a PDF"),
     ({"name": "run.exe", "content": b"MZ"}, "file", "not accepted"),
     ({"expires_on": ""}, "expires_on", "needs its expiry date"),
     ({"expires_on": "2026-13-45"}, "expires_on", "valid date"),
     ({"kind": "passport"}, "kind", "valid choice")],
)  # fmt: skip
def test_bad_uploads_show_the_error_and_store_nothing(
    media, login, buyer, supplier_a, data, field, message
):
    response = login(buyer).post(upload_url(supplier_a), form(**data))

    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="error-{field}"' in body and message in body
    assert not Document.objects.exists() and stored_files(media) == []


def test_a_file_over_the_limit_is_refused_on_the_page(media, settings, login, buyer, supplier_a):
    settings.PARTNERBOOK_MAX_DOCUMENT_BYTES = 50
    response = login(buyer).post(upload_url(supplier_a), form())

    assert response.status_code == 400 and "the limit is" in response.content.decode()
    assert stored_files(media) == []


def test_who_may_upload(media, login, viewer, other_buyer, buyer, supplier_a, supplier_b):
    assert login(viewer).post(upload_url(supplier_a), form()).status_code == 403
    assert login(buyer).post(upload_url(supplier_b), form()).status_code == 403
    assert login(other_buyer).post(upload_url(supplier_b), form()).status_code == 302
    assert Document.objects.get().supplier == supplier_b


def test_portal_users_get_403_on_every_page(login, manager, portal_user_a, supplier_a):
    document = certificate(manager, supplier_a, 10)
    client = login(portal_user_a)
    for url in (
        tab(supplier_a), upload_url(supplier_a), reverse("documents:expiring"),
        reverse("documents:download", args=[document.pk]),
        reverse("documents:edit", args=[document.pk]),
        reverse("documents:archive", args=[document.pk]),
    ):  # fmt: skip
        method = client.post if url.endswith(("upload", "archive")) else client.get
        assert method(url).status_code == 403, url


def test_unknown_documents_and_suppliers_are_404(login, viewer):
    client = login(viewer)
    assert client.get(reverse("documents:download", args=[999])).status_code == 404
    assert client.get(reverse("documents:supplier", args=[999])).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, manager, supplier_a):
    document = certificate(manager, supplier_a, 10)
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_editing_dates_and_a_stale_edit(login, buyer, manager, supplier_a):
    document = certificate(buyer, supplier_a, 10)
    url = reverse("documents:edit", args=[document.pk])
    assert login(buyer).get(url).status_code == 200

    saved = login(manager).post(
        url, {"title": "Renewed ISO", "expires_on": days(300).isoformat(), "version": 1}
    )
    stale = login(buyer).post(
        url, {"title": "Mine", "expires_on": days(5).isoformat(), "version": 1}
    )

    assert saved.status_code == 302
    assert stale.status_code == 409
    assert "Someone else saved this document" in stale.content.decode()
    document.refresh_from_db()
    assert document.title == "Renewed ISO" and document.version == 2


def test_editing_refuses_bad_dates(login, buyer, supplier_a):
    document = certificate(buyer, supplier_a, 10)
    url = reverse("documents:edit", args=[document.pk])
    response = login(buyer).post(
        url, {"title": "ISO", "issued_on": days(20).isoformat(), "expires_on": days(10)}
    )
    assert response.status_code == 400 and "before the issue date" in response.content.decode()
    assert Document.objects.get().issued_on != days(20)


def test_viewers_and_other_buyers_cannot_edit_or_archive(
    login, viewer, other_buyer, manager, supplier_a
):
    document = certificate(manager, supplier_a, 10)
    for user in (viewer, other_buyer):
        client = login(user)
        assert client.get(reverse("documents:edit", args=[document.pk])).status_code == 403
        assert client.post(reverse("documents:archive", args=[document.pk])).status_code == 403
    assert not Document.objects.get().archived


def test_an_archived_document_leaves_the_lists_and_can_be_restored(
    login, buyer, viewer, supplier_a
):
    document = certificate(buyer, supplier_a, 10, title="Archived ISO")
    client = login(buyer)

    assert client.post(reverse("documents:archive", args=[document.pk])).status_code == 302

    assert "Archived ISO" not in login(viewer).get(tab(supplier_a)).content.decode()
    assert "Archived ISO" in login(viewer).get(tab(supplier_a) + "?archived=1").content.decode()
    assert "Archived ISO" not in login(viewer).get(reverse("documents:expiring")).content.decode()
    assert client.post(reverse("documents:restore", args=[document.pk])).status_code == 302
    assert "Archived ISO" in login(viewer).get(tab(supplier_a)).content.decode()


def test_the_expiring_page_lists_ninety_days_and_expired(login, viewer, manager, supplier_a):
    certificate(manager, supplier_a, -2, title="Cert expired")
    certificate(manager, supplier_a, 20, title="Cert in 20")
    certificate(manager, supplier_a, 60, title="Cert in 60")
    certificate(manager, supplier_a, 100, title="Cert in 100")

    response = login(viewer).get(reverse("documents:expiring"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Cert expired" in body and "Cert in 20" in body and "Cert in 60" in body
    assert "Cert in 100" not in body
    assert "3 certificates, 1 expired." in body
    assert 'href="/documents/expiring"' in login(viewer).get(tab(supplier_a)).content.decode()


@pytest.fixture
def many_documents(manager, category):
    """Twelve suppliers with five certificates each, one of them expired."""
    suppliers = [
        supplier_services.create_supplier(
            manager, {"name": f"Supplier {n:02d}", "category": category}
        )
        for n in range(12)
    ]
    for supplier in suppliers:
        for n in range(5):
            certificate(manager, supplier, -1 + 15 * n, title=f"Cert {n}")
    return suppliers


def test_the_tab_and_the_expiring_page_use_a_bounded_number_of_queries(
    login, manager, many_documents, django_assert_max_num_queries
):
    client = login(manager)
    supplier = many_documents[0]
    for n in range(40):
        certificate(manager, supplier, 100 + n, title=f"More {n}")

    with django_assert_max_num_queries(12):
        tab_page = client.get(tab(supplier))
    with django_assert_max_num_queries(10):
        expiring_page = client.get(reverse("documents:expiring"))

    assert tab_page.content.decode().count('<tr id="document-') == 45
    assert expiring_page.content.decode().count('<tr id="document-') == 12 * 5
