"""pos doctor's checks in process, on SQLite and PostgreSQL (the CLI's table and exit status:
tests/cli/test_doctor.py)."""

from __future__ import annotations

import json
import zipfile

from pos.services.admin import doctor


def _statuses(found):
    return {check.name: check.status for check in found.checks}


def test_a_current_store_on_either_database(ctx, db_url, monkeypatch, tmp_path):
    monkeypatch.delenv("POS_NOW", raising=False)
    monkeypatch.setenv("POS_LOG_DIR", str(tmp_path / "log"))
    found = doctor.diagnose(db_url, clock=ctx.clock)
    statuses = _statuses(found)
    assert statuses["database"] == statuses["schema"] == statuses["settings"] == "ok", found.checks
    assert found.ok and found.schema_version
    clock = next(c for c in found.checks if c.name == "clock")
    if ctx.engine.dialect.name == "postgresql":
        assert "database server agrees" in clock.detail


def test_a_pinned_clock_warns_but_does_not_fail(ctx, db_url, monkeypatch):
    monkeypatch.setenv("POS_NOW", "2026-06-10T12:00:00")
    found = doctor.diagnose(db_url)
    assert _statuses(found)["clock"] == "warn" and found.ok


def test_a_broken_configuration_file_is_reported_and_the_defaults_checked(ctx, db_url, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[tiers\n", encoding="utf-8")
    found = doctor.diagnose(db_url, str(bad))
    assert _statuses(found)["config"] == "fail" and not found.ok
    assert _statuses(found)["printer"] == "ok"


def test_an_unwritable_log_folder_fails(ctx, db_url, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("POS_LOG_DIR", str(blocker))
    found = doctor.diagnose(db_url)
    assert _statuses(found)["logs"] == "fail"


def test_the_bundle_holds_the_checks_and_masked_logs(ctx, db_url, monkeypatch, tmp_path):
    log = tmp_path / "log"
    log.mkdir(mode=0o700)
    (log / "pos.log").write_text("member +8613800138000 looked up\n", encoding="utf-8")
    monkeypatch.setenv("POS_LOG_DIR", str(log))
    found = doctor.diagnose(db_url)
    path = doctor.write_bundle(found, tmp_path / "b.zip")
    with zipfile.ZipFile(path) as archive:
        assert json.loads(archive.read("doctor.json"))["ok"] is found.ok
        assert archive.read("logs/pos.log").decode() == "member 138****8000 looked up\n"
        assert "[points]" in archive.read("settings.toml").decode()
