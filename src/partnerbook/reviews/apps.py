from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "partnerbook.reviews"
    label = "reviews"
    verbose_name = "Quarterly reviews"

    def ready(self) -> None:
        from partnerbook.core import registry

        registry.register_tab(
            registry.SupplierTab(
                key="reviews",
                label="Reviews",
                url_name="reviews:supplier",
                action="review.view",
                order=27,
            )
        )
