"""Manager-only use cases check the signed-in staff id in the database, in their own transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from pos.db.models import Staff
from pos.errors import PermissionDenied
from pos.services.staff import audit


def require_manager_id(session: Session, actor_id: int | None, action: str) -> Staff:
    """The active manager `actor_id`, or PermissionDenied("manager_required").

    Call it first in the unit of work: a refusal commits its audit entry (nothing else has been
    written yet) so the violation stays on record although the use case is abandoned.
    """
    staff = session.get(Staff, actor_id) if isinstance(actor_id, int) else None
    if staff is not None and staff.active and staff.role == "manager":
        return staff
    now = session.info.get("clock", datetime.now)()
    audit.record(session, now, "role_violation", staff_id=staff.id if staff else None,
                 target=action, actor_id=str(actor_id))
    session.commit()
    raise PermissionDenied("manager_required", f"{action} is for managers only.")
