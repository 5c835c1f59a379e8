"""补货提醒 on the receipt (#15): a member sale's receipt lists the consumables the member will need
again soon, soonest first, at most `receipt_due_soon_max`, due within `receipt_due_soon_days` of the
sale; the sale's own purchases count. Booked through the real checkout on SQLite and PostgreSQL, then
read back from the real PDF, the ESC/POS bytes (GB18030) and the till's on-screen preview."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from pos.config import ConfigError, config_from_dict
from pos.db.models import Product
from pos.printing import render_receipt_escpos, render_receipt_pdf
from pos.printing.text import due_in_text
from pos.services.context import AppContext
from pos.services.lifecycle import replenishment
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from pos.services.sales.receipts import sale_receipt
from tests.printing.readback import escpos_parse, pdf_text
from tests.printing.test_receipts import squash

PHONE = "13800138000"
CONSUMABLES = [("SOAP", "Dish soap 洗洁精", 30), ("TIS", "Tissues 纸巾", 10), ("OIL", "Cooking oil 食用油", 14),
               ("RICE", "Rice 大米", 60), ("DET", "Detergent 洗衣液", 30)]


def buy(ctx, clock, days_ago: int, *skus: str, phone: str | None = PHONE) -> str:
    now = clock.moment
    clock.moment = now - timedelta(days=days_ago)
    try:
        return co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku=s) for s in skus],
                                                   member_phone=phone)).receipt_no
    finally:
        clock.moment = now


@pytest.fixture
def history(ctx, clock, products):
    return book_history(ctx, clock)


def book_history(ctx, clock) -> str:
    """The member's purchases before today's sale (the expected due dates are in the comments), and
    today's sale: its receipt number."""
    with ctx.write() as session:
        for i, (sku, name, days) in enumerate(CONSUMABLES):
            session.add(Product(sku=sku, barcode=f"69100000000{i}", name=name, price_fen=1990))
            session.flush()
            replenishment.mark_consumable(session, sku, days)
    clock.moment -= timedelta(days=90)
    members.enrol(ctx, PHONE)
    clock.moment += timedelta(days=90)
    buy(ctx, clock, 40, "DET")      # due 13 days ago, but bought again today: cycle 40, not shown
    buy(ctx, clock, 30, "RICE")     # 60 - 3: due in 27 days, beyond the 7 shown
    buy(ctx, clock, 24, "SOAP")     # 30 - 3: due in 3 days
    buy(ctx, clock, 20, "OIL")      # 14 - 3: due 9 days ago, due now
    buy(ctx, clock, 1, "TIS")       # 10 - 3: due in 6 days
    return buy(ctx, clock, 0, "LAT", "DET")


def with_lifecycle(ctx, **changes) -> AppContext:
    config = replace(ctx.config, lifecycle=replace(ctx.config.lifecycle, **changes))
    return AppContext(ctx.engine, config, ctx.clock)


def test_receipt_prints_what_is_due_soon_in_pdf_escpos_and_preview(ctx, history):
    doc = sale_receipt(ctx, history)
    assert [(r.product, r.due_in_days) for r in doc.due_soon] == [
        ("Cooking oil 食用油", -9), ("Dish soap 洗洁精", 3), ("Tissues 纸巾", 6)]
    text = squash(pdf_text(render_receipt_pdf(doc, 80)))
    for expected in ("Duesoon补货提醒", "Cookingoil食用油duenow该补货了", "Dishsoap洗洁精in3days3天后",
                     "Tissues纸巾in6days6天后"):
        assert expected in text
    assert "Rice" not in text and "Detergent洗衣液" + "in" not in text
    lines, _ = escpos_parse(render_receipt_escpos(doc, 58))
    printed = squash("".join(lines))
    assert "补货提醒" in printed and "洗洁精in3days3天后" in printed and "食用油duenow该补货了" in printed
    assert all(sum(2 if ch >= "\x80" else 1 for ch in line) <= 32 for line in lines)
    from pos.ui.dialogs.sale_done import receipt_html  # the till's on-screen receipt preview

    html = receipt_html(doc)
    assert "补货提醒" in html and "Dish soap 洗洁精" in html and "in 3 days 3天后" in html


def test_how_many_and_how_far_ahead_are_settings_and_it_can_be_off(ctx, history):
    assert [r.product for r in sale_receipt(with_lifecycle(ctx, receipt_due_soon_max=2), history).due_soon] == [
        "Cooking oil 食用油", "Dish soap 洗洁精"]
    assert [r.due_in_days for r in sale_receipt(with_lifecycle(ctx, receipt_due_soon_days=0), history).due_soon] \
        == [-9]
    assert [r.due_in_days for r in sale_receipt(with_lifecycle(ctx, receipt_due_soon_days=27), history).due_soon
            ] == [-9, 3, 6]                          # still at most 3
    for off in ({"receipt_due_soon": False}, {"replenishment_enabled": False}):
        doc = sale_receipt(with_lifecycle(ctx, **off), history)
        assert doc.due_soon == ()
        assert "补货提醒" not in pdf_text(render_receipt_pdf(doc, 80))


def test_a_reprint_says_what_the_sale_said_and_a_non_member_sale_has_none(ctx, clock, history):
    first = sale_receipt(ctx, history).due_soon
    clock.moment += timedelta(days=5)
    buy(ctx, clock, 0, "SOAP", "OIL")                # later purchases do not change the old receipt
    assert sale_receipt(ctx, history).due_soon == first
    assert sale_receipt(ctx, buy(ctx, clock, 0, "TIS", phone=None)).due_soon == ()


def shipped(**lifecycle) -> dict:
    data = tomllib.loads((Path(__file__).resolve().parents[2] / "assets" / "config.toml").read_text("utf-8"))
    data["lifecycle"].update(lifecycle)
    return data


def test_the_settings_are_checked():
    cfg = config_from_dict(shipped()).lifecycle
    assert (cfg.receipt_due_soon, cfg.receipt_due_soon_max, cfg.receipt_due_soon_days) == (True, 3, 7)
    for bad in ({"receipt_due_soon_max": 0}, {"receipt_due_soon_max": 11}, {"receipt_due_soon_days": -1},
                {"receipt_due_soon": "yes"}):
        with pytest.raises(ConfigError, match="receipt_due_soon"):
            config_from_dict(shipped(**bad))
    assert config_from_dict(shipped(receipt_due_soon_max=5)).lifecycle.receipt_due_soon_max == 5


def test_due_in_words():
    assert [due_in_text(d) for d in (-2, 0, 1, 3)] == ["due now 该补货了", "due now 该补货了", "tomorrow 明天",
                                                         "in 3 days 3天后"]
