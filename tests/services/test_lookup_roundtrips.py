"""The member look-up reads the whole card in ONE statement outside a transaction (one round trip
on PostgreSQL: no pool ping, BEGIN, settings check or COMMIT of its own), and still follows saved
settings exactly: the look-up and the next sale at another till see a change at once."""

from __future__ import annotations

import logging
import os
import re
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, event, text

from pos.config import DEFAULT_CONFIG_PATH, load_config
from pos.errors import BadInput, NotFound
from pos.services.admin.settings import save_settings
from pos.services.context import AppContext
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput

PHONE = "13800138000"
SHIPPED = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")
RENAMED = (SHIPPED.replace('name = "Silver"', 'name = "Argent"')
           .replace('discount = "0.05"', 'discount = "0.08"'))


class Statements:
    """What goes to the database while counting: on PostgreSQL the round trips on the wire (libpq's
    protocol trace: every simple Query and every Sync of an extended query waits for the server),
    on SQLite every statement the library runs (sqlite3's trace callback, BEGIN/COMMIT included)."""

    def __init__(self, ctx: AppContext, folder) -> None:
        self.ctx, self.sqlite = ctx, ctx.engine.dialect.name == "sqlite"
        self.path = folder / "trace.txt"
        self.fd = os.open(self.path, os.O_CREAT | os.O_WRONLY | os.O_APPEND)
        self.sqlite_sql: list[str] = []
        self.counting = False
        ctx.engine.dispose()   # every connection from here on is traced
        event.listen(ctx.engine, "connect", self._on_connect)

    def _on_connect(self, dbapi_connection, _record) -> None:
        if self.sqlite:
            dbapi_connection.set_trace_callback(lambda sql: self.counting and self.sqlite_sql.append(sql))
        else:
            dbapi_connection.pgconn.trace(self.fd)

    def during(self, fn) -> list[str]:
        start = os.path.getsize(self.path)
        self.sqlite_sql.clear()
        self.counting = True
        try:
            fn()
        finally:
            self.counting = False
        if self.sqlite:
            return list(self.sqlite_sql)
        wire = self.path.read_text(errors="replace")[start:]
        return re.findall(r"\tF\t\d+\t(Query\t.*|Sync)", wire)

    def close(self) -> None:
        event.remove(self.ctx.engine, "connect", self._on_connect)
        self.ctx.engine.dispose()
        os.close(self.fd)


@pytest.fixture
def member_with_history(ctx, products, manager):
    members.enrol(ctx, PHONE)
    for _ in range(2):
        co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE))
    member_id = members.lookup(ctx, phone=PHONE).member_id
    coupons.issue(ctx, coupons.parse_spec("amount", "15", threshold="100", valid_days=30), member_id=member_id)
    coupons.issue(ctx, coupons.parse_spec("percent", "10", valid_days=5), member_id=member_id)
    return members.lookup(ctx, phone=PHONE)


def test_the_card_is_one_statement_and_one_round_trip(ctx, member_with_history, tmp_path):
    qr = members.member_qr_payload(ctx, member_with_history.member_id)
    counter = Statements(ctx, tmp_path)
    try:
        for _ in range(3):   # warm: a fresh connection, then pooled ones (pinged for other work)
            members.lookup(ctx, phone=PHONE)
            members.lookup(ctx, qr=qr)
        by_phone = counter.during(lambda: members.lookup(ctx, phone=PHONE))
        by_qr = counter.during(lambda: members.lookup(ctx, qr=qr))
        sale = counter.during(lambda: co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT")],
                                                                         member_phone=PHONE)))
    finally:
        counter.close()
    # before: ping, BEGIN, settings version, member, standing, coupons, COMMIT (7; +1 QR key by QR)
    assert len(by_phone) == 1, by_phone
    assert len(by_qr) == 1, by_qr
    # a sale still checks the settings inside its own transaction
    assert any("store_settings" in sql for sql in sale), sale
    assert len(sale) > 5


def test_the_card_shows_what_the_general_path_reads(ctx, member_with_history, clock):
    from pos.services.members.lookup import find_member, member_view

    clock.moment += timedelta(days=1)
    view = members.lookup(ctx, phone=PHONE)
    with ctx.read() as session:
        assert view == member_view(session, ctx, find_member(session, ctx, phone=PHONE))
    # soonest expiry first (welcome: cash; the first sale's bounce-back coupon: percent, 14 days)
    assert [c.kind for c in view.coupons] == ["percent", "percent", "cash", "amount"]
    assert view.purchases == 2 and view.growth > 0 and view.tier_key == "silver"
    qr = members.member_qr_payload(ctx, view.member_id)
    assert members.lookup(ctx, qr=qr) == view


def test_a_saved_change_reaches_the_next_look_up_and_sale_at_another_till(ctx, member_with_history, clock,
                                                                          manager):
    till_a, till_b = (AppContext(ctx.engine, load_config(), clock) for _ in range(2))   # started before it
    assert members.lookup(till_a, phone=PHONE).tier_name == members.lookup(till_b, phone=PHONE).tier_name == "Silver"
    save_settings(ctx, manager.id, RENAMED)
    assert members.lookup(till_a, phone=PHONE).tier_name == "Argent"   # at once: no stale look-up
    sale = co.checkout(till_b, co.CheckoutRequest(lines=[LineInput(sku="LAT")], member_phone=PHONE))
    assert sale.tier_discount_fen == 224       # the sale's own check: 8 % of 28.00, not 5 %
    sale = co.checkout(till_a, co.CheckoutRequest(lines=[LineInput(sku="LAT")], member_phone=PHONE))
    assert sale.tier_discount_fen == 224


def test_errors_are_the_same_as_before(ctx, member_with_history):
    with pytest.raises(NotFound):
        members.lookup(ctx, phone="13900000000")
    with pytest.raises(BadInput) as err:
        members.lookup(ctx, qr="M1.nokey.1.1.abc")
    assert err.value.code == "qr_invalid"
    good = members.member_qr_payload(ctx, member_with_history.member_id)
    with pytest.raises(BadInput) as err:   # a valid-looking QR of a member that does not exist
        members.lookup(ctx, qr=good.replace(f".{member_with_history.member_id}.", ".999999."))
    assert err.value.code == "qr_invalid"   # the signature covers the id
    with pytest.raises(BadInput) as err:
        members.lookup(ctx)
    assert err.value.code == "member_required"


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)    # a server that can close connections
def test_a_closed_pooled_connection_is_read_again(db_url, member_with_history, ctx, caplog):
    assert ctx.engine.dialect.name == "postgresql"
    members.lookup(ctx, phone=PHONE)                         # leaves a pooled connection, not pinged next
    admin = create_engine(db_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        closed = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                   "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    admin.dispose()
    assert closed >= 1
    with caplog.at_level(logging.INFO, logger="pos.services.context"):
        assert members.lookup(ctx, phone=PHONE).member_id == member_with_history.member_id
    assert "reading again" in caplog.text
