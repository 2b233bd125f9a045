"""Segmentation: a profile for every supplier with factors that spread the portfolio over
the four quadrants (the quadrant itself is computed from them), engagement models (some
commodity suppliers treated as partners, which the portfolio questions), expectations
with gaps on both sides, and for partners a maturity move and an alignment assessment."""

from __future__ import annotations

import datetime as dt

from .common import BATCH_SIZE, Context

QUADRANT_WEIGHTS = {"strategic": 12, "operational": 48, "opportunistic": 14, "avoid": 10,
                    "": 16}  # "": middling factors, anywhere  # fmt: skip
STAGES = ("transactional", "cooperative", "collaborative", "strategic")


def generate(ctx: Context) -> None:
    from partnerbook.segmentation.models import (
        AlignmentAssessment,
        MaturityMove,
        SegmentationProfile,
    )

    from .common import weighted

    rng = ctx.rng("segmentation")
    r = rng.randint
    pick = weighted(rng, QUADRANT_WEIGHTS)
    manager, as_of = ctx.users["manager"], ctx.as_of
    profiles, moves, assessments = [], [], []
    for plan in ctx.plans:
        target = "strategic" if plan.index == 0 else pick()
        plan.quadrant = target
        high_value = target in ("strategic", "opportunistic")
        high_risk = target in ("opportunistic", "avoid")
        if target == "":
            v = lambda: r(2, 4)  # noqa: E731
            k = lambda: r(2, 4)  # noqa: E731
        else:
            v = (lambda: r(4, 5)) if high_value else (lambda: r(1, 2))  # noqa: E731
            k = (lambda: r(4, 5)) if high_risk else (lambda: r(1, 2))  # noqa: E731
        commodity = target == "operational" and rng.random() < 0.5
        if target == "strategic":
            partner = plan.index == 0 or rng.random() < 0.8
        elif target == "opportunistic":
            partner = rng.random() < 0.3
        else:
            partner = commodity and rng.random() < 0.06  # a commodity treated as a partner
        partner = partner and plan.status not in ("prospect", "exited")
        plan.partner = partner
        chosen = "partnership" if partner else ("transactional" if rng.random() < 0.8 else "")
        stage = rng.choice(STAGES[1:]) if partner else "transactional"
        ours = supplier_side = ""
        if partner or rng.random() < 0.1:
            ours = stage if partner else rng.choice(STAGES[:2])
            supplier_side = ours
            if rng.random() < 0.2:  # an expectation gap, either way
                supplier_side = rng.choice([s for s in STAGES if s != ours])
        profiles.append(
            SegmentationProfile(
                supplier_id=plan.pk, criticality=v(), complexity=v(), innovation=v(),
                integration=v(), financial_health=6 - k(), single_source=k() >= 4,
                market_difficulty=k(), country_risk=k(), ip_sensitivity=k(),
                regulatory_constraints=k(), serious_incidents=max(0, k() - 3),
                commodity=commodity, collaboration_willingness=r(3, 5) if partner else r(1, 4),
                supplier_is_competitor=False, regulation_mandates_distance=False,
                shared_risk_reward=partner and rng.random() < 0.3, chosen_model=chosen,
                chosen_model_reason="Decided in the annual segmentation review." if chosen else "",
                our_expectation=ours, our_importance=r(3, 5) if ours else None,
                supplier_expectation=supplier_side,
                supplier_importance=r(2, 5) if supplier_side else None,
                supplier_expectation_source="buyer" if supplier_side else "",
                maturity_stage=stage,
            )
        )  # fmt: skip
        if partner:
            moves.append(
                MaturityMove(supplier_id=plan.pk, from_stage="transactional", to_stage=stage,
                             moved_on=as_of - dt.timedelta(days=r(60, 700)), moved_by_id=manager,
                             evidence="Joint business review: shared roadmap and open books.")
            )  # fmt: skip
            s = lambda: r(2, 5)  # noqa: E731
            assessments.append(
                AlignmentAssessment(
                    supplier_id=plan.pk, assessed_on=as_of - dt.timedelta(days=r(10, 300)),
                    assessed_by_id=manager, our_goals=s(), our_values=s(), our_capabilities=s(),
                    their_goals=s(), their_values=s(), their_capabilities=s(),
                )
            )  # fmt: skip
    SegmentationProfile.objects.bulk_create(profiles, batch_size=BATCH_SIZE)
    MaturityMove.objects.bulk_create(moves, batch_size=BATCH_SIZE)
    AlignmentAssessment.objects.bulk_create(assessments, batch_size=BATCH_SIZE)
    ctx.count("segmentation profiles", len(profiles))
    ctx.count("maturity moves", len(moves))
    ctx.count("alignment assessments", len(assessments))
