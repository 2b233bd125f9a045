from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "partnerbook.portfolio"
    label = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import services

        for key, label, url_name, order in (
            ("portfolio", _("Value-risk matrix"), "portfolio:matrix", 10),
            ("portfolio_review", _("Portfolio review"), "portfolio:rounds", 47),
            ("getting_started", _("Getting started"), "portfolio:getting_started", 48),
        ):
            registry.register_nav(
                registry.NavItem(
                    key=key, label=label, url_name=url_name, action="portfolio.view",
                    order=order, group=registry.NAV_PORTFOLIO,
                )
            )  # fmt: skip
        registry.register_card(
            registry.OverviewCard(
                key="portfolio_review",
                template="portfolio/_last_decision_card.html",
                context=services.overview_card,
                action="portfolio.view",
                order=60,
            )
        )
