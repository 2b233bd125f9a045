"""The criteria set of a sourcing project, as plain data: the alignment triangle's pillars,
the starter suggestions, the rules one criterion and a whole set must follow, and the
explanation of a set (weights as shares of 100, must-haves listed), and the rules of deciding
a prospect's registration. No Django here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from partnerbook.accounts.domain import REGISTRATION_STATUS_LABELS, RegistrationStatus
from partnerbook.core.marks import gettext_noop

PILLARS: dict[str, str] = {
    "goals": gettext_noop("Goals"),
    "values": gettext_noop("Values"),
    "capabilities": gettext_noop("Capabilities"),
}
MAX_WEIGHT = 100
MAX_NAME = 100
MAX_DESCRIPTION = 2000
MAX_CRITERIA = 60


@dataclass(frozen=True)
class CriterionSpec:
    """One criterion: a must-have (no weight) or weighted (weight 1..100)."""

    pillar: str
    name: str
    must_have: bool = False
    weight: int | None = None
    description: str = ""


SUGGESTIONS: tuple[CriterionSpec, ...] = (
    CriterionSpec("capabilities", "Technical capability", False, 25,
                  "Can make or deliver what we need to the required specification."),
    CriterionSpec("capabilities", "Capacity", False, 20,
                  "Has room for our volumes now and as they grow."),
    CriterionSpec("capabilities", "Location", False, 10,
                  "Close enough for the lead times, logistics and visits we need."),
    CriterionSpec("capabilities", "Certifications", True, None,
                  "Holds the certificates we require (e.g. ISO 9001)."),
    CriterionSpec("capabilities", "Financial health", True, None,
                  "Stable enough to be a supplier for years, not months."),
    CriterionSpec("goals", "Shared growth plans", False, 15,
                  "Where they want to go fits where we want to go."),
    CriterionSpec("goals", "Willingness to co-innovate", False, 10,
                  "Open to developing products or processes together."),
    CriterionSpec("values", "Sustainability", False, 10,
                  "Environmental and social practices that meet our standards."),
    CriterionSpec("values", "Cultural fit", False, 10,
                  "Ways of working, openness and communication that match ours."),
    CriterionSpec("values", "Ethics and compliance", True, None,
                  "No bribery, forced labour or sanctions issues; signs our code of conduct."),
)  # fmt: skip


def criterion_problems(spec: CriterionSpec) -> dict[str, str]:
    """Field name -> what is wrong with one criterion on its own (empty when it is fine)."""
    problems: dict[str, str] = {}
    if spec.pillar not in PILLARS:
        problems["pillar"] = "Choose goals, values or capabilities."
    name = spec.name.strip()
    if not name:
        problems["name"] = "Give the criterion a name."
    elif len(name) > MAX_NAME:
        problems["name"] = f"Keep the name to {MAX_NAME} characters."
    if len(spec.description) > MAX_DESCRIPTION:
        problems["description"] = f"Keep the description to {MAX_DESCRIPTION} characters."
    if spec.must_have:
        if spec.weight is not None:
            problems["weight"] = "A must-have has no weight: it is a pass or fail."
    elif spec.weight is None:
        problems["weight"] = "Give a weighted criterion a weight from 1 to 100."
    elif isinstance(spec.weight, bool) or not 1 <= spec.weight <= MAX_WEIGHT:
        problems["weight"] = f"Give a weight from 1 to {MAX_WEIGHT}."
    return problems


def name_key(name: str) -> str:
    """The form in which two names count as the same (case and spaces ignored)."""
    return " ".join(name.split()).casefold()


def set_problems(specs: Sequence[CriterionSpec]) -> dict[str, str]:
    """Problems of a whole set, keyed `criteria` (e.g. for a template): the first broken
    criterion, a name used twice, or too many criteria."""
    if len(specs) > MAX_CRITERIA:
        return {"criteria": f"Keep the set to {MAX_CRITERIA} criteria."}
    seen: set[str] = set()
    for number, spec in enumerate(specs, start=1):
        problems = criterion_problems(spec)
        if problems:
            field_name, message = next(iter(problems.items()))
            return {"criteria": f"Criterion {number} ({field_name}): {message}"}
        key = name_key(spec.name)
        if key in seen:
            return {"criteria": f"Criterion {number}: the name {spec.name!r} is used twice."}
        seen.add(key)
    return {}


@dataclass(frozen=True)
class WeightedShare:
    name: str
    weight: int
    share_of_pillar: float  # percent of the pillar's weights
    share_overall: float  # percent of all weights


@dataclass(frozen=True)
class PillarSummary:
    pillar: str
    label: str
    must_haves: list[str]
    weighted: list[WeightedShare]
    weight: int
    share: float  # the pillar's percent of all weights


@dataclass(frozen=True)
class Explanation:
    """What a criteria set means: per pillar, then overall."""

    pillars: list[PillarSummary]
    must_haves: list[str]
    total_weight: int
    lines: list[str] = field(default_factory=list)

    @property
    def empty_pillars(self) -> list[str]:
        return [p.label for p in self.pillars if not p.must_haves and not p.weighted]


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def explain(specs: Iterable[CriterionSpec]) -> Explanation:
    """Each weight as a share of 100 within its pillar and overall, each pillar's share of
    the total, and the must-haves (which every candidate has to meet before any weight
    counts). Pillars come in triangle order; criteria keep the order given."""
    specs = list(specs)
    total = sum(s.weight or 0 for s in specs if not s.must_have)
    pillars = []
    for key, label in PILLARS.items():
        mine = [s for s in specs if s.pillar == key]
        weighted = [s for s in mine if not s.must_have and s.weight]
        pillar_weight = sum(s.weight or 0 for s in weighted)
        pillars.append(
            PillarSummary(
                pillar=key,
                label=label,
                must_haves=[s.name for s in mine if s.must_have],
                weighted=[
                    WeightedShare(
                        s.name,
                        s.weight or 0,
                        _percent(s.weight or 0, pillar_weight),
                        _percent(s.weight or 0, total),
                    )
                    for s in weighted
                ],
                weight=pillar_weight,
                share=_percent(pillar_weight, total),
            )
        )
    must_haves = [s.name for s in specs if s.must_have]
    lines = []
    if must_haves:
        lines.append(
            f"{_count(len(must_haves), 'must-have')} every candidate has to meet: "
            f"{', '.join(must_haves)}."
        )
    else:
        lines.append("No must-haves: every candidate is scored on the weights alone.")
    if total:
        shares = ", ".join(f"{p.label} {p.share:g}%" for p in pillars)
        lines.append(f"The weights split as {shares} (total weight {total} counted as 100).")
    else:
        lines.append("No weighted criteria yet.")
    missing = [p.label for p in pillars if not p.must_haves and not p.weighted]
    if missing and specs:
        lines.append(f"Nothing yet on {' and '.join(missing)}: the triangle has a blind side.")
    return Explanation(pillars=pillars, must_haves=must_haves, total_weight=total, lines=lines)


# --- vetting scorecards and the ranking -----------------------------------------------------

MAX_SCORE = 5
MUST_HAVE_PASS, MUST_HAVE_UNKNOWN, MUST_HAVE_FAIL = "pass", "unknown", "fail"
MUST_HAVE_LABELS = {
    MUST_HAVE_PASS: gettext_noop("must-haves met"),
    MUST_HAVE_UNKNOWN: gettext_noop("must-haves not yet confirmed"),
    MUST_HAVE_FAIL: gettext_noop("a must-have is not met"),
}
_MUST_HAVE_ORDER = {MUST_HAVE_PASS: 0, MUST_HAVE_UNKNOWN: 1, MUST_HAVE_FAIL: 2}


@dataclass(frozen=True)
class ScoredCriterion:
    """A criterion as the scorecard sees it: `weight` None for a must-have."""

    id: int
    name: str
    must_have: bool
    weight: int | None = None


@dataclass(frozen=True)
class EvaluationInput:
    """One evaluator's scorecard: {criterion id: score 0..5} for weighted criteria and
    {criterion id: met} for must-haves."""

    evaluator_id: int
    evaluator: str
    scores: dict[int, int] = field(default_factory=dict)
    met: dict[int, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class Contribution:
    name: str
    weight: int
    score: float
    points: float  # what it adds to the total out of 100


@dataclass(frozen=True)
class EvaluationTotal:
    """One evaluator's weighted total (None when no weighted criterion was scored)."""

    evaluator_id: int
    evaluator: str
    total: float | None
    complete: bool
    missing: list[str]
    contributions: list[Contribution]
    explanation: str


