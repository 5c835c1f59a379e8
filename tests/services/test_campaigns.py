"""Campaigns: one coupon per member of the audience, safe to re-run, cancel and resume, masked export."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import case, func, select, update

from pos.db.models import AuditEntry, Coupon, Member, MemberStats, SegmentSnapshot
from pos.errors import PosError
from pos.services.campaigns import campaign as campaigns
from pos.services.campaigns.campaign import Audience
from pos.services.coupons.issue import CouponSpec, parse_spec
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from tests.databases import NOW

SPEC = CouponSpec("amount", amount_fen=1500, threshold_fen=10000, valid_days=14)
MEMBERS = 60


def phone(i: int) -> str:
    return f"+86138{i:08d}"


@pytest.fixture
def store(ctx):
    """60 members who consented to marketing; the snapshot says every third is At risk (one of them
    erased), the rest Loyal;
    an older snapshot says something else and must be ignored."""
    with ctx.write() as session:
        session.add_all([Member(id=i, phone=phone(i), phone_tail=phone(i)[-4:], name=f"M{i}", referral_code=f"R{i}",
                                enrolled_at=NOW - timedelta(days=400), tier_key="member", tier_since=NOW,
                                points_balance=0, erased_at=NOW if i == 3 else None, consent_marketing=True)
                         for i in range(1, MEMBERS + 1)])
        old, new = SegmentSnapshot(taken_at=NOW - timedelta(days=7)), SegmentSnapshot(taken_at=NOW)
        session.add_all([old, new])
        session.flush()
        # the latest segmentation (the earlier one's rows were updated in place)
        session.execute(update(MemberStats).values(
            segment=case((MemberStats.member_id % 3 == 0, "At risk"), else_="Loyal"), r=1, f=1, m=1,
            whale=MemberStats.member_id.in_((5, 6))))
    return [i for i in range(1, MEMBERS + 1) if i % 3 == 0 and i != 3]       # 19 members


def holders(ctx, campaign_id):
    with ctx.read() as session:
        return list(session.scalars(select(Coupon.member_id).where(Coupon.campaign_id == campaign_id)
                                    .order_by(Coupon.member_id)))


def test_one_coupon_per_member_of_the_segment_and_rerun_adds_nothing(ctx, manager, store):
    audience = Audience(segment="At risk")
    assert campaigns.preview_audience(ctx, audience) == len(store) == 19
    seen = []
    result = campaigns.issue_campaign(ctx, manager.id, "Win-back June", audience, SPEC, batch=5,
                                      progress=lambda done, total: seen.append((done, total)))
    assert (result.issued, result.already_had, result.cancelled) == (19, 0, False)
    assert seen == [(5, 19), (10, 19), (15, 19), (19, 19)]
    assert holders(ctx, result.campaign_id) == store
    again = campaigns.issue_campaign(ctx, manager.id, "Win-back June", audience, SPEC, batch=5)
    assert (again.campaign_id, again.issued, again.already_had) == (result.campaign_id, 0, 19)
    assert holders(ctx, result.campaign_id) == store
    [view] = campaigns.list_campaigns(ctx, manager.id)
    assert (view.name, view.segment, view.issued, view.redeemed) == ("Win-back June", "At risk", 19, 0)
    with ctx.read() as session:
        coupons = list(session.scalars(select(Coupon).where(Coupon.campaign_id == result.campaign_id)))
        logged = list(session.scalars(select(AuditEntry.details).where(AuditEntry.action == "campaign_issued")))
    assert len({c.code for c in coupons}) == 19 and all(len(c.code) == 10 and c.code[0] == "C" for c in coupons)
    assert {(c.kind, c.amount_fen, c.threshold_fen, c.valid_to) for c in coupons} == {
        ("amount", 1500, 10000, (NOW + timedelta(days=14)).replace(hour=23, minute=59, second=59))}
    assert len(logged) == 2 and '"issued": 19' in logged[0] and '"already_had": 19' in logged[1]


def test_cancel_between_batches_and_resume(ctx, manager, store):
    calls = []
    stop = campaigns.issue_campaign(ctx, manager.id, "Win-back", Audience(segment="At risk"), SPEC, batch=4,
                                    progress=lambda done, total: calls.append(done),
                                    cancelled=lambda: len(calls) >= 2)
    assert (stop.issued, stop.cancelled) == (8, True)
    assert holders(ctx, stop.campaign_id) == store[:8]
    resumed = campaigns.issue_campaign(ctx, manager.id, "Win-back", Audience(segment="At risk"), SPEC, batch=4)
    assert (resumed.campaign_id, resumed.issued, resumed.already_had, resumed.cancelled) == (
        stop.campaign_id, 11, 8, False)
    assert holders(ctx, stop.campaign_id) == store
    assert campaigns.list_campaigns(ctx, manager.id)[0].issued == 19


def test_flag_segments_other_terms_and_missing_snapshot(ctx, manager, store):
    whales = campaigns.issue_campaign(ctx, manager.id, "Whales", Audience(segment="Whale"), SPEC)
    assert holders(ctx, whales.campaign_id) == [5, 6]
    with pytest.raises(PosError) as err:
        campaigns.issue_campaign(ctx, manager.id, "Whales", Audience(segment="Whale"), parse_spec("cash", "5"))
    assert err.value.code == "campaign_terms_differ"
    with pytest.raises(PosError) as err:
        campaigns.preview_audience(ctx, Audience())
    assert err.value.code == "audience_invalid"
    with pytest.raises(PosError) as err:                  # a typo once issued nothing, silently
        campaigns.issue_campaign(ctx, manager.id, "Typo", Audience(segment="at risk"), SPEC)
    assert err.value.code == "segment_unknown"


def test_no_segments_yet(ctx, manager):
    with pytest.raises(PosError) as err:
        campaigns.issue_campaign(ctx, manager.id, "X", Audience(segment="At risk"), SPEC)
    assert err.value.code == "segments_not_computed"


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_masked_export_has_no_full_phone_number_and_full_export_is_audited(ctx, manager, store, products, tmp_path):
    result = campaigns.issue_campaign(ctx, manager.id, "Win-back", Audience(segment="At risk"), SPEC)
    first = campaigns.campaign_codes(ctx, result.campaign_id)[0]
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_id=store[0], coupon_code=first))
    masked = tmp_path / "masked.csv"
    assert campaigns.export_campaign(ctx, manager.id, result.campaign_id, str(masked)) == 19
    text = masked.read_text(encoding="utf-8-sig")
    for i in range(1, MEMBERS + 1):
        assert phone(i)[3:] not in text and phone(i)[3:7] + phone(i)[-4:] not in text.replace("****", "")
    rows = read_csv(masked)
    assert rows[0]["phone"] == f"138****{phone(store[0])[-4:]}" and rows[0]["status"] == "used"
    assert [r["status"] for r in rows[1:]] == ["issued"] * 18
    full = tmp_path / "full.csv"
    assert campaigns.export_campaign(ctx, manager.id, result.campaign_id, str(full), full_phone=True) == 19
    assert [r["phone"] for r in read_csv(full)] == [phone(i) for i in store]
    assert campaigns.list_campaigns(ctx, manager.id)[0].redeemed == 1
    with ctx.read() as session:
        exports = list(session.scalars(select(AuditEntry.details).where(AuditEntry.action == "campaign_exported")
                                       .order_by(AuditEntry.id)))
    assert ['"full_phone": false' in d for d in exports] == [True, False]


def test_coupon_sheet_pdf_carries_every_code(ctx, manager, store, tmp_path):
    result = campaigns.issue_campaign(ctx, manager.id, "Whales", Audience(segment="Whale"), SPEC)
    path = campaigns.write_campaign_sheet(ctx, manager.id, result.campaign_id, str(tmp_path / "sheet.pdf"))
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert all(code in text for code in campaigns.campaign_codes(ctx, result.campaign_id))


def test_distinct_codes_at_scale(ctx, manager):
    with ctx.write() as session:
        session.add_all([Member(id=i, phone=phone(i), phone_tail=phone(i)[-4:], name="", referral_code=f"R{i}",
                                enrolled_at=NOW, tier_key="member", tier_since=NOW, points_balance=0,
                                consent_marketing=True) for i in range(1, 3001)])
        snap = SegmentSnapshot(taken_at=NOW)
        session.add(snap)
        session.flush()
        session.execute(update(MemberStats).values(segment="Lost", r=1, f=1, m=1))
    result = campaigns.issue_campaign(ctx, manager.id, "Lost", Audience(segment="Lost"), SPEC)
    assert result.issued == 3000
    with ctx.read() as session:
        assert session.scalar(select(func.count(func.distinct(Coupon.code)))
                              .where(Coupon.campaign_id == result.campaign_id)) == 3000


def test_audience_by_member_filter(ctx, manager, store):
    from pos.services.members.listing import MemberFilter, count_members

    with ctx.write() as session:
        for member in session.scalars(select(Member).where(Member.id.in_([2, 3, 7, 30, 41]))):
            member.tier_key = "gold"
    audience = Audience(member_filter=MemberFilter(tiers=("gold",)))
    assert campaigns.preview_audience(ctx, audience) == count_members(ctx, manager.id, audience.member_filter) == 4  # 3 erased
    result = campaigns.issue_campaign(ctx, manager.id, "Gold thanks", audience, SPEC, batch=3)
    assert (result.issued, holders(ctx, result.campaign_id)) == (4, [2, 7, 30, 41])
    assert campaigns.issue_campaign(ctx, manager.id, "Gold thanks", audience, SPEC).already_had == 4
    assert campaigns.list_campaigns(ctx, manager.id)[0].segment is None


def imported_modules(package: str) -> set[str]:
    """Every pos module the package's files import, at the top or inside a function."""
    import ast
    from pathlib import Path

    found = set()
    root = Path(__file__).resolve().parents[2]
    for path in (root / package.replace(".", "/")).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
            elif isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
    return {name for name in found if name.startswith("pos.")}


