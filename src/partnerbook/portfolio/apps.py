from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "partnerbook.portfolio"
    label = "portfolio"
    verbose_name = "Portfolio"

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import services

        registry.register_card(
            registry.OverviewCard(
                key="portfolio_review",
                template="portfolio/_last_decision_card.html",
                context=services.overview_card,
                action="portfolio.view",
                order=60,
            )
        )
