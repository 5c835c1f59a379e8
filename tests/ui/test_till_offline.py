"""The till itself keeps selling when PostgreSQL is down (#17), driven through the real till window
against a throw-away PostgreSQL server of its own that the test stops (`pg_ctl stop -m immediate`) and
starts again: member look-up from the card cache, a cached coupon, points under the offline cap, Pay,
the receipt printed from the journal, the banner's count; back online, the sync books each sale once
(sales, points, coupon use, stamps) and the banner goes. And: the terminal starts with the server down.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select

from pos.config import load_config
from pos.db.engine import OFFLINE_CONNECT_TIMEOUT_S, make_engine
from pos.db.models import Coupon, LedgerEntry, Member, PointsLot, Sale, StampMove
from pos.errors import Refusal
from pos.services import offline
from pos.services.admin.demo import DEMO_CASHIER, DEMO_GOLD_PHONE, create_demo
from pos.services.admin.setup import init_database
from pos.services.context import AppContext
from pos.services.till import Till, offline_start
from pos.ui import main_window
from pos.ui.dialogs.items import SearchDialog
from pos.ui.dialogs.payment import PaymentDialog
from pos.ui.dialogs.sale_done import SaleDoneDialog
from pos.ui.dialogs.signin import SignInDialog
from pos.ui.style import STYLE
from tests.databases import NOW
from tests.fixtures_db import Clock
from tests.ui.conftest import ROOT, add_skus, look_up, settle, type_and_enter

PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
needs_server_binaries = pytest.mark.skipif(not PG_BIN or shutil.which("runuser") is None or os.geteuid() != 0,
                                           reason="needs the PostgreSQL server binaries (scripts/pg.sh)")


class ThrowAwayServer:
    """scripts/pg.sh's start_postgres, in Python: a cluster of its own the test may kill and restart."""

    def __init__(self) -> None:
        self.bin = PG_BIN[-1]
        self.dir = Path(tempfile.mkdtemp(prefix="pos-pg-offline."))
        shutil.chown(self.dir, "postgres")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self._as_postgres("initdb", "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.start()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, tool: str, *args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", f"{self.bin}/{tool}", *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)

    def start(self) -> None:
        self._as_postgres("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "server.log"), "-w", "-t", "60",
                          "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop(self) -> None:
        self._as_postgres("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "stop")

    def remove(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def server():
    pg = ThrowAwayServer()
    yield pg
    pg.remove()


@pytest.fixture
def central(server, tmp_path):
    """The demo store on the throw-away server (a database of its own per test), receipts as PDFs."""
    name = f"pos_{tmp_path.name[-20:].replace('-', '_').lower()}"
    admin = make_engine(server.url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    url = server.url.rsplit("/", 1)[0] + "/" + name
    config = load_config()
    config = replace(config, printer=replace(config.printer, kind="pdf", target=str(tmp_path / "receipts")))
    ctx = AppContext(make_engine(url, connect_timeout=OFFLINE_CONNECT_TIMEOUT_S), config, Clock(NOW))
    init_database(ctx)
    create_demo(ctx, members=4, months=1)
    ctx.till = "S01-1"
    yield url, ctx
    ctx.engine.dispose()


def pay_cash(qtbot, monkeypatch, seen: list):
    def drive(dialog):
        assert isinstance(dialog, PaymentDialog)
        dialog.show()
        qtbot.keyClick(dialog.tendered, Qt.Key.Key_Return)         # exact cash
        qtbot.waitUntil(lambda: dialog.result_sale is not None or dialog.error.text() != "", timeout=20000)
        assert dialog.result_sale is not None, dialog.error.text()
        return dialog.result() == QDialog.DialogCode.Accepted

    def done(dialog):
        assert isinstance(dialog, SaleDoneDialog)
        seen.append(dialog)
        return True

    monkeypatch.setattr(main_window, "ask_payment", drive)
    monkeypatch.setattr(main_window, "show_dialog", done)


def look(qtbot, window) -> tuple[bool, int]:
    with qtbot.waitSignal(window.offline_watch.changed, timeout=30000) as seen:
        window.offline_watch.check()
    return tuple(seen.args)


def sell(qtbot, window, *skus: str) -> object:
    done: list = []
    window.sale_finished.connect(done.append)
    qtbot.mouseClick(window.buttons["pay"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done) or window.message.text() != "", timeout=30000)
    assert done, window.message.text()
    return done[0]


@needs_server_binaries
def test_the_till_sells_offline_while_postgres_is_down_and_syncs_once_when_it_is_back(
        qtbot, qapp, server, central, tmp_path, monkeypatch, english):
    url, ctx = central
    journal_path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("POS_OFFLINE_JOURNAL", str(journal_path))
    till = Till.from_env(ctx)
    cashier = till.sign_in(DEMO_CASHIER[3])            # online: this cashier may sign in offline later
    window = main_window.TillWindow(ctx, cashier, "en", till=till)
    qtbot.addWidget(window)
    seen: list = []
    pay_cash(qtbot, monkeypatch, seen)
    try:
        window.show()
        qtbot.waitExposed(window)
        window.offline_watch.timer.stop()
        assert look(qtbot, window) == (True, 0)           # online: the card cache is filled
        gold = look_up(qtbot, window, DEMO_GOLD_PHONE)
        coupon = next(c.code for c in gold.coupons if c.kind == "amount")   # 满100减15
        with ctx.read() as s:
            points_before = s.scalar(select(Member.points_balance).where(Member.id == gold.member_id))
            stamps_before = s.scalar(select(func.coalesce(func.sum(StampMove.stamps), 0))
                                     .where(StampMove.member_id == gold.member_id))
        qtbot.keyClick(window, Qt.Key.Key_Escape)

        server.stop()                                       # PostgreSQL is gone (SIGKILL-like)

        # sale 1: the member from the cache, two lattes (stamps), a cake, the cached coupon
        member = look_up(qtbot, window, DEMO_GOLD_PHONE)
        assert window.services.is_offline() and window.offline_banner.isVisible()
        assert member.member_id == gold.member_id and member.points == points_before
        assert member.stamps and member.stamps[0][1] == f"{stamps_before}/10"
        assert "cache" in window.card.progress_text.text()
        assert window.card.progress.isHidden()          # no tier progress known offline: no empty 0 % bar
        add_skus(qtbot, window, "LAT01", "LAT01", "CAK01", "CAK01")
        window.apply_coupon(coupon)
        settle(qtbot, window)
        assert window.last_quote is not None and window.last_quote.coupon_ok
        assert window.totals.error.text() == ""
        first = sell(qtbot, window)
        assert "-X0001" in first.receipt_no and first.coupon_code == coupon
        assert window.message.text() == f"Receipt {first.receipt_no} printed."
        assert list((tmp_path / "receipts").glob(f"{first.receipt_no}*.pdf"))
        assert window.offline_banner.isVisible() and "1 sale(s)" in window.offline_banner.text()

        # sale 2: points under the offline cap (500 a day); more is refused with the reason
        look_up(qtbot, window, DEMO_GOLD_PHONE)
        add_skus(qtbot, window, "CAK01", "CAK01", "CAK01")
        settle(qtbot, window)
        assert 0 < window.last_quote.max_points <= 500         # "use max points" stays within the cap
        with pytest.raises(Refusal) as refused:
            window.services.price(replace(window.request(), redeem_points=600))
        assert refused.value.code == "offline_cap_exceeded" and "at most 500 points a day" in refused.value.message
        window.totals.points.setValue(300)
        settle(qtbot, window)
        assert window.last_quote.points_ok
        second = sell(qtbot, window)
        assert second.points_redeemed == 300 and "-X0002" in second.receipt_no
        assert "2 sale(s)" in window.offline_banner.text()

        # what cannot work offline says so
        window.enrol("13100131000")
        assert "not available offline" in window.message.text()
        window.open_return(first.receipt_no)
        assert "not available offline" in window.message.text()

        server.start()                                      # back: the watcher syncs by itself
        assert look(qtbot, window) == (True, 0)
        qtbot.waitUntil(window.offline_banner.isHidden)
        assert not window.services.is_offline()
        assert look(qtbot, window) == (True, 0)             # a second look books nothing again
        with ctx.read() as s:
            sales = s.scalars(select(Sale).where(Sale.receipt_no.like("%-X%")).order_by(Sale.id)).all()
            assert [x.receipt_no for x in sales] == [first.receipt_no, second.receipt_no]
            assert {x.cashier_id for x in sales} == {cashier.id}
            assert s.scalar(select(Coupon.status).where(Coupon.code == coupon)) == "used"
            m = s.get(Member, gold.member_id)
            earned = first.points_earned + second.points_earned
            assert m.points_balance == points_before - 300 + earned
            ledger = s.scalar(select(func.sum(LedgerEntry.points)).where(LedgerEntry.member_id == m.id))
            lots = s.scalar(select(func.sum(PointsLot.remaining)).where(PointsLot.member_id == m.id))
            assert m.points_balance == ledger == lots
            stamps = s.scalar(select(func.coalesce(func.sum(StampMove.stamps), 0))
                              .where(StampMove.member_id == m.id))
            assert stamps == stamps_before + 2                 # the two lattes, booked at sync
        # online again: the next look-up is the server's card (with the stamps)
        card = look_up(qtbot, window, DEMO_GOLD_PHONE)
        assert card.stamps[0][1] == f"{stamps_before + 2}/10" and "cache" not in card.progress_text
    finally:
        window.offline_watch.timer.stop()
        window.requote_timer.stop()
        window.worker.wait()
        if not server_running(server):
            server.start()


@needs_server_binaries
def test_the_terminal_starts_with_the_server_down(qtbot, qapp, server, central, tmp_path, monkeypatch, english):
    url, ctx = central
    journal_path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("POS_OFFLINE_JOURNAL", str(journal_path))
    Till.from_env(ctx).sign_in(DEMO_CASHIER[3])          # once online: the cashier and the cache are kept
    journal = offline.open_journal(journal_path)
    offline.refresh_cache(ctx, journal)
    journal.close()
    ctx.engine.dispose()
    server.stop()
    monkeypatch.setenv("POS_NOW", NOW.isoformat())      # the started till's clock is the demo's
    qapp.setStyleSheet(STYLE)
    try:
        # the real start-up, in a process of its own: the sign-in window is shown (not a refusal)
        shot = tmp_path / "signin.png"
        run = subprocess.run([sys.executable, "-m", "pos.ui.app", "--db", url, "--till", "S01-1",
                              "--grab-window", str(shot)], cwd=ROOT, timeout=120, capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"})
        assert run.returncode == 0, run.stderr
        assert shot.is_file()

        # in this process: the context from the journal, an offline sign-in, the till with its banner
        started = offline_start(url, None, str(journal_path), till="S01-1")
        assert started.here is not None and started.here.till == "S01-1"
        till = Till(started, str(journal_path), online=False)
        dialog = SignInDialog(started, till=till)
        qtbot.addWidget(dialog)
        dialog.show()
        type_and_enter(qtbot, dialog.pin, "0000")
        qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=20000)
        assert "Wrong PIN" in dialog.message.text()
        with qtbot.waitSignal(dialog.accepted, timeout=20000):
            type_and_enter(qtbot, dialog.pin, DEMO_CASHIER[3])
        assert dialog.staff.code == DEMO_CASHIER[0]
        window = main_window.TillWindow(started, dialog.staff, "en", till=till)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.offline_watch.timer.stop()
        assert window.offline_banner.isVisible() and "0 sale(s)" in window.offline_banner.text()
        member = look_up(qtbot, window, DEMO_GOLD_PHONE)
        assert member is not None and member.name
        add_skus(qtbot, window, "LAT01", "LAT01", "CAK01")
        found: list[str] = []

        def search(dialog):        # F3 offline: the real search dialog, over the catalogue cached at sync
            assert isinstance(dialog, SearchDialog)
            qtbot.addWidget(dialog)
            dialog.text.setText("cak0")
            qtbot.waitUntil(lambda: dialog.results.count() > 0, timeout=10000)
            found.extend(dialog.results.item(i).text() for i in range(dialog.results.count()))
            qtbot.keyClick(dialog, Qt.Key.Key_Return)
            return dialog.result() == QDialog.DialogCode.Accepted

        monkeypatch.setattr(main_window, "show_dialog", search)
        qtbot.keyClick(window, Qt.Key.Key_F3)
        assert len(found) == 1 and "[CAK01]" in found[0]
        assert [(i.sku, i.qty) for i in window.cart.items] == [("LAT01", 2), ("CAK01", 2)]
        window.apply_coupon(next(c.code for c in member.coupons if c.kind == "amount"))
        settle(qtbot, window)
        window.totals.points.setValue(300)
        settle(qtbot, window)
        assert window.last_quote.breakdown is not None and window.last_quote.coupon_ok
        assert window.last_quote.breakdown.points_redeemed == 300
        assert window.last_quote.points_ok and window.last_quote.max_points <= 500
        shots = os.environ.get("POS_SCREENSHOTS")
        if shots:
            assert window.grab().save(str(ROOT / shots / "till-offline.png"))
        server.start()
        assert look(qtbot, window) == (True, 0)
        qtbot.waitUntil(window.offline_banner.isHidden)
        assert not till.is_offline()
        window.offline_watch.timer.stop()
        window.requote_timer.stop()
        window.worker.wait()
    finally:
        qapp.setStyleSheet("")
        if not server_running(server):
            server.start()


def server_running(server) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", server.port)) == 0
