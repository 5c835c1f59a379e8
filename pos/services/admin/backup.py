"""Online backup and restore: SQLite's backup API (tills keep selling), pg_dump/psql for PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from pos.db.engine import is_sqlite
from pos.errors import BadInput, EnvironmentFault
from pos.services.context import AppContext
from pos.services.staff import audit


@dataclass(frozen=True)
class BackupResult:
    file: str
    bytes: int


def backup(ctx: AppContext, target: str) -> BackupResult:
    path = Path(target)
    if path.exists():
        raise BadInput("file_exists", f"{target} already exists: choose a new file name")
    if is_sqlite(ctx.engine):
        _sqlite_backup(ctx, path)
    else:
        _pg_dump(ctx, path)
    with ctx.write() as session:
        audit.record(session, ctx.clock(), "backup", target=str(path))
    return BackupResult(str(path), path.stat().st_size)


def restore(ctx: AppContext, source: str) -> BackupResult:
    path = Path(source)
    if not path.is_file():
        raise BadInput("file_missing", f"{source} does not exist")
    if is_sqlite(ctx.engine):
        _sqlite_restore(ctx, path)
    else:
        _pg_restore(ctx, path)
    with ctx.write() as session:
        audit.record(session, ctx.clock(), "restore", target=str(path))
    return BackupResult(str(path), path.stat().st_size)


def _sqlite_file(ctx: AppContext) -> str:
    return make_url(str(ctx.engine.url)).database or ""


def _sqlite_backup(ctx: AppContext, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(_sqlite_file(ctx), timeout=15)
        target = sqlite3.connect(path)
        with target:
            # One step = one read transaction: in WAL mode the tills keep writing meanwhile, and
            # the copy is a consistent snapshot. (Step-wise copying restarts after every write
            # from another process, so a busy till could keep a big backup from ever finishing.)
            source.backup(target, pages=-1)
        target.close()
        source.close()
    except (sqlite3.Error, OSError) as exc:
        raise EnvironmentFault("backup_failed", f"backup to {path} failed: {exc}") from None


def _sqlite_restore(ctx: AppContext, path: Path) -> None:
    try:
        check = sqlite3.connect(path)
        ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        has_schema = check.execute("SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'").fetchone()[0]
        check.close()
    except sqlite3.DatabaseError:
        ok, has_schema = False, 0
    if not ok or not has_schema:
        raise BadInput("backup_invalid", f"{path} is not a backup of a pos database")
    ctx.engine.dispose()
    source = sqlite3.connect(path)
    target = sqlite3.connect(_sqlite_file(ctx), timeout=15)
    with target:
        source.backup(target)
    source.close()
    target.close()


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None)
    if not found:
        raise EnvironmentFault("backup_failed", f"{name} is not installed (Debian package postgresql-client)")
    return str(found)


def _pg_args(ctx: AppContext) -> list[str]:
    url = make_url(str(ctx.engine.url))
    return ["--dbname", url.set(drivername="postgresql").render_as_string(hide_password=False)]


def _pg_dump(ctx: AppContext, path: Path) -> None:
    result = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--file", str(path), *_pg_args(ctx)],
                            capture_output=True, text=True)
    if result.returncode:
        raise EnvironmentFault("backup_failed", f"pg_dump failed: {result.stderr.strip()}")


def _pg_restore(ctx: AppContext, path: Path) -> None:
    ctx.engine.dispose()
    result = subprocess.run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--single-transaction",
                             "--no-owner", *_pg_args(ctx), str(path)], capture_output=True, text=True)
    if result.returncode:
        raise EnvironmentFault("restore_failed", f"pg_restore failed: {result.stderr.strip()}")
