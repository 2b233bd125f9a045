import dataclasses

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConflictsConfig(AppConfig):
    name = "partnerbook.conflicts"
    label = "conflicts"
    verbose_name = _("Supplier issues and conflicts")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import import_columns, imports, portal_queries, services, tasks

        registry.register_tab(
            registry.SupplierTab(
                key="issues", label=_("Issues"), url_name="conflicts:supplier",
                action="issue.view", order=32,
            )
        )  # fmt: skip
        registry.register_nav(
            registry.NavItem(
                key="issues", label=_("Issues"), url_name="conflicts:list",
                action="issue.view", order=42,
                group=registry.NAV_RELATIONSHIPS,
            )
        )  # fmt: skip
        registry.register_nav(
            registry.NavItem(
                key="portal.issues", label=_("Issues"), url_name="portal_conflicts:list",
                action="portal.use", order=40,
            )
        )  # fmt: skip
        registry.register_portal_card(
            registry.PortalCard(
                key="portal.issues", title=_("Open issues and corrective actions"),
                template="conflicts/portal/card.html", context=portal_queries.issues_card,
                order=30,
            )
        )  # fmt: skip
        registry.register_timeline(
            registry.TimelineSource(
                key="issues", label=_("Supplier issues"), entries=services.timeline_entries,
                order=35,
            )
        )  # fmt: skip
        registry.register_alert_kind(
            registry.AlertKind(
                key=services.TIME_BOX_ALERT,
                label=_("Escalation time box ran out"),
                description=_(
                    "An open issue stayed at one level of its escalation path longer than "
                    "the path's time box: consider the next level. Nothing moves by itself."
                ),
            )
        )
        registry.register_signal_feed(
            registry.SignalFeed(
                key="issues", label="Supplier issues", events=services.signal_events
            )
        )
        registry.register_schedule(
            registry.ScheduledJob(
                key="conflicts.daily_time_box_check",
                task=tasks.daily_time_box_check,
                hour=3,
                minute=50,
                description="Suggest the next escalation level for issues whose time box ran out.",
            )
        )
        for kind in imports.KINDS:
            registry.register_import(
                dataclasses.replace(kind, column_help=import_columns.BY_KIND[kind.key])
            )
