from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "partnerbook.webhooks"
    label = "webhooks"
    verbose_name = _("Outbound webhooks")

    def ready(self) -> None:
        from partnerbook.core import events, registry

        from . import domain, services, tasks

        def listen(event: str, payload: object) -> None:
            if event in domain.EVENT_KEYS:
                services.emit(event, payload)  # type: ignore[arg-type]

        events.subscribe(listen)
        registry.register_email_kind(
            registry.EmailKind(
                key=services.DISABLED_EMAIL,
                label=_("A webhook was switched off"),
                description=_(
                    "Sent to administrators when a webhook's receiver failed too "
                    "many times in a row and Partnerbook stopped sending to it."
                ),
                audience="internal",
                order=90,
            )
        )
        registry.register_schedule(
            registry.ScheduledJob(
                key="webhooks.sweep",
                task=tasks.daily_sweep,
                hour=5,
                minute=40,
                description="Queue the sending of webhook deliveries that are due.",
            )
        )
