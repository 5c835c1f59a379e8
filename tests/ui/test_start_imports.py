"""What the till's start path imports (#19, cold start): the till window and its facade, in a fresh
interpreter, load neither the offline package (a till without a journal never uses it), nor the dialogs
(created on first use), nor SQLAlchemy's PostgreSQL dialect (a SQLite till), nor the printing stack."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.ui.conftest import ROOT

NOT_AT_START = ("pos.services.offline", "pos.services.offline.selling", "pos.services.offline.sync",
                "pos.ui.dialogs.payment", "pos.ui.dialogs.returns", "pos.ui.dialogs.enrol", "pos.ui.dialogs.items",
                "pos.ui.dialogs.sale_done", "pos.services.sales.returns", "pos.services.members.privacy", "sqlalchemy.dialects.postgresql",
                "pos.printing.document", "reportlab")


def _loaded_after(code: str) -> set[str]:
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True, cwd=ROOT)
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_the_till_window_starts_without_offline_dialogs_or_postgresql():
    loaded = _loaded_after("from pos.ui.main_window import TillWindow\nfrom pos.services.till import Till")
    assert "pos.ui.main_window" in loaded and "pos.services.sales.checkout" in loaded
    assert sorted(loaded & set(NOT_AT_START)) == []


def test_a_till_with_a_journal_imports_the_offline_package_when_it_uses_it(tmp_path):
    loaded = _loaded_after("from pos.services.till import Till\n"
                           f"assert Till(None, {str(tmp_path / 'journal.sqlite3')!r}).queued() == 0")
    assert "pos.services.offline.journal" in loaded
