"""pos.db.direct: a Core statement sent straight to psycopg gives what SQLAlchemy's execute gives
(rows, RETURNING, row counts, executemany, the till's column defaults, errors), and SQLAlchemy's path is
taken where the direct one would not be exact (SQLite, listeners, processed types, IN lists)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import JSON, bindparam, column, event, insert, select, text, update
from sqlalchemy.exc import IntegrityError, NoResultFound

from pos.db import direct
from pos.db.models import HERE_STORE, HERE_TILL, Product, Sale, table_of
from tests.fixtures_db import ctx, db_url  # noqa: F401

_PRODUCTS, _SALES = table_of(Product), table_of(Sale)
_ADD_PRODUCT = insert(_PRODUCTS)
_PRICE_OF = select(_PRODUCTS.c.sku, _PRODUCTS.c.price_fen).where(_PRODUCTS.c.sku == bindparam("sku"))
_RAISE = (update(_PRODUCTS).where(_PRODUCTS.c.sku.like(bindparam("prefix")))
          .values(price_fen=_PRODUCTS.c.price_fen + bindparam("by")))
_ADD_SALE = insert(_SALES).returning(_SALES.c.id)
_IN_LIST = select(_PRODUCTS.c.sku).where(_PRODUCTS.c.sku.in_(bindparam("skus", expanding=True))).order_by("sku")


def _product(sku: str, price: int) -> dict:
    return {"sku": sku, "barcode": None, "name": sku, "price_fen": price, "discountable": True, "active": True,
            "category": "", "consumable": False}


def _sale(uuid: str) -> dict:
    return {"sale_uuid": uuid, "receipt_no": "R-" + uuid, "created_at": datetime(2026, 6, 10, 12), "subtotal_fen": 100,
            "tier_discount_fen": 0, "coupon_discount_fen": 0, "points_redeemed": 0, "points_value_fen": 0,
            "total_fen": 100, "points_earned": 0, "growth_earned": 0}


def _direct_runs(monkeypatch) -> list[object]:  # noqa: ANN001
    """The statements that took the direct path: one result object each."""
    made: list[object] = []
    original = direct._Result.__init__

    def counted(self, cursor) -> None:  # noqa: ANN001
        made.append(cursor)
        original(self, cursor)
    monkeypatch.setattr(direct._Result, "__init__", counted)
    return made


def test_rows_counts_and_many_rows_as_sqlalchemy_gives_them(ctx):  # noqa: F811
    with ctx.write() as session:
        conn = session.connection()
        direct.execute(conn, _ADD_PRODUCT, _product("D1", 100))
        direct.execute(conn, _ADD_PRODUCT, [_product("D2", 200), _product("D3", 300)])
        assert direct.execute(conn, _PRICE_OF, {"sku": "D2"}).first() == ("D2", 200)
        assert direct.execute(conn, _PRICE_OF, {"sku": "D3"}).one() == ("D3", 300)
        assert direct.execute(conn, _PRICE_OF, {"sku": "D1"}).scalar_one() == "D1"
        assert direct.execute(conn, _PRICE_OF, {"sku": "nope"}).scalar() is None
        with pytest.raises(NoResultFound):
            direct.execute(conn, _PRICE_OF, {"sku": "nope"}).one()
        assert direct.execute(conn, _RAISE, {"prefix": "D%", "by": 5}).rowcount == 3
        got = sorted(tuple(row) for row in direct.execute(conn, text("SELECT sku, price_fen FROM products "
                                                                     "WHERE sku LIKE 'D%'")))
        assert got == [("D1", 105), ("D2", 205), ("D3", 305)]
        assert [tuple(r) for r in direct.execute(conn, _IN_LIST, {"skus": ["D3", "D1"]})] == [("D1",), ("D3",)]
        assert direct.execute(conn, text("SELECT :n * 2"), {"n": 21}).scalar() == 42


def test_an_insert_gets_the_tills_store_and_till_as_sqlalchemy_would(ctx):  # noqa: F811
    ctx.here  # noqa: B018   the till read once
    with ctx.write() as session:
        conn = session.connection()
        assert conn.info[HERE_STORE] is not None and conn.info[HERE_TILL] is not None
        here = (conn.info[HERE_STORE], conn.info[HERE_TILL])
        sale_id = direct.execute(conn, _ADD_SALE, _sale("a1")).scalar_one()
        stored = conn.execute(select(_SALES.c.store_id, _SALES.c.till_id).where(_SALES.c.id == sale_id)).one()
    assert tuple(stored) == here


def test_a_unique_violation_is_sqlalchemys_integrity_error_and_rolls_back_the_unit(ctx):  # noqa: F811
    with ctx.write() as session:
        direct.execute(session.connection(), _ADD_PRODUCT, _product("U1", 100))
    with pytest.raises(IntegrityError), ctx.write() as session:
        direct.execute(session.connection(), _ADD_PRODUCT, _product("U2", 100))
        direct.execute(session.connection(), _ADD_PRODUCT, _product("U1", 100))
    with ctx.read() as session:
        assert session.scalar(select(_PRODUCTS.c.sku).where(_PRODUCTS.c.sku == "U2")) is None


def test_the_direct_path_is_taken_on_postgresql_only_and_not_under_listeners(ctx, monkeypatch):  # noqa: F811
    made = _direct_runs(monkeypatch)
    with ctx.write() as session:
        conn = session.connection()
        del made[:]                                  # the unit of work's own settings check
        assert direct.execute(conn, _PRICE_OF, {"sku": "x"}).first() is None
        expected = 1 if conn.dialect.name == "postgresql" else 0
        assert len(made) == expected
        seen: list[str] = []

        def listener(*args) -> None:  # noqa: ANN002
            seen.append(args[2])
        event.listen(ctx.engine, "before_cursor_execute", listener)
        try:
            assert direct.execute(conn, _PRICE_OF, {"sku": "y"}).first() is None
        finally:
            event.remove(ctx.engine, "before_cursor_execute", listener)
        assert len(seen) == 1 and len(made) == expected       # SQLAlchemy's path: the listener saw it


def test_a_type_sqlalchemy_processes_takes_sqlalchemys_path(ctx):  # noqa: F811
    statement = select(bindparam("doc", type_=JSON()).label("doc"))
    with ctx.write() as session:
        conn = session.connection()
        assert direct._plan(conn, statement, ("doc",)) is None if conn.dialect.name == "postgresql" else True
        got = direct.execute(conn, statement, {"doc": {"a": [1, 2]}}).scalar()
    assert got in ({"a": [1, 2]}, '{"a": [1, 2]}')


def test_a_lost_connection_is_invalidated(ctx):  # noqa: F811
    if ctx.engine.dialect.name != "postgresql":
        pytest.skip("a server connection to lose")
    from pos.errors import EnvironmentFault

    with pytest.raises(EnvironmentFault) as raised, ctx.write() as session:
        conn = session.connection()
        pid = direct.execute(conn, text("SELECT pg_backend_pid()")).scalar()
        with ctx.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            other.commit()
        direct.execute(conn, _PRICE_OF, {"sku": "x"})
    assert raised.value.code == "database_unavailable"           # as SQLAlchemy's path reports it
    assert raised.value.__cause__.connection_invalidated
    with ctx.read() as session:          # the pool hands out a live connection again
        assert session.scalar(select(column("n")).select_from(text("(SELECT 1 AS n) t"))) == 1
