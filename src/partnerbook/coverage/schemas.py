"""API shapes of contact coverage: the classification with everything behind it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

Level = Literal["executive", "management", "operational", "unknown"]


class PairOut(Schema):
    """The person on each side who took part most often."""

    ours: str = Field(description='Our most present person; "" when nobody on our side is known')
    ours_level: Level
    ours_meetings: int
    theirs: str
    theirs_level: Level
    theirs_meetings: int
    together: int = Field(description="Interactions both took part in")


class GridRowOut(Schema):
    """Interactions in which someone of `our_level` met someone of each of their levels."""

    our_level: Level
    executive: int
    management: int
    operational: int


class FunctionOut(Schema):
    function: str
    interactions: int


class CoverageOut(Schema):
    """Who meets whom across the two organisations over the last 12 months, and why it is
    classified so; `concern` says whether that is a problem for this supplier."""

    supplier_id: int
    as_of: dt.date
    classification: Literal["bow-tie", "diamond", "partial", "no contact"]
    summary: str
    explanation: list[str] = Field(description="The verdict first, then the counts behind it")
    interactions: int = Field(description="Interactions in the window that name their people")
    unnamed: int = Field(description="Interactions in the window naming nobody of theirs")
    grid: list[GridRowOut] = Field(description="Our levels (and unknown) × their levels")
    covered_levels: list[Level] = Field(description="Levels where counterparts met")
    pair: PairOut | None
    missing_links: list[str]
    our_functions: list[FunctionOut]
    their_functions: list[FunctionOut]
    concern: bool = Field(description="A bow-tie at a strategic or partnership supplier")
    expects_depth: bool = Field(description="Strategic quadrant or partnership")
    basis: str = Field(description="Why depth is expected or not")
    meaning: str = Field(description="What the classification means for this supplier")
