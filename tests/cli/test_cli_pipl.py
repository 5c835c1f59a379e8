"""Issue #12 through `pos`: consent withdrawn and given (`pos member consent`), audited; a masked
export needs a manager PIN; a receipt made again is audited on the till when no staff is named."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, text

from tests.cli import test_cli
from tests.cli.test_cli import add_products, error_code

run = test_cli.run          # the subprocess fixture, shared
PHONE = "13912345678"
TILL = {"POS_TILL_ID": "till-7"}


def audit_rows(run, action: str) -> list[tuple]:
    engine = create_engine(run.env["POS_DATABASE_URL"])
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT staff.code, audit_log.target, audit_log.details FROM audit_log "
                                 "LEFT JOIN staff ON staff.id = audit_log.staff_id WHERE action = :action "
                                 "ORDER BY audit_log.id"), {"action": action}).all()
    engine.dispose()
    return [(code, target, json.loads(details)) for code, target, details in rows]


def staff(run) -> None:
    run("staff", "add", "--code", "M01", "--name", "Wang", "--role", "manager", "--pin", "8888")
    run("staff", "add", "--code", "C01", "--name", "Li", "--role", "cashier", "--pin", "1234", "--manager-pin", "8888")


def test_consent_is_withdrawn_and_given_at_the_command_line(run):
    staff(run)
    member = run("member", "enrol", "--phone", PHONE, "--consent")["member_id"]
    assert error_code(run("member", "consent", "--phone", PHONE, expect=2)) == "usage"       # --give or --withdraw
    assert error_code(run("member", "consent", "--phone", PHONE, "--give", "--withdraw", expect=2)) == "usage"
    withdrawn = run("member", "consent", "--phone", PHONE, "--withdraw", "--cashier", "C01", "--cashier-pin", "1234")
    assert withdrawn == {"member_id": member, "consent_marketing": False, "changed": True}
    given = run("member", "consent", "--phone", PHONE, "--give", extra_env=TILL)
    assert given["consent_marketing"] is True and given["changed"] is True
    (by_cashier, _, _), (nobody, target, details) = audit_rows(run, "consent_withdrawn") + audit_rows(
        run, "consent_given")
    assert by_cashier == "C01" and nobody is None and target == str(member) and details["till"] == "till-7"
    assert "no staff member" in details["no_staff"]


def test_a_masked_export_needs_a_manager_pin(run, tmp_path):
    staff(run)
    run("member", "enrol", "--phone", PHONE, "--name", "张三")
    target = tmp_path / "members.csv"
    assert error_code(run("members", "export", str(target), expect=1)) == "manager_pin_required"
    assert error_code(run("members", "export", str(target), "--manager-pin", "1234", expect=1)) == "pin_invalid"
    assert not target.exists()
    assert run("members", "export", str(target), "--manager-pin", "8888")["rows"] == 1
    [(code, _, details)] = audit_rows(run, "members_exported")
    assert code == "M01" and details["full_phone"] is False


def test_a_receipt_made_again_and_a_member_card_are_audited_on_the_till(run, tmp_path):
    add_products(run)
    run("member", "enrol", "--phone", PHONE)
    sale = run("sale", "--line", "LAT", "--member", PHONE)
    run("receipt", sale["receipt_no"], "--pdf", str(tmp_path / "again.pdf"), extra_env=TILL)
    run("member", "card", "--phone", PHONE, "--pdf", str(tmp_path / "card.pdf"), extra_env=TILL)
    [(code, target, details)] = audit_rows(run, "receipt_reprinted")
    assert code is None and target == sale["receipt_no"] and details["till"] == "till-7"
    [(code, _, details)] = audit_rows(run, "member_card_issued")
    assert code is None and details["till"] == "till-7" and details["output"] == str(tmp_path / "card.pdf")
