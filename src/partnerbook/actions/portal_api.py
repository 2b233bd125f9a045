"""REST endpoints of the supplier portal for action items (mounted under /api/v1): the items
the signed-in portal user owns as their supplier's contact, and the changes they may make
(status and a progress note). Another person's item answers 404, as if it did not exist."""

# No `from __future__ import annotations`: ninja reads the annotations at import.
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from partnerbook.accounts.policy import require, require_portal

from . import services
from .models import ActionItem
from .schemas import PortalActionOut, PortalActionPatch

router = Router(tags=["supplier portal"])


def own_item(user: object, item_id: int) -> ActionItem:
    """One of `user`'s own action items, or 404."""
    item: ActionItem = get_object_or_404(services.for_portal(user), pk=item_id)
    require(user, "portal.use", item)
    return item


@router.get("/portal/actions", response=list[PortalActionOut], summary="Your action items")
def portal_actions(request: HttpRequest) -> list[ActionItem]:
    """The action items you own as your company's contact: open ones first (overdue first,
    then by due date), then those done or dropped."""
    user = require_portal(request)
    return list(services.portal_items(user))


@router.patch(
    "/portal/actions/{item_id}", response=PortalActionOut, summary="Update one of your actions"
)
def portal_update_action(
    request: HttpRequest, item_id: int, payload: PortalActionPatch
) -> ActionItem:
    """Mark it done (or open again) and/or write a progress note. The title, due date and
    owner stay as agreed with us; ask your contact to change them."""
    user = require_portal(request)
    item = own_item(user, item_id)
    data = payload.model_dump(exclude_unset=True)
    expected = data.pop("version", None)
    services.supplier_update_action_item(user, item, data, expected)
    return own_item(user, item_id)
