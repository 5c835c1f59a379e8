"""Figures for docs/RELIABILITY.md (issue #12): how many PINs a guessing loop gets before the till
locks, and every kind of file the program writes with personal data checked for mode 0600 under a
umask that would leave it world-readable. Both databases."""

from __future__ import annotations

import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from pos.db.models import QrKey
from pos.errors import PosError
from pos.services import printouts
from pos.services.admin import backup
from pos.services.campaigns import campaign as campaigns
from pos.services.coupons import issue as coupons
from pos.services.members import export
from pos.services.members.listing import MemberFilter
from pos.services.members.lookup import enrol
from pos.services.reports import summary
from pos.services.sales import checkout as co
from pos.services.sales import receipts
from pos.services.sales.cart import LineInput
from pos.services.staff import accounts, audit_log
from tests.reliability.conftest import FIGURES

PHONE = "13912345678"
PASSPHRASE = "correct horse battery staple"


def test_a_guessing_loop_that_waits_as_told_is_locked_out_after_the_configured_guesses(ctx, clock, manager):
    guesses, pin = 0, 0
    while True:
        try:
            accounts.sign_in(ctx, f"{pin:04d}", need_manager=True)
            pytest.fail(f"guessed {pin:04d}")
        except PosError as exc:
            if exc.code == "till_locked":
                break
            assert exc.code in ("pin_invalid", "pin_backoff")
            if exc.code == "pin_invalid":
                guesses, pin = guesses + 1, pin + 1
            clock.moment += timedelta(seconds=exc.details.get("retry_after", 1))
    assert guesses == ctx.config.security.pin_max_failures
    FIGURES["pin_guesses_before_lockout"] = guesses


@pytest.fixture
def hostile_umask():
    before = os.umask(0)                 # anything not made private on purpose comes out 0666
    yield
    os.umask(before)


def test_every_file_with_personal_data_is_private(ctx, manager, products, tmp_path, hostile_umask):
    member = enrol(ctx, PHONE, name="张三", consent=True).member.member_id
    sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT")], member_id=member))
    codes = coupons.issue_coupons(ctx, manager.id, coupons.parse_spec("cash", "5"), member_id=member).codes
    campaign = campaigns.issue_campaign(ctx, manager.id, "All", campaigns.Audience(member_filter=MemberFilter()),
                                        coupons.parse_spec("cash", "5"))
    out = tmp_path / "out"
    out.mkdir()
    report = summary.run_report(ctx, manager.id, "sales_per_day", date(2026, 1, 1), date(2026, 12, 31))
    written = [
        Path(export.export_members(ctx, manager.id, str(out / "members.csv"), full_phone=True).file),
        out / "campaign.csv" if campaigns.export_campaign(ctx, manager.id, campaign.campaign_id,
                                                          str(out / "campaign.csv")) else None,
        out / "audit.csv" if audit_log.export_audit(ctx, manager.id, str(out / "audit.csv")) else None,
        Path(summary.export_report(ctx, manager.id, report, str(out / "report.csv"))),
        receipts.write_receipt(ctx, sale.receipt_no, out / "receipt.pdf", "pdf", 80),
        receipts.write_receipt(ctx, sale.receipt_no, out / "receipt.bin", "escpos", 58),
        printouts.write_card(ctx, PHONE, out / "card.pdf"),
        printouts.write_coupon_sheet(ctx, manager.id, out / "sheet.pdf", codes=codes),
        Path(backup.backup(ctx, str(out / "store.posbak"), staff_id=manager.id, passphrase=PASSPHRASE).file),
    ]
    keys = Path(os.environ["POS_KEY_DIR"])
    with ctx.read() as session:
        written += [keys / f"qr-{kid}.key" for kid in session.scalars(select(QrKey.kid))]
    if ctx.engine.dialect.name == "sqlite":
        database = Path(ctx.engine.url.database)
        written += [database, *(p for p in (Path(f"{database}-wal"), Path(f"{database}-shm")) if p.exists())]
    modes = {str(path): oct(stat.S_IMODE(path.stat().st_mode)) for path in written}
    assert {path: mode for path, mode in modes.items() if mode != "0o600"} == {}
    assert oct(stat.S_IMODE(keys.stat().st_mode)) == "0o700"
    FIGURES["files_checked_for_mode"] += len(written) + 1
