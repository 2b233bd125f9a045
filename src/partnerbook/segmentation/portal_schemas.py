"""What a supplier's portal user sees and answers of segmentation: their expectation of the
relationship and their own side of the alignment triangle. Nothing of our scoring."""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from partnerbook.core.schema_types import NUMBER_ONLY, Input, Version

StageValue = Literal["transactional", "cooperative", "collaborative", "strategic"]
MAX_NOTE = 2000
OneToFive = Annotated[int, Field(ge=1, le=5), NUMBER_ONLY]


class PortalExpectationOut(Schema):
    expectation: StageValue | None = Field(description="None: not answered yet")
    importance: int | None
    answered: bool
    version: int


class PortalExpectationIn(Input):
    """The level of relationship you expect with us, and how much it matters to you."""

    expectation: StageValue
    importance: OneToFive | None = None
    version: Version | None = None


class PortalAlignmentOut(Schema):
    goals: int | None
    values: int | None
    capabilities: int | None
    goals_note: str
    values_note: str
    capabilities_note: str
    answered: bool
    version: int | None


class PortalAlignmentIn(Input):
    """How well goals, values and capabilities fit between us, as you see it (1-5 each)."""

    goals: OneToFive
    values: OneToFive
    capabilities: OneToFive
    goals_note: str = Field("", max_length=MAX_NOTE)
    values_note: str = Field("", max_length=MAX_NOTE)
    capabilities_note: str = Field("", max_length=MAX_NOTE)
    version: Version | None = None
