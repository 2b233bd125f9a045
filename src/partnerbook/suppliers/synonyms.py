"""Column names other systems use for Partnerbook's import columns, and the plain-text value
clean-ups an import applies to recognised columns (dates, decimal commas, currency codes).

Pure: no Django import, plain strings in and out, so that it is tested without a database.
The synonyms come from the column titles of common ERP exports: ERPNext, Odoo, SAP's vendor
master (table LFA1 and friends, field names such as LIFNR or NAME1) and Microsoft Dynamics.
A synonym only counts for a kind of file that has the column it stands for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# Partnerbook column -> other names for it. Written as people see them in exports; compared
# with `header_key`, so case, spacing, dots, dashes and underscores do not matter.
SYNONYMS: dict[str, tuple[str, ...]] = {
    # Suppliers (and the supplier a row of another kind is about)
    "external_id": (
        "id", "supplier id", "supplier code", "vendor id", "vendor code", "vendor number",
        "vendor no", "vendor account", "vendor account number", "account number", "lifnr",
        "supplier number", "supplier no", "partner id", "code", "reference", "internal reference",
        "ref", "no", "number",
    ),
    "name": (
        "supplier name", "vendor name", "company name", "name1", "display name",
        "organisation name", "organization name", "company",
    ),
    "supplier": (
        "supplier name", "vendor name", "vendor", "partner", "partner name", "company name",
        "name1", "supplier_name",
    ),
    "legal_name": (
        "legal name", "registered name", "company legal name", "name2", "full name",
        "supplier legal name", "vendor legal name", "official name",
    ),
    "category": (
        "supplier group", "vendor group", "supplier category", "vendor category",
        "group", "tags category", "category name",
        "purchasing category", "commodity",
    ),
    "country": (
        "country", "country code", "country region", "country/region", "land1", "country key",
        "country name", "countryregionid", "country/region code", "nation",
    ),
    "website": ("website", "web site", "url", "homepage", "home page", "web", "site"),
    "status": ("status", "state", "supplier status", "vendor status", "lifecycle status"),
    "annual_spend": (
        "annual spend", "yearly spend", "spend", "total spend", "purchase volume",
        "annual purchase volume", "purchases", "total purchased", "total invoiced", "purchased",
    ),
    "currency": (
        "currency", "billing currency", "default currency", "currency code", "waers", "curr",
        "order currency", "currency id", "supplier currency", "purchase currency",
        "transaction currency", "document currency",
    ),
    "relationship_owner": (
        "relationship owner", "buyer", "purchaser", "purchase agent", "purchasing agent",
        "account manager", "owner", "responsible", "ekgrp", "buyer group", "purchaser name",
    ),
    "tags": ("tags", "labels", "keywords", "supplier tags"),
    "notes": (
        "notes", "note", "remarks", "remark", "comments", "comment", "description",
        "supplier details", "internal notes", "memo",
    ),
    # Deliveries (purchase-order lines)
    "po_line_id": (
        "po line", "po line id", "purchase order line", "order line", "line id", "ebelp",
        "po number line", "purchase order line id", "line number",
    ),
    "ordered_on": (
        "order date", "po date", "purchase order date", "ordered", "bedat", "date ordered",
        "transaction date", "date order",
    ),
    "promised_on": (
        "promised date", "schedule date", "required by", "expected delivery date",
        "confirmed delivery date", "delivery date", "eindt", "date planned", "requested date",
        "promised", "due date",
    ),
    "promised_qty": (
        "quantity ordered", "ordered quantity", "order quantity", "qty ordered", "qty", "menge",
        "product qty", "quantity", "promised quantity",
    ),
    "received_on": (
        "received date", "receipt date", "goods receipt date", "date received", "budat",
        "date done", "delivered on", "actual delivery date",
    ),
    "received_qty": (
        "received quantity", "quantity received", "qty received", "received qty",
        "goods receipt quantity", "qty_received", "delivered quantity",
    ),
    "rejected_qty": (
        "rejected quantity", "quantity rejected", "qty rejected", "returned quantity",
        "rejected",
    ),
    # KPI measurements and spend
    "kpi": ("kpi", "kpi key", "metric", "indicator", "measure", "kpi name"),
    "month": ("month", "period month", "reporting month", "measurement month"),
    "value": ("value", "measured value", "actual", "actual value", "result", "measurement"),
    "period": ("period", "posting period", "fiscal period", "month", "posting date", "monat"),
    "amount": (
        "amount", "spend", "net amount", "total amount", "invoice amount", "amount untaxed",
        "line amount", "dmbtr", "wrbtr", "base grand total", "grand total", "value",
    ),
    "supplier_id": ("supplier pk", "partnerbook id"),
    # Interactions
    "occurred_on": (
        "date", "meeting date", "activity date", "interaction date", "occurred", "start date",
    ),
    "channel": ("channel", "activity type", "type", "medium", "communication channel"),
    "subject": ("subject", "title", "summary", "topic"),
    "initiated_by": ("initiated by", "initiator", "direction", "started by"),
}  # fmt: skip

IGNORE = "__ignore__"
"""The field value of a column the user chose to leave out."""


def header_key(text: str) -> str:
    """`text` as compared with column names: lower case, words joined by one underscore,
    dots, dashes, slashes and brackets counted as spaces ('Country/Region' -> 'country_region')."""
    return "_".join(re.sub(r"[\s._\-/()#:]+", " ", text).strip().lower().split())


def _index() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for column, names in SYNONYMS.items():
        for name in names:
            found.setdefault(header_key(name), []).append(column)
    return {key: tuple(columns) for key, columns in found.items()}


_BY_KEY = _index()


def recognise(title: str, known: Sequence[str]) -> str | None:
    """The column of `known` that the header `title` names, by name or synonym, or None.

    The name itself wins over a synonym; among synonyms, the first column in SYNONYMS that the
    file kind has (e.g. 'Supplier Name' is `name` in a supplier file, `supplier` elsewhere)."""
    key = header_key(title)
    if not key:
        return None
    if key in known:
        return key
    for column in _BY_KEY.get(key, ()):
        if column in known:
            return column
    return None


def recognise_header(
    titles: Iterable[str], known: Sequence[str], taken: Iterable[str] = ()
) -> list[str | None]:
    """For each title, its column (as `recognise`), or None when not recognised or when an
    earlier title (or one of `taken`) already has that column: a synonym never makes two
    columns of the file land on one field."""
    used = set(taken)
    found: list[str | None] = []
    titles = list(titles)
    exact = {header_key(t) for t in titles if header_key(t) in known}
    for title in titles:
        column = recognise(title, known)
        if column is not None and (
            column in used or (column in exact and header_key(title) != column)
        ):
            column = None
        if column is not None:
            used.add(column)
        found.append(column)
    return found


# Values ------------------------------------------------------------------------------------

DATE = "date"
DATETIME = "datetime"
MONTH = "month"
NUMBER = "number"
COUNTRY = "country"
CURRENCY = "currency"
TEXT = "text"

_NUMBER_COLUMNS = {
    "annual_spend", "amount", "hours", "target", "yellow_threshold", "red_threshold", "weight",
    "value", "score", "annual_revenue", "promised_qty", "received_qty", "rejected_qty",
}  # fmt: skip


def value_kind(column: str) -> str:
    """What a column holds, for the clean-ups below: DATE, DATETIME, MONTH, NUMBER, COUNTRY,
    CURRENCY or TEXT (left alone)."""
    if column == "country":
        return COUNTRY
    if column == "currency" or column.endswith("_currency"):
        return CURRENCY
    if column in _NUMBER_COLUMNS or column.endswith(("_qty", "_amount")):
        return NUMBER
    if column in {"month", "period"}:
        return MONTH
    if column.endswith("_at") or column in {"planned_start", "planned_end"}:
        return DATETIME
    if column.endswith("_on") or column in {"date", "day"}:
        return DATE
    return TEXT


_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}:\d{2}(?::\d{2})?)(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?"
)
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}:\d{2}(?::\d{2})?))?")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}:\d{2}(?::\d{2})?))?")
_SAP = re.compile(r"(\d{4})(\d{2})(\d{2})")


def normalise_date(text: str, *, day_first: bool | None, keep_time: bool = False) -> str:
    """`text` as YYYY-MM-DD (plus ' HH:MM[:SS]' when `keep_time` and it has a time), from
    YYYY-MM-DD, ISO date-times, YYYYMMDD (SAP), DD.MM.YYYY, and DD/MM/YYYY or MM/DD/YYYY as
    `day_first` says (None: slashed dates are left as they are). A value in none of these
    forms, or not a real calendar date, comes back unchanged, for the import to report."""
    value = text.strip()
    time = ""
    if match := _ISO.fullmatch(value):
        year, month, day, time = match[1], match[2], match[3], match[4] or ""
        if match[5] and keep_time:
            return value  # a time zone: the import's own parser reads it
    elif match := _DOTTED.fullmatch(value):
        day, month, year, time = match[1], match[2], match[3], match[4] or ""
    elif (match := _SLASHED.fullmatch(value)) and day_first is not None:
        first, second, year, time = match[1], match[2], match[3], match[4] or ""
        day, month = (first, second) if day_first else (second, first)
    elif match := _SAP.fullmatch(value):
        year, month, day = match[1], match[2], match[3]
    else:
        return text
    if not _real_date(int(year), int(month), int(day)):
        return text
    date = f"{year}-{int(month):02d}-{int(day):02d}"
    return f"{date} {time}" if keep_time and time else date


_MONTH_YEAR = re.compile(r"0?(\d{1,2})[./](\d{4})")


def normalise_month(text: str, *, day_first: bool | None) -> str:
    """A month as its first day, YYYY-MM-01 (which every import of a month or a period
    reads, including those that want a date), from YYYY-MM, from its first day in any form
    `normalise_date` reads, or from MM/YYYY, MM.YYYY and SAP's period 003/2025; other text
    unchanged."""
    value = text.strip()
    if match := _MONTH_YEAR.fullmatch(value):
        month, year = int(match[1]), match[2]
        return f"{year}-{month:02d}-01" if 1 <= month <= 12 else text
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
        month = int(match[2])
        return f"{match[1]}-{month:02d}-01" if 1 <= month <= 12 else text
    date = normalise_date(value, day_first=day_first)
    # Only a month's first day stands for the month; another day is left for the import to
    # refuse, rather than silently moved to its month.
    if (date != value or _ISO.fullmatch(value)) and len(date) == 10 and date.endswith("-01"):
        return date
    return text


def _real_date(year: int, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return day <= days


_COMMA_DECIMAL = re.compile(r"-?\d{1,3}(?:[.\s\u00a0\u202f']\d{3})*(?:,\d+)?|-?\d+(?:,\d+)?")


def normalise_decimal_comma(text: str) -> str:
    """'1.234,56' -> '1234.56', '12,5' -> '12.5' (for files written with a decimal comma);
    anything else comes back unchanged."""
    value = text.strip()
    if not _COMMA_DECIMAL.fullmatch(value):
        return text
    return re.sub(r"[.\s\u00a0\u202f']", "", value).replace(",", ".")


def normalise_currency(text: str) -> str:
    """A three-letter currency code in upper case ('eur ' -> 'EUR'); other text unchanged
    (the import checks the code against the list of currencies)."""
    value = text.strip()
    return value.upper() if re.fullmatch(r"[A-Za-z]{3}", value) else text
