from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "partnerbook.practices"
    label = "practices"
    verbose_name = "Collaboration practices"

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import services

        registry.register_tab(
            registry.SupplierTab(
                key="practices",
                label="Practices",
                url_name="practices:supplier",
                action="practice.view",
                order=60,
            )
        )
        registry.register_timeline(
            registry.TimelineSource(
                key="practices",
                label="Practices and agreements",
                entries=services.timeline_entries,
                order=60,
            )
        )
