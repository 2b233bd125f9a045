from django.apps import AppConfig


class EconomicsConfig(AppConfig):
    name = "partnerbook.economics"
    label = "economics"
    verbose_name = "Partnership economics"

    def ready(self) -> None:
        pass
