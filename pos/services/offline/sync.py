"""Back online: push the journal through the normal checkout, then refresh the card cache.

Sales go in the journal's order (its sequence), by their sale ids, in batches of one central
transaction each (a savepoint per sale): the checkout's own booking (`_book`) books each sale id once,
and a sale id already there is answered with the sale already booked (`replayed`).
A till killed between the central commit and the journal's `pushed_at` therefore pushes that sale
again at its next sync and finds it there: no sale is lost (the journal holds it until it is marked)
and none is booked twice (the central sale id is unique).
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import DateTime, bindparam, func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from pos.db import direct
from pos.db.engine import OFFLINE_CONNECT_TIMEOUT_S, make_engine
from pos.db.models import AuditEntry, Coupon, Member, Product, QrKey, Sale, Staff, StampMove, StoreSettings
from pos.errors import EnvironmentFault, Refusal
from pos.services.context import AppContext
from pos.services.offline.journal import Journal
from pos.services.offline.selling import pushed_request
from pos.services.sales.batch_rollups import BatchRollups
from pos.services.sales.checkout import _book
from pos.vocabulary import DATABASE_BUSY, OFFLINE_MARK, parse_document_no


@dataclass(frozen=True)
class SyncResult:
    pushed: int
    already_there: int
    overdraws: int
    overdraw_fen: int
    failed: int
    cached_members: int


@dataclass(frozen=True)
class TillStatus:
    online: bool
    queued: int
    last_sync: str | None


def is_reachable(url: str | None, timeout: int = OFFLINE_CONNECT_TIMEOUT_S) -> bool:
    """Whether the central database answers within `timeout` seconds."""
    try:
        engine = make_engine(url, connect_timeout=timeout)
    except EnvironmentFault:
        return False
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        return True
    except SQLAlchemyError:
        return False
    finally:
        engine.dispose()


def till_status(journal: Journal, url: str | None) -> TillStatus:
    return TillStatus(is_reachable(url), journal.queued(), journal.meta("last_sync"))


# Sales pushed per central transaction (each in a savepoint of its own), and the longest such a
# transaction is kept open: its member rows stay locked (PostgreSQL) or the file's write lock held
# (SQLite) meanwhile, so a till selling online waits at most about this long.
SYNC_BATCH = 100
SYNC_BATCH_SECONDS = 0.5
# PostgreSQL: connections pushing at once, each the sales of its own members (member id modulo the
# lanes; sales without a member in the first). A synced sale is ~half the till's CPU and half waiting
# for the server: two lanes fill the waits (#19). The shared report rollups are written once per batch
# at its end, in one order (sales.batch_rollups), so two lanes do not wait on each other's rows; two
# lanes that still deadlock (a referee's sale rewarding a referrer another lane holds) retry the batch.
SYNC_LANES = 2
_BUSY_RETRIES = 5


@dataclass
class _Pushed:
    """One journaled sale's outcome: the journal is marked for a whole batch at once."""

    seq: int
    overdraw: int = 0
    error: str | None = None        # kept queued with this reason
    replayed: bool = False


def sync(ctx: AppContext, journal: Journal) -> SyncResult:
    """Pushes every queued sale, then refreshes the cache (the central database must be reachable).

    The sales go in batches of up to SYNC_BATCH, each batch one central transaction with a savepoint
    per sale (a refused sale is rolled back alone and stays queued), then the batch is marked in the
    journal in one transaction. Killed in between, the next sync finds the batch's sales booked by
    their sale ids and marks them (`already_there`): exactly once, as for a single sale (#19).
    On PostgreSQL, SYNC_LANES connections push at once, each the sales of its own members in journal
    order (the journal is marked here, batch by batch, as each lane's batches commit)."""
    pushed = already = overdraws = overdraw_fen = failed = 0
    queued = journal.conn.execute("SELECT seq, sale_id, receipt_no, sold_at, request, member_id FROM sales "
                                  "WHERE pushed_at IS NULL ORDER BY seq").fetchall()
    for outcomes in _pushed_batches(ctx, queued):
        with journal.transaction() as conn:
            marked_at = ctx.clock().isoformat()
            for outcome in outcomes:
                if outcome.error is not None:
                    conn.execute("UPDATE sales SET push_error = ? WHERE seq = ?", (outcome.error, outcome.seq))
                else:
                    conn.execute("UPDATE sales SET pushed_at = ?, overdraw_fen = ?, push_error = NULL "
                                 "WHERE seq = ?", (marked_at, outcome.overdraw, outcome.seq))
        for outcome in outcomes:
            if outcome.error is not None:
                failed += 1
                continue
            if outcome.replayed:
                already += 1
            else:
                pushed += 1
            if outcome.overdraw:
                overdraws += 1
                overdraw_fen += outcome.overdraw
    cached = refresh_cache(ctx, journal)
    return SyncResult(pushed, already, overdraws, overdraw_fen, failed, cached)


