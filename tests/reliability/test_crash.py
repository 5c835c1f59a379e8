"""SIGKILL at random points during a stream of checkouts and returns: nothing half-done, nothing lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from pos.db.models import LedgerEntry, Member, PointsLot, Return, ReturnLine, Sale, SaleLine
from pos.services.members import lookup as members
from tests.reliability.conftest import FIGURES
from tests.services.test_checkout import ledger_consistent

KILLS = 12
WORKER = Path(__file__).with_name("crash_worker.py")


def _wait_for_first_confirmation(proc: subprocess.Popen, log: Path, limit: float = 120) -> None:
    """Until the worker has confirmed one more operation (a fixed sleep killed it before its first
    sale when the machine was busy, and the test then found no log at all)."""
    size = log.stat().st_size if log.exists() else 0
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if log.exists() and log.stat().st_size > size:
            return
        time.sleep(0.05)
    assert proc.poll() is None, proc.stderr.read().decode()


def test_sigkill_during_checkouts_loses_nothing(ctx, db_url, products, tmp_path):
    members.enrol(ctx, "13800138000")
    log = tmp_path / "confirmed.log"
    rng = random.Random(7)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for kill in range(KILLS):
        proc = subprocess.Popen([sys.executable, str(WORKER), db_url, str(log), str(kill)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _wait_for_first_confirmation(proc, log)  # start-up takes ~1 s, far more on a loaded machine
        time.sleep(rng.random() * 1.5)           # then it sells until killed, at a random point
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()
    confirmed = log.read_text(encoding="utf-8").split()
    numbers = confirmed[1::2]                                             # receipt and return numbers
    FIGURES["sigkills"] += KILLS
    FIGURES["confirmed_before_kill"] += len(numbers)
    assert len(confirmed) > 20, "the worker should have confirmed a good number of operations"
    if db_url.startswith("sqlite"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ledger_consistent(ctx)
    with ctx.read() as session:
        booked = set(session.scalars(select(Sale.receipt_no))) | set(session.scalars(select(Return.return_no)))
        assert set(numbers) <= booked                                     # every confirmed one is there
        assert session.scalar(select(func.count(Sale.id)).where(~Sale.lines.any())) == 0
        assert session.scalar(select(func.count(Sale.id)).where(Sale.receipt_no.like("~%"))) == 0
        no_lines = select(func.count(Return.id)).where(~select(ReturnLine.id).where(
            ReturnLine.return_id == Return.id).exists())
        assert session.scalar(no_lines) == 0
        earned = session.scalar(select(func.sum(Sale.points_earned)))
        ledger_earned = session.scalar(select(func.sum(LedgerEntry.points)).where(LedgerEntry.kind == "earn"))
        assert earned == ledger_earned                                    # every sale has its ledger entry
        member = session.scalar(select(Member))
        lots = session.scalar(select(func.sum(PointsLot.remaining)))
        assert member.points_balance == lots
        returned = session.scalar(select(func.sum(SaleLine.returned_qty)))
        assert returned == session.scalar(select(func.coalesce(func.sum(ReturnLine.qty), 0)))
