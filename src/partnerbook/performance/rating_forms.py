"""Forms for giving a score of a judgement KPI and for entering the supplier's ratings of us
(the mutual scorecard)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerbook.core.concurrency import version_field

from . import domain
from .models import KpiRating, PartnerRating
from .ratings import MAX_COMMENT, PartnerScore


def score_choices() -> list[tuple[str, str]]:
    """The 1-5 choices with their words, in the active language."""
    return [("", gettext("not rated"))] + [
        (str(n), f"{n} · {gettext(word)}") for n, word in domain.RATING_WORDS.items()
    ]


def _month(text: str) -> dt.date:
    try:
        return domain.parse_month(text)
    except ValueError as exc:
        raise forms.ValidationError(str(exc)) from None


class RatingForm(forms.Form):
    """Your score (0-100) of one judgement KPI for one month."""

    kpi = forms.ChoiceField(label="KPI")
    period = forms.CharField(
        label=_("Month"),
        max_length=10,
        help_text="YYYY-MM",
        widget=forms.TextInput(attrs={"placeholder": "YYYY-MM"}),
    )
    score = forms.FloatField(label=_("Score"), min_value=0, max_value=100, help_text=_("0 to 100"))
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: what the score is based on."),
    )
    version = version_field()
    # Which KPI and month `version` was read for: the version counts only for that score.
    loaded = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kpi"].choices = choices  # type: ignore[attr-defined]

    @staticmethod
    def loaded_key(kpi: str, period: dt.date) -> str:
        return f"{kpi}|{period:%Y-%m}"

    @classmethod
    def initial_for(cls, kpi: str, period: dt.date, rating: KpiRating | None) -> dict[str, Any]:
        """The form's values for `kpi` and the month `period`, with your stored score."""
        initial: dict[str, Any] = {"kpi": kpi, "period": f"{period:%Y-%m}"}
        if rating is not None:
            initial.update(score=rating.score, comment=rating.comment, version=rating.version,
                           loaded=cls.loaded_key(kpi, period))  # fmt: skip
        return initial

    def clean_period(self) -> dt.date:
        return _month(self.cleaned_data["period"])

    def expected_version(self) -> int | None:
        """The version to check, when the score was loaded for the same KPI and month."""
        data = self.cleaned_data
        loaded = self.loaded_key(data["kpi"], data["period"])
        return data.get("version") if data.get("loaded") == loaded else None


class PartnerRatingForm(forms.Form):
    """How the supplier rated us in one quarter, 1-5 per criterion; a criterion left at
    "not rated" keeps what was stored before."""

    quarter = forms.CharField(
        label=_("Quarter"),
        max_length=20,
        help_text=_("YYYY-Qn, e.g. 2026-Q2"),
        widget=forms.TextInput(attrs={"placeholder": "YYYY-Qn"}),
    )
    loaded_quarter = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, name in domain.CUSTOMER_CRITERIA.items():
            self.fields[key] = forms.TypedChoiceField(
                label=gettext(name),
                choices=score_choices(),
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"{key}_comment"] = forms.CharField(
                label=gettext("Comment on %(criterion)s") % {"criterion": gettext(name).lower()},
                required=False,
                max_length=MAX_COMMENT,
            )
            self.fields[f"{key}_version"] = version_field()

    @classmethod
    def initial_for(cls, start: dt.date, stored: dict[str, PartnerRating]) -> dict[str, Any]:
        """The form's values for the quarter starting at `start`, with what is stored."""
        quarter = domain.quarter_text(start)
        initial: dict[str, Any] = {"quarter": quarter, "loaded_quarter": quarter}
        for key, rating in stored.items():
            initial.update({key: str(rating.score), f"{key}_comment": rating.comment,
                            f"{key}_version": rating.version})  # fmt: skip
        return initial

    def criteria(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        """(score, comment, version) fields of each criterion, for the template."""
        return [
            (self[key], self[f"{key}_comment"], self[f"{key}_version"])
            for key in domain.CUSTOMER_CRITERIA
        ]

    def clean_quarter(self) -> dt.date:
        try:
            return domain.parse_quarter(self.cleaned_data["quarter"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rated = False
        for key in domain.CUSTOMER_CRITERIA:
            if data.get(key) is not None:
                rated = True
            elif data.get(f"{key}_comment", "").strip():
                self.add_error(key, gettext("Give a score with the comment."))
        if not rated and not self.errors:
            raise forms.ValidationError(gettext("Rate at least one criterion."))
        return data

    def ratings(self) -> dict[str, PartnerScore]:
        """{criterion: PartnerScore} for the criteria rated; versions count only for the
        quarter they were read for."""
        data = self.cleaned_data
        same = data.get("loaded_quarter") == domain.quarter_text(data["quarter"])
        return {
            key: PartnerScore(
                data[key], data.get(f"{key}_comment", ""),
                data.get(f"{key}_version") if same else None,
            )
            for key in domain.CUSTOMER_CRITERIA
            if data.get(key) is not None
        }  # fmt: skip
