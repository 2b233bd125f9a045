"""Agreements: about one for every two partners (a supply agreement on the template the
relationship calls for), a few NDAs besides, and some near renewal."""

from __future__ import annotations

import datetime as dt

from .common import BATCH_SIZE, Context


def generate(ctx: Context) -> None:
    from partnerbook.practices.models import Agreement

    rng = ctx.rng("practices")
    as_of, manager = ctx.as_of, ctx.users["manager"]
    partners = [p for p in ctx.plans if p.partner]
    chosen = [partners[0], *rng.sample(partners[1:], len(partners[1:]) // 2)] if partners else []
    objs = []
    for n, plan in enumerate(chosen):
        signed = as_of - dt.timedelta(days=rng.randint(90, 1000))
        near = n % 8 == 0  # about one in eight expires within two months
        expires = as_of + dt.timedelta(days=rng.randint(5, 60) if near else rng.randint(120, 1000))
        template = "strategic" if plan.quadrant == "strategic" else "collaborative"
        objs.append(
            Agreement(
                supplier_id=plan.pk, kind="supply", template=template, suggested_template=template,
                signed_on=signed, expires_on=expires, renewal_notice_days=90,
                reference=f"SA-{plan.index:06d}", scope="Components listed in annex A.",
                deliverables="As ordered by call-off.", payment_terms="60 days net.",
                pricing_model="Annual price review with open books.",
                service_levels="On time 95%, in full 98%.",
                performance_guarantees="Service credits after two red months.",
                dispute_resolution="Mediation, then the courts of our seat.",
                termination="12 months' notice.", ip_terms="Each side keeps its own.",
                joint_investment="Shared tooling" if template == "strategic" else "",
                gain_sharing="Savings split 50/50" if template == "strategic" else "",
                legal_reviewed_on=signed - dt.timedelta(days=7), legal_reviewer="Legal team",
                created_by_id=manager,
            )
        )  # fmt: skip
        if rng.random() < 0.3:
            objs.append(
                Agreement(
                    supplier_id=plan.pk,
                    kind="mutual_nda",
                    signed_on=signed - dt.timedelta(days=60),
                    created_by_id=manager,
                )
            )
    Agreement.objects.bulk_create(objs, batch_size=BATCH_SIZE)
    ctx.count("agreements", len(objs))
