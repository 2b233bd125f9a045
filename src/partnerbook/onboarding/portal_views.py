"""The supplier portal's onboarding space: their plan, their tasks to tick, documents we
shared and the FAQs. Portal users only; another supplier's task is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerbook.accounts.policy import AuthenticatedRequest, portal_view

from . import portal


@portal_view
def space(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "onboarding/portal/space.html", {"space": portal.space(request.user)})


@require_POST
@portal_view
def tick(request: AuthenticatedRequest, task_id: int) -> HttpResponse:
    """Tick one of their own tasks done (`done=1`) or open again (`done=0`)."""
    task = portal.task_for(request.user, task_id)
    if task is None:
        raise Http404("No such task.")
    done = request.POST.get("done") == "1"
    try:
        portal.tick_task(request.user, task, done)
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    else:
        title = task.item.title
        messages.success(
            request,
            (_("“%(title)s” marked done.") if done else _("“%(title)s” is open again."))
            % {"title": title},
        )
    return redirect(reverse("portal_onboarding:space") + f"#task-{task.item_id}")
