"""Reports on the offers at the till (SPEC §10): the redemption rate per rule (issued vs used) and the
bounce-back ladder step reached per month. One store's (`--store`): the offers its sales gave, and
those given without a sale to the members it enrolled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from pos.db.models import Coupon, OfferIssue, Sale
from pos.services.context import AppContext
from pos.services.reports import queries as q

if TYPE_CHECKING:
    from pos.services.reports.summary import Period, Report, Steps


def _rule_label(kind: str, rule: str) -> str:
    """'bounce_back after 3', 'referral_reward', 'stamp_reward coffee', 'reward MUG'."""
    _, _, detail = rule.partition(":")
    detail = detail.split("x", 1)[0] if kind == "bounce_back" else detail
    if kind == "bounce_back":
        return f"bounce_back after {detail}"
    return f"{kind} {detail}".strip() if detail and kind != "welcome" else kind


def _at_store(session: Session):
    """The offer was given at the report's store (always true for the chain's report)."""
    if session.info.get(q.STORE) is None:
        return literal(True)
    # by primary key per offer: an IN list of the store's sales would be built by each monthly statement
    return or_(exists().where(Sale.id == OfferIssue.sale_id, q.at_store(session, Sale.store_id)),
               and_(OfferIssue.sale_id.is_(None), q.member_at_store(session, OfferIssue.member_id)))


def _rule_rows(session: Session, since, until) -> list[tuple[str, str, int, int, int]]:
    used = case((Coupon.status == "used", 1), (OfferIssue.status == "used", 1), else_=0)
    void = case((Coupon.status == "void", 1), (OfferIssue.status == "void", 1), else_=0)
    query = (select(OfferIssue.kind, OfferIssue.rule, func.count(), func.sum(used), func.sum(void))
             .outerjoin(Coupon, Coupon.id == OfferIssue.coupon_id)
             .where(OfferIssue.created_at >= since, OfferIssue.created_at < until, OfferIssue.kind != "bonus",
                    _at_store(session))
             .group_by(OfferIssue.kind, OfferIssue.rule).order_by(OfferIssue.kind, OfferIssue.rule))
    return [(kind, rule, int(n), int(u or 0), int(v or 0)) for kind, rule, n, u, v in session.execute(query)]


def offer_redemption(session: Session, ctx: AppContext, p: Period, steps: Steps) -> Report:
    from pos.services.reports.summary import Report, rate_pct

    steps.plan(1)
    merged: dict[str, list[int]] = {}
    for kind, rule, issued, used, void in steps.run(_rule_rows, session, p.since, p.until):
        row = merged.setdefault(_rule_label(kind, rule), [0, 0, 0])
        row[0], row[1], row[2] = row[0] + issued, row[1] + used, row[2] + void
    rows = tuple((label, issued, used, void, rate_pct(used, issued)) for label, (issued, used, void) in merged.items())
    issued, used = sum(r[1] for r in rows), sum(r[2] for r in rows)
    return Report("offer_redemption", "Offers: redemption rate per rule",
                  ("rule", "issued", "redeemed", "voided", "redemption_rate_pct"), rows, "bar",
                  f"Offers redeemed {rate_pct(used, issued)} % ({used} of {issued} issued in range)")


def ladder_steps(session: Session, ctx: AppContext, p: Period, steps: Steps) -> Report:
    """Bounce-back coupons issued per month, by the ladder step the purchase reached."""
    from pos.services.reports.summary import Report

    afters = sorted({s.after for s in ctx.config.bounce_back_steps})
    months = p.month_ranges()
    steps.plan(len(months))
    rows = []
    for month, since, until in months:
        found = steps.run(_steps_in, session, since, until)
        rows.append((month, *(found.get(after, 0) for after in afters)))
    totals = {after: sum(r[i + 1] for r in rows) for i, after in enumerate(afters)}
    return Report("ladder_steps", "Bounce-back ladder: step reached per month",
                  ("month", *(f"step_after_{a}" for a in afters)), tuple(rows), "bar",
                  "Steps reached: " + ", ".join(f"after {a}: {n}" for a, n in totals.items()))


def _steps_in(session: Session, since, until) -> dict[int, int]:
    query = (select(OfferIssue.rule, func.count()).where(
        OfferIssue.kind == "bounce_back", OfferIssue.created_at >= since, OfferIssue.created_at < until,
        _at_store(session))
        .group_by(OfferIssue.rule))
    found: dict[int, int] = {}
    for rule, n in session.execute(query):
        after = rule.partition(":")[2].split("x", 1)[0]
        if after.isdigit():
            found[int(after)] = found.get(int(after), 0) + int(n)
    return found
