from django.apps import AppConfig


class GateConfig(AppConfig):
    name = "partnerbook.gate"
    label = "gate"
    verbose_name = "Decision checklist"

    def ready(self) -> None:
        from partnerbook.core import registry

        registry.register_tab(
            registry.SupplierTab(
                key="playbook",
                label="Playbook",
                url_name="gate:supplier",
                action="playbook.view",
                order=12,
            )
        )
