from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partnerbook.core.marks import gettext_noop


class SourcingConfig(AppConfig):
    name = "partnerbook.sourcing"
    label = "sourcing"
    verbose_name = _("Sourcing playbook")

    def ready(self) -> None:
        from partnerbook.core import registry

        from . import import_columns, imports, services

        registry.register_nav(
            registry.NavItem(
                key="sourcing",
                label=_("Sourcing"),
                url_name="sourcing:list",
                action="sourcing.view",
                order=50,
            )
        )
        registry.register_import(
            registry.ImportKind(
                key="sourcing_criteria",
                label=_("Sourcing criteria (of sourcing projects)"),
                run=imports.import_criteria,
                columns=imports.COLUMNS,
                help_template="sourcing/_import_help.html",
                action="sourcing.edit",
                order=60,
                column_help=import_columns.CRITERIA_COLUMNS,
            )
        )
        for key, label, run, columns, order in (
            ("sourcing_candidates", _("Sourcing candidates (long and short lists)"),
             imports.import_candidates, imports.CANDIDATE_COLUMNS, 61),
            ("sourcing_evaluations", _("Sourcing evaluations (vetting scorecards)"),
             imports.import_evaluations, imports.EVALUATION_COLUMNS, 62),
            ("pilots", _("Pilots of suppliers"), imports.import_pilots, imports.PILOT_COLUMNS, 63),
        ):  # fmt: skip
            registry.register_import(
                registry.ImportKind(
                    key=key,
                    label=label,
                    run=run,
                    columns=columns,
                    help_template=f"sourcing/_import_help_{key}.html",
                    action="sourcing.edit",
                    order=order,
                    column_help=import_columns.BY_KIND[key],
                )
            )
        # Checklist texts go to the gate API as plain strings: marked here, translated where
        # the gate shows them.
        registry.register_checklist_item(
            registry.ChecklistItem(
                key="references",
                label=gettext_noop("At least two reference calls"),
                check=services.check_references,
                help=gettext_noop("Reference calls are recorded on the supplier's candidacies."),
                order=30,
            )
        )
        registry.register_checklist_item(
            registry.ChecklistItem(
                key="pilot",
                label=gettext_noop("A passed pilot"),
                check=services.check_pilot,
                help=gettext_noop(
                    "Record the pilot and its outcome with evidence on the Playbook tab."
                ),
                order=40,
            )
        )
