"""The offers through `pos` (CLI.md "Additions for SPEC Part II"): `issued` and `stamps` on a sale, a retry,
a return, `--reward`, `pos rewards list/save`, referral enrolment and its refusals, `pos member show`."""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine

from tests.cli import test_cli

run = test_cli.run          # the subprocess fixture, shared

TOMORROW = "2026-06-11T12:00:00"


def setup_shop(run):
    run("init")
    run("staff", "add", "--code", "M01", "--name", "Manager", "--role", "manager", "--pin", "8888")
    engine = create_engine(run.env["POS_DATABASE_URL"])
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO products (sku, barcode, name, price_fen, discountable, active, category) "
                             "VALUES ('BIG', '690001', 'Big item', 100000, 1, 1, ''), "
                             "('LAT', '690002', 'Latte', 2800, 1, 1, 'coffee'), ('MUG', '690003', 'Mug', 1000, 1, 1, '')")
    engine.dispose()


def test_sale_issues_a_bounce_back_coupon_once_and_a_return_voids_it(run):
    setup_shop(run)
    run("member", "enrol", "--phone", "13800138000")
    sale_id = str(uuid.uuid4())
    sale = run("sale", "--member", "13800138000", "--line", "LAT:7", "--sale-id", sale_id)
    (bounce,) = sale["issued"]
    assert bounce["kind"] == "bounce_back" and bounce["reason"] == "1st visit reward"
    assert bounce["valid_from"] == "2026-06-11T00:00:00" and bounce["valid_to"] == "2026-06-24T23:59:59"
    assert sale["stamps"] == {"coffee": "7/10"}
    again = run("sale", "--member", "13800138000", "--line", "LAT:7", "--sale-id", sale_id)
    assert again["replayed"] and again["issued"] == sale["issued"]
    shown = run("member", "show", "--phone", "13800138000")
    assert shown["stamps"] == {"coffee": "7/10"} and shown["referral_code"]
    assert [(o["kind"], o["status"], o["code"]) for o in shown["offers"]] == [("bounce_back", "issued", bounce["code"])]
    back = run("return", sale["receipt_no"])
    assert back["offers_voided"] == [
        {"kind": "bounce_back", "benefit": "coupon", "code": bounce["code"], "voided": True, "points_reversed": 0,
         "points_restored": 0, "stamps_back": 0, "for_customer": True},
        {"kind": "stamps", "benefit": "stamps", "code": "coffee", "voided": False, "points_reversed": 0,
         "points_restored": 0, "stamps_back": 7, "for_customer": True}]
    assert run("coupon", "show", bounce["code"])["status"] == "void"
    assert run("member", "show", "--phone", "13800138000")["stamps"] == {"coffee": "0/10"}


def test_rewards_catalogue_through_the_cli(run):
    setup_shop(run)
    run("rewards", "save", "--code", "c5", "--name", "¥5 coupon", "--points", "500", "--coupon", "cash",
        "--value", "5", "--stock", "3", "--manager-pin", "8888")
    listed = run("rewards", "save", "--code", "MUGGIFT", "--name", "Mug", "--points", "2000", "--gift", "MUG",
                 "--stock", "1", "--manager-pin", "8888")
    assert [(r["code"], r["points"], r["stock"]) for r in listed["rewards"]] == [("C5", 500, 3), ("MUGGIFT", 2000, 1)]
    assert run("rewards", "save", "--code", "X", "--name", "X", "--points", "1", "--gift", "MUG",
               "--manager-pin", "1234", expect=1)["error"]["code"] in {"pin_invalid", "manager_required"}
    run("member", "enrol", "--phone", "13800138000")
    run("sale", "--member", "13800138000", "--line", "BIG:2")            # 2,000 points
    gift = run("sale", "--member", "13800138000", "--line", "MUG", "--reward", "MUGGIFT")
    assert gift["points_redeemed"] == 2000 and gift["reward_points"] == 2000
    assert [i["kind"] for i in gift["issued"]] == ["reward"]
    out = run("sale", "--member", "13800138000", "--line", "MUG", "--reward", "MUGGIFT", expect=1)
    assert out["error"]["code"] == "reward_out_of_stock"
    assert run("sale", "--member", "13800138000", "--line", "MUG", "--reward", "NOPE", expect=1)["error"]["code"] \
        == "reward_unknown"
    assert run("rewards", "list")["rewards"][1]["stock"] == 0


def test_referral_through_the_cli(run):
    setup_shop(run)
    code = run("member", "enrol", "--phone", "13800138000", "--name", "Li Lei", "--birthday", "03-15")["referral_code"]
    friend = run("member", "enrol", "--phone", "13900139000", "--referral", code)
    assert run("coupon", "show", friend["welcome_coupon"])["title"] == "¥10.00 cash"
    first = run("sale", "--member", "13900139000", "--line", "BIG", "--sale-id", str(uuid.uuid4()))
    (reward,) = [i for i in first["issued"] if i["kind"] == "referral_reward"]
    assert run("coupon", "show", reward["code"])["member_id"] == 1
    refused = run("member", "enrol", "--phone", "13700137000", "--name", "LI LEI", "--birthday", "03-15",
                  "--referral", code, expect=1)
    assert refused["error"]["code"] == "referral_self"
    flags = run("fraud", "--manager-pin", "8888")["flags"]
    assert [f["kind"] for f in flags if f["kind"] == "referral_refused"] == ["referral_refused"]


def test_reward_stock_per_store_through_the_cli(run):
    setup_shop(run)
    run("store", "add", "--code", "S02", "--name", "Pudong", "--manager-pin", "8888")
    run("till", "add", "--store", "S02", "--manager-pin", "8888")
    run("rewards", "save", "--code", "C5", "--name", "¥5 coupon", "--points", "10", "--coupon", "cash",
        "--value", "5", "--stock", "3", "--manager-pin", "8888")
    listed = run("rewards", "save", "--code", "C5", "--name", "¥5 coupon", "--points", "10", "--coupon", "cash",
                 "--value", "5", "--stock", "1", "--store", "s02", "--manager-pin", "8888")
    assert listed["store"] == "S02" and listed["rewards"][0]["stock"] == 1
    assert run("rewards", "list")["store"] == "S01" and run("rewards", "list")["rewards"][0]["stock"] == 3
    run("member", "enrol", "--phone", "13800138000")
    run("--till", "S02-1", "sale", "--member", "13800138000", "--line", "MUG", "--reward", "C5")
    out = run("--till", "S02-1", "sale", "--member", "13800138000", "--line", "MUG", "--reward", "C5", expect=1)
    assert out["error"]["code"] == "reward_out_of_stock"
    assert run("rewards", "list", "--store", "S02")["rewards"][0]["stock"] == 0
    assert run("--till", "S02-1", "rewards", "list")["rewards"][0]["stock"] == 0
    assert run("rewards", "list")["rewards"][0]["stock"] == 3
    assert run("rewards", "list", "--store", "S09", expect=1)["error"]["code"] == "store_unknown"
