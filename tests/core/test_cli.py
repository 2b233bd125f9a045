"""The `partnerbook` console script."""

from __future__ import annotations

import subprocess
import sys

import pytest

from partnerbook.cli import ALIASES, main


@pytest.mark.django_db
def test_friendly_names_reach_the_management_commands(buyer, capsys):
    main(["partnerbook", "tokens", "create", buyer.username, "from the cli"])
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("pbk_")


def test_import_and_export_map_to_commands_that_exist():
    from django.core.management import get_commands

    commands = get_commands()
    for alias in ("import", "export", "tokens"):
        assert ALIASES[alias] in commands
    assert {"serve", "demo", "createadmin"} <= set(commands)


def test_the_installed_script_lists_the_subcommands(tmp_path):
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "partnerbook.cli", "help"],
        capture_output=True,
        text=True,
        env={"PARTNERBOOK_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    assert "serve" in result.stdout and "createadmin" in result.stdout
