"""Importing interactions from CSV and XLSX: signals, requests, re-imports that change nothing,
row errors that change nothing, valid-only and dry runs, permissions, web page and CLI."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from partnerbook.relationship import services
from partnerbook.relationship.imports import import_interactions
from partnerbook.relationship.models import HealthSnapshot, Interaction, InteractionSignal
from partnerbook.suppliers import services as supplier_services
from partnerbook.suppliers.models import Supplier

from ..factories import bulk_suppliers
from ..suppliers.test_import import csv_bytes, error_map, xlsx_bytes

# Some tests pick their users with request.getfixturevalue(), which needs the database.
pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 15, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 15)
HEADER = [
    "external_ref", "external_id", "supplier", "occurred_on", "channel", "initiated_by",
    "subject", "tags", "notes", "request_side", "request_kind", "asked_at", "answered_at",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _frozen_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def row(**cells: str) -> list[str]:
    """A data row in HEADER's order; columns not named are empty."""
    unknown = set(cells) - set(HEADER)
    assert not unknown, unknown
    return [cells.get(column, "") for column in HEADER]


def local(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def snapshot() -> list[tuple]:
    """Everything an interactions import could change, to prove that nothing did."""
    return [
        *Interaction.objects.order_by("pk").values_list(),
        *InteractionSignal.objects.order_by("pk").values_list(),
        ("history", Interaction.history.count(), InteractionSignal.history.count()),
        ("health", HealthSnapshot.objects.count()),
        ("suppliers", *Supplier.objects.order_by("pk").values_list("pk", "name")),
    ]


def signals_of(interaction: Interaction) -> list[tuple[str, str]]:
    return list(interaction.signals.order_by("tag").values_list("tag", "side"))


TWO_ROWS = [
    HEADER,
    row(external_ref="CRM-1", external_id="ERP-A", occurred_on="2026-03-02", channel="E-mail",
        initiated_by="them", subject="Idea for the lid",
        tags="unsolicited_suggestion; Early warning shared",
        notes="They propose a thinner lid.\nSaves 4% material."),
    row(supplier="beta boxes", occurred_on="2026-03-10", channel="Site visit", initiated_by="us",
        tags="minor_dispute", notes="Disagreed on the pallet height."),
]  # fmt: skip


# Reading and recording ---------------------------------------------------------------------


def test_it_logs_interactions_with_their_signals_as_the_importing_user(
    manager, supplier_a, supplier_b
):
    result = import_interactions(manager, csv_bytes(TWO_ROWS), "interactions.csv")

    assert result.errors == []
    assert (result.created, result.updated, result.unchanged, result.applied) == (2, 0, 0, True)
    assert result.summary == "Import done: 2 created, 0 updated, 0 unchanged."
    alpha = Interaction.objects.get(supplier=supplier_a)
    assert (alpha.occurred_on, alpha.channel, alpha.initiated_by) == (
        dt.date(2026, 3, 2), "email", "supplier"
    )  # fmt: skip
    assert (alpha.external_ref, alpha.subject) == ("CRM-1", "Idea for the lid")
    assert alpha.notes == "They propose a thinner lid.\nSaves 4% material."
    assert alpha.created_by == manager and alpha.sentiment is not None
    assert signals_of(alpha) == [
        ("early_warning", "supplier"),
        ("unsolicited_suggestion", "supplier"),
    ]
    beta = Interaction.objects.get(supplier=supplier_b)
    assert (beta.channel, beta.initiated_by, beta.external_ref) == ("site_visit", "ours", "")
    assert signals_of(beta) == [("minor_dispute", "ours")]
    assert InteractionSignal.objects.filter(supplier=supplier_a).count() == 2
    assert Interaction.history.filter(history_user=manager).count() == 2


def test_it_records_a_request_with_when_it_was_asked_and_answered(manager, supplier_a):
    content = csv_bytes(
        [
            HEADER,
            row(external_id="ERP-A", occurred_on="2026-03-02", channel="call",
                initiated_by="ours", request_side="we", request_kind="Data",
                asked_at="2026-03-02 09:00", answered_at="2026-03-03T15:30:00"),
        ]
    )  # fmt: skip

    result = import_interactions(manager, content, "interactions.csv")

    assert result.errors == [] and result.created == 1
    interaction = Interaction.objects.get()
    assert (interaction.request_side, interaction.request_kind) == ("ours", "data")
    assert interaction.asked_at == local("2026-03-02 09:00")
    assert interaction.answered_at == local("2026-03-03 15:30")
    assert interaction.response_hours == 30.5
    assert signals_of(interaction) == [("request", "ours")]


def test_a_plain_date_is_midnight_in_the_site_time_zone(manager, supplier_a):
    content = csv_bytes(
        [HEADER, row(external_id="ERP-A", occurred_on="2026-03-02", channel="call",
                     initiated_by="supplier", request_side="supplier", asked_at="2026-03-02")]
    )  # fmt: skip

    import_interactions(manager, content, "interactions.csv")

    assert Interaction.objects.get().asked_at == local("2026-03-02 00:00")


def test_it_reads_an_xlsx_file_with_date_and_time_cells(manager, supplier_a):
    # Spreadsheet cells have no time zone: openpyxl reads and writes naive datetimes.
    content = xlsx_bytes(
        [
            HEADER,
            ["X-1", "ERP-A", "", dt.date(2026, 3, 2), "Business review", "Ours", "QBR",
             "recognition_given", "Good quarter", "Supplier", "flexibility",
             dt.datetime(2026, 3, 2, 10, 0), dt.datetime(2026, 3, 2, 11, 15)],  # noqa: DTZ001
        ]
    )  # fmt: skip

    result = import_interactions(manager, content, "interactions.xlsx")

    assert result.errors == [] and result.created == 1
    interaction = Interaction.objects.get()
    assert (interaction.occurred_on, interaction.channel) == (
        dt.date(2026, 3, 2), "business_review"
    )  # fmt: skip
    assert interaction.answered_at == local("2026-03-02 11:15")
    assert signals_of(interaction) == [("recognition_given", "ours"), ("request", "supplier")]


def test_a_real_import_recomputes_the_health_of_the_suppliers_it_touched(
    manager, supplier_a, supplier_b
):
    content = csv_bytes([HEADER, TWO_ROWS[2]])

    import_interactions(manager, content, "interactions.csv")

    assert HealthSnapshot.objects.filter(supplier=supplier_b, as_of=TODAY).exists()
    assert not HealthSnapshot.objects.filter(supplier=supplier_a).exists()


# Re-importing ------------------------------------------------------------------------------


@pytest.mark.parametrize("with_external_ref", [True, False])
def test_reimporting_the_same_file_changes_nothing(
    manager, supplier_a, supplier_b, with_external_ref
):
    rows = [list(r) for r in TWO_ROWS]
    if not with_external_ref:
        rows[1][0] = ""
    content = csv_bytes(rows)
    import_interactions(manager, content, "interactions.csv")
    before = snapshot()

    result = import_interactions(manager, content, "interactions.csv")

    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert snapshot() == before


def test_reimporting_a_request_changes_nothing_although_the_service_adds_its_tag(
    manager, supplier_a
):
    content = csv_bytes(
        [HEADER, row(external_ref="R-1", external_id="ERP-A", occurred_on="2026-03-02",
                     channel="call", initiated_by="ours", tags="early_warning",
                     request_side="supplier")]
    )  # fmt: skip
    import_interactions(manager, content, "interactions.csv")
    before = snapshot()

    result = import_interactions(manager, content, "interactions.csv")

    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert snapshot() == before


def test_a_changed_row_with_a_known_external_ref_updates_that_interaction(manager, supplier_a):
    import_interactions(manager, csv_bytes(TWO_ROWS[:2]), "interactions.csv")
    interaction = Interaction.objects.get(external_ref="CRM-1")
    changed = list(TWO_ROWS[1])
    changed[HEADER.index("channel")] = "meeting"
    changed[HEADER.index("initiated_by")] = "ours"
    changed[HEADER.index("tags")] = "joint_improvement"

    result = import_interactions(manager, csv_bytes([HEADER, changed]), "interactions.csv")

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    interaction.refresh_from_db()
    assert (interaction.channel, interaction.initiated_by) == ("meeting", "ours")
    assert signals_of(interaction) == [("joint_improvement", "ours")]
    assert Interaction.objects.count() == 1


def test_an_empty_cell_leaves_the_recorded_value_alone(manager, supplier_a):
    import_interactions(manager, csv_bytes(TWO_ROWS[:2]), "interactions.csv")
    without_notes = [list(TWO_ROWS[1])]
    without_notes[0][HEADER.index("notes")] = ""
    without_notes[0][HEADER.index("tags")] = ""
    before = snapshot()

    result = import_interactions(manager, csv_bytes([HEADER, *without_notes]), "interactions.csv")

    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert snapshot() == before


def test_a_row_matching_an_interaction_logged_by_hand_is_not_added_twice(manager, supplier_a):
    services.record_interaction(
        manager, supplier_a,
        {"occurred_on": dt.date(2026, 3, 5), "channel": "call", "initiated_by": "ours",
         "notes": "Checked the forecast.\nAll fine."},
    )  # fmt: skip
    content = csv_bytes(
        [HEADER, row(external_id="ERP-A", occurred_on="2026-03-05", channel="Call",
                     initiated_by="ours", notes="Checked the forecast.\r\nAll fine.")]
    )  # fmt: skip
    before = snapshot()

    result = import_interactions(manager, content, "interactions.csv")

    assert (result.created, result.unchanged) == (0, 1)
    assert snapshot() == before


# Errors ------------------------------------------------------------------------------------

GOOD = {"external_id": "ERP-A", "occurred_on": "2026-03-02", "channel": "call",
        "initiated_by": "ours"}  # fmt: skip


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        (
            {"occurred_on": "02/03/2026"},
            "occurred_on",
            "'02/03/2026' is not a date; use YYYY-MM-DD.",
        ),
        ({"occurred_on": "2026-02-30"}, "occurred_on", "is not a date"),
        ({"occurred_on": "2026-03-16"}, "occurred_on", "cannot be dated in the future"),
        ({"occurred_on": ""}, "occurred_on", "Give the day of the interaction"),
        ({"channel": "fax"}, "channel", "Unknown channel 'fax'. Use one of: meeting, call"),
        ({"initiated_by": "nobody"}, "initiated_by", "ours or supplier"),
        (
            {
                "request_side": "ours",
                "asked_at": "2026-03-03 10:00",
                "answered_at": "2026-03-03 09:00",
            },
            "answered_at",
            "answer cannot come before",
        ),
        (
            {"request_side": "ours", "answered_at": "2026-03-03 09:00"},
            "asked_at",
            "Say when the request was made.",
        ),
        ({"asked_at": "2026-03-03 09:00"}, "request_side", "Say which side asked"),
        ({"request_side": "ours", "asked_at": "2026-03-15 18:00"}, "asked_at", "in the future"),
        ({"request_side": "ours", "asked_at": "yesterday"}, "asked_at", "use YYYY-MM-DD HH:MM"),
        ({"request_side": "ours", "request_kind": "favour"}, "request_kind", "data, flexibility"),
        ({"request_side": "both"}, "request_side", "'both' is not a side"),
        ({"tags": "request"}, "request_side", "Say which side asked"),
        ({"tags": "gossip"}, "tags", "Unknown tag 'gossip'. Known tags: unsolicited_suggestion"),
        ({"subject": "x" * 201}, "subject", "At most 200 characters"),
        ({"notes": "x" * 20_001}, "notes", "At most 20,000 characters"),
        ({"external_id": "ERP-X"}, "external_id", "No supplier has the external id 'ERP-X'."),
        ({"external_id": "", "supplier": "Gamma Glass"}, "supplier", "No supplier is called"),
        ({"supplier": "Beta Boxes"}, "supplier", "is called 'Alpha Packaging'"),
        ({"external_id": ""}, "external_id", "give its external_id or its name"),
    ],
)
def test_each_error_names_its_row_and_column_and_changes_nothing(
    manager, supplier_a, supplier_b, cells, column, reason
):
    content = csv_bytes([HEADER, row(**{**GOOD, "external_id": "ERP-B"}), row(**{**GOOD, **cells})])
    before = snapshot()

    result = import_interactions(manager, content, "interactions.csv")

    assert [(e.row, e.column) for e in result.errors] == [(3, column)]
    assert reason in result.errors[0].reason
    assert result.blocked and not result.applied
    assert result.summary.startswith("Nothing was imported: the file has 1 error.")
    assert snapshot() == before


