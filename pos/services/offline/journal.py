"""The offline journal: one SQLite file per till, its own small schema (not the central one).

Durability: WAL with `synchronous=FULL`, so a sale's COMMIT has reached the disk before `sell` returns
and the cashier sees the sale confirmed; a till killed at any moment keeps every confirmed sale.
Privacy: phones are kept only as HMAC-SHA256(till-local key, E.164 phone); the key lives in this
computer's key store (pos.keystore), not in the file, so a copied journal reveals no phone number.
"""

from __future__ import annotations

import hmac
import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pos import keystore
from pos.errors import EnvironmentFault

SCHEMA_VERSION = "2"     # 2: the cached stamp cards (members.stamps) and staff (offline sign-in)
# The card cache's two big tables, rebuilt whole at each refresh (CacheTables.rebuild); the phone's
# uniqueness is a named index so the rebuild can make it after the rows (journals made before it kept
# an inline UNIQUE until their first rebuild; both hold the same rule)
_MEMBERS = """CREATE TABLE IF NOT EXISTS members (
    member_id INTEGER PRIMARY KEY, phone_hash TEXT, name TEXT NOT NULL, tier_key TEXT NOT NULL,
    points INTEGER NOT NULL, birth_month INTEGER, stamps INTEGER NOT NULL DEFAULT 0)"""
_MEMBERS_PHONE = "CREATE UNIQUE INDEX IF NOT EXISTS members_phone ON members (phone_hash)"
_COUPONS = """CREATE TABLE IF NOT EXISTS coupons (
    code TEXT PRIMARY KEY, member_id INTEGER, kind TEXT NOT NULL, percent_bp INTEGER, amount_fen INTEGER,
    threshold_fen INTEGER NOT NULL, cap_fen INTEGER, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL,
    tier_key TEXT, segment TEXT, used INTEGER NOT NULL DEFAULT 0)"""
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
{_MEMBERS};
{_MEMBERS_PHONE};
{_COUPONS};
CREATE TABLE IF NOT EXISTS products (
    sku TEXT PRIMARY KEY, barcode TEXT, name TEXT NOT NULL, price_fen INTEGER NOT NULL,
    discountable INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS products_barcode ON products (barcode);
CREATE TABLE IF NOT EXISTS qr_keys (kid TEXT PRIMARY KEY, created_at TEXT NOT NULL, retired_at TEXT);
CREATE TABLE IF NOT EXISTS sales (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, sale_id TEXT NOT NULL UNIQUE, receipt_no TEXT NOT NULL UNIQUE,
    sold_at TEXT NOT NULL, day TEXT NOT NULL, member_id INTEGER, redeem_points INTEGER NOT NULL,
    coupon_code TEXT, request TEXT NOT NULL, result TEXT NOT NULL, pushed_at TEXT,
    overdraw_fen INTEGER NOT NULL DEFAULT 0, push_error TEXT);
CREATE INDEX IF NOT EXISTS sales_cap ON sales (member_id, day);
CREATE TABLE IF NOT EXISTS staff (
    staff_id INTEGER PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL, pin_mac TEXT NOT NULL,
    hash_mac TEXT NOT NULL, store_id INTEGER);
"""
KEY_NAME = "offline-phone-{}"


@dataclass
class Journal:
    path: Path
    conn: sqlite3.Connection
    journal_id: str

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT (fsync'd: synchronous=FULL); rolled back on any error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def phone_hash(self, e164: str) -> str:
        return self.mac(e164)

    def mac(self, text: str) -> str:
        """HMAC-SHA256 under the till-local key: phones, and the PINs of staff who signed in here online."""
        return self.macs([text])[0]

    def macs(self, texts: list[str]) -> list[str]:
        """mac() of each text, the key read from the key store once (a cache refresh hashes every
        member's phone: reading the key for each was most of a 100,000-member refresh, #19)."""
        key = keystore.get(KEY_NAME.format(self.journal_id))
        if key is None:
            raise EnvironmentFault("key_unreadable", "This till lost the key of its offline card cache: "
                                   "sync once online to rebuild the cache.")
        secret = bytes.fromhex(key)
        # hmac.digest: the one-shot C function (1M phones: 0.9 s against 5.0 s for an HMAC object each)
        return [hmac.digest(secret, text.encode(), "sha256").hex() for text in texts]

    def rebuild_cards(self, conn: sqlite3.Connection, members: list[tuple], coupons: list[tuple]) -> None:
        """The members' and coupons' cache tables made anew inside the caller's transaction: dropped and
        created empty, the rows inserted in key order (member id, coupon code), the phone index built
        after them. 1M members: 3.7 s against 11.7 s for deleting and inserting into the indexed tables
        (every phone hash a random place in a unique index much larger than SQLite's page cache).
        members: (member_id, phone_hash, name, tier_key, points, birth_month, stamps); coupons: the
        coupons columns but `used`."""
        for table, ddl in (("members", _MEMBERS), ("coupons", _COUPONS)):
            conn.execute(f"DROP TABLE IF EXISTS {table}")    # noqa: S608 - fixed names
            conn.execute(ddl)
        conn.executemany("INSERT INTO members (member_id, phone_hash, name, tier_key, points, birth_month, stamps) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", sorted(members))
        conn.execute(_MEMBERS_PHONE)
        conn.executemany("INSERT INTO coupons (code, member_id, kind, percent_bp, amount_fen, threshold_fen, cap_fen, "
                         "valid_from, valid_to, tier_key, segment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         sorted(coupons))

    def queued(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM sales WHERE pushed_at IS NULL").fetchone()[0])

    def close(self) -> None:
        self.conn.close()


def _upgrade(journal: Journal) -> None:
    """Brings a journal written by an older version to SCHEMA_VERSION (the sales it holds are kept)."""
    columns = {row[1] for row in journal.conn.execute("PRAGMA table_info(members)")}
    if "stamps" not in columns:     # 1 -> 2: the stamp card's balance on the cached member card
        journal.conn.execute("ALTER TABLE members ADD COLUMN stamps INTEGER NOT NULL DEFAULT 0")
    if journal.meta("schema") != SCHEMA_VERSION:
        journal.set_meta("schema", SCHEMA_VERSION)


def open_journal(path: str | os.PathLike[str]) -> Journal:
    """Opens (creating, 0600) the till's journal."""
    file = Path(path).expanduser().absolute()
    try:
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            os.close(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
        except FileExistsError:
            pass
        conn = sqlite3.connect(file, isolation_level=None, timeout=15)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=15000")
        conn.executescript(_SCHEMA)
    except (OSError, sqlite3.Error) as exc:
        raise EnvironmentFault("file_unwritable", f"cannot open the offline journal {file}: {exc}") from None
    journal = Journal(file, conn, "")
    with journal.transaction():
        journal_id = journal.meta("journal_id")
        if journal_id is None:
            journal_id = secrets.token_hex(8)
            journal.set_meta("journal_id", journal_id)
        _upgrade(journal)
    journal.journal_id = journal_id
    if keystore.get(KEY_NAME.format(journal_id)) is None:
        keystore.put(KEY_NAME.format(journal_id), secrets.token_hex(32))
    return journal
