"""The one place that decides who may do what.

Every view, API endpoint and CLI command asks `can()` / `require()` here, and every
list is narrowed with the `visible_to(user)` queryset methods, so a rule changes in
one place only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from .models import INTERNAL_ROLES, Role, User


class AuthenticatedRequest(HttpRequest):
    """A request that passed `internal_view` or `portal_view`: `user` is a signed-in User."""

    user: User  # type: ignore[assignment]


ANY_INTERNAL = frozenset(INTERNAL_ROLES)
EDITORS = frozenset({Role.ADMIN, Role.MANAGER})
WRITERS = frozenset({Role.ADMIN, Role.MANAGER, Role.BUYER})


def _owns(user: Any, supplier: Any) -> bool:
    return supplier is not None and supplier.relationship_owner_id == user.pk


def _own_supplier(user: Any, supplier: Any) -> bool:
    return supplier is not None and user.supplier_id == supplier.pk


def _supplier_of(obj: Any) -> Any:
    """Suppliers are their own subject; contacts and other records point at one."""
    return getattr(obj, "supplier", obj)


# action -> rule(user, obj) for internal roles, and separately for portal users.
_INTERNAL_RULES: dict[str, Callable[[Any, Any], bool]] = {
    "supplier.view": lambda u, o: u.role in ANY_INTERNAL,
    "supplier.create": lambda u, o: u.role in WRITERS,
    "supplier.edit": lambda u, o: u.role in EDITORS or (u.role == Role.BUYER and _owns(u, o)),
    "supplier.change_status": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, o))
    ),
    "supplier.assign_owner": lambda u, o: u.role in EDITORS,
    "supplier.archive": lambda u, o: u.role in EDITORS,
    "supplier.import": lambda u, o: u.role in EDITORS,
    "supplier.export": lambda u, o: u.role in ANY_INTERNAL,
    "contact.view": lambda u, o: u.role in ANY_INTERNAL,
    "contact.edit": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    "category.view": lambda u, o: u.role in ANY_INTERNAL,
    "category.manage": lambda u, o: u.role in EDITORS,
    "token.manage": lambda u, o: u.role in ANY_INTERNAL,
    # Inviting a supplier's people to the portal, and withdrawing an invitation.
    "portal.invite": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    # Approving or declining the registrations of prospects who signed up on their own.
    "portal.review_registrations": lambda u, o: u.role in EDITORS,
    "segmentation.view": lambda u, o: u.role in ANY_INTERNAL,
    "segmentation.edit": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    "segmentation.override": lambda u, o: u.role in EDITORS,
    "segmentation.configure": lambda u, o: u.role == Role.ADMIN,
    "portfolio.view": lambda u, o: u.role in ANY_INTERNAL,
    "relationship.view": lambda u, o: u.role in ANY_INTERNAL,
    "relationship.log": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    "relationship.configure": lambda u, o: u.role == Role.ADMIN,
    "relationship.recompute": lambda u, o: u.role in EDITORS,
    "coverage.view": lambda u, o: u.role in ANY_INTERNAL,
    "plan.view": lambda u, o: u.role in ANY_INTERNAL,
    "plan.edit": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    "action.view": lambda u, o: u.role in ANY_INTERNAL,
    "action.edit": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    "cadence.view": lambda u, o: u.role in ANY_INTERNAL,
    "cadence.edit": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    "calendar.use": lambda u, o: u.role in ANY_INTERNAL,
    "healthcheck.view": lambda u, o: u.role in ANY_INTERNAL,
    "healthcheck.answer": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    "practice.view": lambda u, o: u.role in ANY_INTERNAL,
    "practice.edit": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    "performance.view": lambda u, o: u.role in ANY_INTERNAL,
    "performance.edit": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    "performance.configure": lambda u, o: u.role in EDITORS,
    "performance.rate": lambda u, o: u.role in WRITERS,
    "document.view": lambda u, o: u.role in ANY_INTERNAL,
    "document.edit": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    "sourcing.view": lambda u, o: u.role in ANY_INTERNAL,
    "sourcing.edit": lambda u, o: u.role in WRITERS,
    "sourcing.configure": lambda u, o: u.role in EDITORS,
    "playbook.view": lambda u, o: u.role in ANY_INTERNAL,
    "playbook.edit": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    "gate.override": lambda u, o: u.role in EDITORS,
    "review.view": lambda u, o: u.role in ANY_INTERNAL,
    "review.edit": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    "issue.view": lambda u, o: u.role in ANY_INTERNAL,
    "issue.edit": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    # Portfolio risk: spend and concentration, backups and transition plans, financial watch,
    # power balance.
    "risk.view": lambda u, o: u.role in ANY_INTERNAL,
    "risk.edit": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    "risk.configure": lambda u, o: u.role == Role.ADMIN,
    # Economics: time spent, benefits, ROI and TCO, gain-share agreements and their ledgers.
    "economics.view": lambda u, o: u.role in ANY_INTERNAL,
    "economics.edit": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    "economics.configure": lambda u, o: u.role == Role.ADMIN,
    # Verifying a gain-share saving and recording a payout move money: managers only.
    "gainshare.verify": lambda u, o: u.role in EDITORS,
    # Referrals and recognition (wins, success stories).
    "recognition.view": lambda u, o: u.role in ANY_INTERNAL,
    "recognition.edit": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
    "referral.edit": lambda u, o: u.role in WRITERS,
    # The guided portfolio review (invest, maintain, phase out).
    "portfolio.review": lambda u, o: u.role in EDITORS,
    # The supplier portal is for suppliers' own people; our side works on the supplier pages.
    "portal.use": lambda u, o: False,
    "alert.view": lambda u, o: u.role in ANY_INTERNAL,
    # Outbound webhooks: which other systems hear of events, and their secrets.
    "webhooks.manage": lambda u, o: u.role == Role.ADMIN,
    "alert.handle": lambda u, o: (
        u.role in EDITORS or (u.role == Role.BUYER and _owns(u, _supplier_of(o)))
    ),
}

# Portal users read their own supplier's non-internal records, nothing more.
_PORTAL_RULES: dict[str, Callable[[Any, Any], bool]] = {
    # The portal's pages and API in general (no record), or one record of their own supplier.
    "portal.use": lambda u, o: _portal_open(u) and (o is None or _own_supplier(u, _supplier_of(o))),
    "supplier.view": lambda u, o: _own_supplier(u, o),
    "contact.view": lambda u, o: _own_supplier(u, _supplier_of(o)) and o.side == "supplier",
    "action.view": lambda u, o: _owns_action(u, o),
}


def _portal_open(user: Any) -> bool:
    """A portal user's supplier still works with us: not archived, not exited. (The supplier
    is read once per request and kept on the user.)"""
    if user.supplier_id is None:
        return False
    supplier = user.supplier
    return not supplier.archived and supplier.status != "exited"


def _owns_action(user: Any, item: Any) -> bool:
    """A portal user's own action item: owned by the supplier-side contact they are, of
    their own supplier."""
    contact_id = getattr(user, "contact_id", None)
    return (
        contact_id is not None
        and getattr(item, "owner_contact_id", None) == contact_id
        and getattr(item, "supplier_id", None) == user.supplier_id
    )


ACTIONS = frozenset(_INTERNAL_RULES)
# Actions whose answer depends on the record; a view checks them once it has loaded it.
_OBJECT_ACTIONS = frozenset(
    {
        "supplier.edit",
        "supplier.change_status",
        "contact.edit",
        "segmentation.edit",
        "relationship.log",
        "alert.handle",
        "plan.edit",
        "action.edit",
        "cadence.edit",
        "healthcheck.answer",
        "practice.edit",
        "performance.edit",
        "review.edit",
        "document.edit",
        "playbook.edit",
        "issue.edit",
        "risk.edit",
        "economics.edit",
        "recognition.edit",
        "portal.invite",
    }
)


def can(user: Any, action: str, obj: Any = None) -> bool:
    """True when `user` may perform `action` (on `obj`, when the rule is about one record)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.role in INTERNAL_ROLES:
        return bool(_INTERNAL_RULES[action](user, obj))
    if user.role == Role.SUPPLIER_CONTACT:
        rule = _PORTAL_RULES.get(action)
        return rule is not None and bool(rule(user, obj))
    return False


