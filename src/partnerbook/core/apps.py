from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "partnerbook.core"
    label = "core"
    verbose_name = "Partnerbook core"
