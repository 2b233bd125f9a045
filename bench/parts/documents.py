"""Documents: metadata rows only (about three a supplier: an ISO 9001 and an insurance
certificate with expiry dates, some expired or expiring soon, and a contract or other
document). No file is written: the rows name files that do not exist. Listing pages read
only the rows; downloading one of these answers that the file is missing."""

from __future__ import annotations

import datetime as dt

from .common import Context, Ids, write

COLUMNS = ("id", "supplier_id", "kind", "title", "file", "original_name", "size",
           "content_type", "issued_on", "expires_on", "internal", "source", "archived",
           "uploaded_by_id", "created_at", "updated_at", "version")  # fmt: skip
KINDS = (("iso_9001", "ISO 9001 certificate"), ("insurance", "Liability insurance"),
         ("contract", "Signed supply agreement"), ("other", "Company presentation"))  # fmt: skip


def generate(ctx: Context) -> None:
    rng = ctx.rng("documents")
    as_of, now, buyer = ctx.as_of, ctx.now, ctx.users["buyer"]
    ids = Ids("documents_document", 0, ctx.postgres)
    rows = []
    for plan in ctx.plans:
        kinds = KINDS[:2] + (KINDS[2] if plan.partner else KINDS[3],)
        for kind, title in kinds:
            pk = next(ids)
            issued = as_of - dt.timedelta(days=rng.randint(30, 1000))
            expires = None
            if kind in ("iso_9001", "insurance"):
                expires = max(issued, as_of + dt.timedelta(days=rng.randint(-60, 1000)))
            name = f"{kind}-{pk}.pdf"
            rows.append((pk, plan.pk, kind, title, f"documents/bench/{name}", name,
                         rng.randint(20_000, 2_000_000), "application/pdf", issued, expires,
                         kind != "other", "ours", False, buyer, now, now, 1))  # fmt: skip
    write(ctx, "documents_document", COLUMNS, rows)
    ids.commit(len(rows))
    ctx.count("documents", len(rows))
