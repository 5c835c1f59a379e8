"""The bulk demo store is consistent with the rules the services keep, on SQLite (executemany) and
PostgreSQL (COPY), and `pos init --demo --members N` takes the bulk path for large N."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest
from sqlalchemy import inspect, select, text

from pos.db.models import LIST_INDEXES, Coupon, Member, Sale
from pos.errors import BadInput
from pos.loyalty.growth import growth_for_payment
from pos.loyalty.points import is_birthday_month, is_member_day, points_earned
from pos.loyalty.pricing import CartLine, price_cart
from pos.services.admin.bulk_demo import create_bulk_demo, phone_of
from pos.services.members.lookup import lookup
from pos.services.members.standing import coupon_state
from pos.services.staff.accounts import sign_in

TABLES = ("members", "sales", "sale_lines", "payments", "points_lots", "points_ledger", "coupons",
          "coupon_redemptions", "tier_history")


def scalar(ctx, sql: str):
    with ctx.engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


@pytest.fixture
def demo(ctx):
    return create_bulk_demo(ctx, 800, sales_per_member=4), ctx


def test_counts_are_what_was_written(demo):
    counts, ctx = demo
    for table in TABLES:
        expected = counts[table] + (3 if table == "coupons" else 0)     # + the demo members' 满100减15
        assert scalar(ctx, f"SELECT count(*) FROM {table}") == expected, table
    assert counts["members"] == 800 and 2500 < counts["sales"] < 4000
    assert scalar(ctx, "SELECT count(*) FROM products") == counts["products"]


def test_points_balance_equals_ledger_and_open_lots(demo):
    _, ctx = demo
    assert scalar(ctx, """SELECT count(*) FROM members m WHERE m.points_balance <>
        (SELECT coalesce(sum(points), 0) FROM points_ledger l WHERE l.member_id = m.id)
        OR m.points_balance <> (SELECT coalesce(sum(remaining), 0) FROM points_lots p WHERE p.member_id = m.id)""") == 0
    assert scalar(ctx, "SELECT count(*) FROM points_ledger WHERE balance_after < 0") == 0


def test_sales_add_up(demo):
    _, ctx = demo
    assert scalar(ctx, "SELECT count(*) FROM sales WHERE total_fen <> subtotal_fen - tier_discount_fen "
                       "- coupon_discount_fen - points_value_fen") == 0
    assert scalar(ctx, "SELECT count(*) FROM sales s WHERE total_fen <> "
                       "(SELECT sum(paid_fen) FROM sale_lines l WHERE l.sale_id = s.id)") == 0
    assert scalar(ctx, "SELECT count(*) FROM sales s WHERE total_fen <> "
                       "(SELECT sum(amount_fen) FROM payments p WHERE p.sale_id = s.id)") == 0
    assert scalar(ctx, "SELECT count(*) FROM sales s JOIN coupons c ON c.id = s.coupon_id "
                       "WHERE c.status <> 'used'") == 0
    assert scalar(ctx, "SELECT count(*) FROM sales WHERE coupon_id IS NOT NULL") == \
        scalar(ctx, "SELECT count(*) FROM coupon_redemptions") > 0


def test_tiers_follow_growth_and_history(demo):
    _, ctx = demo
    assert scalar(ctx, "SELECT count(*) FROM members m WHERE m.tier_key <> (SELECT to_key FROM tier_history h "
                       "WHERE h.member_id = m.id ORDER BY h.id DESC LIMIT 1)") == 0
    assert scalar(ctx, "SELECT count(DISTINCT tier_key) FROM members") >= 3


def test_a_usable_store(demo):
    _, ctx = demo
    assert sign_in(ctx, "8888", need_manager=True).code == "M01"
    assert sign_in(ctx, "1234", code="C01").role == "cashier"
    gold = lookup(ctx, phone="13800138000")
    assert gold.member_id == 1 and any(c.code for c in gold.coupons)
    assert lookup(ctx, phone=phone_of(777)).member_id == 777
    assert scalar(ctx, "SELECT count(*) FROM segment_snapshots") == 1
    assert scalar(ctx, "SELECT count(*) FROM member_stats WHERE segment = ''") == 0
    assert scalar(ctx, "SELECT count(DISTINCT segment) FROM member_stats") >= 5
    # the list's statistics: one row per listed member (a trigger adds them as members are loaded)
    assert scalar(ctx, "SELECT count(*) FROM member_stats") == scalar(
        ctx, "SELECT count(*) FROM members WHERE erased_at IS NULL")
    assert scalar(ctx, "SELECT count(*) FROM members m LEFT JOIN member_stats s ON s.member_id = m.id "
                       "WHERE m.erased_at IS NULL AND s.member_id IS NULL") == 0
    assert scalar(ctx, "SELECT count(*) FROM products WHERE sku IN ('LAT01', 'B000')") == 2
    names = {ix["name"] for ix in inspect(ctx.engine).get_indexes("members")}
    assert {f"ix_members_list_{key}" for key in LIST_INDEXES} <= names


def test_refuses_a_store_that_has_members(demo):
    _, ctx = demo
    with pytest.raises(BadInput) as refused:
        create_bulk_demo(ctx, 10)
    assert refused.value.code == "database_not_empty"


def test_cli_init_takes_the_bulk_path_for_large_stores(tmp_path):
    env = {**os.environ, "POS_NOW": "2026-06-10T12:00:00"}
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    done = subprocess.run([sys.executable, "-m", "pos.cli.main", "--db", db, "--json", "init", "--demo",
                           "--members", "6000"], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["demo"]["members"] == 6000 and payload["demo"]["sales"] > 20000
    assert "6,000 members" in done.stderr          # the bulk generator's progress lines


def test_rows_made_in_a_second_process_are_the_same_rows(ctx, monkeypatch):
    """Above one chunk the rows are made in a spawned process while this one writes: same rows,
    same consistency, the dropped indexes back."""
    from pos.services.admin import bulk_demo

    monkeypatch.setattr(bulk_demo, "CHUNK", 250)
    counts = create_bulk_demo(ctx, 800, sales_per_member=4)
    made = list(bulk_demo._made(1, ctx.config, ctx.clock().replace(microsecond=0), 4, 1, 800, 250))
    assert len(made) == 4
    assert counts["sales"] == sum(len(rows["sales"]) for rows in made) == scalar(ctx, "SELECT count(*) FROM sales")
    assert scalar(ctx, "SELECT sum(total_fen) FROM sales") == sum(row[12] for rows in made for row in rows["sales"])
    assert scalar(ctx, """SELECT count(*) FROM members m WHERE m.points_balance <>
        (SELECT coalesce(sum(remaining), 0) FROM points_lots p WHERE p.member_id = m.id)""") == 0
    for table in ("sales", "sale_lines", "points_lots", "members"):
        assert inspect(ctx.engine).get_indexes(table), table


def test_sales_are_priced_as_the_till_would_price_them(demo):
    """Tier discount, coupon spread, points (tier, birthday month, member day) and growth of the bulk
    rows are what the checkout's pricing and rules give for the same lines."""
    _, ctx = demo
    config = ctx.config
    with ctx.read() as s:
        coupon_sales = select(Sale).where(Sale.coupon_id.is_not(None)).order_by(Sale.id).limit(100)
        sales = [*s.scalars(coupon_sales), *s.scalars(select(Sale).order_by(Sale.id).limit(300))]
        assert len(sales) > 300
        for sale in sales:
            member, coupon = s.get(Member, sale.member_id), s.get(Coupon, sale.coupon_id) if sale.coupon_id else None
            tier = config.tier(sale.tier_before)
            priced = price_cart([CartLine(ln.sku, ln.name, ln.unit_price_fen, ln.qty, ln.discountable)
                                 for ln in sale.lines], tier=tier,
                                coupon=replace(coupon_state(coupon), used=False) if coupon else None,
                                points_cfg=config.points, now=sale.created_at, member_id=member.id,
                                tiers=config.tiers)
            assert [(ln.tier_discount_fen, ln.coupon_fen, ln.paid_fen) for ln in sale.lines] == [
                (p.tier_discount_fen, p.coupon_fen, p.paid_fen) for p in priced.lines], sale.id
            assert (sale.subtotal_fen, sale.tier_discount_fen, sale.coupon_discount_fen, sale.total_fen) == (
                priced.subtotal_fen, priced.tier_discount_fen, priced.coupon_discount_fen, priced.total_due_fen)
            day = sale.created_at.date()
            assert sale.points_earned == points_earned(
                sale.total_fen, tier, config.points, birthday_month=is_birthday_month(member.birth_month, day),
                member_day=is_member_day(config.points, day)), sale.id
            assert sale.growth_earned == growth_for_payment(sale.total_fen, config.growth.per_yuan)
    assert any(sale.coupon_id for sale in sales) and len({sale.tier_before for sale in sales}) >= 2


def test_the_demo_pays_only_with_the_till_s_payment_methods():
    from pos.services.admin import demo
    from pos.vocabulary import PAYMENT_KEYS

    assert set(demo.PAYMENT_MIX) == set(PAYMENT_KEYS)
