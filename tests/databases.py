"""Real databases for tests: a migrated SQLite file copied per test, and on PostgreSQL a
fresh database per test cloned from a migrated template (CREATE DATABASE ... TEMPLATE)."""

from __future__ import annotations

import shutil
import uuid
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pos.clock import fixed_clock
from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.migrate import head_revision
from pos.services.admin.setup import init_database
from pos.services.context import AppContext

NOW = datetime(2026, 6, 10, 12, 0, 0)
_sqlite_template: Path | None = None
_pg_template: set[str] = set()


def sqlite_url(tmp_path: Path) -> str:
    global _sqlite_template
    if _sqlite_template is None:
        folder = Path(tmp_path).parent / "template"
        folder.mkdir(exist_ok=True)
        _sqlite_template = folder / "template.sqlite3"
        engine = make_engine(f"sqlite:///{_sqlite_template}")
        init_database(AppContext(engine, load_config(), fixed_clock(NOW)))
        engine.dispose()
    target = Path(tmp_path) / "pos.sqlite3"
    shutil.copy(_sqlite_template, target)
    return f"sqlite:///{target}"


def postgres_url(server_url: str) -> str:
    """A fresh database on the test server, cloned from a migrated template."""
    url = make_url(server_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    # one template per schema: test sessions of branches with other migrations share this server
    template = f"pos_template_{head_revision(admin)}"[:63]
    with admin.connect() as conn:
        if template not in _pg_template:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{template}"'))
            engine = make_engine(url.set(database=template).render_as_string(hide_password=False))
            init_database(AppContext(engine, load_config(), fixed_clock(NOW)))
            engine.dispose()
            _pg_template.add(template)
        name = f"pos_t_{uuid.uuid4().hex[:12]}"
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_postgres(url: str) -> None:
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()
