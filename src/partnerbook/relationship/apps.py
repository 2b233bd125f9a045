from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelationshipConfig(AppConfig):
    name = "partnerbook.relationship"
    label = "relationship"
    verbose_name = _("Relationship signals")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import import_columns, imports, services, tasks, views

        registry.register_tab(
            registry.SupplierTab(
                key="relationship",
                label=_("Relationship"),
                url_name="relationship:supplier",
                action="relationship.view",
                order=30,
            )
        )
        registry.register_card(
            registry.OverviewCard(
                key="health",
                template="relationship/_health_card.html",
                context=views.health_card,
                action="relationship.view",
                order=10,
            )
        )
        registry.register_nav(
            registry.NavItem(
                key="health",
                label=_("Health"),
                url_name="relationship:health",
                action="relationship.view",
                order=30,
                group=registry.NAV_RELATIONSHIPS,
            )
        )
        registry.register_column(
            registry.ListColumn(
                key="health",
                label=_("Health"),
                title=_("Relationship health 0-100 from the last recompute (not performance)"),
                fill=services.latest_health,
                template="relationship/_health_cell.html",
                order=30,
            )
        )
        for key, label, text in (
            ("relationship.drift", _("Relationship drift"),
             _("A signal moved away from the supplier's own baseline: fewer suggestions, "
               "slower answers, more minor disputes or fewer informal contacts.")),
            ("relationship.tone", _("Tone of notes"),
             _("Interaction notes read more negatively or more formally than before.")),
            ("relationship.trust", _("Trust ledger"),
             _("The trust balance is negative or fell fast.")),
            ("relationship.reciprocity", _("Reciprocity"),
             _("We ask much more of the supplier than we give back.")),
            ("relationship.turnover", _("Owner turnover"),
             _("The relationship owner changed more often than the limit.")),
        ):  # fmt: skip
            registry.register_alert_kind(registry.AlertKind(key, label, text))
        registry.register_timeline(
            registry.TimelineSource(
                key="interactions",
                label=_("Interactions"),
                entries=services.interaction_entries,
                order=30,
            )
        )
        registry.register_timeline(
            registry.TimelineSource(
                key="trust", label=_("Trust entries"), entries=services.trust_entries, order=40
            )
        )
        registry.register_schedule(
            registry.ScheduledJob(
                key="relationship.nightly_recompute",
                task=tasks.nightly_recompute,
                hour=2,
                description="Recompute health and drift, raise alerts.",
            )
        )
        registry.register_import(
            registry.ImportKind(
                key="interactions",
                label=_("Interactions with suppliers"),
                run=imports.import_interactions,
                columns=imports.COLUMNS,
                help_template="relationship/_import_help.html",
                order=30,
                column_help=import_columns.INTERACTION_COLUMNS,
            )
        )