def require(user: Any, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless `can(user, action, obj)`."""
    if not can(user, action, obj):
        raise PermissionDenied(f"You are not allowed to do this ({action}).")


def must_sign_in_with_two_factor(user: Any) -> bool:
    """True when `user` may use Partnerbook only after signing in with a second factor:
    administrators (the admin role, or a superuser) while PARTNERBOOK_REQUIRE_2FA_FOR_ADMINS
    is on. Everyone else may turn two-factor sign-in on or leave it off."""
    if not settings.PARTNERBOOK_REQUIRE_2FA_FOR_ADMINS:
        return False
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.role == Role.ADMIN or user.is_superuser)


# The session mark of a sign-in through single sign-on (partnerbook.accounts.oidc sets it).
SSO_SESSION = "partnerbook_signed_in_with_sso"


def lacks_required_two_factor(user: Any, session: Any = None) -> bool:
    """True when `user` must sign in with a second factor and this session did not (set-up
    not done yet, or a session that began before it was). Cheap for everyone else: no query
    unless the rule applies. A session opened by single sign-on (`session` carries the mark
    partnerbook.accounts.oidc sets) never lacks it: the provider asks for the second factor."""
    if not must_sign_in_with_two_factor(user):
        return False
    if session is not None and session.get(SSO_SESSION):
        return False
    is_verified = getattr(user, "is_verified", None)  # set by django-otp's middleware
    return not (is_verified is not None and is_verified())


def internal_view(action: str | None = None) -> Callable[..., Any]:
    """Decorate a web view that belongs to the internal (non-portal) application.

    The user must be signed in and have an internal role; with `action`, they must
    also be allowed that action in general (object checks happen inside the view).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not getattr(user, "is_internal", False):
                raise PermissionDenied(gettext("This page is for the buying organisation only."))
            if action is not None and action not in _OBJECT_ACTIONS:
                require(user, action)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def portal_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a web view of the supplier portal: the user must be signed in as an active
    supplier contact of a supplier (`portal.use`); our own people get 403 here. A view that
    loads a record narrows its queryset to the user's supplier (`visible_to`) and checks the
    record with `require(user, "portal.use", record)`."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can(request.user, "portal.use"):
            raise PermissionDenied(gettext("This page is for suppliers' portal users only."))
        return view(request, *args, **kwargs)

    return wrapped


def require_portal(request: HttpRequest) -> User:
    """For the portal's API operations: the caller, who must be a portal user (403 if not)."""
    require(request.user, "portal.use")
    user: User = request.user  # type: ignore[assignment]
    return user
