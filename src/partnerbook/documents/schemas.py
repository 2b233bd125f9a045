"""API shapes of documents. Inputs state the same limits as the forms and the service; the
file itself travels as multipart form data and downloads through its own endpoint."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field, field_validator

from partnerbook.core.schema_types import Day, Input, Version, reject_null

from . import domain

KindValue = Literal[
    "iso_9001", "iso_14001", "sustainability", "insurance", "other_certificate",
    "contract", "nda", "other",
]  # fmt: skip
ExpiryState = Literal["expired", "expiring", "valid", "none"]


class DocumentUploadIn(Schema):
    """The form fields sent with the file (multipart/form-data)."""

    kind: KindValue
    title: str = Field("", max_length=200, pattern=r"^[^\x00]*$", description="Empty: the kind")
    issued_on: dt.date | None = None
    expires_on: dt.date | None = Field(None, description="Required for certificates")
    internal: bool = Field(True, description="Only for our side")


class DocumentPatch(Input):
    """Fields to change; anything left out stays. The file and its kind never change."""

    title: str | None = Field(None, min_length=1, max_length=200)
    issued_on: Day | None = Field(None, description="null clears it")
    expires_on: Day | None = Field(None, description="null clears it (not for certificates)")
    internal: bool | None = Field(None, description="False: shared with the supplier")
    version: Version | None = None

    check_not_null = field_validator("title", "internal", mode="before")(reject_null)


class DocumentFilters(Schema):
    archived: bool = Field(False, description="True: archived documents too")


class DocumentOut(Schema):
    id: int
    supplier_id: int
    kind: KindValue
    title: str
    original_name: str = Field(description="The file's name as uploaded")
    size: int = Field(description="In bytes")
    content_type: str
    issued_on: dt.date | None
    expires_on: dt.date | None
    expiry_state: ExpiryState = Field(
        description=f"expired, expiring (within {domain.EXPIRING_DAYS} days), valid, or none"
    )
    days_left: int | None = Field(description="Days until expiry; negative once expired")
    internal: bool
    archived: bool
    uploaded_by_id: int | None
    created_at: dt.datetime
    version: int
    download_url: str


# --- the supplier portal: exactly the fields a supplier's contact may see -----------------


class PortalDocumentOut(Schema):
    """A document shared with the supplier, as their portal shows it."""

    id: int
    kind: KindValue
    kind_label: str
    title: str
    original_name: str
    size: int = Field(description="In bytes")
    issued_on: dt.date | None
    expires_on: dt.date | None
    expiry_state: ExpiryState
    expiry_label: str
    sent_by_you: bool = Field(description="True: your side uploaded it through the portal")
    download_url: str


class PortalDocumentRequestOut(Schema):
    """Something our side asked the supplier to send."""

    id: int
    kind: KindValue
    kind_label: str
    title: str
    reason: str
    due_on: dt.date | None
    status: Literal["open", "fulfilled"]
    requested_by: str
    created_at: dt.datetime
    document: PortalDocumentOut | None = Field(description="What you sent, once fulfilled")
    upload_url: str | None = Field(description="Where to upload the file (web page)")


class PortalExpiringCardOut(Schema):
    certificate: PortalDocumentOut
    renewal_request_id: int | None


class DocumentRequestIn(Schema):
    """Ask the supplier for a document."""

    kind: KindValue
    title: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00]*$")
    reason: str = Field("", max_length=2000, pattern=r"^[^\x00]*$")
    due_on: dt.date | None = None
    renews_id: int | None = Field(None, description="The certificate to renew, if any")


class DocumentRequestOut(Schema):
    id: int
    supplier_id: int
    kind: KindValue
    title: str
    reason: str
    due_on: dt.date | None
    status: Literal["open", "fulfilled"]
    renews_id: int | None
    document_id: int | None
    requested_by_id: int | None
    created_at: dt.datetime
    fulfilled_at: dt.datetime | None


class PortalRequestAnswerIn(Schema):
    """The fields sent with the file (multipart/form-data)."""

    issued_on: dt.date | None = None
    expires_on: dt.date | None = Field(None, description="Needed for certificates")