def test_each_unknown_tag_is_named_with_the_tags_there_are(manager, supplier_a):
    content = csv_bytes([HEADER, row(**GOOD, tags="early_warning, gossip, rumour")])

    result = import_interactions(manager, content, "interactions.csv")

    assert [(e.row, e.column) for e in result.errors] == [(2, "tags"), (2, "tags")]
    assert result.errors[0].reason.startswith("Unknown tag 'gossip'. Known tags: ")
    assert "rumour" in result.errors[1].reason
    assert "penalty_or_audit_finding" in result.errors[1].reason


def test_a_tag_label_with_commas_is_one_tag(manager, supplier_a):
    content = csv_bytes(
        [HEADER, row(**GOOD, tags="Request (data, flexibility, concession)", request_side="ours")]
    )

    result = import_interactions(manager, content, "interactions.csv")

    assert result.errors == []
    assert signals_of(Interaction.objects.get()) == [("request", "ours")]


def test_a_name_shared_by_several_suppliers_is_a_row_error(manager, supplier_a):
    supplier_services.create_supplier(manager, {"name": "ALPHA PACKAGING", "external_id": "X-2"})
    content = csv_bytes([HEADER, row(**{**GOOD, "external_id": "", "supplier": "alpha packaging"})])
    before = snapshot()

    result = import_interactions(manager, content, "interactions.csv")

    assert error_map(result) == {
        (2, "supplier"): "2 suppliers have this name; add their external_id to say which one."
    }
    assert snapshot() == before


