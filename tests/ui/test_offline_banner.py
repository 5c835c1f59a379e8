"""The till's offline banner and automatic sync (#17), on a real till window: online it stays hidden
and keeps the card cache fresh; when the server refuses, it shows the queued sales; back online, the
journal is pushed by itself and the banner goes. Screenshots in English and Chinese."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pos.db.engine import make_engine
from pos.db.models import Sale
from pos.services import offline
from pos.services.admin.demo import DEMO_GOLD_PHONE
from pos.services.context import AppContext
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from pos.ui import i18n
from pos.ui.style import STYLE

REFUSED = "postgresql+psycopg://pos:x@127.0.0.1:1/pos"     # a closed port: the server "is down"


def look(qtbot, window) -> tuple[bool, int]:
    with qtbot.waitSignal(window.offline_watch.changed, timeout=20000) as seen:
        window.offline_watch.check()
    return tuple(seen.args)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_banner_shows_the_queue_offline_and_syncs_by_itself(qtbot, qapp, till_ctx, cashier, tmp_path, shots,
                                                            monkeypatch, lang):
    from pos.ui.main_window import TillWindow

    journal_path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("POS_OFFLINE_JOURNAL", str(journal_path))
    i18n.install(qapp, lang)
    qapp.setStyleSheet(STYLE)
    window = TillWindow(till_ctx, cashier, lang)
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitExposed(window)
        window.offline_watch.timer.stop()
        assert look(qtbot, window) == (True, 0)            # online: the cache was filled
        assert window.offline_banner.isHidden()

        journal = offline.open_journal(journal_path)
        for _ in range(3):
            offline.sell(journal, till_ctx.config, till_ctx.clock(), co.CheckoutRequest(
                lines=[LineInput(sku="LAT01")], member_phone=DEMO_GOLD_PHONE))
        journal.close()
        central = window.offline_watch.ctx
        window.offline_watch.ctx = AppContext(make_engine(REFUSED), till_ctx.config, till_ctx.clock)
        assert look(qtbot, window) == (False, 3)
        qtbot.waitUntil(window.offline_banner.isVisible)
        assert "3" in window.offline_banner.text()
        assert window.grab().save(str(shots / f"till-offline-banner-{lang}.png"))

        window.offline_watch.ctx = central                 # the server is back
        assert look(qtbot, window) == (True, 0)
        qtbot.waitUntil(window.offline_banner.isHidden)
        with till_ctx.read() as s:
            assert s.scalar(select(func.count()).select_from(Sale).where(Sale.receipt_no.like("%-X%"))) == 3
    finally:
        window.offline_watch.timer.stop()
        window.requote_timer.stop()
        window.worker.wait()
        qapp.setStyleSheet("")
        i18n.install(qapp, "en")
