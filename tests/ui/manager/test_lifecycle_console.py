"""The console's lifecycle views on a demo store: behaviour groups with the change since last week
(Segments tab), the Jobs tab (last run, duration, result; run now with progress) and the Uplift tab
(a campaign with a holdout, its chart and interval). Pictures go to docs/screenshots/ with
POS_SCREENSHOTS=1."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from sqlalchemy import select

from pos.db.models import CampaignHoldout, Coupon, Sale
from pos.services.campaigns import campaign as campaigns
from pos.services.coupons.issue import CouponSpec
from pos.services.lifecycle import groups
from pos.services.members.listing import MemberFilter
from tests.ui.manager.conftest import make_console, settle
from tests.ui.manager.test_screenshots import save, styled  # noqa: F401 - styled: the till's look


def _simulated_campaign(ctx, manager_id: int) -> int:
    """A campaign with a 20 % holdout whose coupon lifted the buyer rate from about 20 % to 40 %."""
    r = campaigns.issue_campaign(ctx, manager_id, "Spring 春季回购", campaigns.Audience(member_filter=MemberFilter()),
                                 CouponSpec("amount", amount_fen=1500, threshold_fen=10000, valid_days=14),
                                 holdout_percent=20)
    rng = random.Random(2)
    with ctx.write() as session:
        held = set(session.scalars(select(CampaignHoldout.member_id)))
        issued = set(session.scalars(select(Coupon.member_id).where(Coupon.campaign_id == r.campaign_id)))
        for n, mid in enumerate(sorted(held | issued)):
            if rng.random() < (0.20 if mid in held else 0.40):
                total = rng.randint(6000, 20000)
                session.add(Sale(sale_uuid=str(uuid.uuid4()), receipt_no=f"UP{n:06d}",
                                 created_at=ctx.clock() + timedelta(days=rng.randint(0, 20)), member_id=mid,
                                 subtotal_fen=total, tier_discount_fen=0, coupon_discount_fen=0, points_redeemed=0,
                                 points_value_fen=0, total_fen=total, points_earned=0, growth_earned=0))
    return r.campaign_id


def test_groups_jobs_and_uplift_in_the_console(qtbot, demo_ctx, manager, tmp_path):
    groups.regroup(demo_ctx)                             # "last week"
    demo_ctx.clock.moment += timedelta(days=7)
    campaign_id = _simulated_campaign(demo_ctx, manager.id)
    console = make_console(qtbot, demo_ctx, manager, "en")
    console.resize(1360, 860)
    console.show()
    qtbot.waitExposed(console)

    with qtbot.waitSignal(console.segments.overview_loaded, timeout=10000):
        console.tabs.setCurrentWidget(console.segments)
    console.segments.regroup_members()
    qtbot.waitUntil(lambda: console.segments.group_overview is not None
                    and console.segments.group_overview.previous_taken_at is not None, timeout=30000)
    assert console.segments.groups.rowCount() == 5 and console.segments.groups.item(0, 3) is not None
    save(console, tmp_path, "groups-en")

    console.tabs.setCurrentWidget(console.jobs)
    qtbot.waitUntil(lambda: len(console.jobs.rows) == 5, timeout=10000)
    console.jobs.run_jobs(None)
    qtbot.waitUntil(lambda: console.jobs.run_due.isEnabled() and all(r.last_status == "ok" for r in console.jobs.rows),
                    timeout=120000)
    assert not any(r.due for r in console.jobs.rows)
    save(console, tmp_path, "jobs-en")

    console.tabs.setCurrentWidget(console.uplift)
    qtbot.waitUntil(lambda: console.uplift.campaign.findData(campaign_id) >= 0, timeout=10000)
    console.uplift.campaign.setCurrentIndex(console.uplift.campaign.findData(campaign_id))
    console.uplift.show_uplift()
    qtbot.waitUntil(lambda: console.uplift.report is not None, timeout=30000)
    assert "95 % interval" in console.uplift.summary.text()
    assert console.uplift.verdict.text().startswith("Significant")
    save(console, tmp_path, "uplift-en")
    settle(qtbot, console)
