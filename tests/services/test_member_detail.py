"""Member detail, full phone and manual adjustments: managers only (checked by staff id in the
database, violations audited), histories complete, balance never negative. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pos.db.models import AuditEntry, LedgerEntry, Member
from pos.errors import BadInput, NotFound, PermissionDenied, Refusal
from pos.services.changes import Changes
from pos.services.members.detail import adjust_points, member_detail
from pos.services.members.lookup import enrol
from pos.services.members.privacy import erase_member, reveal_phone
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from pos.services.sales.returns import return_sale

PHONE = "13912345678"


@pytest.fixture
def member_with_history(ctx, cashier, products):
    member_id = enrol(ctx, PHONE, name="张三", birthday="03-15", consent=True, staff_id=cashier.id).member.member_id
    sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG", qty=3), LineInput(sku="LAT", qty=2)],
                                               member_id=member_id, cashier_id=cashier.id,
                                               payments=[co.PaymentInput("cash")]))
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT", qty=1)], member_id=member_id,
                                        cashier_id=cashier.id, payments=[co.PaymentInput("card")]))
    return_sale(ctx, sale.receipt_no, [(2, 1)])
    return member_id, sale.receipt_no


def audit_actions(ctx, action: str) -> list[AuditEntry]:
    with ctx.read() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_detail_shows_profile_and_every_history(ctx, manager, member_with_history):
    member_id, receipt = member_with_history
    detail = member_detail(ctx, manager.id, member_id)
    assert (detail.phone_masked, detail.name, detail.birthday, detail.consent_marketing) == (
        "139****5678", "张三", "03-15", True)
    assert detail.tier_key == "silver" and detail.growth >= 2000     # ¥3,000 crossed Silver
    assert [row.reason for row in detail.tier_history] == ["upgrade", "enrol"]
    assert [s.returned for s in detail.sales] == [False, True] and detail.sales[1].receipt_no == receipt
    assert len(detail.returns) == 1 and detail.returns[0].receipt_no == receipt
    assert detail.returns[0].refund_fen > 0 and detail.returns[0].points_reversed > 0
    with ctx.read() as session:
        balance = session.get(Member, member_id).points_balance
        entries = session.scalar(select(func.count()).select_from(LedgerEntry)
                                 .where(LedgerEntry.member_id == member_id))
    assert detail.points == balance == sum(row.points for row in detail.ledger)
    assert len(detail.ledger) == entries and detail.ledger[0].kind == "reverse"
    assert {row.receipt_no for row in detail.ledger if row.kind == "earn"} >= {receipt}
    assert detail.coupons and all(c.status in {"issued", "used", "void"} for c in detail.coupons)
    assert detail.to_next_tier_fen and detail.to_next_tier_fen > 0


def test_manager_only_and_violations_are_audited(ctx, cashier, manager, member_with_history):
    member_id, _ = member_with_history
    for call in (lambda actor: member_detail(ctx, actor, member_id), lambda actor: reveal_phone(ctx, actor, member_id),
                 lambda actor: adjust_points(ctx, actor, member_id, 100, "goodwill")):
        for actor in (cashier.id, 999_999):
            with pytest.raises(PermissionDenied) as refused:
                call(actor)
            assert refused.value.code == "manager_required"
    violations = audit_actions(ctx, "role_violation")
    assert len(violations) == 6 and {v.staff_id for v in violations} == {cashier.id, None}
    assert audit_actions(ctx, "full_phone_viewed") == [] and audit_actions(ctx, "points_adjusted") == []


def test_reveal_phone_is_audited(ctx, manager, member_with_history):
    member_id, _ = member_with_history
    assert reveal_phone(ctx, manager.id, member_id) == "+86" + PHONE
    [entry] = audit_actions(ctx, "full_phone_viewed")
    assert (entry.staff_id, entry.target) == (manager.id, str(member_id))
    with pytest.raises(NotFound):
        reveal_phone(ctx, manager.id, 424242)


def test_adjust_points_needs_a_reason_and_never_goes_negative(ctx, manager, member_with_history):
    member_id, _ = member_with_history
    before = member_detail(ctx, manager.id, member_id).points
    with pytest.raises(BadInput) as missing:
        adjust_points(ctx, manager.id, member_id, 50, "   ")
    assert missing.value.code == "reason_required"
    assert adjust_points(ctx, manager.id, member_id, 250, "complaint: cold coffee").points_balance == before + 250
    with pytest.raises(Refusal) as too_many:
        adjust_points(ctx, manager.id, member_id, -(before + 251), "typo")
    assert too_many.value.code == "points_insufficient"
    assert adjust_points(ctx, manager.id, member_id, -(before + 250), "reset").points_balance == 0
    detail = member_detail(ctx, manager.id, member_id)
    assert detail.points == 0 == sum(row.points for row in detail.ledger)
    assert [(r.kind, r.points, r.reason) for r in detail.ledger[:2]] == [
        ("adjust", -(before + 250), "reset"), ("adjust", 250, "complaint: cold coffee")]
    assert [e.target for e in audit_actions(ctx, "points_adjusted")] == [str(member_id)] * 2


def test_a_mutation_returns_what_it_changed(ctx, manager, member_with_history):
    """The caller refreshes from this record; the service itself touches no list cache."""
    member_id, _ = member_with_history
    adjusted = adjust_points(ctx, manager.id, member_id, 10, "goodwill")
    assert adjusted.changes == Changes(members=frozenset({member_id}), points=True)
    assert adjusted.changes.member_list
    erased = erase_member(ctx, manager.id, member_id)
    assert erased.member_id == member_id and erased.coupons_voided > 0
    assert erased.changes == Changes(members=frozenset({member_id}), coupons=True)
    with pytest.raises(NotFound):
        reveal_phone(ctx, manager.id, member_id)          # erased: the number is gone
