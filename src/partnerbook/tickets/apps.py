from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "partnerbook.tickets"
    label = "tickets"
    verbose_name = _("Supplier questions")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import portal, services

        registry.register_tab(
            registry.SupplierTab(
                key="questions",
                label=_("Questions"),
                url_name="tickets:supplier",
                action="relationship.view",
                order=33,
            )
        )
        registry.register_card(
            registry.OverviewCard(
                key="questions",
                template="tickets/_card.html",
                context=services.overview_card,
                action="relationship.view",
                order=6,
            )
        )
        registry.register_nav(
            registry.NavItem(
                key="portal.questions",
                label=_("Questions"),
                url_name="portal_tickets:list",
                action="portal.use",
                order=70,
            )
        )
        registry.register_portal_card(
            registry.PortalCard(
                key="tickets.open",
                title=_("Your questions"),
                template="tickets/portal/card.html",
                context=portal.home_card,
                order=50,
            )
        )
