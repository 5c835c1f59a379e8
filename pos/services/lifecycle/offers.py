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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import TextClause, func, insert, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pos.config import LifecycleConfig
from pos.db.models import Coupon, LapseOffer, Member, Sale, table_of
from pos.loyalty.behaviour import midnight
from pos.loyalty.churn import AT_RISK, STAGES, WIN_BACK
from pos.services.context import AppContext
from pos.services.coupons.issue import CouponSpec, end_of_day
from pos.vocabulary import new_coupon_codes

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


Progress = Callable[[int, int], None]     # (lapses done, lapses in all) as the job goes


def issue_lapse_offers(ctx: AppContext, progress: Progress | None = None) -> OffersResult:
    """Reads every stage's unclaimed lapses first (so `progress` knows the total, and the read is over
    before the writes start), then claims and issues them in short transactions of BATCH."""
    now, cfg = ctx.clock(), ctx.config.lifecycle
    issued = dict.fromkeys(STAGES, 0)
    already = 0
    work: list[tuple[str, CouponSpec, list[tuple[int, datetime]]]] = []
    with ctx.read() as session:
        for stage in STAGES:
            spec = stage_spec(cfg, stage)
            if spec is not None:
                low, high = stage_window(now.date(), cfg, stage)
                work.append((stage, spec, [(r[0], r[1]) for r in session.execute(_unclaimed_lapses(stage, low, high))]))
    total, done = sum(len(lapses) for _, _, lapses in work), 0
    if progress is not None:
        progress(0, total)
    for stage, spec, lapses in work:
        for first in range(0, len(lapses), BATCH):
            batch = lapses[first:first + BATCH]
            new, had = _issue_batch(ctx, stage, spec, batch, now)
            issued[stage] += new
            already += had
            done += len(batch)
            if progress is not None:
                progress(done, total)
    return OffersResult(issued, already)


def _issue_batch(ctx: AppContext, stage: str, spec: CouponSpec, lapses: list[tuple[int, datetime]],
                 now: datetime) -> tuple[int, int]:
    with ctx.write() as session:
        if session.get_bind().dialect.name == "postgresql":
            return _issue_batch_pg(session, ctx, stage, spec, lapses, now)
        ids = [mid for mid, _ in lapses]
        eligible = set(session.scalars(select(Member.id).where(Member.id.in_(ids), Member.erased_at.is_(None),
                                                               Member.consent_marketing.is_(True))))
        rows = [{"member_id": mid, "stage": stage, "lapse_at": at, "issued_at": now}
                for mid, at in lapses if mid in eligible]
        if not rows:
            return 0, 0
        won = session.execute(sqlite_insert(LapseOffer).on_conflict_do_nothing(
            index_elements=["member_id", "stage", "lapse_at"]).returning(LapseOffer.id, LapseOffer.member_id),
            rows).all()
        if won:
            _add_coupons(session, ctx, stage, spec, [(r.id, r.member_id) for r in won], now)
        return len(won), len(rows) - len(won)


# PostgreSQL: each batch in two round trips whatever its size, the rows passed as arrays (one parameter
# each, not one per row: psycopg's parsing of 4,000 named parameters and the server's 2,000 single-row
# INSERTs of an executemany were most of the job's time, #19). The claims take their coupon's id from
# the coupons' sequence as they are inserted, and the coupons of the claims won are inserted with those
# ids in the same statement (the foreign key is checked at its end): each claim is written once, with
# its coupon, and no UPDATE follows. The codes are drawn and checked first, one per lapse of the batch.
# `m.id = ANY(...)` lets the members be read by primary key (without it the planner hashed the whole
# members table for every batch: a full scan per 2,000 offers).
_PG_TAKEN_CODES = text("SELECT code FROM coupons WHERE code = ANY(CAST(:codes AS varchar[]))")
_PG_ISSUE = text("""
WITH eligible AS (
    SELECT l.member_id, l.lapse_at FROM unnest(CAST(:members AS integer[]), CAST(:lapses AS timestamp[]))
        AS l(member_id, lapse_at)
    JOIN members m ON m.id = l.member_id
    WHERE m.id = ANY(CAST(:members AS integer[])) AND m.erased_at IS NULL AND m.consent_marketing),
won AS (
    INSERT INTO lapse_offers (member_id, stage, lapse_at, issued_at, coupon_id)
    SELECT member_id, CAST(:stage AS varchar), lapse_at, CAST(:now AS timestamp),
           nextval(pg_get_serial_sequence('coupons', 'id'))
    FROM eligible ORDER BY member_id
    ON CONFLICT (member_id, stage, lapse_at) DO NOTHING RETURNING member_id, coupon_id),
numbered AS (SELECT member_id, coupon_id, row_number() OVER (ORDER BY coupon_id) AS n FROM won),
coupon AS (
    INSERT INTO coupons (id, code, kind, amount_fen, percent_bp, threshold_fen, cap_fen, category, valid_from,
                         valid_to, member_id, segment, status, issued_at)
    SELECT numbered.coupon_id, c.code, CAST(:kind AS varchar), CAST(:amount_fen AS bigint),
           CAST(:percent_bp AS integer), CAST(:threshold_fen AS bigint), CAST(:cap_fen AS bigint), '',
           CAST(:now AS timestamp), CAST(:valid_to AS timestamp), numbered.member_id, CAST(:segment AS varchar),
           'issued', CAST(:now AS timestamp)
    FROM numbered JOIN unnest(CAST(:codes AS varchar[])) WITH ORDINALITY AS c(code, n) ON c.n = numbered.n
    RETURNING id)
SELECT (SELECT count(*) FROM eligible), (SELECT count(*) FROM coupon)""")


def _issue_batch_pg(session: Session, ctx: AppContext, stage: str, spec: CouponSpec,
                    lapses: list[tuple[int, datetime]], now: datetime) -> tuple[int, int]:
    codes = _fresh_codes(session, ctx, len(lapses), _PG_TAKEN_CODES)
    eligible, won = session.connection().execute(_PG_ISSUE, {
        "members": [mid for mid, _ in lapses], "lapses": [at for _, at in lapses], "stage": stage, "now": now,
        "kind": spec.kind, "amount_fen": spec.amount_fen, "percent_bp": spec.percent_bp,
        "threshold_fen": spec.threshold_fen, "cap_fen": spec.cap_fen,
        "valid_to": end_of_day(now + timedelta(days=spec.valid_days)), "segment": COUPON_SEGMENT[stage],
        "codes": codes}).one()
    return int(won), int(eligible) - int(won)


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


def _fresh_codes(session: Session, ctx: AppContext, n: int, taken: TextClause | None = None) -> list[str]:
    prefix, length = ctx.config.coupons.code_prefix, ctx.config.coupons.code_length
    codes: set[str] = set()
    while len(codes) < n:
        wanted = set(new_coupon_codes(prefix, length, n - len(codes)))
        used = (session.scalars(taken, {"codes": sorted(wanted)}) if taken is not None
                else session.scalars(select(Coupon.code).where(Coupon.code.in_(wanted))))
        codes |= wanted - set(used)
    return sorted(codes)[:n]
