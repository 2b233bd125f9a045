"""Import interactions with suppliers from a CSV or XLSX file, by the same rules as the supplier
import: every row is checked first, each problem is reported with its row, column and reason,
and a file with errors changes nothing unless only the valid rows were asked for.

Each row names an existing supplier, by ``external_id`` or by ``supplier`` (its name, ignoring
case, when exactly one supplier has it); an import never creates suppliers. ``occurred_on``,
``channel`` and ``initiated_by`` are required; the rest is optional.

How a row finds what it is about, so that importing the same file twice never duplicates:

- a row with an ``external_ref`` is the interaction of that supplier with that reference
  (archived or not); when it exists and differs, it is updated. As in the other imports, an
  empty cell leaves the recorded value alone, so a value cannot be cleared by an import;
- a row without ``external_ref`` is left out as unchanged when the supplier already has an
  interaction (not archived) on the same day, through the same channel, started by the same
  side and with the same notes; otherwise it is added.

Everything is written through the relationship services, as the importing user, and the
touched suppliers' health is recomputed once at the end.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerbook.accounts.models import User
from partnerbook.accounts.policy import require
from partnerbook.core.registry import start_of
from partnerbook.suppliers.imports import (
    ImportResult,
    MappingArg,
    Progress,
    chunks,
    find_supplier,
    load_supplier_lookups,
    run_import,
    table_records,
)
from partnerbook.suppliers.models import Supplier

from . import domain, services
from .models import Interaction, InteractionSignal

COLUMNS = (
    "external_ref", "external_id", "supplier", "occurred_on", "channel", "initiated_by",
    "subject", "tags", "notes", "request_side", "request_kind", "asked_at", "answered_at",
)  # fmt: skip
IDENTITY = ("external_id", "supplier")
# The model's limits, checked here so that a long cell is a row error rather than a failed save.
TEXT_LIMITS = {"external_ref": 100, "subject": 200, "notes": 20_000}
# The service allows a few minutes of clock difference; the check here must not be stricter.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
SIDE_WORDS = {
    "ours": "ours", "our": "ours", "us": "ours", "we": "ours", "our side": "ours",
    "supplier": "supplier", "them": "supplier", "they": "supplier", "supplier side": "supplier",
}  # fmt: skip
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
# What a row with an external_ref is compared on (external_ref itself found the interaction).
_COMPARED = tuple(f for f in services.INTERACTION_FIELDS if f != "external_ref")


@dataclass
class _Plan:
    """What one valid row will do."""

    row: int
    supplier: Supplier
    data: dict[str, Any]  # a new interaction: every value; an update: the changes, plus tags
    interaction_id: int | None = None  # the existing interaction the row is about

    @property
    def action(self) -> str:
        if self.interaction_id is None:
            return "create"
        return "update" if self.data else "unchanged"


def import_interactions(
    actor: User,
    source: IO[bytes] | bytes,
    filename: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    mapping: MappingArg = None,
) -> ImportResult:
    """Check every row of an interactions file, then log or update the interactions as `actor`.

    Any error means nothing is saved, unless `valid_only`: then the valid rows are saved
    and the others reported. `dry_run` checks and counts without saving anything. After a
    save that changed something, the health of the suppliers concerned is recomputed.
    """
    require(actor, "supplier.import")
    touched: set[int] = set()
    result = run_import(
        ImportResult(dry_run=dry_run, valid_only=valid_only, can_create=True),
        source,
        filename,
        known=COLUMNS,
        identity=IDENTITY,
        check_rows=lambda table, columns, result: _check_rows(
            actor,
            table_records(table, columns, keep_spacing=("notes",)),
            set(columns.values()),
            result,
            progress,
        ),
        save=lambda plan: _save(actor, plan, touched),
        save_bulk=lambda plans: _save_bulk(actor, plans, touched),
        progress=progress,
        mapping=mapping,
    )
    if result.applied and not dry_run and touched:
        services.recompute(supplier_ids=sorted(touched))
    return result


# Checking rows -----------------------------------------------------------------------------


@dataclass
class _Row:
    """One row whose values are all valid, before it is matched with what is recorded."""

    number: int
    supplier: Supplier
    values: dict[str, Any]  # model fields with a value in the row
    tags: list[str] | None  # None: the row gives no tags


@dataclass
class _Existing:
    """The recorded interactions the file's rows may be about."""

    by_ref: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)
    tags: dict[int, list[str]] = field(default_factory=dict)
    by_content: dict[tuple[int, dt.date, str, str, str], int] = field(default_factory=dict)


