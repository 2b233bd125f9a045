"""Storing, changing and archiving documents; refusals store nothing; expiry alerts."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnerbook.alerts.models import Alert
from partnerbook.core.concurrency import StaleEdit
from partnerbook.documents import services
from partnerbook.documents.models import Document

from .conftest import PDF, PNG, XLSX, certificate, days, stored_files, upload_file


def upload(actor, supplier, name="iso.pdf", content=PDF, **data):
    values = {"kind": "iso_9001", "title": "ISO 9001", "expires_on": days(200), **data}
    return services.upload_document(
        actor, supplier, services.Upload.of(upload_file(name, content)), values
    )


def test_an_upload_is_stored_per_supplier_under_a_random_name(media, buyer, supplier_a):
    document = upload(buyer, supplier_a, name="../../Our secret cert.PDF")

    files = stored_files(media)
    assert len(files) == 1
    assert files[0].read_bytes() == PDF
    assert files[0].parent.name == f"supplier-{supplier_a.pk}"
    assert "secret" not in document.file.name and document.file.name.endswith(".pdf")
    assert document.original_name == "Our secret cert.PDF"
    assert document.size == len(PDF) and document.content_type == "application/pdf"
    assert document.uploaded_by == buyer and document.internal and document.version == 1
    with services.open_file(document) as handle:
        assert handle.read() == PDF
    assert document.history.get().history_change_reason == "ISO 9001 certificate uploaded."


def test_a_file_over_the_limit_is_refused_and_nothing_stored(media, settings, buyer, supplier_a):
    settings.PARTNERBOOK_MAX_DOCUMENT_BYTES = 100
    with pytest.raises(ValidationError) as caught:
        upload(buyer, supplier_a, content=PDF + b" " * 200)

    assert "limit" in caught.value.message_dict["file"][0]
    assert not Document.objects.exists() and stored_files(media) == []


def test_the_size_limit_defaults_to_ten_megabytes(settings):
    del settings.PARTNERBOOK_MAX_DOCUMENT_BYTES
    assert services.max_bytes() == 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("tool.exe", b"MZ\x90\x00", "not accepted"), ("noext", PDF, "not accepted"),
     ("photo.pdf", PNG, "not a PDF"), ("sheet.docx", XLSX, "not a DOCX"),
     ("notes.txt", b"\x00\x01binary", "not a TXT"), ("empty.pdf", b"", "empty")],
)  # fmt: skip
def test_wrong_types_are_refused_and_nothing_stored(
    media, buyer, supplier_a, name, content, message
):
    with pytest.raises(ValidationError) as caught:
        upload(buyer, supplier_a, name=name, content=content)

    assert message in caught.value.message_dict["file"][0]
    assert not Document.objects.exists() and stored_files(media) == []


def test_a_certificate_without_expiry_is_refused_before_storing(media, buyer, supplier_a):
    with pytest.raises(ValidationError) as caught:
        upload(buyer, supplier_a, expires_on=None)

    assert caught.value.message_dict == {"expires_on": ["A certificate needs its expiry date."]}
    assert stored_files(media) == []


def test_a_contract_needs_no_expiry_date(buyer, supplier_a):
    document = upload(buyer, supplier_a, kind="contract", title="", expires_on=None)
    assert document.title == "Contract" and document.expires_on is None


def test_a_failed_save_removes_the_stored_file(media, buyer, supplier_a):
    with mock.patch.object(services, "save_audited", side_effect=RuntimeError("db down")):
        with pytest.raises(RuntimeError):
            upload(buyer, supplier_a)

    assert stored_files(media) == [] and not Document.objects.exists()


def test_only_editors_and_the_owning_buyer_upload(media, viewer, other_buyer, manager, supplier_a):
    for user in (viewer, other_buyer):
        with pytest.raises(PermissionDenied):
            upload(user, supplier_a)
    assert stored_files(media) == []
    assert upload(manager, supplier_a).uploaded_by == manager


def test_editing_dates_and_title_with_a_stale_version_is_refused(buyer, manager, supplier_a):
    document = upload(buyer, supplier_a)
    services.update_document(manager, document, {"title": "ISO 9001:2015"}, 1)

    stale = Document.objects.get(pk=document.pk)
    with pytest.raises(StaleEdit) as caught:
        services.update_document(buyer, stale, {"expires_on": days(10)}, 1)

    assert "ISO 9001:2015" in caught.value.summary
    document.refresh_from_db()
    assert document.version == 2 and document.expires_on == days(200)


def test_an_edit_cannot_drop_a_certificates_expiry(buyer, supplier_a):
    document = upload(buyer, supplier_a)
    with pytest.raises(ValidationError) as caught:
        services.update_document(buyer, document, {"expires_on": None}, 1)
    assert "expires_on" in caught.value.message_dict
    assert Document.objects.get().expires_on == days(200)


def test_archived_documents_cannot_be_changed_until_restored(buyer, supplier_a):
    document = upload(buyer, supplier_a)
    services.set_document_archived(buyer, document, True)
    with pytest.raises(ValidationError):
        services.update_document(buyer, document, {"title": "New"})
    services.set_document_archived(buyer, document, False)
    assert services.update_document(buyer, document, {"title": "New"}).title == "New"
    assert document.version == 4


def test_the_expiring_list_covers_ninety_days_and_expired(manager, viewer, supplier_a, supplier_b):
    expired = certificate(manager, supplier_a, -5)
    soon = certificate(manager, supplier_b, 20)
    later = certificate(manager, supplier_a, 60)
    certificate(manager, supplier_a, 120)
    services.upload_document(
        manager, supplier_a, services.Upload.of(upload_file("c.pdf", PDF)),
        {"kind": "contract", "title": "Frame contract", "expires_on": days(10)},
    )  # fmt: skip
    archived = certificate(manager, supplier_b, 3, title="Old insurance", kind="insurance")
    services.set_document_archived(manager, archived, True)

    listed = list(services.expiring(viewer))

    assert listed == [expired, soon, later]


def test_the_daily_check_alerts_on_expired_and_soon_expiring_certificates(manager, supplier_a):
    expired = certificate(manager, supplier_a, -5, title="Liability insurance", kind="insurance")
    soon = certificate(manager, supplier_a, 20, title="ISO 9001 Rotterdam")
    certificate(manager, supplier_a, 60, title="ISO 14001", kind="iso_14001")
    today = timezone.localdate()

    assert services.check_expiring_certificates(today) == 2

    alerts = {a.evidence["document_id"]: a for a in Alert.objects.all()}
    assert set(alerts) == {expired.pk, soon.pk}
    assert alerts[expired.pk].title == "Alpha Packaging: Insurance certificate has expired"
    assert alerts[expired.pk].severity == "critical"
    assert f"expired on {days(-5):%Y-%m-%d} (expired 5 days ago)" in alerts[expired.pk].summary
    assert alerts[soon.pk].summary.startswith("“ISO 9001 Rotterdam” (ISO 9001 certificate) ")
    assert f"expires on {days(20):%Y-%m-%d} (expires in 20 days)" in alerts[soon.pk].summary
    assert alerts[soon.pk].evidence["days_left"] == 20
    # The next day's run sees the same certificates: no repeats.
    assert services.check_expiring_certificates(today + dt.timedelta(days=1)) == 0
    assert Alert.objects.count() == 2


def test_an_archived_certificate_raises_no_alert(manager, supplier_a):
    document = certificate(manager, supplier_a, 10)
    services.set_document_archived(manager, document, True)

    assert services.check_expiring_certificates() == 0
    assert list(services.documents_of(supplier_a)) == []
    assert list(services.documents_of(supplier_a, include_archived=True)) == [document]


def test_the_daily_task_runs_the_check(manager, supplier_a):
    from partnerbook.documents import tasks

    certificate(manager, supplier_a, 3)
    with mock.patch.object(tasks, "run_and_reschedule", lambda key, work: work()):
        result = tasks.daily_check.call()
    assert result == {"alerts_raised": 1}


def test_demo_documents_stores_a_pdf_certificate_once(media, manager, supplier_a):
    first = services.demo_documents(manager, supplier_a, expires_in_days=25)
    again = services.demo_documents(manager, supplier_a, expires_in_days=25)

    assert first == again and first.kind == "iso_9001" and first.expires_on == days(25)
    assert first.title == "ISO 9001 certificate of Alpha Packaging"
    assert stored_files(media)[0].read_bytes().startswith(b"%PDF-1.4")
    assert first.issued_on < first.expires_on
