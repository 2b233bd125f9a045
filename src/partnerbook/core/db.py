"""Database helpers for set-based work that must stay fast on PostgreSQL and correct on
SQLite: bulk inserts through COPY, and time differences computed by the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import FloatField, Func


class HoursBetween(Func):
    """`later - earlier` in hours, as a float, computed in SQL (NULL when either is NULL)."""

    output_field = FloatField()
    arg_joiner = " - "
    template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0)::float8"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 24.0)",
            arg_joiner=") - julianday(",
            **extra,
        )


def bulk_insert(
    model: type[models.Model],
    objects: Sequence[models.Model],
    batch: int = 2000,
    *,
    with_ids: bool = False,
) -> None:
    """Insert many new rows without signals or history: COPY on PostgreSQL (several times
    faster than `bulk_create`, which quotes every value in Python), `bulk_create` elsewhere.
    Primary keys are not set on the objects, unless `with_ids`: then they are (on
    PostgreSQL taken from the table's sequence first, in one query)."""
    if not objects:
        return
    manager = model._default_manager
    connection = connections[manager.db]
    if connection.vendor != "postgresql":
        manager.bulk_create(objects, batch_size=batch)
        return
    fields = [f for f in model._meta.concrete_fields if with_ids or not f.primary_key]
    if with_ids:
        _reserve_ids(model, objects, connection)
    for field in fields:  # auto_now and friends
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objects:
                field.pre_save(obj, add=True)
    _copy(connection, model, fields, [[getattr(obj, f.attname) for f in fields] for obj in objects])


def insert_rows(
    model: type[models.Model], attnames: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert many new rows given as tuples of values for `attnames` (the model's field
    attribute names), without building a model object per row on PostgreSQL (COPY);
    `bulk_create` elsewhere. No signals, no history."""
    if not rows:
        return
    manager = model._default_manager
    connection = connections[manager.db]
    if connection.vendor != "postgresql":
        manager.bulk_create([model(**dict(zip(attnames, row, strict=True))) for row in rows])
        return
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    _copy(connection, model, [by_name[name] for name in attnames], rows)


def _copy(
    connection: Any,
    model: type[models.Model],
    fields: Sequence[models.Field[Any, Any]],
    rows: Sequence[Sequence[Any]],
) -> None:
    """COPY `rows` (values in the order of `fields`) into `model`'s table (PostgreSQL)."""
    from psycopg.types.json import Jsonb

    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    # Plain values (text, numbers, dates, aware times) of plain field types go to the driver
    # as they are: it adapts them itself, and Django's per-value preparation was most of the
    # time of a large insert. Anything else (JSON, decimals, countries, enum members, naive
    # times...) is prepared by its field as before.
    converters = [
        (lambda value: Jsonb(value))
        if isinstance(f, models.JSONField)
        else _passing_plain(f, connection)
        if type(f) in _PLAIN_FIELDS
        else (lambda value, f=f: f.get_db_prep_save(value, connection))
        for f in fields
    ]
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [convert(value) for convert, value in zip(converters, row, strict=True)]
                )


_PLAIN_FIELDS = {
    models.AutoField, models.BigAutoField, models.IntegerField, models.BigIntegerField,
    models.PositiveIntegerField, models.PositiveSmallIntegerField, models.SmallIntegerField,
    models.FloatField, models.BooleanField, models.CharField, models.TextField,
    models.DateField, models.DateTimeField, models.ForeignKey,
}  # fmt: skip


_PLAIN_VALUES = {str, int, float, bool, type(None), date}


def _passing_plain(field: models.Field[Any, Any], connection: Any) -> Callable[[Any], Any]:
    """A converter that passes plain values through and prepares the others by `field`."""

    def convert(value: Any) -> Any:
        kind = type(value)
        if kind in _PLAIN_VALUES or (kind is datetime and value.tzinfo is not None):
            return value
        return field.get_db_prep_save(value, connection)

    return convert


def _reserve_ids(
    model: type[models.Model], objects: Sequence[models.Model], connection: Any
) -> None:
    """Give each object a primary key from its table's sequence (PostgreSQL)."""
    pk = model._meta.pk
    assert pk is not None  # noqa: S101 (every concrete model has one)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, len(objects)],
        )
        for obj, (value,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = value


def raw_rows(queryset: Any) -> list[tuple[Any, ...]]:
    """The rows of a `values_list` queryset as the database driver returns them, without
    Django's per-value converters: several times faster for hundreds of thousands of rows.
    Use it only for columns whose driver types are already right (ints, floats, text;
    booleans may come back as 0/1 on SQLite)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. `pk__in=[]`: Django knows there is nothing to fetch
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
