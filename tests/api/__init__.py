"""Helpers for the REST API tests."""

from __future__ import annotations

from typing import Any

from django.test import Client

from partnerbook.accounts.services import create_api_token

API = "/api/v1"


def token_client(user: Any) -> Client:
    """A client that authenticates every request with a fresh API token of `user`."""
    _, plaintext = create_api_token(user, "tests")
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


def error_fields(response: Any) -> set[str]:
    """The field names an error response reports."""
    body = response.json()
    assert set(body) == {"detail", "errors"}, body
    return {error["field"] for error in body["errors"]}
