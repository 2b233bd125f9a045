from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "partnerbook.recognition"
    label = "recognition"
    verbose_name = "Referrals and recognition"

    def ready(self) -> None:
        pass