def test_two_rows_with_the_same_external_ref_are_an_error_on_the_later_row(manager, supplier_a):
    content = csv_bytes(
        [
            HEADER,
            row(**GOOD, external_ref="CRM-7"),
            row(**{**GOOD, "external_id": "", "supplier": "Alpha Packaging"}, external_ref="CRM-7"),
        ]
    )

    result = import_interactions(manager, content, "interactions.csv")

    assert error_map(result) == {(3, "external_ref"): "Row 2 is about the same interaction."}
    assert not Interaction.objects.exists()


def test_the_same_external_ref_for_two_suppliers_is_two_interactions(
    manager, supplier_a, supplier_b
):
    content = csv_bytes(
        [
            HEADER,
            row(**GOOD, external_ref="CRM-7"),
            row(**{**GOOD, "external_id": "ERP-B"}, external_ref="CRM-7"),
        ]
    )

    result = import_interactions(manager, content, "interactions.csv")

    assert result.errors == [] and result.created == 2


def test_an_import_never_creates_suppliers(manager, supplier_a):
    content = csv_bytes([HEADER, row(**{**GOOD, "external_id": "NEW-1"}, supplier="Newco")])

    result = import_interactions(manager, content, "interactions.csv", valid_only=True)

    assert error_map(result) == {(2, "external_id"): "No supplier has the external id 'NEW-1'."}
    assert Supplier.objects.count() == 1 and not Interaction.objects.exists()


