"""`partnerbook recompute` and the tone measures behind the drift checks."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from partnerbook.relationship import services, tone
from partnerbook.relationship.models import HealthSnapshot


def recompute(*args: str) -> str:
    out = StringIO()
    call_command("recompute", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_recompute_scores_every_watched_supplier_for_today(manager, supplier_a, supplier_b):
    services.record_interaction(
        manager, supplier_a,
        {"occurred_on": timezone.localdate(), "channel": "call", "initiated_by": "supplier",
         "tags": ["early_warning"], "notes": "They warned us about a late resin delivery."},
    )  # fmt: skip

    output = recompute()

    assert "Recomputed 2 supplier(s)" in output
    snapshot = HealthSnapshot.objects.get(supplier=supplier_a, as_of=timezone.localdate())
    assert snapshot.score is not None and snapshot.metrics["trust_balance"] == 4


@pytest.mark.django_db
def test_recompute_as_of_a_past_day_sees_only_what_was_known_then(manager, supplier_a):
    today = timezone.localdate()
    services.record_interaction(
        manager, supplier_a,
        {"occurred_on": today, "channel": "call", "initiated_by": "supplier",
         "tags": ["problem_hidden"], "notes": "A quality escape they had kept quiet."},
    )  # fmt: skip
    last_month = today - dt.timedelta(days=30)

    recompute("--as-of", last_month.isoformat(), "--supplier", str(supplier_a.pk))

    snapshot = HealthSnapshot.objects.get(supplier=supplier_a, as_of=last_month)
    assert snapshot.metrics["trust_balance"] == 0
    assert not HealthSnapshot.objects.filter(as_of=today).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2026-02-30"], "is not a date"),
        (["--as-of", "yesterday"], "is not a date"),
        (["--as-of", "2999-01-01"], "cannot be in the future"),
        (["--as-of", "0001-01-01"], "at most ten years back"),
        (["--supplier", "999999"], "No supplier with id 999999"),
    ],
)
def test_recompute_refuses_bad_input_with_a_clear_message(args, message, supplier_a):
    with pytest.raises(CommandError, match=message):
        recompute(*args)
    assert not HealthSnapshot.objects.exists()


def test_formality_rises_from_a_casual_to_a_formal_note():
    casual = "Hi Erik, quick one - can we chat tomorrow? Thanks, that's great!"
    formal = "Dear Sir or Madam, please find attached our position as per the agreement."

    assert tone.formality(casual) < 25
    assert tone.formality(formal) > 75
    assert tone.formality("Delivery confirmed for week 12.") == 50
    assert tone.formality("   ") is None


def test_sentiment_reads_praise_as_positive_and_blame_as_negative():
    praise = tone.sentiment("Great workshop, they proposed a clever lighter insert.")
    blame = tone.sentiment("Late again, they blamed our forecast. Very disappointing.")

    assert praise is not None and praise > 0.3
    assert blame is not None and blame < -0.3
