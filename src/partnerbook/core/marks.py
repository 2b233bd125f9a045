"""Marks text for the translators where Django may not be imported (the pure `domain.py`
modules).

- `gettext_noop(message)` returns its argument unchanged, and `makemessages` collects it like
  any other message. The page that shows such a text translates it there, with
  `{% translate value %}` in a template or `gettext(value)` in a view.
- `Text` is a sentence with values in it ("3 open expectation gaps"): pure code builds it
  with `text(...)` or `ngettext_noop(...)`, `str()` gives the English sentence (the API and
  exports use that), and a page shows it translated with `{{ value|translated }}`
  (`partnerbook.core.texts.render`), its numbers formatted for the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def gettext_noop(message: str) -> str:
    return message


@dataclass(frozen=True)
class Text:
    """A message (with an optional plural and the count that picks between them) and the
    values that fill its `%(name)s` placeholders. A value may itself be a `Text`, or a list
    of them, joined with "; "."""

    message: str
    params: Mapping[str, Any] = field(default_factory=dict)
    plural: str = ""
    count: int | None = None

    def pick(self) -> str:
        """The English form for `count` (the translated form is the catalogue's choice)."""
        return self.plural if self.plural and self.count != 1 else self.message

    def __str__(self) -> str:
        return fill(self.pick(), self.params, str)


def fill(message: str, params: Mapping[str, Any], show: Any) -> str:
    """`message` with its placeholders filled, each value shown by `show(value)`; lists of
    values are joined with "; "."""
    if not params:
        return message
    shown = {
        key: "; ".join(show(v) for v in value) if isinstance(value, list | tuple) else show(value)
        for key, value in params.items()
    }
    return message % shown


def text(message: str, **params: Any) -> Text:
    """A sentence with values: `text(gettext_noop("Due on %(day)s"), day=...)`."""
    return Text(message, params)


def ngettext_noop(singular: str, plural: str, count: int, **params: Any) -> Text:
    """A sentence whose wording depends on a count; `count` is also a placeholder."""
    return Text(singular, {"count": count, **params}, plural, count)
