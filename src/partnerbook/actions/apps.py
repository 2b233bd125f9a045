from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "partnerbook.actions"
    label = "actions"
    verbose_name = _("Action items")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import portal_queries, services, tasks

        registry.register_nav(
            registry.NavItem(
                key="actions",
                label=_("Actions"),
                url_name="actions:mine",
                action="action.view",
                badge=services.overdue_count,
                order=60,
            )
        )
        registry.register_nav(
            registry.NavItem(
                key="portal.actions",
                label=_("Your actions"),
                url_name="portal_actions:list",
                action="portal.use",
                order=50,
            )
        )
        registry.register_portal_card(
            registry.PortalCard(
                key="portal.actions",
                title=_("Your actions"),
                template="actions/portal/card.html",
                context=portal_queries.actions_card,
                order=20,
            )
        )
        registry.register_email_kind(
            registry.EmailKind(
                key=services.ASSIGNED_EMAIL,
                # English until accounts.notification_api gives pydantic a str: lazy fails there.
                label="A new action item for you",
                description="Sent to a supplier's contact when an action item is assigned to them.",
                audience="portal",
                order=30,
            )
        )
        registry.register_alert_kind(
            registry.AlertKind(
                services.ALERT_KIND,
                "Overdue action item",
                "An open action item (a plan objective, a recovery step, a review action) is "
                "past its due date.",
            )
        )
        registry.register_schedule(
            registry.ScheduledJob(
                key="actions.overdue_check",
                task=tasks.daily_overdue_check,
                hour=6,
                minute=10,
                description="Raise alerts for overdue action items.",
            )
        )
        registry.register_timeline(
            registry.TimelineSource(
                key="actions",
                label=_("Action items"),
                entries=services.timeline_entries,
                order=60,
            )
        )
