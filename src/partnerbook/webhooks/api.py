"""REST endpoints of outbound webhooks (mounted under /api/v1), for administrators only.
Thin: check, call a service, return."""

# No `from __future__ import annotations`: ninja reads the annotations at import.
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.core.api_shapes import Pagination

from . import services
from .models import Webhook
from .schemas import (
    WebhookCreatedOut,
    WebhookDeliveryOut,
    WebhookIn,
    WebhookOut,
    WebhookPatch,
    WebhookSecretOut,
)

router = Router(tags=["webhooks"])
MANAGE = "webhooks.manage"


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _get(request: HttpRequest, webhook_id: int) -> Webhook:
    hook = services.webhook_for(request.user, webhook_id)
    if hook is None:
        raise Http404("No such webhook.")
    return hook


@router.get("/webhooks", response=list[WebhookOut], summary="List webhooks")
@paginate(Pagination)
def list_webhooks(request: HttpRequest) -> Any:
    """The webhooks that were not removed, oldest first."""
    require(request.user, MANAGE)
    return services.webhooks()


@router.post("/webhooks", response={201: WebhookCreatedOut}, summary="Add a webhook")
def create_webhook(request: HttpRequest, payload: WebhookIn) -> Status[Any]:
    """The answer carries the webhook's secret, which signs every delivery."""
    require(request.user, MANAGE)
    return Status(201, services.create_webhook(_user(request), payload.dict()))


@router.get("/webhooks/{webhook_id}", response=WebhookOut, summary="Get a webhook")
def get_webhook(request: HttpRequest, webhook_id: int) -> Any:
    return _get(request, webhook_id)


@router.patch("/webhooks/{webhook_id}", response=WebhookOut, summary="Change a webhook")
def update_webhook(request: HttpRequest, webhook_id: int, payload: WebhookPatch) -> Any:
    """Only the fields given change."""
    hook = _get(request, webhook_id)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.update_webhook(_user(request), hook, data)


@router.delete("/webhooks/{webhook_id}", response={204: None}, summary="Remove a webhook")
def remove_webhook(request: HttpRequest, webhook_id: int) -> Status[None]:
    """It hears of no more events; what it had not received is given up; the log stays."""
    services.archive_webhook(_user(request), _get(request, webhook_id))
    return Status(204, None)


@router.post("/webhooks/{webhook_id}/enable", response=WebhookOut, summary="Switch a webhook on")
def enable_webhook(request: HttpRequest, webhook_id: int) -> Any:
    """Held deliveries are sent, oldest first; the count of failures starts again."""
    return services.set_active(_user(request), _get(request, webhook_id), True)


@router.post("/webhooks/{webhook_id}/disable", response=WebhookOut, summary="Switch a webhook off")
def disable_webhook(request: HttpRequest, webhook_id: int) -> Any:
    """Events are held until it is switched on again."""
    return services.set_active(_user(request), _get(request, webhook_id), False)


@router.get(
    "/webhooks/{webhook_id}/secret", response=WebhookSecretOut, summary="Get a webhook's secret"
)
def get_secret(request: HttpRequest, webhook_id: int) -> Any:
    return _get(request, webhook_id)


@router.post(
    "/webhooks/{webhook_id}/secret",
    response=WebhookSecretOut,
    summary="Replace a webhook's secret",
)
def rotate_secret(request: HttpRequest, webhook_id: int) -> Any:
    """The new secret signs every delivery from now on."""
    return services.rotate_secret(_user(request), _get(request, webhook_id))


@router.get(
    "/webhooks/{webhook_id}/deliveries",
    response=list[WebhookDeliveryOut],
    summary="List a webhook's deliveries",
)
@paginate(Pagination)
def list_deliveries(request: HttpRequest, webhook_id: int) -> Any:
    """The delivery log, newest first, with each receiver's answer."""
    return services.deliveries_of(_get(request, webhook_id))


@router.post(
    "/webhooks/{webhook_id}/test",
    response={201: WebhookDeliveryOut},
    summary="Send a test event",
)
def send_test(request: HttpRequest, webhook_id: int) -> Status[Any]:
    """Sent once, now, even while the webhook is off; the answer is in the delivery."""
    return Status(201, services.send_test(_user(request), _get(request, webhook_id)))
