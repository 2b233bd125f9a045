from django.apps import AppConfig
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from partnerbook.core.marks import gettext_noop


class PracticesConfig(AppConfig):
    name = "partnerbook.practices"
    label = "practices"
    verbose_name = _("Collaboration practices")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import domain, import_columns, imports, portal_queries, services, tasks

        registry.register_tab(
            registry.SupplierTab(
                key="practices",
                label=_("Practices"),
                url_name="practices:supplier",
                action="practice.view",
                order=60,
            )
        )
        registry.register_portal_card(
            registry.PortalCard(
                key="portal.agreement",
                title=_("Your agreement"),
                template="practices/portal/card.html",
                context=portal_queries.agreement_card,
                order=40,
            )
        )
        registry.register_timeline(
            registry.TimelineSource(
                key="practices",
                label=_("Practices and agreements"),
                entries=services.timeline_entries,
                order=60,
            )
        )
        registry.register_alert_kind(
            registry.AlertKind(
                services.RENEWAL_ALERT_KIND,
                _("Agreement renewal due"),
                format_lazy(
                    _(
                        "An agreement's notice date is within {days} days or has passed: decide "
                        "whether to renew it."
                    ),
                    days=domain.RENEWAL_ALERT_DAYS,
                ),
            )
        )
        registry.register_schedule(
            registry.ScheduledJob(
                key="practices.daily_renewal_check",
                task=tasks.daily_renewal_check,
                hour=3,
                minute=40,
                description="Raise alerts for agreements nearing their renewal notice date.",
            )
        )
        # Checklist texts go to the gate API as plain strings: marked here, translated where
        # the gate shows them.
        registry.register_checklist_item(
            registry.ChecklistItem(
                key="contract",
                label=gettext_noop("Contract reviewed by legal"),
                check=services.contract_checklist,
                help=gettext_noop(
                    "A contract (not an NDA) in force, with the day legal reviewed it and by "
                    "whom, recorded on the supplier's Practices tab."
                ),
                order=70,
            )
        )
        registry.register_import(
            registry.ImportKind(
                key="agreements",
                label=_("Agreements with existing suppliers"),
                run=imports.import_agreements,
                columns=imports.COLUMNS,
                help_template="practices/_import_help.html",
                column_help=import_columns.AGREEMENT_COLUMNS,
                order=70,
            )
        )
