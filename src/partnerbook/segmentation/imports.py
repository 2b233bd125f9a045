"""Import segmentation factors from a CSV or XLSX file, by the same rules as the supplier import:
every row is checked first, each problem is reported with its row, column and reason, and a
file with errors changes nothing unless only the valid rows were asked for.

Each row names an existing supplier, by ``external_id`` or by ``supplier`` (its name, ignoring
case, when exactly one supplier has it); an import never creates suppliers. The other columns
are optional: the factors (1–5 scales, yes/no for the questions, a count of serious incidents),
``chosen_model`` and the two sides' expectations. An empty cell leaves the value as it is, so
re-importing a file changes nothing the second time; a value cannot be cleared by an import.
Everything is written through the segmentation services, as the importing user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import IO, Any

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.suppliers.imports import (
    ImportResult,
    MappingArg,
    Progress,
    find_supplier,
    load_supplier_lookups,
    run_import,
    table_records,
)
from partnerbook.suppliers.models import Supplier

from . import domain, services
from .models import SegmentationProfile

BOOLEAN_FACTORS = (
    "single_source", "commodity", "supplier_is_competitor", "regulation_mandates_distance",
    "shared_risk_reward",
)  # fmt: skip
COUNT_FACTORS = ("serious_incidents",)
SCALE_FACTORS = tuple(
    f for f in services.FACTOR_FIELDS if f not in BOOLEAN_FACTORS and f not in COUNT_FACTORS
)
EXPECTATION_COLUMNS = ("our_expectation", "supplier_expectation")
IDENTITY = ("external_id", "supplier")
COLUMNS = (*IDENTITY, *services.FACTOR_FIELDS, "chosen_model", *EXPECTATION_COLUMNS)
MAX_INCIDENTS = 1000
YES = frozenset({"yes", "true", "1"})
NO = frozenset({"no", "false", "0"})

assert set(BOOLEAN_FACTORS + COUNT_FACTORS + SCALE_FACTORS) == set(services.FACTOR_FIELDS)  # noqa: S101


@dataclass
class _Plan:
    """What one valid row will change (only the values that differ from what is recorded)."""

    row: int
    supplier: Supplier
    factors: dict[str, Any] = field(default_factory=dict)
    chosen_model: str | None = None
    expectations: dict[str, str] = field(default_factory=dict)

    @property
    def action(self) -> str:
        changes = self.factors or self.chosen_model is not None or self.expectations
        return "update" if changes else "unchanged"


def import_segmentation(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    mapping: MappingArg = None,
) -> ImportResult:
    """Check every row of a segmentation file, then record the factors as `actor`.

    Any error means nothing is saved, unless `valid_only`: then the valid rows are saved
    and the others reported. `dry_run` checks and counts without saving anything.
    """
    require(actor, "supplier.import")
    return run_import(
        ImportResult(dry_run=dry_run, valid_only=valid_only, can_create=False),
        source,
        filename,
        known=COLUMNS,
        identity=IDENTITY,
        check_rows=lambda table, columns, result: _check_rows(
            actor, table_records(table, columns), set(columns.values()), result, progress
        ),
        save=lambda plan: _save(actor, plan),
        progress=progress,
        mapping=mapping,
    )


# Checking rows -----------------------------------------------------------------------------


def _check_rows(
    actor: User,
    records: list[tuple[int, dict[str, str]]],
    header: set[str],
    result: ImportResult,
    progress: Progress | None,
) -> list[_Plan]:
    lookups = load_supplier_lookups(actor, records, related=("segmentation",))
    identity_column = "external_id" if "external_id" in header else "supplier"
    plans: list[_Plan] = []
    first_row_of: dict[int, int] = {}  # supplier id -> first row about it
    for done, (number, record) in enumerate(records, start=1):
        errors: list[tuple[str | None, str]] = []
        if record.pop("__extra__", None):
            errors.append((None, "The row has more cells than the header has columns."))
        supplier, column, reason = find_supplier(record, lookups, identity_column)
        if supplier is None:
            errors.append((column, reason))
        elif supplier.pk in first_row_of:
            errors.append((column, f"Row {first_row_of[supplier.pk]} is about the same supplier."))
        else:
            first_row_of[supplier.pk] = number
        plan = _check_row(number, record, supplier, errors)
        for error_column, error_reason in errors:
            result.add_error(number, error_column, error_reason)
        if plan is not None and not errors:
            plans.append(plan)
        if progress and (done % 100 == 0 or done == len(records)):
            progress("Checking", done, len(records))
    return plans


def _check_row(
    number: int,
    record: dict[str, str],
    supplier: Supplier | None,
    errors: list[tuple[str | None, str]],
) -> _Plan | None:
    """Parse every value of the row; append (column, reason) to `errors`.

    Returns what the row changes, or None when it cannot be imported.
    """
    values: dict[str, Any] = {}
    for key in services.FACTOR_FIELDS:
        text = record.get(key, "")
        if not text:
            continue
        try:
            values[key] = _parse_factor(key, text)
        except ValueError as exc:
            errors.append((key, str(exc)))
    if record.get("chosen_model"):
        models = [m.value for m in domain.EngagementModel]
        chosen = record["chosen_model"].casefold()
        if chosen in models:
            values["chosen_model"] = chosen
        else:
            errors.append(("chosen_model", f"Use one of: {', '.join(models)}."))
    for key in EXPECTATION_COLUMNS:
        if record.get(key):
            stages = [s.value for s in domain.Stage]
            stage = record[key].casefold()
            if stage in stages:
                values[key] = stage
            else:
                errors.append((key, f"Use one of the maturity stages: {', '.join(stages)}."))
    if supplier is None or errors:
        return None
    profile: SegmentationProfile = services.profile_of(supplier)
    changed = {k: v for k, v in values.items() if getattr(profile, k) != v}
    return _Plan(
        row=number,
        supplier=supplier,
        factors={k: v for k, v in changed.items() if k in services.FACTOR_FIELDS},
        chosen_model=changed.get("chosen_model"),
        expectations={k: v for k, v in changed.items() if k in EXPECTATION_COLUMNS},
    )


def _parse_factor(key: str, text: str) -> bool | int:
    """The value of one factor cell; ValueError with a reason people understand."""
    if key in BOOLEAN_FACTORS:
        word = text.casefold()
        if word in YES:
            return True
        if word in NO:
            return False
        raise ValueError(f"'{text}' is not yes or no (also true/false or 1/0).")
    number = _whole_number(text)
    if key in COUNT_FACTORS:
        if number is None or not 0 <= number <= MAX_INCIDENTS:
            raise ValueError(f"'{text}' is not a count from 0 to {MAX_INCIDENTS}.")
        return number
    if number is None or not 1 <= number <= 5:
        raise ValueError(f"'{text}' is not a whole number from 1 to 5.")
    return number


def _whole_number(text: str) -> int | None:
    """'3', '3.0' or '3,0' (spreadsheets write whole numbers either way) -> 3; else None."""
    found = re.fullmatch(r"(\d{1,6})(?:[.,]0*)?", text)
    return int(found.group(1)) if found else None


# Saving ------------------------------------------------------------------------------------


def _save(actor: User, plan: _Plan) -> None:
    if plan.factors:
        services.update_factors(actor, plan.supplier, plan.factors)
    if plan.chosen_model is not None:
        services.choose_engagement_model(actor, plan.supplier, plan.chosen_model)
    if plan.expectations:
        services.set_expectations(actor, plan.supplier, plan.expectations)
