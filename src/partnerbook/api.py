"""The REST API under /api/v1: authentication, the one error shape, and the routers."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth

from partnerbook.accounts.models import Role
from partnerbook.accounts.policy import lacks_required_two_factor
from partnerbook.accounts.services import user_for_token
from partnerbook.core.concurrency import StaleEdit

# The operations a supplier's portal user may call at all (paths under /api/v1/): the
# portal's own, their own account's, and reading their own supplier record, its people and
# the action items they own (those operations narrow to their supplier themselves). Every
# other operation answers a portal user 403 before its input is even read.
PORTAL_OPEN = re.compile(
    r"^(portal/.*|account/.*|suppliers|suppliers/\d+|suppliers/\d+/contacts|contacts"
    r"|contacts/\d+|action-items/\d+)$"
)


def _admit(request: HttpRequest, user: Any) -> Any:
    """The one gate between the two audiences: a portal user reaches only PORTAL_OPEN, and
    our own people never the portal's `/portal/...` operations."""
    if user is None:
        return user
    path = request.path_info.split("/api/v1/", 1)[-1].rstrip("/")
    if getattr(user, "role", None) == Role.SUPPLIER_CONTACT:
        if not PORTAL_OPEN.match(path):
            raise PermissionDenied("This operation is for the buying organisation only.")
    elif path.startswith("portal/"):
        raise PermissionDenied("This operation is for suppliers' portal users only.")
    return user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return _admit(request, user)


