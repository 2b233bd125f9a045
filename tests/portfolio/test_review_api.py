"""The review's API: rounds (list, create with a scope, detail with suggestions, decide,
close, export), the getting-started plan and the settings; permissions and bad input."""

from __future__ import annotations

import pytest

from partnerbook.portfolio.models import ReviewRound

BASE = "/api/v1/portfolio"


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


@pytest.mark.django_db
class TestRoundsApi:
    def test_a_manager_runs_a_round_end_to_end(
        self, login, manager, segmented, supplier_a, supplier_b
    ):
        client = login(manager)
        scope = {"kind": "suppliers", "suppliers": [supplier_a.pk, supplier_b.pk]}
        created = _post(client, f"{BASE}/reviews", {"title": "API round", "scope": scope})
        assert created.status_code == 201, created.json()
        body = created.json()
        assert body["progress"] == "0 of 2 decided" and body["status"] == "open"
        alpha = next(d for d in body["decisions"] if d["supplier_id"] == supplier_a.pk)
        assert alpha["suggestion"] == "invest" and len(alpha["suggestion_reasons"]) == 5
        assert alpha["strategic_partner"] == "partnership in the strategic quadrant"
        assert body["guard"]["owner_limit"] == 5
        url = f"{BASE}/reviews/{body['id']}"
        decided = _post(
            client, f"{url}/decisions/{supplier_a.pk}", {"decision": "invest", "reason": "Key"}
        )
        assert decided.status_code == 200 and decided.json()["decided"] == 1
        early = _post(client, f"{url}/close", {})
        assert early.status_code == 400 and early.json()["errors"][0]["field"] == "decisions"
        _post(
            client, f"{url}/decisions/{supplier_b.pk}", {"decision": "phase_out", "reason": "Risky"}
        )
        closed = _post(client, f"{url}/close", {"note": "Done"})
        assert closed.status_code == 200 and closed.json()["status"] == "closed"
        listed = client.get(f"{BASE}/reviews").json()
        assert listed["count"] == 1 and listed["items"][0]["counts"]["phase_out"] == 1
        exported = client.get(f"{url}/export?format=csv")
        assert exported.status_code == 200 and b"Alpha Packaging" in exported.content

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"title": " ", "scope": {"kind": "all"}}, "title"),
            ({"title": "T", "scope": {"kind": "galaxy"}}, "scope.kind"),
            ({"title": "T", "scope": {"kind": "all"}, "extra": 1}, "extra"),
            ({"title": "T", "scope": {"kind": "category"}}, "scope.category"),
            ({"title": "T", "scope": {"kind": "category", "category": 98765}}, "scope.category"),
            ({"title": "T", "scope": {"kind": "owner", "owner": 98765}}, "scope.owner"),
            (
                {"title": "T", "scope": {"kind": "suppliers", "suppliers": [98765]}},
                "scope.suppliers",
            ),
        ],
    )
    def test_bad_input_names_the_field(self, login, manager, segmented, body, field):
        response = _post(login(manager), f"{BASE}/reviews", body)
        assert response.status_code in (400, 422)
        assert field in [e["field"] for e in response.json()["errors"]], response.json()
        assert not ReviewRound.objects.exists()

    def test_a_decision_without_reason_or_with_a_bad_choice_is_refused(
        self, login, manager, review_round, supplier_a
    ):
        client = login(manager)
        url = f"{BASE}/reviews/{review_round.pk}/decisions/{supplier_a.pk}"
        assert _post(client, url, {"decision": "invest", "reason": "  "}).status_code == 422
        assert (
            _post(client, url, {"decision": "grow", "reason": "x"}).json()["errors"][0]["field"]
            == "decision"
        )
        assert _post(client, f"{BASE}/reviews/{review_round.pk}/decisions/98765",
                     {"decision": "invest", "reason": "x"}).status_code == 404  # fmt: skip

    def test_viewers_read_but_cannot_write_and_portal_users_get_nothing(
        self, login, viewer, buyer, portal_user_a, review_round, supplier_a
    ):
        url = f"{BASE}/reviews/{review_round.pk}"
        for user in (viewer, buyer):
            client = login(user)
            assert client.get(url).status_code == 200
            assert _post(client, f"{url}/decisions/{supplier_a.pk}",
                         {"decision": "invest", "reason": "x"}).status_code == 403  # fmt: skip
            assert (
                _post(
                    client, f"{BASE}/reviews", {"title": "T", "scope": {"kind": "all"}}
                ).status_code
                == 403
            )
            assert _post(client, f"{url}/close", {}).status_code == 403
        portal = login(portal_user_a)
        for target in (
            f"{BASE}/reviews",
            url,
            f"{url}/export",
            f"{BASE}/getting-started",
            f"{BASE}/settings",
        ):
            assert portal.get(target).status_code == 403, target


@pytest.mark.django_db
class TestPlanAndSettingsApi:
    def test_the_plan_lists_four_weeks_with_evidence(self, login, viewer):
        body = login(viewer).get(f"{BASE}/getting-started").json()
        assert [w["week"] for w in body["weeks"]] == [1, 2, 3, 4]
        assert body["next"] == "criteria"
        assert all(item["evidence"] for w in body["weeks"] for item in w["items"])

    def test_settings_change_with_a_version_and_refuse_bad_values(self, login, manager, viewer):
        client = login(manager)
        current = client.get(f"{BASE}/settings").json()
        assert current == {"owner_limit": 5, "team_limit": 5, "version": 1}
        changed = client.patch(f"{BASE}/settings", {"team_limit": 4, "version": 1},
                               content_type="application/json")  # fmt: skip
        assert changed.status_code == 200 and changed.json()["team_limit"] == 4
        stale = client.patch(f"{BASE}/settings", {"team_limit": 3, "version": 1},
                             content_type="application/json")  # fmt: skip
        assert stale.status_code == 409
        bad = client.patch(f"{BASE}/settings", {"owner_limit": 0}, content_type="application/json")
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "owner_limit"
        assert login(viewer).patch(f"{BASE}/settings", {"team_limit": 3},
                                   content_type="application/json").status_code == 403  # fmt: skip
