"""Drives `pos` as a subprocess: every command of CLI.md and its error codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest

from tests.databases import sqlite_url

NOW = "2026-06-10T12:00:00"


@pytest.fixture
def run(tmp_path):
    env = {**os.environ, "POS_DATABASE_URL": sqlite_url(tmp_path), "POS_NOW": NOW}
    env.pop("POS_CONFIG", None)

    def call(*args, expect=0, now=None):
        proc = subprocess.run([sys.executable, "-m", "pos.cli.main", *args, "--json"], capture_output=True,
                              text=True, env={**env, "POS_NOW": now or NOW}, timeout=120)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode == expect, (args, proc.stdout, proc.stderr)
        data = json.loads(proc.stdout)
        return data

    call.env = env
    return call


def add_products(run):
    from sqlalchemy import create_engine

    engine = create_engine(run.env["POS_DATABASE_URL"])
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO products (sku, barcode, name, price_fen, discountable, active) VALUES "
                             "('BIG', '690001', 'Big item', 100000, 1, 1), ('LAT', '690002', 'Latte', 2800, 1, 1)")
    engine.dispose()


def error_code(data):
    return data["error"]["code"]


def test_enrol_show_sale_return_flow(run, tmp_path):
    add_products(run)
    enrolled = run("member", "enrol", "--phone", "+86 138-0013-8000", "--name", "Zhang", "--birthday", "03-15",
                   "--consent")
    assert enrolled["phone_masked"] == "138****8000" and enrolled["tier"] == "member"
    assert enrolled["qr_payload"].startswith("M1.")
    shown = run("member", "show", "--qr", enrolled["qr_payload"])
    assert shown["member_id"] == enrolled["member_id"]
    assert shown["coupons"] and shown["to_next_tier"] == "2000.00"
    run("sale", "--member", "13800138000", "--line", "BIG", "--pay", "card")
    crossing = run("sale", "--member", "13800138000", "--line", "BIG:1")
    assert (crossing["tier_before"], crossing["tier_after"]) == ("member", "silver")
    sale = run("sale", "--member", "13800138000", "--line", "BIG", "--pay", "cash:1000")
    assert sale["tier_discount"] == "50.00" and sale["total_due"] == "950.00"
    assert sale["points_earned"] == 1140 and sale["change"] == "50.00"
    assert sale["points_balance"] == 3140 and sale["growth"] == 2950
    open_item = run("sale", "--line", "name=Cake,price=12.50,qty=2,discountable=no")
    assert open_item["total_due"] == "25.00" and open_item["points_balance"] is None
    run("staff", "add", "--code", "M01", "--name", "Boss", "--role", "manager", "--pin", "8888")
    refused = run("return", sale["receipt_no"], "--line", "1:1", expect=1)
    assert error_code(refused) == "manager_pin_required"           # ¥950 is above the ¥500 limit
    assert error_code(run("return", sale["receipt_no"], "--manager-pin", "1111", expect=1)) == "pin_invalid"
    back = run("return", sale["receipt_no"], "--line", "1:1", "--manager-pin", "8888")
    assert back["refund"] == "950.00" and back["points_reversed"] == 1140
    assert back["points_balance"] == 2000
    assert error_code(run("return", sale["receipt_no"], "--line", "1:1", "--manager-pin", "8888",
                          expect=1)) == "return_exceeds_sale"
    assert error_code(run("staff", "add", "--code", "C09", "--name", "New", "--role", "cashier", "--pin", "2468",
                          expect=1)) == "manager_pin_required"


def test_sale_id_retry_is_idempotent(run):
    add_products(run)
    sale_id = str(uuid.uuid4())
    first = run("sale", "--line", "LAT", "--sale-id", sale_id)
    second = run("sale", "--line", "LAT", "--sale-id", sale_id)
    assert first["receipt_no"] == second["receipt_no"] and second["replayed"]


def test_coupons_segments_export_maintenance(run, tmp_path):
    add_products(run)
    run("member", "enrol", "--phone", "13800138000")
    codes = run("coupon", "issue", "--kind", "amount", "--value", "15", "--threshold", "100", "--count", "2")["codes"]
    assert len(codes) == 2
    assert run("coupon", "show", codes[0])["status"] == "issued"
    too_small = run("sale", "--line", "LAT", "--coupon", codes[0], expect=1)
    assert error_code(too_small) == "coupon_threshold_not_met"
    run("sale", "--member", "13800138000", "--line", "BIG", "--coupon", codes[0])
    assert run("coupon", "show", codes[0])["status"] == "used"
    assert error_code(run("sale", "--line", "BIG", "--coupon", codes[0], expect=1)) == "coupon_used"
    segments = run("segments")["segments"]
    assert sum(segments.values()) == 1
    out = tmp_path / "members.csv"
    exported = run("members", "export", str(out))
    assert exported["rows"] == 1 and "13800138000" not in out.read_text(encoding="utf-8-sig")
    assert error_code(run("members", "export", str(out), "--full-phone", expect=1)) == "manager_pin_required"
    assert run("points", "expire") == {"members": 0, "points": 0}
    expired = run("points", "expire", now="2028-01-02T09:00:00")
    assert expired["members"] == 1 and expired["points"] > 0
    assert run("points", "expire", now="2028-01-02T09:00:00")["points"] == 0      # idempotent
    evaluated = run("tiers", "evaluate")
    assert set(evaluated) >= {"downgraded", "in_grace"}
    config = run("config", "show")
    assert config["tiers"][1]["discount"] == "0.05"


@pytest.mark.parametrize("args, code, status", [
    (("member", "enrol", "--phone", "abc"), "phone_invalid", 2),
    (("member", "enrol", "--phone", "1380013"), "phone_invalid", 2),
    (("member", "enrol", "--phone", "138001380001234"), "phone_invalid", 2),
    (("member", "show", "--phone", "13912345678"), "member_not_found", 1),
    (("member", "show", "--qr", "M1.abcd.1.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), "qr_invalid", 2),
    (("member", "show", "--qr", "garbage"), "qr_invalid", 2),
    (("sale", "--line", "NOSUCH"), "sku_unknown", 1),
    (("sale", "--line", "LAT:-1"), "quantity_invalid", 2),
    (("sale", "--line", "LAT:abc"), "quantity_invalid", 2),
    (("sale", "--line", "name=x,price=-1"), "amount_invalid", 2),
    (("sale", "--line", "name=x,price=abc"), "amount_invalid", 2),
    (("sale", "--line", "LAT", "--redeem", "100"), "member_required", 1),
    (("sale", "--line", "LAT", "--pay", "bitcoin"), "payment_invalid", 2),
    (("sale", "--line", "LAT", "--sale-id", "not-a-uuid"), "sale_id_invalid", 2),
    (("return", "R000000-000001"), "receipt_not_found", 1),
    (("coupon", "show", "NOPE1234"), "coupon_unknown", 1),
    (("sale",), "usage", 2),
    (("frobnicate",), "usage", 2),
])
def test_errors_have_codes_and_exit_status(run, args, code, status):
    add_products(run)
    assert error_code(run(*args, expect=status)) == code


def test_enrol_twice_and_points_rules(run):
    add_products(run)
    run("member", "enrol", "--phone", "13800138000")
    assert error_code(run("member", "enrol", "--phone", "138-0013-8000", expect=1)) == "phone_taken"
    run("sale", "--member", "13800138000", "--line", "BIG")
    for redeem, code in (("150", "points_step"), ("50", "points_minimum"), ("5000", "points_insufficient")):
        assert error_code(run("sale", "--member", "13800138000", "--line", "BIG", "--redeem", redeem,
                              expect=1)) == code
    run("sale", "--member", "13800138000", "--line", "BIG")
    assert error_code(run("sale", "--member", "13800138000", "--line", "LAT", "--redeem", "1500",
                          expect=1)) == "points_cap_exceeded"


def test_uninitialised_database_is_explained(tmp_path):
    env = {**os.environ, "POS_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    proc = subprocess.run([sys.executable, "-m", "pos.cli.main", "member", "show", "--phone", "13800138000"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2 and "pos init" in proc.stderr and "Traceback" not in proc.stderr


def test_receipt_reprint_pdf_and_escpos(run, tmp_path):
    add_products(run)
    run("member", "enrol", "--phone", "13800138000")
    sale = run("sale", "--member", "13800138000", "--line", "LAT:2")
    pdf = tmp_path / "r.pdf"
    assert run("receipt", sale["receipt_no"], "--pdf", str(pdf), "--width", "58")["file"] == str(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    escpos = tmp_path / "r.bin"
    run("receipt", sale["receipt_no"], "--escpos", str(escpos))
    assert b"\x1dV" in escpos.read_bytes()
    assert error_code(run("receipt", "R000000-000000", "--pdf", str(pdf), expect=1)) == "receipt_not_found"


def test_member_card_and_coupon_sheet(run, tmp_path):
    from tests.printing.readback import qr_texts

    enrolled = run("member", "enrol", "--phone", "13800138000", "--name", "张三")
    card = tmp_path / "card.pdf"
    run("member", "card", "--phone", "13800138000", "--pdf", str(card))
    (payload,) = qr_texts(card.read_bytes(), tmp_path)
    assert run("member", "show", "--qr", payload)["member_id"] == enrolled["member_id"]
    codes = run("coupon", "issue", "--kind", "percent", "--value", "15", "--cap", "20", "--count", "3")["codes"]
    sheet = tmp_path / "sheet.pdf"
    run("coupon", "sheet", *codes, "--pdf", str(sheet))
    folder = tmp_path / "sheet"
    folder.mkdir()
    assert sorted(qr_texts(sheet.read_bytes(), folder)) == sorted(codes)
    assert error_code(run("coupon", "sheet", "NOPE99999", "--pdf", str(sheet), expect=1)) == "coupon_unknown"
