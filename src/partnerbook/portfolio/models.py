"""The guided portfolio review: review rounds, one decision per supplier in a round, and the
review's settings. Write through `portfolio.services` only."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import domain

_LIMIT = [MinValueValidator(domain.MIN_LIMIT), MaxValueValidator(domain.MAX_LIMIT)]


def _choices(table: dict[str, str]) -> list[tuple[str, Any]]:
    return [(key, _(label)) for key, label in table.items()]


class PortfolioSettings(models.Model):
    """How many strategic partners a relationship owner, and the team, can give real
    attention to before the review warns (a single row, pk 1)."""

    owner_limit = models.PositiveSmallIntegerField(
        default=domain.DEFAULT_LIMIT,
        validators=_LIMIT,
        help_text="Strategic partners one relationship owner can look after.",
    )
    team_limit = models.PositiveSmallIntegerField(
        default=domain.DEFAULT_LIMIT,
        validators=_LIMIT,
        help_text="Strategic partners the whole team can look after.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "portfolio settings"
        constraints = [
            models.CheckConstraint(name="portfolio_settings_singleton", condition=models.Q(pk=1)),
            models.CheckConstraint(
                name="portfolio_limits_range",
                condition=models.Q(owner_limit__gte=domain.MIN_LIMIT)
                & models.Q(owner_limit__lte=domain.MAX_LIMIT)
                & models.Q(team_limit__gte=domain.MIN_LIMIT)
                & models.Q(team_limit__lte=domain.MAX_LIMIT),
            ),
        ]

    def __str__(self) -> str:
        return f"Portfolio settings (limits {self.owner_limit}/{self.team_limit})"


class ReviewRound(models.Model):
    """One guided review of the portfolio (or of a scope of it) in which every supplier in
    scope gets invest, maintain or phase out with a reason; closed once all are decided."""

    title = models.CharField(max_length=domain.MAX_TITLE)
    scope_kind = models.CharField(max_length=10, choices=_choices(domain.SCOPES))
    scope_category = models.ForeignKey(
        "suppliers.Category", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scope_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    scope_label = models.CharField(max_length=300, help_text="The scope in words.")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=_choices(domain.STATUSES), default="open")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    note = models.TextField(blank=True, validators=[MaxLengthValidator(domain.MAX_NOTE)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="review_round_status_valid", condition=models.Q(status__in=["open", "closed"])
            ),
            models.CheckConstraint(
                name="review_round_scope_valid",
                condition=models.Q(scope_kind__in=list(domain.SCOPES)),
            ),
            models.CheckConstraint(
                name="review_round_closed_has_date",
                condition=models.Q(status="open", closed_at__isnull=True)
                | models.Q(status="closed", closed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == domain.OPEN


class ReviewDecision(models.Model):
    """One supplier in a review round: the seeded suggestion with its reasons, and the
    decision (invest, maintain, phase out) with the reason a person gave for it. The
    quadrant and engagement model are kept as they were when the round started."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="decisions")
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="review_decisions"
    )
    quadrant = models.CharField(max_length=20, blank=True)
    engagement_model = models.CharField(max_length=20, blank=True)
    suggestion = models.CharField(max_length=10, choices=_choices(domain.DECISIONS))
    suggestion_points = models.SmallIntegerField(default=0)
    suggestion_reasons = models.JSONField(default=list, blank=True)
    suggestion_explanation = models.TextField(blank=True)
    decision = models.CharField(max_length=10, choices=_choices(domain.DECISIONS), blank=True)
    reason = models.TextField(blank=True, validators=[MaxLengthValidator(domain.MAX_REASON)])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "supplier__name", "pk"]
        indexes = [
            models.Index(fields=["supplier", "-decided_at"], name="review_decision_latest_idx")
        ]
        constraints = [
            models.UniqueConstraint(fields=["round", "supplier"], name="one_decision_per_round"),
            models.CheckConstraint(
                name="review_suggestion_valid",
                condition=models.Q(suggestion__in=list(domain.DECISIONS)),
            ),
            models.CheckConstraint(
                name="review_decision_valid",
                condition=models.Q(decision__in=["", *domain.DECISIONS]),
            ),
            models.CheckConstraint(
                name="review_decision_has_reason",
                condition=models.Q(decision="") | ~models.Q(reason=""),
            ),
            models.CheckConstraint(
                name="review_decision_has_date",
                condition=models.Q(decision="") | models.Q(decided_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id} in round {self.round_id}: {self.decision or 'undecided'}"

    @property
    def overridden(self) -> bool:
        """Decided otherwise than suggested."""
        return bool(self.decision) and self.decision != self.suggestion
