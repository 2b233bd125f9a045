from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "partnerbook.reviews"
    label = "reviews"
    verbose_name = "Quarterly reviews"
