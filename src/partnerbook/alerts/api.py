"""REST endpoints of the alerts inbox: list and read alerts, acknowledge, dismiss or reopen
them, and the daily e-mail digest.

Thin: load the alert through `visible_to(user)`, call a service, return. Internal users only
(portal users get 403); the services check who may handle an alert.
"""

# No `from __future__ import annotations` here: ninja's @paginate reads the `Query[...]`
# annotations at import time.
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.pagination import paginate

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.suppliers.api import Pagination

from . import services
from .models import Alert
from .schemas import AcknowledgeIn, AlertFilters, AlertOut, DigestIn, DigestOut, DismissIn

router = Router(tags=["alerts"])
ALERT = "/alerts/{alert_id}"


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _alert(request: HttpRequest, alert_id: int) -> Alert:
    """The alert, for internal users (404 when there is none)."""
    require(request.user, "alert.view")
    alerts = Alert.objects.visible_to(request.user).select_related("supplier", "handled_by")
    alert: Alert = get_object_or_404(alerts, pk=alert_id)
    return alert


@router.get("/alerts", response=list[AlertOut], summary="List alerts")
@paginate(Pagination)
def list_alerts(request: HttpRequest, filters: Query[AlertFilters]) -> QuerySet[Alert]:
    """The inbox, newest first: open alerts unless `status` says otherwise."""
    require(request.user, "alert.view")
    alerts, _cleaned = services.inbox(_user(request), filters.as_params())
    return alerts


@router.put("/alerts/digest", response=DigestOut, summary="Daily digest on or off")
def set_digest(request: HttpRequest, payload: DigestIn) -> DigestOut:
    preference = services.set_digest(_user(request), payload.daily_digest)
    return DigestOut(daily_digest=preference.daily_digest)


@router.get(ALERT, response=AlertOut, summary="Get an alert")
def get_alert(request: HttpRequest, alert_id: int) -> Alert:
    return _alert(request, alert_id)


@router.post(f"{ALERT}/acknowledge", response=AlertOut, summary="Acknowledge an alert")
def acknowledge(request: HttpRequest, alert_id: int, payload: AcknowledgeIn) -> Alert:
    """Someone has seen it and will act; the note may say how. Editors or the owning buyer."""
    return services.acknowledge(_user(request), _alert(request, alert_id), payload.note)


@router.post(f"{ALERT}/dismiss", response=AlertOut, summary="Dismiss an alert")
def dismiss(request: HttpRequest, alert_id: int, payload: DismissIn) -> Alert:
    """It needs no action; the note (required) says why. Editors or the owning buyer."""
    return services.dismiss(_user(request), _alert(request, alert_id), payload.note)


@router.post(f"{ALERT}/reopen", response=AlertOut, summary="Reopen an alert")
def reopen(request: HttpRequest, alert_id: int) -> Alert:
    return services.reopen(_user(request), _alert(request, alert_id))
