import dataclasses

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "partnerbook.recognition"
    label = "recognition"
    verbose_name = _("Referrals and recognition")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import import_columns, imports, services

        registry.register_tab(
            registry.SupplierTab(
                key="recognition", label=_("Recognition"), url_name="recognition:supplier",
                action="recognition.view", order=75,
            )
        )  # fmt: skip
        registry.register_nav(
            registry.NavItem(
                key="recognition", label=_("Recognition"), url_name="recognition:referrals",
                action="recognition.view", order=70,
                group=registry.NAV_RELATIONSHIPS,
            )
        )  # fmt: skip
        registry.register_card(
            registry.OverviewCard(
                key="recognition", template="recognition/_card.html",
                context=services.overview_card, action="recognition.view", order=80,
            )
        )  # fmt: skip
        registry.register_timeline(
            registry.TimelineSource(
                key="recognition", label=_("Wins and referrals"),
                entries=services.timeline_entries, order=60,
            )
        )  # fmt: skip
        for kind in imports.KINDS:
            registry.register_import(
                dataclasses.replace(kind, column_help=import_columns.BY_KIND[kind.key])
            )
