"""Documents in the supplier portal: what we share with them, what we ask them to send,
their uploads through the one upload path, and the expiring certificates card."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partnerbook.documents import domain, services
from partnerbook.documents.models import Document, DocumentRequest

from ..api import API, error_fields, token_client

pytestmark = pytest.mark.django_db

PDF = domain.minimal_pdf(["Renewed certificate"])
SECRET = "Draft terms we do not show yet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


def stored(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload(actor, supplier, title, *, shared, kind="other", expires_in=None, content=PDF):
    expires = timezone.localdate() + dt.timedelta(days=expires_in) if expires_in else None
    return services.upload_document(
        actor, supplier, services.Upload("file.pdf", len(content), io.BytesIO(content)),
        {"kind": kind, "title": title, "expires_on": expires, "internal": not shared},
    )  # fmt: skip


@pytest.fixture
def docs(manager, supplier_a, supplier_b):
    """Supplier A: a shared quality manual, an internal contract draft, a shared ISO
    certificate expiring in 20 days. Supplier B: a shared document."""
    return {
        "shared": upload(manager, supplier_a, "Quality manual", shared=True),
        "internal": upload(manager, supplier_a, SECRET, shared=False, kind="contract"),
        "iso": upload(manager, supplier_a, "ISO 9001 of Alpha", shared=True, kind="iso_9001",
                      expires_in=20),
        "b": upload(manager, supplier_b, "Beta handbook", shared=True),
    }  # fmt: skip


@pytest.fixture
def renewal(buyer, supplier_a, docs):
    return services.create_request(
        buyer, supplier_a,
        {"kind": "iso_9001", "title": "Renewed ISO 9001 certificate",
         "reason": "Yours expires next month.", "due_on": timezone.localdate(),
         "renews": docs["iso"]},
    )  # fmt: skip


def pdf_file(name="renewal.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def valid_until() -> str:
    return (timezone.localdate() + dt.timedelta(days=365)).isoformat()


# --- what the supplier sees ----------------------------------------------------------------


def test_documents_page_lists_only_shared_documents_of_their_supplier(login, portal_user_a, docs):
    html = login(portal_user_a).get("/portal/documents/").content.decode()

    assert "Quality manual" in html and "ISO 9001 of Alpha" in html
    assert SECRET not in html
    assert "Beta handbook" not in html


def test_documents_api_lists_only_shared_fields(portal_user_a, docs):
    body = token_client(portal_user_a).get(f"{API}/portal/documents").json()

    assert {d["title"] for d in body} == {"Quality manual", "ISO 9001 of Alpha"}
    assert "internal" not in body[0] and "uploaded_by_id" not in body[0]
    assert SECRET not in str(body)


def test_download_of_a_shared_document_works(login, portal_user_a, docs):
    response = login(portal_user_a).get(f"/portal/documents/{docs['shared'].pk}/download")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("which", ["internal", "b"])
def test_download_of_an_internal_or_other_suppliers_document_is_404(
    login, portal_user_a, docs, which
):
    document = docs[which]

    assert login(portal_user_a).get(f"/portal/documents/{document.pk}/download").status_code == 404
    api = token_client(portal_user_a).get(f"{API}/portal/documents/{document.pk}/download")
    assert api.status_code == 404


def test_portal_user_b_gets_404_on_a_documents_and_requests(login, portal_user_b, docs, renewal):
    client = login(portal_user_b)

    assert client.get(f"/portal/documents/{docs['shared'].pk}/download").status_code == 404
    assert client.get(f"/portal/documents/requests/{renewal.pk}/").status_code == 404
    response = token_client(portal_user_b).post(
        f"{API}/portal/document-requests/{renewal.pk}/upload", {"file": pdf_file()}
    )
    assert response.status_code == 404
    assert token_client(portal_user_b).get(f"{API}/portal/document-requests").json() == []


@pytest.mark.parametrize("who", ["manager", "buyer", "viewer"])
def test_our_people_get_403_on_portal_document_pages(request, login, who, docs, renewal):
    client = login(request.getfixturevalue(who))

    assert client.get("/portal/documents/").status_code == 403
    assert client.get(f"/portal/documents/requests/{renewal.pk}/").status_code == 403
    assert client.get(f"/portal/documents/{docs['shared'].pk}/download").status_code == 403
    assert token_client(request.getfixturevalue(who)).get(
        f"{API}/portal/documents"
    ).status_code == 403  # fmt: skip


# --- requests and the supplier's answer --------------------------------------------------


def test_our_request_emails_the_suppliers_portal_users(
    django_capture_on_commit_callbacks, buyer, supplier_a, portal_user_a, portal_user_b
):
    with django_capture_on_commit_callbacks(execute=True):
        services.create_request(
            buyer, supplier_a, {"kind": "insurance", "title": "Liability insurance"}
        )

    assert [m.to for m in mail.outbox] == [[portal_user_a.email]]
    assert "Liability insurance" in mail.outbox[0].subject


def test_request_needs_document_edit(viewer, other_buyer, supplier_a):
    for person in (viewer, other_buyer):
        with pytest.raises(PermissionDenied):
            services.create_request(person, supplier_a, {"kind": "other", "title": "x"})


def test_request_from_the_documents_tab(login, buyer, supplier_a):
    client = login(buyer)

    response = client.post(
        f"/documents/suppliers/{supplier_a.pk}/requests/new",
        {"kind": "nda", "title": "Signed NDA", "reason": "Before the drawings go out."},
    )

    assert response.status_code == 302
    assert DocumentRequest.objects.get(supplier=supplier_a).title == "Signed NDA"
    bad = client.post(f"/documents/suppliers/{supplier_a.pk}/requests/new", {"kind": "nda"})
    assert bad.status_code == 400
    assert "error-title" in bad.content.decode()


def test_request_api_for_our_side(buyer, viewer, supplier_a):
    url = f"{API}/suppliers/{supplier_a.pk}/document-requests"
    created = token_client(buyer).post(
        url, {"kind": "iso_9001", "title": "ISO 9001"}, content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["status"] == "open"
    listed = token_client(viewer).get(url).json()
    assert [r["title"] for r in listed["items"]] == ["ISO 9001"]
    refused = token_client(viewer).post(
        url, {"kind": "iso_9001", "title": "x"}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_supplier_answers_a_request_round_trip(
    django_capture_on_commit_callbacks, login, portal_user_a, buyer, renewal, media
):
    client = login(portal_user_a)
    page = client.get(f"/portal/documents/requests/{renewal.pk}/").content.decode()
    assert "Yours expires next month." in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/portal/documents/requests/{renewal.pk}/",
            {"file": pdf_file(), "expires_on": valid_until()},
        )

    assert response.status_code == 302
    renewal.refresh_from_db()
    document = renewal.document
    assert renewal.status == "fulfilled" and renewal.fulfilled_by == portal_user_a
    assert document.supplier_id == portal_user_a.supplier_id
    assert document.source == "supplier" and document.internal is False
    assert document.uploaded_by == portal_user_a
    assert document.history.latest().history_user == portal_user_a
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    assert len(stored(media)) == 5  # four of the fixture and theirs
    # Our side sees it on the Documents tab, marked as from the supplier.
    tab = login(buyer).get(f"/documents/suppliers/{renewal.supplier_id}/").content.decode()
    assert "from the supplier" in tab and "fulfilled" in tab


def test_answer_through_the_api(portal_user_a, renewal):
    response = token_client(portal_user_a).post(
        f"{API}/portal/document-requests/{renewal.pk}/upload",
        {"file": pdf_file(), "expires_on": valid_until()},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "fulfilled"
    assert body["document"]["sent_by_you"] is True
    listed = token_client(portal_user_a).get(f"{API}/portal/document-requests").json()
    assert listed[0]["status"] == "fulfilled"


def test_a_fulfilled_request_cannot_be_answered_again(portal_user_a, renewal):
    client = token_client(portal_user_a)
    url = f"{API}/portal/document-requests/{renewal.pk}/upload"
    assert client.post(url, {"file": pdf_file(), "expires_on": valid_until()}).status_code == 201

    again = client.post(url, {"file": pdf_file(), "expires_on": valid_until()})

    assert again.status_code == 400
    assert error_fields(again) == {"request"}


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("big.pdf", b"%PDF-" + b"x" * 2048, "the limit is"),
        ("script.exe", b"MZ\x90\x00", "not accepted"),
        ("empty.pdf", b"", "empty"),
        ("fake.pdf", b"not a pdf at all", "not a PDF"),
    ],
)
def test_bad_uploads_get_clear_errors_and_store_nothing(
    settings, django_capture_on_commit_callbacks, login, portal_user_a, renewal, media,
    name, content, problem,
):  # fmt: skip
    settings.PARTNERBOOK_MAX_DOCUMENT_BYTES = 1024
    before = len(stored(media))
    client = login(portal_user_a)

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            f"/portal/documents/requests/{renewal.pk}/",
            {"file": SimpleUploadedFile(name, content), "expires_on": valid_until()},
        )
        api = token_client(portal_user_a).post(
            f"{API}/portal/document-requests/{renewal.pk}/upload",
            {"file": SimpleUploadedFile(name, content), "expires_on": valid_until()},
        )

    assert page.status_code == 400
    assert problem in page.content.decode() or "empty" in page.content.decode()
    assert api.status_code == 400 and error_fields(api) == {"file"}
    assert len(stored(media)) == before
    renewal.refresh_from_db()
    assert renewal.status == "open"
    assert Document.objects.filter(source="supplier").count() == 0
    assert mail.outbox == []


def test_certificate_answer_needs_its_expiry_date(portal_user_a, renewal, media):
    before = len(stored(media))
    response = token_client(portal_user_a).post(
        f"{API}/portal/document-requests/{renewal.pk}/upload", {"file": pdf_file()}
    )

    assert response.status_code == 400
    assert error_fields(response) == {"expires_on"}
    assert len(stored(media)) == before


def test_answer_without_a_file_names_the_field(portal_user_a, renewal):
    response = token_client(portal_user_a).post(
        f"{API}/portal/document-requests/{renewal.pk}/upload", {"expires_on": valid_until()}
    )

    assert response.status_code == 400
    assert error_fields(response) == {"file"}


# --- the home card and sharing on our side -----------------------------------------------


def test_home_card_shows_expiring_shared_certificates_with_the_renewal_link(
    login, portal_user_a, renewal, docs
):
    html = login(portal_user_a).get("/portal/").content.decode()

    assert "Expiring certificates" in html
    assert "ISO 9001 of Alpha" in html
    assert f"/portal/documents/requests/{renewal.pk}/" in html
    assert SECRET not in html


def test_home_card_is_left_out_without_expiring_certificates(login, portal_user_a):
    assert "Expiring certificates" not in login(portal_user_a).get("/portal/").content.decode()


def test_our_upload_form_can_share_a_document(login, buyer, supplier_a):
    response = login(buyer).post(
        f"/documents/suppliers/{supplier_a.pk}/upload",
        {"file": pdf_file("guide.pdf"), "kind": "other", "title": "Supplier guide",
         "shared": "on"},
    )  # fmt: skip

    assert response.status_code == 302
    assert Document.objects.get(title="Supplier guide").internal is False


def test_our_upload_stays_internal_by_default(login, buyer, supplier_a):
    login(buyer).post(
        f"/documents/suppliers/{supplier_a.pk}/upload",
        {"file": pdf_file("draft.pdf"), "kind": "contract", "title": "Contract draft"},
    )

    assert Document.objects.get(title="Contract draft").internal is True


def test_unsharing_a_document_hides_it_again(buyer, portal_user_a, docs, login):
    services.update_document(buyer, docs["shared"], {"internal": True})

    client = login(portal_user_a)
    assert "Quality manual" not in client.get("/portal/documents/").content.decode()
    assert client.get(f"/portal/documents/{docs['shared'].pk}/download").status_code == 404


def test_documents_page_makes_a_bounded_number_of_queries(
    login, manager, portal_user_a, supplier_a, buyer, django_assert_max_num_queries
):
    for n in range(8):
        upload(manager, supplier_a, f"Shared {n}", shared=True)
        services.create_request(buyer, supplier_a, {"kind": "other", "title": f"Ask {n}"})
    client = login(portal_user_a)
    client.get("/portal/documents/")
    with django_assert_max_num_queries(12):
        assert client.get("/portal/documents/").status_code == 200
    # The home gathers every app's card; its own bound is in test_shell.py.
    with django_assert_max_num_queries(40):
        assert client.get("/portal/").status_code == 200
    with django_assert_max_num_queries(8):
        token_client(portal_user_a).get(f"{API}/portal/document-requests")


def test_our_documents_tab_has_a_plain_title_and_one_request_section(login, manager, supplier_a):
    html = login(manager).get(f"/documents/suppliers/{supplier_a.pk}/").content.decode()

    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and supplier_a.name in title
    assert html.count('id="document-requests"') == 1
