"""The criteria set of a sourcing project, as plain data: the alignment triangle's pillars,
the starter suggestions, the rules one criterion and a whole set must follow, and the
explanation of a set (weights as shares of 100, must-haves listed). No Django here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

PILLARS: dict[str, str] = {
    "goals": "Goals",
    "values": "Values",
    "capabilities": "Capabilities",
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
            f"{len(must_haves)} must-have(s) every candidate has to meet: {', '.join(must_haves)}."
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
