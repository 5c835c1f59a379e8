"""Append-only audit log of sensitive actions, hash-chained.

Each row carries `prev_hash` (the row_hash of the row before it, by id; "" for the first) and
`row_hash` = SHA-256 over a canonical encoding of the row and prev_hash, so an edited, removed or
inserted row breaks the chain at the next row (`pos audit verify`). The database itself refuses
UPDATE, DELETE and TRUNCATE on the table (migrations 0002 and 0008).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pos.db.models import AuditEntry

# PostgreSQL: two tills must not chain onto the same last row. A transaction-level advisory lock
# (held until commit) serialises audit inserts; a FOR UPDATE on the last row would not (the row a
# waiter locks is no longer the last once it gets it) and needs UPDATE rights the app role lacks.
# SQLite write transactions are serial already (BEGIN IMMEDIATE).
_CHAIN_LOCK = text("SELECT pg_advisory_xact_lock(7365937253651081)")
_LAST_HASH = select(AuditEntry.row_hash).order_by(AuditEntry.id.desc()).limit(1)


def record(session: Session, at: datetime, action: str, *, staff_id: int | None = None,
           target: str = "", **details: object) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_CHAIN_LOCK)
    prev_hash = session.scalar(_LAST_HASH) or ""       # autoflush: an entry added just before is last
    encoded = json.dumps(details, ensure_ascii=False, default=str)
    session.add(AuditEntry(at=at, staff_id=staff_id, action=action, target=target, details=encoded,
                           prev_hash=prev_hash,
                           row_hash=row_hash(prev_hash, at, staff_id, action, target, encoded)))
    session.flush()


def row_hash(prev_hash: str, at: datetime, staff_id: int | None, action: str, target: str, details: str) -> str:
    """The chain's hash; migration 0008 holds a frozen copy to hash the rows written before it."""
    canonical = json.dumps([prev_hash, at.isoformat(), staff_id, action, target, details],
                           ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def check_chain(rows) -> tuple[int, int | None]:
    """(rows read, id of the first row whose link or hash does not match, else None); rows in id order."""
    expected_prev, count, broken = "", 0, None
    for entry in rows:
        count += 1
        if broken is None and (entry.prev_hash != expected_prev or entry.row_hash != row_hash(
                entry.prev_hash, entry.at, entry.staff_id, entry.action, entry.target, entry.details)):
            broken = entry.id
        expected_prev = entry.row_hash
    return count, broken
