"""Quarterly business reviews."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import domain

QUADRANT_CHOICES = [
    ("", _("Not placed")),
    *((key, _(label)) for key, label in domain.QUADRANT_LABELS.items()),  # noqa: INT001
]
RISK_RANGE = [MinValueValidator(0), MaxValueValidator(100)]


class BusinessReviewQuerySet(models.QuerySet["BusinessReview"]):
    def visible_to(self, user: object) -> BusinessReviewQuerySet:
        """Reviews of the suppliers `user` may see (internal users only: reviews hold our
        side's comments)."""
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_internal", False):
            return self.none()
        from partnerbook.suppliers.models import Supplier

        return self.filter(supplier__in=Supplier.objects.visible_to(user))

    def for_list(self) -> BusinessReviewQuerySet:
        """Newest quarter first, with what a list row shows, in one query."""
        return self.select_related("supplier", "created_by").order_by("-period", "-held_on", "-pk")


class BusinessReview(models.Model):
    """A quarterly business review with a supplier: the quarter's scorecard frozen as it was
    discussed, both sides' comments, decisions, successes to celebrate and a re-check of
    the value-risk quadrant. Its follow-up actions (and, when risk rose, its mitigation
    plan) are action items with source "review.action" / "review.mitigation"; it is logged
    as a business-review interaction on the relationship timeline. Archived, never
    deleted."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="business_reviews"
    )
    period = models.DateField(help_text=_("The first day of the quarter reviewed."))
    held_on = models.DateField(help_text=_("The day the review took place."))
    scorecard = models.JSONField(
        default=dict, help_text=_("The quarter's scorecard as it was when the review was recorded.")
    )
    our_comments = models.TextField(blank=True, max_length=5000)
    supplier_comments = models.TextField(
        blank=True, max_length=5000, help_text=_("What the supplier said (typed by us for now).")
    )
    decisions = models.JSONField(default=list, blank=True, help_text=_("Short texts."))
    successes = models.JSONField(
        default=list, blank=True, help_text=_("Successes to celebrate (short texts).")
    )
    quadrant_before = models.CharField(max_length=20, choices=QUADRANT_CHOICES, blank=True)
    risk_before = models.FloatField(null=True, blank=True, validators=RISK_RANGE)
    quadrant_after = models.CharField(max_length=20, choices=QUADRANT_CHOICES, blank=True)
    risk_after = models.FloatField(null=True, blank=True, validators=RISK_RANGE)
    first_review = models.BooleanField(
        default=False, help_text=_("No earlier review: 'before' is the assessment at this one.")
    )
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text=_("The review the quadrant was compared with."),
    )  # fmt: skip
    risk_rose = models.BooleanField(default=False)
    interaction = models.OneToOneField(
        "relationship.Interaction", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="business_review",
    )  # fmt: skip
    archived = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Counts the edits; an edit based on an older version is refused."),
    )
    history = HistoricalRecords()

    objects = BusinessReviewQuerySet.as_manager()

    class Meta:
        ordering = ["supplier", "-period", "-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "period"],
                condition=models.Q(archived=False),
                name="one_review_per_quarter",
                violation_error_message=_("This quarter has been reviewed already."),
            ),
            models.CheckConstraint(
                name="review_held_in_or_after_quarter",
                condition=models.Q(held_on__gte=models.F("period")),
                violation_error_message=_("A review cannot be held before its quarter began."),
            ),
            models.CheckConstraint(
                name="review_quadrants_valid",
                condition=models.Q(quadrant_before__in=[c for c, _ in QUADRANT_CHOICES])
                & models.Q(quadrant_after__in=[c for c, _ in QUADRANT_CHOICES]),
            ),
            # "period is the first day of a quarter" is kept by the services, not as a
            # CHECK: on SQLite it would need Django's date functions inside the schema.
        ]
        indexes = [
            models.Index(fields=["supplier", "period"], name="review_supplier_period_idx"),
        ]

    def __str__(self) -> str:
        return f"Review of {self.quarter_label} with supplier {self.supplier_id}"

    @property
    def quarter_label(self) -> str:
        return domain.quarter_label(self.period)

    @property
    def quarter_key(self) -> str:
        return domain.quarter_key(self.period)

    @property
    def before(self) -> domain.Position:
        return domain.Position(self.quadrant_before or None, self.risk_before)

    @property
    def after(self) -> domain.Position:
        return domain.Position(self.quadrant_after or None, self.risk_after)

    @property
    def recheck(self) -> domain.Recheck:
        return domain.Recheck(self.before, self.after, first=self.first_review)

    @property
    def quadrant_changed(self) -> bool:
        return self.quadrant_before != self.quadrant_after

    @property
    def overall(self) -> Any:
        return (self.scorecard or {}).get("overall")

    @property
    def standing(self) -> Any:
        return (self.scorecard or {}).get("standing")

    @property
    def light_counts(self) -> dict[str, int]:
        return domain.light_counts(self.scorecard or {})
