from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "partnerbook.reviews"
    label = "reviews"
    verbose_name = _("Quarterly reviews")

    def ready(self) -> None:
        from partnerbook.core import registry

        registry.register_tab(
            registry.SupplierTab(
                key="reviews",
                label=_("Reviews"),
                url_name="reviews:supplier",
                action="review.view",
                order=27,
            )
        )
