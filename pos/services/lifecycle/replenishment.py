"""Replenishment (补货提醒): which consumables a member is due to buy again (rules:
pos.loyalty.replenishment). The member card reads one member's history live; the daily job writes
`member_due` for everyone, which the member list's "due in the next N days" filter and campaign
audiences read through its (due_on, member_id) index. A line returned in full is not a purchase."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from pos.config import LifecycleConfig
from pos.db.models import MemberDue, Product, Sale, SaleLine
from pos.loyalty.churn import churn_stage
from pos.loyalty.replenishment import Due, due_of, is_due
from pos.services.context import AppContext
from pos.services.lifecycle.groups import groups_of

BATCH = 5000


@dataclass(frozen=True)
class MemberLifecycle:
    groups: tuple[str, ...]
    stage: str | None           # churn stage: at_risk | win_back | None
    due: tuple[Due, ...]        # due now, most overdue first
    due_soon: tuple[Due, ...]   # due within the next 7 days (not yet due)


def _purchases(member_id: int | None = None):
    """(member_id, product id, product name, default days, purchase time) of consumables bought."""
    query = (select(Sale.member_id, Product.id, Product.name, Product.cycle_days, Sale.created_at)
             .join(SaleLine, SaleLine.sale_id == Sale.id).join(Product, Product.sku == SaleLine.sku)
             .where(Product.consumable.is_(True), SaleLine.returned_qty < SaleLine.qty, Sale.member_id.is_not(None)))
    if member_id is not None:
        return query.where(Sale.member_id == member_id)
    return query.order_by(Sale.member_id, Product.id)


def _dues(rows: Iterable, default_days: int, lead: int, today: date) -> Iterator[tuple[int, int, Due]]:
    """(member, product, Due) for rows ordered by member and product."""
    for (member_id, product_id), group in groupby(rows, key=lambda r: (r[0], r[1])):
        items = list(group)
        due = due_of(items[0][2], [r[4].date() for r in items], items[0][3] or default_days, lead, today)
        if due is not None:
            yield member_id, product_id, due


def member_lifecycle(ctx: AppContext, member_id: int) -> MemberLifecycle:
    """Groups, churn stage and due consumables of one member (the till's member card, `pos member show`)."""
    today, cfg = ctx.clock().date(), ctx.config.lifecycle
    with ctx.read() as session:
        groups = tuple(groups_of(session, member_id))
        last = session.scalar(select(Sale.created_at).where(Sale.member_id == member_id)
                              .order_by(Sale.created_at.desc()).limit(1))
        rows = sorted(session.execute(_purchases(member_id)).all(), key=lambda r: (r[1], r[4]))
    dues = [due for _, _, due in _dues(rows, DEFAULT_CYCLE, cfg.replenishment_lead_days, today)] \
        if cfg.replenishment_enabled else []
    dues.sort(key=lambda d: d.due_on)
    return MemberLifecycle(groups, churn_stage(last.date() if last else None, today, cfg),
                           tuple(d for d in dues if is_due(d, today)),
                           tuple(d for d in dues if not is_due(d, today) and is_due(d, today, within_days=7)))


DEFAULT_CYCLE = 30      # a consumable without its own default days


def due_after_sale(session: Session, config: LifecycleConfig, member_id: int, sale_id: int,
                   today: date) -> list[Due]:
    """The receipt's "due soon" reminders: the member's consumables due within
    `receipt_due_soon_days` of `today` (the sale's day), soonest first, at most `receipt_due_soon_max`.
    Read as of the sale (its own purchases count, later ones do not, so a reprint says the same):
    one query on the member's sales (ix_sales_member_created), only when the setting is on."""
    if not (config.replenishment_enabled and config.receipt_due_soon):
        return []
    rows = sorted(session.execute(_purchases(member_id).where(Sale.id <= sale_id)).all(),
                  key=lambda r: (r[1], r[4]))
    dues = [due for _, _, due in _dues(rows, DEFAULT_CYCLE, config.replenishment_lead_days, today)
            if is_due(due, today, within_days=config.receipt_due_soon_days)]
    dues.sort(key=lambda d: (d.due_on, d.product))
    return dues[:config.receipt_due_soon_max]


def refresh_due(ctx: AppContext) -> int:
    """The daily job: every member's consumables with their due dates into `member_due`. Idempotent."""
    today, cfg = ctx.clock().date(), ctx.config.lifecycle
    written = 0
    with ctx.bulk_write() as session:
        session.execute(text("DELETE FROM member_due"))
        if not cfg.replenishment_enabled:
            return 0
        rows = session.execute(_purchases().execution_options(yield_per=BATCH))
        pending: list[dict] = []
        for member_id, product_id, due in _dues(rows, DEFAULT_CYCLE, cfg.replenishment_lead_days, today):
            pending.append({"member_id": member_id, "product_id": product_id, "last_on": due.last,
                            "cycle_days": due.cycle_days, "due_on": due.due_on})
            if len(pending) >= BATCH:
                written += _flush(session, pending)
        written += _flush(session, pending)
    return written


def _flush(session: Session, pending: list[dict]) -> int:
    if not pending:
        return 0
    n = len(pending)
    session.execute(insert(MemberDue), pending)
    pending.clear()
    return n


def due_counts(ctx: AppContext, within_days: int) -> dict[str, int]:
    """Members due per product within the next `within_days` days (the console's audience preview)."""
    from datetime import timedelta

    from sqlalchemy import func

    horizon = ctx.clock().date() + timedelta(days=within_days)
    with ctx.read() as session:
        rows = session.execute(select(Product.name, func.count()).join(MemberDue, MemberDue.product_id == Product.id)
                               .where(MemberDue.due_on <= horizon).group_by(Product.name))
        return {name: int(n) for name, n in rows}


def consumables(ctx: AppContext) -> dict[str, int | None]:
    with ctx.read() as session:
        return {sku: days for sku, days in session.execute(
            select(Product.sku, Product.cycle_days).where(Product.consumable.is_(True)).order_by(Product.sku))}


def mark_consumable(session: Session, sku: str, cycle_days: int | None, consumable: bool = True) -> None:
    """Demo data and tests: mark a product consumable with its default cycle."""
    from sqlalchemy import update

    session.execute(update(Product).where(Product.sku == sku).values(consumable=consumable, cycle_days=cycle_days))




def set_consumable(ctx: AppContext, actor_id: int, sku: str, cycle_days: int | None, consumable: bool = True) -> None:
    """Marks a product consumable with its default cycle days (or not consumable); managers, audited."""
    from pos.errors import BadInput, NotFound
    from pos.services.staff import audit
    from pos.services.staff.roles import require_manager_id

    if cycle_days is not None and not 1 <= cycle_days <= 3660:
        raise BadInput("cycle_days_invalid", "cycle days must be between 1 and 3660")
    with ctx.write() as session:
        manager = require_manager_id(session, actor_id, "Marking a product consumable")
        product = session.scalars(select(Product).where(Product.sku == sku)).first()
        if product is None:
            raise NotFound("product_unknown", f"No product with SKU '{sku}'.")
        product.consumable, product.cycle_days = consumable, cycle_days if consumable else None
        audit.record(session, ctx.clock(), "product_consumable_set", staff_id=manager.id, target=sku,
                     consumable=consumable, cycle_days=cycle_days)
