"""`pos` commands of the manager console, driven as a subprocess."""

from __future__ import annotations

import csv

from sqlalchemy import create_engine

from pos.config import DEFAULT_CONFIG_PATH
from tests.cli import test_cli
from tests.cli.test_cli import error_code

run = test_cli.run          # the subprocess fixture, shared

SHIPPED = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")


def sql(run, *statements):
    engine = create_engine(run.env["POS_DATABASE_URL"])
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)
    engine.dispose()


def test_settings_show_and_save(run, tmp_path):
    run("staff", "add", "--code", "M01", "--name", "Wang", "--role", "manager", "--pin", "8888")
    run("staff", "add", "--code", "C01", "--name", "Li", "--role", "cashier", "--pin", "1234", "--manager-pin", "8888")
    assert run("settings", "show")["toml"] == SHIPPED
    good, bad = tmp_path / "good.toml", tmp_path / "bad.toml"
    good.write_text(SHIPPED.replace('discount = "0.05"', 'discount = "0.08"'), encoding="utf-8")
    bad.write_text(SHIPPED.replace('discount = "0.05"', "discount = 0.05"), encoding="utf-8")
    refused = run("settings", "save", str(bad), "--manager-pin", "8888", expect=2)
    assert error_code(refused) == "config_invalid" and "tiers[1].discount" in refused["error"]["message"]
    assert error_code(run("settings", "save", str(good), expect=1)) == "manager_pin_required"
    assert error_code(run("settings", "save", str(good), "--manager-pin", "1234", expect=1)) == "pin_invalid"
    assert run("settings", "save", str(good), "--manager-pin", "8888")["version"] == 1
    assert run("config", "show")["tiers"][1]["discount"] == "0.08"
    assert run("settings", "show")["version"] == 1


def test_staff_list_reset_pin_and_deactivate(run):
    run("staff", "add", "--code", "M01", "--name", "Wang", "--role", "manager", "--pin", "8888")
    run("staff", "add", "--code", "C01", "--name", "Li", "--role", "cashier", "--pin", "1234", "--manager-pin", "8888")
    listed = run("staff", "list", "--manager-pin", "8888")["staff"]
    assert [(s["code"], s["role"], s["active"]) for s in listed] == [("M01", "manager", True), ("C01", "cashier", True)]
    assert run("staff", "reset-pin", "--code", "C01", "--pin", "2468", "--manager-pin", "8888")["pin_reset"]
    assert error_code(run("staff", "list", "--manager-pin", "2468", expect=1)) == "pin_invalid"   # not a manager
    run("staff", "deactivate", "--code", "C01", "--manager-pin", "8888")
    assert [s["active"] for s in run("staff", "list", "--manager-pin", "8888")["staff"]] == [True, False]
    assert error_code(run("staff", "reset-pin", "--code", "X9", "--pin", "2468", "--manager-pin", "8888",
                          expect=2)) == "staff_not_found"


def test_campaign_issue_list_export_sheet_and_report(run, tmp_path):
    run("staff", "add", "--code", "M01", "--name", "Wang", "--role", "manager", "--pin", "8888")
    sql(run, *(f"INSERT INTO members (id, phone, phone_tail, name, consent_marketing, referral_code, enrolled_at, "
               f"tier_key, tier_since, points_balance) VALUES ({i}, '+861380000000{i}', '000{i}', 'M{i}', 1, 'R{i}', "
               f"'2026-01-01 00:00:00', 'member', '2026-01-01 00:00:00', 0)" for i in range(1, 4)),
        "INSERT INTO segment_snapshots (id, taken_at, members) VALUES (1, '2026-06-01 00:00:00', 3)",
        *(f"UPDATE member_stats SET segment = '{'At risk' if i < 3 else 'Loyal'}', r = 1, f = 1, m = 1 "
          f"WHERE member_id = {i}" for i in range(1, 4)))
    args = ("campaign", "issue", "--name", "Win-back", "--segment", "At risk", "--kind", "amount", "--value", "15",
            "--threshold", "100")
    assert error_code(run(*args, expect=1)) == "manager_pin_required"
    first = run(*args, "--manager-pin", "8888")
    assert (first["issued"], first["already_had"]) == (2, 0)
    assert (run(*args, "--manager-pin", "8888")["issued"]) == 0
    assert error_code(run("campaign", "list", expect=1)) == "manager_pin_required"
    [listed] = run("campaign", "list", "--manager-pin", "8888")["campaigns"]
    assert (listed["name"], listed["issued"], listed["redeemed"]) == ("Win-back", 2, 0)
    out = tmp_path / "c.csv"
    assert run("campaign", "export", str(first["campaign_id"]), str(out), "--manager-pin", "8888")["rows"] == 2
    with out.open(encoding="utf-8-sig", newline="") as handle:
        assert [r["phone"] for r in csv.DictReader(handle)] == ["138****0001", "138****0002"]
    sheet = ("campaign", "sheet", str(first["campaign_id"]), "--pdf", str(tmp_path / "s.pdf"))
    assert error_code(run(*sheet, expect=1)) == "manager_pin_required"      # every code of the campaign
    assert not (tmp_path / "s.pdf").exists()
    assert run(*sheet, "--manager-pin", "8888")["file"]
    coupon_sheet = ("coupon", "sheet", "--campaign", str(first["campaign_id"]), "--pdf", str(tmp_path / "t.pdf"))
    assert error_code(run(*coupon_sheet, expect=1)) == "manager_pin_required"
    assert run(*coupon_sheet, "--manager-pin", "8888")["file"]
    dates = ("--from", "2026-06-01", "--to", "2026-06-10")
    assert error_code(run("report", "coupon_redemption", *dates, expect=1)) == "manager_pin_required"
    report = run("report", "coupon_redemption", *dates, "--csv", str(tmp_path / "r.csv"), "--manager-pin", "8888")
    assert report["rows"] == [["Win-back", 2, 0, "0.0"]] and (tmp_path / "r.csv").exists()
    assert error_code(run("report", "sales_per_day", "--from", "2026-06-10", "--to", "June", expect=2)) == "date_invalid"