class SessionUserAuth(SessionAuth):
    """The browser's session (CSRF-checked on writes). An administrator who must sign in with
    a second factor (PARTNERBOOK_REQUIRE_2FA_FOR_ADMINS) and whose session did not is refused
    with 403; their API tokens still work."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or not user.is_active:
            return None
        if lacks_required_two_factor(user, getattr(request, "session", None)):
            raise PermissionDenied(
                "Two-factor sign-in is required for administrators: set it up under "
                "Account → Two-factor sign-in, or use an API token."
            )
        return _admit(request, user)


ERROR_RESPONSES = {
    "400": "A rule was broken (e.g. an illegal status move); `errors` names the field.",
    "401": "No valid API token or session.",
    "403": "Your role does not allow this.",
    "404": "No such record, or not yours to see.",
    "409": "A conflict with stored data: a change saved meanwhile (a stale `version`; reload "
    "and apply your change again) or a value already in use (e.g. a name).",
    "422": "The input does not match the schema; `errors` names each field.",
}


class StrictQueryParser(Parser):
    """A query parameter that is not a list may be given once: `?owner=1&owner=2` is refused
    rather than silently read as one of the two."""

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        repeated = [key for key in data if key not in list_fields and len(data.getlist(key)) > 1]
        if repeated:
            raise NinjaValidationError(
                [{"loc": ("query", key), "msg": "Give this parameter once."} for key in repeated]
            )
        return dict(super().parse_querydict(data, list_fields, request))


class PartnerbookAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI schema also documents the one error shape for every operation."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = {
            "type": "object",
            "required": ["detail", "errors"],
            "properties": {
                "detail": {"type": "string"},
                "errors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["field", "message"],
                        "properties": {
                            "field": {"type": "string"},
                            "message": {"type": "string"},
                        },
                    },
                },
            },
        }
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code, description in ERROR_RESPONSES.items():
                    responses.setdefault(code, {"description": description, "content": error})
        return schema


api = PartnerbookAPI(
    title="Partnerbook API",
    version="1",
    description=(
        "Supplier partnership management. Authenticate with a personal API token "
        "(`Authorization: Bearer pbk_…`, created under Account → API tokens) or a browser "
        'session. Errors always have the shape `{"detail": str, "errors": [{"field": '
        'str, "message": str}]}`.'
    ),
    auth=[TokenAuth(), SessionUserAuth()],
    parser=StrictQueryParser(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def error_body(detail: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """The one JSON error shape of the API."""
    return {"detail": detail, "errors": errors or []}


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    # ninja prefixes locations with where the value came from ("body", "query", the param name)
    # and pydantic marks a dictionary key's own error with "[key]".
    skip = ("body", "query", "path", "form", "payload", "filters", "[key]")
    parts = [str(p) for p in loc if p not in skip]
    return ".".join(parts) or "__all__"


@api.exception_handler(NinjaValidationError)
def _invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"field": _field_name(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors
    ]
    return api.create_response(request, error_body("Invalid input.", errors), status=422)


@api.exception_handler(ValidationError)
def _invalid_data(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": "__all__" if field == "__all__" else field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": "__all__", "message": m} for m in exc.messages]
    # A valid request that clashes with a record already there (a name in use) is a conflict.
    found = sum(exc.error_dict.values(), []) if hasattr(exc, "error_dict") else exc.error_list
    codes = {error.code for error in found}
    status = 409 if codes <= {"unique", "unique_together"} else 400
    return api.create_response(request, error_body("Invalid input.", errors), status=status)


@api.exception_handler(StaleEdit)
def _stale_edit(request: HttpRequest, exc: StaleEdit) -> HttpResponse:
    # Registered for the subclass, so it wins over the ValidationError handler (400).
    errors = [{"field": "version", "message": exc.api_message}]
    return api.create_response(
        request, error_body("Someone else changed this record meanwhile.", errors), status=409
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, error_body(str(exc) or "You are not allowed to do this."), status=403
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body("Not found."), status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, error_body("Authentication required: send a valid API token."), status=401
    )


@api.exception_handler(IntegrityError)
def _conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    # Validation runs before saving; this is a concurrent write that got there first.
    return api.create_response(
        request,
        error_body("This clashes with a change saved at the same moment; reload and try again."),
        status=409,
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, error_body(str(exc)), status=exc.status_code)


def _register_routers() -> None:
    from partnerbook.accounts.api import router as accounts_router
    from partnerbook.accounts.notification_api import router as notification_router
    from partnerbook.actions.api import router as actions_router
    from partnerbook.actions.portal_api import router as portal_actions_router
    from partnerbook.alerts.api import router as alerts_router
    from partnerbook.cadence.api import router as cadence_router
    from partnerbook.cadence.portal_api import router as portal_cadence_router
    from partnerbook.conflicts.api import router as conflicts_router
    from partnerbook.conflicts.portal_api import router as portal_conflicts_router
    from partnerbook.coverage.api import router as coverage_router
    from partnerbook.documents.api import router as documents_router
    from partnerbook.documents.portal_api import router as portal_documents_router
    from partnerbook.economics.api import router as economics_router
    from partnerbook.gate.api import router as gate_router
    from partnerbook.onboarding.api import router as onboarding_router
    from partnerbook.onboarding.portal_api import router as portal_onboarding_router
    from partnerbook.performance.api import router as performance_router
    from partnerbook.performance.portal_api import router as portal_performance_router
    from partnerbook.performance.rating_api import router as rating_router
    from partnerbook.plans.api import router as plans_router
    from partnerbook.portal.api import router as portal_router
    from partnerbook.portal.voice_api import portal_router as voice_portal_router
    from partnerbook.portal.voice_api import router as voice_router
    from partnerbook.portfolio.api import router as portfolio_router
    from partnerbook.practices.api import router as practices_router
    from partnerbook.practices.portal_api import router as portal_practices_router
    from partnerbook.recognition.api import router as recognition_router
    from partnerbook.relationship.api import router as relationship_router
    from partnerbook.reviews.api import router as reviews_router
    from partnerbook.risk.api import router as risk_router
    from partnerbook.segmentation.api import router as segmentation_router
    from partnerbook.segmentation.portal_api import router as portal_segmentation_router
    from partnerbook.sourcing.api import router as sourcing_router
    from partnerbook.suppliers.api import router as suppliers_router
    from partnerbook.tickets.api import router as tickets_router
    from partnerbook.tickets.portal_api import router as portal_tickets_router
    from partnerbook.webhooks.api import router as webhooks_router

    api.add_router("/", suppliers_router)
    api.add_router("/", segmentation_router)
    api.add_router("/", portfolio_router)
    api.add_router("/", relationship_router)
    api.add_router("/", alerts_router)
    api.add_router("/", actions_router)
    api.add_router("/", coverage_router)
    api.add_router("/", plans_router)
    api.add_router("/", cadence_router)
    api.add_router("/", practices_router)
    api.add_router("/", performance_router)
    api.add_router("/", rating_router)
    api.add_router("/", reviews_router)
    api.add_router("/", documents_router)
    api.add_router("/", sourcing_router)
    api.add_router("/", onboarding_router)
    api.add_router("/", gate_router)
    api.add_router("/", conflicts_router)
    api.add_router("/", risk_router)
    api.add_router("/", economics_router)
    api.add_router("/", recognition_router)
    api.add_router("/", accounts_router)
    api.add_router("/", notification_router)
    api.add_router("/", portal_router)
    api.add_router("/", portal_documents_router)
    api.add_router("/", tickets_router)
    api.add_router("/", portal_tickets_router)
    api.add_router("/", portal_onboarding_router)
    api.add_router("/", portal_performance_router)
    api.add_router("/", portal_segmentation_router)
    api.add_router("/", portal_cadence_router)
    api.add_router("/", portal_conflicts_router)
    api.add_router("/", portal_actions_router)
    api.add_router("/", portal_practices_router)
    api.add_router("/", voice_portal_router)
    api.add_router("/", voice_router)
    api.add_router("/", webhooks_router)

    # Saved column mappings for imports (issue 15).
    from partnerbook.suppliers.mapping_api import router as import_mapping_router

    api.add_router("/", import_mapping_router)


_register_routers()
