"""Pure rules of documents and certificates: which kinds exist, which files are accepted
(by extension and by their content), and where a certificate stands against its expiry
date. No Django here."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from partnerbook.core.marks import gettext_noop

CERTIFICATE_KINDS: dict[str, str] = {
    "iso_9001": gettext_noop("ISO 9001 certificate"),
    "iso_14001": gettext_noop("ISO 14001 certificate"),
    "sustainability": gettext_noop("Sustainability certificate"),
    "insurance": gettext_noop("Insurance certificate"),
    "other_certificate": gettext_noop("Other certificate"),
}
OTHER_KINDS: dict[str, str] = {
    "contract": gettext_noop("Contract"),
    "nda": gettext_noop("Non-disclosure agreement"),
    "other": gettext_noop("Other document"),
}
KINDS: dict[str, str] = {**CERTIFICATE_KINDS, **OTHER_KINDS}

# Who put a document on file: our side, or the supplier through the portal.
SOURCE_OURS, SOURCE_SUPPLIER = "ours", "supplier"
SOURCES = {SOURCE_OURS: gettext_noop("Our side"), SOURCE_SUPPLIER: gettext_noop("The supplier")}

# The content type is chosen from the checked extension, never taken from the client.
CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv",
    "txt": "text/plain",
}
EXTENSION_ALIASES = {"jpeg": "jpg"}
ALLOWED = "PDF, PNG, JPG, XLSX, DOCX, CSV or TXT"

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPG_MAGIC = b"\xff\xd8\xff"
ZIP_MAGIC = b"PK\x03\x04"
# The part every workbook / word-processing document of that format holds.
ZIP_MARKERS = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}
BINARY_MAGICS = (PDF_MAGIC, PNG_MAGIC, JPG_MAGIC, ZIP_MAGIC)

EXPIRING_DAYS = 90  # the portfolio list looks this far ahead
ALERT_DAYS = 30  # an alert is raised this close to expiry (or after it)

EXPIRED, EXPIRING, VALID, NO_EXPIRY = "expired", "expiring", "valid", "none"


def is_certificate(kind: str) -> bool:
    return kind in CERTIFICATE_KINDS


def extension_of(filename: str) -> str:
    """The lower-case extension of a client's file name ("" when it has none)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    if "." not in base:
        return ""
    ext = base.rsplit(".", 1)[-1].strip().lower()
    return EXTENSION_ALIASES.get(ext, ext)


def clean_filename(filename: str, limit: int = 200) -> str:
    """The client's file name for display and downloads only: no folders, no control
    characters, no quotes, at most `limit` characters (the extension kept)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>:|?*;').strip(" .")
    if len(base) > limit:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: limit - len(ext) - 1] + dot + ext) if dot and len(ext) < 10 else base[:limit]
    return base or "document"


def _is_text(content: bytes) -> bool:
    if b"\x00" in content or content.startswith(BINARY_MAGICS):
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _zip_holds(content: bytes, marker: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return marker in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def content_problem(extension: str, content: bytes) -> str | None:
    """Why a file with this extension and content is refused (None: accepted). The content
    must match what the extension says, so a renamed file is caught."""
    if extension not in CONTENT_TYPES:
        return f"This type of file is not accepted; upload a {ALLOWED} file."
    if not content:
        return gettext_noop("The file is empty.")
    mismatch = f"The file's content is not a {extension.upper()} file; check the file."
    if extension == "pdf":
        return None if content.startswith(PDF_MAGIC) else mismatch
    if extension == "png":
        return None if content.startswith(PNG_MAGIC) else mismatch
    if extension == "jpg":
        return None if content.startswith(JPG_MAGIC) else mismatch
    if extension in ZIP_MARKERS:
        ok = content.startswith(ZIP_MAGIC) and _zip_holds(content, ZIP_MARKERS[extension])
        return None if ok else mismatch
    return None if _is_text(content) else mismatch


def size_problem(size: int, limit: int) -> str | None:
    if size > limit:
        return f"The file is {_megabytes(size)}; the limit is {_megabytes(limit)}."
    return None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def dates_problem(
    kind: str, issued_on: dt.date | None, expires_on: dt.date | None
) -> dict[str, str]:
    """{field: why} for dates that do not fit the kind of document."""
    problems: dict[str, str] = {}
    if is_certificate(kind) and expires_on is None:
        problems["expires_on"] = gettext_noop("A certificate needs its expiry date.")
    if issued_on and expires_on and expires_on < issued_on:
        problems["expires_on"] = gettext_noop("The expiry date cannot be before the issue date.")
    return problems


@dataclass(frozen=True)
class Expiry:
    """Where a document stands against its expiry date on a given day."""

    state: str  # expired / expiring / valid / none
    days_left: int | None

    @property
    def label(self) -> str:
        if self.state == NO_EXPIRY or self.days_left is None:
            return "no expiry date"
        if self.state == EXPIRED:
            days = -self.days_left
            return "expired today" if days == 0 else f"expired {days} day{_s(days)} ago"
        if self.state == EXPIRING:
            if self.days_left == 0:
                return "expires today"
            return f"expires in {self.days_left} day{_s(self.days_left)}"
        return "valid"


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def expiry(expires_on: dt.date | None, today: dt.date, window: int = EXPIRING_DAYS) -> Expiry:
    """Expired (the day has passed), expiring (within `window` days, today included) or
    valid."""
    if expires_on is None:
        return Expiry(NO_EXPIRY, None)
    days = (expires_on - today).days
    if days < 0:
        return Expiry(EXPIRED, days)
    if days <= window:
        return Expiry(EXPIRING, days)
    return Expiry(VALID, days)


def needs_alert(expires_on: dt.date | None, today: dt.date) -> bool:
    return expires_on is not None and (expires_on - today).days <= ALERT_DAYS


def minimal_pdf(lines: list[str]) -> bytes:
    """A small, valid one-page PDF showing `lines` (ASCII), for demo certificates."""
    text = "".join(
        f"BT /F1 14 Tf 72 {720 - 24 * i} Td ({_pdf_escape(line)}) Tj ET\n"
        for i, line in enumerate(lines)
    ).encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"endstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _pdf_escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
