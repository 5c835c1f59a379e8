"""The till's member card shows the member's behaviour groups and due consumables ("洗衣液 · 32 天前"),
read on the worker after the card; an idle till runs the due scheduled jobs when the setting is on."""

from __future__ import annotations

import os
import uuid
from dataclasses import replace
from datetime import timedelta

from pos.db.models import Member, Product, Sale, SaleLine
from pos.services.admin.demo import DEMO_GOLD_PHONE
from pos.services.jobs import runner
from pos.services.lifecycle import replenishment
from pos.ui import i18n
from pos.ui.style import STYLE
from tests.ui.conftest import ROOT, look_up


def _detergent_bought(ctx, *days_ago: int) -> None:
    from sqlalchemy import select

    with ctx.write() as session:
        session.add(Product(sku="DET01", barcode="6901234567999", name="洗衣液", price_fen=3990))
        session.flush()
        replenishment.mark_consumable(session, "DET01", 30)
        member_id = session.scalar(select(Member.id).where(Member.phone == "+86" + DEMO_GOLD_PHONE))
        for n, days in enumerate(days_ago):
            sale = Sale(sale_uuid=str(uuid.uuid4()), receipt_no=f"DET{n:04d}", created_at=ctx.clock() - timedelta(days=days),
                        member_id=member_id, subtotal_fen=3990, tier_discount_fen=0, coupon_discount_fen=0,
                        points_redeemed=0, points_value_fen=0, total_fen=3990, points_earned=0, growth_earned=0)
            session.add(sale)
            session.flush()
            session.add(SaleLine(sale_id=sale.id, line_no=1, sku="DET01", name="洗衣液", unit_price_fen=3990, qty=1,
                                 discountable=True, gross_fen=3990, tier_discount_fen=0, coupon_fen=0, points_fen=0,
                                 paid_fen=3990))


def test_member_card_shows_due_products_and_groups(qtbot, qapp, till, till_ctx):
    _detergent_bought(till_ctx, 52, 32)
    runner.run_due_jobs(till_ctx, only="regroup")
    look_up(qtbot, till, DEMO_GOLD_PHONE)
    qtbot.waitUntil(lambda: till.card.due.isVisible(), timeout=10000)
    assert till.card.due.text() == "Due to buy again: 洗衣液 · 32 days ago"
    assert till.card.lifecycle.due[0].cycle_days == 20
    i18n.install(qapp, "zh_CN")
    try:
        till.retranslate()
        assert till.card.due.text() == "该补货了：洗衣液 · 32 天前"
        folder = os.environ.get("POS_SCREENSHOTS")
        if folder:
            qapp.setStyleSheet(STYLE)
            till.resize(1280, 800)
            qtbot.wait(50)
            assert till.grab().save(str(ROOT / folder / "till-member-due-zh_CN.png"))
            qapp.setStyleSheet("")
    finally:
        i18n.install(qapp, "en")


def test_an_idle_till_runs_the_due_jobs_when_the_setting_is_on(qtbot, till, till_ctx):
    hook = till.lifecycle
    assert not hook.idle()                                   # off by default
    till_ctx.config = replace(till_ctx.config, jobs=replace(till_ctx.config.jobs, when_idle=True, idle_minutes=1))
    till_ctx.file_config = till_ctx.config
    assert not hook.idle()                                   # input is watched from now on
    qtbot.keyClick(till.lookup, "1")
    assert not hook.idle()                                   # somebody typed just now
    hook.last_input -= 61
    assert hook.idle()
    hook.maybe_run_jobs()
    qtbot.waitUntil(lambda: not hook.running, timeout=60000)
    assert not any(s.due for s in runner.job_status(till_ctx))
