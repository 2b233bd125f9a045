from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "partnerbook.risk"
    label = "risk"
    verbose_name = "Portfolio risk"

    def ready(self) -> None:
        pass
