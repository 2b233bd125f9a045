from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "partnerbook.onboarding"
    label = "onboarding"
    verbose_name = "Onboarding and growth"

    def ready(self) -> None:
        pass
