"""`accounts` is the bottom layer: every app imports its policy, so it must import no feature
app (the arrows run features → suppliers → core → accounts, see docs/architecture.md).

Allowed besides `accounts` itself: `core` (the audit, the shared API shapes) and
`suppliers.models` only, because portal users, invitations and registrations point at
suppliers, contacts and categories. No other module of `suppliers` (services, schemas, api,
views) and nothing of any other app. Read from the source with `ast`, so an import inside a
function or under TYPE_CHECKING counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import partnerbook

ROOT = Path(partnerbook.__file__).parent
ACCOUNTS = ROOT / "accounts"
ALLOWED_PACKAGES = ("partnerbook.accounts", "partnerbook.core")
ALLOWED_MODULES = {"partnerbook.suppliers.models"}
IMPORT_FUNCTIONS = {"import_module", "__import__"}


def _module_of(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_of(path: Path) -> str:
    module = _module_of(path)
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
    """(line, dotted name) of everything `source` imports, relative imports resolved against
    `package`; `from a import b` yields `a.b`, since `b` may be a module."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in IMPORT_FUNCTIONS and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.append((node.lineno, first.value))
    return found


def _allowed(name: str) -> bool:
    if not name.startswith("partnerbook.") and name != "partnerbook":
        return True  # the standard library and third-party packages
    if any(name == p or name.startswith(p + ".") for p in ALLOWED_PACKAGES):
        return True
    # `from partnerbook.suppliers.models import Contact` reads as ...models.Contact.
    return any(name == m or name.startswith(m + ".") for m in ALLOWED_MODULES)


def layering_violations(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    return [
        f"{path.relative_to(ROOT.parent)}:{line} imports {name}"
        for line, name in imported_modules(source, _package_of(path))
        if not _allowed(name)
    ]


def accounts_files() -> list[Path]:
    return sorted(ACCOUNTS.rglob("*.py"))


def test_accounts_imports_no_feature_app():
    violations = [v for path in accounts_files() for v in layering_violations(path)]
    assert violations == [], "\n".join(violations)


def test_the_check_reads_every_accounts_module_and_sees_its_real_imports():
    files = {path.relative_to(ACCOUNTS).as_posix() for path in accounts_files()}
    assert {"services.py", "api.py", "views.py", "schemas.py", "forms.py"} <= files
    names = {
        name
        for path in accounts_files()
        for _, name in imported_modules(path.read_text(encoding="utf-8"), _package_of(path))
    }
    assert "partnerbook.core.audit.save_audited" in names
    assert "partnerbook.accounts.policy.require" in names  # `from .policy import require`
    assert "partnerbook.suppliers.models.Contact" in names


def test_the_check_catches_every_way_of_importing_a_feature_app():
    source = """
from partnerbook.sourcing.models import Candidate
from partnerbook.suppliers.schemas import CategoryRef
from partnerbook import segmentation
from ..suppliers import services
import partnerbook.suppliers.api
from partnerbook.suppliers.models import Contact
from partnerbook.core.audit import save_audited
from .policy import require
import django.db
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from partnerbook.relationship.models import Interaction
def later():
    from partnerbook.sourcing import services
    return importlib.import_module("partnerbook.gate.services")
"""
    refused = [
        (line, name)
        for line, name in imported_modules(source, "partnerbook.accounts")
        if not _allowed(name)
    ]
    assert [line for line, _ in refused] == [2, 3, 4, 5, 6, 13, 15, 16]
    assert refused[3] == (5, "partnerbook.suppliers.services")  # the relative import resolved
