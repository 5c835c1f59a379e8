"""The refund limit of returns counts every refund of one sale: ¥1,000 refunded as two returns of
¥500 needs a manager, also when two tills return parts of the same sale at the same moment."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, func, select

from pos.db.engine import make_engine
from pos.db.models import AuditEntry, Return
from pos.errors import PosError
from pos.services.context import AppContext
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput

HALF = 50000                     # ¥500: the shipped limit is "above ¥500"


def two_halves(ctx) -> str:
    """A sale of two lines of ¥500 each: each return alone is within the limit, both are not."""
    lines = [LineInput(name="Kettle", price_fen=HALF), LineInput(name="Toaster", price_fen=HALF)]
    return co.checkout(ctx, co.CheckoutRequest(lines=lines)).receipt_no


def refunded(ctx) -> int:
    with ctx.read() as session:
        return int(session.scalar(select(func.coalesce(func.sum(Return.refund_fen), 0))))


def test_two_returns_of_one_sale_count_together(ctx, manager):
    assert ctx.config.returns.manager_pin_above_fen == HALF
    receipt = two_halves(ctx)
    assert returns.return_sale(ctx, receipt, [(1, 1)]).refund_fen == HALF
    with pytest.raises(PosError) as refused:
        returns.return_sale(ctx, receipt, [(2, 1)])
    assert refused.value.code == "manager_pin_required"
    assert refunded(ctx) == HALF
    second = returns.return_sale(ctx, receipt, [(2, 1)], manager_pin="8888")
    assert second.refund_fen == HALF and refunded(ctx) == 2 * HALF
    with ctx.read() as session:
        approved = session.scalars(select(Return.approved_by).order_by(Return.id)).all()
        audited = session.scalars(select(AuditEntry.staff_id).where(AuditEntry.action == "return")
                                  .order_by(AuditEntry.id)).all()
    assert approved == [None, manager.id] and audited == [None, manager.id]


def test_returns_of_other_sales_do_not_count(ctx):
    first, second = two_halves(ctx), two_halves(ctx)
    returns.return_sale(ctx, first, [(1, 1)])
    assert returns.return_sale(ctx, second, [(1, 1)]).refund_fen == HALF


def _after_the_look(engine, then) -> None:
    """Runs `then()` once, right after this till has added up the sale's earlier refunds for its
    decision (the read before the write): a synchronisation point, nothing is replaced."""
    done = threading.local()

    @event.listens_for(engine, "after_cursor_execute")
    def look(conn, cursor, statement, parameters, context, executemany):
        if "sum(returns.refund_fen)" in statement and not getattr(done, "it", False):
            done.it = True
            then()


def test_a_return_decided_on_a_stale_look_is_checked_again(ctx, db_url):
    """Till A decides no PIN is needed; before it writes, till B returns the other half. A's write
    sees B's refund under the sale's lock and asks for a manager."""
    receipt = two_halves(ctx)
    till_b = AppContext(make_engine(db_url), ctx.config, ctx.clock, till_id="till-b")
    _after_the_look(ctx.engine, lambda: returns.return_sale(till_b, receipt, [(2, 1)]))
    with pytest.raises(PosError) as refused:
        returns.return_sale(ctx, receipt, [(1, 1)])
    assert refused.value.code == "manager_pin_required"
    assert refunded(ctx) == HALF
    till_b.engine.dispose()


def test_the_manager_pin_given_approves_a_return_that_lost_the_race(ctx, db_url, manager):
    receipt = two_halves(ctx)
    till_b = AppContext(make_engine(db_url), ctx.config, ctx.clock, till_id="till-b")
    _after_the_look(ctx.engine, lambda: returns.return_sale(till_b, receipt, [(2, 1)]))
    assert returns.return_sale(ctx, receipt, [(1, 1)], manager_pin="8888").refund_fen == HALF
    with ctx.read() as session:
        assert sorted(session.scalars(select(Return.approved_by)).all(), key=str) == [manager.id, None]
    till_b.engine.dispose()


def test_two_tills_returning_one_sale_at_once(ctx, db_url):
    """Both tills look (each sees nothing refunded yet) before either writes: one return goes
    through without a PIN, the other is asked for one."""
    receipt = two_halves(ctx)
    both_looked = threading.Barrier(2, timeout=60)
    outcome: dict[int, object] = {}

    def work(till: AppContext, line: int) -> None:
        try:
            outcome[line] = returns.return_sale(till, receipt, [(line, 1)]).refund_fen
        except PosError as exc:
            outcome[line] = exc.code
    tills = [AppContext(make_engine(db_url), ctx.config, ctx.clock, till_id=f"till-{line}") for line in (1, 2)]
    threads = []
    for line, till in enumerate(tills, start=1):
        _after_the_look(till.engine, both_looked.wait)
        threads.append(threading.Thread(target=work, args=(till, line)))
    for thread in threads:
        thread.start()
    for thread, till in zip(threads, tills):
        thread.join()
        till.engine.dispose()
    assert sorted(outcome.values(), key=str) == [HALF, "manager_pin_required"]
    assert refunded(ctx) == HALF
