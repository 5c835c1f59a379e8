"""Drives `pos` as a subprocess: every command of CLI.md and its error codes."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import pytest

from tests.databases import sqlite_url

NOW = "2026-06-10T12:00:00"


@pytest.fixture
def run(tmp_path):
    env = {**os.environ, "POS_DATABASE_URL": sqlite_url(tmp_path), "POS_NOW": NOW}
    env.pop("POS_CONFIG", None)
    env.pop("POS_DEBUG", None)

    def call(*args, expect=0, now=None, extra_env=None):
        proc = subprocess.run([sys.executable, "-m", "pos.cli.main", *args, "--json"], capture_output=True,
                              text=True, env={**env, "POS_NOW": now or NOW, **(extra_env or {})}, timeout=120)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode == expect, (args, proc.stdout, proc.stderr)
        data = json.loads(proc.stdout)                    # exactly one JSON object, nothing else
        assert isinstance(data, dict)
        if expect:
            assert set(data) == {"error"} and data["error"]["code"] and data["error"]["message"]
        return data

    call.env = env
    return call


def row_counts(url: str) -> dict[str, int]:
    """Rows in every table: a refused command must leave all of them as they were."""
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    with engine.connect() as conn:
        counts = {t: conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar()
                  for t in inspect(conn).get_table_names()}
    engine.dispose()
    return counts


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
    before = row_counts(run.env["POS_DATABASE_URL"])
    assert error_code(run("return", sale["receipt_no"], "--line", "1:1", "--manager-pin", "8888",
                          expect=1)) == "return_exceeds_sale"
    assert error_code(run("return", sale["receipt_no"], "--line", "9:1", expect=2)) == "line_invalid"
    assert row_counts(run.env["POS_DATABASE_URL"]) == before                     # over-returns write nothing
    assert error_code(run("staff", "add", "--code", "C09", "--name", "New", "--role", "cashier", "--pin", "2468",
                          expect=1)) == "manager_pin_required"


def test_sale_id_retry_is_idempotent(run):
    add_products(run)
    sale_id = str(uuid.uuid4())
    first = run("sale", "--line", "LAT", "--sale-id", sale_id)
    second = run("sale", "--line", "LAT", "--sale-id", sale_id)
    assert first["receipt_no"] == second["receipt_no"] and second["replayed"]


def test_split_tender_is_one_sale_with_a_payment_per_method_and_both_on_the_receipt(run, tmp_path):
    """`--pay` repeated: part cash (with change), the rest by WeChat Pay; the old single form still works."""
    add_products(run)
    sale = run("sale", "--line", "LAT:3", "--pay", "wechat:50", "--pay", "cash:40")
    assert sale["total_due"] == "84.00" and sale["change"] == "6.00"
    assert sale["payments"] == [{"method": "wechat", "amount": "50.00"}, {"method": "cash", "amount": "34.00"}]
    rest = run("sale", "--line", "LAT:3", "--pay", "cash:20", "--pay", "alipay")
    assert rest["payments"] == [{"method": "alipay", "amount": "64.00"}, {"method": "cash", "amount": "20.00"}]
    assert error_code(run("sale", "--line", "LAT", "--pay", "card", "--pay", "wechat", expect=2)) == "payment_invalid"
    from pypdf import PdfReader

    run("receipt", sale["receipt_no"], "--pdf", str(tmp_path / "split.pdf"))
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "split.pdf").pages)
    assert "WeChat Pay" in text and "Cash" in text and "50.00" in text and "40.00" in text


def add_manager(run):
    run("staff", "add", "--code", "M01", "--name", "Boss", "--role", "manager", "--pin", "8888")


def test_coupons_segments_export_maintenance(run, tmp_path):
    add_products(run)
    add_manager(run)
    run("member", "enrol", "--phone", "13800138000")
    issue = ("coupon", "issue", "--kind", "amount", "--value", "15", "--threshold", "100", "--count", "2")
    assert error_code(run(*issue, expect=1)) == "manager_pin_required"      # a bearer coupon is money
    assert error_code(run(*issue, "--manager-pin", "1234", expect=1)) == "pin_invalid"
    codes = run(*issue, "--manager-pin", "8888")["codes"]
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
    assert error_code(run("members", "export", str(out), expect=1)) == "manager_pin_required"   # names are personal
    assert error_code(run("members", "export", str(out), "--full-phone", expect=1)) == "manager_pin_required"
    assert not out.exists()
    exported = run("members", "export", str(out), "--manager-pin", "8888")
    assert exported["rows"] == 1 and "13800138000" not in out.read_text(encoding="utf-8-sig")
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
    (("member", "show"), "usage", 2),
    (("member", "enrol", "--phone", "13800138000", "--birthday", "02-30"), "birthday_invalid", 2),
    (("member", "enrol", "--phone", "13800138000", "--referrer", "NOSUCH"), "referrer_not_found", 1),
    (("sale", "--line", "LAT:0"), "quantity_invalid", 2),
    (("sale", "--line", "LAT:99999999"), "quantity_invalid", 2),
    (("sale", "--line", "name=x,price=1.234"), "amount_invalid", 2),
    (("sale", "--line", "name=x,price=1e5"), "amount_invalid", 2),
    (("sale", "--line", "name=x,price=1_000"), "amount_invalid", 2),
    (("sale", "--line", "name=x,price=NaN"), "amount_invalid", 2),
    (("sale", "--line", "name=,price=1"), "line_invalid", 2),
    (("sale", "--line", "LAT", "--redeem", "abc"), "points_invalid", 2),
    (("sale", "--line", "LAT", "--coupon", "NOPE1234"), "coupon_unknown", 1),
    (("sale", "--line", "LAT", "--pay", "cash:-5"), "amount_invalid", 2),
    (("sale", "--line", "LAT", "--pay", "cash:1"), "payment_insufficient", 1),
    (("sale", "--line", "LAT", "--cashier", "NOPE"), "staff_not_found", 1),
    (("sale", "--member", "13912345678", "--line", "LAT"), "member_not_found", 1),
    (("return", "R000000-000001", "--line", "x"), "line_invalid", 2),
    (("receipt", "R000000-000001", "--escpos", "r.bin"), "receipt_not_found", 1),
    (("receipt", "R000000-000001"), "usage", 2),
    (("coupon", "issue", "--kind", "amount", "--value", "-5"), "amount_invalid", 2),
    (("coupon", "issue", "--kind", "percent", "--value", "150"), "amount_invalid", 2),
    (("coupon", "issue", "--kind", "gift", "--value", "5"), "usage", 2),
    (("coupon", "issue", "--kind", "cash", "--value", "5", "--count", "0"), "count_invalid", 2),
    (("coupon", "issue", "--kind", "cash", "--value", "5", "--valid-days", "0"), "valid_days_invalid", 2),
    (("coupon", "issue", "--kind", "cash", "--value", "5", "--member", "13912345678"), "member_not_found", 1),
    (("coupon", "issue", "--kind", "cash", "--value", "5", "--segment", "Nope"), "segment_unknown", 2),
    (("members", "export", "m.csv", "--segment", "Nope"), "segment_unknown", 2),
    (("members", "export", "m.txt"), "file_invalid", 2),
    (("points", "adjust", "--phone", "13912345678", "--points", "x", "--reason", "r"), "points_invalid", 2),
    (("restore", "no-such-backup.bin"), "file_missing", 2),
    (("audit", "--limit", "0"), "limit_invalid", 2),
    (("fraud", "--days", "0"), "days_invalid", 2),
    (("coupon", "sheet", "--pdf", "s.pdf"), "usage", 2),
    (("coupon", "sheet", "--campaign", "999", "--pdf", "s.pdf"), "manager_pin_required", 1),
    (("member", "card", "--phone", "13912345678", "--pdf", "c.pdf"), "member_not_found", 1),
    (("member", "erase", "--phone", "13912345678"), "manager_pin_required", 1),
    (("keys", "rotate"), "manager_pin_required", 1),
    (("staff", "add", "--code", "C77", "--name", "X", "--role", "cashier", "--pin", "12"), "pin_invalid_format", 2),
])
def test_errors_have_codes_and_exit_status(run, args, code, status):
    add_products(run)
    before = row_counts(run.env["POS_DATABASE_URL"])
    assert error_code(run(*args, expect=status)) == code
    assert row_counts(run.env["POS_DATABASE_URL"]) == before


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
    """`pos receipt` for a member and a non-member sale, 80 and 58 mm, PDF and ESC/POS, read back."""
    from pos.printing.escpos_receipt import COLUMNS, columns
    from tests.printing.readback import escpos_parse, pdf_text, qr_payloads, qr_texts

    add_products(run)
    referral = run("member", "enrol", "--phone", "13800138000", "--name", "张三")["referral_code"]
    member_sale = run("sale", "--member", "13800138000", "--line", "LAT:2", "--pay", "cash:100")
    walk_in = run("sale", "--line", "LAT")
    config = run("config", "show")
    # a member's receipt also carries the first visit's bounce-back coupon and the referral QR (SPEC §10)
    offers = [member_sale["issued"][0]["code"], f"{config['receipt']['join_member_url']}?ref={referral}"]
    for sale, qr_url, words in ((member_sale, config["tiers"][0]["group_url"], ("138****8000", "张三", "+56")),
                                (walk_in, config["receipt"]["join_member_url"], ())):
        extra = offers if words else []
        for width in ("80", "58"):
            pdf = tmp_path / f"{sale['receipt_no']}-{width}.pdf"
            assert run("receipt", sale["receipt_no"], "--pdf", str(pdf), "--width", width)["file"] == str(pdf)
            text = pdf_text(pdf.read_bytes()).replace(" ", "")
            for word in (sale["receipt_no"], "¥56.00" if words else "¥28.00", *words):
                assert word.replace(" ", "") in text, (word, width)
            assert "13800138000" not in text
            assert sorted(qr_texts(pdf.read_bytes(), tmp_path)) == sorted([qr_url, sale["receipt_no"], *extra])
            escpos = tmp_path / f"{sale['receipt_no']}-{width}.bin"
            run("receipt", sale["receipt_no"], "--escpos", str(escpos), "--width", width)
            lines, commands = escpos_parse(escpos.read_bytes())
            assert sale["receipt_no"] in "\n".join(lines) and any(c.startswith(b"\x1dV") for c in commands)
            assert max(map(columns, lines)) <= COLUMNS[int(width)] and "13800138000" not in "".join(lines)
            assert sorted(qr_payloads(commands)) == sorted([qr_url, sale["receipt_no"], *extra])
    assert error_code(run("receipt", "R000000-000000", "--pdf", str(tmp_path / "x.pdf"), expect=1)) == \
        "receipt_not_found"
    assert error_code(run("receipt", walk_in["receipt_no"], "--pdf", "x.pdf", "--width", "76", expect=2)) == "usage"


def test_member_card_and_coupon_sheet(run, tmp_path):
    from tests.printing.readback import qr_texts

    enrolled = run("member", "enrol", "--phone", "13800138000", "--name", "张三")
    card = tmp_path / "card.pdf"
    run("member", "card", "--phone", "13800138000", "--pdf", str(card))
    (payload,) = [t for t in qr_texts(card.read_bytes(), tmp_path) if "?ref=" not in t]   # not the referral QR
    assert run("member", "show", "--qr", payload)["member_id"] == enrolled["member_id"]
    by_card = run("sale", "--qr", payload, "--line", "name=Tea,price=20")     # the card scanned at the till
    assert by_card["points_earned"] == 20 and by_card["points_balance"] == 20
    forged = payload[:-3] + ("AAA" if not payload.endswith("AAA") else "BBB")
    assert error_code(run("sale", "--qr", forged, "--line", "name=Tea,price=20", expect=2)) == "qr_invalid"
    add_manager(run)
    codes = run("coupon", "issue", "--kind", "percent", "--value", "15", "--cap", "20", "--count", "3",
                "--manager-pin", "8888")["codes"]
    sheet = tmp_path / "sheet.pdf"
    run("coupon", "sheet", *codes, "--pdf", str(sheet), "--manager-pin", "8888")
    folder = tmp_path / "sheet"
    folder.mkdir()
    assert sorted(qr_texts(sheet.read_bytes(), folder)) == sorted(codes)
    assert error_code(run("coupon", "sheet", "NOPE99999", "--pdf", str(sheet), "--manager-pin", "8888", expect=1)) == "coupon_unknown"


def test_init_demo_then_the_numbers_spec_predicts(tmp_path):
    """`pos init --demo`, then a demo member and a sale per tier: SPEC §2/§3/§5 worked numbers."""
    env = {**os.environ, "POS_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}", "POS_NOW": NOW}
    env.pop("POS_CONFIG", None)

    def pos(*args, expect=0):
        proc = subprocess.run([sys.executable, "-m", "pos.cli.main", *args, "--json"], capture_output=True,
                              text=True, env=env, timeout=300)
        assert proc.returncode == expect and "Traceback" not in proc.stderr, (args, proc.stdout, proc.stderr)
        return json.loads(proc.stdout)

    created = pos("init", "--demo", "--members", "12")
    assert created["schema_version"] and created["database"].startswith("sqlite:///")
    assert created["demo"]["members"] == 12 and created["demo"]["products"] > 0 and created["demo"]["sales"] > 0
    assert pos("init")["schema_version"] == created["schema_version"]               # re-running migrates nothing
    assert pos("init", "--demo", expect=2)["error"]["code"] == "database_not_empty"
    # (phone, tier, discount on ¥1,000, multiplier): the gift hamper ¥888 + 4 lattes ¥112 = ¥1,000
    for phone, tier, discount, multiplier in (("13900139000", "silver", 5000, "1.2"),
                                              ("13800138000", "gold", 10000, "1.5"),
                                              ("13700137000", "diamond", 15000, "2")):
        shown = pos("member", "show", "--phone", phone)
        assert shown["phone_masked"] == f"{phone[:3]}****{phone[-4:]}" and shown["tier"] == tier
        assert set(shown) >= {"member_id", "name", "growth", "next_tier", "to_next_tier", "points",
                              "points_expiring", "coupons"}
        sale = pos("sale", "--member", phone, "--line", "GFT01", "--line", "LAT01:4", "--pay", "card")
        due = 100000 - discount
        birthday = 2 if shown["birthday_month"] else 1                             # 2026-06-10: not member day
        assert sale["subtotal"] == "1000.00" and sale["tier_discount"] == f"{discount // 100}.00"
        assert sale["total_due"] == f"{due // 100}.00"
        # (a demo member may have a double-points visit waiting from the bounce-back ladder: its bonus apart)
        assert sale["points_earned"] - sale["bonus_points"] == int(Decimal(due // 100) * Decimal(multiplier)) * birthday
        assert sale["points_balance"] == shown["points"] + sale["points_earned"]
        assert sale["growth"] == shown["growth"] + due // 100 and sale["tier_before"] == tier


def test_coupon_validity_rules_each_have_their_code(run):
    add_products(run)
    run("member", "enrol", "--phone", "13800138000")
    run("member", "enrol", "--phone", "13900139000")
    add_manager(run)
    cash = ("coupon", "issue", "--kind", "cash", "--value", "5", "--manager-pin", "8888")
    (short,) = run(*cash, "--valid-days", "1")["codes"]
    (later,) = run(*cash, now="2026-07-01T09:00:00")["codes"]
    (mine,) = run(*cash, "--member", "13800138000")["codes"]
    before = row_counts(run.env["POS_DATABASE_URL"])
    for args, code, now in (
        (("--coupon", short), "coupon_expired", "2026-06-20T10:00:00"),
        (("--coupon", later), "coupon_not_yet_valid", None),
        (("--coupon", mine, "--member", "13900139000"), "coupon_not_for_member", None),
        (("--coupon", mine), "coupon_not_for_member", None),
    ):
        assert error_code(run("sale", "--line", "LAT", *args, expect=1, now=now)) == code
    assert row_counts(run.env["POS_DATABASE_URL"]) == before
    assert run("coupon", "show", mine)["status"] == "issued"
    assert run("sale", "--member", "13800138000", "--line", "LAT", "--coupon", mine)["coupon_discount"] == "5.00"


def test_without_json_text_goes_to_stdout_and_errors_to_stderr(run):
    add_products(run)
    env = {**run.env}
    ok = subprocess.run([sys.executable, "-m", "pos.cli.main", "sale", "--line", "LAT"], capture_output=True,
                        text=True, env=env, timeout=120)
    assert ok.returncode == 0 and ok.stdout.startswith("receipt S01-1-") and ok.stderr == ""
    bad = subprocess.run([sys.executable, "-m", "pos.cli.main", "sale", "--line", "LAT:x"], capture_output=True,
                         text=True, env=env, timeout=120)
    assert bad.returncode == 2 and bad.stdout == "" and bad.stderr.startswith("error [quantity_invalid]: ")


def test_unreachable_database_is_reported_not_a_crash(run):
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    assert error_code(run("--db", url, "segments", expect=1)) == "database_unavailable"
    assert error_code(run("--db", url, "init", expect=1)) == "database_unavailable"
    assert error_code(run("--db", "oracle://x", "segments", expect=2)) == "database_url_invalid"
    assert error_code(run("segments", expect=2, extra_env={"POS_NOW": "yesterday"})) == "clock_invalid"
    assert error_code(run("--config", "/no/such/config.toml", "segments", expect=2)) == "config_invalid"


def test_manager_commands(run, tmp_path):
    add_products(run)
    add_manager(run)
    run("member", "enrol", "--phone", "13800138000", "--name", "张三")
    sale = run("sale", "--member", "13800138000", "--line", "LAT")
    adjusted = run("points", "adjust", "--phone", "13800138000", "--points", "500", "--reason", "goodwill",
                   "--manager-pin", "8888")
    assert adjusted["points"] == 500 and adjusted["points_balance"] == 528
    assert error_code(run("points", "adjust", "--phone", "13800138000", "--points", "-9999", "--reason", "x",
                          "--manager-pin", "8888", expect=1)) == "points_insufficient"
    backup_file = tmp_path / "backup.posbak"
    secret = {"POS_BACKUP_PASSPHRASE": "correct horse battery staple"}
    assert error_code(run("backup", str(backup_file), expect=1, extra_env=secret)) == "manager_pin_required"
    assert error_code(run("backup", str(backup_file), "--manager-pin", "8888", "--passphrase-file", os.devnull,
                          expect=2)) == "backup_passphrase_required"
    assert run("backup", str(backup_file), "--manager-pin", "8888", extra_env=secret)["bytes"] > 0
    assert error_code(run("backup", str(backup_file), "--manager-pin", "8888", expect=2, extra_env=secret)) \
        == "file_exists"
    run("sale", "--member", "13800138000", "--line", "LAT")
    assert error_code(run("restore", str(backup_file), expect=1, extra_env=secret)) == "manager_pin_required"
    assert error_code(run("restore", str(backup_file), "--manager-pin", "8888", expect=2,
                          extra_env={"POS_BACKUP_PASSPHRASE": "a wrong passphrase"})) == "backup_auth_failed"
    assert run("restore", str(backup_file), "--manager-pin", "8888", extra_env=secret)["restored"] is True
    assert run("member", "show", "--phone", "13800138000")["points"] == 528             # the later sale is gone
    assert run("fraud", "--manager-pin", "8888")["flags"] == []
    assert error_code(run("fraud", "--manager-pin", "1111", expect=1)) == "pin_invalid"
    old_qr = run("member", "enrol", "--phone", "13900139000")["qr_payload"]
    assert run("keys", "rotate", "--manager-pin", "8888")["kid"] not in old_qr.split(".")[1]
    assert run("member", "show", "--qr", old_qr)["phone_masked"] == "139****9000"      # within the overlap
    assert run("member", "erase", "--phone", "13800138000", "--manager-pin", "8888")["erased"] is True
    assert error_code(run("member", "show", "--phone", "13800138000", expect=1)) == "member_not_found"
    assert run("receipt", sale["receipt_no"], "--pdf", str(tmp_path / "r.pdf"))["file"]   # the books keep the sale
    actions = [e["action"] for e in run("audit", "--manager-pin", "8888", "--limit", "200")["entries"]]
    for action in ("points_adjusted", "restore", "member_erased", "pin_failed", "qr_key_rotated"):
        assert any(action in a for a in actions), (action, actions)
    assert error_code(run("audit", expect=1)) == "manager_pin_required"


def test_printing_after_a_sale_never_loses_it(run, tmp_path):
    """The system printer (a CUPS-like `lp` on PATH) is out of paper: the sale is booked and
    reported unprinted; once paper is in, `pos receipt --print` prints the same receipt."""
    from pos.printing.printers import pdf_media
    from tests.printing.readback import pdf_text
    from tests.printing.test_system_printer import FakeCups

    add_products(run)
    cups = FakeCups(tmp_path / "bin", state="paper")
    config = tmp_path / "store.toml"
    default = (Path(__file__).resolve().parents[2] / "assets" / "config.toml").read_text(encoding="utf-8")
    config.write_text(default.replace('kind = "pdf"', 'kind = "system"', 1).replace(
        'target = ""', 'target = "Front"', 1), encoding="utf-8")
    env = {"POS_CONFIG": str(config), "PATH": f"{cups.bin}{os.pathsep}{os.environ['PATH']}"}
    sold = run("sale", "--line", "LAT:2", "--print", extra_env=env)
    assert sold["printed_to"] is None and sold["print_error"]["code"] == "printer_unavailable"
    assert "out of paper" in sold["print_error"]["message"] and not cups.printed()
    assert error_code(run("receipt", sold["receipt_no"], "--print", expect=1, extra_env=env)) == "printer_unavailable"
    cups.state = "idle"
    printed = run("receipt", sold["receipt_no"], "--print", extra_env=env)
    assert printed["printed_to"].startswith("request id is Front")
    assert cups.args()[-5:] == ["-d", "Front", "-o", f"media={pdf_media(cups.data())}", "-"]   # its roll size
    assert sold["receipt_no"] in pdf_text(cups.data())
    assert run("sale", "--line", "LAT", "--print", extra_env=env)["printed_to"]
    test_page = run("print-test", extra_env=env)
    assert test_page["printed_to"].startswith("request id is") and "TEST PRINT" in pdf_text(cups.data())


@pytest.mark.postgres
def test_the_same_commands_on_postgresql(pg_url, tmp_path):
    """`--db postgresql+psycopg://...` works the same: init an empty database, enrol, sell, redeem,
    return, reprint, back up."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"pos_cli_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(pg_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    env = {**os.environ, "POS_NOW": NOW}
    env.pop("POS_CONFIG", None)

    def pos(*args, expect=0):
        proc = subprocess.run([sys.executable, "-m", "pos.cli.main", "--db", url, *args, "--json"],
                              capture_output=True, text=True, env=env, timeout=300)
        assert proc.returncode == expect and "Traceback" not in proc.stderr, (args, proc.stdout, proc.stderr)
        return json.loads(proc.stdout)

    try:
        assert pos("init")["schema_version"]
        pos("member", "enrol", "--phone", "13800138000")
        for _ in range(3):
            last = pos("sale", "--member", "13800138000", "--line", "name=Big,price=1000")
        assert (last["tier_after"], last["total_due"], last["points_earned"]) == ("silver", "950.00", 1140)
        assert last["points_balance"] == 3140
        spent = pos("sale", "--member", "13800138000", "--line", "name=Tea,price=40", "--redeem", "3000", expect=1)
        assert spent["error"]["code"] == "points_cap_exceeded"
        back = pos("return", last["receipt_no"], "--line", "1:1", expect=1)
        assert back["error"]["code"] == "manager_pin_required"
        pos("staff", "add", "--code", "M01", "--name", "Boss", "--role", "manager", "--pin", "8888")
        back = pos("return", last["receipt_no"], "--manager-pin", "8888")
        assert back["refund"] == "950.00" and back["points_balance"] == 2000
        assert pos("receipt", back["return_no"], "--pdf", str(tmp_path / "r.pdf"))["file"]
        env["POS_BACKUP_PASSPHRASE"] = "correct horse battery staple"
        assert pos("backup", str(tmp_path / "pg.dump"), "--manager-pin", "8888")["bytes"] > 0
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_segment_coupons_are_a_campaign_for_a_manager(run):
    """`coupon issue --segment` and `campaign issue` are one use case: same audience, same audit."""
    add_manager(run)
    for phone in ("13800138000", "13900139000"):
        run("member", "enrol", "--phone", phone, "--consent")     # campaigns reach consenting members only
    run("member", "enrol", "--phone", "13700137000")
    run("segments")
    issue = ("coupon", "issue", "--kind", "cash", "--value", "5", "--segment", "new")
    assert error_code(run(*issue, expect=1)) == "manager_pin_required"
    first = run(*issue, "--manager-pin", "8888")
    assert (first["issued"], first["already_had"], first["count"]) == (2, 0, 2)
    assert first["no_consent"] == 1
    again = run(*issue, "--manager-pin", "8888")                 # the same day: the same campaign, no more
    assert (again["campaign_id"], again["issued"], again["already_had"]) == (first["campaign_id"], 0, 2)
    assert sorted(again["codes"]) == sorted(first["codes"])
    [listed] = run("campaign", "list", "--manager-pin", "8888")["campaigns"]
    assert (listed["name"], listed["segment"], listed["issued"]) == ("New 2026-06-10", "New", 2)
    actions = [e["action"] for e in run("audit", "--manager-pin", "8888")["entries"]]
    assert actions.count("campaign_issued") == 2 and "coupons_issued" not in actions


def test_cli_and_console_export_the_same_columns(run, tmp_path):
    from pos.services.members.export import COLUMNS

    add_manager(run)
    add_products(run)
    run("member", "enrol", "--phone", "13800138000", "--name", "张三")
    run("sale", "--member", "13800138000", "--line", "LAT")
    out = tmp_path / "m.csv"
    run("members", "export", str(out), "--manager-pin", "8888")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert tuple(row) == COLUMNS                      # the columns the console's export writes too
    assert row["enrolled_at"] == row["last_visit"] == NOW and row["phone"] == "138****8000"
