from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class CoverageConfig(AppConfig):
    name = "partnerbook.coverage"
    label = "coverage"
    verbose_name = _("Contact coverage")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import services

        registry.register_tab(
            registry.SupplierTab(
                key="coverage",
                label=_("Coverage"),
                url_name="coverage:supplier",
                action="coverage.view",
                order=35,
            )
        )
        registry.register_column(
            registry.ListColumn(
                key="coverage",
                label=_("Coverage"),
                title=_("Who meets whom over the last 12 months: bow-tie, diamond or partial"),
                fill=services.list_cells,
                template="coverage/_cell.html",
                order=35,
            )
        )
        registry.register_alert_kind(
            registry.AlertKind(
                services.ALERT_KIND,
                _("Bow-tie coverage"),
                _(
                    "A strategic or partnership supplier is carried by one pair of people (or "
                    "one level on each side): the relationship hangs on them."
                ),
            )
        )
        registry.register_health_factor(
            registry.HealthFactor(
                key="coverage.bowtie",
                label=gettext_noop("Coverage: bow-tie"),  # kept in stored health breakdowns: plain
                assess=services.bowtie_deductions,
                alert_kinds=(services.ALERT_KIND,),
            )
        )
