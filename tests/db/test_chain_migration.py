"""Migration 0010 (a chain of stores) on a database made by the release before it
(tests/db/fixtures/single_store_0009.sqlite3, made by make_single_store_db.py): nothing is lost,
everything lands in store S01 / till 1, the audit chain still verifies, every old receipt reprints
and can be returned, and down to 0009 and up again keeps every row."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from pypdf import PdfReader
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.migrate import alembic_config, current_revision, upgrade
from pos.services.context import AppContext
from pos.services.sales import checkout, receipts, returns
from pos.services.sales.cart import LineInput
from pos.services.staff import audit_chain
from tests.fixtures_db import Clock

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOW = datetime(2026, 11, 30, 20, 0)     # the day the fixture was made
KNOWN = json.loads((FIXTURES / "single_store_0009.json").read_text())
TABLES = ("members", "staff", "sales", "sale_lines", "payments", "returns", "return_lines", "coupons",
          "coupon_redemptions", "points_ledger", "points_lots", "audit_log", "tier_history", "campaigns")
STAMPED = ("sales", "payments", "returns", "coupon_redemptions", "points_ledger", "audit_log")


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def _copy(tmp_path: Path) -> Path:
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "single_store_0009.sqlite3", path)
    return path


def test_the_fixture_is_the_old_schema(tmp_path):
    engine = make_engine(f"sqlite:///{_copy(tmp_path)}")
    assert current_revision(engine) == "0009_audit_redaction"
    engine.dispose()


def test_an_old_database_migrates_into_store_s01_till_1_with_nothing_lost(tmp_path):
    path = _copy(tmp_path)
    before = _counts(path)
    assert before["sales"] == 5 and before["returns"] == 1 and before["coupon_redemptions"] == 1
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    assert _counts(path) == before
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT code, name FROM stores").fetchall() == [("S01", "Store 1")]
        assert db.execute("SELECT store_id, number FROM tills").fetchall() == [(1, 1)]
        for table in STAMPED:
            assert db.execute(f"SELECT DISTINCT store_id, till_id FROM {table}").fetchall() == [(1, 1)], table
        assert db.execute("SELECT DISTINCT store_id FROM members").fetchall() == [(1,)]
        assert db.execute("SELECT DISTINCT store_id FROM staff").fetchall() == [(None,)]   # chain-wide
    ctx = AppContext(engine, load_config(), Clock(NOW))
    manager_id = _staff_id(path, "M01")
    assert audit_chain.verify_chain(ctx, manager_id).ok

    for number in KNOWN["receipts"] + [KNOWN["return"]]:          # old numbers reprint, as typed or scanned
        doc = receipts.sale_receipt(ctx, number.lower())
        assert doc.receipt_no == number
        pdf = receipts.write_receipt(ctx, number, tmp_path / f"{number}.pdf", "pdf", 80)
        assert number in "".join(page.extract_text() for page in PdfReader(pdf).pages)

    first = KNOWN["receipts"][0]
    done = returns.return_sale(ctx, first)                         # an old receipt is returnable
    assert done.receipt_no == first and done.return_no == f"S01-1-{NOW:%y%m%d}-T0001"
    sale = checkout.checkout(ctx, checkout.CheckoutRequest([LineInput(name="Tea", price_fen=1000)]))
    assert sale.receipt_no == f"S01-1-{NOW:%y%m%d}-0001"
    assert audit_chain.verify_chain(ctx, manager_id).ok            # old and new rows chain on
    engine.dispose()


def test_down_to_0009_and_up_again_keeps_every_row(tmp_path):
    path = _copy(tmp_path)
    before = _counts(path)
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    command.downgrade(alembic_config(engine), "0009_audit_redaction")
    assert _counts(path) == before
    with sqlite3.connect(path) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(sales)")}
        assert "store_id" not in columns
    upgrade(engine)
    assert _counts(path) == before
    ctx = AppContext(engine, load_config(), Clock(NOW))
    assert audit_chain.verify_chain(ctx, _staff_id(path, "M01")).ok
    engine.dispose()


def _staff_id(path: Path, code: str) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT id FROM staff WHERE code = ?", (code,)).fetchone()[0]


def test_the_audit_guard_keeps_store_and_till(tmp_path):
    engine = make_engine(f"sqlite:///{_copy(tmp_path)}")
    upgrade(engine)
    for statement in ("UPDATE audit_log SET store_id = NULL", "UPDATE audit_log SET till_id = NULL",
                      "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError), engine.begin() as conn:
            conn.execute(text(statement))
    engine.dispose()


@pytest.mark.parametrize("fresh_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_existing_audit_rows_land_in_s01_on_both_databases(fresh_url):
    """PostgreSQL fills the audit rows' store and till without an UPDATE (its guard refuses them)."""
    engine = make_engine(fresh_url)
    upgrade(engine, "0009_audit_redaction")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_log (at, action, target, details, prev_hash, row_hash) VALUES "
                          "('2026-01-01 00:00:00', 'sign_in', '', '', '', 'x')"))
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT store_id, till_id FROM audit_log")).all() == [(1, 1)]
        assert conn.execute(text("SELECT code FROM stores")).scalars().all() == ["S01"]
    for statement in ("UPDATE audit_log SET store_id = NULL", "UPDATE audit_log SET till_id = NULL"):
        with pytest.raises(DatabaseError), engine.begin() as conn:
            conn.execute(text(statement))
    with engine.begin() as conn:       # the sequences go on after the rows the migration wrote
        conn.execute(text("INSERT INTO stores (code, name, address, phone, active, created_at) VALUES "
                          "('S02', 'Two', '', '', true, '2026-01-01 00:00:00')"))
        assert conn.execute(text("SELECT id FROM stores WHERE code = 'S02'")).scalar() == 2
    engine.dispose()
