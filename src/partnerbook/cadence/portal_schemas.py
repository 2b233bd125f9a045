"""What the portal shows a supplier's contact of the cadence: their own side's health check
answers and their meetings with us. Our side's answers and the check's notes stay internal."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from partnerbook.core.schema_types import NUMBER_ONLY, Input

OneToFive = Annotated[int, Field(ge=1, le=5), NUMBER_ONLY]


class PortalQuestionOut(Schema):
    key: str
    question: str
    score: int | None
    comment: str


class PortalHealthCheckOut(Schema):
    id: int
    held_on: dt.date
    closes_on: dt.date
    open: bool
    answered: bool
    questions: list[PortalQuestionOut]


class PortalHealthCheckIn(Input):
    """Your answers to the health check: each question 1-5, with an optional comment."""

    trust: OneToFive
    trust_comment: str = Field("", max_length=1000)
    openness: OneToFive
    openness_comment: str = Field("", max_length=1000)
    reciprocity: OneToFive
    reciprocity_comment: str = Field("", max_length=1000)
    communication: OneToFive
    communication_comment: str = Field("", max_length=1000)
    joint_problem_solving: OneToFive
    joint_problem_solving_comment: str = Field("", max_length=1000)


class PortalMeetingOut(Schema):
    id: int
    meeting: str
    every_days: int
    next_start: dt.datetime | None = Field(description="None: not scheduled yet")
    next_end: dt.datetime | None
    location: str
    their_level: str = Field(description="Who is expected from your side, as a level")
    with_us: str = Field(description="Who from our side looks after it")
    ics_url: str | None
