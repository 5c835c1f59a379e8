"""The log file of our bugs: private, rotated, one entry per bug with its reference and traceback."""

from __future__ import annotations

import logging
import re
import stat

import pytest

from pos import logs


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    folder = tmp_path / "state" / "pos-logs"
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(folder))
    yield folder
    for handler in logging.getLogger("pos").handlers[:]:
        if isinstance(handler, logs.PrivateRotatingFileHandler):
            logging.getLogger("pos").removeHandler(handler)
            handler.close()


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def a_bug() -> ZeroDivisionError:
    try:
        1 / 0  # noqa: B018 - the bug
    except ZeroDivisionError as exc:
        return exc


def test_a_bug_is_logged_once_with_its_reference_and_traceback_in_a_private_file(log_dir):
    exc = a_bug()
    reference = logs.report_bug(exc, where="a test")
    assert re.fullmatch(r"[0-9A-F]{6}", reference)
    assert logs.report_bug(exc, where="shown again") == reference
    text = logs.log_file().read_text(encoding="utf-8")
    assert text.count(f"bug ref {reference} in a test: ZeroDivisionError") == 1
    assert "Traceback (most recent call last)" in text and "1 / 0" in text
    assert mode(log_dir) == 0o700 and mode(logs.log_file()) == 0o600


def test_files_opened_after_a_rollover_are_private_too(tmp_path):
    handler = logs.private_handler(tmp_path / "new" / "pos.log", max_bytes=200, backups=2)
    logger = logging.getLogger("tests.rollover")
    logger.addHandler(handler)
    try:
        for n in range(20):
            logger.warning("line %d %s", n, "x" * 40)
    finally:
        logger.removeHandler(handler)
        handler.close()
    files = sorted((tmp_path / "new").iterdir())
    assert [f.name for f in files] == ["pos.log", "pos.log.1", "pos.log.2"]
    assert {mode(f) for f in files} == {0o600} and mode(tmp_path / "new") == 0o700


def test_an_existing_folder_is_left_as_it_is(tmp_path, monkeypatch, log_dir):
    log_dir.mkdir(parents=True, mode=0o755)
    log_dir.chmod(0o755)
    logs.report_bug(a_bug())
    assert mode(log_dir) == 0o755 and mode(logs.log_file()) == 0o600


def test_a_new_log_folder_is_followed(tmp_path, monkeypatch, log_dir):
    first = logs.report_bug(a_bug())
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(tmp_path / "elsewhere"))
    second = logs.report_bug(a_bug())
    assert first in (log_dir / "pos.log").read_text() and second not in (log_dir / "pos.log").read_text()
    assert second in (tmp_path / "elsewhere" / "pos.log").read_text()
