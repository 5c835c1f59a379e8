"""A member's personal data: the full phone number (audited), erasure on request (managers only) and
marketing consent, given or withdrawn at the member's word (any staff member, audited).

Each manager use case checks `actor_id` in the database inside its own unit of work
(pos.services.staff.roles); the CLI and the console resolve the acting manager at their edge.

Erasure also redacts the free text that names the member elsewhere: manual points-adjustment
reasons in the ledger (any member's) and audit rows whose target or details hold the member's name
or phone number in any format (spaces, dashes, +86, full-width digits). Audit rows are redacted the
one way the database allows (pos.services.staff.audit): the chain still verifies, and an
`audit_redacted` entry lists the rows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from pos.db.models import AuditEntry, Coupon, LedgerEntry, Member, MemberStats
from pos.errors import NotFound
from pos.services.changes import Changes
from pos.services.context import AppContext
from pos.services.staff import audit
from pos.services.staff.roles import require_manager_id

REDACTED_REASON = "[redacted on erasure]"
_BETWEEN_DIGITS = re.compile(r"(?<=\d)[\s\-–—.()/]+(?=\d)")
_SCAN_BATCH = 5000


@dataclass(frozen=True)
class Erased:
    member_id: int
    coupons_voided: int
    changes: Changes
    ledger_redacted: int = 0
    audit_redacted: int = 0


@dataclass(frozen=True)
class ConsentChanged:
    member_id: int
    consent: bool
    changed: bool               # False: the member's consent already was so
    changes: Changes


class MemberText:
    """Finds a member's name or phone number in free text, whatever way it was typed."""

    def __init__(self, name: str, phone: str | None) -> None:
        self.name = unicodedata.normalize("NFKC", name or "").strip().casefold()
        self.phone = _national_digits(phone)
        self._name_words = (re.compile(rf"(?<![^\W\d_]){re.escape(self.name)}(?![^\W\d_])")
                            if self.name.isascii() else None)

    def names(self, text: str | None) -> bool:
        plain = unicodedata.normalize("NFKC", text or "").casefold()
        if self.phone and self.phone in _BETWEEN_DIGITS.sub("", plain):
            return True
        if len(self.name) < 2:          # one letter would redact half the log
            return False
        return bool(self._name_words.search(plain)) if self._name_words else self.name in plain


def _national_digits(e164: str | None) -> str:
    """'+8613800138000' -> '13800138000': the digits every way of writing the number contains."""
    if not e164:
        return ""
    if e164.startswith("+86"):
        return e164[3:]
    from pos.services.members.phones import _lib

    lib = _lib()
    return str(lib.parse(e164, None).national_number)


def reveal_phone(ctx: AppContext, actor_id: int, member_id: int) -> str:
    """The full phone number, audited as `full_phone_viewed`."""
    with ctx.write() as session:
        require_manager_id(session, actor_id, "Showing a full phone number")
        member = listed_member(session, member_id)
        audit.record(session, ctx.clock(), "full_phone_viewed", staff_id=actor_id, target=str(member.id))
        return member.phone or ""


