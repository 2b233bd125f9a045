"""The mapping step every import goes through before its header is checked: the file's
column titles become Partnerbook columns (by name, by a known synonym, or by the user's
mapping or saved profile), columns the user chose to leave out are dropped, and the values of
recognised columns are cleaned up (country names to ISO codes, currency codes to upper case,
dates to YYYY-MM-DD, decimal commas to points when the mapping says so).

Errors found later name the file's own column titles again (`HeaderPlan.restore`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django_countries import countries

from . import synonyms
from .synonyms import IGNORE, header_key


@dataclass(frozen=True)
class ColumnMapping:
    """How to read another system's file: header -> column, headers to leave out, and the
    file's date order (None: not stated) and decimal separator."""

    columns: Mapping[str, str] = field(default_factory=dict)
    ignored: Sequence[str] = ()
    day_first: bool | None = None
    decimal_comma: bool = False

    @classmethod
    def of(cls, value: Any) -> ColumnMapping:
        """`value` as a ColumnMapping: None, a ColumnMapping, a saved ImportMapping or a
        plain dict {header: column} (a column of IGNORE leaves the header out)."""
        if value is None:
            return cls()
        if isinstance(value, ColumnMapping):
            return value
        if isinstance(value, Mapping):
            return cls(
                columns={k: v for k, v in value.items() if v != IGNORE},
                ignored=[k for k, v in value.items() if v == IGNORE],
            )
        return cls(  # a saved profile (suppliers.models.ImportMapping)
            columns=dict(value.columns or {}),
            ignored=list(value.ignored or []),
            day_first=value.date_order != "month_first",
            decimal_comma=bool(value.decimal_comma),
        )


@dataclass
class HeaderPlan:
    """What the mapping does to one file's header."""

    header: list[str]  # the new header (Partnerbook columns, or the title when unknown)
    keep: list[int]  # positions of the file's columns that stay (the others are left out)
    titles: dict[str, str]  # Partnerbook column -> the file's own title, where they differ
    kinds: dict[int, str]  # new position -> value kind (synonyms.DATE, ...), when not TEXT
    errors: list[tuple[str, str]]  # (the file's title, reason): header problems
    mapping: ColumnMapping
    width: int  # how many columns the file's header has

    @property
    def changes(self) -> bool:
        return bool(self.titles or len(self.keep) != self.width or self.kinds)

    def row(self, cells: list[str]) -> list[str]:
        """`cells` with left-out columns dropped and values cleaned up."""
        if len(self.keep) != self.width:
            kept = [cells[i] if i < len(cells) else "" for i in self.keep]
            extra = cells[self.width :]
            if not extra:
                while kept and not kept[-1].strip():
                    kept.pop()
            cells = kept + extra
        else:
            cells = list(cells)
        for index, kind in self.kinds.items():
            if index < len(cells) and cells[index].strip():
                cells[index] = clean_value(cells[index], kind, self.mapping)
        return cells

    def restore(self, errors: list[Any]) -> list[Any]:
        """`errors` (RowError) naming the file's own column titles instead of ours."""
        if not self.titles:
            return errors
        return [
            type(e)(e.row, self.titles.get(e.column, e.column), e.reason)
            if e.column in self.titles
            else e
            for e in errors
        ]


def plan_header(header: Sequence[str], known: Sequence[str], mapping: Any = None) -> HeaderPlan:
    """How `mapping` (anything `ColumnMapping.of` takes) and the synonyms turn `header` into
    `known` columns. A title the mapping names gets its column; one it ignores is dropped; the
    others are recognised by name or synonym, or stay as they are (reported as unknown)."""
    wanted = ColumnMapping.of(mapping)
    chosen = {header_key(k): v for k, v in wanted.columns.items()}
    ignored = {header_key(k) for k in wanted.ignored}
    errors: list[tuple[str, str]] = []
    taken: dict[str, str] = {}
    for title in header:
        column = chosen.get(header_key(title))
        if column is None:
            continue
        if column not in known:
            errors.append((title.strip(), f"The mapping sends this column to '{column}', "
                           "which this kind of file does not have."))  # fmt: skip
        elif column in taken:
            errors.append((title.strip(), f"The mapping sends this column and "
                           f"'{taken[column]}' to the same column '{column}'."))  # fmt: skip
        else:
            taken[column] = title.strip()
    rest = [t for t in header if header_key(t) not in chosen and header_key(t) not in ignored]
    found = iter(synonyms.recognise_header(rest, known, taken=taken))
    new_header: list[str] = []
    keep: list[int] = []
    titles: dict[str, str] = {}
    kinds: dict[int, str] = {}
    for index, title in enumerate(header):
        key = header_key(title)
        if key and key in ignored and key not in chosen:
            continue
        column = chosen.get(key) if key in chosen else next(found)
        keep.append(index)
        if column is None or column not in known:
            new_header.append(title)
            continue
        if column in new_header:  # reported above; keep the title so the header check sees it
            new_header.append(title)
            continue
        new_header.append(column)
        if title.strip() != column:
            titles[column] = title.strip()
        kind = synonyms.value_kind(column)
        if kind != synonyms.TEXT:
            kinds[len(new_header) - 1] = kind
    return HeaderPlan(new_header, keep, titles, kinds, errors, wanted, len(header))


def clean_value(text: str, kind: str, mapping: ColumnMapping) -> str:
    """`text` cleaned up for a column of value `kind`; unchanged when no clean-up applies,
    so that the import's own check reports it."""
    if kind == synonyms.COUNTRY:
        return country_code(text) or text
    if kind == synonyms.CURRENCY:
        return synonyms.normalise_currency(text)
    if kind == synonyms.DATE:
        return synonyms.normalise_date(text, day_first=mapping.day_first)
    if kind == synonyms.DATETIME:
        return synonyms.normalise_date(text, day_first=mapping.day_first, keep_time=True)
    if kind == synonyms.MONTH:
        return synonyms.normalise_month(text, day_first=mapping.day_first)
    if kind == synonyms.NUMBER and mapping.decimal_comma:
        return synonyms.normalise_decimal_comma(text)
    return text


def country_code(text: str) -> str:
    """The ISO 3166 alpha-2 code of a country name ('Germany'), alpha-2 or alpha-3 code
    ('de', 'DEU'), or '' when `text` is none of these."""
    value = text.strip()
    if 2 <= len(value) <= 3 and value.isalpha():
        code = countries.alpha2(value.upper())
        if code:
            return str(code)
    found = countries.by_name(value, insensitive=True)
    return str(found) if found else ""
