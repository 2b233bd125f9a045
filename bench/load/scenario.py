"""What one simulated person does in the load test, without locust.

`locustfile.py` runs these visitors under locust (real HTTP against a real server);
`tests/core/test_load_scenario.py` runs the very same code through Django's test client,
so every URL, form field and check here is exercised by the ordinary test suite. This
module must not import locust: locust monkey-patches the standard library (gevent) as
soon as it is imported, which the test suite must not suffer.

Every request is sent without following redirects and is checked against what that page
should answer (status, redirect target, a marker in the page). A request that answers
anything else is a failed request: the transport records it (locust: a failure with the
reason) and raises `Failed`, which ends the current task.

Requests are named by page ("supplier: history"), never by URL with ids, so statistics
group per page.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlencode

DEMO_PASSWORD = "partnerbook-demo"  # noqa: S105  (the public demo password)

# Demo logins by what they do in the scenario (see src/partnerbook/demo/data.py).
BUYERS = ("bruno", "aisha", "tom")  # own suppliers: log interactions on them
MANAGERS = ("maria",)  # category manager: expectations, trust entries, interactions
READERS = ("vera", "demo")  # viewer and administrator: read only

# Page names, as they appear in the statistics.
LOGIN_FORM = "sign-in form"
LOGIN_POST = "sign-in (POST)"
HOME = "home (redirect)"
SUPPLIER_LIST = "supplier list"
SUPPLIER_LIST_FILTERED = "supplier list, filtered + sorted"
OVERVIEW = "supplier: overview"
CONTACTS = "supplier: contacts"
HISTORY = "supplier: history"
TIMELINE = "supplier: timeline"
SEGMENTATION = "supplier: segmentation"
RELATIONSHIP = "supplier: relationship"
PORTFOLIO = "portfolio"
PORTFOLIO_CHART = "portfolio chart data (API)"
HEALTH = "relationship health list"
ALERTS = "alerts inbox"
API_LIST = "API supplier list"
API_LIST_MINE = "API supplier list, by owner"
LOG_INTERACTION = "log interaction (POST)"
TRUST_ENTRY = "trust entry (POST)"
EXPECTATIONS = "segmentation expectations (POST)"

STATUSES = ("prospect", "vetting", "pilot", "active", "reserve", "phasing_out")
LIST_SORTS = ("name", "-name", "status", "-annual_spend", "annual_spend", "country", "category")
API_SORTS = ("name", "-annual_spend", "status", "-updated_at")
HEALTH_SORTS = ("score", "-score", "change", "-change", "name")
STAGES = ("transactional", "cooperative", "collaborative", "strategic")
SEARCHES = ("pack", "med", "log", "a")
NOTES = (
    "Quarterly call: shared the forecast for next quarter, they confirmed capacity.",
    "Walked through the open quality points; samples arrive next week.",
    "Short check-in on delivery dates, nothing to escalate.",
    "They proposed a joint cost-down workshop; we agreed to plan one.",
)


class Failed(Exception):  # noqa: N818  (a failed request, already recorded as such)
    """A request did not answer what its page should; it is already recorded as failed."""


@dataclass(frozen=True)
class Reply:
    """What the scenario needs of an HTTP response."""

    status: int
    text: str
    location: str = ""

    def json(self) -> Any:
        return json.loads(self.text)


Check = Callable[[Reply], "str | None"]


class Transport(Protocol):
    """Sends one request without following redirects, runs `check` on the reply, records
    the request under `name` (failed with the reason when `check` returns one) and
    raises `Failed` in that case."""

    def request(
        self, method: str, path: str, name: str, check: Check, data: Mapping[str, Any] | None
    ) -> Reply: ...


# --- checks ----------------------------------------------------------------------------------


def _status_problem(reply: Reply, expected: int) -> str | None:
    if reply.status == expected:
        return None
    if reply.status == 0:
        return "no response (connection error or time-out)"
    if reply.status in (301, 302) and "/login/" in reply.location:
        return f"HTTP {reply.status} to the sign-in page (not signed in any more)"
    if reply.status in (301, 302):
        return f"HTTP {reply.status} to {reply.location!r}, expected HTTP {expected}"
    if reply.status >= 500:
        return f"HTTP {reply.status} server error"
    if reply.status == 403 and "CSRF" in reply.text:
        return "HTTP 403 CSRF verification failed"
    return f"HTTP {reply.status}, expected {expected}"


def page(*markers: str) -> Check:
    """An HTML page: 200 and every marker in the body."""

    def check(reply: Reply) -> str | None:
        problem = _status_problem(reply, 200)
        if problem:
            return problem
        missing = [m for m in markers if m not in reply.text]
        return f"HTTP 200 but the page lacks {missing[0]!r}" if missing else None

    return check


def json_page(*keys: str) -> Check:
    """A JSON endpoint: 200, a JSON object with these keys."""

    def check(reply: Reply) -> str | None:
        problem = _status_problem(reply, 200)
        if problem:
            return problem
        try:
            body = reply.json()
        except ValueError:
            return "HTTP 200 but not JSON"
        missing = [k for k in keys if not isinstance(body, dict) or k not in body]
        return f"JSON without {missing[0]!r}" if missing else None

    return check


def redirect_to(prefix: str, exact: bool = False) -> Check:
    """A form post that worked: 302 to `prefix` (or exactly to it)."""

    def check(reply: Reply) -> str | None:
        target = reply.location.split("#")[0] if exact else reply.location
        if reply.status == 302 and (target == prefix if exact else target.startswith(prefix)):
            return None
        if reply.status in (200, 400) and 'class="error"' in reply.text:
            errors = re.findall(r'class="error"[^>]*>([^<]+)<', reply.text)
            return f"HTTP {reply.status}: the form was refused: {'; '.join(errors)[:200]}"
        if reply.status == 200 and 'name="password"' in reply.text:
            return "HTTP 200: the sign-in form came back (wrong password or locked out)"
        return _status_problem(reply, 302) or f"HTTP 302 to {reply.location!r}"

    return check


# --- parsing ---------------------------------------------------------------------------------

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_SIGNED_IN_AS = re.compile(r'id="account-menu"><summary title="[^"]*">([^<]+)</summary>')
_OWNER_SELECT = re.compile(r'<select name="owner">(.*?)</select>', re.S)
_OPTION = re.compile(r'<option value="(\d+)"[^>]*>([^<]*)</option>')
_DATE_INPUT = re.compile(r'<input[^>]*name="occurred_on"[^>]*>')
_VALUE = re.compile(r'value="(\d{4}-\d{2}-\d{2})"')


def csrf_token(text: str) -> str:
    match = _CSRF.search(text)
    if match is None:
        raise Failed("no csrfmiddlewaretoken in the page")
    return match.group(1)


def own_user_id(list_page: str) -> int:
    """The signed-in person's user id: their name in the top bar, found among the supplier
    list's owner filter options."""
    me = _SIGNED_IN_AS.search(list_page)
    select = _OWNER_SELECT.search(list_page)
    if me is None or select is None:
        raise Failed("supplier list without the signed-in name or the owner filter")
    name = html.unescape(me.group(1)).strip()
    ids = [
        int(pk) for pk, label in _OPTION.findall(select.group(1)) if html.unescape(label) == name
    ]
    if len(ids) != 1:
        raise Failed(f"{name!r} is not exactly once in the owner filter")
    return ids[0]


