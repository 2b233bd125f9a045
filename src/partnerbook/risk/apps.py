import dataclasses

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "partnerbook.risk"
    label = "risk"
    verbose_name = _("Portfolio risk")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import import_columns, imports, services, tasks

        registry.register_tab(
            registry.SupplierTab(
                key="risk", label=_("Risk"), url_name="risk:supplier", action="risk.view", order=34
            )
        )
        registry.register_nav(
            registry.NavItem(
                key="risk", label=_("Risk"), url_name="risk:concentration", action="risk.view",
                order=44, group=registry.NAV_PORTFOLIO,
            )
        )  # fmt: skip
        registry.register_column(
            registry.ListColumn(
                key="risk.category_share",
                label=_("Category share"),
                title=_(
                    "Share of its category's annual spend (spend lines keep it up to date); "
                    "▲ above the cap"
                ),
                fill=services.category_shares_for,
                template="risk/_share_cell.html",
                order=60,
            )
        )
        for key, label, description in (
            (
                services.CONCENTRATION_ALERT,
                _("Spend concentration above the cap"),
                _(
                    "A supplier holds more of its category's (or of all) spend than the cap in "
                    "the risk settings. Losing it would hit hard: look for backups."
                ),
            ),
            (
                services.NO_BACKUP_ALERT,
                _("Critical supply without a qualified backup"),
                _(
                    "A critical supplier (high criticality, single-sourced or above the cap) has "
                    "no qualified backup on the reserve list."
                ),
            ),
            (
                services.PLAN_ALERT,
                _("Transition plan review overdue"),
                _("A critical supplier's transition plan was not reviewed within its interval."),
            ),
            (
                services.FINANCIAL_ALERT,
                _("Financial rating deteriorated"),
                _(
                    "A supplier's latest financial rating fell by the drop set in the risk "
                    "settings, or crossed below the floor."
                ),
            ),
        ):
            registry.register_alert_kind(registry.AlertKind(key, label, description))
        registry.register_schedule(
            registry.ScheduledJob(
                key="risk.nightly_check",
                task=tasks.nightly_risk_check,
                hour=3,
                minute=20,
                description="Concentration caps, backups, transition plans, financial ratings.",
            )
        )
        for kind in imports.KINDS:
            registry.register_import(
                dataclasses.replace(kind, column_help=import_columns.BY_KIND[kind.key])
            )