def test_a_file_with_unknown_columns_is_refused(manager, supplier_a):
    content = csv_bytes([["external_id", "occurred_on", "mood"], ["ERP-A", "2026-03-02", "ok"]])

    result = import_interactions(manager, content, "interactions.csv", valid_only=True)

    assert [(e.row, e.column) for e in result.errors] == [(1, "mood")]
    assert "Known columns: external_ref, external_id, supplier" in result.errors[0].reason
    assert result.blocked and not Interaction.objects.exists()


# All or nothing ----------------------------------------------------------------------------


def test_valid_only_imports_the_good_rows_and_reports_the_rest(manager, supplier_a, supplier_b):
    content = csv_bytes(
        [HEADER, row(**GOOD), row(**{**GOOD, "external_id": "ERP-B", "channel": "fax"})]
    )

    result = import_interactions(manager, content, "interactions.csv", valid_only=True)

    assert result.applied and (result.created, result.skipped) == (1, 1)
    assert "1 row(s) with errors were left out" in result.summary
    assert error_map(result).keys() == {(3, "channel")}
    assert list(Interaction.objects.values_list("supplier", flat=True)) == [supplier_a.pk]


def test_dry_run_reports_what_would_change_and_writes_nothing(manager, supplier_a, supplier_b):
    import_interactions(manager, csv_bytes([HEADER, TWO_ROWS[1]]), "interactions.csv")
    before = snapshot()

    result = import_interactions(manager, csv_bytes(TWO_ROWS), "interactions.csv", dry_run=True)

    assert result.summary == (
        "Check only, nothing was saved. The import would give: 1 created, 0 updated, 1 unchanged."
    )
    assert snapshot() == before


@pytest.mark.parametrize("who", ["viewer", "buyer"])
def test_viewers_and_buyers_may_not_import(request, supplier_a, who):
    user = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        import_interactions(user, csv_bytes([HEADER, row(**GOOD)]), "interactions.csv")

    assert not Interaction.objects.exists()