def _weighted(criteria: Iterable[ScoredCriterion]) -> list[ScoredCriterion]:
    return sorted((c for c in criteria if not c.must_have and c.weight), key=lambda c: c.id)


def evaluation_total(
    criteria: Sequence[ScoredCriterion], evaluation: EvaluationInput
) -> EvaluationTotal:
    """sum(weight × score) / sum(weight × 5) × 100 over the weighted criteria the evaluator
    scored. Criteria left unscored do not count, but mark the evaluation incomplete."""
    weighted = _weighted(criteria)
    scored = [c for c in weighted if c.id in evaluation.scores]
    missing = [c.name for c in weighted if c.id not in evaluation.scores]
    missing += [
        c.name for c in sorted(criteria, key=lambda c: c.id)
        if c.must_have and c.id not in evaluation.met
    ]  # fmt: skip
    denominator = sum((c.weight or 0) * MAX_SCORE for c in scored)
    contributions = [
        Contribution(
            c.name,
            c.weight or 0,
            evaluation.scores[c.id],
            round(100 * (c.weight or 0) * evaluation.scores[c.id] / denominator, 2),
        )
        for c in scored
    ]
    total = (
        round(100 * sum((c.weight or 0) * evaluation.scores[c.id] for c in scored) / denominator, 2)
        if denominator
        else None
    )
    if total is None:
        text = f"{evaluation.evaluator} scored no weighted criterion yet."
    else:
        parts = ", ".join(
            f"{x.name} {x.score:g}/5 × {x.weight} = {x.points:g}" for x in contributions
        )
        text = f"{evaluation.evaluator}: {total:g} out of 100 ({parts})."
    if missing:
        text += f" Incomplete: not scored {', '.join(missing)}."
    return EvaluationTotal(
        evaluation.evaluator_id, evaluation.evaluator, total, not missing, missing,
        contributions, text,
    )  # fmt: skip


