from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GateConfig(AppConfig):
    name = "partnerbook.gate"
    label = "gate"
    verbose_name = _("Decision checklist")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import import_columns, imports, services

        registry.register_tab(
            registry.SupplierTab(
                key="playbook",
                label=_("Playbook"),
                url_name="gate:supplier",
                action="playbook.view",
                order=12,
            )
        )
        registry.register_card(
            registry.OverviewCard(
                key="activation",
                template="gate/_card.html",
                context=services.overview_card,
                action="playbook.view",
                order=5,
            )
        )
        registry.register_import(
            registry.ImportKind(
                key="checklist",
                label=_("Decision checklist items ticked by hand"),
                run=imports.import_ticks,
                columns=imports.COLUMNS,
                help_template="gate/_import_help.html",
                column_help=import_columns.TICK_COLUMNS,
                action="playbook.view",
                order=70,
            )
        )
        services.register()