def _pushed_batches(ctx: AppContext, queued: list) -> Iterator[list[_Pushed]]:
    """Each batch's outcomes as it commits: one lane on SQLite (one writer), SYNC_LANES on PostgreSQL."""
    lanes = SYNC_LANES if ctx.engine.dialect.name == "postgresql" else 1
    if lanes == 1 or len(queued) <= SYNC_BATCH:
        yield from _lane(ctx, queued, threading.Event())
        return
    by_lane: list[list] = [[] for _ in range(lanes)]
    for row in queued:
        by_lane[(row[5] or 0) % lanes].append(row)
    done: queue.Queue = queue.Queue()
    stop = threading.Event()

    def push(rows: list) -> None:
        try:
            for outcomes in _lane(ctx, rows, stop):
                done.put(outcomes)
        except BaseException as error:    # handed to the caller's thread, raised there
            stop.set()
            done.put(error)
        finally:
            done.put(None)

    workers = [threading.Thread(target=push, args=(rows,), name=f"sync-lane-{i}", daemon=True)
               for i, rows in enumerate(by_lane) if rows]
    for worker in workers:
        worker.start()
    failure: BaseException | None = None
    running = len(workers)
    try:
        while running:
            item = done.get()
            if item is None:
                running -= 1
            elif isinstance(item, BaseException):
                failure = failure or item
            else:
                yield item
    finally:     # also when the caller stops early (its journal could not be marked): no lane pushes on
        stop.set()
        for worker in workers:
            worker.join()
    if failure is not None:
        raise failure


def _lane(ctx: AppContext, rows: list, stop: threading.Event) -> Iterator[list[_Pushed]]:
    position = 0
    while position < len(rows) and not stop.is_set():
        for attempt in range(_BUSY_RETRIES):
            try:
                outcomes = _push_batch(ctx, rows, position)
                break
            except EnvironmentFault as fault:    # a deadlock or lock timeout: the batch was rolled back whole
                if fault.code != DATABASE_BUSY or attempt == _BUSY_RETRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        position += len(outcomes)
        yield outcomes


def _push_batch(ctx: AppContext, queued: list, first: int) -> list[_Pushed]:
    """Books queued[first:] centrally in one transaction, until SYNC_BATCH sales or SYNC_BATCH_SECONDS.

    First without savepoints (#19, round two: a SAVEPOINT and its RELEASE are two round trips per sale
    on PostgreSQL): a batch where every sale books, the usual case, is committed as it is. If one sale
    is refused or collides, that whole transaction is rolled back (nothing of it stays) and the batch
    is booked again the careful way, a savepoint per sale, the refused one kept queued."""
    try:
        return _book_batch(ctx, queued, first, careful=False)
    except (Refusal, IntegrityError):
        return _book_batch(ctx, queued, first, careful=True)


