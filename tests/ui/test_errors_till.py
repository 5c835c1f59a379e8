"""Our bugs at the till and in the manager console: logged with the traceback under a reference; the
screen shows the reference, never the SQL, its parameters or a Python repr."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from pos import logs
from pos.errors import EnvironmentFault
from pos.ui.manager import common
from pos.ui.messages import error_text
from pos.ui.worker import Worker


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(tmp_path / "logs"))
    return tmp_path / "logs" / "pos.log"


def reference_in(message: str) -> str:
    found = re.search(r"\(ref ([0-9A-F]{6})\)", message)
    assert found, message
    return found.group(1)


def assert_nothing_technical(message: str) -> None:
    for leak in ("SELECT", "INSERT", "products", "[SQL", "parameters", "Error", "sqlite", "LAT01"):
        assert leak not in message, (leak, message)


def test_a_database_bug_in_a_till_job_is_logged_and_shown_with_a_reference(qtbot, till, till_ctx, log_file):
    """A table the code expects is gone: SQLite says OperationalError 'no such table'. That is no
    database outage: it is our bug (here provoked), and must not read as 'database unavailable'."""
    with till_ctx.engine.begin() as conn:
        conn.execute(text("ALTER TABLE products RENAME TO products_gone"))
    with qtbot.waitSignal(till.failed, timeout=10000) as failed:
        till.sku.setFocus()
        till.sku.setText("LAT01")
        qtbot.keyClick(till.sku, Qt.Key.Key_Return)
    shown = failed.args[0]
    assert shown == till.message.text()
    assert shown.startswith("Something went wrong in the program (ref ")
    assert_nothing_technical(shown)
    entry = log_file.read_text(encoding="utf-8")
    assert f"bug ref {reference_in(shown)} in background job" in entry
    assert "Traceback (most recent call last)" in entry and "no such table: products" in entry


def test_an_integrity_error_with_its_code_attribute_is_still_a_logged_bug(qtbot, till_ctx, log_file):
    """Every SQLAlchemy error has a `code` ('gkpj' for IntegrityError): it is no refusal of ours."""
    worker = Worker()
    failures = []

    def duplicate_product():
        with till_ctx.write() as session:
            session.execute(text("INSERT INTO products (sku, barcode, name, price_fen, discountable, active) "
                                 "SELECT sku, barcode, name, price_fen, discountable, active FROM products "
                                 "WHERE sku = 'LAT01'"))

    worker.submit(duplicate_product, lambda _: None, failures.append)
    qtbot.waitUntil(lambda: len(failures) == 1, timeout=10000)
    assert type(failures[0]).__name__ == "IntegrityError" and failures[0].code == "gkpj"
    shown = error_text(failures[0])
    assert_nothing_technical(shown)
    entry = log_file.read_text(encoding="utf-8")
    assert entry.count(f"bug ref {reference_in(shown)}") == 1           # logged once, by the worker
    assert "UNIQUE constraint failed" in entry and "Traceback" in entry


def test_the_console_presenter_shows_the_reference_of_the_same_log_entry(log_file):
    try:
        {}["missing"]
    except KeyError as exc:
        shown = common.error_text(exc)
    assert shown.startswith("Unexpected error in the program (ref ") and "missing" not in shown
    assert f"bug ref {reference_in(shown)} in console: KeyError" in log_file.read_text(encoding="utf-8")


def test_environment_faults_and_refusals_show_their_plain_message_and_are_no_bugs(log_file):
    fault = EnvironmentFault("printer_unavailable", "The printer at 10.0.0.9:9100 is offline.")
    assert error_text(fault) == "The printer at 10.0.0.9:9100 is offline."       # English: the detailed one
    assert common.error_text(fault) == "The printer at 10.0.0.9:9100 is offline."
    assert not log_file.exists()
