"""`pos` on the defects of issue #14 item 7: each refusal with its code and exit status, nothing
written by a refusal, and the keys a script reads (`points_not_reversed`, the window's details)."""

from __future__ import annotations

import uuid

from tests.cli.test_cli import add_products, error_code, row_counts, run  # noqa: F401 - `run` is a fixture

PHONE = "13800138000"
LATER = "2026-06-20T10:00:00"         # ten days after the sales of NOW (2026-06-10): past the 7-day window


def test_return_refusals_and_what_a_return_reports(run):  # noqa: F811 - the imported fixture
    add_products(run)
    run("member", "enrol", "--phone", PHONE)
    run("staff", "add", "--code", "M01", "--name", "Boss", "--role", "manager", "--pin", "8888")
    big = run("sale", "--member", PHONE, "--line", "BIG", "--pay", "card")            # 1,000 points
    lattes = run("sale", "--member", PHONE, "--line", "LAT:3")
    url = run.env["POS_DATABASE_URL"]
    before = row_counts(url)
    zero = run("return", lattes["receipt_no"], "--line", "1:0", expect=2)
    assert error_code(zero) == "quantity_invalid" and "at least 1" in zero["error"]["message"]
    assert row_counts(url) == before
    late = run("return", lattes["receipt_no"], "--line", "1:1", now=LATER, expect=1)["error"]
    assert (late["code"], late["sold_on"], late["days"], late["window_days"]) == (
        "return_window_passed", "2026-06-10", 10, 7)
    assert "manager's PIN" in late["message"] and row_counts(url) == before
    back = run("return", lattes["receipt_no"], "--line", "1:1", "--manager-pin", "8888", now=LATER)
    assert (back["refund"], back["points_reversed"], back["points_not_reversed"]) == ("28.00", 28, 0)
    balance = back["points_balance"]
    run("points", "adjust", "--phone", PHONE, "--points", str(10 - balance), "--reason", "spent",
        "--manager-pin", "8888")
    spent = run("return", big["receipt_no"], "--manager-pin", "8888")
    assert (spent["points_reversed"], spent["points_not_reversed"], spent["points_balance"]) == (10, 990, 0)


def test_sale_refusals(run):  # noqa: F811 - the imported fixture
    add_products(run)
    run("member", "enrol", "--phone", PHONE)
    sale_id = str(uuid.uuid4())
    first = run("sale", "--member", PHONE, "--line", "LAT:2", "--sale-id", sale_id)
    url = run.env["POS_DATABASE_URL"]
    before = row_counts(url)
    conflict = run("sale", "--member", PHONE, "--line", "LAT:3", "--sale-id", sale_id, expect=1)
    assert error_code(conflict) == "sale_id_conflict" and first["receipt_no"] in conflict["error"]["message"]
    assert error_code(run("sale", "--line", "LAT:2", "--sale-id", sale_id, expect=1)) == "sale_id_conflict"
    again = run("sale", "--member", "+86 138-0013-8000", "--line", "LAT:2", "--sale-id", sale_id)
    assert again["replayed"] and again["receipt_no"] == first["receipt_no"]
    for phone in ("😀13912345678", "-13912345678", "13912345678#"):
        assert error_code(run("member", "enrol", "--phone", phone, expect=2)) == "phone_invalid"
    long_name = run("sale", "--line", f"name={'x' * 201},price=1", expect=2)["error"]
    assert (long_name["code"], long_name["message"]) == (
        "name_invalid", "an open item's name has 201 characters; at most 200")
    assert row_counts(url) == before
