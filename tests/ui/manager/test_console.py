"""The console's tabs driven through their own widgets on a real demo database."""

from __future__ import annotations

import csv
import re
import time
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton, QWidget
from sqlalchemy import func, select

from pos.db.models import AuditEntry, Coupon, LedgerEntry, Member
from pos.services.admin.demo import DEMO_CASHIER, DEMO_GOLD_PHONE, DEMO_MANAGER
from pos.services.members.export import COLUMNS
from pos.ui.manager import common
from tests.ui.manager.conftest import DEMO_MEMBERS, settle


def _member_id(ctx, phone: str) -> int:
    with ctx.read() as session:
        return session.scalar(select(Member.id).where(Member.phone.like(f"%{phone}")))


def _audits(ctx, action: str) -> int:
    with ctx.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action))


def test_open_console_is_the_tills_entry_point(qtbot, demo_ctx, manager):
    from pos.ui.manager import open_console

    window = open_console(demo_ctx, manager, "en")
    qtbot.addWidget(window)
    assert isinstance(window, QWidget) and window.isVisible()
    with qtbot.waitSignal(window.members.model.counted, timeout=30000) as blocker:
        pass
    with demo_ctx.read() as session:
        assert blocker.args[0] == session.scalar(select(func.count()).select_from(Member)) == DEMO_MEMBERS
    settle(qtbot, window)


def test_manager_sign_in_refuses_a_cashier_pin(qtbot, demo_ctx):
    from pos.ui.manager.signin import ManagerSignInDialog

    dialog = ManagerSignInDialog(demo_ctx)
    qtbot.addWidget(dialog)
    dialog.pin.setText(DEMO_CASHIER[3])
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.isEnabled() and bool(dialog.message.text()), timeout=10000)
    assert "manager PIN" in dialog.message.text() and dialog.staff is None
    dialog.pin.setText(DEMO_MANAGER[3])
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.accept()
    assert dialog.staff.is_manager and dialog.result() == QDialog.DialogCode.Accepted


