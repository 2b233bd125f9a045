from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "partnerbook.alerts"
    label = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import services, tasks

        registry.register_schedule(
            registry.ScheduledJob(
                key="alerts.daily_digest",
                task=tasks.daily_digest,
                hour=6,
                description="E-mail the daily digest of new alerts.",
            )
        )
        registry.register_nav(
            registry.NavItem(
                key="alerts",
                label=_("Alerts"),
                url_name="alerts:inbox",
                action="alert.view",
                badge=services.open_count_for,
                order=40,
            )
        )
        registry.register_timeline(
            registry.TimelineSource(
                key="alerts", label=_("Alerts"), entries=services.timeline_entries, order=50
            )
        )