def _book_batch(ctx: AppContext, queued: list, first: int, careful: bool) -> list[_Pushed]:
    rows = queued[first:first + SYNC_BATCH]
    outcomes: list[_Pushed] = []
    booked = BatchRollups()       # the batch's report rollups, written at its end (one upsert a row)
    started = time.monotonic()
    with ctx.write() as session:
        there = set(session.scalars(select(Sale.sale_uuid).where(Sale.sale_uuid.in_([row[1] for row in rows]))))
        for seq, sale_id, receipt_no, sold_at, request, _member in rows:
            if outcomes and time.monotonic() - started > SYNC_BATCH_SECONDS:
                break
            # a replay (the till was killed before it marked the sale) reads the overdraw its push booked
            if sale_id in there:
                outcomes.append(_Pushed(seq, _booked_overdraw(session, receipt_no), replayed=True))
                continue
            pushed = pushed_request(request, sale_id, receipt_no, datetime.fromisoformat(sold_at))
            sale = BatchRollups()
            if not careful:
                try:
                    result = _book(session, ctx, pushed, sale_id, None, rollup_to=sale)
                finally:
                    session.expunge_all()     # as below
                outcomes.append(_Pushed(seq, result.overdraw_fen))
                booked.add(sale)
                continue
            try:
                with session.begin_nested():
                    result = _book(session, ctx, pushed, sale_id, None, rollup_to=sale)
            except Refusal as refused:   # e.g. the member was erased meanwhile: kept queued, reported
                outcomes.append(_Pushed(seq, error=f"{refused.code}: {refused.message}"))
                continue
            except IntegrityError:
                if session.scalar(select(Sale.id).where(Sale.sale_uuid == sale_id)) is not None:
                    outcomes.append(_Pushed(seq, _booked_overdraw(session, receipt_no), replayed=True))
                else:
                    outcomes.append(_Pushed(seq, error=f"receipt number {receipt_no} is taken at the server"))
                continue
            finally:
                # the next sale reads its member and coupon afresh: this one's Core updates of them
                # (balance, tier, coupon status) are not in the objects the session has loaded
                session.expunge_all()
            outcomes.append(_Pushed(seq, result.overdraw_fen))
            booked.add(sale)        # only a sale whose savepoint was released
        booked.write(session.connection())
    return outcomes


def _booked_overdraw(session: Session, receipt_no: str) -> int:
    details = session.scalars(select(AuditEntry.details).where(AuditEntry.action == "offline_overdraw",
                                                               AuditEntry.target == receipt_no)).all()
    return sum(int(json.loads(d or "{}").get("value_fen") or 0) for d in details)


def _sequence_after(conn, receipt_no: str | None) -> None:  # noqa: ANN001
    """A journal made anew (a replaced disk, a deleted file) goes on after this till's last offline
    number the server holds, so it cannot hand out an X number twice."""
    parsed = parse_document_no(receipt_no) if receipt_no else None
    if parsed is None:
        return
    conn.execute("INSERT INTO sqlite_sequence (name, seq) SELECT 'sales', 0 "
                 "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'sales')")
    conn.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'sales'", (parsed.sequence,))


# every listed member's card and every usable coupon, 1M rows each at most: plain tuples from psycopg
# (pos.db.direct: SQLAlchemy's rows cost 2.5 s of a 1M-member refresh)
_CARDS = select(Member.id, Member.phone, Member.name, Member.tier_key, Member.points_balance,
                Member.birth_month).where(Member.erased_at.is_(None), Member.phone.is_not(None))
# the cache knows no product categories: a free-item coupon limited to one (a stamp card's) is taken online only
_COUPONS = select(Coupon.code, Coupon.member_id, Coupon.kind, Coupon.percent_bp, Coupon.amount_fen,
                  Coupon.threshold_fen, Coupon.cap_fen, Coupon.valid_from, Coupon.valid_to, Coupon.tier_key,
                  Coupon.segment).where(Coupon.status == "issued", Coupon.valid_to >= bindparam("now", type_=DateTime),
                                        Coupon.category == "")


