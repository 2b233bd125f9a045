"""Sourcing projects, their criteria sets, the criteria templates of categories and the
lessons learned on earlier projects."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from . import domain

PILLAR_CHOICES = list(domain.PILLARS.items())


class SourcingProject(models.Model):
    """A need to source: what we look for, in which category, by when, and who runs it.
    Archived instead of deleted."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ON_HOLD = "on_hold", "On hold"
        CLOSED = "closed", "Closed"

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
