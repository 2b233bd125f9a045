"""GET /healthz for load balancers and monitoring."""

from __future__ import annotations

import pytest
from django.db import DatabaseError


@pytest.mark.django_db
def test_healthz_reports_ok_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_with_a_reason_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("partnerbook.core.views.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["database"] == "unreachable"
    assert "connection refused" in body["reason"]


def test_debug_is_off_unless_asked_for(settings):
    import partnerbook.settings as project_settings

    assert project_settings._flag("PARTNERBOOK_DEBUG_NOT_SET") is False
    assert settings.DEBUG is False
