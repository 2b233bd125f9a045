"""Writes for users, API tokens, portal invitations and prospects' registrations (the
review of a registration is `sourcing.registrations`: approving one writes feature apps)."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
import smtplib
from base64 import b32encode
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import segno
from axes.utils import reset as reset_sign_in_failures
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext, gettext_noop, ngettext
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerbook.core.audit import save_audited

from .domain import UNUSABLE_REASONS, invite_refusal, role_from_claim
from .models import ApiToken, Invitation, Registration, Role, User
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
        raise ValidationError(
            {"name": gettext("Give the token a name, such as the integration using it.")}
        )
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
    expires = dateformat.format(timezone.localtime(invitation.expires_at), "j F Y")
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
        raise ValidationError({field: gettext(reason) for field, reason in problems.items()})
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
                "email": gettext(
                    "The invitation e-mail could not be sent; nothing was saved. Try again "
                    "later or ask an administrator to check the e-mail settings."
                )
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
                "invitation": gettext(
                    "This invitation was already accepted; deactivate the portal user instead."
                )
            }  # fmt: skip
        )
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        save_audited(invitation, actor, f"Portal invitation for {invitation.email} revoked.")
    return invitation


def unusable_reason(invitation: Invitation) -> str | None:
    """Why the invitation's link no longer works, or None while it does."""
    reason = UNUSABLE_REASONS.get(invitation.status)
    return gettext(reason) if reason is not None else None


def returning_portal_user(contact: Contact) -> User | None:
    """The deactivated portal account `contact` had, if any (the newest when there are
    several): accepting a new invitation reopens it instead of opening a second one."""
    return (
        User.objects.filter(contact=contact, role=Role.SUPPLIER_CONTACT, is_active=False)
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def accept(token: str, username: str, password: str) -> User:
    """Use an invitation: give its contact a portal account of its supplier, once.

    A person whose earlier portal account was deactivated gets that same account back,
    active again with the new password and the user name chosen on the page (which the
    page pre-fills with the old one), so their history stays theirs; everyone else gets a
    new account. Raises ValidationError naming `token` (unknown, expired, revoked or used
    link), `username` (missing, malformed or taken) or `password` (fails the password rules).
    """
    found = find_invitation(token)
    if found is None:
        raise ValidationError({"token": gettext("This invitation link is not valid.")})
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
        raise ValidationError({"token": gettext("This supplier no longer uses the portal.")})
    # Lock the contact's accounts: two links accepted at once must not both open one.
    list(User.objects.select_for_update().filter(contact=contact).values_list("pk"))
    if _has_active_portal_user(contact):
        raise ValidationError({"token": gettext("This person already has portal access.")})
    username = username.strip()
    user = returning_portal_user(contact)
    returning = user is not None
    if user is None:
        first, _, last = contact.name.strip().partition(" ")
        user = User(first_name=first[:150], last_name=last.strip()[:150])
    old_username = user.username
    user.username, user.email = username, invitation.email
    user.role, user.supplier, user.contact = Role.SUPPLIER_CONTACT, supplier, contact
    # Whatever was granted to the old account by hand, a portal account has none of it.
    user.is_active, user.is_staff, user.is_superuser = True, False, False
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = [gettext("Choose a user name.")]
    elif User.objects.filter(username__iexact=username).exclude(pk=user.pk).exists():
        errors["username"] = [gettext("This user name is taken; choose another one.")]
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
    user.set_password(password)  # also ends any session the old account still had
    inviter = invitation.invited_by.display_name
    if returning:
        renamed = f" (formerly {old_username})" if old_username != username else ""
        save_audited(user, None, f"Portal account reactivated{renamed} through the invitation "
                     f"from {inviter}.")  # fmt: skip
    else:
        save_audited(user, None, f"Portal account opened through the invitation from {inviter}.")
    invitation.accepted_at = timezone.now()
    invitation.user = user
    save_audited(invitation, user, f"Portal invitation accepted by {username}.")
    return user


# --- rate limits ---------------------------------------------------------------------------

# Public forms (password reset, registration) are counted per hour in the cache.
RATE_WINDOW_SECONDS = 3600


def _count_in_window(key: str) -> int:
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        return int(cache.incr(key))
    except ValueError:  # the entry expired between the two calls: a new hour starts
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)
        return 1


def _within_limit(keys: Iterable[str], limit: int) -> bool:
    """Count one request against every key; False when any key went past `limit` this hour."""
    return max(_count_in_window(key) for key in keys) <= limit


def _address_hash(client_address: str | None) -> str:
    return hash_token(client_address or "unknown")


# --- password reset -----------------------------------------------------------------------


