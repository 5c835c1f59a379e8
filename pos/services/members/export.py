"""Member export to CSV: the one use case behind the console's "Export CSV…" and `pos members export`.

Managers only, whether or not phone numbers are masked (every listed name is personal data), and
audited as `members_exported`. The members are those of a member-list filter (the CLI's --segment is
a filter on the segment). Dates are ISO 8601 `YYYY-MM-DDTHH:MM:SS`; money in yuan with two decimals.

Three short transactions, not one: the role check (a refusal is audited), the rows read in one
read transaction while the file is written, then the audit entry. One write transaction would hold
SQLite's write lock, and so every till's checkout, for the whole file (seconds at a million members).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from pos.db.models import Member, MemberStats
from pos.errors import BadInput, EnvironmentFault
from pos.files import open_private
from pos.money import fen_str
from pos.services import csv_safe
from pos.services.context import AppContext
from pos.services.members.listing import MemberFilter, birthday_text, conditions
from pos.services.members.phones import mask_phone
from pos.services.staff import audit
from pos.services.staff.roles import require_manager_id, store_scope

COLUMNS = ("member_id", "phone", "name", "tier", "segment", "enrolled_at", "last_visit", "spend_365", "visits_365",
           "points", "points_expiring", "birthday", "consent_marketing")


@dataclass(frozen=True)
class ExportResult:
    file: str
    rows: int
    full_phone: bool


def export_members(ctx: AppContext, actor_id: int, path: str, flt: MemberFilter | None = None, *,
                   full_phone: bool = False) -> ExportResult:
    """The members matching `flt` (all listed members without one), phones masked unless full_phone."""
    flt, target = flt or MemberFilter(), csv_path(path)
    with ctx.write() as session:
        manager = require_manager_id(session, actor_id, "Exporting members")
        flt = replace(flt, store_id=store_scope(session, manager, flt.store_id, "Exporting members"))
    rows = _write_csv(ctx, flt, target, full_phone)
    with ctx.write() as session:
        audit.record(session, ctx.clock(), "members_exported", staff_id=actor_id, target=str(target), rows=rows,
                     full_phone=full_phone, filter={k: v for k, v in asdict(flt).items()
                                                    if v not in ("", (), None, False)})
    return ExportResult(str(target), rows, full_phone)


def csv_path(path: str) -> Path:
    target = Path(path)
    if target.suffix.lower() != ".csv":
        raise BadInput("file_invalid", f"'{path}' must end in .csv")
    return target


def _write_csv(ctx: AppContext, flt: MemberFilter, target: Path, full_phone: bool) -> int:
    rows = 0
    query = (select(Member, MemberStats).outerjoin(MemberStats, MemberStats.member_id == Member.id)
             .where(*conditions(flt, ctx.clock().date())).order_by(Member.id).execution_options(yield_per=2000))
    try:
        with ctx.read() as session, open_private(target, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv_safe.writer(handle)
            writer.writerow(COLUMNS)
            for m, stats in session.execute(query):
                st = stats or MemberStats(segment="", spend_365_fen=0, visits_365=0, points_expiring=0)
                writer.writerow([m.id, m.phone if full_phone else mask_phone(m.phone), m.name, m.tier_key, st.segment,
                                 iso(m.enrolled_at), iso(m.last_visit_at), fen_str(st.spend_365_fen), st.visits_365,
                                 m.points_balance, st.points_expiring, birthday_text(m.birth_month, m.birth_day),
                                 "yes" if m.consent_marketing else "no"])
                rows += 1
    except OSError as exc:
        raise EnvironmentFault("file_unwritable", f"cannot write {target}: {exc.strerror}") from None
    return rows


def iso(moment: datetime | None) -> str:
    """ISO 8601 to the second (`2026-06-10T12:00:00`); empty for none."""
    return moment.isoformat(timespec="seconds") if moment else ""
