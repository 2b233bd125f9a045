"""Web forms of segmentation. They only parse input; the services validate and write."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import Field
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from partnerbook.core.concurrency import version_field

from . import domain
from .models import EngagementChoice, QuadrantChoice, ScoringSettings, SegmentationProfile
from .services import SETTINGS_FIELDS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NOT_KNOWN = ("", _("— not known —"))
# The alignment dimensions as a sentence names them (lower case in English).
DIMENSION_NAMES = {
    "goals": pgettext_lazy("alignment dimension", "goals"),
    "values": pgettext_lazy("alignment dimension", "values"),
    "capabilities": pgettext_lazy("alignment dimension", "capabilities"),
}
SCALE = [NOT_KNOWN, *((str(n), str(n)) for n in range(1, 6))]
STAGE_CHOICES = [(s.value, _(domain.STAGE_LABELS[s])) for s in domain.Stage]


def _help_now(name: str) -> str:
    text = str(cast(Field, SegmentationProfile._meta.get_field(name)).help_text)
    return text.split(": ", 1)[-1]


def _help(name: str) -> str:
    """The model's help text without its 'Label: ' prefix (the form shows the label), in the
    language of the request that shows it."""
    return cast(str, lazy(_help_now, str)(name))


def scale_field(
    label: StrOrPromise, help_text: StrOrPromise = "", empty: tuple[str, Any] = NOT_KNOWN
) -> forms.TypedChoiceField:
    """A 1–5 select whose empty choice means 'not known' (None, never zero)."""
    return forms.TypedChoiceField(
        label=label, choices=[empty, *SCALE[1:]], coerce=int, empty_value=None, required=False,
        help_text=help_text,
    )  # fmt: skip


def yes_no_field(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.NullBooleanField:
    """Yes / no / not known (None)."""
    widget = forms.NullBooleanSelect()
    widget.choices = [("unknown", _("— not known —")), ("true", _("Yes")), ("false", _("No"))]
    return forms.NullBooleanField(label=label, required=False, help_text=help_text, widget=widget)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FactorsForm(forms.Form):
    """Value, risk and engagement factors; each may be left 'not known'."""

    criticality = scale_field(_("Business criticality"), _help("criticality"))
    complexity = scale_field(_("Complexity of what they supply"), _help("complexity"))
    innovation = scale_field(_("Innovation contribution"), _help("innovation"))
    integration = scale_field(
        _("Integration into our products and processes"), _help("integration")
    )
    financial_health = scale_field(_("Financial health"), _help("financial_health"))
    single_source = yes_no_field(_("Single source"), _help("single_source"))
    market_difficulty = scale_field(_("Supply-market difficulty"), _help("market_difficulty"))
    country_risk = scale_field(_("Country / geographic risk"), _help("country_risk"))
    ip_sensitivity = scale_field(_("Intellectual-property sensitivity"), _help("ip_sensitivity"))
    regulatory_constraints = scale_field(
        _("Regulatory constraints"), _help("regulatory_constraints")
    )
    serious_incidents = forms.IntegerField(
        label=_("Serious incidents (12 months)"), required=False, min_value=0, max_value=999,
        help_text=_help("serious_incidents"),
    )  # fmt: skip
    commodity = yes_no_field(_("Commodity"), _help("commodity"))
    collaboration_willingness = scale_field(
        _("Willingness to collaborate"), _help("collaboration_willingness")
    )
    supplier_is_competitor = yes_no_field(
        _("The supplier is also a competitor"), _("Yes when they compete with us somewhere.")
    )
    regulation_mandates_distance = yes_no_field(
        _("Regulation mandates distance"), _help("regulation_mandates_distance")
    )
    shared_risk_reward = yes_no_field(_("Shared risk and reward"), _help("shared_risk_reward"))
    version = version_field()  # the profile's

    GROUPS = (
        (_("Value"), ("criticality", "complexity", "innovation", "integration")),
        (_("Risk"), ("financial_health", "single_source", "market_difficulty", "country_risk",
                  "ip_sensitivity", "regulatory_constraints", "serious_incidents")),
        (_("Engagement model"), ("commodity", "collaboration_willingness", "supplier_is_competitor",
                              "regulation_mandates_distance", "shared_risk_reward")),
    )  # fmt: skip

    @classmethod
    def for_profile(cls, profile: SegmentationProfile, data: Any = None) -> FactorsForm:
        return cls(data, initial={name: getattr(profile, name) for name in cls.base_fields})

    def groups(self) -> list[tuple[StrOrPromise, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS]


class OverrideForm(forms.Form):
    quadrant = forms.ChoiceField(label=_("Quadrant"), choices=QuadrantChoice.choices)
    # Not required here: the service refuses an empty reason with its own explanation.
    reason = forms.CharField(
        label=_("Reason"),
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required. Recorded in the audit history and shown on this page."),
    )  # fmt: skip


class EngagementModelForm(forms.Form):
    model = forms.ChoiceField(
        label=_("Engagement model we run"),
        choices=[("", _("— not decided —")), *EngagementChoice.choices],
        required=False,
    )
    reason = forms.CharField(
        label=_("Why"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = version_field()  # the profile's


class ExpectationsForm(forms.Form):
    our_expectation = forms.ChoiceField(
        label=_("We expect"), choices=[NOT_KNOWN, *STAGE_CHOICES], required=False
    )
    our_importance = scale_field(_("How important it is to us"), _("1 hardly … 5 essential."))
    supplier_expectation = forms.ChoiceField(
        label=_("The supplier expects"), choices=[NOT_KNOWN, *STAGE_CHOICES], required=False
    )
    supplier_importance = scale_field(
        _("How important it is to the supplier"), _("1 hardly … 5 essential.")
    )
    version = version_field()  # the profile's

    @classmethod
    def for_profile(cls, profile: SegmentationProfile, data: Any = None) -> ExpectationsForm:
        return cls(data, initial={name: getattr(profile, name) for name in cls.base_fields})

    def changes(self) -> dict[str, Any]:
        """Our side always; the supplier's side only when edited, so that an answer the
        supplier gave through the portal is not relabelled as the buyer's."""
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k.startswith("our_") or (k in self.changed_data and k != "version")
        }


class MaturityMoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to stage"), choices=STAGE_CHOICES)
    moved_on = forms.DateField(label=_("Date"), required=False, widget=_date_input())
    evidence = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required: what shows the relationship works at this stage now."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initial"] = {"moved_on": timezone.localdate(), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)


class AlignmentForm(forms.Form):
    """Six 1–5 scores (both sides × goals, values, capabilities) with a note each."""

    assessed_on = forms.DateField(label=_("Assessed on"), required=False, widget=_date_input())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initial"] = {"assessed_on": timezone.localdate(), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        for side, who in (("our", gettext("Our side")), ("their", gettext("Their side"))):
            for dimension in domain.DIMENSIONS:
                name = f"{side}_{dimension}"
                words = {"side": who, "dimension": DIMENSION_NAMES[dimension]}
                score = self.fields[name] = scale_field(
                    gettext("%(side)s: %(dimension)s") % words, empty=("", "—")
                )
                note = self.fields[f"{name}_note"] = forms.CharField(
                    label=gettext("%(side)s: note on %(dimension)s") % words,
                    required=False,
                    max_length=2000,
                )
                # Drawn as a table without visible labels; screen readers still get them.
                score.widget.attrs["aria-label"] = score.label
                note.widget.attrs["aria-label"] = note.label

    def rows(self) -> list[tuple[StrOrPromise, list[forms.BoundField]]]:
        """Per dimension: our score, our note, their score, their note."""
        return [
            (DIMENSION_NAMES[d], [self[f"our_{d}"], self[f"our_{d}_note"], self[f"their_{d}"],
                 self[f"their_{d}_note"]])
            for d in domain.DIMENSIONS
        ]  # fmt: skip


class ScoringSettingsForm(forms.ModelForm):
    exchange_rates = forms.JSONField(
        label=_("Exchange rates (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            'Value of one unit in the reporting currency, e.g. {"USD": 0.92, "SEK": 0.087}.'
        ),
    )
    version = version_field()

    class Meta:
        model = ScoringSettings
        fields = list(SETTINGS_FIELDS)
        labels = {
            **{
                weight: _(label) for __, label, weight in domain.VALUE_FACTORS + domain.RISK_FACTORS
            },
            "spend_share_full_at": _("Share of spend that earns full points"),
            "incidents_full_at": _("Incidents that earn full incident risk"),
            "value_cutoff": _("Value cut-off (0–100)"),
            "risk_cutoff": _("Risk cut-off (0–100)"),
            "low_spend_share": _("Low share of spend"),
            "low_complexity": _("Low complexity (1–5)"),
            "strategic_top_share": _("Strategic suppliers within the top share"),
            "max_strategic_per_category": _("Most strategic suppliers per category"),
            "reporting_currency": _("Reporting currency"),
        }
        help_texts = {
            "value_cutoff": _("A value score at or above this counts as high value."),
            "risk_cutoff": _("A risk score at or above this counts as high risk."),
            "low_complexity": _(
                "At or below this complexity, with low spend, argues for transactional."
            ),
            "reporting_currency": _("Three-letter code; spend in other currencies is converted."),
        }

    GROUPS = (
        (_("Value weights"), ("spend_share_weight", "criticality_weight", "complexity_weight",
                           "innovation_weight", "integration_weight", "spend_share_full_at")),
        (_("Risk weights"), ("financial_weight", "single_source_weight", "market_difficulty_weight",
                          "country_weight", "ip_sensitivity_weight", "regulatory_weight",
                          "incidents_weight", "incidents_full_at")),
        (_("Quadrant cut-offs"), ("value_cutoff", "risk_cutoff")),
        (_("Engagement model"), ("low_spend_share", "low_complexity")),
        (_("Portfolio guidance"), ("strategic_top_share", "max_strategic_per_category")),
        (_("Currency"), ("reporting_currency", "exchange_rates")),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)

    def groups(self) -> list[tuple[StrOrPromise, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS]

    @classmethod
    def labels(cls) -> dict[str, str]:
        """What each setting is called on screen (also in its change history)."""
        return {
            name: gettext("%(label)s (weight)") % {"label": field.label}
            if name.endswith("_weight")
            else str(field.label)
            for name, field in cls.base_fields.items()
            if name != "version"
        }

    def clean_exchange_rates(self) -> Any:
        rates = self.cleaned_data.get("exchange_rates")
        return {} if rates in (None, "") else rates

    def clean_reporting_currency(self) -> str:
        return (self.cleaned_data.get("reporting_currency") or "").strip().upper()

    def _post_clean(self) -> None:
        # The service validates the model once, on save.
        pass
