from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "partnerbook.documents"
    label = "documents"
    verbose_name = _("Documents and certificates")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import domain, portal, services, tasks

        registry.register_tab(
            registry.SupplierTab(
                key="documents",
                label=_("Documents"),
                url_name="documents:supplier",
                action="document.view",
                order=29,
            )
        )
        registry.register_nav(
            registry.NavItem(
                key="portal.documents",
                label=_("Documents"),
                url_name="portal_documents:list",
                action="portal.use",
                order=60,
            )
        )
        registry.register_portal_card(
            registry.PortalCard(
                key="documents.expiring",
                title=_("Expiring certificates"),
                template="documents/portal/card_expiring.html",
                context=portal.expiring_card,
                order=40,
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
