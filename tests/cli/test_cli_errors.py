"""`pos` on our own bugs: exit 1, `internal_error` with a reference found in the log file with the
traceback; never a traceback, SQL or a Python repr in its output. Faults of the environment keep
their own codes (tests/cli/test_cli.py: an unreachable database)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.databases import sqlite_url

NOW = "2026-06-10T12:00:00"
INJECT = ("import sys; from pos.cli import commands, main\n"
          "def broken(args, ctx): raise ZeroDivisionError('injected fault')\n"
          "commands.HANDLERS[('segments', None)] = broken\n"
          "sys.exit(main.main(sys.argv[1:]))\n")


@pytest.fixture
def env(tmp_path):
    env = {**os.environ, "POS_DATABASE_URL": sqlite_url(tmp_path), "POS_NOW": NOW,
           "POS_LOG_DIR": str(tmp_path / "logs")}
    for name in ("POS_CONFIG", "POS_DEBUG"):
        env.pop(name, None)
    init = subprocess.run([sys.executable, "-m", "pos.cli.main", "init", "--json"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert init.returncode == 0, init.stderr
    return env


def pos(env, *args, code: str | None = None) -> subprocess.CompletedProcess:
    command = ["-c", code] if code else ["-m", "pos.cli.main"]
    return subprocess.run([sys.executable, *command, *args], env=env, capture_output=True, text=True, timeout=120)


def log_text(env) -> str:
    return (Path(env["POS_LOG_DIR"]) / "pos.log").read_text(encoding="utf-8")


def assert_a_logged_bug(env, proc, error: dict, *, leaks: tuple[str, ...]) -> None:
    assert proc.returncode == 3
    assert error["code"] == "internal_error" and re.fullmatch(r"[0-9A-F]{6}", error["reference"])
    assert f"ref {error['reference']}" in error["message"] and str(Path(env["POS_LOG_DIR"])) in error["message"]
    for leak in ("Traceback", *leaks):
        assert leak not in proc.stdout and leak not in proc.stderr, leak
    entry = log_text(env)
    assert f"bug ref {error['reference']} in pos segments" in entry and "Traceback (most recent call last)" in entry


def test_our_bug_is_internal_error_with_a_reference_in_the_log(env):
    proc = pos(env, "segments", "--json", code=INJECT)
    assert_a_logged_bug(env, proc, json.loads(proc.stdout)["error"], leaks=("injected fault", "ZeroDivisionError"))
    assert "ZeroDivisionError: injected fault" in log_text(env)


def test_our_bug_without_json_is_one_line_on_stderr(env):
    proc = pos(env, "segments", code=INJECT)
    assert proc.returncode == 3 and proc.stdout == ""
    assert proc.stderr.startswith("error [internal_error]: Unexpected error in the program (ref ")
    assert len(proc.stderr.strip().splitlines()) == 1 and "injected fault" not in proc.stderr


def test_pos_debug_adds_the_traceback_for_developers(env):
    proc = pos(env, "segments", "--json", code=INJECT)
    debug = pos({**env, "POS_DEBUG": "1"}, "segments", "--json", code=INJECT)
    assert "Traceback" not in proc.stderr and "Traceback" in debug.stderr
    assert json.loads(debug.stdout)["error"]["code"] == "internal_error"


def test_a_database_bug_shows_no_sql_and_is_not_called_an_outage(env):
    """SQLite reports a missing table as OperationalError, the class it uses for a locked file too:
    only the latter is the environment's fault."""
    database = env["POS_DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as conn:
        conn.execute("ALTER TABLE member_stats RENAME TO member_stats_gone")
    proc = pos(env, "segments", "--json")
    error = json.loads(proc.stdout)["error"]
    assert_a_logged_bug(env, proc, error, leaks=("SELECT", "member_stats", "[SQL", "OperationalError"))
    assert "no such table: member_stats" in log_text(env)


def test_a_reader_that_stops_early_gets_no_traceback(env):
    """`pos config show --json | head -c 40`: the closed pipe is not an error (was a BrokenPipeError
    traceback and exit 1 in 5 of 7 tries)."""
    for _ in range(5):
        proc = subprocess.run(f'"{sys.executable}" -m pos.cli.main config show --json | head -c 40',
                              shell=True, env=env, capture_output=True, timeout=120)
        assert len(proc.stdout) == 40
        stderr = proc.stderr.decode("utf-8", "replace")
        assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
