"""Automatic churn offers (SPEC §11): the daily job gives each member in a churn stage that carries
an offer (pos.config.LifecycleConfig) one coupon per lapse.

A lapse is named by the member's last purchase (read from `sales`, so checkout needs no change: a new
purchase simply starts another lapse). Exactly-once rests on UNIQUE (member_id, stage, lapse_at) of
`lapse_offers`: each batch first inserts its claims with ON CONFLICT DO NOTHING ... RETURNING, and
only the claims it won get a coupon, in the same transaction. Two tills running the job at once
therefore issue every offer once, on SQLite (one writer at a time) and on PostgreSQL (the second
insert waits for the first's commit, then skips). Only members with marketing consent get offers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pos.config import LifecycleConfig
from pos.db.models import Coupon, LapseOffer, Member, Sale, table_of
from pos.loyalty.churn import AT_RISK, STAGES, WIN_BACK
from pos.services.context import AppContext
from pos.services.coupons.issue import CouponSpec, end_of_day
from pos.services.lifecycle.groups import midnight
from pos.vocabulary import new_coupon_code

BATCH = 2000
COUPON_SEGMENT = {AT_RISK: "At risk (auto)", WIN_BACK: "Win-back (auto)"}   # on the coupon, for reports


@dataclass(frozen=True)
class OffersResult:
    issued: dict[str, int]          # stage -> coupons issued by this run
    already: int                    # members whose offer for this lapse was issued before


def stage_spec(cfg: LifecycleConfig, stage: str) -> CouponSpec | None:
    """The stage's coupon terms, or None when its automatic offer is off."""
    enabled, kind, value, threshold, days = (getattr(cfg, f"{stage}_{name}") for name in
                                             ("offer", "kind", "value", "threshold_fen", "valid_days"))
    if not enabled:
        return None
    if kind == "percent":
        return CouponSpec("percent", percent_bp=int(value * 10000), threshold_fen=threshold, valid_days=days)
    return CouponSpec(kind, amount_fen=int(value * 100), threshold_fen=0 if kind == "cash" else threshold,
                      valid_days=days)


def stage_window(today: date, cfg: LifecycleConfig, stage: str) -> tuple[datetime | None, datetime]:
    """Last purchases in [low, high) are in the stage (low None: no lower bound)."""
    at_risk, win_back = (midnight(today - timedelta(days=d - 1)) for d in (cfg.at_risk_days, cfg.win_back_days))
    return (win_back, at_risk) if stage == AT_RISK else (None, win_back)


def _unclaimed_lapses(stage: str, low: datetime | None, high: datetime):
    """(member_id, last_at) of consenting members whose last purchase puts them in the stage and whose
    lapse has no claim for it yet: one GROUP BY pass over the covering sales index, in member order;
    the claimed ones drop out through the unique (member_id, stage, lapse_at) index, so a re-run
    reads and writes almost nothing."""
    last = func.max(Sale.created_at)
    having = [last < high] + ([last >= low] if low is not None else [])
    lapses = (select(Sale.member_id.label("member_id"), last.label("last_at")).where(Sale.member_id.is_not(None))
              .group_by(Sale.member_id).having(*having).subquery())
    claimed = select(LapseOffer.id).where(LapseOffer.member_id == lapses.c.member_id, LapseOffer.stage == stage,
                                          LapseOffer.lapse_at == lapses.c.last_at).exists()
    return (select(lapses.c.member_id, lapses.c.last_at).join(Member, Member.id == lapses.c.member_id)
            .where(Member.erased_at.is_(None), Member.consent_marketing.is_(True), ~claimed)
            .order_by(lapses.c.member_id))


def issue_lapse_offers(ctx: AppContext) -> OffersResult:
    now, cfg = ctx.clock(), ctx.config.lifecycle
    issued = dict.fromkeys(STAGES, 0)
    already = 0
    for stage in STAGES:
        spec = stage_spec(cfg, stage)
        if spec is None:
            continue
        low, high = stage_window(now.date(), cfg, stage)
        with ctx.read() as session:      # streamed; each batch is written in a short transaction of its own
            rows = session.execute(_unclaimed_lapses(stage, low, high).execution_options(yield_per=BATCH))
            for batch in rows.partitions():
                new, had = _issue_batch(ctx, stage, spec, [(r.member_id, r.last_at) for r in batch], now)
                issued[stage] += new
                already += had
    return OffersResult(issued, already)


def _issue_batch(ctx: AppContext, stage: str, spec: CouponSpec, lapses: list[tuple[int, datetime]],
                 now: datetime) -> tuple[int, int]:
    with ctx.write() as session:
        ids = [mid for mid, _ in lapses]
        eligible = set(session.scalars(select(Member.id).where(Member.id.in_(ids), Member.erased_at.is_(None),
                                                               Member.consent_marketing.is_(True))))
        rows = [{"member_id": mid, "stage": stage, "lapse_at": at, "issued_at": now}
                for mid, at in lapses if mid in eligible]
        if not rows:
            return 0, 0
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        won = session.execute(insert(LapseOffer).on_conflict_do_nothing(
            index_elements=["member_id", "stage", "lapse_at"]).returning(LapseOffer.id, LapseOffer.member_id),
            rows).all()
        if won:
            _add_coupons(session, ctx, stage, spec, [(r.id, r.member_id) for r in won], now)
        return len(won), len(rows) - len(won)


def _add_coupons(session: Session, ctx: AppContext, stage: str, spec: CouponSpec, claims: list[tuple[int, int]],
                 now: datetime) -> None:
    """The coupons of the claims just won, then each claim pointed at its coupon in ONE statement (the
    member's coupon of this stage issued now: a lapse is claimed once, so there is exactly one)."""
    codes = _fresh_codes(session, ctx, len(claims))
    valid_to = end_of_day(now + timedelta(days=spec.valid_days))
    session.execute(insert(table_of(Coupon)), [
        {"code": code, "kind": spec.kind, "amount_fen": spec.amount_fen, "percent_bp": spec.percent_bp,
         "threshold_fen": spec.threshold_fen, "cap_fen": spec.cap_fen, "valid_from": now, "valid_to": valid_to,
         "member_id": mid, "segment": COUPON_SEGMENT[stage], "status": "issued", "issued_at": now}
        for (_, mid), code in zip(claims, codes, strict=True)])
    claims_table = table_of(LapseOffer)
    coupon = (select(Coupon.id).where(Coupon.member_id == claims_table.c.member_id,
                                      Coupon.segment == COUPON_SEGMENT[stage], Coupon.issued_at == now)
              .order_by(Coupon.id.desc()).limit(1).scalar_subquery())
    session.execute(update(claims_table).where(claims_table.c.id.in_([claim for claim, _ in claims]))
                    .values(coupon_id=coupon))


def _fresh_codes(session: Session, ctx: AppContext, n: int) -> list[str]:
    prefix, length = ctx.config.coupons.code_prefix, ctx.config.coupons.code_length
    codes: set[str] = set()
    while len(codes) < n:
        wanted = {new_coupon_code(prefix, length) for _ in range(n - len(codes))}
        codes |= wanted - set(session.scalars(select(Coupon.code).where(Coupon.code.in_(wanted))))
    return sorted(codes)[:n]
