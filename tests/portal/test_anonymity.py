"""Anonymous concerns cannot be traced to the person who raised them: not through the pages
(ours and the portal's), the API, the exports, the admin's lists or the audit history. Each
test raises enough anonymous concerns from one person for them to be released on our side,
then looks for that person's username, name and e-mail address in one channel."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.core import mail

from partnerbook.portal import services
from partnerbook.portal.models import Concern

from ..api import API, token_client

pytestmark = pytest.mark.django_db

TEXTS = (
    "Forecasts change every week without warning.",
    "Payment runs are late again this quarter.",
    "Our questions about the new labels go unanswered.",
)


@pytest.fixture
def raised(whistle, supplier_a, voice_minimum):
    """Three anonymous concerns by `whistle`, enough to be shown on our side."""
    return [
        services.raise_concern(whistle, {"topic": "communication", "text": t, "anonymous": True})
        for t in TEXTS
    ]


def identity(user) -> list[str]:
    return [user.username, user.first_name, user.last_name, user.display_name, user.email]


def assert_anonymous(text: str, user) -> None:
    for token in identity(user):
        assert token not in text, f"{token!r} gives the writer away"


def test_the_stored_row_has_no_author_and_no_time(raised):
    rows = list(Concern.objects.values())

    assert len(rows) == 3
    assert all(row["author_id"] is None and row["anonymous"] for row in rows)
    assert not [f for f in Concern._meta.get_fields() if f.name in {"created_at", "raised_at"}]


class TestUI:
    def test_supplier_tab_shows_them_as_from_a_contact(self, raised, login, manager, supplier_a,
                                                        whistle):  # fmt: skip
        html = login(manager).get(f"/voice/supplier/{supplier_a.pk}/").content.decode()

        assert TEXTS[0] in html
        assert "a contact at Alpha Packaging" in html
        assert_anonymous(html, whistle)

    def test_timeline_shows_them_without_a_name(self, raised, login, buyer, supplier_a, whistle):
        html = login(buyer).get(f"/suppliers/{supplier_a.pk}/timeline/").content.decode()

        assert "Concern raised" in html
        assert_anonymous(html, whistle)

    def test_portal_pages_of_the_same_supplier_do_not_list_them(
        self, raised, login, colleague_a, whistle
    ):
        colleague = login(colleague_a)
        writer = login(whistle)
        for url in ("/portal/", "/portal/voice/"):
            html = colleague.get(url).content.decode()
            assert not any(t in html for t in TEXTS)
            assert_anonymous(html, whistle)
            # Not even the writer's own pages list them.
            assert not any(t in writer.get(url).content.decode() for t in TEXTS)

    def test_the_confirmation_page_does_not_name_the_writer_to_others(
        self, login, colleague_a, whistle, voice_minimum
    ):
        response = login(whistle).post(
            "/portal/voice/concerns/",
            {"topic": "conduct", "text": "Raised voices in the last call.", "anonymous": "on"},
        )

        assert response.status_code == 302
        assert Concern.objects.get().author is None


class TestAPI:
    def test_raising_one_does_not_echo_who_raised_it(self, whistle, voice_minimum):
        response = token_client(whistle).post(
            f"{API}/portal/concerns",
            {"topic": "payment", "text": "Invoices wait for months.", "anonymous": True},
            content_type="application/json",
        )

        assert response.status_code == 201
        body = response.json()
        assert set(body) == {"topic", "topic_label", "text", "anonymous", "raised_on", "read_on",
                             "note"}  # fmt: skip
        assert_anonymous(response.content.decode(), whistle)
        assert Concern.objects.get().author is None

    def test_internal_voice_and_timeline_show_no_name(self, raised, manager, supplier_a, whistle):
        client = token_client(manager)
        voice = client.get(f"{API}/suppliers/{supplier_a.pk}/voice")
        timeline = client.get(f"{API}/suppliers/{supplier_a.pk}/timeline")

        assert voice.status_code == 200 and timeline.status_code == 200
        assert {c["raised_by"] for c in voice.json()["concerns"]} == {
            "a contact at Alpha Packaging"
        }
        assert_anonymous(voice.content.decode(), whistle)
        assert_anonymous(timeline.content.decode(), whistle)

    def test_portal_api_of_a_colleague_shows_nothing_of_them(self, raised, colleague_a, whistle):
        body = token_client(colleague_a).get(f"{API}/portal/suggestions").content.decode()

        assert TEXTS[0] not in body
        assert_anonymous(body, whistle)


class TestExports:
    def test_voice_export_says_a_contact(self, raised, login, manager, supplier_a, whistle):
        client = login(manager)
        csv = client.get(f"/voice/supplier/{supplier_a.pk}/export/?format=csv")
        xlsx = client.get(f"/voice/supplier/{supplier_a.pk}/export/?format=xlsx")

        text = csv.content.decode("utf-8-sig")
        assert TEXTS[0] in text and "a contact at Alpha Packaging" in text
        assert_anonymous(text, whistle)
        with zipfile.ZipFile(io.BytesIO(xlsx.content)) as book:
            inside = " ".join(book.read(name).decode() for name in book.namelist())
        assert "a contact at Alpha Packaging" in inside
        assert_anonymous(inside, whistle)

    def test_supplier_export_has_nothing_of_them(self, raised, login, manager, whistle):
        client = login(manager)
        for fmt in ("csv", "xlsx"):
            response = client.get(f"/suppliers/export.{fmt}")
            assert response.status_code == 200
            assert TEXTS[0].encode() not in response.content
            for token in identity(whistle):
                assert token.encode() not in response.content


class TestAdmin:
    def test_concern_list_and_page_show_no_name(self, raised, login, admin_user, whistle):
        client = login(admin_user)
        listing = client.get("/admin/portal/concern/")
        page = client.get(f"/admin/portal/concern/{raised[0].pk}/change/")
        history = client.get(f"/admin/portal/concern/{raised[0].pk}/history/")

        assert listing.status_code == 200 and page.status_code == 200
        assert "a contact at Alpha Packaging" in listing.content.decode()
        for response in (listing, page, history):
            assert_anonymous(response.content.decode(), whistle)

    def test_the_admin_cannot_attach_a_person(self, raised, login, admin_user):
        client = login(admin_user)

        assert client.get("/admin/portal/concern/add/").status_code == 403
        response = client.post(
            f"/admin/portal/concern/{raised[0].pk}/change/", {"author": admin_user.pk}
        )
        assert response.status_code == 403
        assert Concern.objects.filter(author__isnull=False).count() == 0


class TestAuditHistory:
    def test_no_history_row_is_written_and_none_names_the_writer(self, whistle, supplier_a,
                                                                voice_minimum):  # fmt: skip
        historical = [m for m in apps.get_models() if m.__name__.startswith("Historical")]
        before = {m: m.objects.count() for m in historical}

        services.raise_concern(whistle, {"topic": "other", "text": "Hm.", "anonymous": True})

        assert {m: m.objects.count() for m in historical} == before
        assert not any(m.__name__ == "HistoricalConcern" for m in historical)
        for model in historical:
            if any(f.name == "history_user" for f in model._meta.get_fields()):
                assert not model.objects.filter(history_user=whistle).exists(), model.__name__
        assert not LogEntry.objects.filter(user=whistle).exists()

    def test_supplier_history_page_shows_nothing_of_them(self, raised, login, manager,
                                                         supplier_a, whistle):  # fmt: skip
        html = login(manager).get(f"/suppliers/{supplier_a.pk}/history/").content.decode()

        assert_anonymous(html, whistle)

    def test_e_mails_about_them_name_nobody(
        self, whistle, supplier_a, buyer, voice_minimum, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            for t in TEXTS:
                services.raise_concern(whistle, {"topic": "other", "text": t, "anonymous": True})

        assert [m.to for m in mail.outbox] == [[buyer.email]]  # one, once they are released
        assert_anonymous(" ".join(m.subject + m.body for m in mail.outbox), whistle)
