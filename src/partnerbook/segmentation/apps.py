from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SegmentationConfig(AppConfig):
    name = "partnerbook.segmentation"
    label = "segmentation"
    verbose_name = _("Segmentation")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import cache, import_columns, imports, services

        cache.connect()

        registry.register_tab(
            registry.SupplierTab(
                key="segmentation",
                label=_("Segmentation"),
                url_name="segmentation:supplier",
                action="segmentation.view",
                order=20,
            )
        )
        registry.register_column(
            registry.ListColumn(
                key="quadrant",
                label=_("Quadrant"),
                title=_("Value-risk quadrant (effective: a manager's override when there is one)"),
                fill=services.segmentations_of,
                template="segmentation/_quadrant_cell.html",
                order=20,
            )
        )
        registry.register_import(
            registry.ImportKind(
                key="segmentation",
                label=_("Segmentation factors of existing suppliers"),
                run=imports.import_segmentation,
                columns=imports.COLUMNS,
                help_template="segmentation/_import_help.html",
                order=20,
                column_help=import_columns.SEGMENTATION_COLUMNS,
            )
        )
        registry.register_timeline(
            registry.TimelineSource(
                key="maturity",
                label=_("Maturity moves"),
                entries=services.maturity_entries,
                order=20,
            )
        )
        registry.register_checklist_item(
            registry.ChecklistItem(
                key="alignment",
                label="Alignment triangle assessed",
                check=services.checklist_alignment,
                order=50,
            )
        )
        registry.register_checklist_item(
            registry.ChecklistItem(
                key="placement",
                label="Value-risk placement made",
                check=services.checklist_placement,
                order=60,
            )
        )
