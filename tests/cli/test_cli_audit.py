"""Issue #12 through `pos`: --cashier needs that cashier's PIN; `pos audit verify` reports the chain."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from tests.cli import test_cli
from tests.cli.test_cli import add_products, error_code

run = test_cli.run          # the subprocess fixture, shared
LATER = "2026-06-10T12:05:00"


def staff(run) -> None:
    run("staff", "add", "--code", "M01", "--name", "Wang", "--role", "manager", "--pin", "8888")
    run("staff", "add", "--code", "C01", "--name", "Li", "--role", "cashier", "--pin", "1234", "--manager-pin", "8888")


def cashier_of(run, receipt_no: str) -> str | None:
    engine = create_engine(run.env["POS_DATABASE_URL"])
    with engine.connect() as conn:
        code = conn.execute(text("SELECT staff.code FROM sales LEFT JOIN staff ON staff.id = sales.cashier_id "
                                 "WHERE receipt_no = :no"), {"no": receipt_no}).scalar()
    engine.dispose()
    return code


def test_a_sale_is_put_on_a_cashier_only_with_their_pin(run):
    add_products(run)
    staff(run)
    assert error_code(run("sale", "--line", "LAT", "--cashier", "M01", expect=1)) == "cashier_pin_required"
    assert error_code(run("sale", "--line", "LAT", "--cashier", "M01", "--cashier-pin", "1234",
                          expect=1)) == "pin_invalid"          # C01's PIN does not make a sale M01's
    sale = run("sale", "--line", "LAT", "--cashier", "M01", "--cashier-pin", "8888", now=LATER)
    assert cashier_of(run, sale["receipt_no"]) == "M01"
    anonymous = run("sale", "--line", "LAT", now=LATER)           # without --cashier: as before
    assert cashier_of(run, anonymous["receipt_no"]) is None
    assert error_code(run("return", sale["receipt_no"], "--cashier", "C01", expect=1, now=LATER)) == \
        "cashier_pin_required"
    assert run("return", sale["receipt_no"], "--cashier", "C01", "--cashier-pin", "1234", now=LATER)["refund"]


def test_audit_verify_reports_the_first_broken_row(run):
    staff(run)
    assert error_code(run("audit", "verify", expect=1)) == "manager_pin_required"
    assert error_code(run("audit", "verify", "--manager-pin", "1234", expect=1)) == "pin_invalid"
    check = run("audit", "verify", "--manager-pin", "8888", now=LATER)
    assert check["ok"] is True and check["first_break"] is None and check["rows"] >= 4
    engine = create_engine(run.env["POS_DATABASE_URL"])
    with engine.begin() as conn:         # someone with the database file drops the guard and edits a row
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("UPDATE audit_log SET target = 'C99' WHERE id = 2"))
    engine.dispose()
    broken = run("audit", "verify", "--manager-pin", "8888", now=LATER)
    assert (broken["ok"], broken["first_break"]) == (False, 2)
    assert run("audit", "--limit", "1", "--manager-pin", "8888", now=LATER)["entries"][0]["action"] == \
        "manager_pin_ok"             # the plain `pos audit` still lists (its sign-in is newest)
