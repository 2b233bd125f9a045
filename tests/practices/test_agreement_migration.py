"""Agreements recorded before contracts had templates and sections migrate cleanly."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("practices", "0001_initial")]
AFTER = [("practices", "0002_agreement_contracts")]


@pytest.mark.django_db(transaction=True)
def test_existing_agreements_get_blank_sections_and_no_template(supplier_a):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldAgreement = old_apps.get_model("practices", "Agreement")
    old = OldAgreement.objects.create(
        supplier_id=supplier_a.pk, kind="framework", signed_on=dt.date(2025, 3, 1),
        expires_on=dt.date(2027, 3, 1), reference="FW-1",
    )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    agreement = new_apps.get_model("practices", "Agreement").objects.get(pk=old.pk)
    assert agreement.template == "" and agreement.escalation_path == []
    assert agreement.scope == "" and agreement.gain_sharing == "" and agreement.legal_reviewer == ""
    assert agreement.renewal_notice_days is None and agreement.legal_reviewed_on is None
    assert agreement.reference == "FW-1" and agreement.kind == "framework"
