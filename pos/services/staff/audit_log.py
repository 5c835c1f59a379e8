"""Reading and exporting the audit log (managers only, itself audited). Nothing here (or anywhere) edits or deletes audit rows: the database refuses it.

Every action is recorded under ONE name, listed in ACTIONS with what its `target` holds
(tests/services/test_admin.py checks that every name recorded in pos/ is listed here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from pos.db.models import AuditEntry, Staff
from pos.errors import BadInput, EnvironmentFault
from pos.files import open_private
from pos.services import csv_safe
from pos.services.context import AppContext
from pos.services.staff import audit
from pos.services.staff.roles import require_manager_id

EXPORT_COLUMNS = ("id", "at", "action", "staff", "target", "details")

ACTIONS = {
    # offline tills (#17)
    "offline_overdraw": "an offline sale's redemption or coupon conflicted at sync and was booked as a loss "
                        "(balance kept >= 0); target: receipt no; details: member_id, points, coupon, value_fen",
    # personal data (managers only)
    "full_phone_viewed": "a member's full phone number was shown; target: member id",
    "members_exported": "members written to a CSV file; target: the file; details: rows, full_phone, filter",
    "member_erased": "a member anonymised on request; target: member id",
    "campaign_exported": "a campaign's coupons and holders written to CSV; target: the file",
    "member_viewed": "a member's details opened in the manager console; target: member id",
    "member_card_issued": "a member card (PDF with a new signed QR) made; target: member id",
    "consent_given": "a member gave marketing consent; target: member id; details: changed",
    "consent_withdrawn": "a member withdrew marketing consent; target: member id; details: changed",
    "audit_redacted": "audit rows naming an erased member redacted (text replaced, chain kept); "
                      "target: member id; details: the row ids",
    # points, coupons, sales
    "points_adjusted": "a manual points adjustment with its reason; target: member id",
    "coupons_issued": "coupons for one member or bearer coupons; target: 'member ID' or 'bearer'",
    "campaign_issued": "one coupon per member of an audience; target: the campaign name",
    "product_consumable_set": "a product marked consumable (or not) with its default cycle days; target: SKU",
    "large_redemption": "a redemption above the limit, approved by a manager; target: receipt number",
    "return": "a return; target: the receipt number",
    "late_return": "a return after the return window, approved by a manager; target: the receipt number; "
                   "details: return_no, sold_on, days, window_days, cashier_id",
    "member_enrolled": "a member enrolled at a till; target: member id",
    "referral_refused": "a referral refused (self-referral, the referrer's monthly limit): a fraud signal; "
                        "target: the referral code; details: reason, referrer_id",
    "reward_saved": "a reward of the points catalogue added or changed (or its stock set); target: its code",
    "receipt_reprinted": "a receipt or return slip printed or saved again; target: its number; details: output",
    "coupon_sheet_made": "a coupon sheet PDF written or printed; target: campaign id or the codes' count",
    # staff, sign-in, roles
    "sign_in": "a staff member signed in; target: staff code",
    "manager_pin_ok": "a manager PIN was accepted; target: staff code",
    "pin_failed": "a wrong PIN; target: the staff code tried, if any",
    "pin_locked_till": "a till locked after repeated wrong PINs; target: the till id",
    "pin_not_unique": "a PIN shared by several staff members signed in nobody; target: their codes",
    "pin_refused_taken": "a new PIN refused because another staff member has it; target: staff code",
    "sign_in_locked": "a sign-in refused during a lock-out; target: staff code",
    "staff_locked": "a staff member locked out after repeated wrong PINs; target: staff code",
    "role_violation": "a manager-only action refused; target: the action; details: the actor id",
    "staff_added": "a staff account added; target: staff code",
    "pin_reset": "a staff member's PIN replaced by a manager; target: staff code",
    "staff_activated": "a staff account allowed to sign in again; target: staff code",
    "staff_deactivated": "a staff account stopped from signing in; target: staff code",
    # administration
    "settings_changed": "store settings saved; details: the new version",
    "qr_key_rotated": "a new member-QR signing key; target: its key id",
    "backup": "an online backup; target: the file",
    "restore": "a backup restored over the database; target: the file",
    "audit_viewed": "the audit log was read; details: rows shown",
    "audit_exported": "the audit log written to CSV; target: the file",
    "fraud_signals_viewed": "fraud signals were read; details: flags shown",
    "report_exported": "a manager report written to CSV; target: the file; details: report key and range",
    "audit_verified": "the audit log's hash chain was checked; details: rows, first_break",
    "qr_keys_imported": "member-QR keys taken from a backup onto this till; target: the file",
    # stores and tills (#16)
    "store_added": "a store was added to the chain; target: store code",
    "store_changed": "a store's details changed; target: store code; details: the fields changed",
    "till_added": "a till was registered; target: till code (S02-1)",
}


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    action: str
    staff: str | None
    target: str
    details: str
    id: int = 0


def check_limit(limit: int) -> None:
    if not 1 <= limit <= 10000:
        raise BadInput("limit_invalid", "limit must be between 1 and 10000")


def _query(action: str | None = None):
    query = select(AuditEntry, Staff.code).outerjoin(Staff, Staff.id == AuditEntry.staff_id)
    if action:
        query = query.where(AuditEntry.action == action)
    return query.order_by(AuditEntry.id.desc())


def audit_entries(ctx: AppContext, actor_id: int, *, limit: int = 500, action: str | None = None) -> list[AuditRow]:
    """Newest first; optionally one action. The viewing is audited."""
    check_limit(limit)
    with ctx.write() as session:
        manager = require_manager_id(session, actor_id, "Reading the audit log")
        rows = session.execute(_query(action).limit(limit)).all()
        result = [AuditRow(e.at, e.action, code, e.target, e.details, e.id) for e, code in rows]
        audit.record(session, ctx.clock(), "audit_viewed", staff_id=manager.id, rows=len(result),
                     only=action or "")
    return result


def export_audit(ctx: AppContext, actor_id: int, path: str) -> int:
    """The whole log to CSV (newest first); returns the rows written. The export is audited."""
    target = Path(path)
    if target.suffix.lower() != ".csv":
        raise BadInput("file_invalid", f"'{path}' must end in .csv")
    with ctx.write() as session:
        manager = require_manager_id(session, actor_id, "Exporting the audit log")
        rows = 0
        try:
            with open_private(target, "w", newline="", encoding="utf-8-sig") as handle:
                writer = csv_safe.writer(handle)
                writer.writerow(EXPORT_COLUMNS)
                for e, code in session.execute(_query().execution_options(yield_per=2000)):
                    writer.writerow([e.id, e.at.isoformat(), e.action, code or "", e.target, e.details])
                    rows += 1
        except OSError as exc:
            raise EnvironmentFault("file_unwritable", f"cannot write {path}: {exc.strerror}") from None
        audit.record(session, ctx.clock(), "audit_exported", staff_id=manager.id, target=str(target), rows=rows)
    return rows
