"""REST endpoints (mounted under /api/v1) of portal invitations, for internal users, and
of the caller's own two-factor state. Thin: load through `visible_to`, call a service,
return. The link's token is only ever e-mailed. The review of prospects' registrations is in
`sourcing.api`."""

# No `from __future__ import annotations`: ninja's @paginate reads the annotations at import.
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from partnerbook.core.api_shapes import Pagination
from partnerbook.suppliers.models import Contact, Supplier

from . import services
from .models import Invitation, User
from .policy import require
from .schemas import InvitationOut, TwoFactorStateOut

router = Router(tags=["portal invitations"])


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _invitations() -> QuerySet[Invitation]:
    return Invitation.objects.select_related("supplier", "contact", "invited_by")


@router.post(
    "/contacts/{contact_id}/invitations",
    response={201: InvitationOut},
    summary="Invite a supplier contact to the portal",
)
def invite(request: HttpRequest, contact_id: int) -> Status[Invitation]:
    """E-mails the contact a link to open a portal account and revokes their older open
    invitations. Managers and administrators, or the buyer who owns the supplier. The
    contact must be on the supplier's side and have an e-mail address."""
    require(request.user, "contact.view")
    contacts = Contact.objects.visible_to(request.user).select_related("supplier")
    contact = get_object_or_404(contacts, pk=contact_id)
    require(request.user, "portal.invite", contact.supplier)
    invitation = services.invite(_user(request), contact, base_url=request.build_absolute_uri("/"))
    return Status(201, _invitations().get(pk=invitation.pk))


@router.get(
    "/suppliers/{supplier_id}/invitations",
    response=list[InvitationOut],
    summary="List a supplier's portal invitations",
)
@paginate(Pagination)
def list_for_supplier(request: HttpRequest, supplier_id: int) -> QuerySet[Invitation]:
    """Every invitation sent to the supplier's people, newest first, with its status."""
    require(request.user, "contact.view")
    supplier = get_object_or_404(Supplier.objects.visible_to(request.user), pk=supplier_id)
    return _invitations().filter(supplier=supplier).order_by("-created_at", "-pk")


@router.post(
    "/invitations/{invitation_id}/revoke",
    response=InvitationOut,
    summary="Revoke a portal invitation",
)
def revoke(request: HttpRequest, invitation_id: int) -> Invitation:
    """The link stops working at once. Revoking twice is harmless; an accepted invitation
    cannot be revoked (400)."""
    require(request.user, "contact.view")
    suppliers = Supplier.objects.visible_to(request.user)
    invitation = get_object_or_404(_invitations().filter(supplier__in=suppliers), pk=invitation_id)
    require(request.user, "portal.invite", invitation.supplier)
    services.revoke(_user(request), invitation)
    return _invitations().get(pk=invitation.pk)


# --- the caller's own account -------------------------------------------------------------


@router.get(
    "/account/two-factor",
    response=TwoFactorStateOut,
    summary="Your two-factor sign-in",
    tags=["account"],
)
def two_factor_state(request: HttpRequest) -> services.TwoFactorState:
    """Whether you sign in with a code after the password, and how many unused recovery
    codes you have. Every signed-in user, portal users too; set it up on the web page
    Account → Two-factor sign-in."""
    return services.two_factor_state(_user(request))
