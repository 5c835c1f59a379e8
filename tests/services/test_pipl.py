"""Issue #12, finding 11 (PIPL): erasure redacts the free text that names the member (ledger reasons,
audit targets and details) while the audit chain keeps verifying; consent can be withdrawn and
given back, audited. SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from pos.db.models import AuditEntry, LedgerEntry, Member
from pos.errors import PosError
from pos.services.members import export, privacy
from pos.services.members.detail import adjust_points
from pos.services.members.listing import MemberFilter
from pos.services.members.lookup import enrol, lookup
from pos.services.staff import audit
from pos.services.staff.audit_chain import verify_chain

PHONE = "13912345678"
OTHER = "13800138000"
WAYS = ["13912345678", "139 1234 5678", "139-1234-5678", "+86 139 1234 5678", "(+86)13912345678",
        "１３９１２３４５６７８", "+8613912345678"]


def rows(ctx, *where) -> list[AuditEntry]:
    with ctx.read() as session:
        return list(session.scalars(select(AuditEntry).where(*where).order_by(AuditEntry.id)))


def ledger_reasons(ctx, member_id: int) -> list[str]:
    with ctx.read() as session:
        return list(session.scalars(select(LedgerEntry.reason).where(LedgerEntry.member_id == member_id,
                                                                     LedgerEntry.kind == "adjust")
                                    .order_by(LedgerEntry.id)))


@pytest.fixture
def two_members(ctx, cashier):
    zhang = enrol(ctx, PHONE, name="张三", consent=True, staff_id=cashier.id).member.member_id
    other = enrol(ctx, OTHER, name="Li Wei", consent=True, staff_id=cashier.id).member.member_id
    return zhang, other


def test_erasure_redacts_every_text_that_names_the_member_and_the_chain_still_verifies(
        ctx, manager, two_members, tmp_path):
    zhang, other = two_members
    for number, way in enumerate(WAYS):          # the phone typed every way a person types it
        adjust_points(ctx, manager.id, zhang, 10, f"goodwill #{number}, customer called from {way}")
    adjust_points(ctx, manager.id, zhang, 10, "张三 lost the receipt")
    adjust_points(ctx, manager.id, other, 10, "referred 张三")                # another member's reason names her
    adjust_points(ctx, manager.id, other, 10, "Li Wei's birthday")            # names someone else: stays
    export.export_members(ctx, manager.id, str(tmp_path / "search.csv"), MemberFilter(text="139 1234 5678"))
    with ctx.write() as session:          # a target holding the name (written by an older version)
        audit.record(session, ctx.clock(), "campaign_exported", staff_id=manager.id, target="/tmp/张三.csv")
    unrelated = AuditEntry.action.in_(["member_enrolled", "sign_in"])
    kept_before = [(r.id, r.target, r.details, r.salt) for r in rows(ctx, unrelated)]

    erased = privacy.erase_member(ctx, manager.id, zhang)

    assert erased.ledger_redacted == len(WAYS) + 2
    assert set(ledger_reasons(ctx, zhang)) == {privacy.REDACTED_REASON}
    assert ledger_reasons(ctx, other) == [privacy.REDACTED_REASON, "Li Wei's birthday"]
    everything = rows(ctx)
    text_of = json.dumps([[r.target, r.details] for r in everything], ensure_ascii=False)
    text_of = re.sub(r'content_hash\\\\?": \\\\?"[0-9a-f]{64}', "content_hash", text_of)   # hex may hold "5678"
    assert "张三" not in text_of and "5678" not in text_of.replace("138****5678", "")
    [redaction] = rows(ctx, AuditEntry.action == "audit_redacted")
    redacted = [r for r in everything if r.target == audit.REDACTED]
    assert erased.audit_redacted == len(redacted) == len(WAYS) + 4      # adjustments, the search, the file
    assert json.loads(redaction.details)["rows"] == [r.id for r in redacted]
    assert redaction.staff_id == manager.id and redaction.target == str(zhang)
    assert all(json.loads(r.details)["redacted_by"] == redaction.id and r.salt is None for r in redacted)
    assert {r.action for r in redacted} == {"points_adjusted", "members_exported", "campaign_exported"}
    assert [(r.id, r.target, r.details, r.salt) for r in rows(ctx, unrelated)] == kept_before   # untouched
    [entry] = rows(ctx, AuditEntry.action == "member_erased")
    assert json.loads(entry.details)["audit_rows_redacted"] == len(redacted)
    check = verify_chain(ctx, manager.id)
    assert (check.ok, check.first_break) == (True, None)
    with ctx.read() as session:
        member = session.get(Member, zhang)
        assert (member.name, member.phone, member.consent_marketing) == ("", None, False)


def test_the_database_allows_no_other_change_and_a_redaction_nobody_recorded_breaks_the_chain(ctx, manager,
                                                                                               two_members):
    zhang, _ = two_members
    adjust_points(ctx, manager.id, zhang, 10, "for 张三")
    [row] = rows(ctx, AuditEntry.action == "points_adjusted")
    for statement in (f"UPDATE audit_log SET target = 'x' WHERE id = {row.id}",
                      f"UPDATE audit_log SET details = '{{}}', salt = NULL WHERE id = {row.id}",
                      f"UPDATE audit_log SET action = 'sign_in', target = '[redacted]', salt = NULL, "
                      f"details = '{{\"redacted_by\": 1}}' WHERE id = {row.id}",
                      f"DELETE FROM audit_log WHERE id = {row.id}"):
        with pytest.raises(DatabaseError, match="append-only"), ctx.engine.begin() as conn:
            conn.execute(text(statement))
    with ctx.engine.begin() as conn:            # a wipe in the one allowed form, but with no redaction entry
        conn.execute(text("UPDATE audit_log SET target = '[redacted]', salt = NULL, "
                          f"details = '{{\"redacted_by\": {row.id + 1}}}' WHERE id = {row.id}"))
    check = verify_chain(ctx, manager.id)
    assert (check.ok, check.first_break) == (False, row.id)


def test_consent_is_withdrawn_and_given_back_audited_with_the_staff_member(ctx, cashier, two_members):
    zhang, _ = two_members
    assert lookup(ctx, phone=PHONE).consent_marketing is True
    withdrawn = privacy.set_consent(ctx, cashier.id, zhang, False)
    assert (withdrawn.consent, withdrawn.changed) == (False, True)
    assert lookup(ctx, phone=PHONE).consent_marketing is False
    assert privacy.set_consent(ctx, cashier.id, zhang, False).changed is False
    privacy.set_consent(ctx, None, zhang, True)               # a `pos` command without --cashier
    assert lookup(ctx, phone=PHONE).consent_marketing is True
    logged = rows(ctx, AuditEntry.action.in_(["consent_withdrawn", "consent_given"]))
    assert [(r.action, r.staff_id, r.target) for r in logged] == [
        ("consent_withdrawn", cashier.id, str(zhang)), ("consent_withdrawn", cashier.id, str(zhang)),
        ("consent_given", None, str(zhang))]
    anonymous = json.loads(logged[-1].details)
    assert anonymous["till"] == ctx.till_id and anonymous["no_staff"] == audit.NO_STAFF
    with ctx.read() as session:
        assert session.get(Member, zhang).consent_at == ctx.clock()


def test_consent_of_an_erased_member_cannot_be_changed(ctx, manager, cashier, two_members):
    zhang, _ = two_members
    privacy.erase_member(ctx, manager.id, zhang)
    with pytest.raises(PosError) as err:
        privacy.set_consent(ctx, cashier.id, zhang, True)
    assert err.value.code == "member_not_found"
