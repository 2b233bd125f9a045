"""Optimistic concurrency: an edit made on a stale copy of a record is refused, naming who
changed the record meanwhile and what they changed, instead of silently overwriting it.

Each editable record has a `version` that every edit increments. Edit forms and PATCH/PUT
bodies send back the version they were loaded at; the service locks the row, compares, and
raises `StaleEdit` when someone else saved in between.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import ErrorDict
from django.utils import timezone

from .history import Change

# Bookkeeping fields that every save changes; they say nothing about what someone edited.
_NOT_SHOWN = {"id", "version", "created_at", "updated_at", "created_by"}

FormT = TypeVar("FormT", bound=forms.BaseForm)

FORM_ADVICE = (
    "Your changes were not saved; review the current values below and apply your changes again."
)
API_ADVICE = (
    "Your changes were not saved; fetch the record again (its current version is {version}) "
    "and apply your changes to it."
)


class StaleEdit(ValidationError):
    """An edit based on an old version of a record. A ValidationError on `version`, so that
    code unaware of it still shows it as an error; the API answers it with 409."""

    def __init__(
        self, noun: str, who: str, when: datetime | None, changes: list[Change], current: Any
    ) -> None:
        self.noun = noun
        self.who = who
        self.when = when
        self.changes = changes
        self.current = current
        self.current_version: int = current.version
        saved = f"{who}, {_when(when)}" if when else who
        summary = f"Someone else saved {noun} while you were editing: {saved}"
        if changes:
            summary += " — " + "; ".join(f"{c.field}: {c.old} → {c.new}" for c in changes)
        self.summary = summary + "."
        super().__init__({"version": [self.form_message]})

    @property
    def form_message(self) -> str:
        """For a form that is shown again with the current values."""
        return f"{self.summary} {FORM_ADVICE}"

    @property
    def api_message(self) -> str:
        """For an API client, which has to fetch the record again itself."""
        return f"{self.summary} {API_ADVICE.format(version=self.current_version)}"


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return f"{local:%H:%M}"
    return f"{local:%d %b %Y, %H:%M}"


def _person(user: Any) -> str:
    if user is None:
        return "the system"
    return str(getattr(user, "display_name", "") or user.get_full_name() or user.username)


def _display(field: models.Field[Any, Any], value: Any) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    model: Any = field.related_model
    if field.is_relation and model is not None:
        related = model._base_manager.filter(pk=value).first()
        if related is None:
            return f"#{value}"
        return str(getattr(related, "display_name", "") or related)
    if field.choices:
        return str(dict(field.flatchoices).get(str(value), value))  # type: ignore[arg-type]
    return str(value)


def _comparable(field: models.Field[Any, Any], value: Any) -> Any:
    # A default read from the model class (e.g. 50) and a stored value (50.0) are the same.
    if value in (None, ""):
        return None
    try:
        return field.to_python(value)
    except (TypeError, ValueError, ValidationError):
        return value


def _changes_since(instance: Any, baseline: Any) -> list[Change]:
    """What differs between the history record `baseline` and `instance` (readable)."""
    changes = []
    for field in instance._meta.concrete_fields:
        if field.name in _NOT_SHOWN or not field.editable:
            continue
        before = _comparable(field, getattr(baseline, field.attname, None))
        after = _comparable(field, getattr(instance, field.attname))
        if before != after:
            changes.append(
                Change(str(field.verbose_name), _display(field, before), _display(field, after))
            )
    return changes


def stale_edit(instance: Any, expected_version: int, noun: str) -> StaleEdit:
    """The error for an edit of `instance` (freshly read) based on `expected_version`,
    telling who saved it since, when, and what changed (from its django-simple-history)."""
    history = instance.history.select_related("history_user")
    later = list(history.filter(version__gt=expected_version).order_by("history_date", "pk"))
    baseline = history.filter(version__lte=expected_version).order_by("-history_date", "-pk")
    base = baseline.first()
    names: list[str] = []
    for record in reversed(later):
        name = _person(record.history_user)
        if name not in names:
            names.append(name)
    who = " and ".join(names) if names else "someone"
    when = later[-1].history_date if later else None
    # No record of the version read: a settings row saved for the first time, which was
    # showing its defaults until then.
    changes = _changes_since(instance, base if base is not None else type(instance)())
    return StaleEdit(noun, who, when, changes, instance)


def lock_for_edit(instance: Any, expected_version: int | None, noun: str) -> None:
    """Inside the caller's transaction: re-read `instance` from its locked row (so that the
    edit applies to the current values, not to a copy loaded earlier) and refuse the edit
    when `expected_version` is given and is not the stored version. An unsaved record (a
    settings row not yet created) is at version 1, its default."""
    model = type(instance)
    if instance.pk is not None and model._base_manager.filter(pk=instance.pk).exists():
        instance.refresh_from_db(from_queryset=model._base_manager.select_for_update())
    if expected_version is not None and expected_version != instance.version:
        raise stale_edit(instance, expected_version, noun)


def next_version(instance: Any) -> None:
    """Count one more edit of `instance` (its row is locked by `lock_for_edit`)."""
    instance.version = (instance.version or 0) + 1


def version_field() -> forms.IntegerField:
    """The hidden field an edit form carries its record's version in."""
    return forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


def show_stale(form: FormT, exc: StaleEdit) -> FormT:
    """Put the stale-edit message on `form`, an unbound form showing the current values."""
    # An unbound form has no errors to add to; give it empty ones (it stays unbound, so it
    # renders its initial values: the record as it is now).
    form._errors = ErrorDict()  # type: ignore[attr-defined]
    form.cleaned_data = {}
    form.add_error(None, exc.form_message)
    return form
