"""What the portal shows a supplier's contact about their own relationship. Field-level:
a schema here lists exactly the fields that may leave the buying side; internal scores and
notes have no field to travel in."""

from __future__ import annotations

from ninja import Schema

from partnerbook.suppliers.schemas import PublicSupplierOut


class PortalPersonOut(Schema):
    """Someone on the buying side, as a supplier's contact sees them."""

    name: str
    email: str


class PortalHomeOut(Schema):
    supplier: PublicSupplierOut
    you: str
    owner: PortalPersonOut | None
