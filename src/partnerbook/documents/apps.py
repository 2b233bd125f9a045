from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "partnerbook.documents"
    label = "documents"
    verbose_name = "Documents and certificates"