def median(values: Sequence[float]) -> float | None:
    """The middle value (mean of the two middle ones for an even count); None when empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return round((ordered[middle - 1] + ordered[middle]) / 2, 2)


@dataclass(frozen=True)
class MustHaveCheck:
    """The must-have filter of one candidate: pass, unknown or fail, and why."""

    status: str
    reasons: list[str]

    @property
    def label(self) -> str:
        return MUST_HAVE_LABELS[self.status]


def must_have_check(
    criteria: Sequence[ScoredCriterion], evaluations: Sequence[EvaluationInput]
) -> MustHaveCheck:
    """Fails when any evaluator marked a must-have not met; passes when each must-have was
    marked met by at least one evaluator and not met by none; otherwise unknown."""
    must = sorted((c for c in criteria if c.must_have), key=lambda c: c.id)
    if not must:
        return MustHaveCheck(MUST_HAVE_PASS, ["The project has no must-haves."])
    ordered = sorted(evaluations, key=lambda e: (e.evaluator.casefold(), e.evaluator_id))
    failed = []
    unknown = []
    for criterion in must:
        against = [e.evaluator for e in ordered if e.met.get(criterion.id) is False]
        if against:
            failed.append(f"{criterion.name}: not met according to {', '.join(against)}.")
        elif not any(e.met.get(criterion.id) is True for e in ordered):
            unknown.append(f"{criterion.name}: no evaluator has marked it met yet.")
    if failed:
        return MustHaveCheck(MUST_HAVE_FAIL, failed)
    if unknown:
        return MustHaveCheck(MUST_HAVE_UNKNOWN, unknown)
    return MustHaveCheck(
        MUST_HAVE_PASS,
        [
            f"All {len(must)} must-haves marked met."
            if len(must) > 1
            else "The must-have is marked met."
        ],
    )


@dataclass(frozen=True)
class CriterionMedian:
    name: str
    weight: int
    median_score: float | None
    contribution: float  # points out of 100 the median score is worth


@dataclass(frozen=True)
class CandidateInput:
    candidate_id: int
    supplier: str
    evaluations: list[EvaluationInput]


@dataclass(frozen=True)
class CandidateScore:
    """A candidate's vetting result across its evaluators."""

    candidate_id: int
    supplier: str
    totals: list[EvaluationTotal]
    median: float | None
    spread: float | None
    criteria: list[CriterionMedian]
    must_have: MustHaveCheck
    evaluators: int

    @property
    def lines(self) -> list[str]:
        out = [t.explanation for t in self.totals]
        if self.median is None:
            out.append("No weighted scores yet: no median.")
        else:
            out.append(
                f"Median {self.median:g} across {_count(len(self.counted), 'evaluator')}; "
                f"spread {self.spread:g} (highest minus lowest total)."
            )
        out.extend(self.must_have.reasons)
        return out

    @property
    def counted(self) -> list[EvaluationTotal]:
        return [t for t in self.totals if t.total is not None]