def _load_existing(rows: list[_Row]) -> _Existing:
    """The recorded interactions the rows may match: by (supplier, external_ref) one query per
    500 references, by content one per 500 suppliers, and the tags one per 500 matches."""
    existing = _Existing()
    refs = sorted({(r.supplier.pk, r.values["external_ref"]) for r in rows if _ref(r)})
    for chunk in chunks(refs):
        wanted = set(chunk)
        found = Interaction.objects.filter(
            supplier_id__in={s for s, _ in chunk}, external_ref__in={ref for _, ref in chunk}
        )
        for values in found.order_by().values("pk", "supplier_id", *services.INTERACTION_FIELDS):
            key = (values["supplier_id"], values["external_ref"])
            if key in wanted:
                existing.by_ref[key] = values
    matched = sorted(values["pk"] for values in existing.by_ref.values())
    for chunk in chunks(matched):
        signals = InteractionSignal.objects.filter(interaction_id__in=chunk)
        for interaction_id, tag in signals.order_by().values_list("interaction_id", "tag"):
            existing.tags.setdefault(interaction_id, []).append(tag)

    plain = [r for r in rows if not _ref(r)]
    if plain:
        days = [r.values["occurred_on"] for r in plain]
        suppliers = sorted({r.supplier.pk for r in plain})
        for chunk in chunks(suppliers):
            found = Interaction.objects.filter(
                supplier_id__in=chunk, archived=False, occurred_on__range=(min(days), max(days))
            )
            columns = ("supplier_id", "occurred_on", "channel", "initiated_by", "notes")
            for pk, supplier_id, day, channel, side, notes in found.order_by().values_list(
                "pk", *columns
            ):
                existing.by_content.setdefault((supplier_id, day, channel, side, _lines(notes)), pk)
    return existing


def _ref(row: _Row) -> str:
    return str(row.values.get("external_ref", ""))


def _check_rows(
    actor: User,
    records: list[tuple[int, dict[str, str]]],
    header: set[str],
    result: ImportResult,
    progress: Progress | None,
) -> list[_Plan]:
    lookups = load_supplier_lookups(actor, records)
    identity_column = "external_id" if "external_id" in header else "supplier"
    rows: list[_Row] = []
    today = timezone.localdate()
    first_row_of: dict[tuple[int, str], int] = {}  # (supplier id, external_ref) -> first row
    for done, (number, record) in enumerate(records, start=1):
        errors: list[tuple[str | None, str]] = []
        if record.pop("__extra__", None):
            errors.append((None, "The row has more cells than the header has columns."))
        supplier, column, reason = find_supplier(record, lookups, identity_column)
        if supplier is None:
            errors.append((column, reason))
        elif ref := record.get("external_ref", ""):
            if (supplier.pk, ref) in first_row_of:
                first = first_row_of[supplier.pk, ref]
                errors.append(("external_ref", f"Row {first} is about the same interaction."))
            else:
                first_row_of[supplier.pk, ref] = number
        values, tags = _check_row(record, errors, today)
        for error_column, error_reason in errors:
            result.add_error(number, error_column, error_reason)
        if supplier is not None and not errors:
            rows.append(_Row(number, supplier, values, tags))
        if progress and (done % 100 == 0 or done == len(records)):
            progress("Checking", done, len(records))
    existing = _load_existing(rows)
    return [_plan(row, existing) for row in rows]


