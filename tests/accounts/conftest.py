"""Fixtures for the portal invitations and the password reset."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from partnerbook.suppliers import services as supplier_services

LINK = re.compile(r"https?://\S+/account/invitation/[^/\s]+/")


@pytest.fixture(autouse=True)
def _fresh_rate_limits(django_db_blocker):
    """The password-reset counters live in the (database) cache: every test starts from zero."""
    with django_db_blocker.unblock():
        cache.clear()
    yield
    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture
def contact_a(manager, supplier_a):
    """A person on supplier A's own side, with an e-mail address."""
    return supplier_services.create_contact(
        manager, supplier_a, {"side": "supplier", "name": "Sam Reyes", "email": "sam@alpha.test"}
    )


@pytest.fixture
def contact_b(manager, supplier_b):
    return supplier_services.create_contact(
        manager, supplier_b, {"side": "supplier", "name": "Bo Berg", "email": "bo@beta.test"}
    )


def link_in(message) -> str:
    """The invitation link an e-mail carries."""
    found = LINK.findall(message.body)
    assert len(found) == 1, message.body
    return found[0]


def path_of(link: str) -> str:
    return link[link.index("/account/") :]
