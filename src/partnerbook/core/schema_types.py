"""Types for the API's input schemas, shared by every app, so that the published OpenAPI says
exactly what the validators accept: no integer for a date, no boolean or text for a number,
decimal formats and currency codes in the schema, no NUL characters in text.

JSON Schema calls 3.0 an integer, so integral numbers are accepted for integers; booleans
and text never are. Query parameters arrive as text and use plain `int` instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from . import currencies

# Ids are 64-bit; larger numbers would overflow the databases' integer binding.
MAX_ID = 2**63 - 1
# Every string an input schema accepts; NON_BLANK also needs one visible character.
NUL_FREE = r"^[^\x00]*$"
NON_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"


def _number_only(value: Any) -> Any:
    if isinstance(value, bool | str):
        raise PydanticCustomError("number_type", "Give a number, not text or true/false.")
    return value


def _date_text(value: Any) -> Any:
    # Pydantic reads a number as a Unix timestamp; a client sending one has made a mistake.
    if value is not None and not isinstance(value, str | dt.date):
        raise PydanticCustomError("date_text", "Give the date or time as ISO 8601 text.")
    return value


# Put it after the constraints, as in Annotated[int, Field(ge=1), NUMBER_ONLY]: a validator
# before them would hide them from the JSON schema.
NUMBER_ONLY = BeforeValidator(_number_only)
Whole = Annotated[int, NUMBER_ONLY]
Real = Annotated[float, Field(allow_inf_nan=False), NUMBER_ONLY]
RecordId = Annotated[int, Field(ge=1, le=MAX_ID), NUMBER_ONLY]
QueryId = Annotated[int, Field(ge=1, le=MAX_ID)]
Day = Annotated[dt.date, BeforeValidator(_date_text)]
Moment = Annotated[dt.datetime, BeforeValidator(_date_text)]


# --- decimals -----------------------------------------------------------------------------

MONEY_DIGITS, MONEY_PLACES = 16, 2
MONEY_PATTERN = rf"^[0-9]{{1,{MONEY_DIGITS - MONEY_PLACES}}}(\.[0-9]{{1,{MONEY_PLACES}}})?$"
MONEY_MAX = 10 ** (MONEY_DIGITS - MONEY_PLACES) - 1


def _money_input(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError(
            "money_type", 'Give an amount as a number or text, e.g. "1234.56".'
        )
    if isinstance(value, float):
        if not value.is_integer():
            raise PydanticCustomError(
                "money_text", 'Give an amount with decimals as text, e.g. "1234.56".'
            )
        return int(value)
    if isinstance(value, str) and not re.fullmatch(MONEY_PATTERN, value):
        raise PydanticCustomError(
            "money_format", 'Give an amount as digits with up to two decimals, e.g. "1234.56".'
        )
    return value


Money = Annotated[
    Decimal,
    Field(ge=0, le=MONEY_MAX + Decimal("0.99")),
    BeforeValidator(_money_input),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": MONEY_MAX},
                {"type": "string", "pattern": MONEY_PATTERN},
            ],
            "description": 'A whole number, or text with up to two decimals, e.g. "1234.56"',
        }
    ),
]


# --- currencies ---------------------------------------------------------------------------


def _currency(value: str) -> str:
    if not currencies.is_currency(value):
        raise PydanticCustomError("currency", currencies.MESSAGE)
    return value


CurrencyCode = Annotated[
    str,
    AfterValidator(_currency),
    WithJsonSchema(
        {"type": "string", "enum": list(currencies.CODES), "description": "ISO 4217 code"}
    ),
]


# --- the base of every input schema -------------------------------------------------------


def reject_null(value: Any) -> Any:
    """Field validator for fields that may be left out but not sent as null."""
    if value is None:
        raise PydanticCustomError(
            "not_null", "This field cannot be null; leave it out to keep the current value."
        )
    return value


def _string_schemas(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The free-text string schemas in a property's schema, list items included."""
    found = []
    if schema.get("type") == "string" and not {"enum", "const", "format"} & schema.keys():
        found.append(schema)
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            found += _string_schemas(sub)
    if isinstance(schema.get("items"), dict):
        found += _string_schemas(schema["items"])
    return found


