"""The `partnerbook` command: a thin front door to the project's management commands.

partnerbook serve [--host H] [--port P]     serve the app (waitress)
partnerbook demo [--reset] [--if-empty]     load the demo portfolio
partnerbook createadmin                     create an administrator
partnerbook import KIND FILE                import suppliers, segmentation or interactions
partnerbook template KIND [--output FILE]   write the Excel template of an import kind
partnerbook export suppliers FILE           export suppliers to CSV/XLSX
partnerbook status SUPPLIER STATUS [--override-reason R]  move a supplier (checklist gate)
partnerbook checklist SUPPLIER              show a supplier's decision checklist
partnerbook tokens ...                      create, list and revoke API tokens
partnerbook recompute [--as-of D] [--supplier ID]  recompute relationship health and drift
partnerbook worker [--batch]                run background tasks and the daily jobs
partnerbook backup FILE [--force]           consistent online snapshot (database + documents)
partnerbook restore FILE [--yes]            put a snapshot back (replaces all data), then migrate
partnerbook <any Django command>            e.g. migrate, check, shell
"""

from __future__ import annotations

import os
import sys

# Subcommand names that are Python keywords or clash with Django's own are mapped here.
ALIASES = {
    "import": "importdata",
    "export": "exportdata",
    "tokens": "apitokens",
    "cadence-check": "cadence_check",
    "status": "setstatus",
    "template": "importtemplate",
}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerbook.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if len(args) > 1:
        args[1] = ALIASES.get(args[1], args[1])
    else:
        args.append("help")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
