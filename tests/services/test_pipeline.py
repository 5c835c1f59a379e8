"""pos.db.pipeline: writes that read no result, sent together on PostgreSQL (#19, round two)."""

from __future__ import annotations

from contextlib import nullcontext

import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from pos.db.models import Product, table_of
from pos.db.pipeline import pipelined
from tests.services.test_checkout_core_path import round_trips

_PRODUCTS = table_of(Product)
_ADD = insert(_PRODUCTS).inline()


def _row(sku: str, price: int) -> dict:
    return {"sku": sku, "barcode": None, "name": sku, "price_fen": price, "discountable": True, "active": True,
            "category": "", "consumable": False}


def _three_writes(ctx, prefix: str, pipeline: bool) -> int:
    """Three writes in one unit of work, in a pipeline or not; returns the waits it took (PostgreSQL)."""
    with round_trips(ctx.engine) as waits:
        with ctx.write() as session:
            conn = session.connection()
            with pipelined(conn) if pipeline else nullcontext():
                conn.execute(_ADD, _row(f"{prefix}1", 100))
                conn.execute(_ADD, [_row(f"{prefix}2", 200), _row(f"{prefix}3", 300)])
                conn.execute(update(_PRODUCTS).where(_PRODUCTS.c.sku == f"{prefix}1")
                             .values(price_fen=_PRODUCTS.c.price_fen + 1))
    return len(waits)


def test_writes_in_a_pipeline_land_in_order_in_one_round_trip(ctx):
    _three_writes(ctx, "W", pipeline=False)          # the first unit of work also reads the till, once
    plain = _three_writes(ctx, "A", pipeline=False)
    piped = _three_writes(ctx, "B", pipeline=True)
    with ctx.read() as session:
        prices = dict(session.execute(select(_PRODUCTS.c.sku, _PRODUCTS.c.price_fen)).all())
    # the UPDATE ran after the INSERT it follows, in both
    assert {sku: price for sku, price in prices.items() if sku[0] != "W"} == {
        "A1": 101, "A2": 200, "A3": 300, "B1": 101, "B2": 200, "B3": 300}
    if ctx.engine.dialect.name == "postgresql":
        assert piped == plain - 2        # three waits (the executemany's rows in one) -> one


def test_a_failing_statement_in_a_pipeline_is_sqlalchemys_error_and_nothing_stays(ctx):
    with ctx.write() as session:
        session.connection().execute(_ADD, _row("P1", 100))
    with pytest.raises(IntegrityError), ctx.write() as session:
        conn = session.connection()
        with pipelined(conn):
            conn.execute(_ADD, _row("P2", 200))
            conn.execute(_ADD, _row("P1", 300))      # the SKU is taken: unique violation
    with ctx.read() as session:
        assert session.scalar(select(func.count()).select_from(_PRODUCTS)) == 1
