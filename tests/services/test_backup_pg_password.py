"""Issue #12, finding 12: PostgreSQL backup and restore log in to a password-protected server, and the
password never appears on a command line.

The shared test server trusts every local connection, so this test starts its own small server that
asks for passwords (scram-sha-256), with a role whose password has the characters .pgpass escapes.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest

from pos.config import load_config
from pos.db.engine import make_engine
from pos.services.admin import backup, setup
from pos.services.context import AppContext
from pos.services.members import lookup as members
from pos.services.staff.accounts import create_staff
from tests.databases import NOW
from tests.services.test_admin import PASSPHRASE, PHONE

PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
PASSWORD = "s3cret:with\\odd 'chars"

pytestmark = pytest.mark.postgres


def _as_postgres(*args: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, timeout=120)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def password_server():
    if PG_BIN is None or os.geteuid() != 0 or shutil.which("runuser") is None:
        pytest.skip("needs the PostgreSQL server binaries and root (to run them as the postgres user)")
    home = Path(tempfile.mkdtemp(prefix="pos-pg-pw-"))
    shutil.chown(home, "postgres")
    (home / "pw").write_text("superuser-pw\n")
    shutil.chown(home / "pw", "postgres")
    port = _free_port()
    _as_postgres(str(PG_BIN / "initdb"), "-D", str(home / "data"), "-U", "postgres",
                 "--auth=scram-sha-256", f"--pwfile={home / 'pw'}")
    _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(home / "data"), "-w", "-l", str(home / "log"), "-o",
                 f"-p {port} -k {home} -c listen_addresses=127.0.0.1", "start")
    admin = f"postgresql+psycopg://postgres:superuser-pw@127.0.0.1:{port}/postgres"
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            quoted = PASSWORD.replace("'", "''")
            conn.execute(text(f"CREATE ROLE till LOGIN PASSWORD '{quoted}'"))
            conn.execute(text("CREATE DATABASE shop OWNER till"))
        engine.dispose()
        yield f"postgresql+psycopg://till:{quote(PASSWORD, safe='')}@127.0.0.1:{port}/shop"
    finally:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(home / "data"), "-m", "immediate", "stop")
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def spy_bin(tmp_path, monkeypatch):
    """pg_dump and pg_restore on PATH that note their arguments, then run the real tools."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in ("pg_dump", "pg_restore"):
        script = folder / tool
        script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{tmp_path}/argv"\n'
                          f'env >> "{tmp_path}/env"\nexec "{PG_BIN / tool}" "$@"\n')
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return tmp_path


def test_backup_and_restore_log_in_with_a_password_kept_off_the_command_line(password_server, spy_bin):
    ctx = AppContext(make_engine(password_server), load_config(), lambda: NOW)
    try:
        setup.init_database(ctx)
        manager = create_staff(ctx, "M01", "Manager One", "manager", "8888")
        members.enrol(ctx, PHONE)
        saved = spy_bin / "shop.posbak"
        backup.backup(ctx, str(saved), staff_id=manager.id, passphrase=PASSPHRASE)
        members.enrol(ctx, "13900139000")
        backup.restore(ctx, str(saved), staff_id=manager.id, passphrase=PASSPHRASE)
        assert members.lookup(ctx, phone=PHONE).phone_masked == "138****8000"
        assert [code for code in ("13900139000",) if _found(ctx, code)] == []      # the later member is gone
    finally:
        ctx.engine.dispose()
    argv = (spy_bin / "argv").read_text()
    assert "user='till'" in argv and "--clean" in argv          # both tools ran through the spies
    assert "s3cret" not in argv and "***" not in argv
    assert "s3cret" not in (spy_bin / "env").read_text()                    # not in PGPASSWORD either


def _found(ctx: AppContext, phone: str) -> bool:
    from pos.errors import PosError

    try:
        members.lookup(ctx, phone=phone)
        return True
    except PosError:
        return False
