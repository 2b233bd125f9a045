from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliersConfig(AppConfig):
    name = "partnerbook.suppliers"
    label = "suppliers"
    verbose_name = _("Supplier registry")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import import_columns, imports, timeline

        timeline.register()
        registry.register_import(
            registry.ImportKind(
                key="suppliers",
                label=_("Suppliers"),
                run=imports.import_suppliers,
                columns=imports.IMPORT_COLUMNS,
                help_template="suppliers/_import_help.html",
                order=10,
                column_help=import_columns.SUPPLIER_COLUMNS,
            )
        )
