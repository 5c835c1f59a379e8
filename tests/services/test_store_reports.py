"""`--store` on the lifecycle and offer reports (#15, SPEC §12): the campaign uplift, coupon-use days,
campaign cost, offer redemption and ladder steps of one store add up to the chain's; a store manager
gets their own store by default and is refused another's (audited). Two stores, two tills each
booking real sales through the checkout, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pos.db.models import AuditEntry, CampaignHoldout, Coupon
from pos.errors import PosError
from pos.services.campaigns import campaign as campaigns
from pos.services.coupons.issue import CouponSpec
from pos.services.members import listing
from pos.services.members import lookup as members
from pos.services.reports import summary as reports
from pos.services.reports import uplift
from pos.services.staff import admin as staff_admin
from pos.services.stores import chain
from tests.databases import NOW
from tests.services.test_chain import sell, two_stores  # noqa: F401 - the fixture

DAY = NOW.date()


@pytest.fixture
def campaign(two_stores, manager):  # noqa: F811
    """12 members enrolled at each store, a chain-wide ¥10 campaign with a 50 % holdout; every member
    buys at their own store (with the coupon when they got one), the even ones twice."""
    phones = {store: [f"13{n}000000{i:02d}" for i in range(12)] for store, n in (("S01-1", 7), ("S02-1", 8))}
    for till, numbers in phones.items():
        for phone in numbers:
            members.enrol(two_stores[till], phone, consent=True)
    ctx = two_stores["S01-1"]
    spec = CouponSpec("amount", amount_fen=1000, valid_days=30)
    result = campaigns.issue_campaign(ctx, manager.id, "Spring", campaigns.Audience(member_filter=listing.MemberFilter()),
                                      spec, holdout_percent=50)
    with ctx.read() as session:
        codes = {m: c for m, c in session.execute(select(Coupon.member_id, Coupon.code)
                                                 .where(Coupon.campaign_id == result.campaign_id))}
        held = set(session.scalars(select(CampaignHoldout.member_id)))
    assert codes and held
    for till, numbers in phones.items():
        for i, phone in enumerate(numbers):
            member_id = members.lookup(two_stores[till], phone=phone).member_id
            sell(two_stores[till], 3000 + 100 * i, phone=phone, coupon=codes.get(member_id))
            if i % 2 == 0:
                sell(two_stores["S02-2" if till == "S02-1" else till], 2000, phone=phone)
    return result.campaign_id


def test_one_stores_uplift_and_lifecycle_reports_add_up_to_the_chains(two_stores, manager, campaign):  # noqa: F811
    ctx = two_stores["S01-1"]
    s01, s02 = 1, chain.store_id_of(ctx, "S02")
    whole = uplift.campaign_uplift(ctx, manager.id, campaign, 30)
    parts = [uplift.campaign_uplift(ctx, manager.id, campaign, 30, store_id=store) for store in (s01, s02)]
    assert [p.result.issued + p.result.holdout for p in parts] == [12, 12]
    for field in ("coupon_cost_fen", "buyers_issued", "buyers_holdout", "revenue_issued_fen", "revenue_holdout_fen"):
        assert sum(getattr(p, field) for p in parts) == getattr(whole, field), field
        assert all(getattr(p, field) for p in parts), field                  # each store has its share
    assert (whole.result.issued, whole.result.holdout) == (sum(p.result.issued for p in parts),
                                                           sum(p.result.holdout for p in parts))
    for key in ("coupon_use_days", "offer_redemption", "ladder_steps", "campaign_cost"):
        chain_report = reports.run_report(ctx, manager.id, key, DAY, DAY)
        store_reports = [reports.run_report(ctx, manager.id, key, DAY, DAY, store_id=store) for store in (s01, s02)]
        additive = [i for i, name in enumerate(chain_report.columns)
                    if name in ("coupons", "issued", "redeemed", "voided", "coupon_cost_fen")
                    or name.startswith("step_after_")]
        assert additive, key

        def numbers(report, additive=additive):
            return [[row[i] for i in additive] for row in report.rows]

        assert numbers(chain_report) and all(numbers(r) != numbers(chain_report) for r in store_reports), key
        summed = [[a + b for a, b in zip(x, y, strict=True)] for x, y in zip(*map(numbers, store_reports), strict=True)]
        assert summed == numbers(chain_report), key


def test_a_store_manager_sees_their_store_and_is_refused_another(two_stores, manager, campaign):  # noqa: F811
    ctx = two_stores["S01-1"]
    s02 = chain.store_id_of(ctx, "S02")
    boss = staff_admin.add_staff_member(ctx, manager.id, "M02", "Pudong manager", "manager", "97531", store_id=s02)
    own = uplift.campaign_uplift(ctx, boss.id, campaign, 30)
    assert own == uplift.campaign_uplift(ctx, manager.id, campaign, 30, store_id=s02)
    assert own.result.issued + own.result.holdout == 12
    for key in reports.REPORT_KEYS:                  # every report kind: their store by default
        assert reports.run_report(ctx, boss.id, key, DAY, DAY) == \
            reports.run_report(ctx, manager.id, key, DAY, DAY, store_id=s02), key
    with pytest.raises(PosError) as caught:
        uplift.campaign_uplift(ctx, boss.id, campaign, 30, store_id=1)
    assert caught.value.code == "store_not_yours"
    with ctx.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "role_violation", AuditEntry.staff_id == boss.id)) == 1
