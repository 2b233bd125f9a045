from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "partnerbook.performance"
    label = "performance"
    verbose_name = _("Performance")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import import_columns, imports, kpi_io, rating_views, services, tasks, views

        registry.register_tab(
            registry.SupplierTab(
                key="performance",
                label=_("Performance"),
                url_name="performance:supplier",
                action="performance.view",
                order=25,
            )
        )
        registry.register_card(
            registry.OverviewCard(
                key="performance",
                template="performance/_scorecard_card.html",
                context=views.scorecard_card,
                action="performance.view",
                order=15,
            )
        )
        registry.register_column(
            registry.ListColumn(
                key="performance",
                label=_("Performance"),
                title=_(
                    "Overall performance score of the latest month and its standing "
                    "(kept apart from relationship health)"
                ),
                fill=services.standings,
                template="performance/_standing_cell.html",
                order=40,
            )
        )
        registry.register_nav(
            registry.NavItem(
                key="performance",
                label=_("Performance"),
                url_name="performance:portfolio",
                action="performance.view",
                order=35,
            )
        )
        registry.register_alert_kind(
            registry.AlertKind(
                services.RED_QUARTERS_KIND,
                "Poor performance two quarters running",
                "The overall performance score was below 50 in each of the last two quarters.",
            )
        )
        registry.register_schedule(
            registry.ScheduledJob(
                key="performance.nightly_check",
                task=tasks.nightly_check,
                hour=3,
                description="Measure new KPI baselines; raise alerts for suppliers poor two "
                "quarters running.",
            )
        )
        registry.register_schedule(
            registry.ScheduledJob(
                key="performance.refresh_scores",
                task=tasks.refresh_scores,
                hour=4,
                description="Score this month and quarter of every supplier afresh for the "
                "list pages (stored scores).",
            )
        )
        registry.register_import(
            registry.ImportKind(
                key="deliveries",
                label=_("Deliveries (purchase-order lines)"),
                run=imports.import_deliveries,
                columns=imports.COLUMNS,
                help_template="performance/_import_help.html",
                order=40,
                column_help=import_columns.DELIVERY_COLUMNS,
            )
        )
        registry.register_pick_check(
            registry.PickCheck(
                key="performance.poor_standing",
                label="Poor performance standing",
                warnings=services.poor_standing,
                order=10,
            )
        )
        registry.register_import(
            registry.ImportKind(
                key="kpis",
                label=_("KPI definitions"),
                run=kpi_io.import_kpis,
                columns=kpi_io.KPI_COLUMNS,
                help_template="performance/_kpi_import_help.html",
                order=41,
                column_help=import_columns.KPI_COLUMNS,
            )
        )
        registry.register_import(
            registry.ImportKind(
                key="measurements",
                label=_("KPI measurements (entered monthly values)"),
                run=kpi_io.import_measurements,
                columns=kpi_io.MEASUREMENT_COLUMNS,
                help_template="performance/_measurement_import_help.html",
                order=42,
                column_help=import_columns.MEASUREMENT_COLUMNS,
            )
        )
        rating_views.register()
        registry.register_checklist_item(
            registry.ChecklistItem(
                key="kpis",
                label="KPIs defined with a baseline",
                check=services.checklist_kpis,
                order=100,
            )
        )
        self._register_portal(registry)
        services.connect_forgetting()

    def _register_portal(self, registry: Any) -> None:
        """The supplier portal's Surveys and Scorecard pages and their home cards."""
        from . import portal_views

        for key, label, url_name, order in (
            ("portal.scorecard", _("Scorecard"), "portal_performance:scorecard", 15),
            ("portal.surveys", _("Surveys"), "portal_performance:surveys", 20),
        ):
            registry.register_nav(
                registry.NavItem(
                    key=key, label=label, url_name=url_name, action="portal.use", order=order
                )
            )
        registry.register_portal_card(
            registry.PortalCard(
                key="portal.pending_surveys",
                title=_("Waiting for your answer"),
                template="performance/portal/card_pending.html",
                context=portal_views.pending_card,
                order=10,
            )
        )
        registry.register_portal_card(
            registry.PortalCard(
                key="portal.scorecard",
                title=_("Your scorecard"),
                template="performance/portal/card_scorecard.html",
                context=portal_views.scorecard_card,
                order=20,
            )
        )
