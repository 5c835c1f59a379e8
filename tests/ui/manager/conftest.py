"""Fixtures for the manager console: a small demo store (built once, copied per test), the
signed-in demo manager, the console itself, and the Chinese translations compiled."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from shiboken6 import isValid

from pos.config import load_config
from pos.db.engine import make_engine
from pos.services.admin.bulk_demo import create_bulk_demo
from pos.services.admin.demo import DEMO_CASHIER, DEMO_MANAGER
from pos.services.context import AppContext
from pos.services.staff import accounts as staff_service
from tests.databases import NOW, sqlite_url
from tests.fixtures_db import Clock

ROOT = Path(__file__).resolve().parents[3]
DEMO_MEMBERS = 300
TS = ROOT / "assets" / "i18n" / "manager_zh_CN.ts"


def open_ctx(path: Path) -> AppContext:
    return AppContext(make_engine(f"sqlite:///{path}"), load_config(), Clock(NOW))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("manager_demo")
    ctx = AppContext(make_engine(sqlite_url(folder)), load_config(), Clock(NOW))
    create_bulk_demo(ctx, DEMO_MEMBERS)
    ctx.engine.dispose()
    return folder / "pos.sqlite3"


@pytest.fixture
def demo_ctx(demo_template, tmp_path):
    target = tmp_path / "pos.sqlite3"
    shutil.copy(demo_template, target)
    ctx = open_ctx(target)
    yield ctx
    ctx.engine.dispose()


@pytest.fixture
def manager(demo_ctx):
    return staff_service.sign_in(demo_ctx, DEMO_MANAGER[3], code=DEMO_MANAGER[0])


@pytest.fixture
def cashier(demo_ctx):
    return staff_service.sign_in(demo_ctx, DEMO_CASHIER[3], code=DEMO_CASHIER[0])


def make_console(qtbot, ctx, staff, lang: str = "en"):
    from pos.ui.manager.console import ManagerConsole

    console = ManagerConsole(ctx, staff, lang)
    qtbot.addWidget(console)
    with qtbot.waitSignal(console.members.model.counted, timeout=30000):
        pass
    return console


@pytest.fixture
def console(qtbot, demo_ctx, manager):
    window = make_console(qtbot, demo_ctx, manager)
    yield window
    settle(qtbot, window)


def settle(qtbot, window) -> None:
    """Lets queued worker jobs finish and deliver their results before the window goes."""
    if not isValid(window):        # pytest-qt closed it already (the console deletes itself on close)
        return
    window.worker.wait()
    qtbot.wait(20)
    if isValid(window):            # a result delivered during the wait may have closed (deleted) it
        window.worker.wait()


@pytest.fixture(scope="session")
def chinese():
    """Compiles manager_zh_CN.ts (as scripts/setup.sh does) when the .qm is missing or older."""
    qm = TS.with_suffix(".qm")
    if not qm.exists() or qm.stat().st_mtime < TS.stat().st_mtime:
        lrelease = Path(sys.executable).with_name("pyside6-lrelease")
        subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(qm)], check=True)
    return qm


@pytest.fixture
def zh(qapp, chinese):
    from pos.ui import i18n

    assert i18n.install(qapp, "zh_CN")
    yield
    i18n.install(qapp, "en")
