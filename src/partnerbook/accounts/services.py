"""Writes for users, API tokens and portal invitations."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import smtplib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from axes.utils import reset as reset_sign_in_failures
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partnerbook.core.audit import save_audited

from .domain import UNUSABLE_REASONS, invite_refusal
from .models import ApiToken, Invitation, Role, User
from .policy import require

if TYPE_CHECKING:
    from partnerbook.suppliers.models import Contact

TOKEN_PREFIX = "pbk_"  # noqa: S105 - a public marker, not a secret


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


@transaction.atomic
def unlock_sign_in(users: Iterable[User]) -> int:
    """Forget the failed sign-ins of `users`, from every address; returns how many were erased."""
    return sum(reset_sign_in_failures(username=user.username) for user in users)


@transaction.atomic
def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the record and the plaintext, shown only once."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the token a name, such as the integration using it."})
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=plaintext[:12], key_hash=hash_token(plaintext)
    )
    return token, plaintext


@transaction.atomic
def revoke_api_token(user: User, token_id: int) -> ApiToken:
    """Revoke one of `user`'s own tokens. Raises ApiToken.DoesNotExist for anyone else's."""
    token = ApiToken.objects.select_for_update().get(pk=token_id, user=user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_for_token(plaintext: str) -> User | None:
    """The active user a live token belongs to, or None. Records when it was last used."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(plaintext), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


# --- portal invitations -------------------------------------------------------------------


def email_base_url(request_base_url: str) -> str:
    """The address links in e-mails start with: PARTNERBOOK_BASE_URL when set, otherwise
    the one the request came in on."""
    return (settings.PARTNERBOOK_BASE_URL or request_base_url).rstrip("/")


def find_invitation(token: str) -> Invitation | None:
    """The invitation whose link carries `token`, whatever its state; None if unknown."""
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.select_related("supplier", "contact", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def _has_active_portal_user(contact: Contact) -> bool:
    return User.objects.filter(contact=contact, role=Role.SUPPLIER_CONTACT, is_active=True).exists()


def _invitation_email(invitation: Invitation, link: str) -> tuple[str, str]:
    inviter = invitation.invited_by.display_name
    supplier = invitation.supplier.name
    expires = timezone.localtime(invitation.expires_at).strftime("%d %B %Y")
    # A header must be one line, whatever the names hold.
    subject = " ".join(f"{inviter} invites you to the {supplier} supplier portal".split())
    body = (
        f"Hello {invitation.contact.name},\n\n"
        f"{inviter} has invited you to open an account on our supplier portal for "
        f"{supplier}. There you will find what we share with you as our supplier.\n\n"
        f"To choose a user name and password, open this link:\n\n{link}\n\n"
        f"The link works once and until {expires}. If you were not expecting this e-mail, "
        f"you can ignore it: nothing happens until the link is used.\n"
    )
    return subject, body


@transaction.atomic
def invite(actor: User, contact: Contact, *, base_url: str) -> Invitation:
    """Invite a supplier-side `contact` to the portal and e-mail them the link.

    Older open invitations of the same person are revoked. Raises ValidationError naming
    the field (`contact`, `supplier`, `email`) when the person cannot be invited.
    """
    supplier = contact.supplier
    require(actor, "portal.invite", supplier)
    problems = invite_refusal(
        contact_side=contact.side,
        contact_email=contact.email,
        contact_archived=contact.archived,
        supplier_archived=supplier.archived,
        supplier_exited=supplier.status == "exited",
        has_active_portal_user=_has_active_portal_user(contact),
    )
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    older = Invitation.objects.select_for_update().filter(
        contact=contact, accepted_at__isnull=True, revoked_at__isnull=True
    )
    for old in older:
        old.revoked_at = now
        save_audited(old, actor, "Portal invitation replaced by a new one.")
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        supplier=supplier,
        contact=contact,
        email=contact.email.strip(),
        token_hash=hash_token(token),
        invited_by=actor,
        created_at=now,
        expires_at=now + dt.timedelta(days=settings.PARTNERBOOK_INVITATION_DAYS),
    )
    save_audited(invitation, actor, f"Portal invitation sent to {invitation.email}.")
    link = email_base_url(base_url) + reverse("accounts:invitation", args=[token])
    subject, body = _invitation_email(invitation, link)
    try:
        send_mail(subject, body, None, [invitation.email])
    except (OSError, smtplib.SMTPException) as exc:
        # Nothing is kept: an invitation whose e-mail never left would be a dead link.
        raise ValidationError(
            {
                "email": "The invitation e-mail could not be sent; nothing was saved. Try again "
                "later or ask an administrator to check the e-mail settings."
            }  # fmt: skip
        ) from exc
    return invitation


