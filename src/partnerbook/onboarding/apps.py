from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "partnerbook.onboarding"
    label = "onboarding"
    verbose_name = _("Onboarding and growth")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import import_columns, imports, portal, services

        registry.register_checklist_item(
            registry.ChecklistItem(
                key="onboarding",
                label="Onboarding plan created",
                check=services.checklist,
                help="A 30-60-90-day plan with a point of contact on our side and its tasks.",
                order=80,
            )
        )
        registry.register_nav(
            registry.NavItem(
                key="portal.onboarding",
                label=_("Onboarding"),
                url_name="portal_onboarding:space",
                action="portal.use",
                order=5,
            )
        )
        registry.register_portal_card(
            registry.PortalCard(
                key="onboarding.plan",
                title=_("Your onboarding"),
                template="onboarding/portal/card.html",
                context=portal.home_card,
                order=10,
            )
        )
        registry.register_import(
            registry.ImportKind(
                key="onboarding_tasks",
                label=_("Onboarding tasks (of active onboarding plans)"),
                run=imports.import_tasks,
                columns=imports.COLUMNS,
                help_template="onboarding/_import_help.html",
                column_help=import_columns.TASK_COLUMNS,
                order=70,
            )
        )
