"""`pos doctor` against a healthy store, a missing font, an unreachable PostgreSQL and a stopped
printer queue (a real CUPS server), and its support bundle (phone numbers masked)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from pos.services.admin.doctor import mask_phones
from tests.printing.cups_server import cups_server  # noqa: F401 - fixture

NOW = "2026-06-10T12:00:00"


@pytest.fixture
def store(tmp_path):
    """A fresh demo store and its own log folder; `doctor(*args)` runs `pos doctor --json`."""
    env = {**os.environ, "POS_DATABASE_URL": f"sqlite:///{tmp_path / 'shop.db'}", "POS_LOG_DIR": str(tmp_path / "log")}
    for name in ("POS_CONFIG", "POS_DEBUG", "POS_NOW", "POS_CJK_FONT"):
        env.pop(name, None)
    env["POS_CONFIG"] = str(_config(tmp_path, "pdf", str(tmp_path / "receipts")))

    def pos(*args, expect=0, extra_env=None):
        proc = subprocess.run([sys.executable, "-m", "pos.cli.main", *args], capture_output=True, text=True,
                              env={**env, **(extra_env or {})}, timeout=300)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode == expect, (args, proc.stdout, proc.stderr)
        return proc.stdout

    def doctor(*args, expect=0, extra_env=None):
        found = json.loads(pos("doctor", "--json", *args, expect=expect, extra_env=extra_env))
        return found, {c["name"]: (c["status"], c["detail"]) for c in found["checks"]}

    pos("init", "--demo", "--members", "10", extra_env={"POS_NOW": NOW})
    doctor.pos, doctor.env, doctor.folder = pos, env, tmp_path
    return doctor


def _config(folder, kind: str, target: str):
    """The shipped configuration with another [printer]."""
    from pos.config import DEFAULT_CONFIG_PATH

    text = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")
    start = text.index("[printer]")
    end = text.index("\n[", start + 1)
    path = folder / f"config-{kind}.toml"
    path.write_text(text[:start] + f'[printer]\nkind = "{kind}"\ntarget = "{target}"\n' + text[end:], encoding="utf-8")
    return path


def test_a_healthy_store_is_ready(store):
    found, checks = store()
    assert found["ok"] is True
    assert list(checks) == ["config", "database", "schema", "settings", "fonts", "printer", "clock", "disk", "logs"]
    assert all(status == "ok" for status, _ in checks.values()), checks
    assert "no migrations pending" in checks["schema"][1] and found["schema_version"]
    assert "wqy-microhei" in checks["fonts"][1]
    assert str(store.folder / "receipts") in checks["printer"][1]
    text = store.pos("doctor")
    assert text.splitlines()[-1] == "ready" and "schema    OK" in text


def test_a_missing_font_fails_the_fonts_check_only(store):
    found, checks = store(expect=1, extra_env={"POS_CJK_FONT": "/nowhere/wqy-microhei.ttc"})
    assert found["ok"] is False
    assert checks["fonts"][0] == "fail" and "/nowhere/wqy-microhei.ttc" in checks["fonts"][1]
    assert {name for name, (status, _) in checks.items() if status != "ok"} == {"fonts"}
    assert "NOT READY" in store.pos("doctor", expect=1, extra_env={"POS_CJK_FONT": "/nowhere/x.ttc"})


def test_an_unreachable_postgresql_is_reported_and_the_rest_still_checked(store):
    url = "postgresql+psycopg://pos:secret@127.0.0.1:1/shop"
    found, checks = store("--db", url, expect=1)
    assert checks["database"][0] == "fail" and "cannot be reached" in checks["database"][1]
    assert checks["schema"][0] == "skip"
    assert (checks["fonts"][0], checks["printer"][0], checks["logs"][0]) == ("ok", "ok", "ok")
    assert "secret" not in json.dumps(found)


def test_an_empty_and_an_outdated_database_say_to_run_init(store, tmp_path):
    empty = tmp_path / "empty.db"
    found, checks = store("--db", str(empty), expect=1)
    assert checks["schema"][0] == "fail" and "pos init" in checks["schema"][1]
    import sqlite3

    with sqlite3.connect(tmp_path / "shop.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0007_report_covering_indexes'")
    found, checks = store(expect=1)
    assert checks["schema"][0] == "fail" and "migration(s) pending" in checks["schema"][1]


def test_a_stopped_printer_queue(store, cups_server):  # noqa: F811 - fixture
    queue = cups_server.add_queue(f"{cups_server.queue}-doctor")
    config = _config(store.folder, "system", queue)
    cups = {"CUPS_SERVER": cups_server.socket, "POS_CONFIG": str(config)}
    found, checks = store(extra_env=cups)
    assert checks["printer"] == ("ok", f"CUPS queue '{queue}' is ready")
    cups_server.run("cupsdisable", queue)
    found, checks = store(expect=1, extra_env=cups)
    assert checks["printer"][0] == "fail" and "paused" in checks["printer"][1] and "cupsenable" in checks["printer"][1]
    assert {name for name, (status, _) in checks.items() if status != "ok"} == {"printer"}


def test_the_support_bundle_masks_phone_numbers(store, tmp_path):
    log = tmp_path / "log"
    log.mkdir(mode=0o700)
    (log / "pos.log").write_text("2026-06-10 12:00:00 WARNING pos lookup failed for +8613912345678 "
                                 "(typed 139 1234 5678), member 13800138000\n", encoding="utf-8")
    bundle = tmp_path / "support.zip"
    found, _checks = store("--bundle", str(bundle))
    assert found["bundle"] == str(bundle) and oct(bundle.stat().st_mode & 0o777) == "0o600"
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        assert {"doctor.json", "versions.json", "settings.toml", "logs/pos.log"} <= names
        everything = "\n".join(archive.read(name).decode("utf-8") for name in names)
        versions = json.loads(archive.read("versions.json"))
    assert "139****5678" in everything and "138****8000" in everything
    for digits in ("13912345678", "139 1234 5678", "13800138000"):
        assert digits not in everything
    from pos import __version__

    assert versions["pos"] == __version__ and versions["schema_version"] == found["schema_version"]


@pytest.mark.parametrize("text, masked", [
    ("+86 138 0013 8000", "138****8000"), ("138-0013-8000", "138****8000"), ("phone=13800138000;", "phone=138****8000;"),
    ("+447911123456", "+44********56"), ("R261122-000123 at 2026-06-10 12:00:00, 1780000000", None),
    ("S01-2-261122-0042, S01-12-261122-123456789, S01-2-261122-T0007", None),
])
def test_phone_masking(text, masked):
    assert mask_phones(text) == (masked if masked is not None else text)
