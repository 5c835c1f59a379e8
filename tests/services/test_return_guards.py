"""Returns found wanting by adversarial testing (issue #14, item 7), each read back from the database:
a quantity of 0 is refused (it once returned the whole line), the return window is enforced (it was
only printed on the receipt) unless a manager approves, and points that could not be taken back are
counted in the answer (they were only mentioned in the ledger's reason)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from pos.db.models import AuditEntry, Return
from pos.errors import PosError
from pos.services.context import AppContext
from pos.services.members import lookup as members
from pos.services.points import ledger
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput

PHONE = "13800138000"
RETURN_ID = "0b6a4f64-3c1e-4f0e-9d55-7d3c2b1e7a11"


def sell(ctx, *lines, redeem=0, phone=PHONE, pin=None):
    return co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku=sku, qty=qty) for sku, qty in lines],
                                               member_phone=phone, redeem_points=redeem, manager_pin=pin))


def refused(code, fn, *args, **kwargs) -> PosError:
    with pytest.raises(PosError) as err:
        fn(*args, **kwargs)
    assert err.value.code == code, (err.value.code, err.value.message)
    return err.value


def _returns(ctx) -> int:
    with ctx.read() as session:
        return int(session.scalar(select(func.count(Return.id))) or 0)


def _audit(ctx, action):
    with ctx.read() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).all()
    return [(row.staff_id, row.target, json.loads(row.details)) for row in rows]


# ------------------------------------------------------------------ a quantity of 0

def test_a_quantity_of_0_is_refused_not_taken_for_the_whole_line(ctx, products):
    """`--line 1:0` returned all three lattes (¥84); now it is refused and nothing is returned."""
    sale = sell(ctx, ("LAT", 3), phone=None)
    error = refused("quantity_invalid", returns.parse_return_line, "1:0")
    assert error.message == "return line '1:0': a quantity must be at least 1 (leave out ':QTY' to return the " \
                            "whole line)"
    assert returns.parse_return_line("1") == (1, None)           # the whole line: said so, not spelt 0
    assert returns.parse_return_line(" 1:2 ") == (1, 2)
    error = refused("quantity_invalid", returns.return_sale, ctx, sale.receipt_no, [(1, 0)])
    assert error.message == f"receipt {sale.receipt_no}: return at least 1 of line 1"
    refused("quantity_invalid", returns.return_sale, ctx, sale.receipt_no, [(1, -1)])
    assert _returns(ctx) == 0
    assert returns.sale_lines(ctx, sale.receipt_no)[0].returned_qty == 0
    assert returns.return_sale(ctx, sale.receipt_no, [(1, None)]).refund_fen == 3 * 2800


# ------------------------------------------------------------------ the return window

def test_a_return_after_the_window_needs_a_manager_and_is_audited(ctx, products, cashier, manager, clock):
    """The window is 7 days (`returns.window_days`, printed on the receipt): a sale of 10 June may be
    returned until the end of 17 June; on 18 June the cashier is refused and a manager approves."""
    members.enrol(ctx, PHONE)
    sale = sell(ctx, ("LAT", 2))
    clock.moment = datetime(2026, 6, 17, 23, 59)                  # the last minute of the 7th day
    assert returns.return_sale(ctx, sale.receipt_no, [(1, 1)], cashier_id=cashier.id).refund_fen == 2800
    assert _audit(ctx, "late_return") == []
    clock.moment = datetime(2026, 6, 18, 0, 0)                    # the 8th day
    error = refused("return_window_passed", returns.return_sale, ctx, sale.receipt_no, cashier_id=cashier.id)
    assert error.message == (f"Receipt {sale.receipt_no} is from 2026-06-10, 8 days ago; returns are taken "
                             "within 7 days. A manager's PIN approves a late return.")
    assert error.details == {"sold_on": "2026-06-10", "days": 8, "window_days": 7}
    assert error.exit_code == 1
    refused("pin_invalid", returns.return_sale, ctx, sale.receipt_no, manager_pin="0000")
    clock.moment += timedelta(minutes=1)                          # past the back-off after a wrong PIN
    refused("pin_invalid", returns.return_sale, ctx, sale.receipt_no, manager_pin="1234")   # the cashier's
    clock.moment += timedelta(minutes=1)
    assert _returns(ctx) == 1
    late = returns.return_sale(ctx, sale.receipt_no, cashier_id=cashier.id, manager_pin="8888")
    assert (late.refund_fen, late.lines) == (2800, ((1, 1, 2800),))
    with ctx.read() as session:
        row = session.scalars(select(Return).where(Return.return_no == late.return_no)).one()
    assert (row.cashier_id, row.approved_by) == (cashier.id, manager.id)
    assert _audit(ctx, "late_return") == [(manager.id, sale.receipt_no, {
        "return_no": late.return_no, "sold_on": "2026-06-10", "days": 8, "window_days": 7,
        "cashier_id": cashier.id})]


def test_the_window_follows_the_settings_and_has_an_off_switch(ctx, products, manager, clock):
    sale = sell(ctx, ("LAT", 3), phone=None)
    clock.moment += timedelta(days=1)
    same_day = replace(ctx.config, returns=replace(ctx.config.returns, window_days=0))
    till = AppContext(ctx.engine, same_day, clock)
    error = refused("return_window_passed", returns.return_sale, till, sale.receipt_no, [(1, 1)])
    assert error.details == {"sold_on": "2026-06-10", "days": 1, "window_days": 0}
    clock.moment += timedelta(days=400)
    off = replace(ctx.config, returns=replace(ctx.config.returns, window_enforced=False))
    assert returns.return_sale(AppContext(ctx.engine, off, clock), sale.receipt_no, [(1, 1)]).refund_fen == 2800
    assert _audit(ctx, "late_return") == []


def test_one_manager_pin_approves_a_late_return_over_the_refund_limit(ctx, products, cashier, manager, clock):
    sale = sell(ctx, ("BIG", 1), phone=None)                      # ¥1,000: over the ¥500 limit too
    clock.moment += timedelta(days=30)
    refused("return_window_passed", returns.return_sale, ctx, sale.receipt_no)
    result = returns.return_sale(ctx, sale.receipt_no, cashier_id=cashier.id, manager_pin="8888")
    assert result.refund_fen == 100000
    assert [(staff, target) for staff, target, _ in _audit(ctx, "late_return")] == [(manager.id, sale.receipt_no)]
    assert [(staff, target) for staff, target, _ in _audit(ctx, "return")] == [(manager.id, sale.receipt_no)]


def test_a_retried_late_return_is_answered_again_without_a_second_pin(ctx, products, manager, clock):
    sale = sell(ctx, ("LAT", 1), phone=None)
    clock.moment += timedelta(days=9)
    first = returns.return_sale(ctx, sale.receipt_no, manager_pin="8888", return_id=RETURN_ID)
    assert returns.return_sale(ctx, sale.receipt_no, return_id=RETURN_ID) == first
    assert len(_audit(ctx, "late_return")) == 1


# ------------------------------------------------------------------ points that were already spent

def test_points_already_spent_are_counted_in_the_answer(ctx, products, manager):
    """¥1,000 earned 1,000 points; 1,000 were spent on a latte (¥28 − ¥10 = ¥18: 18 points earned).
    Returning the big item can take back 18 points only: 982 are not reversed, and the answer says so,
    also when the same return is asked again."""
    members.enrol(ctx, PHONE)
    big = sell(ctx, ("BIG", 1))
    sell(ctx, ("LAT", 1), redeem=1000, pin="8888")
    result = returns.return_sale(ctx, big.receipt_no, manager_pin="8888", return_id=RETURN_ID)
    assert (result.points_reversed, result.points_not_reversed, result.points_balance) == (18, 982, 0)
    again = returns.return_sale(ctx, big.receipt_no, return_id=RETURN_ID)
    assert again == result


def test_a_partial_return_counts_only_its_own_shortfall(ctx, products, manager):
    """Three lattes earn 84 points. The first latte back takes its 28; then 50 of the 56 left are
    spent; the other two lattes should take 56 back and find 6: 50 are not reversed, and the three
    figures add up to what the sale earned."""
    members.enrol(ctx, PHONE)
    lattes = sell(ctx, ("LAT", 3))                                # ¥84: 84 points
    assert lattes.points_balance == 84
    sell(ctx, ("BIG", 1), phone=None)                             # another customer: nothing changes
    first = returns.return_sale(ctx, lattes.receipt_no, [(1, 1)])
    assert (first.points_reversed, first.points_not_reversed, first.points_balance) == (28, 0, 56)
    with ctx.write() as session:                                  # 50 of the 56 left are spent elsewhere
        ledger.adjust(session, ctx.config.points, lattes.member_id, -50, ctx.clock(), staff_id=manager.id,
                      reason="spent")
    second = returns.return_sale(ctx, lattes.receipt_no, [(1, 2)])
    assert (second.points_reversed, second.points_not_reversed, second.points_balance) == (6, 50, 0)
    assert first.points_reversed + second.points_reversed + second.points_not_reversed == lattes.points_earned


def test_a_local_config_file_cannot_loosen_the_window(db_url, clock, tmp_path):
    """Like the refund limit: whoever starts `pos` picks the file; only settings a manager saves may
    widen or switch off the window. A file may narrow it."""
    from pos.config import DEFAULT_CONFIG_PATH
    from pos.services.admin.bootstrap import open_store

    shipped = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")
    loose, strict = tmp_path / "loose.toml", tmp_path / "strict.toml"
    loose.write_text(shipped.replace("window_days = 7 ", "window_days = 3650 ")
                     .replace("window_enforced = true", "window_enforced = false"), encoding="utf-8")
    strict.write_text(shipped.replace("window_days = 7 ", "window_days = 3 "), encoding="utf-8")
    for path, expected in ((loose, (7, True)), (strict, (3, True))):
        store = open_store(db_url, str(path), clock=clock)
        assert (store.config.returns.window_days, store.config.returns.window_enforced) == expected
        store.engine.dispose()
