"""Gate and onboarding: the suppliers on their way in (prospect, vetting, pilot: the status
mix of parts/core.py) get some checklist items ticked with evidence, and about 2% of the
active ones were activated in the last 90 days (through the checklist or an override), so
the pipeline board has cards in every column."""

from __future__ import annotations

from .common import Context


def generate(ctx: Context) -> None:
    from partnerbook.gate.models import Activation, Tick

    rng = ctx.rng("gate")
    buyer, manager = ctx.users["buyer"], ctx.users["manager"]
    ticks = []
    for plan in ctx.plans:
        if plan.status in ("vetting", "pilot"):
            ticks.append(
                Tick(
                    supplier_id=plan.pk,
                    key="fit",
                    ticked_by_id=buyer,
                    evidence="Site visit and samples: capacity and quality fit.",
                )
            )
            if plan.status == "pilot" or rng.random() < 0.4:
                ticks.append(
                    Tick(
                        supplier_id=plan.pk,
                        key="financial",
                        ticked_by_id=buyer,
                        evidence="Credit report: stable, no payment defaults.",
                    )
                )
    Tick.objects.bulk_create(ticks, batch_size=5000)
    active = [p for p in ctx.plans[1:] if p.status == "active"]
    chosen = rng.sample(active, min(len(active), max(1, len(ctx.plans) // 50)))
    activations = [
        Activation(supplier_id=p.pk, how="checklist", decided_by_id=manager)
        if rng.random() < 0.8
        else Activation(supplier_id=p.pk, how="override", decided_by_id=manager,
                        reason="Urgent second source for the launch; references follow.",
                        missing=["references"])
        for p in chosen
    ]  # fmt: skip
    Activation.objects.bulk_create(activations, batch_size=5000)
    ctx.count("gate ticks", len(ticks))
    ctx.count("activations", len(activations))
