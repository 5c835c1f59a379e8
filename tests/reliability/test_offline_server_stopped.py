"""The central PostgreSQL server itself is stopped (`pg_ctl stop -m immediate`) while two tills sell, one
till is SIGKILLed mid-sale and restarted, the server is started again and both tills sync: every sale
is in the central database exactly once and every balance equals its ledger (#17, "Done means").

tests/reliability/test_offline_tills.py covers conflicts and a kill mid-sync against a closed port of
the shared server; this one stops a real server of its own (the shared one serves the other tests)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import LedgerEntry, Member, PointsLot, Sale
from pos.services.admin.setup import init_database
from pos.services.context import AppContext
from tests.databases import NOW
from tests.reliability.conftest import FIGURES
from tests.reliability.test_offline_tills import PHONES, journal_sales, run_till, seed_central, till_process
from tests.services.test_backup_pg_password import PG_BIN, _as_postgres, _free_port

pytestmark = pytest.mark.postgres


class Server:
    """A throw-away PostgreSQL cluster on loopback that the test stops and starts."""

    def __init__(self) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="pos-pg-stop-"))
        shutil.chown(self.home, "postgres")
        self.port = _free_port()
        _as_postgres(str(PG_BIN / "initdb"), "-D", str(self.home / "data"), "-U", "postgres", "-A", "trust")
        self.start()

    def ctl(self, *args: str) -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.home / "data"), *args)

    def start(self) -> None:
        self.ctl("-w", "-l", str(self.home / "log"), "-o",
                 f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop_immediately(self) -> None:
        self.ctl("-m", "immediate", "stop")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture
def server():
    if PG_BIN is None or os.geteuid() != 0 or shutil.which("runuser") is None:
        pytest.skip("needs the PostgreSQL server binaries and root (to run them as the postgres user)")
    running = Server()
    try:
        yield running
    finally:
        subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D",
                        str(running.home / "data"), "-m", "immediate", "stop"], capture_output=True, timeout=120)
        shutil.rmtree(running.home, ignore_errors=True)


def central_database(server: Server) -> tuple[str, dict[str, str]]:
    admin = create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE shop"))
    admin.dispose()
    url = server.url("shop")
    ctx = AppContext(make_engine(url), load_config(), lambda: NOW)
    try:
        init_database(ctx)
        coupons = seed_central(ctx)
    finally:
        ctx.engine.dispose()
    return url, coupons


def test_the_server_is_stopped_tills_sell_one_is_killed_and_all_sync_exactly_once(server, tmp_path):
    url, coupons = central_database(server)
    j1, j2 = tmp_path / "till1.sqlite3", tmp_path / "till2.sqlite3"

    def pos(till: str, journal: Path, *words: str) -> list[str]:
        return ["--db", url, "--till", till, "--offline-journal", str(journal), "--json", *words]

    for till, journal in (("S01-1", j1), ("S01-2", j2)):
        [cached] = run_till([pos(till, journal, "sync")])
        assert cached["cached_members"] == len(PHONES)

    server.stop_immediately()
    sale = ["sale", "--line", "LAT"]
    sold1 = run_till([pos("S01-1", j1, *sale, "--member", PHONES["a"], "--redeem", "300", "--coupon", coupons["a"]),
                      *[pos("S01-1", j1, *sale) for _ in range(10)]])
    assert len(sold1) == 11 and all(s.get("offline") is True for s in sold1), sold1

    killed = till_process([pos("S01-2", j2, *sale, "--member", PHONES["b"]), *[pos("S01-2", j2, *sale)
                                                                              for _ in range(200)]])
    assert killed.stdout is not None
    confirmed = [json.loads(killed.stdout.readline()) for _ in range(5)]
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    FIGURES["offline_sigkills_mid_sale"] += 1
    assert all(c.get("offline") for c in confirmed)
    assert {c["sale_id"] for c in confirmed} <= set(journal_sales(j2))       # confirmed = durable
    assert all(s.get("offline") for s in run_till([pos("S01-2", j2, *sale, "--member", PHONES["c"])]))

    server.start()
    results = run_till([pos("S01-1", j1, "sync"), pos("S01-2", j2, "sync")])
    assert all("pushed" in r for r in results), results

    journaled = journal_sales(j1) + journal_sales(j2)
    ctx = AppContext(make_engine(url), load_config(), lambda: NOW)
    try:
        with ctx.read() as s:
            for sale_id in journaled:
                assert s.scalar(select(func.count()).select_from(Sale).where(Sale.sale_uuid == sale_id)) == 1
            assert s.scalar(select(func.count()).select_from(Sale)) == len(journaled)
            for m in s.scalars(select(Member)):
                booked = s.scalar(select(func.coalesce(func.sum(LedgerEntry.points), 0))
                                  .where(LedgerEntry.member_id == m.id))
                lots = s.scalar(select(func.coalesce(func.sum(PointsLot.remaining), 0))
                                .where(PointsLot.member_id == m.id))
                assert m.points_balance == booked == lots >= 0
            a = s.scalar(select(Member).where(Member.phone == "+86" + PHONES["a"]))
            assert a.points_balance < 1000          # the offline redemption was booked at sync
    finally:
        ctx.engine.dispose()
    for journal in (j1, j2):
        conn = sqlite3.connect(journal)
        assert conn.execute("SELECT count(*) FROM sales WHERE pushed_at IS NULL").fetchone()[0] == 0
        conn.close()
    FIGURES["offline_sales_synced"] += len(journaled)