@transaction.atomic
def revoke(actor: User, invitation: Invitation) -> Invitation:
    """Withdraw an invitation so that its link stops working. Revoking twice is harmless;
    an accepted invitation cannot be revoked (deactivate the user instead)."""
    require(actor, "portal.invite", invitation.supplier)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(
            {
                "invitation": "This invitation was already accepted; deactivate the portal user "
                "instead."
            }  # fmt: skip
        )
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        save_audited(invitation, actor, f"Portal invitation for {invitation.email} revoked.")
    return invitation


def unusable_reason(invitation: Invitation) -> str | None:
    """Why the invitation's link no longer works, or None while it does."""
    return UNUSABLE_REASONS.get(invitation.status)


@transaction.atomic
def accept(token: str, username: str, password: str) -> User:
    """Use an invitation: create the portal user of its supplier and contact, once.

    Raises ValidationError naming `token` (unknown, expired, revoked or used link),
    `username` (missing, malformed or taken) or `password` (fails the password rules).
    """
    found = find_invitation(token)
    if found is None:
        raise ValidationError({"token": "This invitation link is not valid."})
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("supplier", "contact")
        .get(pk=found.pk)
    )
    reason = unusable_reason(invitation)
    if reason is not None:
        raise ValidationError({"token": reason})
    contact = invitation.contact
    supplier = invitation.supplier
    if supplier.archived or supplier.status == "exited":
        raise ValidationError({"token": "This supplier no longer uses the portal."})
    if _has_active_portal_user(contact):
        raise ValidationError({"token": "This person already has portal access."})
    username = username.strip()
    first, _, last = contact.name.strip().partition(" ")
    user = User(
        username=username,
        email=invitation.email,
        first_name=first[:150],
        last_name=last.strip()[:150],
        role=Role.SUPPLIER_CONTACT,
        supplier=supplier,
        contact=contact,
    )
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = ["Choose a user name."]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = ["This user name is taken; choose another one."]
    else:
        try:
            User._meta.get_field("username").clean(username, user)
        except ValidationError as exc:
            errors["username"] = exc.messages
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    save_audited(user, None, f"Portal account opened through the invitation from "
                 f"{invitation.invited_by.display_name}.")  # fmt: skip
    invitation.accepted_at = timezone.now()
    invitation.user = user
    save_audited(invitation, user, f"Portal invitation accepted by {username}.")
    return user


# --- password reset -----------------------------------------------------------------------

RESET_WINDOW_SECONDS = 3600


def _count_in_window(key: str) -> int:
    cache.add(key, 0, timeout=RESET_WINDOW_SECONDS)
    try:
        return int(cache.incr(key))
    except ValueError:  # the entry expired between the two calls: a new hour starts
        cache.set(key, 1, timeout=RESET_WINDOW_SECONDS)
        return 1


def allow_password_reset(email: str, client_address: str | None) -> bool:
    """Count one password-reset request for `email` and the address it came from; False
    when either made more than PARTNERBOOK_RESET_LIMIT requests in the hour. The answer is
    the same whether or not anyone has that e-mail address."""
    limit = settings.PARTNERBOOK_RESET_LIMIT
    email_key = "password-reset:email:" + hash_token(email.strip().lower())
    address_key = "password-reset:address:" + hash_token(client_address or "unknown")
    counts = [_count_in_window(email_key), _count_in_window(address_key)]
    return max(counts) <= limit
