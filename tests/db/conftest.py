"""An empty database (no schema) per test, for the migration tests."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from pos.db.engine import make_engine


@pytest.fixture
def fresh_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    from tests.databases import drop_postgres, postgres_url

    url = postgres_url(request.getfixturevalue("pg_url"))
    with make_engine(url).begin() as conn:      # an empty database, not the migrated template
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    request.addfinalizer(lambda: drop_postgres(url))
    return url
