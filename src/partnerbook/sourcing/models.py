"""Sourcing projects, their criteria sets, the criteria templates of categories and the
lessons learned on earlier projects."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import domain

PILLAR_CHOICES = [(key, _(label)) for key, label in domain.PILLARS.items()]


class SourcingProject(models.Model):
    """A need to source: what we look for, in which category, by when, and who runs it.
    Archived instead of deleted."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ON_HOLD = "on_hold", _("On hold")
        CLOSED = "closed", _("Closed")

    title = models.CharField(max_length=200)
    category = models.ForeignKey(
        "suppliers.Category", on_delete=models.PROTECT, related_name="sourcing_projects"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sourcing_projects"
    )
    target_date = models.DateField(help_text="When the new supplier should be in place.")
    need = models.TextField(
        blank=True, validators=[MaxLengthValidator(5000)], help_text="What we need and why."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
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
        help_text="Counts the edits; an edit based on an older version is refused.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="sourcing_project_status_valid",
                condition=models.Q(status__in=["open", "on_hold", "closed"]),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    """One selection criterion of a project, on one side of the alignment triangle: a
    must-have (pass or fail, no weight) or weighted (weight 1..100)."""

    project = models.ForeignKey(SourcingProject, on_delete=models.CASCADE, related_name="criteria")
    pillar = models.CharField(max_length=20, choices=PILLAR_CHOICES)
    name = models.CharField(max_length=domain.MAX_NAME)
    description = models.TextField(
        blank=True, validators=[MaxLengthValidator(domain.MAX_DESCRIPTION)]
    )
    must_have = models.BooleanField(default=False)
    weight = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(domain.MAX_WEIGHT)],
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "pk"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "project", name="sourcing_criterion_name_unique",
                violation_error_message="This project already has a criterion of that name.",
            ),
            models.CheckConstraint(
                name="sourcing_criterion_weight_rule",
                condition=(
                    models.Q(must_have=True, weight__isnull=True)
                    | models.Q(must_have=False, weight__gte=1, weight__lte=domain.MAX_WEIGHT)
                ),
                violation_error_message="A must-have has no weight; a weighted criterion "
                "needs a weight from 1 to 100.",
            ),
            models.CheckConstraint(
                name="sourcing_criterion_pillar_valid",
                condition=models.Q(pillar__in=list(domain.PILLARS)),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name

    @property
    def spec(self) -> domain.CriterionSpec:
        return domain.CriterionSpec(
            self.pillar, self.name, self.must_have, self.weight, self.description
        )


class CriteriaTemplate(models.Model):
    """The criteria set a new project in a category starts from (copied, then its own).
    `criteria` holds rows {"pillar", "name", "description", "must_have", "weight"}."""

    category = models.OneToOneField(
        "suppliers.Category", on_delete=models.CASCADE, related_name="criteria_template"
    )
    criteria = models.JSONField(default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Criteria template of category {self.category_id}"


class Lesson(models.Model):
    """What the team learned on a sourcing project (optionally about one supplier), kept
    to be read when the next project in the same category starts."""

    project = models.ForeignKey(SourcingProject, on_delete=models.CASCADE, related_name="lessons")
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="sourcing_lessons",
    )  # fmt: skip
    text = models.TextField(validators=[MaxLengthValidator(5000)])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Lesson {self.pk} of project {self.project_id}"


MAX_NOTE = 5000


class Candidate(models.Model):
    """A supplier considered for a sourcing project: on the long list, the short list,
    rejected or selected, with where we heard of it."""

    class Source(models.TextChoices):
        REFERRAL = "referral", _("Referral")
        NETWORK = "network", _("Network")
        TRADE_SHOW = "trade_show", _("Trade show")
        INBOUND = "inbound", _("Inbound")
        SEARCH = "search", _("Search")
        EXISTING = "existing", _("Existing supplier")

    class Stage(models.TextChoices):
        LONG_LIST = "long_list", _("Long list")
        SHORT_LIST = "short_list", _("Short list")
        REJECTED = "rejected", _("Rejected")
        SELECTED = "selected", _("Selected")

    project = models.ForeignKey(
        SourcingProject, on_delete=models.CASCADE, related_name="candidates"
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="candidacies"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.LONG_LIST)
    note = models.TextField(blank=True, validators=[MaxLengthValidator(MAX_NOTE)])
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "pk"]
        constraints = [
            models.UniqueConstraint(
                "project", "supplier", name="sourcing_candidate_unique",
                violation_error_message="This supplier is already a candidate of the project.",
            ),
            models.CheckConstraint(
                name="sourcing_candidate_stage_valid",
                condition=models.Q(stage__in=["long_list", "short_list", "rejected", "selected"]),
            ),
            models.CheckConstraint(
                name="sourcing_candidate_source_valid",
                condition=models.Q(
                    source__in=["referral", "network", "trade_show", "inbound", "search",
                                "existing"]
                ),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"Candidate {self.pk} of project {self.project_id}"


class CandidateCall(models.Model):
    """A discovery call with a candidate or a reference call with one of its customers."""

    class Kind(models.TextChoices):
        DISCOVERY = "discovery", _("Discovery call")
        REFERENCE = "reference", _("Reference call")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="calls")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    held_on = models.DateField()
    person = models.CharField(max_length=120, help_text="Who we spoke to.")
    organisation = models.CharField(max_length=200, blank=True, help_text="Where they work.")
    notes = models.TextField(validators=[MaxLengthValidator(MAX_NOTE)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="sourcing_call_kind_valid",
                condition=models.Q(kind__in=["discovery", "reference"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.person}"

    @property
    def with_whom(self) -> str:
        return f"{self.person} ({self.organisation})" if self.organisation else self.person


class Validation(models.Model):
    """A check of what a candidate says it can do: a site visit, a sample project or a
    third-party audit, with its result."""

    class Kind(models.TextChoices):
        SITE_VISIT = "site_visit", _("Site visit")
        SAMPLE_PROJECT = "sample_project", _("Sample project")
        THIRD_PARTY_AUDIT = "third_party_audit", _("Third-party audit")

    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")
        CONDITIONAL = "conditional", _("Passed with conditions")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="validations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    done_on = models.DateField()
    result = models.CharField(max_length=20, choices=Result.choices)
    notes = models.TextField(validators=[MaxLengthValidator(MAX_NOTE)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-done_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="sourcing_validation_kind_valid",
                condition=models.Q(kind__in=["site_visit", "sample_project", "third_party_audit"]),
            ),
            models.CheckConstraint(
                name="sourcing_validation_result_valid",
                condition=models.Q(result__in=["passed", "failed", "conditional"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.done_on}"


class Evaluation(models.Model):
    """One evaluator's vetting scorecard of one candidate (one per evaluator, editable by
    that evaluator)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="evaluations")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sourcing_evaluations"
    )
    comment = models.TextField(blank=True, validators=[MaxLengthValidator(MAX_NOTE)])
    submitted_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["candidate", "pk"]
        constraints = [
            models.UniqueConstraint(
                "candidate", "evaluator", name="sourcing_evaluation_unique",
                violation_error_message="You have already evaluated this candidate.",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"Evaluation {self.pk} of candidate {self.candidate_id}"


class EvaluationScore(models.Model):
    """One line of a scorecard: a weighted criterion scored 0..5, or a must-have marked
    met or not met."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    met = models.BooleanField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "criterion"]
        constraints = [
            models.UniqueConstraint(
                "evaluation", "criterion", name="sourcing_score_unique",
            ),
            models.CheckConstraint(
                name="sourcing_score_range",
                condition=models.Q(score__isnull=True) | models.Q(score__lte=5),
            ),
            models.CheckConstraint(
                name="sourcing_score_or_met",
                condition=models.Q(score__isnull=True) | models.Q(met__isnull=True),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"Score of criterion {self.criterion_id}"


class Pilot(models.Model):
    """A limited trial with a supplier before committing: scope, dates, what success means,
    and the outcome with its evidence."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="pilots"
    )
    candidate = models.ForeignKey(
        Candidate, on_delete=models.SET_NULL, null=True, blank=True, related_name="pilots"
    )
    scope = models.TextField(validators=[MaxLengthValidator(MAX_NOTE)])
    starts_on = models.DateField()
    ends_on = models.DateField()
    success_criteria = models.TextField(validators=[MaxLengthValidator(MAX_NOTE)])
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    evidence = models.TextField(blank=True, validators=[MaxLengthValidator(MAX_NOTE)])
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="sourcing_pilot_outcome_valid",
                condition=models.Q(outcome__in=["pending", "passed", "failed"]),
            ),
            models.CheckConstraint(
                name="sourcing_pilot_dates_in_order",
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                violation_error_message="The pilot cannot end before it starts.",
            ),
            models.CheckConstraint(
                name="sourcing_pilot_evidence_when_decided",
                condition=models.Q(outcome="pending") | ~models.Q(evidence=""),
                violation_error_message="Give the evidence for the outcome.",
            ),
        ]

    def __str__(self) -> str:
        return f"Pilot {self.pk} of supplier {self.supplier_id}"


class RampStage(models.Model):
    """A step of the ramp-up after a pilot: how much volume the supplier may take from
    when. The current stage is the latest by start date."""

    class Stage(models.TextChoices):
        PILOT = "pilot", _("Pilot")
        LIMITED_VOLUME = "limited_volume", _("Limited volume")
        FULL_VOLUME = "full_volume", _("Full volume")

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="ramp_stages"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices)
    volume_allowed = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    volume_unit = models.CharField(max_length=40, blank=True)
    starts_on = models.DateField()
    note = models.TextField(blank=True, validators=[MaxLengthValidator(MAX_NOTE)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="sourcing_ramp_stage_valid",
                condition=models.Q(stage__in=["pilot", "limited_volume", "full_volume"]),
            ),
            models.CheckConstraint(
                name="sourcing_ramp_volume_not_negative",
                condition=models.Q(volume_allowed__isnull=True) | models.Q(volume_allowed__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} from {self.starts_on}"
