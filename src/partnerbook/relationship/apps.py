from django.apps import AppConfig


class RelationshipConfig(AppConfig):
    name = "partnerbook.relationship"
    label = "relationship"
    verbose_name = "Relationship signals"

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import import_columns, imports, services, tasks, views

        registry.register_tab(
            registry.SupplierTab(
                key="relationship",
                label="Relationship",
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
                label="Health",
                url_name="relationship:health",
                action="relationship.view",
                order=30,
                group=registry.NAV_RELATIONSHIPS,
            )
        )
        registry.register_column(
            registry.ListColumn(
                key="health",
                label="Health",
                title="Relationship health 0-100 from the last recompute (not performance)",
                fill=services.latest_health,
                template="relationship/_health_cell.html",
                order=30,
            )
        )
        for key, label, text in (
            ("relationship.drift", "Relationship drift",
             "A signal moved away from the supplier's own baseline: fewer suggestions, "
             "slower answers, more minor disputes or fewer informal contacts."),
            ("relationship.tone", "Tone of notes",
             "Interaction notes read more negatively or more formally than before."),
            ("relationship.trust", "Trust ledger",
             "The trust balance is negative or fell fast."),
            ("relationship.reciprocity", "Reciprocity",
             "We ask much more of the supplier than we give back."),
            ("relationship.turnover", "Owner turnover",
             "The relationship owner changed more often than the limit."),
        ):  # fmt: skip
            registry.register_alert_kind(registry.AlertKind(key, label, text))
        registry.register_timeline(
            registry.TimelineSource(
                key="interactions",
                label="Interactions",
                entries=services.interaction_entries,
                order=30,
            )
        )
        registry.register_timeline(
            registry.TimelineSource(
                key="trust", label="Trust entries", entries=services.trust_entries, order=40
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
                label="Interactions with suppliers",
                run=imports.import_interactions,
                columns=imports.COLUMNS,
                help_template="relationship/_import_help.html",
                order=30,
                column_help=import_columns.INTERACTION_COLUMNS,
            )
        )
