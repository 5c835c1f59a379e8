"""The rewards catalogue's stock is per store (SPEC §12): a till takes from its own store's stock, a
return puts it back where it came from, a store manager sets their own store's stock only, and tills
taking the last ones at once never oversell. Real SQLite files and PostgreSQL (db_url), real threads."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import AuditEntry, RewardStock
from pos.errors import PermissionDenied, PosError, Refusal
from pos.services.context import AppContext
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.offers import catalogue
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput
from pos.services.staff import admin as staff_admin
from pos.services.stores import chain

PHONE = "13800138000"


@pytest.fixture
def tills(ctx, manager, products, db_url, clock):
    """S01 (till 1) and S02 (two tills), as separate processes would be; a ¥5 coupon for 10 points
    (a ¥10+ sale earns them) with 3 in stock at S01 and 2 at S02."""
    chain.add_store(ctx, manager.id, "S02", "Pudong 浦东店")
    chain.add_till(ctx, manager.id, "S02")
    chain.add_till(ctx, manager.id, "S02")
    ctx.forget_here()
    s02 = chain.store_id_of(ctx, "S02")
    catalogue.save_reward(ctx, manager.id, catalogue.RewardInput(
        "C5", "¥5 coupon", 10, kind="coupon", coupon=coupons.parse_spec("cash", "5"), stock=3))
    catalogue.set_stock(ctx, manager.id, "C5", 2, store_id=s02)
    made = {code: AppContext(make_engine(db_url), load_config(), clock, till=code)
            for code in ("S01-1", "S02-1", "S02-2")}
    yield made
    for till in made.values():
        till.engine.dispose()


def stock(ctx, store: str) -> int:
    (row,) = [r for r in catalogue.list_rewards(ctx, store_id=chain.store_id_of(ctx, store)) if r.code == "C5"]
    return row.stock


def take(ctx, phone=PHONE):
    return co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(name="Tea", price_fen=2000)], member_phone=phone,
                                               reward_code="C5"))


def test_a_till_takes_from_its_own_store_and_a_return_puts_it_back_there(tills):
    s01, s02a, s02b = tills["S01-1"], tills["S02-1"], tills["S02-2"]
    members.enrol(s01, PHONE)
    assert (stock(s01, "S01"), stock(s01, "S02")) == (3, 2)
    assert [r.stock for r in catalogue.list_rewards(s02a)] == [2]           # a till sees its own store's
    first = take(s02a)
    take(s02b)
    assert (stock(s01, "S01"), stock(s01, "S02")) == (3, 0)
    with pytest.raises(Refusal) as out:
        take(s02a)
    assert out.value.code == "reward_out_of_stock"
    take(s01)                                                               # S01 still has its own
    assert (stock(s01, "S01"), stock(s01, "S02")) == (2, 0)
    returns.return_sale(s01, first.receipt_no)      # returned at an S01 till: back into S02's stock
    assert (stock(s01, "S01"), stock(s01, "S02")) == (2, 1)


def test_a_store_manager_sets_their_own_stores_stock_only(tills, manager):
    s01, s02a = tills["S01-1"], tills["S02-1"]
    s02 = chain.store_id_of(s01, "S02")
    boss = staff_admin.add_staff_member(s01, manager.id, "M02", "Pudong manager", "manager", "97531", store_id=s02)
    catalogue.set_stock(s01, boss.id, "C5", 7)                  # at an S01 till: still their own store's
    assert (stock(s01, "S01"), stock(s01, "S02")) == (3, 7)
    with pytest.raises(PermissionDenied) as refused:
        catalogue.set_stock(s01, boss.id, "C5", 9, store_id=1)
    assert refused.value.code == "store_not_yours"
    with pytest.raises(PermissionDenied):
        catalogue.save_reward(s02a, boss.id, catalogue.RewardInput(
            "C5", "¥5 coupon", 10, kind="coupon", coupon=coupons.parse_spec("cash", "5"), stock=9), store_id=1)
    assert (stock(s01, "S01"), stock(s01, "S02")) == (3, 7)
    with s01.read() as session:
        assert session.scalar(select(AuditEntry.id).where(AuditEntry.action == "role_violation")) is not None
    catalogue.save_reward(s02a, boss.id, catalogue.RewardInput(     # a save without a stock keeps it
        "C5", "¥5 coupon", 12, kind="coupon", coupon=coupons.parse_spec("cash", "5"), stock=None))
    assert stock(s01, "S02") == 7 and catalogue.list_rewards(s01)[0].points == 12


def test_tills_taking_the_last_ones_at_once_never_oversell(tills):
    """Two S02 tills, three members each, six takers for S02's 2: exactly 2 get one, the rest are told
    it is out of stock, and the stock ends at 0 (not below, not above)."""
    s01 = tills["S01-1"]
    phones = [f"1390013900{n}" for n in range(6)]
    for phone in phones:
        members.enrol(s01, phone)
    start = threading.Barrier(len(phones))
    got: list[str] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def taker(n: int) -> None:
        ctx = tills["S02-1" if n % 2 else "S02-2"]
        try:
            start.wait()
            for attempt in range(30):                       # a busy database is retried, as a cashier would
                try:
                    got.append(take(ctx, phones[n]).receipt_no)
                    return
                except PosError as exc:
                    if exc.code == "reward_out_of_stock":
                        refused.append(phones[n])
                        return
                    if exc.code != "database_busy" or attempt == 29:
                        raise
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=taker, args=(n,)) for n in range(len(phones))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert (len(got), len(refused)) == (2, 4)
    assert (stock(s01, "S01"), stock(s01, "S02")) == (3, 0)
    with s01.read() as session:
        assert sorted(session.scalars(select(RewardStock.stock))) == [0, 3]
