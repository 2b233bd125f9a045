from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadenceConfig(AppConfig):
    name = "partnerbook.cadence"
    label = "cadence"
    verbose_name = _("Cadence and health checks")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import import_columns, imports, services, tasks

        registry.register_tab(
            registry.SupplierTab(
                key="cadence",
                label=_("Cadence"),
                url_name="cadence:supplier",
                action="cadence.view",
                order=45,
            )
        )
        registry.register_nav(
            registry.NavItem(
                key="cadence",
                label=_("Meetings"),
                url_name="cadence:overdue",
                action="cadence.view",
                order=45,
                group=registry.NAV_RELATIONSHIPS,
            )
        )
        registry.register_alert_kind(
            registry.AlertKind(
                services.ALERT_KIND,
                "Overdue meeting",
                "A meeting of the supplier's cadence (e.g. the quarterly review) was not held "
                "by its due date: no interaction of a matching channel since (for the annual "
                "health check: no health check saved).",
            )
        )
        registry.register_schedule(
            registry.ScheduledJob(
                key="cadence.overdue_check",
                task=tasks.daily_overdue_check,
                hour=6,
                description="Raise alerts for meetings not held by their due date.",
            )
        )
        registry.register_import(
            registry.ImportKind(
                key="cadence",
                label=_("Meeting cadence"),
                run=imports.import_cadence,
                columns=imports.COLUMNS,
                help_template="cadence/_import_help.html",
                order=45,
                column_help=import_columns.CADENCE_COLUMNS,
            )
        )
        registry.register_checklist_item(
            registry.ChecklistItem(
                key="cadence",
                label="Communication cadence set",
                check=services.checklist_cadence,
                order=90,
            )
        )
        from . import portal_views

        registry.register_nav(
            registry.NavItem(
                key="portal.meetings",
                label=_("Meetings"),
                url_name="portal_cadence:meetings",
                action="portal.use",
                order=30,
            )
        )
        registry.register_portal_card(
            registry.PortalCard(
                key="portal.next_meetings",
                title=_("Next meetings"),
                template="cadence/portal/card_meetings.html",
                context=portal_views.next_meetings_card,
                order=30,
            )
        )
