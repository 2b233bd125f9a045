"""Locust users for the load test: the demo's people, signed in through the real form.

Run through `bench/load/run.py` (it starts the server and writes results.md). By hand,
against a server already running on the demo portfolio:

    locust -f bench/load/locustfile.py --headless --host http://127.0.0.1:8000 \\
        --users 50 --spawn-rate 10 --run-time 60s

What each person does is in `scenario.py` (shared with tests/core/test_load_scenario.py);
this file only maps it onto locust.
"""

from __future__ import annotations

import csv
import itertools
import random
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar

from locust import HttpUser, between, events
from locust.stats import PERCENTILES_TO_REPORT, StatsCSV

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scenario  # noqa: E402  (next to this file)


class LocustTransport:
    """Sends the scenario's requests through locust's HTTP client: no redirects followed,
    each reply checked, and a reply that is not what the page should answer is reported to
    locust as a failure with the reason."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def request(
        self,
        method: str,
        path: str,
        name: str,
        check: scenario.Check,
        data: Mapping[str, Any] | None,
    ) -> scenario.Reply:
        with self.client.request(
            method, path, name=name, data=data, allow_redirects=False, catch_response=True
        ) as response:
            reply = scenario.Reply(
                status=response.status_code or 0,
                text=response.text or "",
                location=response.headers.get("Location", ""),
            )
            problem = check(reply)
            if problem and reply.status == 0 and getattr(response, "error", None):
                problem = f"{problem}: {response.error!r}"  # what the connection said
            if problem:
                response.failure(problem)
            else:
                response.success()
        if problem:
            raise scenario.Failed(problem)
        return reply


def _weighted(weights: Mapping[Callable[[scenario.Visitor], None], int]) -> dict[Any, int]:
    """Locust tasks (weight per callable) that run one scenario step on the user's visitor."""

    def step(action: Callable[[scenario.Visitor], None]) -> Callable[[DemoUser], None]:
        def run(user: DemoUser) -> None:
            user.act(action)

        run.__name__ = action.__name__
        return run

    return {step(action): weight for action, weight in weights.items()}


# Every request as it happened (start, method, page, ms, failed) and the moment each user
# finished signing in: run.py tells the sign-in burst from the steady state with them.
SAMPLES: list[tuple[float, str, str, float, int]] = []
SIGNED_IN = "(signed in)"


@events.request.add_listener
def record_sample(
    request_type: str, name: str, response_time: float, exception: Any, **kwargs: Any
) -> None:
    started = kwargs.get("start_time") or time.time() - response_time / 1000
    SAMPLES.append((started, request_type, name, response_time, int(exception is not None)))


@events.quitting.add_listener
def write_final_csv(environment: Any, **kwargs: Any) -> None:
    """With --csv PREFIX, also write PREFIX_final_{stats,failures,exceptions,requests}.csv
    once every user has stopped: locust's own CSV files are rewritten once a second and can
    miss the last requests. run.py reads these."""
    prefix = getattr(environment.parsed_options, "csv_prefix", None)
    if not prefix:
        return
    writer = StatsCSV(environment, PERCENTILES_TO_REPORT)
    for kind, write in (
        ("stats", writer.requests_csv),
        ("failures", writer.failures_csv),
        ("exceptions", writer.exceptions_csv),
    ):
        with open(f"{prefix}_final_{kind}.csv", "w", newline="") as f:
            write(csv.writer(f))
    with open(f"{prefix}_final_requests.csv", "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["start", "method", "name", "ms", "failed"])
        out.writerows(sorted(SAMPLES))


class DemoUser(HttpUser):
    """One browser tab of a demo person. Users of a class take its logins in turn."""

    abstract = True
    # A person reads a page before the next click.
    wait_time = between(1, 3)
    usernames: ClassVar[tuple[str, ...]] = ()
    _turn: ClassVar[itertools.count[int]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._turn = itertools.count()

    def on_start(self) -> None:
        username = self.usernames[next(self._turn) % len(self.usernames)]
        self.visitor = scenario.Visitor(LocustTransport(self.client), username, rng=random.Random())
        self.act(scenario.Visitor.sign_in)

    def act(self, action: Callable[[scenario.Visitor], None]) -> None:
        signing_in = not self.visitor.signed_in
        if signing_in:
            action = scenario.Visitor.sign_in  # first, or again after a failed sign-in
        try:
            action(self.visitor)
        except scenario.Failed:
            pass  # the failed request is already in locust's statistics, with its reason
        if signing_in and self.visitor.signed_in:
            SAMPLES.append((time.time(), "", SIGNED_IN, 0.0, 0))


class Buyer(DemoUser):
    weight = 5
    usernames = scenario.BUYERS
    tasks = _weighted(scenario.TASKS["buyer"])


class Manager(DemoUser):
    weight = 2
    usernames = scenario.MANAGERS
    tasks = _weighted(scenario.TASKS["manager"])


class Reader(DemoUser):
    weight = 3
    usernames = scenario.READERS
    tasks = _weighted(scenario.TASKS["reader"])
