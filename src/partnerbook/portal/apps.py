from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Kinds of e-mail (see accounts.notifications) every portal feature sends.
SUPPLIER_WROTE = "portal.supplier_wrote"
WE_REPLIED = "portal.we_replied"


class PortalConfig(AppConfig):
    name = "partnerbook.portal"
    label = "portal"
    verbose_name = _("Supplier portal")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import queries, services

        registry.register_nav(
            registry.NavItem(
                key="portal.home",
                label=_("Home"),
                url_name="portal:home",
                action="portal.use",
                order=0,
            )
        )
        registry.register_email_kind(
            registry.EmailKind(
                key=SUPPLIER_WROTE,
                label=_("A supplier wrote through the portal"),
                description=_(
                    "Sent to a supplier's relationship owner when one of the "
                    "supplier's people sends a suggestion, an early warning, a concern, a "
                    "rating or an answer, or asks a question."
                ),
                audience="internal",
                order=10,
            )
        )
        registry.register_email_kind(
            registry.EmailKind(
                key=WE_REPLIED,
                label=_("An answer from us"),
                description=_(
                    "Sent when someone on our side answers your question or asks you "
                    "for something through the portal."
                ),
                audience="portal",
                order=20,
            )
        )
        registry.register_portal_card(
            registry.PortalCard(
                key="portal.contacts",
                title=_("Who to talk to"),
                template="portal/cards/contacts.html",
                context=queries.contacts_card,
                order=1000,
            )
        )
        # The supplier's voice: suggestions, early warnings and concerns.
        registry.register_nav(
            registry.NavItem(
                key="portal.voice",
                label=_("Talk to us"),
                url_name="portal_voice:talk",
                action="portal.use",
                order=10,
            )
        )
        registry.register_portal_card(
            registry.PortalCard(
                key="portal.voice",
                title=_("Your voice"),
                template="portal/cards/voice.html",
                context=queries.voice_card,
                order=20,
            )
        )
        registry.register_tab(
            registry.SupplierTab(
                key="voice",
                label=_("Supplier voice"),
                url_name="voice:supplier",
                action="relationship.view",
                order=34,
            )
        )
        registry.register_timeline(
            registry.TimelineSource(
                key="voice",
                label=_("Supplier voice"),
                entries=services.timeline_entries,
                order=36,
            )
        )
        registry.register_signal_feed(
            registry.SignalFeed(
                key="voice",
                label=_("Supplier portal"),
                events=services.signal_events,
            )
        )
