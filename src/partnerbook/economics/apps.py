import dataclasses

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomicsConfig(AppConfig):
    name = "partnerbook.economics"
    label = "economics"
    verbose_name = _("Partnership economics")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import import_columns, imports, services

        registry.register_tab(
            registry.SupplierTab(
                key="economics", label=_("Economics"), url_name="economics:supplier",
                action="economics.view", order=36,
            )
        )  # fmt: skip
        registry.register_nav(
            registry.NavItem(
                key="economics", label=_("Economics"), url_name="economics:portfolio",
                action="economics.view", order=46,
                group=registry.NAV_PORTFOLIO,
            )
        )  # fmt: skip
        registry.register_timeline(
            registry.TimelineSource(
                key="economics", label=_("Gain-share"), entries=services.timeline_entries,
                order=60,
            )
        )  # fmt: skip
        for kind in imports.KINDS:
            registry.register_import(
                dataclasses.replace(kind, column_help=import_columns.BY_KIND[kind.key])
            )
