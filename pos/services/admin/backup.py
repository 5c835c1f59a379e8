"""Online backup and restore, manager-only and encrypted (see backup_file and docs/SECURITY.md).

SQLite: its backup API (tills keep selling); PostgreSQL: pg_dump/pg_restore, the password handed
over in a private temporary .pgpass file, never on the command line. The plain dump only ever
exists in a 0700 temporary folder.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, select, text

from pos.db.engine import is_sqlite
from pos.db.models import Staff
from pos.errors import BadInput, EnvironmentFault, PermissionDenied
from pos.services.admin import backup_file
from pos.services.context import AppContext
from pos.services.members import qr as member_qr
from pos.services.staff import audit
from pos.services.staff.roles import require_manager_id


@dataclass(frozen=True)
class BackupResult:
    file: str
    bytes: int
    pruned: tuple[str, ...] = ()


def backup(ctx: AppContext, target: str, *, staff_id: int | None, passphrase: str | None) -> BackupResult:
    path = Path(target).expanduser()
    passphrase = backup_file.check_passphrase(passphrase)
    if path.exists() or path.is_symlink():
        raise BadInput("file_exists", f"{target} already exists: choose a new file name")
    with ctx.write() as session:
        manager_id = require_manager_id(session, staff_id, "Backing up the database").id
        qr_secrets = member_qr.secrets_of(session)
        revision = session.scalar(text("SELECT version_num FROM alembic_version"))
    meta = {"database": ctx.engine.dialect.name, "created_at": ctx.clock().isoformat(), "schema": revision}
    with _work_folder(ctx) as work:
        plain = work / "dump"
        if is_sqlite(ctx.engine):
            _sqlite_backup(ctx, plain)
        else:
            _pg_run(ctx, work, "pg_dump", "--format=custom", "--file", str(plain))
        path.parent.mkdir(parents=True, exist_ok=True)
        backup_file.seal(plain, meta, qr_secrets, path, passphrase)
    with ctx.write() as session:
        audit.record(session, ctx.clock(), "backup", staff_id=manager_id, target=str(path))
    pruned = prune(path.parent, ctx.config.security.backup_keep)
    return BackupResult(str(path), path.stat().st_size, pruned)


def restore(ctx: AppContext, source: str, *, staff_id: int | None, passphrase: str | None) -> BackupResult:
    """Replaces the database by an authentic backup, then records who restored which file into the
    restored database. Manager-only; a database without any manager yet (a new till) takes the
    passphrase alone."""
    path = Path(source).expanduser()
    if not path.is_file():
        raise BadInput("file_missing", f"{source} does not exist")
    passphrase = backup_file.check_passphrase(passphrase)
    restorer = _restorer(ctx, staff_id)
    with _work_folder(ctx) as work:
        header, qr_secrets = backup_file.unseal(path, passphrase, work / "dump")
        if header.get("database") != ctx.engine.dialect.name:
            raise BadInput("backup_wrong_database", f"{path} is a {header.get('database')} backup: it cannot be "
                           f"restored into {ctx.engine.dialect.name}")
        member_qr.import_secrets(qr_secrets)
        if is_sqlite(ctx.engine):
            _sqlite_restore(ctx, work / "dump")
        else:
            ctx.engine.dispose()
            _pg_run(ctx, work, "pg_restore", "--clean", "--if-exists", "--single-transaction", "--no-owner",
                    str(work / "dump"), fault="restore_failed")
    with ctx.write() as session:
        staff_id = session.scalar(select(Staff.id).where(Staff.code == restorer[0])) if restorer else None
        audit.record(session, ctx.clock(), "restore", staff_id=staff_id, target=str(path),
                     by=restorer[0] if restorer else "", by_name=restorer[1] if restorer else "",
                     backup_created_at=header.get("created_at", ""))
    return BackupResult(str(path), path.stat().st_size)


def import_keys(ctx: AppContext, source: str, *, staff_id: int | None, passphrase: str | None) -> int:
    """Takes the member-QR keys out of an authentic backup into this computer's key store (a second
    till of a shared database, or a till after a key rotation on another one)."""
    path = Path(source).expanduser()
    if not path.is_file():
        raise BadInput("file_missing", f"{source} does not exist")
    passphrase = backup_file.check_passphrase(passphrase)
    with ctx.write() as session:
        manager_id = require_manager_id(session, staff_id, "Importing member-QR keys").id
    with _work_folder(ctx) as work:
        _header, qr_secrets = backup_file.unseal(path, passphrase, work / "dump")
    count = member_qr.import_secrets(qr_secrets)
    with ctx.write() as session:
        audit.record(session, ctx.clock(), "qr_keys_imported", staff_id=manager_id, target=str(path), keys=count)
    return count


def prune(folder: Path, keep: int) -> tuple[str, ...]:
    """Deletes the oldest pos backups in `folder` beyond the newest `keep` (0: keeps all)."""
    if keep <= 0:
        return ()
    found = sorted((p for p in folder.iterdir() if p.is_file() and not p.is_symlink() and backup_file.is_backup(p)),
                   key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in found[keep:]:
        old.unlink(missing_ok=True)
    return tuple(str(p) for p in found[keep:])


def _restorer(ctx: AppContext, staff_id: int | None) -> tuple[str, str] | None:
    with ctx.write() as session:
        if staff_id is None:
            if session.scalar(select(Staff.id).where(Staff.role == "manager", Staff.active.is_(True)).limit(1)):
                raise PermissionDenied("manager_pin_required", "Restoring a backup needs a manager PIN.")
            return None
        manager = require_manager_id(session, staff_id, "Restoring a backup")
        return manager.code, manager.name


@contextmanager
def _work_folder(ctx: AppContext) -> Iterator[Path]:
    """A 0700 folder for the plain dump: beside a SQLite database (room for its copy), else temp."""
    near = Path(ctx.engine.url.database or "").expanduser().parent if is_sqlite(ctx.engine) else None
    try:
        with tempfile.TemporaryDirectory(prefix=".pos-backup-", dir=near) as work:
            yield Path(work)
    except OSError as exc:
        raise EnvironmentFault("backup_failed", f"no room for the backup's work files: {exc.strerror}") from None


def _sqlite_file(ctx: AppContext) -> str:
    return ctx.engine.url.database or ""


def _sqlite_backup(ctx: AppContext, path: Path) -> None:
    try:
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
        raise BadInput("backup_invalid", "the backup does not hold a pos database")
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


def _pg_run(ctx: AppContext, work: Path, tool: str, *args: str, fault: str = "backup_failed") -> None:
    url = ctx.engine.url     # the URL object still holds the password (its str() masks it)
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSFILE"] = str(_pgpass(work, url.password))
    result = subprocess.run([_pg_tool(tool), "--dbname", _conninfo(url), *args],
                            capture_output=True, text=True, env=env)
    if result.returncode:
        raise EnvironmentFault(fault, f"{tool} failed: {result.stderr.strip()}")


def _conninfo(url: URL) -> str:
    """libpq keyword/value connection string, without the password."""
    params = {"host": url.host, "port": url.port, "dbname": url.database, "user": url.username}
    params.update({key: value for key, value in url.query.items() if isinstance(value, str)})
    params.pop("password", None)
    return " ".join(f"{key}={_quoted(str(value))}" for key, value in params.items() if value is not None)


def _quoted(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _pgpass(work: Path, password: str) -> Path:
    escaped = password.replace("\\", "\\\\").replace(":", "\\:")
    path = work / "pgpass"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"*:*:*:*:{escaped}\n")
    return path
