"""The console's lifecycle views on a demo store: behaviour groups with the change since last week
(Segments tab), the Jobs tab (last run, duration, result; run now with progress) and the Uplift tab
(a campaign with a holdout, its chart and interval). Pictures go to docs/screenshots/ with
POS_SCREENSHOTS=docs/screenshots."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from pos.db.models import CampaignHoldout, Coupon, Sale
from pos.services.campaigns import campaign as campaigns
from pos.services.coupons.issue import CouponSpec
from pos.services.lifecycle import groups
from pos.services.members.listing import MemberFilter
from tests.ui.manager.conftest import make_console, settle
from tests.ui.manager.test_screenshots import save, styled  # noqa: F401 - styled: the till's look
from tests.ui.test_zh_complete import not_chinese, shown_texts


def _simulated_campaign(ctx, manager_id: int) -> int:
    """A campaign with a 20 % holdout whose coupon lifted the buyer rate from about 15 % to 55 % (the holdout
    is drawn from a new random seed each run: an effect this size is significant whichever members it draws)."""
    r = campaigns.issue_campaign(ctx, manager_id, "Spring 春季回购", campaigns.Audience(member_filter=MemberFilter()),
                                 CouponSpec("amount", amount_fen=1500, threshold_fen=10000, valid_days=14),
                                 holdout_percent=20)
    rng = random.Random(2)
    with ctx.write() as session:
        held = set(session.scalars(select(CampaignHoldout.member_id)))
        issued = set(session.scalars(select(Coupon.member_id).where(Coupon.campaign_id == r.campaign_id)))
        for n, mid in enumerate(sorted(held | issued)):
            if rng.random() < (0.15 if mid in held else 0.55):
                total = rng.randint(6000, 20000)
                session.add(Sale(sale_uuid=str(uuid.uuid4()), receipt_no=f"UP{n:06d}",
                                 created_at=ctx.clock() + timedelta(days=rng.randint(0, 20)), member_id=mid,
                                 subtotal_fen=total, tier_discount_fen=0, coupon_discount_fen=0, points_redeemed=0,
                                 points_value_fen=0, total_fen=total, points_earned=0, growth_earned=0))
    return r.campaign_id


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_groups_jobs_and_uplift_in_the_console(qtbot, demo_ctx, manager, tmp_path, request, lang):
    if lang == "zh_CN":
        request.getfixturevalue("zh")
    groups.regroup(demo_ctx)                             # "last week"
    demo_ctx.clock.moment += timedelta(days=7)
    campaign_id = _simulated_campaign(demo_ctx, manager.id)
    console = make_console(qtbot, demo_ctx, manager, lang)
    console.resize(1360, 860)
    console.show()
    qtbot.waitExposed(console)

    with qtbot.waitSignal(console.segments.overview_loaded, timeout=10000):
        console.tabs.setCurrentWidget(console.segments)
    console.segments.regroup_members()
    qtbot.waitUntil(lambda: console.segments.group_overview is not None
                    and console.segments.group_overview.previous_taken_at is not None, timeout=30000)
    assert console.segments.groups.rowCount() == 5 and console.segments.groups.item(0, 3) is not None
    if lang == "zh_CN":
        assert not_chinese(shown_texts(console.segments), set()) == []
    save(console, tmp_path, f"groups-{lang}")

    console.tabs.setCurrentWidget(console.jobs)
    qtbot.waitUntil(lambda: len(console.jobs.rows) == 5, timeout=10000)
    console.jobs.run_jobs(None)
    qtbot.waitUntil(lambda: console.jobs.run_due.isEnabled() and all(r.last_status == "ok" for r in console.jobs.rows),
                    timeout=120000)
    assert not any(r.due for r in console.jobs.rows)
    if lang == "zh_CN":                       # each job's result in words, not its JSON keys
        assert not_chinese(shown_texts(console.jobs), set()) == []
        assert "已评估" in console.jobs.table.item(1, 6).text()
    save(console, tmp_path, f"jobs-{lang}")

    console.tabs.setCurrentWidget(console.uplift)
    qtbot.waitUntil(lambda: console.uplift.campaign.findData(campaign_id) >= 0, timeout=10000)
    console.uplift.campaign.setCurrentIndex(console.uplift.campaign.findData(campaign_id))
    console.uplift.show_uplift()
    qtbot.waitUntil(lambda: console.uplift.report is not None, timeout=30000)
    assert ("95 % interval" if lang == "en" else "95%") in console.uplift.summary.text()
    assert console.uplift.verdict.text().startswith("Significant" if lang == "en" else "显著")
    chain = console.uplift.report.rows
    if lang == "zh_CN":
        assert not_chinese(shown_texts(console.uplift), set()) == []
        assert console.uplift.chart.chart().title().startswith("活动 ")        # not the report's English title
    save(console, tmp_path, f"uplift-{lang}")
    qtbot.waitUntil(lambda: console.uplift.store.count() > 2, timeout=10000)     # the demo chain's stores
    console.uplift.store.setCurrentIndex(1)
    console.uplift.report = None
    console.uplift.show_uplift()
    qtbot.waitUntil(lambda: console.uplift.report is not None, timeout=30000)
    one_store = console.uplift.report.rows
    assert 0 < one_store[0][1] + one_store[1][1] < chain[0][1] + chain[1][1]     # that store's members only
    settle(qtbot, console)