def erase_member(ctx: AppContext, actor_id: int, member_id: int) -> Erased:
    """Anonymises: name, phone and birthday are gone; sales stay for the books; coupons are voided;
    ledger reasons and audit rows that name the member are redacted."""
    with ctx.write() as session:          # a refusal is audited: a write unit of work
        require_manager_id(session, actor_id, "Erasing a member")
        member = listed_member(session, member_id)
        text = MemberText(member.name, member.phone)
    # the audit log is read outside the write lock (it may be long): rows only ever get added (or
    # redacted), so the write transaction re-checks the candidates and reads the rows added since
    candidates, scanned_to = _audit_rows_naming(ctx, text)
    now = ctx.clock()
    with ctx.write() as session:
        require_manager_id(session, actor_id, "Erasing a member")
        member = listed_member(session, member_id, for_update=True)
        rows = _naming_rows(session, text, candidates, scanned_to)
        ledger_redacted = _redact_ledger(session, text)
        if rows:
            redaction = audit.record(session, now, "audit_redacted", staff_id=actor_id, target=str(member.id),
                                     rows=[row.id for row in rows], why="member_erased")
            for row in rows:
                row.target, row.details, row.salt = audit.REDACTED, audit.placeholder(row, redaction.id), None
            session.flush()
        member.phone = member.phone_tail = None
        member.name = ""
        member.birth_month = member.birth_day = None
        member.consent_marketing = False
        member.erased_at = now
        session.execute(delete(MemberStats).where(MemberStats.member_id == member.id))   # listed members only
        voided = session.query(Coupon).filter(Coupon.member_id == member.id, Coupon.status == "issued").update(
            {"status": "void"}, synchronize_session=False)
        audit.record(session, now, "member_erased", staff_id=actor_id, target=str(member.id),
                     coupons_voided=voided, ledger_reasons_redacted=ledger_redacted, audit_rows_redacted=len(rows))
        return Erased(member.id, voided, Changes(members=frozenset({member.id}), coupons=bool(voided)),
                      ledger_redacted, len(rows))


def _audit_rows_naming(ctx: AppContext, text: MemberText) -> tuple[set[int], int]:
    """Ids of the audit rows that name the member, and the last id read."""
    found: set[int] = set()
    last = 0
    with ctx.read() as session:
        rows = session.execute(select(AuditEntry.id, AuditEntry.target, AuditEntry.details)
                               .order_by(AuditEntry.id).execution_options(yield_per=_SCAN_BATCH))
        for row_id, target, details in rows:
            last = row_id
            if target != audit.REDACTED and (text.names(target) or text.names(details)):
                found.add(row_id)
    return found, last


def _naming_rows(session: Session, text: MemberText, candidates: set[int], scanned_to: int) -> list[AuditEntry]:
    rows = list(session.scalars(select(AuditEntry).where(AuditEntry.id.in_(candidates)))) if candidates else []
    rows += session.scalars(select(AuditEntry).where(AuditEntry.id > scanned_to))
    return sorted((r for r in rows if r.target != audit.REDACTED and (text.names(r.target) or text.names(r.details))),
                  key=lambda r: r.id)


def _redact_ledger(session: Session, text: MemberText) -> int:
    """Manual adjustments are the ledger's only typed reasons (the others are receipt numbers)."""
    typed = session.execute(select(LedgerEntry.id, LedgerEntry.reason).where(LedgerEntry.kind == "adjust"))
    ids = [entry_id for entry_id, reason in typed if reason != REDACTED_REASON and text.names(reason)]
    if ids:
        session.execute(update(LedgerEntry).where(LedgerEntry.id.in_(ids)).values(reason=REDACTED_REASON))
    return len(ids)


def set_consent(ctx: AppContext, staff_id: int | None, member_id: int, consent: bool) -> ConsentChanged:
    """Marketing consent given or withdrawn at the member's word, audited as `consent_given` or
    `consent_withdrawn` with the staff member who recorded it (none: the till is recorded)."""
    now = ctx.clock()
    with ctx.write() as session:
        member = listed_member(session, member_id, for_update=True)
        changed = member.consent_marketing != consent
        if changed:
            member.consent_marketing = consent
            member.consent_at = now
        audit.record(session, now, "consent_given" if consent else "consent_withdrawn", staff_id=staff_id,
                     target=str(member.id), changed=changed)
    return ConsentChanged(member_id, consent, changed, Changes(members=frozenset({member_id})))


def listed_member(session: Session, member_id: int, *, for_update: bool = False) -> Member:
    """The member with this id, unless there is none or they were erased."""
    member = session.get(Member, member_id, with_for_update=for_update)
    if member is None or member.erased_at is not None:
        raise NotFound("member_not_found", f"No member with id {member_id} (or the member was erased).")
    return member
