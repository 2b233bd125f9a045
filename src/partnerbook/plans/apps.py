from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "partnerbook.plans"
    label = "plans"
    verbose_name = _("Relationship plans")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import services

        registry.register_tab(
            registry.SupplierTab(
                key="plan", label=_("Plan"), url_name="plans:supplier", action="plan.view", order=50
            )
        )
        registry.register_response_targets(
            registry.ResponseTargets(key="plans", targets=services.response_targets)
        )