def _check_row(
    record: dict[str, str], errors: list[tuple[str | None, str]], today: dt.date | None = None
) -> tuple[dict[str, Any], list[str] | None]:
    """Parse every value of the row; append (column, reason) to `errors`.

    Returns the model field values the row gives, and its tags (None when it gives none).
    """
    values: dict[str, Any] = {}
    bad: set[str] = set()

    def fail(column: str, reason: str) -> None:
        errors.append((column, reason))
        bad.add(column)

    for key, limit in TEXT_LIMITS.items():
        text = record.get(key, "")
        if "\x00" in text:
            fail(key, "Remove the NUL character (invisible binary data) from this cell.")
        elif len(text) > limit:
            fail(key, f"At most {limit:,} characters are allowed; this cell has {len(text):,}.")
        elif text:
            values[key] = text

    occurred_on = record.get("occurred_on", "")
    if not occurred_on:
        fail("occurred_on", "Give the day of the interaction (YYYY-MM-DD).")
    else:
        try:
            values["occurred_on"] = _parse_day(occurred_on, today)
        except ValueError as exc:
            fail("occurred_on", str(exc))

    channel = record.get("channel", "")
    if not channel:
        fail("channel", f"Give the channel: one of {', '.join(domain.CHANNELS)}.")
    elif found := _choice(channel, domain.CHANNELS):
        values["channel"] = found
    else:
        fail("channel", f"Unknown channel '{channel}'. Use one of: {', '.join(domain.CHANNELS)}.")

    initiated_by = record.get("initiated_by", "")
    if side := SIDE_WORDS.get(initiated_by.casefold()):
        values["initiated_by"] = side
    else:
        fail("initiated_by", "Say who started the interaction: ours or supplier.")

    tags = None
    if record.get("tags"):
        tags, unknown = _parse_tags(record["tags"])
        for tag in unknown:
            fail("tags", f"Unknown tag '{tag}'. Known tags: {', '.join(domain.TAGS)}.")

    if text := record.get("request_side", ""):
        if side := SIDE_WORDS.get(text.casefold()):
            values["request_side"] = side
        else:
            fail("request_side", f"'{text}' is not a side; use ours or supplier.")
    if text := record.get("request_kind", ""):
        if kind := _choice(text, domain.REQUEST_KINDS):
            values["request_kind"] = kind
        else:
            kinds = ", ".join(domain.REQUEST_KINDS)
            fail("request_kind", f"Unknown request kind '{text}'. Use one of: {kinds}.")
    for key in ("asked_at", "answered_at"):
        if text := record.get(key, ""):
            try:
                values[key] = _parse_time(text)
            except ValueError as exc:
                fail(key, str(exc))

    asked, answered = values.get("asked_at"), values.get("answered_at")
    if asked and answered and answered < asked:
        fail("answered_at", "The answer cannot come before the request.")
    if "answered_at" in values and "asked_at" not in values and "asked_at" not in bad:
        fail("asked_at", "Say when the request was made.")
    asks = any(k in values for k in ("asked_at", "request_kind")) or "request" in (tags or [])
    if asks and "request_side" not in values and "request_side" not in bad:
        fail("request_side", "Say which side asked: ours or supplier.")
    return values, tags


def _parse_day(text: str, today: dt.date | None = None) -> dt.date:
    """A date from 'YYYY-MM-DD' (or the 'YYYY-MM-DDT00:00:00' of a spreadsheet date cell)."""
    found = _DATE.fullmatch(text)
    try:
        day = dt.date.fromisoformat(found.group(1)) if found else None
    except ValueError:
        day = None
    if day is None:
        raise ValueError(f"'{text}' is not a date; use YYYY-MM-DD.")
    if day > (today or timezone.localdate()):
        raise ValueError("An interaction cannot be dated in the future.")
    return day


def _parse_time(text: str) -> dt.datetime:
    """An aware time from 'YYYY-MM-DD HH:MM', 'YYYY-MM-DDTHH:MM[:SS]' or a plain date
    (midnight); times without an offset are in the site's time zone."""
    value = None
    if _DATE_TIME.fullmatch(text):
        try:
            value = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            value = None
    if value is None:
        raise ValueError(f"'{text}' is not a date and time; use YYYY-MM-DD HH:MM.")
    if len(text) == 10:
        value = start_of(value.date())
    elif timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now() + FUTURE_TOLERANCE:
        raise ValueError("This time is in the future.")
    return value


