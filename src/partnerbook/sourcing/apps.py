from django.apps import AppConfig


class SourcingConfig(AppConfig):
    name = "partnerbook.sourcing"
    label = "sourcing"
    verbose_name = "Sourcing playbook"

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import imports

        registry.register_nav(
            registry.NavItem(
                key="sourcing",
                label="Sourcing",
                url_name="sourcing:list",
                action="sourcing.view",
                order=50,
            )
        )
        registry.register_import(
            registry.ImportKind(
                key="sourcing_criteria",
                label="Sourcing criteria (of sourcing projects)",
                run=imports.import_criteria,
                columns=imports.COLUMNS,
                help_template="sourcing/_import_help.html",
                action="sourcing.edit",
                order=60,
            )
        )
