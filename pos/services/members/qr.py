"""Signed member QR payloads: M1.<kid>.<member id>.<issued unix time>.<HMAC-SHA256, base64url>.

The secret is created per database at `pos init`; the key id allows rotation, and a
retired key keeps verifying for the configured overlap.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from pos.db.models import QrKey
from pos.errors import BadInput

PREFIX = "M1"
_KEY_BY_KID = select(QrKey).where(QrKey.kid == bindparam("kid"))   # built once: every QR scan runs it
_PAYLOAD = re.compile(r"^M1\.([A-Za-z0-9]{1,16})\.([0-9]{1,12})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})$")


def _sign(secret_hex: str, body: str) -> str:
    digest = hmac.new(bytes.fromhex(secret_hex), body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def create_key(session: Session, now: datetime) -> QrKey:
    key = QrKey(kid=secrets.token_hex(4), secret_hex=secrets.token_hex(32), created_at=now)
    session.add(key)
    session.flush()
    return key


def active_key(session: Session) -> QrKey:
    key = session.scalars(select(QrKey).where(QrKey.retired_at.is_(None))
                          .order_by(QrKey.id.desc()).limit(1)).first()
    if key is None:
        raise BadInput("database_not_initialised", "This database has no member-QR key: run `pos init`.")
    return key


def rotate_key(session: Session, now: datetime) -> QrKey:
    for key in session.scalars(select(QrKey).where(QrKey.retired_at.is_(None))):
        key.retired_at = now
    return create_key(session, now)


def issue_payload(session: Session, member_id: int, now: datetime) -> str:
    key = active_key(session)
    body = f"{PREFIX}.{key.kid}.{member_id}.{int(now.timestamp())}"
    return f"{body}.{_sign(key.secret_hex, body)}"


def verify_payload(session: Session, payload: str, now: datetime, overlap_days: int) -> int:
    """Returns the member id, or raises qr_invalid for anything forged, altered or foreign."""
    parsed = parse_payload(payload)
    key = session.scalars(_KEY_BY_KID, {"kid": parsed.kid}).first()
    return check_payload(parsed, key, now, overlap_days)


@dataclass(frozen=True)
class Payload:
    """A payload of the right shape, not yet verified: `member_id` is not to be trusted before
    `check_payload` passed."""

    kid: str
    member_id: int
    body: str
    signature: str


def parse_payload(payload: str) -> Payload:
    """Raises qr_invalid unless `payload` has the shape of a member QR."""
    text = (payload or "").strip()
    match = _PAYLOAD.match(text)
    if not match:
        raise _invalid()
    kid, member_id, _issued, signature = match.groups()
    return Payload(kid, int(member_id), text.rsplit(".", 1)[0], signature)


def check_payload(parsed: Payload, key: QrKey | _KeyRow | None, now: datetime, overlap_days: int) -> int:
    """The member id once the signature is checked with `key` (the key of `parsed.kid`, None if there
    is none; anything with secret_hex and retired_at); raises qr_invalid otherwise."""
    if key is None or key.secret_hex is None:
        raise _invalid()
    if key.retired_at is not None and now > key.retired_at + timedelta(days=overlap_days):
        raise BadInput("qr_invalid", "This member card uses a retired key: please issue a new card.")
    if not hmac.compare_digest(_sign(key.secret_hex, parsed.body), parsed.signature):
        raise _invalid()
    return parsed.member_id


class _KeyRow(Protocol):
    secret_hex: str | None
    retired_at: datetime | None


def looks_like_member_qr(text: str) -> bool:
    return (text or "").strip().startswith(PREFIX + ".")


def _invalid() -> BadInput:
    return BadInput("qr_invalid", "This QR code is not a valid member card of this store.")