def _choice(text: str, choices: dict[str, str]) -> str | None:
    """The key of `choices` that `text` names by key or by label, ignoring case."""
    wanted = text.casefold()
    as_key = "_".join(wanted.replace("-", " ").split())
    for key, label in choices.items():
        if wanted in (key, label.casefold()) or as_key == key:
            return key
    return None


def _parse_tags(text: str) -> tuple[list[str], list[str]]:
    """(tag keys, unknown names) from 'a; b' (or 'a, b': one tag's label has commas, so a
    comma separates tags only when there is no semicolon)."""
    labels = {t.key: t.label for t in domain.TAGS.values()}
    if ";" not in text and _choice(text.strip(), labels):
        parts = [text]
    else:
        parts = text.split(";") if ";" in text else text.split(",")
    keys: list[str] = []
    unknown: list[str] = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        key = _choice(part, labels)
        if key is None:
            unknown.append(part)
        elif key not in keys:
            keys.append(key)
    return sorted(keys), unknown


# Matching ----------------------------------------------------------------------------------


def _plan(row: _Row, existing: _Existing) -> _Plan:
    """What the row does, given the interactions already recorded. A new interaction's plan
    takes over the row's values (one dict a row, not two, for a file of 100,000 rows)."""
    values = row.values
    ref = _ref(row)
    if not ref:
        content = (
            row.supplier.pk, values["occurred_on"], values["channel"], values["initiated_by"],
            _lines(values.get("notes", "")),
        )  # fmt: skip
        found = existing.by_content.get(content)
        if found is not None:
            return _Plan(row=row.number, supplier=row.supplier, data={}, interaction_id=found)
        return _Plan(row=row.number, supplier=row.supplier, data=_with_tags(values, row.tags))
    recorded = existing.by_ref.get((row.supplier.pk, ref))
    if recorded is None:
        return _Plan(row=row.number, supplier=row.supplier, data=_with_tags(values, row.tags))
    changes = {k: v for k, v in values.items() if k in _COMPARED and not _same(recorded[k], k, v)}
    recorded_tags = sorted(existing.tags.get(recorded["pk"], []))
    tags = recorded_tags
    if row.tags is not None:
        # The service adds the 'request' tag to every request; that is no change.
        asks = values.get("request_side") or recorded["request_side"]
        expected = sorted({*row.tags, "request"} if asks else set(row.tags))
        if expected != recorded_tags:
            changes["tags"] = row.tags
        tags = row.tags
    if changes:
        # Signals carry the side and day: re-send the tags so that they are rebuilt.
        changes.setdefault("tags", tags)
    return _Plan(row=row.number, supplier=row.supplier, data=changes, interaction_id=recorded["pk"])


def _with_tags(values: dict[str, Any], tags: list[str] | None) -> dict[str, Any]:
    values["tags"] = tags or []
    return values


def _same(recorded: Any, key: str, value: Any) -> bool:
    if key == "notes":  # browsers send CRLF, XLSX keeps LF: not a change people made
        return _lines(recorded or "") == _lines(value)
    return bool(recorded == value)


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Saving ------------------------------------------------------------------------------------


def _save(actor: User, plan: _Plan, touched: set[int]) -> None:
    if plan.interaction_id is None:
        services.record_interaction(actor, plan.supplier, plan.data)
    elif plan.data:
        interaction = Interaction.objects.select_for_update().filter(pk=plan.interaction_id).first()
        if interaction is None:
            raise ValidationError("Someone deleted this interaction meanwhile; import again.")
        interaction.supplier = plan.supplier  # already loaded; saves the permission check a query
        services.update_interaction(actor, interaction, plan.data)
    else:
        return
    touched.add(plan.supplier.pk)


def _save_bulk(actor: User, plans: Sequence[_Plan], touched: set[int]) -> list[_Plan]:
    """Log the new interactions in bulk (`services.record_interactions`); return the
    updates, which `_save` writes one by one through `services.update_interaction`."""
    creates = [plan for plan in plans if plan.interaction_id is None]
    services.record_interactions(actor, ((plan.supplier, plan.data) for plan in creates))
    touched.update(plan.supplier.pk for plan in creates)
    return [plan for plan in plans if plan.interaction_id is not None and plan.data]