def test_checking_a_large_file_runs_a_fixed_number_of_queries(
    manager, django_assert_max_num_queries
):
    suppliers = bulk_suppliers(30)
    rows = [HEADER]
    for i in range(300):
        supplier = suppliers[i % 30]
        rows.append(
            row(
                external_ref=f"CRM-{i}" if i % 3 else "",
                external_id=supplier.external_id if i % 2 else "",
                supplier="" if i % 2 else supplier.name,
                occurred_on=(TODAY - dt.timedelta(days=i)).isoformat(),
                channel="call",
                initiated_by="ours",
                tags="early_warning" if i % 5 else "",
                notes=f"Call number {i}.",
            )
        )
    content = csv_bytes(rows)
    assert import_interactions(manager, content, "interactions.csv").created == 300

    with django_assert_max_num_queries(8):
        result = import_interactions(manager, content, "interactions.csv", dry_run=True)

    assert result.errors == [] and result.unchanged == 300


# Web page and command line -----------------------------------------------------------------


def upload(content: bytes, name: str = "interactions.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_the_import_page_logs_an_interactions_file(login, manager, supplier_a, supplier_b):
    client = login(manager)

    form = client.get("/suppliers/import/?kind=interactions").content.decode()
    response = client.post(
        "/suppliers/import/", {"kind": "interactions", "file": upload(csv_bytes(TWO_ROWS))}
    )

    assert 'id="interactions-columns"' in form
    assert response.status_code == 200
    assert "Import done: 2 created, 0 updated, 0 unchanged." in response.content.decode()
    assert Interaction.objects.filter(supplier__in=[supplier_a, supplier_b]).count() == 2


def test_the_import_page_lists_row_errors_and_saves_nothing(login, manager, supplier_a):
    content = csv_bytes([HEADER, row(**{**GOOD, "occurred_on": "2026-04-01"})])

    response = login(manager).post(
        "/suppliers/import/", {"kind": "interactions", "file": upload(content)}
    )

    page = response.content.decode()
    assert 'id="import-errors"' in page
    assert "cannot be dated in the future" in page
    assert not Interaction.objects.exists()


def test_the_import_page_is_forbidden_to_buyers(login, buyer, supplier_a):
    response = login(buyer).post(
        "/suppliers/import/",
        {"kind": "interactions", "file": upload(csv_bytes([HEADER, row(**GOOD)]))},
    )

    assert response.status_code == 403
    assert not Interaction.objects.exists()


def test_cli_logs_interactions_as_the_named_user(tmp_path, manager, supplier_a, supplier_b):
    path = tmp_path / "interactions.csv"
    path.write_bytes(csv_bytes(TWO_ROWS))
    out = io.StringIO()

    call_command("importdata", "interactions", str(path), "--user", manager.username, stdout=out)

    assert "Import done: 2 created, 0 updated, 0 unchanged." in out.getvalue()
    assert Interaction.objects.count() == 2
    assert set(Interaction.history.values_list("history_user", flat=True)) == {manager.pk}


def test_a_failed_bulk_log_is_redone_row_by_row_with_the_same_records(
    manager, supplier_a, supplier_b, monkeypatch
):
    def failing(actor, items):
        list(items)
        raise PermissionDenied("refused in bulk")

    monkeypatch.setattr(services, "record_interactions", failing)

    result = import_interactions(manager, csv_bytes(TWO_ROWS), "interactions.csv")

    assert (result.created, result.errors) == (2, [])
    alpha = Interaction.objects.get(supplier=supplier_a)
    assert signals_of(alpha) == [
        ("early_warning", "supplier"),
        ("unsolicited_suggestion", "supplier"),
    ]
    assert Interaction.history.filter(history_user=manager).count() == 2


def test_bulk_logged_interactions_have_the_history_and_tone_of_one_logged_by_hand(
    manager, supplier_a
):
    content = csv_bytes(
        [HEADER, row(external_id="ERP-A", occurred_on="2026-03-02", channel="call",
                     initiated_by="ours", notes="Kindly note: we regret the delay!")]
    )  # fmt: skip

    result = import_interactions(manager, content, "interactions.csv")

    assert result.created == 1
    imported = Interaction.objects.get(supplier=supplier_a)
    by_hand = services.record_interaction(
        manager, supplier_a, {"occurred_on": TODAY, "channel": "call", "initiated_by": "ours",
                              "notes": "Kindly note: we regret the delay!"}
    )  # fmt: skip
    assert (imported.sentiment, imported.formality) == (by_hand.sentiment, by_hand.formality)
    assert (imported.created_at, imported.updated_at, imported.version) == (NOW, NOW, 1)
    [history] = imported.history.all()
    assert (history.history_type, history.history_user, history.history_change_reason) == (
        "+", manager, "Interaction logged."
    )  # fmt: skip
    assert (history.notes, history.history_date) == (imported.notes, NOW)
