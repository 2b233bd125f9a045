"""The forms of the portal's Surveys page. The services check everything again; the forms
give the supplier the field errors in place."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from partnerbook.cadence import domain as cadence_domain
from partnerbook.segmentation import portal as segmentation_portal

from . import domain
from .ratings import MAX_COMMENT

SCORE_ERRORS = {
    "required": _("Choose a score from 1 to 5."),
    "invalid_choice": _("Choose a score from 1 to 5."),
}


def score_field(label: Any, *, required: bool = True, words: bool = True) -> forms.Field:
    choices = [
        (n, f"{n} · {gettext(domain.RATING_WORDS[n])}" if words else str(n)) for n in range(1, 6)
    ]
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "—"), *choices],
        coerce=int,
        empty_value=None,
        required=required,
        error_messages=SCORE_ERRORS,
    )


def comment_field(label: Any = None, max_length: int = MAX_COMMENT) -> forms.CharField:
    return forms.CharField(
        label=gettext("Comment") if label is None else label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 1}),
    )


class RatingForm(forms.Form):
    """Each customer criterion 1-5 with a comment."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, name in domain.CUSTOMER_CRITERIA.items():
            self.fields[key] = score_field(gettext(name))
            self.fields[f"{key}_comment"] = comment_field(
                gettext("%(criterion)s: comment (optional)") % {"criterion": gettext(name)}
            )

    def rows(self) -> list[tuple[Any, Any]]:
        return [(self[key], self[f"{key}_comment"]) for key in domain.CUSTOMER_CRITERIA]

    def ratings(self) -> dict[str, tuple[Any, str]]:
        data = self.cleaned_data
        return {k: (data.get(k), data.get(f"{k}_comment", "")) for k in domain.CUSTOMER_CRITERIA}


class ExpectationForm(forms.Form):
    expectation = forms.ChoiceField(
        label=_("The relationship we expect with you"),
        choices=[
            ("", "—"),
            *((k, gettext_lazy(str(v))) for k, v in segmentation_portal.STAGES.items()),
        ],
        error_messages={
            "required": _("Choose the level you expect."),
            "invalid_choice": _("Choose one of the levels."),
        },
    )
    importance = score_field(_("How important this relationship is to you"), required=False)


class AlignmentForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, name in segmentation_portal.DIMENSION_LABELS.items():
            label = gettext(str(name))  # the segmentation catalogue has the words
            self.fields[key] = score_field(label, words=False)
            self.fields[f"{key}_note"] = comment_field(
                gettext("%(label)s: note (optional)") % {"label": label},
                segmentation_portal.MAX_NOTE,
            )

    def rows(self) -> list[tuple[Any, Any]]:
        return [(self[k], self[f"{k}_note"]) for k in segmentation_portal.DIMENSION_LABELS]


class HealthCheckForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, question in cadence_domain.QUESTIONS.items():
            self.fields[key] = score_field(gettext(str(question)), words=False)
            self.fields[f"{key}_comment"] = comment_field(gettext("Comment (optional)"), 1000)

    def rows(self) -> list[tuple[Any, Any]]:
        return [(self[k], self[f"{k}_comment"]) for k in cadence_domain.QUESTIONS]
