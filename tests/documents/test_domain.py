"""The pure rules: which files are accepted, expiry states and labels, the demo PDF."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerbook.documents import domain

from .conftest import DOCX, JPG, PDF, PNG, XLSX

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("ext", "content"),
    [("pdf", PDF), ("png", PNG), ("jpg", JPG), ("xlsx", XLSX), ("docx", DOCX),
     ("csv", b"a,b\n1,2\n"), ("txt", "Grüße\n".encode())],
)  # fmt: skip
def test_it_accepts_each_allowed_type_with_matching_content(ext, content):
    assert domain.content_problem(ext, content) is None


@pytest.mark.parametrize(
    ("ext", "content"),
    [("pdf", PNG), ("png", PDF), ("jpg", b"hello"), ("xlsx", DOCX), ("docx", XLSX),
     ("docx", b"PK\x03\x04 not a zip"), ("csv", PDF), ("txt", b"abc\x00def"),
     ("txt", b"\xff\xfe\xfa")],
)  # fmt: skip
def test_it_refuses_content_that_does_not_match_the_extension(ext, content):
    assert "content is not" in domain.content_problem(ext, content)


def test_it_refuses_unknown_extensions_and_empty_files():
    assert "not accepted" in domain.content_problem("exe", b"MZ")
    assert domain.content_problem("pdf", b"") == "The file is empty."


def test_extension_and_file_name_come_out_clean():
    assert domain.extension_of("Scan.JPEG") == "jpg"
    assert domain.extension_of("../../etc/passwd") == ""
    assert domain.extension_of("report.pdf.exe") == "exe"
    assert domain.clean_filename('..\\..\\evil"name;.pdf') == "evilname.pdf"
    assert domain.clean_filename("") == "document"
    assert len(domain.clean_filename("a" * 300 + ".pdf")) == 200


def test_size_limit():
    assert domain.size_problem(10, 10) is None
    assert domain.size_problem(11 * 1024 * 1024, 10 * 1024 * 1024) == (
        "The file is 11.0 MB; the limit is 10.0 MB."
    )


def test_expiry_states_and_labels():
    assert domain.expiry(TODAY - dt.timedelta(days=3), TODAY).label == "expired 3 days ago"
    assert domain.expiry(TODAY, TODAY).label == "expires today"
    assert domain.expiry(TODAY + dt.timedelta(days=1), TODAY).label == "expires in 1 day"
    assert domain.expiry(TODAY + dt.timedelta(days=90), TODAY).state == domain.EXPIRING
    assert domain.expiry(TODAY + dt.timedelta(days=91), TODAY).label == "valid"
    assert domain.expiry(None, TODAY).label == "no expiry date"


def test_alert_window_is_thirty_days_and_after():
    assert domain.needs_alert(TODAY + dt.timedelta(days=30), TODAY)
    assert domain.needs_alert(TODAY - dt.timedelta(days=400), TODAY)
    assert not domain.needs_alert(TODAY + dt.timedelta(days=31), TODAY)
    assert not domain.needs_alert(None, TODAY)


def test_certificates_need_an_expiry_date_after_their_issue():
    assert domain.dates_problem("iso_9001", None, None) == {
        "expires_on": "A certificate needs its expiry date."
    }
    assert domain.dates_problem("contract", None, None) == {}
    assert (
        "before the issue"
        in domain.dates_problem("nda", TODAY, TODAY - dt.timedelta(1))["expires_on"]
    )


def test_the_demo_pdf_is_a_complete_pdf():
    content = domain.minimal_pdf(["ISO 9001 (demo)", "Valid until 2026-07-01"])
    assert content.startswith(b"%PDF-1.4")
    assert content.rstrip().endswith(b"%%EOF")
    assert b"(ISO 9001 \\(demo\\)) Tj" in content
    xref = int(content.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert content[xref:].startswith(b"xref")