def test_shortcuts_switch_tabs_and_focus_search(qtbot, console):
    with qtbot.waitActive(console):
        console.show()
        console.activateWindow()
    qtbot.keyClick(console.focusWidget() or console, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert console.tabs.currentWidget() is console.reports
    qtbot.keyClick(console.focusWidget() or console, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert console.tabs.currentWidget() is console.members and console.members.search.hasFocus()


def test_enter_opens_the_detail_and_points_are_adjusted_with_a_reason(qtbot, console, demo_ctx):
    console.show()
    members = console.members
    members.search.setText(DEMO_GOLD_PHONE[-4:])
    with qtbot.waitSignal(members.model.counted, timeout=10000):
        members.apply_filter()
    assert members.model.rowCount() >= 1
    members.table.setFocus()
    members.table.setCurrentIndex(members.model.index(0, 0))
    with qtbot.waitSignal(members.open_member, timeout=5000) as opened:
        qtbot.keyClick(members.table, Qt.Key.Key_Return)
    member_id = opened.args[0]
    assert member_id == _member_id(demo_ctx, DEMO_GOLD_PHONE)
    dialog = console.open_member(member_id)
    with qtbot.waitSignal(dialog.loaded, timeout=10000) as loaded:
        pass
    detail = loaded.args[0]
    assert dialog.ledger.rowCount() == len(detail.ledger) > 0
    assert dialog.sales.rowCount() == len(detail.sales) > 0
    assert "****" in dialog.phone.text()

    dialog.points.setValue(150)
    dialog.adjust_points()                                 # no reason: refused in the dialog
    assert "reason" in dialog.error.text().lower()
    dialog.reason.setText("Goodwill: coffee spilt")
    with qtbot.waitSignal(dialog.loaded, timeout=10000) as reloaded:
        dialog.adjust_points()
    assert reloaded.args[0].points == detail.points + 150
    with demo_ctx.read() as session:
        entry = session.scalars(select(LedgerEntry).where(LedgerEntry.member_id == member_id)
                                .order_by(LedgerEntry.id.desc())).first()
    assert (entry.points, entry.reason) == (150, "Goodwill: coffee spilt")
    dialog.close()


def test_full_phone_only_after_confirmation_and_audited(qtbot, console, demo_ctx, monkeypatch):
    member_id = _member_id(demo_ctx, DEMO_GOLD_PHONE)
    dialog = console.open_member(member_id)
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        pass
    before = _audits(demo_ctx, "full_phone_viewed")
    monkeypatch.setattr(common, "ask_confirm", lambda *args: False)
    dialog.reveal_phone()
    settle(qtbot, console)
    assert "****" in dialog.phone.text() and _audits(demo_ctx, "full_phone_viewed") == before
    monkeypatch.setattr(common, "ask_confirm", lambda *args: True)
    with qtbot.waitSignal(dialog.phone_revealed, timeout=10000):
        dialog.reveal_phone()
    assert DEMO_GOLD_PHONE in dialog.phone.text().replace(" ", "").replace("-", "")
    assert _audits(demo_ctx, "full_phone_viewed") == before + 1
    dialog.close()


def test_the_member_list_shows_its_snapshot_date_and_follows_a_recompute(qtbot, console, demo_ctx):
    """The 365-day figures come from the segment snapshot: its date is shown beside them, and a
    recompute (a change record with segments) refreshes the list and the date."""
    members = console.members
    qtbot.waitUntil(lambda: bool(members.as_of.text()), timeout=10000)
    assert common.when(demo_ctx.clock()) in members.as_of.text()
    demo_ctx.clock.moment += timedelta(hours=2)
    with qtbot.waitSignals([console.segments.overview_loaded, members.model.counted], timeout=30000):
        console.segments.recompute_segments()
    qtbot.waitUntil(lambda: common.when(demo_ctx.clock()) in members.as_of.text(), timeout=10000)


def test_an_adjustment_refreshes_the_member_list_from_its_change_record(qtbot, console, demo_ctx):
    members = console.members
    members.model.sort(7, Qt.SortOrder.DescendingOrder)          # by points
    with qtbot.waitSignal(members.model.counted, timeout=10000):
        pass
    member_id = _member_id(demo_ctx, DEMO_GOLD_PHONE)
    assert members.model.member_id(0) != member_id
    dialog = console.open_member(member_id)
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        pass
    dialog.points.setValue(9_000_000)
    dialog.reason.setText("Top of the list")
    with qtbot.waitSignal(members.model.counted, timeout=10000), \
            qtbot.waitSignal(dialog.changed, timeout=10000) as changed:
        dialog.adjust_points()
    assert changed.args[0].members == frozenset({member_id})
    qtbot.waitUntil(lambda: members.model.member_id(0) == member_id, timeout=10000)
    dialog.close()


def test_segments_recompute_and_open_a_segment_in_the_list(qtbot, console):
    console.show()
    tab = console.segments
    with qtbot.waitSignal(tab.overview_loaded, timeout=10000):
        console.tabs.setCurrentWidget(tab)
    with qtbot.waitSignal(tab.overview_loaded, timeout=30000):
        tab.recompute_segments()
    assert tab.progress.isHidden() and tab.recompute.isEnabled()
    rows = tab.overview.rows
    names = [row.name for row in rows]
    assert "At risk" in names and "Whale" in names
    biggest = max(range(len(rows)), key=lambda i: rows[i].count)
    with qtbot.waitSignal(console.members.model.counted, timeout=10000) as counted:
        rect = tab.table.visualRect(tab.table.model().index(biggest, 0))
        qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert console.tabs.currentWidget() is console.members
    assert console.members.model.filter.segment == rows[biggest].name
    assert counted.args[0] == rows[biggest].count


def _issue(qtbot, tab, name: str, segment: str):
    tab.name.setText(name)
    tab.audience.setCurrentIndex(tab.audience.findData(segment))
    tab.kind.setCurrentIndex(tab.kind.findData("amount"))
    tab.value.setText("15")
    tab.threshold.setText("100")
    tab.holdout.setValue(0)          # everyone in the audience gets one (the holdout: test_lifecycle_console)
    with qtbot.waitSignal(tab.issued, timeout=60000) as issued:
        tab.issue()
    return issued.args[0]


def test_campaign_preview_issue_with_progress_rerun_and_exports(qtbot, console, demo_ctx, monkeypatch, tmp_path):
    with qtbot.waitSignal(console.segments.overview_loaded, timeout=30000):
        console.segments.recompute_segments()
    segment = max(console.segments.overview.rows, key=lambda row: row.count)
    tab = console.campaigns
    tab.audience.setCurrentIndex(tab.audience.findData(segment.name))
    with qtbot.waitSignal(tab.previewed, timeout=10000) as previewed:
        tab.preview()
    consenting = previewed.args[0]                  # only members with marketing consent get one
    assert 0 < consenting < segment.count
    seen: list[tuple[int, int]] = []
    tab.progress.advanced.connect(lambda done, total: seen.append((done, total)))
    result = _issue(qtbot, tab, "Win-back test", segment.name)
    assert (result.issued, result.no_consent, result.cancelled) == (consenting, segment.count - consenting, False)
    assert seen and seen[-1] == (consenting, consenting)
    assert tab.progress.dialog is None and tab.issue_button.isEnabled()
    assert f"{segment.count - consenting} members without marketing consent were skipped" in console.info.text()
    with demo_ctx.read() as session:
        coupons = session.scalar(select(func.count()).select_from(Coupon)
                                 .where(Coupon.campaign_id == result.campaign_id))
    assert coupons == consenting
    again = _issue(qtbot, tab, "Win-back test", segment.name)           # safe to re-run
    assert again.issued == 0

    written: list[str] = []
    monkeypatch.setattr(common, "open_file", written.append)
    monkeypatch.setattr(common, "ask_save_path", lambda parent, title, name, pattern: str(tmp_path / name))
    tab.reload(select=result.campaign_id)
    with qtbot.waitSignal(tab.campaigns_loaded, timeout=10000):
        pass
    with qtbot.waitSignal(tab.file_written, timeout=20000):
        tab.print_sheet()
    assert written and open(written[0], "rb").read(4) == b"%PDF"
    with qtbot.waitSignal(tab.file_written, timeout=20000) as exported:
        tab.export_csv()
    text = open(exported.args[0], encoding="utf-8-sig").read()
    assert len(list(csv.reader(text.splitlines()))) >= consenting
    assert "****" in text and DEMO_GOLD_PHONE not in text


def press_cancel(dialog) -> None:
    dialog.findChild(QPushButton).click()


def waits_for_cancel(job, *args, progress, cancelled, **kwargs):
    """Runs job; after its first progress step, its next cancelled() check waits (up to 5 s) until
    the GUI thread has pressed Cancel, so the test does not race the job to its end."""
    started = []

    def ask() -> bool:
        deadline = time.monotonic() + 5
        while started and not cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        return cancelled()
    return job(*args, progress=lambda done, total: (started.append(done), progress(done, total)),
               cancelled=ask, **kwargs)


def test_campaign_cancel_stops_between_batches(qtbot, console, monkeypatch):
    from pos.services.campaigns import campaign as campaigns

    real = campaigns.issue_campaign

    def small_batches(*args, progress, cancelled, **kwargs):
        """Batches of 5; after the first batch the job waits until the dialog's Cancel arrived."""
        return waits_for_cancel(real, *args, progress=progress, cancelled=cancelled, **{**kwargs, "batch": 5})

    monkeypatch.setattr(campaigns, "issue_campaign", small_batches)
    tab = console.campaigns
    tab.progress.advanced.connect(lambda done, total: tab.progress.dialog and press_cancel(tab.progress.dialog))
    tab.audience.setCurrentIndex(tab.audience.findData("__list_filter__"))     # all demo members
    tab.name.setText("Cancelled one")
    tab.holdout.setValue(0)          # a batch of 5 is 5 coupons
    with qtbot.waitSignal(tab.issued, timeout=60000) as issued:
        tab.issue()
    result = issued.args[0]
    assert result.cancelled and result.issued == 5
    assert "Cancelled" in console.info.text() and tab.progress.dialog is None


def test_report_shown_with_chart_and_exported(qtbot, console, monkeypatch, tmp_path):
    tab = console.reports
    tab.choose("sales_per_day")
    with qtbot.waitSignal(tab.report_shown, timeout=30000) as shown:
        tab.run_report()
    report = shown.args[0]
    assert tab.table.rowCount() == len(report.rows) > 0
    assert tab.chart.chart().series()
    monkeypatch.setattr(common, "ask_save_path", lambda parent, title, name, pattern: str(tmp_path / name))
    tab.export_csv()
    settle(qtbot, console)
    rows = list(csv.reader(open(tmp_path / "sales_per_day.csv", encoding="utf-8-sig")))
    assert len(rows) == len(report.rows) + 1


def test_a_report_shows_its_steps_and_can_be_cancelled(qtbot, console, monkeypatch):
    from pos.services.reports import summary as reports

    real, labels = reports.run_report, []

    def slow_to_notice(*args, progress, cancelled, **kwargs):
        return waits_for_cancel(real, *args, progress=progress, cancelled=cancelled, **kwargs)

    def look_and_cancel(done, total):
        dialog = tab.progress.dialog
        if dialog is not None:
            labels.append(dialog.labelText())
            press_cancel(dialog)

    monkeypatch.setattr(reports, "run_report", slow_to_notice)
    tab = console.reports
    tab.choose("sales_per_day")
    tab.progress.advanced.connect(look_and_cancel)
    tab.run_report()
    qtbot.waitUntil(lambda: console.info.text() == "Report cancelled.", timeout=30000)
    assert tab.progress.dialog is None and tab.report is None and not console.error.text()
    assert labels and "Sales per day" in labels[0] and "Step 1 of " in labels[0]


def test_settings_validation_error_names_the_field(qtbot, console):
    tab = console.settings
    console.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.loaded, timeout=10000)
    step = tab.form.fields["points.redeem_step"].widget
    step.setValue(-3)
    assert step.value() == 1                                # the field's bounds come from the schema
    tab.form.fields["points.earn_per_yuan"].widget.setText("-3")
    with qtbot.waitSignal(tab.validated, timeout=10000) as checked:
        tab.validate()
    assert checked.args == [False]
    assert tab.message.text().startswith("Points per ¥1 paid: expected a decimal from 0 to 100")


def test_staff_added_and_listed(qtbot, console, demo_ctx):
    tab = console.staff_tab
    with qtbot.waitSignal(tab.staff_loaded, timeout=10000):
        console.tabs.setCurrentWidget(tab)
    tab.code.setText("C07")
    tab.name.setText("Zhao Lei 赵磊")
    tab.role.setCurrentIndex(tab.role.findData("cashier"))
    tab.pin.setText("4321")
    with qtbot.waitSignal(tab.staff_loaded, timeout=20000) as loaded:
        tab.add_staff()
    assert "C07" in [s.code for s in loaded.args[0]]
    assert "Zhao Lei" in console.info.text()
    tab.pin.setText("12")                                   # refused by the service, shown, no crash
    tab.code.setText("C08")
    tab.name.setText("X")
    tab.add_staff()
    settle(qtbot, console)
    assert "PIN" in console.error.text()


def test_audit_entries_and_flags_load_when_the_tab_opens(qtbot, console):
    tab = console.audit
    with qtbot.waitSignals([tab.entries_loaded, tab.flags_loaded], timeout=10000):
        console.tabs.setCurrentWidget(tab)                  # no button to press
    actions = [tab.entries.item(row, 1).text() for row in range(tab.entries.rowCount())]
    assert actions and not [a for a in actions if "_" in a]           # the action as people read it
    with qtbot.waitSignal(tab.entries_loaded, timeout=10000):
        tab.reload()


def test_member_export_masked_unless_full_numbers_confirmed(qtbot, console, demo_ctx, monkeypatch, tmp_path):
    members = console.members
    members.tier.setCurrentIndex(members.tier.findData("silver"))
    with qtbot.waitSignal(members.model.counted, timeout=10000):
        members.apply_filter()
    expected = members.model.rowCount()
    monkeypatch.setattr(common, "ask_save_path", lambda parent, title, name, pattern: str(tmp_path / name))
    members.export_csv()
    settle(qtbot, console)
    masked = (tmp_path / "members.csv").read_text(encoding="utf-8-sig")
    assert len(masked.splitlines()) == expected + 1 and expected > 0
    assert not re.search(r"\d{11}", masked) and "****" in masked
    assert _audits(demo_ctx, "members_exported") == 1

    members.full_phone.setChecked(True)
    monkeypatch.setattr(common, "ask_confirm", lambda *args: False)
    members.export_csv()                                    # not confirmed: nothing written
    settle(qtbot, console)
    assert _audits(demo_ctx, "members_exported") == 1
    monkeypatch.setattr(common, "ask_confirm", lambda *args: True)
    members.export_csv()
    settle(qtbot, console)
    full = (tmp_path / "members.csv").read_text(encoding="utf-8-sig")
    assert re.search(r"\+86\d{11}", full) and _audits(demo_ctx, "members_exported") == 2
    assert f"{expected} rows written" in console.info.text()
    header = next(csv.reader(full.splitlines()))
    assert tuple(header) == COLUMNS                           # the columns `pos members export` writes


def test_service_errors_are_shown_not_raised(qtbot, console):
    members = console.members
    members.spend_min.setText("12.345")                     # three decimals: refused by the money parser
    members.apply_filter()
    assert "spend" in console.error.text().lower()
    console.campaigns.name.setText("")
    console.campaigns.issue()
    assert console.error.text()


def test_non_ascii_digits_in_a_points_filter_are_refused_not_a_crash(qtbot, console):
    members = console.members
    members.points_min.setText("²")                         # str.isdigit() is True, int() fails
    members.apply_filter()
    assert "minimum points" in console.error.text()


def test_coupon_sheet_printed_on_the_office_printer_or_the_fault_shown(qtbot, console, tmp_path, monkeypatch):
    import os

    from pypdf import PdfReader

    from pos.services.campaigns import campaign as campaigns
    from pos.services.coupons.issue import parse_spec
    from tests.printing.test_system_printer import FakeCups

    cups = FakeCups(tmp_path / "bin", state="default")
    monkeypatch.setenv("PATH", f"{cups.bin}{os.pathsep}/usr/bin:/bin")
    from pos.services.segments.rfm import segment_overview

    biggest = max(segment_overview(console.ctx, console.staff.id).rows, key=lambda row: row.count).name
    result = campaigns.issue_campaign(console.ctx, console.staff.id, "Sheet test", campaigns.Audience(segment=biggest),
                                      parse_spec("cash", "5", valid_days=30))
    tab = console.campaigns
    tab.reload(select=result.campaign_id)
    with qtbot.waitSignal(tab.campaigns_loaded, timeout=10000):
        pass
    with qtbot.waitSignal(tab.sheet_printed, timeout=20000):
        tab.print_button.click()
    assert cups.args() == ["-n", "1", "-o", "media=Custom.210x297mm", "-"]   # the default printer, one A4 copy
    pdf_path = tmp_path / "sent.pdf"
    pdf_path.write_bytes(cups.data())
    text = "".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    codes = campaigns.campaign_codes(console.ctx, result.campaign_id)
    assert codes and all(code in text for code in codes)
    assert "Front-7" in console.info.text()

    cups.state = "nodefault"
    tab.print_button.click()
    settle(qtbot, console)
    assert "not available" in console.error.text()


def test_a_coupon_sheet_shows_progress_and_can_be_cancelled(qtbot, console, tmp_path, monkeypatch):
    from pos.services.campaigns import campaign as campaigns
    from pos.services.coupons.issue import parse_spec
    from pos.services.segments.rfm import segment_overview

    biggest = max(segment_overview(console.ctx, console.staff.id).rows, key=lambda row: row.count)
    result = campaigns.issue_campaign(console.ctx, console.staff.id, "Big sheet", campaigns.Audience(segment=biggest.name),
                                      parse_spec("cash", "5", valid_days=30))
    assert result.issued > 20                                 # at least three pages
    tab = console.campaigns
    tab.reload(select=result.campaign_id)
    with qtbot.waitSignal(tab.campaigns_loaded, timeout=10000):
        pass
    monkeypatch.setattr(common, "ask_save_path", lambda parent, title, name, pattern: str(tmp_path / name))
    seen: list[tuple[int, int]] = []
    tab.progress.advanced.connect(lambda done, total: seen.append((done, total)))
    tab.print_sheet()
    assert tab.progress.dialog is not None and tab.progress.dialog.isVisible()
    press_cancel(tab.progress.dialog)                          # the Cancel button
    settle(qtbot, console)
    assert "cancelled" in console.error.text()
    assert not list(tmp_path.glob("*.pdf"))                    # nothing half-written
    assert tab.progress.dialog is None and seen and seen[-1][0] < result.issued

    seen.clear()
    with qtbot.waitSignal(tab.file_written, timeout=60000):
        tab.print_sheet()
    assert seen[-1] == (result.issued, result.issued)
