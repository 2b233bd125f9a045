"""Collaboration practices run with a supplier, and the agreements (NDAs, contracts) with it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import domain
from .queries import AgreementQuerySet, PracticeQuerySet

# The domain's labels, in the person's language where they are shown.
_AGREEMENT_CHOICES = [(key, _(label)) for key, label in domain.AGREEMENT_CHOICES]
_TEMPLATE_CHOICES = [(key, _(label)) for key, label in domain.TEMPLATE_CHOICES]
_PRACTICE_CHOICES = [(key, _(label)) for key, label in domain.PRACTICE_CHOICES]


def _section(label: str, help_text: str) -> models.TextField:  # type: ignore[type-arg]
    return models.TextField(label, blank=True, default="", max_length=5000, help_text=help_text)


class Agreement(models.Model):
    """A signed agreement with a supplier: an NDA, or a contract (supply or service,
    framework...) following a template that fits the relationship. Archived, never deleted;
    "on record" means signed and not expired on the day checked."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="agreements"
    )
    kind = models.CharField(max_length=20, choices=_AGREEMENT_CHOICES)
    template = models.CharField(
        max_length=20,
        choices=_TEMPLATE_CHOICES,
        blank=True,
        default="",
        help_text="Which sections the contract must fill; none for an NDA.",
    )
    suggested_template = models.CharField(
        max_length=20,
        choices=_TEMPLATE_CHOICES,
        blank=True,
        default="",
        editable=False,
        help_text="The template the segmentation suggested when the template was last chosen.",
    )
    signed_on = models.DateField()
    starts_on = models.DateField(null=True, blank=True, help_text="Empty: from the signing date.")
    expires_on = models.DateField(null=True, blank=True, help_text="Leave empty if open-ended.")
    renewal_notice_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Days before the end date by which to renew or give notice.",
    )
    reference = models.CharField(max_length=100, blank=True, help_text="e.g. the contract number")
    note = models.TextField(blank=True, max_length=5000)
    scope = _section("scope", "What the agreement covers and what it leaves out.")
    deliverables = _section("deliverables", "What the supplier delivers.")
    payment_terms = _section("payment terms", "When and how we pay.")
    pricing_model = _section("pricing model", "How prices are set.")
    service_levels = _section("service levels", "The levels the supplier commits to.")
    performance_guarantees = _section(
        "performance guarantees", "What happens when service levels are missed."
    )
    escalation_path = models.JSONField(
        default=list,
        blank=True,
        help_text="Levels [{level, who, time_box_days}], numbered from 1, at most five.",
    )
    dispute_resolution = _section("dispute resolution", "Mediation, arbitration, the courts.")
    termination = _section("termination", "How either side may end the agreement.")
    ip_terms = _section("intellectual property", "Who owns what is made.")
    joint_investment = _section("joint investment", "What each side puts in.")
    gain_sharing = _section("revenue or gain sharing", "How gains or revenue are shared.")
    legal_reviewed_on = models.DateField(
        null=True, blank=True, help_text="The day our legal team reviewed the contract."
    )
    legal_reviewer = models.CharField(max_length=200, blank=True, default="")
    archived = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Counts the edits; an edit based on an older version is refused.",
    )
    history = HistoricalRecords()

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="agreement_kind_valid",
                condition=models.Q(kind__in=list(domain.AGREEMENT_KINDS)),
            ),
            models.CheckConstraint(
                name="agreement_template_valid",
                condition=models.Q(template__in=["", *domain.TEMPLATES]),
            ),
            models.CheckConstraint(
                name="agreement_expires_after_signed",
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gt=models.F("signed_on")),
            ),
            models.CheckConstraint(
                name="agreement_notice_days_in_range",
                condition=models.Q(renewal_notice_days__isnull=True)
                | models.Q(renewal_notice_days__lte=domain.MAX_NOTICE_DAYS),
            ),
        ]
        indexes = [
            models.Index(fields=["archived", "expires_on"], name="agreement_expiry_idx"),
        ]

    def __str__(self) -> str:
        label = self.get_kind_display()
        return f"{label} {self.reference}" if self.reference else f"{label} signed {self.signed_on}"

    def facts(self) -> domain.AgreementFacts:
        return domain.AgreementFacts(
            kind=self.kind,
            signed_on=self.signed_on,
            expires_on=self.expires_on,
            archived=self.archived,
            reference=self.reference,
            renewal_notice_days=self.renewal_notice_days,
            legal_reviewed_on=self.legal_reviewed_on,
            legal_reviewer=self.legal_reviewer,
            template=self.template,
        )

    @property
    def is_nda(self) -> bool:
        return self.kind in domain.NDA_KINDS

    @property
    def escalation_text(self) -> str:
        return domain.escalation_text(self.escalation_path)


class Practice(models.Model):
    """A way of working together with a supplier (joint problem-solving, roadmap sharing...),
    with its owner on our side and, for sessions, the contacts of both sides who attend."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="practices"
    )
    kind = models.CharField(max_length=30, choices=_PRACTICE_CHOICES)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_practices"
    )
    notes = models.TextField(blank=True, max_length=10_000)
    attendees = models.ManyToManyField(
        "suppliers.Contact",
        blank=True,
        related_name="practices",
        help_text="Contacts of both sides who attend the sessions.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Counts the edits; an edit based on an older version is refused.",
    )
    history = HistoricalRecords(m2m_fields=[attendees])

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="practice_kind_valid",
                condition=models.Q(kind__in=list(domain.PRACTICE_KINDS)),
            ),
            models.CheckConstraint(
                name="practice_status_matches_end",
                condition=models.Q(status="active", ended_on__isnull=True)
                | models.Q(status="ended", ended_on__isnull=False),
            ),
            models.CheckConstraint(
                name="practice_ends_after_start",
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
            ),
        ]
        indexes = [models.Index(fields=["supplier", "status"], name="practice_supplier_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.supplier_id}"
