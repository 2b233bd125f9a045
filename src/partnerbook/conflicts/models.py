"""Supplier issues and what is recorded while working them through: the problem-solving
steps, the moves along the escalation path, corrective action requests (8D), joint
retrospectives and breaches of trust. Write through `conflicts.services` only."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import domain

_TEXT = [MaxLengthValidator(domain.MAX_TEXT)]


def _choices(table: dict[str, str]) -> list[tuple[str, Any]]:
    """The choices of one of the domain's tables, shown in the person's language."""
    return [(key, _(label)) for key, label in table.items()]


class SupplierIssueQuerySet(models.QuerySet["SupplierIssue"]):
    def visible_to(self, user: object) -> SupplierIssueQuerySet:
        """Issues of the suppliers `user` may see. Internal users only until the portal
        opens issues to suppliers."""
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_internal", False):
            return self.none()
        from partnerbook.suppliers.models import Supplier

        return self.filter(supplier__in=Supplier.objects.visible_to(user))

    def for_list(self) -> SupplierIssueQuerySet:
        """Everything a list row shows, in one query."""
        return self.select_related("supplier", "supplier__relationship_owner", "raised_by")

    def for_portal(self, user: object) -> SupplierIssueQuerySet:
        """The issues of a portal user's own supplier, raised by either side and at any
        stage (the supplier is the other party to every one of them); none for anyone
        else. What of an issue the portal shows is decided by the portal schemas."""
        if (
            not getattr(user, "is_authenticated", False)
            or not getattr(user, "is_active", False)
            or getattr(user, "role", None) != "supplier_contact"
            or getattr(user, "supplier_id", None) is None
        ):
            return self.none()
        return self.filter(supplier_id=user.supplier_id)  # type: ignore[attr-defined]


class SupplierIssue(models.Model):
    """A problem between us and a supplier (an "issue" or "dispute"), raised by either
    side, worked through in problem-solving steps and settled as low on the escalation path
    as it can be. `path` is the escalation path when it was raised (from the agreement, or
    the default); `level` the level it sits at now, since `level_since`."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="issues"
    )
    title = models.CharField(max_length=domain.MAX_TITLE)
    category = models.CharField(max_length=20, choices=_choices(domain.CATEGORIES))
    severity = models.CharField(max_length=10, choices=_choices(domain.SEVERITIES))
    safety_impact = models.BooleanField(
        default=False, help_text=_("It affects safety or function (not only appearance or cost).")
    )
    description = models.TextField(blank=True, validators=_TEXT)
    raised_by_side = models.CharField(max_length=10, choices=_choices(domain.SIDES), default="ours")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    raised_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=_choices(domain.STATUSES), default="open")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True, validators=_TEXT)
    path = models.JSONField(default=list, blank=True)
    level = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    level_since = models.DateTimeField()
    resolved_level = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Counts the edits; an edit based on an older version is refused."),
    )
    history = HistoricalRecords()

    objects = SupplierIssueQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [
            models.Index(fields=["supplier", "status"], name="issue_supplier_idx"),
            models.Index(fields=["status", "-raised_at"], name="issue_status_idx"),
            models.Index(fields=["-raised_at", "-id"], name="issue_raised_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="issue_category_valid",
                condition=models.Q(category__in=list(domain.CATEGORIES)),
            ),
            models.CheckConstraint(
                name="issue_severity_valid",
                condition=models.Q(severity__in=list(domain.SEVERITIES)),
            ),
            models.CheckConstraint(
                name="issue_status_valid", condition=models.Q(status__in=list(domain.STATUSES))
            ),
            models.CheckConstraint(
                name="issue_side_valid", condition=models.Q(raised_by_side__in=list(domain.SIDES))
            ),
            models.CheckConstraint(
                name="issue_resolved_has_time",
                condition=models.Q(status="resolved", resolved_at__isnull=False)
                | (~models.Q(status="resolved") & models.Q(resolved_at__isnull=True)),
                violation_error_message="A resolved issue has the time it was resolved; "
                "an open one has none.",
            ),
            models.CheckConstraint(name="issue_level_positive", condition=models.Q(level__gte=1)),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def levels(self) -> tuple[domain.Level, ...]:
        return domain.path_from(self.path)


class ProblemStep(models.Model):
    """One recorded step of structured problem-solving on an issue: what our side and what
    the supplier's side said. The follow-up step also says whether the fix held."""

    issue = models.ForeignKey(SupplierIssue, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=20, choices=[(s.key, _(s.label)) for s in domain.STEPS])
    ours = models.TextField(blank=True, validators=_TEXT)
    theirs = models.TextField(
        blank=True, validators=_TEXT, help_text=_("What the supplier's side contributed.")
    )
    held = models.BooleanField(null=True, blank=True, help_text=_("Follow-up: did the fix hold?"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["issue", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "step"], name="problem_step_unique"),
            models.CheckConstraint(
                name="problem_step_valid", condition=models.Q(step__in=list(domain.STEP_KEYS))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step} of issue {self.issue_id}"


class Escalation(models.Model):
    """A move of an issue along its escalation path, up or down, with the reason."""

    issue = models.ForeignKey(SupplierIssue, on_delete=models.CASCADE, related_name="escalations")
    from_level = models.PositiveSmallIntegerField()
    to_level = models.PositiveSmallIntegerField()
    reason = models.TextField(validators=_TEXT)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moved_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-moved_at", "-pk"]
        indexes = [models.Index(fields=["-moved_at", "-id"], name="escalation_moved_idx")]
        constraints = [
            models.CheckConstraint(
                name="escalation_moves", condition=~models.Q(from_level=models.F("to_level"))
            ),
            models.CheckConstraint(name="escalation_has_reason", condition=~models.Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"Issue {self.issue_id}: level {self.from_level} → {self.to_level}"

    @property
    def upward(self) -> bool:
        return self.to_level > self.from_level


class CorrectiveAction(models.Model):
    """A corrective action request (8D) on a quality issue. Its disciplines are answered by
    our side or the supplier's; it closes once D1-D7 are answered."""

    issue = models.OneToOneField(
        SupplierIssue, on_delete=models.CASCADE, related_name="corrective_action"
    )
    opened_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "-pk"]

    def __str__(self) -> str:
        return f"Corrective action request {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class Discipline(models.Model):
    """One answered discipline (D1-D8) of a corrective action request, and which side
    answered it."""

    corrective_action = models.ForeignKey(
        CorrectiveAction, on_delete=models.CASCADE, related_name="disciplines"
    )
    key = models.CharField(max_length=30, choices=[(d.key, _(d.label)) for d in domain.DISCIPLINES])
    text = models.TextField(validators=_TEXT)
    side = models.CharField(max_length=10, choices=_choices(domain.SIDES), default="ours")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["corrective_action", "key"]
        constraints = [
            models.UniqueConstraint(fields=["corrective_action", "key"], name="discipline_unique"),
            models.CheckConstraint(
                name="discipline_key_valid",
                condition=models.Q(key__in=list(domain.DISCIPLINE_KEYS)),
            ),
            models.CheckConstraint(name="discipline_has_text", condition=~models.Q(text="")),
        ]

    def __str__(self) -> str:
        return f"{self.key} of corrective action {self.corrective_action_id}"


class Retrospective(models.Model):
    """A joint retrospective after a milestone: what worked, what did not and what to
    change, from both sides. Holding one is a deposit in the trust ledger."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="retrospectives"
    )
    issue = models.ForeignKey(
        SupplierIssue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="retrospectives",
    )
    milestone = models.CharField(max_length=200)
    held_on = models.DateField()
    ours_worked = models.TextField(blank=True, validators=_TEXT)
    ours_did_not = models.TextField(blank=True, validators=_TEXT)
    ours_change = models.TextField(blank=True, validators=_TEXT)
    theirs_worked = models.TextField(blank=True, validators=_TEXT)
    theirs_did_not = models.TextField(blank=True, validators=_TEXT)
    theirs_change = models.TextField(blank=True, validators=_TEXT)
    trust_entry = models.ForeignKey(
        "relationship.TrustEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Retrospective: {self.milestone}"


class Breach(models.Model):
    """A breach of trust (a hidden problem discovered, a broken commitment): a withdrawal in
    the trust ledger, linked to the recovery plan that answers it."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="breaches"
    )
    kind = models.CharField(max_length=20, choices=_choices(domain.BREACH_KINDS))
    description = models.TextField(validators=_TEXT)
    occurred_on = models.DateField()
    issue = models.ForeignKey(
        SupplierIssue, on_delete=models.SET_NULL, null=True, blank=True, related_name="breaches"
    )
    recovery_plan = models.ForeignKey(
        "plans.RecoveryPlan", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    trust_entry = models.ForeignKey(
        "relationship.TrustEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="breach_kind_valid", condition=models.Q(kind__in=list(domain.BREACH_KINDS))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_on})"
