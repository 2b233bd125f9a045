from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "partnerbook.documents"
    label = "documents"
    verbose_name = "Documents and certificates"

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import domain, services, tasks

        registry.register_tab(
            registry.SupplierTab(
                key="documents",
                label="Documents",
                url_name="documents:supplier",
                action="document.view",
                order=29,
            )
        )
        registry.register_alert_kind(
            registry.AlertKind(
                services.ALERT_KIND,
                "Certificate expiring",
                f"A supplier's certificate expires within {domain.ALERT_DAYS} days or has expired.",
            )
        )
        registry.register_schedule(
            registry.ScheduledJob(
                key="documents.daily_check",
                task=tasks.daily_check,
                hour=3,
                minute=30,
                description="Raise alerts for certificates expiring within 30 days or expired.",
            )
        )
