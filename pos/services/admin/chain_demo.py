"""The demo chain: two stores and three tills for the demo store (`pos init --demo`), and, for the
bench at scale, members and sales of a bulk demo spread over several stores."""

from __future__ import annotations

import json

from sqlalchemy import func, select, text

from pos.db.models import Store, Till
from pos.services.context import AppContext
from pos.services.sales import rollups

DEMO_STORES = (("S01", "静安店", "南京西路88号", "021-6200 0001", None),
               ("S02", "浦东店", "世纪大道1号", "021-5800 0002", "浦东店欢迎您 Welcome to Pudong"))
DEMO_TILLS = ("S01-1", "S01-2", "S02-1")
# the demo's Pudong store has its own join-group QR for each tier
PUDONG_GROUP = "https://example.com/pudong/join-{tier}"


def add_demo_stores(ctx: AppContext) -> tuple[str, ...]:
    """S01 (the migrated store, renamed) with tills 1 and 2, and S02 Pudong with till 1; returns the
    tills. No role check: setup of an empty demo database, like the rest of the demo."""
    with ctx.write() as session:
        for code, name, address, phone, header in DEMO_STORES:
            store = session.scalars(select(Store).where(Store.code == code)).first()
            if store is None:
                store = Store(code=code, active=True, created_at=ctx.clock())
                session.add(store)
            store.name, store.address, store.phone, store.receipt_header = name, address, phone, header
            if code == "S02":
                store.group_urls = json.dumps({tier.key: PUDONG_GROUP.format(tier=tier.key) for tier in ctx.config.tiers})
            session.flush()
            _ensure_tills(session, store, [int(t.split("-")[1]) for t in DEMO_TILLS if t.startswith(code + "-")], ctx)
    ctx.forget_here()
    return DEMO_TILLS


def _ensure_tills(session, store: Store, numbers: list[int], ctx: AppContext) -> None:
    have = set(session.scalars(select(Till.number).where(Till.store_id == store.id)))
    for number in numbers:
        if number not in have:
            session.add(Till(store_id=store.id, number=number, name="", last_receipt_seq=0, last_return_seq=0,
                             created_at=ctx.clock()))


def spread_over_stores(ctx: AppContext, stores: int) -> int:
    """A bulk demo's rows (written without a store) spread over `stores` stores S01..Snn, one till each:
    member m belongs to store 1 + m % stores, and so do their sales, payments, coupon uses and ledger
    entries (walk-in sales: S01). Returns the number of stores. For the bench; set-based UPDATEs."""
    with ctx.write() as session:
        till_of = _stores_and_tills(session, stores, ctx)
        store_of = "(1 + member_id % :n)"
        conn = session.connection()
        conn.execute(text("UPDATE members SET store_id = 1 + id % :n"), {"n": stores})
        for table in ("sales", "coupon_redemptions", "points_ledger"):
            conn.execute(text(f"UPDATE {table} SET store_id = coalesce({store_of}, 1)"), {"n": stores})
        conn.execute(text("UPDATE payments SET store_id = (SELECT store_id FROM sales WHERE sales.id = payments.sale_id)"))
        case = " ".join(f"WHEN {store} THEN {till}" for store, till in till_of.items())
        for table in ("sales", "payments", "coupon_redemptions", "points_ledger"):
            conn.execute(text(f"UPDATE {table} SET till_id = CASE store_id {case} END"))
        rollups.rebuild(conn)     # the report rollups of the rows written around checkout (#19)
    ctx.forget_here()
    return stores


def store_tills(ctx: AppContext, stores: int) -> dict[int, int]:
    """Stores S01..Snn with a till each (as `spread_over_stores` makes them), before a bulk demo's rows
    are written: returns store id -> its first till's id, so the rows can carry the same store and till
    that `spread_over_stores` would have set (member m: store 1 + m % stores) without an UPDATE of every
    row afterwards. `rebuild_rollups` then rebuilds the report rollups from those rows."""
    with ctx.write() as session:
        till_of = _stores_and_tills(session, stores, ctx)
    ctx.forget_here()
    return till_of


def rebuild_rollups(ctx: AppContext) -> None:
    with ctx.write() as session:
        rollups.rebuild(session.connection())


def _stores_and_tills(session, stores: int, ctx: AppContext) -> dict[int, int]:
    have = session.scalar(select(func.count()).select_from(Store)) or 0
    for number in range(have + 1, stores + 1):
        session.add(Store(code=f"S{number:02d}", name=f"Store {number}", address="", phone="", active=True,
                          created_at=ctx.clock()))
    session.flush()
    for store in session.scalars(select(Store).order_by(Store.id)):
        _ensure_tills(session, store, [1], ctx)
    session.flush()
    return dict(session.execute(select(Till.store_id, func.min(Till.id)).group_by(Till.store_id)).all())
