"""Reads for the portal's own pages: only what a supplier's contact may see of the
relationship, through `visible_to` querysets and portal schemas."""

from __future__ import annotations

from typing import Any

from partnerbook.suppliers.models import Supplier

from .schemas import PortalHomeOut


def home(user: Any) -> PortalHomeOut:
    """The signed-in portal user's supplier (public fields) and who looks after it on the
    buying side, in one query. Our other people and the contact map stay internal."""
    supplier = (
        Supplier.objects.visible_to(user)
        .select_related("relationship_owner")
        .get(pk=user.supplier_id)
    )
    owner = supplier.relationship_owner
    return PortalHomeOut.model_validate(
        {
            "supplier": supplier,
            "you": user.display_name,
            "owner": (
                {"name": owner.display_name, "email": owner.email}
                if owner is not None and owner.is_active
                else None
            ),
        }
    )


def contacts_card(user: Any) -> dict[str, Any] | None:
    return {"home": home(user)}
