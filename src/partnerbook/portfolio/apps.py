from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "partnerbook.portfolio"
    label = "portfolio"
    verbose_name = "Portfolio"
