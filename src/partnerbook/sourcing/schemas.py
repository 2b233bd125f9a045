"""API shapes of sourcing projects, criteria, category templates and lessons."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, field_validator

from partnerbook.core.schema_types import NUMBER_ONLY, Day, Input, RecordId, Version, reject_null

from . import domain

StatusValue = Literal["open", "on_hold", "closed"]
PillarValue = Literal["goals", "values", "capabilities"]
Weight = Annotated[int, Field(ge=1, le=domain.MAX_WEIGHT), NUMBER_ONLY]


class SourcingProjectIn(Input):
    """A new sourcing project; its criteria start as a copy of the category's template."""

    title: str = Field(min_length=1, max_length=200)
    category_id: RecordId
    owner_id: RecordId | None = Field(None, description="A colleague; default: you")
    target_date: Day
    need: str = Field("", max_length=5000)
    status: StatusValue = "open"


class SourcingProjectChange(Input):
    """The fields to change; the others stay as they are."""

    title: str | None = Field(None, min_length=1, max_length=200)
    category_id: RecordId | None = None
    owner_id: RecordId | None = None
    target_date: Day | None = None
    need: str | None = Field(None, max_length=5000)
    status: StatusValue | None = None
    version: Version | None = None

    check_not_null = field_validator("*", mode="before")(reject_null)


class SourcingProjectOut(Schema):
    id: int
    title: str
    category_id: int
    category: str
    owner_id: int
    owner: str
    target_date: dt.date
    need: str
    status: str
    version: int = Field(description="Send it back with a change to detect conflicting edits")
    created_at: dt.datetime

    @staticmethod
    def resolve_category(obj: Any) -> str:
        return str(obj.category.name)

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        return str(obj.owner.display_name)


class SourcingProjectFilters(Schema):
    status: StatusValue | None = None
    category_id: int | None = Field(None, ge=1)


class SourcingCriterionIn(Input):
    """A must-have (no weight) or a weighted criterion (weight 1..100)."""

    pillar: PillarValue
    name: str = Field(min_length=1, max_length=domain.MAX_NAME)
    description: str = Field("", max_length=domain.MAX_DESCRIPTION)
    must_have: bool = False
    weight: Weight | None = None


class SourcingCriterionChange(Input):
    """The fields to change. Send `weight: null` with `must_have: true` to make a weighted
    criterion a must-have."""

    pillar: PillarValue | None = None
    name: str | None = Field(None, min_length=1, max_length=domain.MAX_NAME)
    description: str | None = Field(None, max_length=domain.MAX_DESCRIPTION)
    must_have: bool | None = None
    weight: Weight | None = None
    version: Version | None = None

    check_not_null = field_validator(
        "pillar", "name", "description", "must_have", "version", mode="before"
    )(reject_null)


class SourcingCriterionOut(Schema):
    id: int
    project_id: int
    pillar: str
    name: str
    description: str
    must_have: bool
    weight: int | None
    version: int


class CriteriaTemplateRow(Input):
    pillar: PillarValue
    name: str = Field(min_length=1, max_length=domain.MAX_NAME)
    description: str = Field("", max_length=domain.MAX_DESCRIPTION)
    must_have: bool = False
    weight: Weight | None = None


class CriteriaTemplateIn(Input):
    """The whole template (PUT replaces it)."""

    criteria: list[CriteriaTemplateRow] = Field(max_length=domain.MAX_CRITERIA)
    version: Version | None = None


class CriteriaTemplateRowOut(Schema):
    pillar: str
    name: str
    description: str
    must_have: bool
    weight: int | None


class CriteriaTemplateOut(Schema):
    category_id: int
    exists: bool = Field(description="False until a template is first saved")
    criteria: list[CriteriaTemplateRowOut]
    version: int
    updated_at: dt.datetime | None


class SourcingLessonIn(Input):
    text: str = Field(min_length=1, max_length=5000)
    supplier_id: RecordId | None = None


class SourcingLessonOut(Schema):
    id: int
    project_id: int
    supplier_id: int | None
    text: str
    created_at: dt.datetime