def refresh_cache(ctx: AppContext, journal: Journal) -> int:
    """Replaces the card cache with the central database's cards, coupons, products, QR key ids and
    settings; what the journal still holds unpushed stays subtracted. Returns the members cached."""
    now = ctx.clock()
    with ctx.read() as session:
        here = ctx.here_in(session)
        members = direct.execute(session.connection(), _CARDS).all()
        coupons = direct.execute(session.connection(), _COUPONS, {"now": now}).all()
        products = session.execute(select(Product.sku, Product.barcode, Product.name, Product.price_fen,
                                          Product.discountable).where(Product.active.is_(True))).all()
        keys = session.execute(select(QrKey.kid, QrKey.created_at, QrKey.retired_at)).all()
        last_offline = None
        if here is not None:   # this till's newest offline number at the server (pushed in sequence order)
            last_offline = session.scalar(select(Sale.receipt_no).where(Sale.receipt_no.like(
                f"{here.till}-%-{OFFLINE_MARK}%")).order_by(Sale.id.desc()).limit(1))
        card = ctx.config.stamps.category
        stamps = dict(session.execute(select(StampMove.member_id, func.sum(StampMove.stamps))
                                      .where(StampMove.card == card).group_by(StampMove.member_id)).all()) if card else {}
        staff = session.execute(select(Staff.id, Staff.code, Staff.name, Staff.role, Staff.pin_hash, Staff.store_id)
                                .where(Staff.active.is_(True))).all()
        latest = session.scalar(select(func.max(StoreSettings.id)))
        toml = session.scalar(select(StoreSettings.toml).where(StoreSettings.id == latest)) if latest else None
    phone_hashes = journal.macs([m[1] or "" for m in members])     # as journal.phone_hash, the key read once
    with journal.transaction() as conn:
        for table in ("products", "qr_keys"):
            conn.execute(f"DELETE FROM {table}")    # noqa: S608 - fixed names
        journal.rebuild_cards(conn, [(m[0], digest, m[2], m[3], m[4], m[5], int(stamps.get(m[0]) or 0))
                                     for m, digest in zip(members, phone_hashes, strict=True)],
                              [(*c[:7], c[7].isoformat(), c[8].isoformat(), c[9], c[10]) for c in coupons])
        # staff who signed in here online may sign in offline (selling.remember_staff); one who left, or
        # whose PIN changed since (the server's hash is another), is forgotten
        current = {s[0]: (s[1], s[2], s[3], s[5], journal.mac(s[4])) for s in staff}
        for staff_id, hash_mac in conn.execute("SELECT staff_id, hash_mac FROM staff").fetchall():
            if staff_id not in current or current[staff_id][4] != hash_mac:
                conn.execute("DELETE FROM staff WHERE staff_id = ?", (staff_id,))
            else:
                conn.execute("UPDATE staff SET code = ?, name = ?, role = ?, store_id = ? WHERE staff_id = ?",
                             (*current[staff_id][:4], staff_id))
        conn.executemany("INSERT INTO products (sku, barcode, name, price_fen, discountable) VALUES (?, ?, ?, ?, ?)",
                         [tuple(p) for p in products])
        conn.executemany("INSERT INTO qr_keys (kid, created_at, retired_at) VALUES (?, ?, ?)",
                         [(k[0], k[1].isoformat(), k[2].isoformat() if k[2] else None) for k in keys])
        # what the journal sold but could not push yet stays spent
        conn.execute("UPDATE members SET points = points - (SELECT coalesce(sum(s.redeem_points), 0) FROM sales s "
                     "WHERE s.member_id = members.member_id AND s.pushed_at IS NULL)")
        conn.execute("UPDATE coupons SET used = 1 WHERE code IN (SELECT coupon_code FROM sales "
                     "WHERE pushed_at IS NULL AND coupon_code IS NOT NULL)")
        journal.set_meta("settings_toml", toml or "")
        if here is not None:
            journal.set_meta("store_code", here.store_code)
            journal.set_meta("till_number", str(here.till_number))
            journal.set_meta("here", json.dumps({"store_id": here.store_id, "till_id": here.till_id,
                                                 "store_name": here.store_name}))
        journal.set_meta("last_sync", now.isoformat())
        _sequence_after(conn, last_offline)
    return len(members)


def server_pin_hash(ctx: AppContext, staff_id: int) -> str | None:
    """The server's PIN hash of a staff member (keyed into the journal by selling.remember_staff)."""
    with ctx.read() as session:
        return session.scalar(select(Staff.pin_hash).where(Staff.id == staff_id))


def remember_cashier(ctx: AppContext, journal: Journal, code: str, pin: str) -> None:
    """`pos sale --cashier CODE --cashier-pin PIN` booked online at this till: that cashier may be
    recorded on this till's offline sales too (selling.remember_staff)."""
    from pos.services.offline.selling import remember_staff
    from pos.services.staff.accounts import StaffView

    with ctx.read() as session:
        row = session.execute(select(Staff.id, Staff.code, Staff.name, Staff.role, Staff.pin_hash, Staff.store_id)
                              .where(Staff.code == code, Staff.active.is_(True))).first()
    if row is not None:
        remember_staff(journal, StaffView(row[0], row[1], row[2], row[3], row[5]), pin, row[4])
