"""One bootstrap for the `pos` command and the till: same migration policy, no invented data."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import create_engine, inspect

from pos.errors import BadInput
from pos.services.admin.bootstrap import open_store
from pos.ui import app


def _tables(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_an_empty_database_is_refused_with_what_to_run(tmp_path):
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    with pytest.raises(BadInput) as refused:
        open_store(url)
    assert refused.value.code == "database_not_initialised"
    assert "pos init" in refused.value.message
    assert _tables(url) == []            # nothing created, nothing invented


def test_the_terminal_follows_the_same_policy_and_invents_no_members(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    monkeypatch.setenv("POS_DEMO_IF_EMPTY", "1")      # the old hidden switch does nothing any more
    assert app.main(["--db", url]) == 2
    assert "database_not_initialised" in capsys.readouterr().err
    assert _tables(url) == []


def test_an_initialised_store_opens_empty_in_both(tmp_path):
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    init = subprocess.run([sys.executable, "-m", "pos.cli.main", "--db", url, "init"], capture_output=True,
                          text=True, timeout=120)
    assert init.returncode == 0, init.stderr
    ctx = open_store(url)
    from pos.services.admin.setup import member_count

    assert member_count(ctx) == 0
    ctx.engine.dispose()


def test_the_staged_screenshot_needs_a_demo_store(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    subprocess.run([sys.executable, "-m", "pos.cli.main", "--db", url, "init"], check=True, capture_output=True,
                   timeout=120)
    assert app.main(["--db", url, "--screenshot", str(tmp_path / "shot.png")]) == 2
    assert "pos init --demo" in capsys.readouterr().err
    assert not (tmp_path / "shot.png").exists()