def score_candidate(
    criteria: Sequence[ScoredCriterion], candidate: CandidateInput
) -> CandidateScore:
    """Each evaluator's total, the median and spread of those totals, each weighted
    criterion's median score with what it is worth, and the must-have filter."""
    ordered = sorted(candidate.evaluations, key=lambda e: (e.evaluator.casefold(), e.evaluator_id))
    totals = [evaluation_total(criteria, e) for e in ordered]
    values = [t.total for t in totals if t.total is not None]
    weighted = _weighted(criteria)
    denominator = sum((c.weight or 0) * MAX_SCORE for c in weighted)
    medians = []
    for c in weighted:
        m = median([e.scores[c.id] for e in ordered if c.id in e.scores])
        points = round(100 * (c.weight or 0) * m / denominator, 2) if m is not None else 0.0
        medians.append(CriterionMedian(c.name, c.weight or 0, m, points))
    return CandidateScore(
        candidate_id=candidate.candidate_id,
        supplier=candidate.supplier,
        totals=totals,
        median=median(values),
        spread=round(max(values) - min(values), 2) if values else None,
        criteria=medians,
        must_have=must_have_check(criteria, ordered),
        evaluators=len(ordered),
    )


@dataclass(frozen=True)
class RankedCandidate:
    rank: int
    score: CandidateScore
    reason: str  # which rule put it below the one above


def _key(s: CandidateScore) -> tuple[int, int, float, float, int, str, int]:
    return (
        _MUST_HAVE_ORDER[s.must_have.status],
        1 if s.median is None else 0,
        -(s.median or 0.0),
        s.spread or 0.0,
        -s.evaluators,
        s.supplier.casefold(),
        s.candidate_id,
    )


def _why(above: CandidateScore, me: CandidateScore) -> str:
    a, b = _key(above), _key(me)
    if a[0] != b[0]:
        return (f"Must-have filter: {me.must_have.label}, against {above.must_have.label} "
                f"for {above.supplier}.")  # fmt: skip
    if a[1] != b[1]:
        return f"No weighted scores yet, while {above.supplier} has a median."
    if a[2] != b[2]:
        return f"Lower median: {me.median:g} against {above.median:g} for {above.supplier}."
    if a[3] != b[3]:
        return (f"Same median; wider spread between evaluators: {me.spread or 0:g} against "
                f"{above.spread or 0:g} for {above.supplier}.")  # fmt: skip
    if a[4] != b[4]:
        return (f"Same median and spread; fewer evaluators: {me.evaluators} against "
                f"{above.evaluators} for {above.supplier}.")  # fmt: skip
    if a[5] != b[5]:
        return f"Tied on every score; placed after {above.supplier} by name."
    return f"Tied on every score and the name; placed after {above.supplier} as added later."


def rank(scores: Iterable[CandidateScore]) -> list[RankedCandidate]:
    """Must-haves pass before unknown before fail, then the higher median, the narrower
    spread, more evaluators, the supplier's name (case ignored) and the candidate's id:
    the same input in any order gives the same ranking. Each rank says which rule
    separated it from the one above."""
    ordered = sorted(scores, key=_key)
    ranked = []
    for position, score in enumerate(ordered):
        if position == 0:
            if score.median is None:
                reason = f"First: {score.must_have.label}; no weighted scores yet."
            else:
                reason = f"First: {score.must_have.label}, highest median {score.median:g}."
        else:
            reason = _why(ordered[position - 1], score)
        ranked.append(RankedCandidate(position + 1, score, reason))
    return ranked


def _count(n: int, noun: str) -> str:
    """ "1 evaluator", "3 evaluators"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


# --- the review of prospects' registrations ----------------------------------------------


def decision_refusal(status: str) -> str | None:
    """Why a registration can no longer be decided, or None while it waits for review."""
    if status == RegistrationStatus.PENDING:
        return None
    label = REGISTRATION_STATUS_LABELS.get(RegistrationStatus(status), status).lower()
    return f"This registration was already {label}; it cannot be decided again."


def project_refusal(*, chosen: bool, open_projects: int) -> str | None:
    """Whether the approval names a sourcing project when it must: with at least one open
    project, the reviewer picks one; with none, the prospect is registered without one."""
    if not chosen and open_projects > 0:
        return "Choose the open sourcing project this prospect is a candidate for."
    return None
