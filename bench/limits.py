"""The limits the benchmark prints beside each figure: the same figure computed by ONE
hand-written SQL statement over the same rows, with no Python per row.

Each function returns `(sql, params)` for the connected database (PostgreSQL or SQLite);
`bench/run.py` times the statement (fetching every row to Python) and prints the ratio of
the product's time to it. A limit is a floor, not a second implementation: it reads what
the product reads and computes the figures the page shows, but it writes nothing, builds
no explanation and renders no HTML. Where it simplifies, the docstring says how.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

Statement = tuple[str, list[Any]]

PAGE = 50  # rows on a list page
# Twelve months of spend per category and supplier with each supplier's share of its
# category: the start of the risk checks' and the concentration page's statements.
SPEND_SHARES = """
        WITH spend AS (
            SELECT category_id, supplier_id, SUM(amount) AS amount
            FROM risk_spendline WHERE period >= %s
            GROUP BY category_id, supplier_id
        )
        SELECT category_id, supplier_id, amount,
               amount / NULLIF(SUM(amount) OVER (PARTITION BY category_id), 0) AS share,
"""
TIMELINE = 200  # entries on the timeline tab (suppliers.views.TIMELINE_LIMIT)


@dataclass(frozen=True)
class Context:
    """What the statements need to know about the data set."""

    vendor: str  # "postgresql" or "sqlite"
    as_of: dt.date
    supplier_id: int  # the sample supplier whose page and tabs are measured

    @property
    def month(self) -> dt.date:
        return self.as_of.replace(day=1)

    def month_of(self, column: str) -> str:
        if self.vendor == "postgresql":
            return f"date_trunc('month', {column})::date"
        return f"strftime('%%Y-%%m-01', {column})"

    def months_back(self, months: int) -> dt.date:
        year, month = divmod(self.month.year * 12 + self.month.month - 1 - months, 12)
        return dt.date(year, month + 1, 1)


# --- the recompute ----------------------------------------------------------------------------


def relationship(ctx: Context) -> Statement:
    """Health and drift: per watched supplier, the recent and baseline interaction counts,
    informal check-ins, mean tone and formality and per-tag counts (`bench/signals.py`)."""
    from partnerbook.relationship import domain, services

    config = services.current_config()
    w = services.Windows.of(ctx.as_of, config)
    rs, bs = w.recent_start, w.baseline_start
    recent, base = "occurred_on > %s", "occurred_on <= %s"
    informal = "channel = 'informal_checkin'"
    cols = [
        f"COUNT(*) FILTER (WHERE {recent})",
        f"COUNT(*) FILTER (WHERE {base})",
        f"COUNT(*) FILTER (WHERE {recent} AND {informal})",
        f"COUNT(*) FILTER (WHERE {base} AND {informal})",
    ]
    params: list[Any] = [rs, rs, rs, rs]
    for col in ("sentiment", "formality"):
        for cond in (recent, base):
            cols += [
                f"COUNT({col}) FILTER (WHERE {cond})",
                f"AVG({col}) FILTER (WHERE {cond})",
                f"AVG({col} * {col}) FILTER (WHERE {cond})",
            ]
            params += [rs, rs, rs]
    params += [bs, ctx.as_of]
    tags = []
    for tag in domain.TAGS:
        tags += [
            f"COUNT(*) FILTER (WHERE tag = '{tag}' AND {recent})",
            f"COUNT(*) FILTER (WHERE tag = '{tag}' AND {base})",
        ]
        params += [rs, rs]
    params += [bs, ctx.as_of]
    statuses = ", ".join(f"'{s}'" for s in services.WATCHED_STATUSES)
    sql = f"""
        WITH i AS (
            SELECT supplier_id, {", ".join(cols)}
            FROM relationship_interaction
            WHERE NOT archived AND occurred_on > %s AND occurred_on <= %s
            GROUP BY supplier_id
        ), t AS (
            SELECT supplier_id, {", ".join(tags)}
            FROM relationship_interactionsignal
            WHERE NOT archived AND occurred_on > %s AND occurred_on <= %s
            GROUP BY supplier_id
        )
        SELECT s.id, i.*, t.*
        FROM suppliers_supplier s
        LEFT JOIN i ON i.supplier_id = s.id
        LEFT JOIN t ON t.supplier_id = s.id
        WHERE NOT s.archived AND s.status IN ({statuses})
        ORDER BY s.id
    """  # noqa: S608 - only constants are formatted in; values are parameters
    return sql, params


def performance(ctx: Context, months: int = 6) -> Statement:
    """Scorecards for the nightly check (two quarters back): entered values per supplier,
    KPI and month, and delivery totals (lines, on time, in full, received, rejected) per
    supplier and month, over the last `months` months."""
    return _performance_between(ctx, ctx.months_back(months - 1), ctx.months_back(-1), None)


def stored_scores(ctx: Context) -> Statement:
    """The daily refresh of the stored scores (this month's and this quarter's): the same
    aggregate over the months of this quarter, every supplier."""
    quarter = ctx.month.replace(month=(ctx.month.month - 1) // 3 * 3 + 1)
    return _performance_between(ctx, quarter, ctx.months_back(-1), None)


def scorecard_list(ctx: Context) -> Statement:
    """The scorecard list: the same aggregate for this month only, every supplier."""
    return _performance_between(ctx, ctx.month, ctx.months_back(-1), None)


def _performance_between(
    ctx: Context, first: dt.date, end: dt.date, supplier_id: int | None
) -> Statement:
    month = ctx.month_of("received_on")
    one = "AND supplier_id = %s" if supplier_id else ""
    sql = f"""
        SELECT supplier_id, kpi_key, period, AVG(value), COUNT(*), NULL, NULL, NULL
        FROM performance_measurement
        WHERE period >= %s AND period < %s {one}
        GROUP BY supplier_id, kpi_key, period
        UNION ALL
        SELECT supplier_id, '', {month},
               SUM(CASE WHEN promised_qty > 0 THEN 1 ELSE 0 END),
               SUM(CASE WHEN promised_qty > 0 AND received_on <= promised_on THEN 1 ELSE 0 END),
               SUM(CASE WHEN promised_qty > 0 AND received_qty >= promised_qty
                        THEN 1 ELSE 0 END),
               SUM(received_qty), SUM(rejected_qty)
        FROM performance_deliveryline
        WHERE received_on >= %s AND received_on < %s {one}
        GROUP BY supplier_id, {month}
    """  # noqa: S608
    params: list[Any] = [first, end]
    if supplier_id:
        params.append(supplier_id)
    params += [first, end]
    if supplier_id:
        params.append(supplier_id)
    return sql, params


def quadrants(ctx: Context) -> Statement:
    """Every current supplier's value and risk scores (weighted means of the recorded
    factors, missing ones left out, spend converted to the reporting currency, as
    `segmentation.domain` scores them) and its quadrant (a manager's override first), with
    the weights and cut-offs of the scoring settings."""
    from partnerbook.segmentation import services

    settings_obj = services.get_settings()
    c = services.config_from(settings_obj)
    rates = {settings_obj.reporting_currency: 1.0}
    for currency, rate in (settings_obj.exchange_rates or {}).items():
        rates.setdefault(currency, float(rate))
    params: list[Any] = []

    def spend(column: str) -> str:
        whens = " ".join(f"WHEN %s THEN {column} * %s" for _ in rates)
        for currency, rate in rates.items():
            params.extend([currency, rate])
        return f"(CASE currency {whens} ELSE NULL END)"

    def scale(col: str) -> str:
        return f"(CASE WHEN p.{col} IS NULL THEN NULL ELSE (p.{col} - 1) / 4.0 END)"

    def capped(expr: str) -> str:  # NULL stays NULL (LEAST would drop it)
        return f"(CASE WHEN {expr} IS NULL THEN NULL WHEN {expr} > 1 THEN 1.0 ELSE {expr} END)"

    full_at = max(float(c.spend_share_full_at), 1e-9)
    incidents_at = float(max(c.incidents_full_at, 1))
    converted = (
        f"SELECT id, {spend('annual_spend')} AS spend FROM suppliers_supplier "  # noqa: S608
        "WHERE NOT archived AND status <> 'exited'"
    )
    share = f"(CASE WHEN t.total > 0 THEN v.spend / t.total / {full_at} END)"
    value = [
        (capped(share), c.spend_share_weight),
        (scale("criticality"), c.criticality_weight),
        (scale("complexity"), c.complexity_weight),
        (scale("innovation"), c.innovation_weight),
        (scale("integration"), c.integration_weight),
    ]
    risk = [
        (f"(1 - {scale('financial_health')})", c.financial_weight),
        ("(CASE WHEN p.single_source IS NULL THEN NULL WHEN p.single_source THEN 1.0 "
         "ELSE 0.0 END)", c.single_source_weight),
        (scale("market_difficulty"), c.market_difficulty_weight),
        (scale("country_risk"), c.country_weight),
        (scale("ip_sensitivity"), c.ip_sensitivity_weight),
        (scale("regulatory_constraints"), c.regulatory_weight),
        (capped(f"(p.serious_incidents / {incidents_at})"), c.incidents_weight),
    ]  # fmt: skip

    def score(parts: list[tuple[str, float]]) -> str:
        weights = [(expr, max(float(w), 0.0)) for expr, w in parts]
        top = " + ".join(f"COALESCE({e}, 0) * {w}" for e, w in weights)
        bottom = " + ".join(f"(CASE WHEN {e} IS NULL THEN 0 ELSE {w} END)" for e, w in weights)
        return f"100.0 * ({top}) / NULLIF({bottom}, 0)"

    scored = f"""
        SELECT s.id, s.name, p.quadrant_override AS override,
               {score(value)} AS value, {score(risk)} AS risk
        FROM suppliers_supplier s
        JOIN v ON v.id = s.id
        CROSS JOIN t
        LEFT JOIN segmentation_segmentationprofile p ON p.supplier_id = s.id
    """  # noqa: S608
    sql = f"""
        WITH v AS ({converted}), t AS (SELECT SUM(spend) AS total FROM v),
             scored AS ({scored})
        SELECT id, name, value, risk,
               CASE WHEN override <> '' THEN override
                    WHEN value IS NULL OR risk IS NULL THEN NULL
                    WHEN value >= %s AND risk >= %s THEN 'opportunistic'
                    WHEN value >= %s THEN 'strategic'
                    WHEN risk >= %s THEN 'avoid'
                    ELSE 'operational' END
        FROM scored ORDER BY name, id
    """  # noqa: S608
    return sql, [*params, c.value_cutoff, c.risk_cutoff, c.value_cutoff, c.risk_cutoff]


def risk(ctx: Context) -> Statement:
    """The risk checks: spend of the last twelve months per category and supplier, with each
    supplier's share of its category (concentration), the latest financial rating and
    whether a qualified backup exists."""
    first = ctx.months_back(11)
    sql = (
        SPEND_SHARES  # noqa: S608 - constants only
        + """
               (SELECT MAX(r.id) FROM risk_financialrating r
                WHERE r.supplier_id = spend.supplier_id) AS rating,
               (SELECT COUNT(*) FROM risk_backup b
                WHERE b.category_id = spend.category_id) AS backups
        FROM spend ORDER BY share DESC
    """
    )
    return sql, [first]


def daily_checks(ctx: Context) -> Statement:
    """The small daily checks in one statement: overdue action items and cadence items,
    time-boxed issues, expiring certificates and agreements near renewal."""
    soon = ctx.as_of + dt.timedelta(days=90)
    sql = """
        SELECT 'action', id, supplier_id FROM actions_actionitem
        WHERE due_on < %s AND status NOT IN ('done', 'dropped')
        UNION ALL
        SELECT 'issue', id, supplier_id FROM conflicts_supplierissue
        WHERE status <> 'resolved'
        UNION ALL
        SELECT 'document', id, supplier_id FROM documents_document
        WHERE NOT archived AND expires_on IS NOT NULL AND expires_on <= %s
        UNION ALL
        SELECT 'agreement', id, supplier_id FROM practices_agreement
        WHERE NOT archived AND expires_on IS NOT NULL AND expires_on <= %s
    """
    return sql, [ctx.as_of, soon, soon]


# --- pages ------------------------------------------------------------------------------------


def supplier_list(ctx: Context, size: int = PAGE) -> Statement:
    """A page of the supplier list: suppliers with category, owner and quadrant inputs,
    ordered by name, with the total count."""
    sql = """
        SELECT s.id, s.name, s.status, s.annual_spend, c.name, u.username,
               p.criticality, p.financial_health, COUNT(*) OVER ()
        FROM suppliers_supplier s
        LEFT JOIN suppliers_category c ON c.id = s.category_id
        LEFT JOIN accounts_user u ON u.id = s.relationship_owner_id
        LEFT JOIN segmentation_segmentationprofile p ON p.supplier_id = s.id
        WHERE NOT s.archived ORDER BY s.name, s.id LIMIT %s
    """
    return sql, [size]


def overview(ctx: Context) -> Statement:
    """The supplier's overview: the supplier, its profile, its latest health and the counts
    the cards show (open issues, open alerts, contacts)."""
    sql = """
        SELECT s.*, p.*,
               (SELECT score FROM relationship_healthsnapshot h WHERE h.supplier_id = s.id
                ORDER BY as_of DESC LIMIT 1),
               (SELECT COUNT(*) FROM conflicts_supplierissue i
                WHERE i.supplier_id = s.id AND i.status <> 'resolved'),
               (SELECT COUNT(*) FROM alerts_alert a
                WHERE a.supplier_id = s.id AND a.status = 'open'),
               (SELECT COUNT(*) FROM suppliers_contact k WHERE k.supplier_id = s.id)
        FROM suppliers_supplier s
        LEFT JOIN segmentation_segmentationprofile p ON p.supplier_id = s.id
        WHERE s.id = %s
    """
    return sql, [ctx.supplier_id]


def rows_of(table: str, order: str, limit: int = PAGE, column: str = "supplier_id"):  # type: ignore[no-untyped-def]
    """A tab that lists the supplier's rows of `table`."""

    def statement(ctx: Context) -> Statement:
        sql = f"SELECT * FROM {table} WHERE {column} = %s ORDER BY {order} LIMIT %s"  # noqa: S608
        return sql, [ctx.supplier_id, limit]

    statement.__doc__ = f"The supplier's rows of {table}, newest first, a page of {limit}."
    return statement


def relationship_tab(ctx: Context) -> Statement:
    """The Relationship tab: a year of daily health snapshots (the chart and its latest
    breakdown)."""
    sql = """
        SELECT as_of, score, light, breakdown, findings FROM relationship_healthsnapshot
        WHERE supplier_id = %s AND as_of > %s ORDER BY as_of
    """
    return sql, [ctx.supplier_id, ctx.as_of - dt.timedelta(days=365)]


def performance_tab(ctx: Context) -> Statement:
    """The Performance tab: twelve months of the supplier's entered values and delivery
    totals."""
    return _performance_between(ctx, ctx.months_back(11), ctx.months_back(-1), ctx.supplier_id)


def risk_tab(ctx: Context) -> Statement:
    """The Risk tab: the supplier's spend per month and its share of each category."""
    sql = """
        SELECT period, category_id, SUM(amount) FROM risk_spendline
        WHERE supplier_id = %s GROUP BY period, category_id ORDER BY period
    """
    return sql, [ctx.supplier_id]


def coverage_tab(ctx: Context) -> Statement:
    """The Coverage tab: the supplier's contacts counted by side, level and function."""
    sql = """
        SELECT side, level, function, COUNT(*) FROM suppliers_contact
        WHERE supplier_id = %s AND NOT archived GROUP BY side, level, function
    """
    return sql, [ctx.supplier_id]


def alerts_inbox(ctx: Context) -> Statement:
    """The alerts inbox: the newest page of open alerts with their suppliers, and the
    total."""
    sql = """
        SELECT a.id, a.kind, a.severity, a.title, a.summary, a.raised_on, s.name,
               COUNT(*) OVER ()
        FROM alerts_alert a JOIN suppliers_supplier s ON s.id = a.supplier_id
        WHERE a.status = 'open' ORDER BY a.raised_on DESC, a.id DESC LIMIT %s
    """
    return sql, [PAGE]


def pipeline(ctx: Context) -> Statement:
    """The pipeline board: suppliers in the playbook's stages with how many checklist items
    each has ticked."""
    sql = """
        SELECT s.id, s.name, s.status, COUNT(t.id)
        FROM suppliers_supplier s LEFT JOIN gate_tick t ON t.supplier_id = s.id
        WHERE NOT s.archived AND s.status IN ('prospect', 'vetting', 'pilot')
        GROUP BY s.id, s.name, s.status ORDER BY s.status, s.name
    """
    return sql, []


def escalation_audit(ctx: Context) -> Statement:
    """The escalation audit: escalations per level and how long issues stayed at each,
    and the newest page of escalations with their issues and suppliers."""
    sql = """
        SELECT e.id, e.from_level, e.to_level, e.moved_at, i.title, i.status, s.name,
               COUNT(*) OVER (PARTITION BY e.to_level)
        FROM conflicts_escalation e
        JOIN conflicts_supplierissue i ON i.id = e.issue_id
        JOIN suppliers_supplier s ON s.id = i.supplier_id
        ORDER BY e.moved_at DESC LIMIT %s
    """
    return sql, [PAGE]


def concentration(ctx: Context) -> Statement:
    """The concentration page: twelve months of spend per category and supplier with each
    supplier's share of its category."""
    sql = (
        SPEND_SHARES
        + """
               RANK() OVER (PARTITION BY category_id ORDER BY amount DESC)
        FROM spend ORDER BY category_id, amount DESC
    """
    )
    return sql, [ctx.months_back(11)]


def portfolio(ctx: Context) -> Statement:
    """The portfolio page and chart: every current supplier's scores and quadrant."""
    return quadrants(ctx)


TAB_LIMITS = {
    "overview": overview,
    "contacts": rows_of("suppliers_contact", "archived, side, name", 500),
    "history": rows_of("suppliers_historicalsupplier", "history_date DESC", PAGE, "id"),
    "timeline": rows_of("relationship_interaction", "occurred_on DESC", TIMELINE),
    "relationship": relationship_tab,
    "performance": performance_tab,
    "segmentation": rows_of("segmentation_segmentationprofile", "id", 1),
    "risk": risk_tab,
    "issues": rows_of("conflicts_supplierissue", "raised_at DESC"),
    "documents": rows_of("documents_document", "created_at DESC"),
    "practices": rows_of("practices_agreement", "expires_on"),
    "cadence": rows_of("cadence_cadenceitem", "planned_start"),
    "plan": rows_of("plans_relationshipplan", "id", 1),
    "reviews": rows_of("reviews_businessreview", "held_on DESC"),
    "economics": rows_of("economics_benefit", "realised_on DESC"),
    "recognition": rows_of("recognition_win", "happened_on DESC"),
    "playbook": rows_of("gate_tick", "ticked_at"),
    "coverage": coverage_tab,
    "voice": rows_of("portal_suppliermessage", "created_at DESC"),
    "questions": rows_of("tickets_ticket", "created_at DESC"),
}
