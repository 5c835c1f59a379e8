"""Append-only audit log of sensitive actions, hash-chained; rows that name an erased member can be
redacted without breaking the chain.

Each row carries `prev_hash` (the row_hash of the row before it, by id; "" for the first) and
`row_hash` = SHA-256 over a canonical encoding of prev_hash, time, staff, action and a *salted
digest* of target and details (`content_hash`), so an edited, removed or inserted row breaks the
chain at the next row (`pos audit verify`). Rows written before migration 0009 hash their target
and details directly (`legacy_row_hash`).

Redaction (PIPL erasure, pos.services.members.privacy): the row's target and details are replaced
by a placeholder that keeps the digest (`{"redacted_by": <id of the audit_redacted row>,
"content_hash": ...}`) and its salt is wiped, so the chain still verifies and the digest can no
longer be tested against a guessed name or phone. The database refuses every other UPDATE, and
every DELETE and TRUNCATE (migrations 0002, 0008, 0009).

An entry with no staff member (e.g. a `pos` command without --cashier) carries the till that wrote
it and says so (`no_staff`).
"""

from __future__ import annotations

import hashlib
import json
import secrets
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
REDACTED = "[redacted]"
NO_STAFF = "no staff member identified: the till is recorded instead"


def record(session: Session, at: datetime, action: str, *, staff_id: int | None = None,
           target: str = "", **details: object) -> AuditEntry:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_CHAIN_LOCK)
    if staff_id is None:
        details.setdefault("till", session.info.get("till_id", ""))
        details.setdefault("no_staff", NO_STAFF)
    prev_hash = session.scalar(_LAST_HASH) or ""       # autoflush: an entry added just before is last
    encoded = json.dumps(details, ensure_ascii=False, default=str)
    salt = secrets.token_hex(16)
    entry = AuditEntry(at=at, staff_id=staff_id, action=action, target=target, details=encoded,
                       prev_hash=prev_hash, salt=salt,
                       row_hash=chain_hash(prev_hash, at, staff_id, action, content_hash(salt, target, encoded)))
    session.add(entry)
    session.flush()
    return entry


def content_hash(salt: str, target: str, details: str) -> str:
    return _sha256([salt, target, details])


def chain_hash(prev_hash: str, at: datetime, staff_id: int | None, action: str, content: str) -> str:
    return _sha256([prev_hash, at.isoformat(), staff_id, action, content])


def legacy_row_hash(prev_hash: str, at: datetime, staff_id: int | None, action: str, target: str,
                    details: str) -> str:
    """The chain's hash of rows written before 0009 (migration 0008 holds a frozen copy)."""
    return _sha256([prev_hash, at.isoformat(), staff_id, action, target, details])


def _sha256(values: list) -> str:
    canonical = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def redaction_of(entry) -> dict | None:
    """The placeholder of a redacted row ({"redacted_by": id, "content_hash": ... | absent}), else None."""
    if entry.target != REDACTED or getattr(entry, "salt", None) is not None:
        return None
    try:
        placeholder = json.loads(entry.details)
    except ValueError:
        return None
    if isinstance(placeholder, dict) and isinstance(placeholder.get("redacted_by"), int):
        return placeholder
    return None


def placeholder(entry: AuditEntry, redaction_id: int) -> str:
    """What replaces a row's details: the redaction's id and, for a salted row, its digest."""
    kept: dict[str, object] = {"redacted_by": redaction_id}
    if entry.salt is not None:
        kept["content_hash"] = content_hash(entry.salt, entry.target, entry.details)
    return json.dumps(kept)


def _expected_hash(entry, redaction: dict | None) -> str:
    if redaction is None:
        if getattr(entry, "salt", None) is not None:
            return chain_hash(entry.prev_hash, entry.at, entry.staff_id, entry.action,
                              content_hash(entry.salt, entry.target, entry.details))
        return legacy_row_hash(entry.prev_hash, entry.at, entry.staff_id, entry.action, entry.target, entry.details)
    if "content_hash" in redaction:
        return chain_hash(entry.prev_hash, entry.at, entry.staff_id, entry.action, str(redaction["content_hash"]))
    return entry.row_hash    # a pre-0009 row: its text is gone, only its link to the next row is checked


def check_chain(rows) -> tuple[int, int | None]:
    """(rows read, id of the first row whose link or hash does not match, else None); rows in id order.
    A redacted row must be named by a later `audit_redacted` row (else it counts as a break)."""
    expected_prev, count, broken = "", 0, None
    unconfirmed: dict[int, int] = {}             # redaction id -> first redacted row waiting for it
    for entry in rows:
        count += 1
        redaction = redaction_of(entry)
        if broken is None and (entry.prev_hash != expected_prev or entry.row_hash != _expected_hash(entry, redaction)):
            broken = entry.id
        if redaction is not None:
            unconfirmed.setdefault(redaction["redacted_by"], entry.id)
        if entry.action == "audit_redacted":
            unconfirmed.pop(entry.id, None)
        expected_prev = entry.row_hash
    if broken is None and unconfirmed:
        broken = min(unconfirmed.values())
    return count, broken
