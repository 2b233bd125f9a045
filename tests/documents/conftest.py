"""Fixtures of document tests: a temporary media folder, files of each type, helpers."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partnerbook.documents import domain, services

PDF = domain.minimal_pdf(["Test certificate"])
PNG = domain.PNG_MAGIC + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 20


def office_file(marker: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(marker, "<x/>")
    return buffer.getvalue()


XLSX = office_file("xl/workbook.xml")
DOCX = office_file("word/document.xml")


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    """Every test stores its files in its own folder."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload_file(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def certificate(actor, supplier, expires_in: int, title: str | None = None, kind="iso_9001"):
    return services.demo_documents(
        actor, supplier, expires_in_days=expires_in, kind=kind,
        title=title or f"Certificate {expires_in}",
    )  # fmt: skip


CERT_DATA = {"kind": "iso_9001", "title": "ISO 9001", "expires_on": None}
