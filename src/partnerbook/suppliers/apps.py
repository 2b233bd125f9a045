from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "partnerbook.suppliers"
    label = "suppliers"
    verbose_name = "Supplier registry"
