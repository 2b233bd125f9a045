"""The supplier's voice: suggestions and early warnings through the portal, our answers,
concerns by name and anonymously with the release threshold, the relationship signals they
add, who may do what, and bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from partnerbook.portal import services
from partnerbook.portal.models import Concern, SupplierMessage
from partnerbook.relationship import services as relationship
from partnerbook.suppliers import services as supplier_services

from ..api import API, error_fields, token_client

pytestmark = pytest.mark.django_db

INTERNAL_NOTE = "Internal: keep their margin under review"


def suggestion(user, title="A lighter carton", **extra):
    data = {"kind": "suggestion", "title": title, "text": "Thinner walls, same strength."}
    return services.send_message(user, {**data, **extra})


def warning(user, title="Resin shortage ahead", **extra):
    data = {"kind": "early_warning", "title": title, "text": "Our resin supplier is short."}
    return services.send_message(user, {**data, **extra})


def concern(user, anonymous=False, text="Orders change at the last minute."):
    return services.raise_concern(user, {"topic": "planning", "text": text, "anonymous": anonymous})


@pytest.fixture
def noted_supplier_a(supplier_a, manager):
    """Supplier A with an internal note that must never reach the portal."""
    supplier_services.update_supplier(manager, supplier_a, {"notes": INTERNAL_NOTE})
    supplier_a.refresh_from_db()
    return supplier_a


class TestSuggestionsAndWarnings:
    def test_portal_user_sends_a_suggestion_from_the_page(
        self, login, portal_user_a, buyer, django_capture_on_commit_callbacks
    ):
        client = login(portal_user_a)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/portal/voice/suggestions/",
                {"title": "A lighter carton", "text": "Thinner walls.", "proposal": "A trial."},
            )

        assert response.status_code == 302
        message = SupplierMessage.objects.get()
        assert (message.kind, message.author, message.status) == (
            "suggestion", portal_user_a, "new",
        )  # fmt: skip
        assert mail.outbox[0].to == [buyer.email]
        assert portal_user_a.display_name in mail.outbox[0].body
        assert "A lighter carton" in client.get("/portal/voice/").content.decode()

    def test_portal_user_sends_an_early_warning_with_a_date(self, login, portal_user_a):
        due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
        response = login(portal_user_a).post(
            "/portal/voice/early-warnings/",
            {"title": "Resin shortage", "text": "Allocation from May.", "due_by": due},
        )

        assert response.status_code == 302
        message = SupplierMessage.objects.get()
        assert message.kind == "early_warning" and message.due_by.isoformat() == due

    def test_our_answer_reaches_the_supplier(
        self, login, portal_user_a, colleague_a, buyer, django_capture_on_commit_callbacks
    ):
        message = suggestion(portal_user_a)
        with django_capture_on_commit_callbacks(execute=True):
            response = login(buyer).post(
                f"/voice/messages/{message.pk}/reply/",
                {"status": "taken_up", "reply": "Let us trial it in March."},
            )

        assert response.status_code == 302
        assert mail.outbox[-1].to == [portal_user_a.email]
        for user in (portal_user_a, colleague_a):  # everyone at the supplier reads it
            html = login(user).get(f"/portal/voice/messages/{message.pk}/").content.decode()
            assert "Let us trial it in March." in html and "Taken up" in html
        card = login(colleague_a).get("/portal/").content.decode()
        assert "Your voice" in card and "A lighter carton" in card

    def test_declining_needs_a_reason(self, login, portal_user_a, buyer):
        message = suggestion(portal_user_a)

        response = login(buyer).post(
            f"/voice/messages/{message.pk}/reply/", {"status": "declined", "reply": ""}
        )

        assert response.status_code == 400
        assert 'id="error-reply"' in response.content.decode()
        message.refresh_from_db()
        assert message.status == "new"

    def test_supplier_tab_lists_them_with_the_sender(self, login, portal_user_a, viewer,
                                                      supplier_a):  # fmt: skip
        suggestion(portal_user_a)
        warning(portal_user_a)

        html = login(viewer).get(f"/voice/supplier/{supplier_a.pk}/").content.decode()

        assert "A lighter carton" in html and "Resin shortage ahead" in html
        assert portal_user_a.display_name in html
        assert "Save the answer" not in html  # viewers read, they do not answer


class TestSignals:
    def test_they_count_as_unsolicited_suggestions_and_early_warnings(
        self, portal_user_a, supplier_a
    ):
        config = relationship.current_config()
        today = timezone.localdate()
        # Nothing recorded yet: the supplier has no signals at all.
        assert supplier_a.pk not in relationship.collect_signals([supplier_a.pk], today, config)

        suggestion(portal_user_a)
        suggestion(portal_user_a, title="Shared pallets")
        warning(portal_user_a)

        after = relationship.collect_signals([supplier_a.pk], today, config)[supplier_a.pk]
        assert after.recent.tags == {"unsolicited_suggestion": 2, "early_warning": 1}
        weights = config.weights
        assert after.recent.trust_points == (
            2 * weights["unsolicited_suggestion"] + weights["early_warning"]
        )
        health = relationship.domain.health(after, config)
        assert health.score is not None

    def test_the_trust_ledger_shows_where_they_came_from(self, portal_user_a, supplier_a):
        suggestion(portal_user_a)

        ledger = relationship.ledger_of(supplier_a, relationship.current_config())

        assert any(
            line.source == "unsolicited_suggestion" and "supplier portal" in line.label
            for line in ledger.lines
        )

    def test_the_feed_scopes_to_suppliers_and_dates(self, portal_user_a, portal_user_b,
                                                    supplier_a, supplier_b):  # fmt: skip
        suggestion(portal_user_a)
        warning(portal_user_b)
        today = timezone.localdate()

        assert services.signal_events([supplier_a.pk], today) == [
            (supplier_a.pk, "unsolicited_suggestion", today, "supplier")
        ]
        assert services.signal_events(None, today - dt.timedelta(days=1)) == []
        assert len(services.signal_events(None, today)) == 2


class TestConcerns:
    def test_a_named_concern_shows_the_person_and_is_listed_to_them(
        self, login, portal_user_a, colleague_a, manager, supplier_a, voice_minimum
    ):
        concern(portal_user_a)

        tab = login(manager).get(f"/voice/supplier/{supplier_a.pk}/").content.decode()
        assert portal_user_a.display_name in tab and "Orders change" in tab
        assert "Orders change" in login(portal_user_a).get("/portal/voice/").content.decode()
        assert "Orders change" not in login(colleague_a).get("/portal/voice/").content.decode()

    def test_anonymous_ones_are_held_back_below_the_minimum(
        self, login, whistle, manager, supplier_a, voice_minimum
    ):
        concern(whistle, anonymous=True, text="First worry.")
        concern(whistle, anonymous=True, text="Second worry.")

        html = login(manager).get(f"/voice/supplier/{supplier_a.pk}/").content.decode()
        assert "First worry." not in html and "Second worry." not in html
        assert "2 anonymous concerns from Alpha Packaging are held back" in html
        assert "at least 3" in html
        body = token_client(manager).get(f"{API}/suppliers/{supplier_a.pk}/voice").json()
        assert body["concerns"] == [] and body["anonymous_held_back"] == 2

        concern(whistle, anonymous=True, text="Third worry.")

        html = login(manager).get(f"/voice/supplier/{supplier_a.pk}/").content.decode()
        assert all(t in html for t in ("First worry.", "Second worry.", "Third worry."))
        assert "held back" not in html

    def test_the_minimum_counts_per_supplier(
        self, whistle, portal_user_b, supplier_a, supplier_b, voice_minimum
    ):
        concern(whistle, anonymous=True)
        concern(whistle, anonymous=True)
        concern(portal_user_b, anonymous=True)
        concern(portal_user_b, anonymous=True)

        assert services.voice_of(supplier_a).held_back == 2
        assert services.voice_of(supplier_b).held_back == 2

    @pytest.mark.parametrize("minimum", [0, 1])
    def test_a_minimum_of_one_or_none_shows_them_at_once(
        self, whistle, supplier_a, voice_minimum, minimum
    ):
        voice_minimum(minimum)
        concern(whistle, anonymous=True, text="Straight away.")

        voice = services.voice_of(supplier_a)
        assert voice.held_back == 0
        assert [v.sender for v in voice.concerns] == ["a contact at Alpha Packaging"]

    def test_the_owner_is_e_mailed_only_once_they_are_released(
        self, whistle, buyer, voice_minimum, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            concern(whistle, anonymous=True)
            concern(whistle, anonymous=True)
        assert mail.outbox == []

        with django_capture_on_commit_callbacks(execute=True):
            concern(whistle, anonymous=True)
            concern(whistle, anonymous=True)
        assert len(mail.outbox) == 2
        assert "can now be read" in mail.outbox[0].subject
        assert "A contact at Alpha Packaging" in mail.outbox[1].body

    def test_our_side_marks_a_concern_as_read(self, login, portal_user_a, buyer, supplier_a,
                                              voice_minimum):  # fmt: skip
        raised = concern(portal_user_a)

        response = login(buyer).post(f"/voice/concerns/{raised.pk}/acknowledge/")

        assert response.status_code == 302
        raised.refresh_from_db()
        assert raised.acknowledged_by == buyer and raised.acknowledged_on == timezone.localdate()

    def test_a_held_back_concern_cannot_be_marked_read(self, login, whistle, buyer,
                                                       voice_minimum):  # fmt: skip
        raised = concern(whistle, anonymous=True)

        assert login(buyer).post(f"/voice/concerns/{raised.pk}/acknowledge/").status_code == 404


class TestTimeline:
    def test_it_shows_messages_answers_and_visible_concerns(
        self, portal_user_a, whistle, buyer, supplier_a, voice_minimum
    ):
        message = suggestion(portal_user_a)
        services.reply_to_message(buyer, message, "acknowledged", "Thanks!")
        concern(portal_user_a)
        concern(whistle, anonymous=True, text="Held back.")

        entries = services.timeline_entries(buyer, supplier_a, None, 20)

        titles = [e.title for e in entries]
        assert "Suggestion from the supplier: A lighter carton" in titles
        assert any(t.startswith("We answered") for t in titles)
        assert [e.who for e in entries if e.title.startswith("Concern")] == [
            portal_user_a.display_name
        ]


class TestAPI:
    def test_portal_user_sends_and_lists(self, portal_user_a, colleague_a, buyer):
        client = token_client(portal_user_a)
        sent = client.post(
            f"{API}/portal/suggestions",
            {"kind": "early_warning", "title": "Strike", "text": "Port strike next week."},
            content_type="application/json",
        )

        assert sent.status_code == 201
        assert sent.json()["sent_by"] == portal_user_a.display_name
        listed = token_client(colleague_a).get(f"{API}/portal/suggestions").json()
        assert [m["title"] for m in listed] == ["Strike"]

    def test_our_side_reads_and_answers(self, portal_user_a, buyer, supplier_a):
        message = suggestion(portal_user_a)
        client = token_client(buyer)

        answered = client.post(
            f"{API}/voice/suggestions/{message.pk}/reply",
            {"status": "taken_up", "reply": "Yes, please."},
            content_type="application/json",
        )
        voice = client.get(f"{API}/suppliers/{supplier_a.pk}/voice").json()

        assert answered.status_code == 200 and answered.json()["status"] == "taken_up"
        assert voice["messages"][0]["reply"] == "Yes, please."

    def test_a_named_concern_answer_has_no_identity_either(self, portal_user_a):
        response = token_client(portal_user_a).post(
            f"{API}/portal/concerns",
            {"topic": "conduct", "text": "Rude e-mails."},
            content_type="application/json",
        )

        assert response.status_code == 201
        assert portal_user_a.username not in response.content.decode()
        assert Concern.objects.get().author == portal_user_a


class TestSeparation:
    def test_portal_pages_and_api_carry_no_internal_notes(
        self, login, noted_supplier_a, portal_user_a, buyer
    ):
        message = suggestion(portal_user_a)
        services.reply_to_message(buyer, message, "acknowledged")
        client = login(portal_user_a)
        pages = [
            client.get(url).content.decode()
            for url in ("/portal/", "/portal/voice/", f"/portal/voice/messages/{message.pk}/")
        ]
        api = token_client(portal_user_a)
        bodies = [
            api.get(f"{API}/portal/suggestions").content.decode(),
            api.get(f"{API}/portal/suggestions/{message.pk}").content.decode(),
        ]

        for text in pages + bodies:
            assert INTERNAL_NOTE not in text
        assert set(api.get(f"{API}/portal/suggestions").json()[0]) == {
            "id", "kind", "title", "text", "proposal", "due_by", "sent_at", "sent_by",
            "status", "status_label", "reply", "replied_at", "replied_by",
        }  # fmt: skip


class TestPermissions:
    def test_another_suppliers_message_is_a_404(self, login, portal_user_a, portal_user_b):
        message = suggestion(portal_user_a)

        assert login(portal_user_b).get(f"/portal/voice/messages/{message.pk}/").status_code == 404
        api = token_client(portal_user_b)
        assert api.get(f"{API}/portal/suggestions/{message.pk}").status_code == 404
        assert api.get(f"{API}/portal/suggestions").json() == []

    @pytest.mark.parametrize("who", ["manager", "buyer", "viewer", "admin_user"])
    def test_our_people_get_403_on_the_portal_pages_and_api(self, request, login, who,
                                                           portal_user_a):  # fmt: skip
        message = suggestion(portal_user_a)
        user = request.getfixturevalue(who)
        client = login(user)

        for url in ("/portal/voice/", f"/portal/voice/messages/{message.pk}/"):
            assert client.get(url).status_code == 403
        assert (
            client.post("/portal/voice/suggestions/", {"title": "x", "text": "y"}).status_code
            == 403
        )
        api = token_client(user)
        assert api.get(f"{API}/portal/suggestions").status_code == 403
        posted = api.post(
            f"{API}/portal/concerns", {"topic": "other", "text": "x"},
            content_type="application/json",
        )  # fmt: skip
        assert posted.status_code == 403

    @pytest.mark.parametrize("who", ["viewer", "other_buyer"])
    def test_viewers_and_other_buyers_cannot_answer(self, request, login, who, portal_user_a):
        message = suggestion(portal_user_a)
        user = request.getfixturevalue(who)

        page = login(user).post(f"/voice/messages/{message.pk}/reply/", {"status": "acknowledged"})
        api = token_client(user).post(
            f"{API}/voice/suggestions/{message.pk}/reply", {"status": "acknowledged"},
            content_type="application/json",
        )  # fmt: skip

        assert page.status_code == 403 and api.status_code == 403
        message.refresh_from_db()
        assert message.status == "new"

    def test_managers_answer_for_any_supplier(self, portal_user_a, manager):
        message = suggestion(portal_user_a)

        services.reply_to_message(manager, message, "acknowledged")

        assert message.status == "acknowledged"

    def test_portal_users_cannot_use_our_side(self, login, portal_user_a, supplier_a):
        message = suggestion(portal_user_a)
        client = login(portal_user_a)

        assert client.get(f"/voice/supplier/{supplier_a.pk}/").status_code == 403
        assert client.post(f"/voice/messages/{message.pk}/reply/",
                           {"status": "acknowledged"}).status_code == 403  # fmt: skip
        api = token_client(portal_user_a)
        assert api.get(f"{API}/suppliers/{supplier_a.pk}/voice").status_code == 403


class TestBadInput:
    def test_empty_text_is_a_field_error_on_the_page(self, login, portal_user_a):
        client = login(portal_user_a)

        response = client.post("/portal/voice/suggestions/", {"title": "Idea", "text": "  "})
        concern_response = client.post("/portal/voice/concerns/", {"topic": "nope", "text": ""})

        assert response.status_code == 400
        assert 'id="error-text"' in response.content.decode()
        assert concern_response.status_code == 400
        html = concern_response.content.decode()
        assert 'id="error-text"' in html and 'id="error-topic"' in html
        assert SupplierMessage.objects.count() == 0 and Concern.objects.count() == 0

    def test_too_long_is_refused(self, login, portal_user_a):
        response = login(portal_user_a).post(
            "/portal/voice/early-warnings/", {"title": "x" * 201, "text": "fine"}
        )

        assert response.status_code == 400
        assert 'id="error-title"' in response.content.decode()

    def test_the_api_names_the_field(self, portal_user_a):
        api = token_client(portal_user_a)

        def post(path, body):
            return api.post(f"{API}{path}", body, content_type="application/json")

        empty = post("/portal/suggestions", {"kind": "suggestion", "title": "", "text": "x"})
        long = post("/portal/concerns", {"topic": "other", "text": "x" * 5001})
        kind = post("/portal/suggestions", {"kind": "rumour", "title": "x", "text": "x"})
        due = post(
            "/portal/suggestions",
            {"kind": "suggestion", "title": "x", "text": "x", "due_by": "2099-01-01"},
        )
        past = post(
            "/portal/suggestions",
            {"kind": "early_warning", "title": "x", "text": "x", "due_by": "2001-01-01"},
        )

        assert empty.status_code == 422 and error_fields(empty) == {"title"}
        assert long.status_code == 422 and error_fields(long) == {"text"}
        assert kind.status_code == 422 and error_fields(kind) == {"kind"}
        assert due.status_code == 400 and error_fields(due) == {"due_by"}
        assert past.status_code == 400 and error_fields(past) == {"due_by"}

    def test_declining_without_a_reason_names_the_field(self, portal_user_a, buyer):
        message = suggestion(portal_user_a)

        response = token_client(buyer).post(
            f"{API}/voice/suggestions/{message.pk}/reply", {"status": "declined"},
            content_type="application/json",
        )  # fmt: skip

        assert response.status_code == 400 and error_fields(response) == {"reply"}


class TestQueryCounts:
    @pytest.mark.parametrize("size", [2, 12])
    def test_pages_and_endpoints_do_not_grow_with_rows(
        self, size, login, portal_user_a, buyer, supplier_a, voice_minimum,
        django_assert_max_num_queries,
    ):  # fmt: skip
        for i in range(size):
            message = suggestion(portal_user_a, title=f"Idea {i}")
            services.reply_to_message(buyer, message, "acknowledged", "Thanks")
            concern(portal_user_a, anonymous=bool(i % 2), text=f"Worry {i}")
        ours, theirs, api = login(buyer), login(portal_user_a), token_client(buyer)

        with django_assert_max_num_queries(25):
            assert ours.get(f"/voice/supplier/{supplier_a.pk}/").status_code == 200
        with django_assert_max_num_queries(20):
            assert theirs.get("/portal/voice/").status_code == 200
        # The portal home draws every app's card; ours is one query of them.
        with django_assert_max_num_queries(40):
            assert theirs.get("/portal/").status_code == 200
        with django_assert_max_num_queries(15):
            assert api.get(f"{API}/suppliers/{supplier_a.pk}/voice").status_code == 200
        with django_assert_max_num_queries(15):
            assert (
                ours.get(f"/voice/supplier/{supplier_a.pk}/export/?format=csv").status_code == 200
            )


def test_a_concern_address_that_is_no_concern_is_a_404(login, buyer, supplier_a):
    client = login(buyer)

    assert client.post("/voice/concerns/not-a-uuid/acknowledge/").status_code == 404
    missing = "/voice/concerns/00000000-0000-0000-0000-000000000000/acknowledge/"
    assert client.post(missing).status_code == 404


def test_the_three_forms_on_the_page_have_their_own_ids(login, portal_user_a):
    html = login(portal_user_a).get("/portal/voice/").content.decode()

    for prefix in ("suggestion", "warning", "concern"):
        assert f'id="{prefix}_text"' in html
    assert html.count('id="suggestion_text"') == 1
