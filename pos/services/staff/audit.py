"""Append-only audit log of sensitive actions."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy.orm import Session

from pos.db.models import AuditEntry


def record(session: Session, at: datetime, action: str, *, staff_id: int | None = None,
           target: str = "", **details: object) -> None:
    session.add(AuditEntry(at=at, staff_id=staff_id, action=action, target=target,
                           details=json.dumps(details, ensure_ascii=False, default=str)))
