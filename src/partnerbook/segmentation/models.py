"""Segmentation records: scoring settings, each supplier's factors and decisions, expectations,
maturity moves and alignment assessments. The maths lives in `domain.py`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerbook.core.currencies import validate_currency

from .domain import QUADRANT_LABELS, STAGE_LABELS, Quadrant, Stage

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def one_to_five(help_text: StrOrPromise = "") -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=help_text,
    )


class QuadrantChoice(models.TextChoices):
    STRATEGIC = Quadrant.STRATEGIC.value, _(QUADRANT_LABELS[Quadrant.STRATEGIC])
    OPERATIONAL = Quadrant.OPERATIONAL.value, _(QUADRANT_LABELS[Quadrant.OPERATIONAL])
    OPPORTUNISTIC = Quadrant.OPPORTUNISTIC.value, _(QUADRANT_LABELS[Quadrant.OPPORTUNISTIC])
    AVOID = Quadrant.AVOID.value, _(QUADRANT_LABELS[Quadrant.AVOID])


class StageChoice(models.TextChoices):
    TRANSACTIONAL = Stage.TRANSACTIONAL.value, _(STAGE_LABELS[Stage.TRANSACTIONAL])
    COOPERATIVE = Stage.COOPERATIVE.value, _(STAGE_LABELS[Stage.COOPERATIVE])
    COLLABORATIVE = Stage.COLLABORATIVE.value, _(STAGE_LABELS[Stage.COLLABORATIVE])
    STRATEGIC = Stage.STRATEGIC.value, _(STAGE_LABELS[Stage.STRATEGIC])


class EngagementChoice(models.TextChoices):
    TRANSACTIONAL = "transactional", _("Transactional")
    PARTNERSHIP = "partnership", _("Partnership")


class ScoringSettings(models.Model):
    """The one set of weights and thresholds the scores use (edited by an administrator)."""

    spend_share_weight = models.FloatField(default=2.0, validators=[MinValueValidator(0)])
    criticality_weight = models.FloatField(default=3.0, validators=[MinValueValidator(0)])
    complexity_weight = models.FloatField(default=2.0, validators=[MinValueValidator(0)])
    innovation_weight = models.FloatField(default=1.5, validators=[MinValueValidator(0)])
    integration_weight = models.FloatField(default=2.0, validators=[MinValueValidator(0)])
    spend_share_full_at = models.FloatField(
        default=0.10,
        validators=[MinValueValidator(0.001), MaxValueValidator(1)],
        help_text=_("Share of total spend (0–1) that earns full spend points."),
    )
    financial_weight = models.FloatField(default=3.0, validators=[MinValueValidator(0)])
    single_source_weight = models.FloatField(default=2.5, validators=[MinValueValidator(0)])
    market_difficulty_weight = models.FloatField(default=2.0, validators=[MinValueValidator(0)])
    country_weight = models.FloatField(default=1.5, validators=[MinValueValidator(0)])
    ip_sensitivity_weight = models.FloatField(default=1.0, validators=[MinValueValidator(0)])
    regulatory_weight = models.FloatField(default=1.0, validators=[MinValueValidator(0)])
    incidents_weight = models.FloatField(default=2.0, validators=[MinValueValidator(0)])
    incidents_full_at = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Serious incidents in twelve months that earn full incident risk."),
    )
    value_cutoff = models.FloatField(
        default=50, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    risk_cutoff = models.FloatField(
        default=50, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    low_spend_share = models.FloatField(
        default=0.01,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_(
            "Below this share of spend (0–1), with low complexity, argues for transactional."
        ),
    )
    low_complexity = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    strategic_top_share = models.FloatField(
        default=0.20,
        validators=[MinValueValidator(0.01), MaxValueValidator(1)],
        help_text=_("Strategic suppliers are expected within this top share of the base by spend."),
    )
    max_strategic_per_category = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1)]
    )
    reporting_currency = models.CharField(
        max_length=3, default="EUR", validators=[validate_currency]
    )
    exchange_rates = models.JSONField(
        default=dict,
        blank=True,
        help_text=_(
            'Value of one unit in the reporting currency, e.g. {"USD": 0.92, "SEK": 0.087}.'
        ),
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Counts the edits; an edit based on an older version is refused."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = _("scoring settings")
        constraints = [
            models.CheckConstraint(name="scoring_settings_singleton", condition=models.Q(pk=1))
        ]

    def __str__(self) -> str:
        return "Scoring settings"


class SegmentationProfile(models.Model):
    """What we know and have decided about one supplier's place in the portfolio."""

    supplier = models.OneToOneField(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="segmentation"
    )
    # value factors (spend share comes from the supplier's annual spend)
    criticality = one_to_five(_("Business criticality: 1 nice to have … 5 stops our business."))
    complexity = one_to_five(_("Complexity of what they supply: 1 simple … 5 highly engineered."))
    innovation = one_to_five(_("Innovation they bring: 1 none … 5 shapes our products."))
    integration = one_to_five(_("Integration into our products and processes: 1 none … 5 deep."))
    # risk factors
    financial_health = one_to_five(_("Financial health: 1 very weak … 5 strong."))
    single_source = models.BooleanField(
        null=True, blank=True, help_text=_("Yes when there is no qualified backup supplier.")
    )
    market_difficulty = one_to_five(_("Supply-market difficulty: 1 many sources … 5 very few."))
    country_risk = one_to_five(_("Country / geographic risk: 1 low … 5 high."))
    ip_sensitivity = one_to_five(_("Intellectual-property sensitivity: 1 none … 5 crown jewels."))
    regulatory_constraints = one_to_five(_("Regulatory constraints: 1 none … 5 heavy."))
    serious_incidents = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Serious incidents in the last twelve months.")
    )
    # engagement-model inputs and decision
    commodity = models.BooleanField(
        null=True, blank=True, help_text=_("A commodity with many interchangeable suppliers.")
    )
    collaboration_willingness = one_to_five(
        _("Can and will the supplier collaborate? 1 not at all … 5 eagerly.")
    )
    supplier_is_competitor = models.BooleanField(null=True, blank=True)
    regulation_mandates_distance = models.BooleanField(
        null=True, blank=True, help_text=_("Regulation requires an arm's-length relationship.")
    )
    shared_risk_reward = models.BooleanField(
        null=True, blank=True, help_text=_("Risk and reward are shared, e.g. a gain-share.")
    )
    chosen_model = models.CharField(
        max_length=20, choices=EngagementChoice.choices, blank=True, default=""
    )
    chosen_model_reason = models.TextField(blank=True)
    # a manager's override of the computed quadrant (computed value is always recomputed)
    quadrant_override = models.CharField(
        max_length=20, choices=QuadrantChoice.choices, blank=True, default=""
    )
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    # what each side expects the relationship to be
    our_expectation = models.CharField(
        max_length=20, choices=StageChoice.choices, blank=True, default=""
    )
    our_importance = one_to_five(_("How important the relationship is to us."))
    supplier_expectation = models.CharField(
        max_length=20, choices=StageChoice.choices, blank=True, default=""
    )
    supplier_importance = one_to_five(_("How important the relationship is to the supplier."))
    supplier_expectation_source = models.CharField(
        max_length=20,
        choices=[("buyer", _("Entered by the buyer")), ("portal", _("Entered by the supplier"))],
        blank=True,
        default="",
    )
    maturity_stage = models.CharField(
        max_length=20, choices=StageChoice.choices, default=StageChoice.TRANSACTIONAL
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Counts the edits; an edit based on an older version is refused."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="override_needs_reason",
                condition=models.Q(quadrant_override="") | ~models.Q(override_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"Segmentation of {self.supplier}"


class MaturityMove(models.Model):
    """A recorded move of the relationship from one maturity stage to another, with evidence."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="maturity_moves"
    )
    from_stage = models.CharField(max_length=20, choices=StageChoice.choices)
    to_stage = models.CharField(max_length=20, choices=StageChoice.choices)
    moved_on = models.DateField()
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["supplier", "moved_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="maturity_move_changes_stage",
                condition=~models.Q(from_stage=models.F("to_stage")),
            ),
            models.CheckConstraint(
                name="maturity_move_has_evidence", condition=~models.Q(evidence="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier}: {self.from_stage} → {self.to_stage} on {self.moved_on}"


class AlignmentAssessment(models.Model):
    """Goals, values and capabilities, each scored 1–5 by our side and by the supplier's side."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="alignment_assessments"
    )
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    our_goals = one_to_five()
    our_values = one_to_five()
    our_capabilities = one_to_five()
    their_goals = one_to_five()
    their_values = one_to_five()
    their_capabilities = one_to_five()
    our_goals_note = models.TextField(blank=True)
    our_values_note = models.TextField(blank=True)
    our_capabilities_note = models.TextField(blank=True)
    their_goals_note = models.TextField(blank=True)
    their_values_note = models.TextField(blank=True)
    their_capabilities_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["supplier", "-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="alignment_scores_complete",
                condition=models.Q(
                    our_goals__isnull=False, our_values__isnull=False,
                    our_capabilities__isnull=False, their_goals__isnull=False,
                    their_values__isnull=False, their_capabilities__isnull=False,
                ),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"Alignment of {self.supplier} on {self.assessed_on}"

    def ours(self) -> dict[str, int]:
        return {
            "goals": self.our_goals,
            "values": self.our_values,
            "capabilities": self.our_capabilities,
        }  # type: ignore[dict-item]

    def theirs(self) -> dict[str, int]:
        return {
            "goals": self.their_goals,
            "values": self.their_values,
            "capabilities": self.their_capabilities,
        }  # type: ignore[dict-item]


class SupplierAlignmentAnswer(models.Model):
    """The supplier's own side of the alignment triangle, answered through the portal: how
    well goals, values and capabilities fit, 1-5 each with a note. One current answer per
    supplier (its history keeps the earlier ones); our side reads it when it next assesses
    the alignment."""

    supplier = models.OneToOneField(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="alignment_answer"
    )
    goals = one_to_five(_("How well our goals fit, as the supplier sees it."))
    values = one_to_five(_("How well our values fit, as the supplier sees it."))
    capabilities = one_to_five(_("How well our capabilities fit, as the supplier sees it."))
    goals_note = models.TextField(blank=True, max_length=2000)
    values_note = models.TextField(blank=True, max_length=2000)
    capabilities_note = models.TextField(blank=True, max_length=2000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_by_contact = models.ForeignKey(
        "suppliers.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="supplier_alignment_complete",
                condition=models.Q(
                    goals__isnull=False, values__isnull=False, capabilities__isnull=False
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier}'s side of the alignment triangle"

    def scores(self) -> dict[str, int]:
        return {
            "goals": self.goals,
            "values": self.values,
            "capabilities": self.capabilities,
        }  # type: ignore[dict-item]
