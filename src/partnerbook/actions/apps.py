from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "partnerbook.actions"
    label = "actions"
    verbose_name = "Action items"

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import services

        registry.register_nav(
            registry.NavItem(
                key="actions",
                label="Actions",
                url_name="actions:mine",
                action="action.view",
                badge=services.overdue_count,
                order=60,
            )
        )
        registry.register_timeline(
            registry.TimelineSource(
                key="actions",
                label="Action items",
                entries=services.timeline_entries,
                order=60,
            )
        )
