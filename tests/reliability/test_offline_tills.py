"""Two tills keep selling while the central PostgreSQL server cannot be reached, one is SIGKILLed
mid-sale and one mid-sync, and every sale reaches the central database exactly once (#17).

The test server is shared, so "the server is down" is the till pointed at a closed port of it (the
connection is refused, as for a stopped server) and "back up" the real URL again. Each till is its own
process running the real `pos` command with its own journal."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import AuditEntry, LedgerEntry, Member, PointsLot, Sale
from pos.services.context import AppContext
from pos.services.members import lookup as members
from pos.services.points import ledger
from pos.services.staff.accounts import create_staff
from pos.services.stores import chain
from tests.databases import NOW, drop_postgres, postgres_url
from tests.reliability.conftest import FIGURES

ROOT = Path(__file__).resolve().parents[2]
CHILD = "import json, sys\nfrom pos.cli.main import main\nfor argv in json.loads(sys.argv[1]):\n    main(argv)\n"
PHONES = {"a": "13800138001", "b": "13800138002", "c": "13800138003"}


def till_process(argvs: list[list[str]]) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POS_NOW": NOW.isoformat(), "POS_LOG_DIR": os.environ["POS_LOG_DIR"]}
    return subprocess.Popen([sys.executable, "-c", CHILD, json.dumps(argvs)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)


def run_till(argvs: list[list[str]]) -> list[dict]:
    out, _ = till_process(argvs).communicate(timeout=600)
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def journal_sales(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT sale_id FROM sales ORDER BY seq")]
    finally:
        conn.close()


def seed_central(ctx: AppContext) -> dict[str, str]:
    """A manager, till S01-2 beside S01-1, a latte, and the PHONES members with 1000 points each;
    returns their welcome coupons by key."""
    manager = create_staff(ctx, "M01", "Manager", "manager", "8888")
    chain.add_till(ctx, manager.id, "S01")
    from pos.db.models import Product
    with ctx.write() as s:
        s.add(Product(sku="LAT", barcode="6900000000002", name="Latte", price_fen=2800, discountable=True))
    coupons = {}
    for key, phone in PHONES.items():
        enrolled = members.enrol(ctx, phone, name=key)
        coupons[key] = enrolled.welcome_coupon
        with ctx.write() as s:
            ledger.adjust(s, ctx.config.points, enrolled.member.member_id, 1000, NOW, staff_id=None, reason="start")
    return coupons


@pytest.fixture
def central(pg_url):
    url = postgres_url(pg_url)
    ctx = AppContext(make_engine(url), load_config(), lambda: NOW)
    coupons = seed_central(ctx)
    yield url, ctx, coupons
    ctx.engine.dispose()
    drop_postgres(url)


@pytest.mark.postgres
def test_two_tills_sell_offline_are_killed_and_sync_exactly_once(central, tmp_path):
    url, ctx, coupons = central
    down = make_url(url).set(port=1).render_as_string(hide_password=False)   # refused, like a stopped server
    j1, j2 = tmp_path / "till1.sqlite3", tmp_path / "till2.sqlite3"

    def pos(db: str, till: str, journal: Path, *words: str) -> list[str]:
        return ["--db", db, "--till", till, "--offline-journal", str(journal), "--json", *words]

    for till, journal in (("S01-1", j1), ("S01-2", j2)):
        [cached] = run_till([pos(url, till, journal, "sync")])
        assert cached["cached_members"] == 3

    # offline: members, points and coupons on both tills, and plain sales
    sale = ["sale", "--line", "LAT"]
    till1 = [pos(down, "S01-1", j1, *sale, "--member", PHONES["a"], "--redeem", "300", "--coupon", coupons["a"]),
             pos(down, "S01-1", j1, *sale, "--member", PHONES["b"], "--redeem", "200"),
             *[pos(down, "S01-1", j1, *sale) for _ in range(40)]]
    sold1 = run_till(till1)
    assert all(s.get("offline") is True for s in sold1) and len(sold1) == 42
    assert sold1[0]["receipt_no"].startswith("S01-1-") and "-X" in sold1[0]["receipt_no"]
    till2 = [pos(down, "S01-2", j2, *sale, "--member", PHONES["a"], "--redeem", "300"),
             pos(down, "S01-2", j2, *sale, "--member", PHONES["c"], "--coupon", coupons["c"])]
    assert all(s.get("offline") for s in run_till(till2))
    refused = run_till([pos(down, "S01-2", j2, *sale, "--member", PHONES["a"], "--redeem", "300")])
    assert refused[0]["error"]["code"] == "offline_cap_exceeded"

    # till 2 is SIGKILLed mid-sale, after some sales were confirmed, and restarted
    killed = till_process([pos(down, "S01-2", j2, *sale) for _ in range(200)])
    assert killed.stdout is not None
    confirmed = [json.loads(killed.stdout.readline()) for _ in range(5)]
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    FIGURES["offline_sigkills_mid_sale"] += 1
    in_journal = set(journal_sales(j2))
    assert {c["sale_id"] for c in confirmed} <= in_journal      # every confirmed sale survived the kill
    assert all(s.get("offline") for s in run_till([pos(down, "S01-2", j2, *sale) for _ in range(3)]))

    # meanwhile, online at another till: member a spends down to 100 points, member c's coupon is used
    from pos.services.sales import checkout as co
    from pos.services.sales.cart import LineInput
    with ctx.write() as s:
        member_a = s.scalar(select(Member).where(Member.phone == "+86" + PHONES["a"]))
        ledger.adjust(s, ctx.config.points, member_a.id, 100 - member_a.points_balance, NOW, staff_id=None,
                      reason="spent online")
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT")], coupon_code=coupons["c"],
                                        member_phone=PHONES["c"]))
    conflicts = 3     # a's two redemptions (300 + 300 against 100) and c's coupon

    # the server is back: till 1 is SIGKILLed mid-sync, then both tills sync
    syncing = till_process([pos(url, "S01-1", j1, "sync")])
    probe = AppContext(make_engine(url), load_config(), lambda: NOW)
    try:
        while syncing.poll() is None:
            with probe.read() as s:
                if s.scalar(select(func.count()).select_from(Sale).where(Sale.receipt_no.like("S01-1-%-X%"))) >= 3:
                    break
            time.sleep(0.01)
    finally:
        probe.engine.dispose()
    mid_sync = syncing.poll() is None
    syncing.send_signal(signal.SIGKILL)
    syncing.wait()
    FIGURES["offline_sigkills_mid_sync"] += int(mid_sync)
    results = run_till([pos(url, "S01-1", j1, "sync"), pos(url, "S01-2", j2, "sync")])
    assert all("pushed" in r for r in results), results

    journaled = journal_sales(j1) + journal_sales(j2)
    with ctx.read() as s:
        for sale_id in journaled:
            assert s.scalar(select(func.count()).select_from(Sale).where(Sale.sale_uuid == sale_id)) == 1
        assert s.scalar(select(func.count()).select_from(Sale).where(Sale.receipt_no.like("%-X%"))) == len(journaled)
        for m in s.scalars(select(Member)):
            booked = s.scalar(select(func.coalesce(func.sum(LedgerEntry.points), 0)).where(LedgerEntry.member_id == m.id))
            lots = s.scalar(select(func.coalesce(func.sum(PointsLot.remaining), 0)).where(PointsLot.member_id == m.id))
            assert m.points_balance == booked == lots >= 0
        overdraws = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "offline_overdraw"))
    assert overdraws == conflicts
    for journal in (j1, j2):
        conn = sqlite3.connect(journal)
        assert conn.execute("SELECT count(*) FROM sales WHERE pushed_at IS NULL").fetchone()[0] == 0
        conn.close()
    FIGURES["offline_sales_synced"] += len(journaled)
    FIGURES["offline_overdraws_detected"] += overdraws
