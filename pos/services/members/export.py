"""Member export to CSV: phone numbers masked unless a manager asks (audited)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from pos.db.models import Member, MemberSegment, SegmentSnapshot
from pos.errors import BadInput, EnvironmentFault
from pos.files import open_private
from pos.services.context import AppContext
from pos.services.coupons.issue import segment_name
from pos.services.members.phones import mask_phone
from pos.services.staff import audit
from pos.services.staff.accounts import require_manager

COLUMNS = ["member_id", "phone", "name", "tier", "segment", "points", "enrolled_at", "last_visit_at",
           "consent_marketing"]


@dataclass(frozen=True)
class ExportResult:
    file: str
    rows: int
    full_phone: bool


def export_members(ctx: AppContext, path: str, *, segment: str | None = None, full_phone: bool = False,
                   manager_pin: str | None = None) -> ExportResult:
    target = Path(path)
    if target.suffix.lower() != ".csv":
        raise BadInput("file_invalid", f"'{path}' must end in .csv")
    if segment:
        segment = segment_name(segment)
    manager = require_manager(ctx, manager_pin, "Exporting full phone numbers") if full_phone else None
    now = ctx.clock()
    with ctx.write() as session:
        snapshot_id = session.scalar(select(func.max(SegmentSnapshot.id)))
        query = (select(Member, MemberSegment.segment)
                 .outerjoin(MemberSegment, (MemberSegment.member_id == Member.id)
                            & (MemberSegment.snapshot_id == snapshot_id))
                 .where(Member.erased_at.is_(None)).order_by(Member.id))
        if segment:
            query = query.where(MemberSegment.segment == segment)
        rows = 0
        try:
            with open_private(target, "w", newline="", encoding="utf-8-sig") as handle:
                writer = csv.writer(handle)
                writer.writerow(COLUMNS)
                for member, seg in session.execute(query.execution_options(yield_per=2000)):
                    writer.writerow([member.id, member.phone if full_phone else mask_phone(member.phone),
                                     member.name, member.tier_key, seg or "", member.points_balance,
                                     member.enrolled_at.isoformat(), member.last_visit_at or "",
                                     "yes" if member.consent_marketing else "no"])
                    rows += 1
        except OSError as exc:
            raise EnvironmentFault("file_unwritable", f"cannot write {path}: {exc.strerror}") from None
        audit.record(session, now, "members_exported", staff_id=manager.id if manager else None,
                     target=str(target), rows=rows, full_phone=full_phone, segment=segment or "")
    return ExportResult(str(target), rows, full_phone)


