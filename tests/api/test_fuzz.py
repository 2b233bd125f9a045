"""schemathesis against the whole published OpenAPI, in-process through the WSGI app.

Every operation gets schema-valid requests, which must be accepted (2xx, or 401/403/404/
409 for a record that is missing, not ours or changed meanwhile), and schema-invalid ones,
which must be refused with 4xx; every response must match its documented schema, and
nothing may answer with a server error. All of schemathesis' checks run. Deterministic
(hypothesis derandomised: the same examples every run) and bounded, so that it fits the
suite's budget; PARTNERBOOK_FUZZ_EXAMPLES raises the number of examples for a deeper run.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from partnerbook.accounts.models import Role
from partnerbook.accounts.services import create_api_token
from partnerbook.api import api
from partnerbook.wsgi import application
from tests.factories import CategoryFactory, SupplierFactory, UserFactory

# Eight examples per operation and mode keep the whole API's fuzzing to about two minutes
# per database on the 2-core machine (25 took six); the examples are derandomised, so every
# run sends the same, and a deeper run raises the number.
EXAMPLES = int(os.environ.get("PARTNERBOOK_FUZZ_EXAMPLES", "8"))

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
SCHEMA.app = application
# Only the administrator's (or, for the portal's operations, a portal user's) token
# authenticates: generated cookies and headers for the
# documented security schemes would only ever be refused.
SCHEMA.config.generation.update(with_security_parameters=False)
# A schema-valid request may still break a rule no schema can state: a date in the future,
# an illegal status move, an id that does not exist. Those are 400 (documented on every
# operation); a 422 would mean the schema and the validators disagree.
SCHEMA.config.checks.positive_data_acceptance.expected_statuses = [
    "2xx", "400", "401", "403", "404", "409",
]  # fmt: skip
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
CASES = [
    pytest.param(operation, mode, id=f"{operation.label} {mode.value}")
    for operation in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    # Without parameters or a body there is nothing to get wrong.
    if mode is GenerationMode.POSITIVE
    or operation.definition.raw.get("parameters")
    or operation.definition.raw.get("requestBody")
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests go straight to the WSGI application, whose end-of-request handler would close
    the test's database connection (and its transaction); Django's test client detaches it
    the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db):
    """An administrator's token (every internal operation allowed), a supplier's portal user's
    token (the `/portal/...` operations are theirs alone), and a few records to act on."""
    admin = UserFactory(role=Role.ADMIN)
    category = CategoryFactory()
    suppliers = [SupplierFactory(category=category) for _ in range(3)]
    portal = UserFactory(role=Role.SUPPLIER_CONTACT, supplier=suppliers[0])
    return {
        "admin": create_api_token(admin, "fuzz")[1],
        "portal": create_api_token(portal, "fuzz")[1],
    }


def test_every_operation_is_fuzzed():
    assert len(OPERATIONS) == sum(len(methods) for methods in SCHEMA.raw_schema["paths"].values())


@pytest.mark.parametrize(("operation", "mode"), CASES)
def test_the_api_keeps_its_published_contract(operation, mode, tokens):
    token = tokens["portal" if operation.path.startswith("/portal/") else "admin"]
    headers = {"Authorization": f"Bearer {token}"}

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.call_and_validate(headers=headers)

    check()