def _not_null_fields(model: type[Any]) -> set[str]:
    names: set[str] = set()
    for decorator in model.__pydantic_decorators__.field_validators.values():
        if getattr(decorator.func, "__func__", decorator.func) is reject_null:
            fields = decorator.info.fields
            names |= set(model.model_fields) if "*" in fields else set(fields)
    return names


def _truthful_schema(schema: dict[str, Any], model: type[Any]) -> None:
    """Publish what the validators below enforce: text patterns, and no null where refused."""
    properties = schema.get("properties", {})
    for name in _not_null_fields(model) & properties.keys():
        prop = properties[name]
        branches = [b for b in prop.get("anyOf", []) if b.get("type") != "null"]
        if "anyOf" in prop and len(branches) == 1:
            del prop["anyOf"]
            prop.update(branches[0])
        elif "anyOf" in prop:
            prop["anyOf"] = branches
        if prop.get("default", 0) is None:
            del prop["default"]
    for prop in properties.values():
        for text in _string_schemas(prop):
            text.setdefault("pattern", NON_BLANK if text.get("minLength", 0) >= 1 else NUL_FREE)


_TEXT_RULES: dict[type[Any], dict[str, bool]] = {}


def _text_rules(model: type[Any]) -> dict[str, bool]:
    """Free-text field name -> whether it needs a visible character, read from the schema."""
    if model not in _TEXT_RULES:
        properties = model.model_json_schema().get("properties", {})
        _TEXT_RULES[model] = {
            name: any(text.get("pattern") == NON_BLANK for text in texts)
            for name, prop in properties.items()
            if (texts := _string_schemas(prop))
        }
    return _TEXT_RULES[model]


def _clean_text(value: str, non_blank: bool) -> str:
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "Text must not contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError("unicode", "Text must be valid Unicode.") from None
    value = value.strip()
    if non_blank and not value:
        raise PydanticCustomError("blank", "This field cannot be blank.")
    return value


class Input(Schema):
    """The base of every input schema. Unknown keys are refused, so that a misspelt field is
    reported instead of ignored; text is checked (no NUL, which PostgreSQL cannot store)
    and trimmed after the length checks, exactly as the published schema says."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_truthful_schema)

    @field_validator("*", mode="after")
    @classmethod
    def _text(cls, value: Any, info: ValidationInfo) -> Any:
        rules = _text_rules(cls)
        if info.field_name not in rules:
            return value
        non_blank = rules[info.field_name]
        if isinstance(value, str):
            return _clean_text(value, non_blank)
        if isinstance(value, list):
            return [_clean_text(v, non_blank) if isinstance(v, str) else v for v in value]
        return value


VERSION_HELP = (
    "The record's `version` as you read it; when someone else saved the record since, the "
    "change is refused with 409. Leave it out to save regardless."
)
Version = Annotated[int, Field(ge=1, le=2**31 - 1, description=VERSION_HELP), NUMBER_ONLY]


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "Text must not contain NUL characters.")
    return value


# A query parameter's free text (a pattern applies to strings only, so it may sit beside null).
QueryText = Annotated[str, AfterValidator(_no_nul), Field(json_schema_extra={"pattern": NUL_FREE})]


def drop_blanks(params: dict[str, Any]) -> dict[str, Any]:
    """A web form's empty fields mean "any"; the API refuses them instead."""
    return {k: v for k, v in params.items() if not (isinstance(v, str) and not v.strip())}


def registered_values(values: Callable[[], Iterable[str]], *path: str | int) -> Any:
    """A field's `json_schema_extra` listing values that apps register at start-up (timeline
    sources, alert kinds) as the enum of the string at `path`, read when the schema is
    published."""

    def extra(schema: Any) -> None:
        for key in path:
            schema = schema[key]
        schema["enum"] = sorted(values())

    return extra
