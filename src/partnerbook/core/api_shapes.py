"""API pieces every app shares: the page of a list, and the {id, name} references to a
person and a supplier. They live here, below every app, so that `accounts` can use them
without importing a feature app's API."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_PAGE_SIZE = 200
MAX_OFFSET = 1_000_000_000


class PageInput(LimitOffsetPagination.Input):
    limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description="Page size (at most 200)")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many records to skip")


class Pagination(LimitOffsetPagination):
    """`limit` and `offset` in; the page's `items` and the total `count` out."""

    Input = PageInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)


class PersonRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.display_name)


class SupplierRef(Schema):
    id: int
    name: str
