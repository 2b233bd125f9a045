"""Export the segmented portfolio (scores, quadrants, engagement models, expectations) to CSV
or XLSX, with the same filters as the portfolio page, and a review round's decisions as a
report."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from partnerbook.core.spreadsheets import CONTENT_TYPES, Cell, ExportFile, write_csv, write_xlsx
from partnerbook.segmentation.services import Portfolio
from partnerbook.suppliers.imports import FORMATS

from . import domain as review_domain
from .services import RoundView

COLUMNS = (
    "external_id", "name", "category", "owner", "status",
    "annual_spend", "currency", "spend_in_reporting_currency", "reporting_currency",
    "value", "risk", "confidence", "quadrant", "computed_quadrant", "override_reason",
    "recommended_model", "chosen_model", "model_mismatch",
    "our_expectation", "supplier_expectation", "expectation_gap_flagged", "maturity_stage",
)  # fmt: skip
# Written as numbers in XLSX so that a spreadsheet can sum and sort them.
NUMBER_COLUMNS = frozenset(
    {"annual_spend", "spend_in_reporting_currency", "value", "risk", "confidence"}
)


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def portfolio_rows(portfolio: Portfolio) -> Iterator[list[Cell]]:
    """One row per supplier, in COLUMNS order (no header). Unplaced suppliers have no scores."""
    for entry in portfolio.entries:
        s, seg = entry.supplier, entry.segmentation
        profile, placement = seg.profile, seg.placement
        yield [
            s.external_id,
            s.name,
            s.category.name if s.category else "",
            s.relationship_owner.username if s.relationship_owner else "",
            s.status,
            s.annual_spend,
            s.currency,
            None if entry.spend is None else round(entry.spend, 2),
            portfolio.reporting_currency,
            placement.value.score,
            placement.risk.score,
            placement.confidence,
            seg.quadrant.value if seg.quadrant else "",
            placement.quadrant.value if placement.quadrant else "",
            profile.override_reason if seg.overridden else "",
            seg.fit.recommended.value,
            profile.chosen_model,
            _yes_no(seg.model_mismatch),
            profile.our_expectation,
            profile.supplier_expectation,
            _yes_no(bool(seg.gap and seg.gap.flagged)),
            profile.maturity_stage,
        ]


def export_filename(fmt: str) -> str:
    """E.g. 'portfolio-2025-03-01.xlsx', dated in the site's time zone."""
    return f"portfolio-{timezone.localdate():%Y-%m-%d}.{fmt}"


def export_portfolio(portfolio: Portfolio, fmt: str) -> ExportFile:
    """Write `portfolio` as a CSV or XLSX file (no queries: the portfolio is loaded)."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")
    rows = portfolio_rows(portfolio)
    if fmt == "csv":
        content = write_csv(COLUMNS, rows)
    else:
        content = write_xlsx("Portfolio", COLUMNS, rows, number_columns=NUMBER_COLUMNS)
    return ExportFile(content=content, content_type=CONTENT_TYPES[fmt], rows=len(portfolio.entries))


# --- a review round as a report -------------------------------------------------------------

ROUND_COLUMNS = (
    "round", "round_status", "external_id", "supplier", "category", "owner", "quadrant",
    "engagement_model", "suggestion", "suggestion_points", "suggestion_explanation",
    "decision", "followed_suggestion", "reason", "decided_by", "decided_at",
    "strategic_partner",
)  # fmt: skip
ROUND_NUMBER_COLUMNS = frozenset({"suggestion_points"})


def round_rows(view: RoundView) -> Iterator[list[Cell]]:
    """One row per supplier of the round, in ROUND_COLUMNS order (no header)."""
    labels = review_domain.DECISIONS
    for d in view.decisions:
        s = d.supplier
        yield [
            view.round.title,
            view.round.status,
            s.external_id,
            s.name,
            s.category.name if s.category else "",
            s.relationship_owner.display_name if s.relationship_owner else "",
            d.quadrant,
            d.engagement_model,
            labels[d.suggestion],
            d.suggestion_points,
            d.suggestion_explanation,
            labels.get(d.decision, ""),
            "" if not d.decision else _yes_no(not d.overridden),
            d.reason,
            d.decided_by.display_name if d.decided_by else "",
            timezone.localtime(d.decided_at).strftime("%Y-%m-%d %H:%M") if d.decided_at else "",
            view.guard.counted.get(d.supplier_id, ""),
        ]


def export_round(view: RoundView, fmt: str) -> ExportFile:
    """Write a review round's decisions as CSV or XLSX (no queries: the view is loaded)."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")
    rows = round_rows(view)
    if fmt == "csv":
        content = write_csv(ROUND_COLUMNS, rows)
    else:
        content = write_xlsx("Review", ROUND_COLUMNS, rows, number_columns=ROUND_NUMBER_COLUMNS)
    return ExportFile(content=content, content_type=CONTENT_TYPES[fmt], rows=len(view.decisions))


def round_filename(view: RoundView, fmt: str) -> str:
    """E.g. 'portfolio-review-3-2026-11-26.xlsx'."""
    return f"portfolio-review-{view.round.pk}-{timezone.localdate():%Y-%m-%d}.{fmt}"
