"""Real databases for tests: a migrated SQLite file copied per test, and on PostgreSQL a
fresh database per test cloned from a migrated template (CREATE DATABASE ... TEMPLATE)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pos.clock import fixed_clock
from pos.config import load_config
from pos.db.engine import make_engine
from pos.services.admin.setup import init_database
from pos.services.context import AppContext

NOW = datetime(2026, 6, 10, 12, 0, 0)
_sqlite_template: Path | None = None
_pg_template: set[str] = set()


def sqlite_url(tmp_path: Path) -> str:
    target = Path(tmp_path) / "pos.sqlite3"
    shutil.copy(_migrated_sqlite_template(), target)
    return f"sqlite:///{target}"


def _migrated_sqlite_template() -> Path:
    """Built once per process in a folder of its own: not under pytest's basetemp, which pytest deletes
    three sessions later while a process running several sessions (mutmut) still holds the path."""
    global _sqlite_template
    if _sqlite_template is None or not _sqlite_template.exists():
        folder = Path(tempfile.mkdtemp(prefix="pos-template-"))
        atexit.register(_remove_template, folder, os.getpid())
        path = folder / "template.sqlite3"
        engine = make_engine(f"sqlite:///{path}")
        init_database(AppContext(engine, load_config(), fixed_clock(NOW)))
        engine.dispose()
        _sqlite_template = path
    return _sqlite_template


def _remove_template(folder: Path, owner_pid: int) -> None:
    if os.getpid() == owner_pid:     # a forked child must not delete its parent's template
        shutil.rmtree(folder, ignore_errors=True)


def postgres_url(server_url: str) -> str:
    """A fresh database on the test server, cloned from a migrated template."""
    url = make_url(server_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        template = _migrated_pg_template(conn, url)
        name = f"pos_t_{uuid.uuid4().hex[:12]}"
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _migrated_pg_template(conn, url) -> str:
    """One template per test process: several checkouts (each with its own migrations) share the server,
    and a shared name let one process drop the template another was cloning."""
    if not _pg_template:
        template = f"pos_template_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        conn.execute(text(f'CREATE DATABASE "{template}"'))
        engine = make_engine(url.set(database=template).render_as_string(hide_password=False))
        init_database(AppContext(engine, load_config(), fixed_clock(NOW)))
        engine.dispose()
        _pg_template.add(template)
        atexit.register(_drop_pg_template, url, template, os.getpid())
    return next(iter(_pg_template))


def _drop_pg_template(url, template: str, owner_pid: int) -> None:
    if os.getpid() == owner_pid:
        drop_postgres(url.set(database=template).render_as_string(hide_password=False))


def drop_postgres(url: str) -> None:
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()
