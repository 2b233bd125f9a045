from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "partnerbook.coverage"
    label = "coverage"
    verbose_name = "Contact coverage"

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import services

        registry.register_tab(
            registry.SupplierTab(
                key="coverage",
                label="Coverage",
                url_name="coverage:supplier",
                action="coverage.view",
                order=35,
            )
        )
        registry.register_column(
            registry.ListColumn(
                key="coverage",
                label="Coverage",
                title="Who meets whom over the last 12 months: bow-tie, diamond or partial",
                fill=services.list_cells,
                template="coverage/_cell.html",
                order=35,
            )
        )
        registry.register_alert_kind(
            registry.AlertKind(
                services.ALERT_KIND,
                "Bow-tie coverage",
                "A strategic or partnership supplier is carried by one pair of people (or one "
                "level on each side): the relationship hangs on them.",
            )
        )
        registry.register_health_factor(
            registry.HealthFactor(
                key="coverage.bowtie",
                label="Coverage: bow-tie",
                assess=services.bowtie_deductions,
                alert_kinds=(services.ALERT_KIND,),
            )
        )