def test_coupons_and_segments_do_not_reach_back_into_members():
    """Members import coupons (the welcome coupon) and the member list reads the segments' columns;
    never the other way round (the segmentation job once cleared the member list's page cache)."""
    for package in ("pos.services.coupons", "pos.services.segments"):
        assert sorted(m for m in imported_modules(package) if m.startswith("pos.services.members")) == [], package


def test_members_without_marketing_consent_get_no_campaign_coupon_and_are_counted(ctx, manager, store):
    """Issue #12, finding 11: a segment campaign gave coupons to members with no marketing consent."""
    from pos.services.members.listing import MemberFilter

    withdrawn = store[:4]
    with ctx.write() as session:
        for member in session.scalars(select(Member).where(Member.id.in_(withdrawn))):
            member.consent_marketing = False
    audience = Audience(segment="At risk")
    assert campaigns.preview_audience(ctx, audience) == 15
    result = campaigns.issue_campaign(ctx, manager.id, "Consent only", audience, SPEC, batch=4)
    assert (result.issued, result.no_consent) == (15, 4)
    assert holders(ctx, result.campaign_id) == store[4:]
    with ctx.read() as session:
        logged = session.scalar(select(AuditEntry.details).where(AuditEntry.action == "campaign_issued"))
    assert '"skipped_no_consent": 4' in logged
    by_filter = campaigns.issue_campaign(ctx, manager.id, "Everyone", Audience(member_filter=MemberFilter()), SPEC)
    assert (by_filter.issued, by_filter.no_consent) == (MEMBERS - 1 - 4, 4)
