"""Tier retention, the daily job: each member above the entry tier is evaluated at most once a day
(idempotent); a member short of their tier's threshold keeps it through the grace period."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import bindparam, func, or_, select

from pos.db.models import Member, TierChange
from pos.loyalty.tiers import evaluate_retention
from pos.services.context import AppContext
from pos.services.members import rollups, upgrade_rollups
from pos.services.members.standing import growth_and_purchases, window_start

BATCH = 500
_IN_GRACE = select(func.count(Member.id)).where(Member.grace_until.is_not(None),
                                                Member.grace_until >= bindparam("today"), Member.erased_at.is_(None))


@dataclass(frozen=True)
class EvaluationResult:
    evaluated: int
    downgraded: int
    in_grace: int


def evaluate_tiers(ctx: AppContext) -> EvaluationResult:
    """Daily retention check; a member is evaluated at most once per day."""
    now = ctx.clock()
    today = now.date()
    config = ctx.config
    entry = config.entry_tier.key
    evaluated = downgraded = 0
    last_id = 0
    while True:
        with ctx.write() as session:
            moves: Counter[rollups.Move] = Counter()
            upgraded: list[upgrade_rollups.Upgrade] = []
            batch = session.scalars(select(Member).where(
                Member.id > last_id, Member.tier_key != entry, Member.erased_at.is_(None),
                or_(Member.tier_evaluated_on.is_(None), Member.tier_evaluated_on < today))
                .order_by(Member.id).limit(BATCH)).all()
            for member in batch:
                last_id = member.id
                growth, purchases = growth_and_purchases(session, member.id,
                                                         window_start(now, config.growth.window_days))
                decision = evaluate_retention(config.tiers, member.tier_key, growth, purchases, member.grace_until,
                                              today, config.growth.grace_days,
                                              config.growth.max_drop_per_evaluation)
                if decision.new_key != member.tier_key:
                    session.add(TierChange(member_id=member.id, from_key=member.tier_key, to_key=decision.new_key,
                                           reason="downgrade" if decision.downgraded else "upgrade", at=now,
                                           store_id=member.store_id))
                    moves[rollups.move(now.date(), member.store_id, member.tier_key, decision.new_key)] += 1
                    if not decision.downgraded:
                        upgraded.append((member.id, member.store_id, decision.new_key, now))
                    member.tier_key, member.tier_since = decision.new_key, now
                member.grace_until = decision.grace_until
                member.tier_evaluated_on = today
                evaluated += 1
                downgraded += decision.downgraded
            session.flush()       # the batch's tier-move rollup rows last, in key order (no deadlock with a till)
            rollups.add_moves(session.connection(), moves)
            # read after the flush (the batch's rows written, its members locked)
            upgrade_rollups.write(session.connection(), upgrade_rollups.rows_for_upgrades(session.connection(), upgraded))
        if len(batch) < BATCH:
            break
    with ctx.read() as session:   # all members in grace, also those evaluated earlier today
        in_grace = session.scalar(_IN_GRACE, {"today": today})
    return EvaluationResult(evaluated, downgraded, int(in_grace or 0))
