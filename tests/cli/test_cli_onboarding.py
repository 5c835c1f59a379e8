"""What a new user meets first (issue #18): `pos --version`, `--db` given a plain file path, the
error for a bad database URL, and one date format in the members CSV of a demo store."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys

from pos import __version__


def pos(*args, cwd, expect=0, env=None):
    clean = {k: v for k, v in os.environ.items() if k not in ("POS_DATABASE_URL", "POS_CONFIG", "POS_DEBUG")}
    proc = subprocess.run([sys.executable, "-m", "pos.cli.main", *args], capture_output=True, text=True,
                          cwd=cwd, env={**clean, "PYTHONPATH": os.getcwd(), **(env or {})}, timeout=300)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == expect, (args, proc.stdout, proc.stderr)
    return proc


def test_version(tmp_path):
    assert pos("--version", cwd=tmp_path).stdout.strip() == f"pos {__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_db_takes_a_plain_file_path(tmp_path):
    shop = tmp_path / "shop"
    shop.mkdir()
    init = json.loads(pos("--db", "shop.db", "init", "--json", cwd=shop).stdout)
    assert (shop / "shop.db").is_file() and init["database"] == f"sqlite:///{shop / 'shop.db'}"
    enrolled = pos("--db", "shop.db", "member", "enrol", "--phone", "13912345678", "--json", cwd=shop)
    shown = pos("member", "show", "--phone", "13912345678", "--json", cwd=tmp_path,
                env={"POS_DATABASE_URL": str(shop / "shop.db")})            # the variable too
    assert json.loads(shown.stdout)["member_id"] == json.loads(enrolled.stdout)["member_id"]


def test_a_bad_database_url_shows_examples(tmp_path):
    for url in ("oracle://scott:tiger@db/orcl", "mysql://x"):
        error = json.loads(pos("--db", url, "segments", "--json", cwd=tmp_path, expect=2).stdout)["error"]
        assert error["code"] == "database_url_invalid"
        assert "shop.db" in error["message"] and "postgresql+psycopg://" in error["message"]
        assert "tiger" not in error["message"]


def test_members_csv_dates_have_one_format(tmp_path):
    pos("--db", "shop.db", "init", "--demo", "--members", "30", cwd=tmp_path, env={"POS_NOW": "2026-06-10T12:00:00"})
    pos("--db", "shop.db", "members", "export", "m.csv", "--manager-pin", "8888", cwd=tmp_path)
    with (tmp_path / "m.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    dates = [row[column] for row in rows for column in ("enrolled_at", "last_visit") if row[column]]
    assert len(rows) == 30 and len(dates) >= 30
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", value) for value in dates), dates
