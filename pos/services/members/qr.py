"""Signed member QR payloads: M1.<kid>.<member id>.<issued unix time>.<HMAC-SHA256, base64url>.

The secret is created per database at `pos init` and kept outside the database (pos.keystore:
the OS keyring or a 0600 key file), so a copy of the database cannot forge cards; the table keeps
the key id, its dates and an empty `secret_hex`. Backups carry the secrets encrypted. The key id
allows rotation, and a retired key keeps verifying for the configured overlap.
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

from pos import keystore
from pos.db.models import QrKey
from pos.errors import BadInput, EnvironmentFault
from pos.vocabulary import MEMBER_QR_PREFIX

PREFIX = MEMBER_QR_PREFIX.rstrip(".")
_KEY_BY_KID = select(QrKey).where(QrKey.kid == bindparam("kid"))   # built once: every QR scan runs it
_PAYLOAD = re.compile(rf"^{re.escape(MEMBER_QR_PREFIX)}([A-Za-z0-9]{{1,16}})\.([0-9]{{1,12}})\.([0-9]{{1,12}})\.([A-Za-z0-9_-]{{43}})$")


# kid -> secret: a key never changes, so what was read once stays right (QR look-ups stay in memory)
_SECRETS: dict[str, bytes] = {}


def _sign(secret: bytes, body: str) -> str:
    digest = hmac.new(secret, body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _secret(kid: str, db_copy: str | None) -> bytes:
    """The secret of `kid` from memory, else this computer's key store, else (a database whose
    secrets were not moved out yet) the copy in its row."""
    secret = _SECRETS.get(kid)
    if secret is None:
        text = keystore.get(_store_name(kid)) or db_copy
        if not text:
            raise EnvironmentFault("qr_key_missing", f"This till does not hold the member-QR key {kid}: "
                                   "import it with `pos keys import BACKUP_FILE`.")
        secret = _SECRETS.setdefault(kid, bytes.fromhex(text))
    return secret


def _store_name(kid: str) -> str:
    return f"qr-{kid}"


def create_key(session: Session, now: datetime) -> QrKey:
    kid = secrets.token_hex(4)
    while keystore.get(_store_name(kid)) is not None or session.scalars(_KEY_BY_KID, {"kid": kid}).first():
        kid = secrets.token_hex(4)
    secret_hex = secrets.token_hex(32)
    keystore.put(_store_name(kid), secret_hex)
    key = QrKey(kid=kid, secret_hex="", created_at=now)
    session.add(key)
    session.flush()
    return key


def move_secrets_out(session: Session) -> int:
    """Moves secrets still held in the database into the key store and wipes them there
    (idempotent); returns how many were moved."""
    moved = 0
    for key in session.scalars(select(QrKey).where(QrKey.secret_hex != "")):
        keystore.put(_store_name(key.kid), key.secret_hex)
        key.secret_hex = ""
        moved += 1
    return moved


def secrets_of(session: Session) -> dict[str, str]:
    """kid -> secret (hex) of every key of this database that this computer holds (for backups)."""
    found = {}
    for key in session.scalars(select(QrKey)):
        try:
            found[key.kid] = _secret(key.kid, key.secret_hex).hex()
        except EnvironmentFault:
            continue    # a key this till never had cannot go into its backup
    return found


def import_secrets(found: dict[str, str]) -> int:
    for kid, secret_hex in found.items():
        if not re.fullmatch(r"[A-Za-z0-9]{1,16}", kid) or not re.fullmatch(r"[0-9a-f]{64}", secret_hex):
            raise BadInput("backup_invalid", "the backup's member-QR keys are malformed")
        keystore.put(_store_name(kid), secret_hex)
        _SECRETS[kid] = bytes.fromhex(secret_hex)
    return len(found)


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
    return f"{body}.{_sign(_secret(key.kid, key.secret_hex), body)}"


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
    """The member id once the signature is checked with the secret of `parsed.kid`; `key` is its row
    (None if there is none; anything with secret_hex and retired_at). Raises qr_invalid otherwise."""
    if key is None or key.secret_hex is None:
        raise _invalid()
    if key.retired_at is not None and now > key.retired_at + timedelta(days=overlap_days):
        raise BadInput("qr_invalid", "This member card uses a retired key: please issue a new card.")
    if not hmac.compare_digest(_sign(_secret(parsed.kid, key.secret_hex), parsed.body), parsed.signature):
        raise _invalid()
    return parsed.member_id


class _KeyRow(Protocol):
    secret_hex: str | None
    retired_at: datetime | None


def looks_like_member_qr(text: str) -> bool:
    return (text or "").strip().startswith(PREFIX + ".")


def _invalid() -> BadInput:
    return BadInput("qr_invalid", "This QR code is not a valid member card of this store.")