def allow_password_reset(email: str, client_address: str | None) -> bool:
    """Count one password-reset request for `email` and the address it came from; False
    when either made more than PARTNERBOOK_RESET_LIMIT requests in the hour. The answer is
    the same whether or not anyone has that e-mail address."""
    email_key = "password-reset:email:" + hash_token(email.strip().lower())
    address_key = "password-reset:address:" + _address_hash(client_address)
    return _within_limit([email_key, address_key], settings.PARTNERBOOK_RESET_LIMIT)


# --- self-registration of prospect suppliers ----------------------------------------------

REGISTRATION_FIELDS = (
    "company_name", "country", "category", "website", "offer", "contact_name", "email",
    "username",
)  # fmt: skip


def allow_registration(client_address: str | None) -> bool:
    """Count one registration from `client_address`; False past PARTNERBOOK_REGISTRATION_LIMIT
    in the hour."""
    key = "registration:address:" + _address_hash(client_address)
    return _within_limit([key], settings.PARTNERBOOK_REGISTRATION_LIMIT)


def username_problem(username: str, *, exclude_pk: int | None = None) -> str | None:
    """Why `username` cannot be given to a new account (a user or another waiting
    registration has it, ignoring case), or None."""
    if User.objects.filter(username__iexact=username).exists():
        return gettext("This user name is taken; choose another one.")
    pending = Registration.objects.filter(
        status=Registration.Status.PENDING, username__iexact=username
    )
    if exclude_pk is not None:
        pending = pending.exclude(pk=exclude_pk)
    if pending.exists():
        return gettext("This user name is taken; choose another one.")
    return None


# Whole sentences for the translators, one per notice `send_notice` is called with.
_NOTICE_FAILED = {
    "confirmation": gettext_noop(
        "The confirmation e-mail could not be sent; nothing was saved. Try again later."
    ),
    "approval": gettext_noop(
        "The approval e-mail could not be sent; nothing was saved. Try again later."
    ),
    "answer": gettext_noop(
        "The answer e-mail could not be sent; nothing was saved. Try again later."
    ),
}


def send_notice(subject: str, body: str, to: str, field: str, what: str) -> None:
    """E-mail `to`; when the e-mail cannot leave, raise ValidationError on `field` so that
    the caller's transaction keeps nothing."""
    try:
        send_mail(" ".join(subject.split()), body, None, [to])
    except (OSError, smtplib.SMTPException) as exc:
        # Nothing is kept: the person would never hear about it.
        raise ValidationError(
            {
                field: gettext(_NOTICE_FAILED[what])
                if what in _NOTICE_FAILED
                else gettext(
                    "The %(what)s e-mail could not be sent; nothing was saved. Try again later."
                )
                % {"what": what}
            }
        ) from exc


