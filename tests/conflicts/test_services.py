"""Supplier issues through their services: the path each issue follows, moves and time
boxes that only suggest, problem-solving with the blame reminder, agreed actions on either
side, 8D requests, retrospectives and breaches in the trust ledger, and the signals issues
feed into relationship health."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnerbook.actions.models import ActionItem
from partnerbook.alerts.models import Alert
from partnerbook.conflicts import domain, services
from partnerbook.conflicts.models import Escalation, SupplierIssue
from partnerbook.plans import services as plans
from partnerbook.practices import services as practices
from partnerbook.relationship import services as relationship
from partnerbook.suppliers import services as supplier_services

pytestmark = pytest.mark.django_db

REASON = "The working level could not agree on who pays for the rework."


def _reload(issue: SupplierIssue) -> SupplierIssue:
    return SupplierIssue.objects.get(pk=issue.pk)


class TestRaisingAnIssue:
    def test_it_starts_at_the_working_level_of_the_default_path(self, issue, buyer):
        assert issue.level == 1 and issue.status == "open"
        assert issue.path == [] and issue.levels == domain.DEFAULT_PATH
        assert services.path_source(issue) == "the default path"
        assert issue.history.first().history_user == buyer

    def test_it_follows_the_path_of_the_agreement_when_there_is_one(self, manager, supplier_a):
        path = [
            {"level": 1, "who": "Buyer and account manager", "time_box_days": 3},
            {"level": 2, "who": "Joint steering committee", "time_box_days": 14},
        ]
        practices.record_agreement(
            manager,
            supplier_a,
            {
                "kind": "framework",
                "signed_on": timezone.localdate(),
                "reference": "FW-9",
                "escalation_path": path,
            },
        )

        issue = services.raise_issue(
            manager,
            supplier_a,
            {"title": "Late pallets", "category": "delivery", "severity": "major"},
        )

        assert issue.path == path
        assert issue.levels[1] == domain.Level(2, "Joint steering committee", 14)
        assert services.path_source(issue) == "the agreement"

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            ({"title": "", "category": "quality", "severity": "minor"}, "title"),
            ({"title": "Dents", "category": "weather", "severity": "minor"}, "category"),
            ({"title": "Dents", "category": "quality", "severity": "huge"}, "severity"),
            (
                {
                    "title": "Dents",
                    "category": "quality",
                    "severity": "minor",
                    "raised_by_side": "nobody",
                },
                "raised_by_side",
            ),
        ],
    )
    def test_bad_input_names_the_field_and_saves_nothing(self, buyer, supplier_a, data, field):
        with pytest.raises(ValidationError) as refused:
            services.raise_issue(buyer, supplier_a, data)

        assert field in refused.value.message_dict
        assert not SupplierIssue.objects.exists()

    def test_an_issue_cannot_be_raised_in_the_future(self, buyer, supplier_a):
        later = timezone.now() + dt.timedelta(days=2)
        with pytest.raises(ValidationError) as refused:
            services.raise_issue(
                buyer,
                supplier_a,
                {"title": "Dents", "category": "quality", "severity": "minor", "raised_at": later},
            )
        assert "raised_at" in refused.value.message_dict

    def test_only_editors_and_the_owning_buyer_may_raise_one(self, viewer, other_buyer, supplier_a):
        data = {"title": "Dents", "category": "quality", "severity": "minor"}
        for person in (viewer, other_buyer):
            with pytest.raises(PermissionDenied):
                services.raise_issue(person, supplier_a, data)


class TestTheEscalationPath:
    def test_escalating_and_de_escalating_keeps_the_reason_and_the_level(
        self, issue, buyer, manager
    ):
        up = services.move(buyer, issue, 2, REASON)
        down = services.move(manager, issue, 1, "Settled the cost question; back to the teams.")

        issue = _reload(issue)
        assert issue.level == 1 and up.upward and not down.upward
        assert [e.reason for e in Escalation.objects.order_by("pk")] == [
            REASON,
            "Settled the cost question; back to the teams.",
        ]
        reasons = [h.history_change_reason for h in issue.history.all()]
        assert (
            "Issue escalated to level 2." in reasons and "Issue de-escalated to level 1." in reasons
        )

    def test_a_move_off_the_path_or_without_a_reason_is_refused(self, issue, buyer):
        for level, reason, field in ((5, REASON, "to_level"), (2, "because", "reason")):
            with pytest.raises(ValidationError) as refused:
                services.move(buyer, issue, level, reason)
            assert field in refused.value.message_dict
        assert _reload(issue).level == 1 and not Escalation.objects.exists()

    def test_a_resolved_issue_remembers_the_level_it_was_settled_at(self, issue, buyer):
        services.move(buyer, issue, 3, REASON)
        services.resolve(buyer, issue, "Reworked on site; the supplier paid for freight.")

        issue = _reload(issue)
        assert issue.status == "resolved" and issue.resolved_level == 3
        with pytest.raises(ValidationError):
            services.move(buyer, issue, 2, REASON)

    def test_a_reopened_issue_can_move_again(self, issue, buyer):
        services.resolve(buyer, issue, "Replaced the cartons.")
        services.reopen(buyer, _reload(issue), "The next lot shows the same scuffs.")

        issue = _reload(issue)
        assert issue.status == "open" and issue.resolved_at is None

    def test_a_time_box_that_ran_out_suggests_the_next_level_and_moves_nothing(self, issue, buyer):
        later = timezone.now() + dt.timedelta(days=8)
        with time_machine.travel(later, tick=False):
            raised = services.check_time_boxes()
            again = services.check_time_boxes()

        alert = Alert.objects.get(kind=services.TIME_BOX_ALERT)
        assert (raised, again) == (1, 0)
        assert "Consider escalating to level 2" in alert.summary
        assert alert.evidence["next_level"]["level"] == 2
        assert _reload(issue).level == 1 and not Escalation.objects.exists()

        services.move(buyer, issue, 2, REASON, at=issue.level_since + dt.timedelta(days=6))
        with time_machine.travel(later, tick=False):
            services.check_time_boxes()
        alert.refresh_from_db()
        assert alert.status == "dismissed" and alert.note == services.CLEARED_NOTE


class TestProblemSolving:
    def test_a_step_that_blames_a_person_is_saved_with_a_reminder(self, issue, buyer):
        step, hints = services.record_step(
            buyer,
            issue,
            "define",
            {
                "ours": "Scuffs on 30% of cartons. It was Tom's fault, careless stacking.",
                "theirs": "We see the same on our side of the dock.",
            },
        )

        assert step.pk and "Tom's fault" in step.ours
        assert hints == ["says whose fault it is", "calls someone names"]
        views = services.steps_of(issue)
        assert [v.step.key for v in views] == list(domain.STEP_KEYS)
        assert views[0].hints == tuple(hints) and views[1].record is None

    def test_only_the_follow_up_says_whether_the_fix_held(self, issue, buyer):
        with pytest.raises(ValidationError) as refused:
            services.record_step(buyer, issue, "data", {"ours": "Photos", "held": True})
        assert "held" in refused.value.message_dict

        step, _ = services.record_step(
            buyer, issue, "follow_up", {"ours": "Two lots clean since.", "held": True}
        )
        assert step.held is True

    def test_an_empty_or_unknown_step_is_refused(self, issue, buyer):
        for key, data, field in (
            ("define", {"ours": " "}, "ours"),
            ("blame", {"ours": "x"}, "step"),
        ):
            with pytest.raises(ValidationError) as refused:
                services.record_step(buyer, issue, key, data)
            assert field in refused.value.message_dict

    def test_agreed_actions_have_an_owner_on_either_side_and_a_due_date(
        self, issue, buyer, manager, supplier_a
    ):
        theirs = supplier_services.create_contact(
            manager, supplier_a, {"side": "supplier", "name": "Lena Vos"}
        )
        due = timezone.localdate() + dt.timedelta(days=14)

        ours = services.add_action(
            buyer, issue, {"title": "Photograph two lots", "owner": buyer, "due_on": due}
        )
        their = services.add_action(
            buyer, issue, {"title": "Add corner guards", "owner_contact": theirs, "due_on": due}
        )

        assert {a.pk for a in services.actions_of(issue)} == {ours.pk, their.pk}
        assert their.source == services.ACTION_SOURCE and their.source_id == issue.pk
        for data, field in (
            ({"title": "x", "owner": buyer}, "due_on"),
            ({"title": "x", "due_on": due}, "owner"),
        ):
            with pytest.raises(ValidationError) as refused:
                services.add_action(buyer, issue, data)
            assert field in refused.value.message_dict

    def test_an_issue_counts_as_joint_once_the_supplier_contributed(self, issue, buyer):
        services.record_step(buyer, issue, "define", {"ours": "Scuffed cartons"})
        assert services.joint_issue_ids([issue.pk]) == set()

        services.record_step(buyer, issue, "options", {"theirs": "Corner guards on every pallet."})
        assert services.joint_issue_ids([issue.pk]) == {issue.pk}


class TestCorrectiveActions:
    def test_an_8d_request_closes_only_once_d1_to_d7_are_answered(self, issue, buyer):
        car = services.open_corrective_action(buyer, issue)
        services.answer_discipline(buyer, car, "d1_team", "Quality leads of both sides.")
        services.answer_discipline(buyer, car, "d4_root_cause", "Worn conveyor edge.", "supplier")

        with pytest.raises(ValidationError) as refused:
            services.close_corrective_action(buyer, car, "Thanks to both teams.")
        assert "D2 Problem description" in refused.value.message_dict["closure"][0]

        for key in (
            "d2_problem",
            "d3_containment",
            "d5_corrective_action",
            "d6_verification",
            "d7_prevention",
        ):
            services.answer_discipline(buyer, car, key, f"Answered {key}.")
        services.close_corrective_action(buyer, car, "Thanks to both teams.")

        car.refresh_from_db()
        assert car.closed_on == timezone.localdate()
        answers = {step.key: answer for step, answer in services.disciplines_of(car)}
        assert answers["d4_root_cause"].side == "supplier"
        assert answers["d8_closure"].text == "Thanks to both teams."

    def test_only_quality_issues_get_one_and_only_one(self, issue, buyer, supplier_a):
        services.open_corrective_action(buyer, issue)
        with pytest.raises(ValidationError):
            services.open_corrective_action(buyer, issue)
        delivery = services.raise_issue(
            buyer, supplier_a, {"title": "Late", "category": "delivery", "severity": "minor"}
        )
        with pytest.raises(ValidationError) as refused:
            services.open_corrective_action(buyer, delivery)
        assert "issue" in refused.value.message_dict


class TestTrust:
    def test_a_joint_retrospective_is_a_deposit_in_the_ledger(self, buyer, supplier_a):
        retro = services.record_retrospective(
            buyer,
            supplier_a,
            {
                "milestone": "First quarter of the new carton",
                "ours_worked": "Weekly calls",
                "theirs_did_not": "Forecasts came late",
                "ours_change": "Share forecasts Mondays",
            },
        )

        assert retro.trust_entry.points == domain.RETROSPECTIVE_POINTS
        ledger = relationship.ledger_of(supplier_a, relationship.current_config())
        assert any("Joint retrospective" in line.label for line in ledger.lines)

    def test_a_retrospective_needs_both_sides(self, buyer, supplier_a):
        with pytest.raises(ValidationError) as refused:
            services.record_retrospective(
                buyer, supplier_a, {"milestone": "Launch", "ours_worked": "All of it"}
            )
        assert "theirs_worked" in refused.value.message_dict

    def test_a_breach_withdraws_trust_links_a_recovery_plan_and_counts_deposits_since(
        self, buyer, manager, supplier_a
    ):
        recovery, _ = plans.create_recovery_plan(
            manager,
            supplier_a,
            {
                "trigger": "trust_breach",
                "acknowledgement": "A defect was shipped unreported.",
                "review_on": timezone.localdate() + dt.timedelta(days=30),
            },
        )
        breach = services.record_breach(
            buyer,
            supplier_a,
            {
                "kind": "hidden_problem",
                "description": "A lot with cracked seals shipped unreported.",
                "occurred_on": timezone.localdate() - dt.timedelta(days=10),
                "recovery_plan": recovery,
            },
        )
        services.record_retrospective(
            buyer,
            supplier_a,
            {
                "milestone": "Seal fix verified",
                "ours_worked": "Open data",
                "theirs_worked": "Fast answers",
            },
        )

        [view] = services.breaches_of(supplier_a)
        assert breach.trust_entry.points == domain.BREACH_POINTS
        assert view.breach.recovery_plan == recovery
        assert view.deposits_since == domain.RETROSPECTIVE_POINTS and view.deposit_count == 1

    def test_a_breach_links_only_the_suppliers_own_records(
        self, buyer, manager, supplier_a, supplier_b
    ):
        other, _ = plans.create_recovery_plan(
            manager,
            supplier_b,
            {
                "trigger": "trust_breach",
                "acknowledgement": "Something else entirely.",
                "review_on": timezone.localdate() + dt.timedelta(days=30),
            },
        )
        with pytest.raises(ValidationError) as refused:
            services.record_breach(
                buyer,
                supplier_a,
                {
                    "kind": "broken_commitment",
                    "description": "Missed the promised date.",
                    "recovery_plan": other,
                },
            )
        assert "recovery_plan" in refused.value.message_dict


class TestSignals:
    def test_issues_and_escalations_count_as_disputes_in_relationship_health(
        self, issue, buyer, supplier_a
    ):
        services.move(buyer, issue, 2, REASON)
        services.raise_issue(
            buyer,
            supplier_a,
            {
                "title": "Wrong invoice totals",
                "category": "invoicing",
                "severity": "major",
                "raised_by_side": "supplier",
            },
        )
        config = relationship.current_config()

        signals = relationship.collect_signals([supplier_a.pk], timezone.localdate(), config)
        recent = signals[supplier_a.pk].recent

        assert recent.tags == {
            "minor_dispute": 1,
            "major_dispute": 1,
            "escalation": 1,
            "early_warning": 1,
        }
        expected = sum(config.weights.get(tag, 0) for tag in recent.tags)
        assert recent.trust_points == expected
        health = relationship.domain.health(signals[supplier_a.pk], config)
        disputes = next(c for c in health.components if c.key == "disputes")
        assert (
            disputes.value == "3 recent"
            and disputes.subscore is not None
            and disputes.subscore < 100
        )

    def test_the_trust_ledger_shows_them_as_lines(self, issue, supplier_a):
        ledger = relationship.ledger_of(supplier_a, relationship.current_config())

        assert any(
            line.source == "minor_dispute" and "supplier issues" in line.label
            for line in ledger.lines
        )

    def test_the_timeline_shows_an_issue_its_moves_and_its_resolution(
        self, issue, buyer, supplier_a
    ):
        services.move(buyer, issue, 2, REASON)
        services.resolve(buyer, issue, "Corner guards added.")

        titles = [e.title for e in services.timeline_entries(buyer, supplier_a, None, 20)]

        assert titles[0].startswith("Issue resolved at level 2")
        assert any(t.startswith("Issue escalated to level 2") for t in titles)
        assert any(t.startswith("Issue raised (quality)") for t in titles)


class TestActionItemsOfAPortalUser:
    """The portal pages come later; the scoping they will rely on holds now."""

    @pytest.fixture
    def items(self, issue, buyer, manager, supplier_a, supplier_b, portal_user_a):
        lena = supplier_services.create_contact(
            manager, supplier_a, {"side": "supplier", "name": "Lena Vos"}
        )
        other = supplier_services.create_contact(
            manager, supplier_a, {"side": "supplier", "name": "Jan Berg"}
        )
        beta = supplier_services.create_contact(
            manager, supplier_b, {"side": "supplier", "name": "Bo Beta"}
        )
        portal_user_a.contact = lena
        portal_user_a.save()
        due = timezone.localdate() + dt.timedelta(days=7)
        b_issue = services.raise_issue(
            manager, supplier_b, {"title": "Beta late", "category": "delivery", "severity": "minor"}
        )
        return {
            "mine": services.add_action(
                buyer, issue, {"title": "Corner guards", "owner_contact": lena, "due_on": due}
            ),
            "colleague": services.add_action(
                buyer, issue, {"title": "New pallets", "owner_contact": other, "due_on": due}
            ),
            "ours": services.add_action(
                buyer, issue, {"title": "Photos", "owner": buyer, "due_on": due}
            ),
            "beta": services.add_action(
                manager, b_issue, {"title": "Beta action", "owner_contact": beta, "due_on": due}
            ),
        }

    def test_a_portal_user_sees_only_the_items_they_own_for_their_supplier(
        self, items, portal_user_a, portal_user_b
    ):
        from partnerbook.accounts.policy import can

        visible = set(ActionItem.objects.visible_to(portal_user_a))

        assert visible == {items["mine"]}
        assert can(portal_user_a, "action.view", items["mine"])
        for key in ("colleague", "ours", "beta"):
            assert not can(portal_user_a, "action.view", items[key])
        assert not can(portal_user_a, "action.edit", items["mine"])
        assert not ActionItem.objects.visible_to(portal_user_b).exists()  # not linked to a contact

    def test_the_api_answers_a_portal_user_for_their_own_item_only(self, items, portal_user_a):
        from tests.api import API, token_client

        client = token_client(portal_user_a)

        own = client.get(f"{API}/action-items/{items['mine'].pk}")
        assert own.status_code == 200 and own.json()["title"] == "Corner guards"
        for key in ("colleague", "ours", "beta"):
            response = client.get(f"{API}/action-items/{items[key].pk}")
            assert response.status_code == 404
        assert client.get(f"{API}/action-items").status_code == 403
        assert (
            client.patch(
                f"{API}/action-items/{items['mine'].pk}",
                {"title": "Done"},
                content_type="application/json",
            ).status_code
            == 403
        )

    def test_a_portal_user_can_be_linked_only_to_their_own_suppliers_people(
        self, manager, supplier_b, portal_user_a
    ):
        beta = supplier_services.create_contact(
            manager, supplier_b, {"side": "supplier", "name": "Bo Beta"}
        )
        portal_user_a.contact = beta

        with pytest.raises(ValidationError) as refused:
            portal_user_a.full_clean()
        assert "contact" in refused.value.message_dict
