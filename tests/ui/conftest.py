"""The till on a real SQLite file with the demo store: built once per session, copied per test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from pos.config import load_config
from pos.db.engine import make_engine
from pos.services.admin.demo import DEMO_CASHIER, DEMO_MANAGER, create_demo
from pos.services.admin.setup import init_database
from pos.services.context import AppContext
from pos.services.staff import accounts as staff_service
from tests.databases import NOW
from tests.fixtures_db import Clock

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "assets" / "i18n" / "pos_zh_CN.ts"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    ctx = AppContext(engine, load_config(), Clock(NOW))
    init_database(ctx)
    create_demo(ctx, members=12, months=8)
    engine.dispose()
    return path


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where a test saves its screenshots: docs/screenshots with POS_SCREENSHOTS=docs/screenshots (to
    refresh the README's pictures), else the test's own temporary folder (still rendered and checked)."""
    folder = os.environ.get("POS_SCREENSHOTS")
    return (ROOT / folder) if folder else tmp_path


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """What scripts/setup.sh does: the .qm next to its .ts."""
    if TS.exists():
        lrelease = Path(sys.executable).with_name("pyside6-lrelease")
        subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(TS.with_suffix(".qm"))], check=True)


def printer_config(config, kind: str, target: str):
    return replace(config, printer=replace(config.printer, kind=kind, target=target))


@pytest.fixture
def till_ctx(demo_template, tmp_path):
    db = tmp_path / "pos.sqlite3"
    shutil.copy(demo_template, db)
    config = printer_config(load_config(), "pdf", str(tmp_path / "receipts"))
    ctx = AppContext(make_engine(f"sqlite:///{db}"), config, Clock(NOW))
    yield ctx
    ctx.engine.dispose()


@pytest.fixture
def cashier(till_ctx):
    return staff_service.sign_in(till_ctx, DEMO_CASHIER[3], code=DEMO_CASHIER[0])


@pytest.fixture
def manager(till_ctx):
    return staff_service.sign_in(till_ctx, DEMO_MANAGER[3], code=DEMO_MANAGER[0])


@pytest.fixture
def english(qapp):
    from pos.ui import i18n

    i18n.install(qapp, "en")
    yield
    i18n.install(qapp, "en")


@pytest.fixture
def till(qtbot, qapp, till_ctx, cashier, english):
    from pos.ui.main_window import TillWindow

    window = TillWindow(till_ctx, cashier, "en")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.requote_timer.stop()
    window.worker.wait()
    qapp.processEvents()


def count(ctx, table: str) -> int:
    with ctx.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def type_and_enter(qtbot, widget, value: str) -> None:
    """Typed by a person: the text arrives without a key burst, then Enter."""
    from PySide6.QtCore import Qt

    widget.setFocus()
    widget.setText(value)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def look_up(qtbot, window, phone: str):
    with qtbot.waitSignal(window.member_changed, timeout=10000):
        type_and_enter(qtbot, window.lookup, phone)
    return window.member


def settle(qtbot, window) -> None:
    """Waits for the live totals of what is on screen now."""
    with qtbot.waitSignal(window.quoted, timeout=10000):
        window.schedule_quote()


def add_skus(qtbot, window, *codes: str) -> None:
    for code in codes:
        before = sum(item.qty for item in window.cart.items)
        type_and_enter(qtbot, window.sku, code)
        qtbot.waitUntil(lambda b=before: sum(item.qty for item in window.cart.items) == b + 1, timeout=10000)


@pytest.fixture(autouse=True)
def collect_qt_garbage_on_the_gui_thread():
    """Widgets of a finished test that sit in reference cycles must die here, on the GUI thread,
    not later in whichever worker thread the cycle collector happens to run (a segfault)."""
    import gc

    yield
    gc.collect()
