"""Every business model keeps an audit history (django-simple-history), so a model added
later cannot forget it. The few exceptions are listed here, each with its reason."""

from __future__ import annotations

from django.apps import apps
from simple_history.models import HistoricalChanges

# Models without their own history, and why that is safe.
EXEMPT = {
    "accounts.ApiToken": "a credential (only its hash is kept); created and revoked times are "
    "on the row itself",
    "suppliers.Tag": "a label's name only; putting tags on suppliers is in the supplier history",
    "relationship.HealthSnapshot": "computed by the recompute from audited inputs, replaced "
    "for its day on every run",
    "performance.StoredScore": "derived: a supplier's scored period computed from audited "
    "inputs, removed when they change and computed again (performance.services)",
    "risk.SpendLine": "mirrors the ERP's monthly spend, written in bulk by imports (a "
    "re-import is the correction); each line names who last wrote it and when, and the "
    "supplier's annual spend it feeds keeps an audited history naming the lines",
    "suppliers.OwnerAssignment": "each spell is written by an owner change that the supplier's "
    "history records (who, when); the spell itself names who assigned it",
    "accounts.EmailOptOut": "a person's own choice of e-mails, not business data; the row "
    "says when it was made",
    "webhooks.Delivery": "a log of what was sent to another system and what it answered, "
    "written by the background worker; each row keeps its own times, attempts and answer, "
    "and the webhook it belongs to keeps an audited history",
    "portal.Concern": "anonymity: a history would name whoever raised or changed a concern; "
    "the row keeps its day and who on our side read it (tests/portal/test_anonymity.py)",
}


def business_models():
    for config in apps.get_app_configs():
        if not config.name.startswith("partnerbook."):
            continue
        for model in config.get_models():
            if issubclass(model, HistoricalChanges) or model._meta.auto_created:
                continue
            yield model


def test_every_business_model_keeps_a_history():
    missing = [
        model._meta.label
        for model in business_models()
        if model._meta.label not in EXEMPT and not hasattr(model, "history")
    ]

    assert missing == [], f"add `history = HistoricalRecords()` to: {', '.join(missing)}"


def test_the_walk_sees_the_apps_and_the_exemptions_still_exist():
    labels = {model._meta.label for model in business_models()}

    assert {"suppliers.Supplier", "relationship.Interaction", "alerts.Alert"} <= labels
    assert set(EXEMPT) <= labels, "an exemption names a model that no longer exists"
