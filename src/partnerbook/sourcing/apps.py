from django.apps import AppConfig


class SourcingConfig(AppConfig):
    name = "partnerbook.sourcing"
    label = "sourcing"
    verbose_name = "Sourcing playbook"