@transaction.atomic
def register(data: Mapping[str, Any], password: str, client_address: str | None) -> Registration:
    """Record a prospect's registration and e-mail them an acknowledgement.

    Only the fields in REGISTRATION_FIELDS are read: nothing typed can pick a role or an
    existing supplier. The password is kept only as a hash. Raises ValidationError naming
    the field (a taken user name, an e-mail address already waiting, a weak password...).
    """
    fields = {key: data[key] for key in REGISTRATION_FIELDS if key in data}
    for key in ("company_name", "contact_name", "username", "email", "website"):
        fields[key] = " ".join(str(fields.get(key) or "").split())
    fields["offer"] = str(fields.get("offer") or "").strip()
    registration = Registration(
        **fields, client_address_hash=_address_hash(client_address), created_at=timezone.now()
    )
    username, email = registration.username, registration.email
    first, _, last = registration.contact_name.partition(" ")
    future_user = User(username=username, email=email, first_name=first, last_name=last)
    errors: dict[str, list[str]] = {}
    if username:
        try:
            User._meta.get_field("username").clean(username, future_user)
        except ValidationError as exc:
            errors["username"] = exc.messages
        else:
            problem = username_problem(username)
            if problem:
                errors["username"] = [problem]
    pending = Registration.objects.filter(status=Registration.Status.PENDING)
    if email and pending.filter(email__iexact=email).exists():
        errors["email"] = [
            gettext(
                "A registration with this e-mail address is waiting for review; "
                "we will answer it soon."
            )
        ]
    try:
        validate_password(password, future_user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    try:
        registration.password_hash = make_password(password)
        registration.full_clean(validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    save_audited(registration, None, f"Registered on the public page by {email}.")
    send_notice(
        f"We received the registration of {registration.company_name}",
        f"Hello {registration.contact_name},\n\n"
        f"Thank you for registering {registration.company_name} as a possible supplier. "
        "Someone from our purchasing team will look at what you sent us and write to you at "
        "this address.\n\n"
        f"Once we have approved your registration you can sign in as {username} with the "
        "password you chose. Until then there is nothing to sign in to.\n\n"
        "If you did not register, you can ignore this e-mail.\n",
        email,
        "email",
        "confirmation",
    )
    return registration


# --- two-factor sign-in -------------------------------------------------------------------

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10


@dataclass(frozen=True)
class TwoFactorState:
    """Whether `user` signs in with a second step, and how many recovery codes are unused."""

    enabled: bool
    recovery_codes_left: int


def authenticator(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, or None when two-factor sign-in is off."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_state(user: User) -> TwoFactorState:
    if not has_two_factor(user):
        return TwoFactorState(enabled=False, recovery_codes_left=0)
    return TwoFactorState(enabled=True, recovery_codes_left=recovery_codes_left(user))


@transaction.atomic
def start_two_factor(user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for `user` (replacing one never confirmed). It counts
    only once `confirm_two_factor` saw a right code from it. Raises ValidationError when
    two-factor sign-in is already on."""
    if has_two_factor(user):
        raise ValidationError({"code": gettext("Two-factor sign-in is already on.")})
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def pending_authenticator(user: User) -> TOTPDevice | None:
    """The authenticator being set up (not yet confirmed), if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def _clean_code(code: str) -> str:
    return "".join(str(code or "").split()).replace("-", "").lower()[:32]


def confirm_two_factor(user: User, code: str) -> list[str]:
    """Turn two-factor sign-in on once `code` comes from the authenticator being set up;
    returns the new recovery codes (shown once). Raises ValidationError on `code`."""
    device = pending_authenticator(user)
    if device is None:
        raise ValidationError(
            {"code": gettext("Start the set-up again: no authenticator is waiting.")}
        )
    # Outside the transaction below: a wrong code's throttling count must be kept.
    if not device.verify_token(_clean_code(code)):
        raise ValidationError(
            {"code": gettext("This code is not right. Check the app and try again.")}
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_recovery_codes(user)
        save_audited(user, user, "Two-factor sign-in turned on.")
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _check_identity(user: User, *, code: str = "", password: str = "") -> None:
    """Raise ValidationError on `code` unless `password` is the user's or `code` is a current
    authenticator or recovery code. After as many wrong answers in an hour as sign-in allows
    (PARTNERBOOK_LOGIN_FAILURE_LIMIT), every answer is refused until the hour is over: a
    borrowed session cannot be used to guess the password."""
    key = f"two-factor-check:user:{user.pk}"
    if int(cache.get(key) or 0) >= settings.AXES_FAILURE_LIMIT:
        raise ValidationError({"code": gettext("Too many wrong answers; try again in an hour.")})
    if password and user.check_password(password):
        return
    if code and verify_second_factor(user, code) is not None:
        return
    _count_in_window(key)
    raise ValidationError(
        {"code": gettext("Type a current code from your app, a recovery code or your password.")}
    )


def regenerate_recovery_codes(user: User, *, code: str = "", password: str = "") -> list[str]:
    """New recovery codes for `user` (the old ones stop working); returns them, shown once.
    Needs a current code or the password (ValidationError on `code`)."""
    if not has_two_factor(user):
        raise ValidationError({"code": gettext("Two-factor sign-in is off.")})
    _check_identity(user, code=code, password=password)
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        save_audited(user, user, "Two-factor recovery codes replaced.")
    return codes


def disable_two_factor(user: User, *, code: str = "", password: str = "") -> None:
    """Turn two-factor sign-in off: the app and the recovery codes are forgotten. Needs a
    current code or the password (ValidationError on `code`)."""
    if not has_two_factor(user):
        raise ValidationError({"code": gettext("Two-factor sign-in is already off.")})
    _check_identity(user, code=code, password=password)
    remove_two_factor(user, user)


@transaction.atomic
def remove_two_factor(actor: User, user: User) -> None:
    """Forget `user`'s authenticator and recovery codes (the owner turning it off, or an
    administrator helping someone who lost their phone)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    who = "" if actor.pk == user.pk else f" by {actor.display_name}"
    save_audited(user, actor, f"Two-factor sign-in turned off{who}.")


def verify_second_factor(user: User, code: str) -> Device | None:
    """The device that accepts `code` (six digits from the app, or an unused recovery code,
    which is then spent), or None when it is wrong.

    Each wrong code in a row doubles the time the device refuses every code (django-otp's
    throttling, per device, from whatever address); meanwhile this raises ValidationError on
    `code` saying how long to wait."""
    code = _clean_code(code)
    if not code:
        return None
    model: type[Device] = TOTPDevice if code.isdigit() else StaticDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    allowed, details = device.verify_is_allowed()
    if not allowed:
        until = (details or {}).get("locked_until")
        seconds = max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1
        raise ValidationError(
            {
                "code": ngettext(
                    "Too many wrong codes in a row: wait %(seconds)d second before the next try.",
                    "Too many wrong codes in a row: wait %(seconds)d seconds before the next try.",
                    seconds,
                )
                % {"seconds": seconds}
            }
        )
    return verify_token(user, device.persistent_id, code)


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def otpauth_qr_data_uri(device: TOTPDevice) -> str:
    """The set-up QR code of `device` as a data: URI image (allowed by the page's CSP)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2))


def base32_secret(device: TOTPDevice) -> str:
    """The secret to type into an app that cannot scan, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- single sign-on -------------------------------------------------------------------------


class SingleSignOnRefused(Exception):
    """The provider vouched for someone Partnerbook will not let in; the message says why, in
    words for that person."""


@dataclass(frozen=True)
class SingleSignOnRules:
    """How the provider's claims become a Partnerbook account (settings PARTNERBOOK_OIDC_*)."""

    role_claim: str
    role_map: dict[str, str]
    default_role: str
    trust_email: bool = False


def _email_if_verified(claims: Mapping[str, Any], rules: SingleSignOnRules) -> str:
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        return ""
    verified = claims.get("email_verified")
    if verified is True or (isinstance(verified, str) and verified.lower() == "true"):
        return email.strip()
    return email.strip() if rules.trust_email and verified is None else ""


def _free_username(claims: Mapping[str, Any], email: str) -> str:
    """A user name for a new account: the provider's preferred one, else the e-mail's local
    part, with a number added when it is taken."""
    wanted = claims.get("preferred_username")
    base = wanted if isinstance(wanted, str) and wanted.strip() else email.split("@")[0]
    base = "".join(ch for ch in base.strip() if ch.isalnum() or ch in "@.+-_")[:140] or "user"
    candidate, number = base, 1
    while username_problem(candidate) is not None:  # a user's or a waiting registration's
        number += 1
        candidate = f"{base}{number}"
    return candidate


def _claim_text(claims: Mapping[str, Any], name: str) -> str:
    value = claims.get(name)
    return value.strip()[:150] if isinstance(value, str) else ""


@transaction.atomic
def sign_in_with_sso(claims: Mapping[str, Any], rules: SingleSignOnRules) -> User:
    """The account the provider's (already verified) claims belong to, created for our own
    people on their first sign-in, with the role their claim maps to.

    Matched by the provider's subject stored on the account, else by a verified e-mail
    address. Our own people's role follows the claim at every sign-in (the default role when
    nothing maps); a change is recorded in the user's history. Portal users are only ever
    matched to their existing active account and keep their role: single sign-on never opens
    a portal account. Raises SingleSignOnRefused with the reason."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject.strip() or len(subject) > 255:
        raise SingleSignOnRefused(gettext("The sign-in service did not say who you are."))
    email = _email_if_verified(claims, rules)
    user = User.objects.select_for_update().filter(oidc_subject=subject).first()
    if user is None and email:
        matches = list(User.objects.select_for_update().filter(email__iexact=email)[:2])
        if len(matches) > 1:
            raise SingleSignOnRefused(
                gettext(
                    "Several Partnerbook accounts share your e-mail address. Ask an administrator "
                    "to sort them out."
                )
            )
        if matches:
            user = matches[0]
            if user.oidc_subject and user.oidc_subject != subject:
                raise SingleSignOnRefused(
                    gettext(
                        "Your Partnerbook account is linked to another identity at the sign-in "
                        "service. Ask an administrator to check it."
                    )
                )
    if user is not None and not user.is_active:
        raise SingleSignOnRefused(gettext("Your Partnerbook account is switched off."))
    if user is not None and user.role == Role.SUPPLIER_CONTACT:
        if not user.oidc_subject:
            user.oidc_subject = subject
            save_audited(user, user, "Linked to the single sign-on provider at first sign-in.")
        return user
    role = role_from_claim(claims.get(rules.role_claim), rules.role_map, rules.default_role)
    if role is None:
        raise SingleSignOnRefused(
            gettext(
                "Your account at the sign-in service has no role in Partnerbook. Ask the people "
                "who run the sign-in service to give you one."
            )
        )
    if user is None:
        if not email:
            raise SingleSignOnRefused(
                gettext(
                    "The sign-in service did not give a verified e-mail address, which a new "
                    "Partnerbook account needs."
                )
            )
        user = User(
            username=_free_username(claims, email),
            email=email,
            first_name=_claim_text(claims, "given_name"),
            last_name=_claim_text(claims, "family_name"),
            role=role,
            oidc_subject=subject,
        )
        user.set_unusable_password()
        save_audited(user, None, f"Account opened by single sign-on with the role {role}.")
        return user
    changes = []
    if not user.oidc_subject:
        user.oidc_subject = subject
        changes.append("linked to the single sign-on provider")
    if user.role != role:
        changes.append(f"role changed from {user.role} to {role} by the sign-in service's claim")
        user.role = role
    if changes:
        save_audited(user, None, "Single sign-on: " + "; ".join(changes) + ".")
    return user