def form_date(text: str) -> str:
    """The date the form offers (the server's today), as a browser would submit it."""
    tag = _DATE_INPUT.search(text)
    value = _VALUE.search(tag.group(0)) if tag else None
    return value.group(1) if value else dt.datetime.now(dt.UTC).date().isoformat()


def _path(location: str) -> str:
    """A redirect's target as the browser requests it (no fragment)."""
    return location.split("#")[0]


def url(path: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{path}?{query}" if query else path


# --- the visitor -----------------------------------------------------------------------------


@dataclass
class Visitor:
    """One person in a browser: signs in once, then runs tasks (`TASKS[kind]`)."""

    transport: Transport
    username: str
    password: str = DEMO_PASSWORD
    rng: random.Random = field(default_factory=random.Random)
    user_id: int | None = None
    supplier_ids: list[int] = field(default_factory=list)
    owned_ids: list[int] = field(default_factory=list)
    signed_in: bool = False

    @property
    def kind(self) -> str:
        if self.username in BUYERS:
            return "buyer"
        if self.username in MANAGERS:
            return "manager"
        return "reader"

    def get(self, path: str, name: str, check: Check) -> Reply:
        return self.transport.request("GET", path, name, check, None)

    def post(self, path: str, name: str, data: Mapping[str, Any], check: Check) -> Reply:
        return self.transport.request("POST", path, name, check, data)

    # --- signing in --------------------------------------------------------------------------

    def sign_in(self) -> None:
        """Through the real form, then learn which suppliers there are and which are mine."""
        form = self.get("/login/", LOGIN_FORM, page('name="password"'))
        self.post(
            "/login/",
            LOGIN_POST,
            {
                "csrfmiddlewaretoken": csrf_token(form.text),
                "username": self.username,
                "password": self.password,
                "next": "",
            },
            redirect_to("/", exact=True),
        )
        self.get("/", HOME, redirect_to("/suppliers/"))
        listing = self.get("/suppliers/", SUPPLIER_LIST, page("<h1>Suppliers</h1>"))
        self.user_id = own_user_id(listing.text)
        every = self.get(url("/api/v1/suppliers", limit=200), API_LIST, json_page("items"))
        self.supplier_ids = [item["id"] for item in every.json()["items"]]
        if self.kind == "buyer":
            mine = self.get(
                url("/api/v1/suppliers", owner=self.user_id, limit=200),
                API_LIST_MINE,
                json_page("items"),
            )
            self.owned_ids = [item["id"] for item in mine.json()["items"]]
        if not self.supplier_ids:
            raise Failed("the supplier list is empty: load the demo portfolio first")
        self.signed_in = True

    def _any_supplier(self) -> int:
        return self.rng.choice(self.supplier_ids)

    # --- reads -------------------------------------------------------------------------------

    def supplier_list(self) -> None:
        self.get("/suppliers/", SUPPLIER_LIST, page("<h1>Suppliers</h1>"))

    def supplier_list_filtered(self) -> None:
        r = self.rng
        params = {
            "status": r.choice((None, *STATUSES)),
            "q": r.choice((None, None, *SEARCHES)),
            "owner": self.user_id if r.random() < 0.3 else None,
            "sort": r.choice(LIST_SORTS),
        }
        self.get(url("/suppliers/", **params), SUPPLIER_LIST_FILTERED, page("<h1>Suppliers</h1>"))

    def supplier_overview(self) -> None:
        self.get(f"/suppliers/{self._any_supplier()}/", OVERVIEW, page('id="status-badge"'))

    def supplier_contacts(self) -> None:
        pk = self._any_supplier()
        self.get(f"/suppliers/{pk}/contacts/", CONTACTS, page('id="status-badge"'))

    def supplier_history(self) -> None:
        pk = self._any_supplier()
        self.get(f"/suppliers/{pk}/history/", HISTORY, page('id="audit-trail"'))

    def supplier_timeline(self) -> None:
        pk = self._any_supplier()
        self.get(f"/suppliers/{pk}/timeline/", TIMELINE, page('id="timeline"'))

    def supplier_segmentation(self) -> None:
        pk = self._any_supplier()
        self.get(f"/segmentation/suppliers/{pk}/", SEGMENTATION, page('id="quadrant"'))

    def supplier_relationship(self) -> None:
        pk = self._any_supplier()
        self.get(f"/relationship/suppliers/{pk}/", RELATIONSHIP, page('id="relationship-body"'))

    def portfolio(self) -> None:
        """The page, then the chart's data, as the browser loads them."""
        self.get("/portfolio/", PORTFOLIO, page("<h1>Portfolio</h1>", 'id="portfolio-chart"'))
        self.get("/api/v1/portfolio/matrix", PORTFOLIO_CHART, json_page("quadrants", "suppliers"))

    def health_list(self) -> None:
        sort = self.rng.choice(HEALTH_SORTS)
        self.get(url("/relationship/health/", sort=sort), HEALTH, page("<h1>Relationship health"))

    def alerts(self) -> None:
        self.get("/alerts/", ALERTS, page("<h1>Alerts"))

    def api_suppliers(self) -> None:
        params = {"limit": 50, "sort": self.rng.choice(API_SORTS)}
        if self.rng.random() < 0.3:
            params["status"] = "active"
        self.get(url("/api/v1/suppliers", **params), API_LIST, json_page("items", "count"))

    # --- writes ------------------------------------------------------------------------------

    def log_interaction(self) -> None:
        """Open a supplier's Relationship tab and log a call there (buyers: a supplier they
        own; managers: any). The redirect's page must say it was logged."""
        pool = self.owned_ids if self.kind == "buyer" else self.supplier_ids
        if not pool:  # a buyer who owns nothing only reads
            self.supplier_relationship()
            return
        pk = self.rng.choice(pool)
        tab = f"/relationship/suppliers/{pk}/"
        before = self.get(tab, RELATIONSHIP, page('id="quick-log"'))
        data = {
            "csrfmiddlewaretoken": csrf_token(before.text),
            "occurred_on": form_date(before.text),
            "channel": "call",
            "initiated_by": "ours",
            "tags": "information_shared",
            "notes": self.rng.choice(NOTES),
        }
        done = self.post(f"{tab}interactions/new", LOG_INTERACTION, data, redirect_to(tab))
        self.get(_path(done.location), RELATIONSHIP, page("Interaction logged."))

    def add_trust_entry(self) -> None:
        """A manager's manual trust deposit or withdrawal on the Relationship tab."""
        pk = self._any_supplier()
        tab = f"/relationship/suppliers/{pk}/"
        before = self.get(tab, RELATIONSHIP, page('id="trust"'))
        data = {
            "csrfmiddlewaretoken": csrf_token(before.text),
            "occurred_on": form_date(before.text),
            "points": self.rng.choice((-3, -1, 1, 2, 5)),
            "reason": "Load test: delivered the samples ahead of the agreed date.",
        }
        done = self.post(f"{tab}trust/new", TRUST_ENTRY, data, redirect_to(tab))
        self.get(_path(done.location), RELATIONSHIP, page("Trust entry added."))

    def set_expectations(self) -> None:
        """A manager records what each side expects of the relationship."""
        pk = self._any_supplier()
        seg = f"/segmentation/suppliers/{pk}/"
        before = self.get(seg, SEGMENTATION, page('id="expectations-form"'))
        r = self.rng
        data = {
            "csrfmiddlewaretoken": csrf_token(before.text),
            "our_expectation": r.choice(STAGES),
            "our_importance": r.randint(1, 5),
            "supplier_expectation": r.choice(STAGES),
            "supplier_importance": r.randint(1, 5),
        }
        done = self.post(f"{seg}expectations", EXPECTATIONS, data, redirect_to(seg))
        self.get(_path(done.location), SEGMENTATION, page("Expectations saved."))


# Task weights per kind of person: mostly reads, some writes.
READS: dict[Callable[[Visitor], None], int] = {
    Visitor.supplier_list: 3,
    Visitor.supplier_list_filtered: 4,
    Visitor.supplier_overview: 4,
    Visitor.supplier_contacts: 1,
    Visitor.supplier_history: 2,
    Visitor.supplier_timeline: 2,
    Visitor.supplier_segmentation: 3,
    Visitor.supplier_relationship: 3,
    Visitor.portfolio: 2,
    Visitor.health_list: 2,
    Visitor.alerts: 2,
    Visitor.api_suppliers: 2,
}
TASKS: dict[str, dict[Callable[[Visitor], None], int]] = {
    "reader": READS,
    "buyer": {**READS, Visitor.log_interaction: 5},
    "manager": {
        **READS,
        Visitor.log_interaction: 2,
        Visitor.add_trust_entry: 2,
        Visitor.set_expectations: 2,
    },
}
# Every page the scenario names (the test checks that each one is requested).
PAGES = frozenset(
    {
        LOGIN_FORM, LOGIN_POST, HOME, SUPPLIER_LIST, SUPPLIER_LIST_FILTERED, OVERVIEW, CONTACTS,
        HISTORY, TIMELINE, SEGMENTATION, RELATIONSHIP, PORTFOLIO, PORTFOLIO_CHART, HEALTH,
        ALERTS, API_LIST, API_LIST_MINE, LOG_INTERACTION, TRUST_ENTRY, EXPECTATIONS,
    }
)  # fmt: skip
