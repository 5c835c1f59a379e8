"""docs/samples are what the program prints for real sales (tests/printing/real_samples.py): their
numbers agree with each other and with the rules, and the committed files are what the one
command `python -m tests.printing.real_samples` writes today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pos.money import apply_rate
from pos.printing import render_receipt_pdf
from tests.printing import real_samples
from tests.printing.readback import pdf_text

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    import os

    folder = tmp_path_factory.mktemp("samples")
    os.environ.setdefault("POS_KEY_DIR", str(folder / "keys"))
    built = real_samples.build(folder)
    yield built
    built.ctx.engine.dispose()


def _money(doc, label_start: str) -> int:
    return next(step.amount_fen for step in doc.steps if step.label.startswith(label_start))


def test_the_gold_upgrade_receipt_adds_up(samples):
    doc, _ = samples.receipts["receipt-80mm"]
    config, sale = samples.ctx.config, samples.gold_sale
    assert _money(doc, "Subtotal") == sum(line.amount_fen for line in doc.lines) == sale.subtotal_fen
    assert doc.total_fen == sum(step.amount_fen for step in doc.steps) == sale.total_due_fen
    # the discount is the rate of the tier the member had when she paid, and says so
    silver = config.tier(sale.tier_before)
    tier_step = next(step for step in doc.steps if step.label.startswith("Tier discount"))
    assert f"({silver.name} {silver.name_zh})" in tier_step.label
    per_line = sum(apply_rate(line.amount_fen, silver.discount) for line in doc.lines if not line.note)
    assert -tier_step.amount_fen == per_line == sale.tier_discount_fen
    # the progress line counts from the growth this sale left
    gold, diamond = config.tier("gold"), config.tier("diamond")
    to_diamond = (diamond.growth - sale.growth) * 100
    assert f"¥{to_diamond / 100:,.2f} more to Diamond" in doc.member.progress_text
    assert doc.member.tier_changed_to == f"{gold.name} {gold.name_zh}" == doc.member.tier_name
    assert (doc.member.points_earned, doc.member.points_balance) == (sale.points_earned, sale.points_balance)


def test_the_return_gives_back_its_share(samples):
    sale_doc, _ = samples.receipts["receipt-80mm"]
    doc, _ = samples.receipts["return-80mm"]
    assert doc.kind == "return" and doc.original_receipt_no == sale_doc.receipt_no
    assert doc.total_fen == sum(line.amount_fen for line in doc.lines)
    assert doc.member.points_balance == (sale_doc.member.points_balance - doc.points_reversed
                                         + doc.points_restored)


def test_the_non_member_is_invited_to_join(samples):
    doc, _ = samples.receipts["receipt-non-member-80mm"]
    assert doc.member is None and doc.qr_url == samples.ctx.config.receipt.join_member_url
    assert [step.label for step in doc.steps] == ["Subtotal 小计"] and doc.total_fen == doc.steps[0].amount_fen


def test_the_chinese_store_prints_its_own_words(samples):
    doc, width = samples.receipts["receipt-chinese-58mm"]
    latin = re.compile(r"[A-Za-z]")
    for text in (doc.store_name, doc.store_address, doc.header, doc.footer, doc.member.name,
                 *(line.name for line in doc.lines)):
        assert text and not latin.search(text), text
    assert width == 58


def _comparable(text: str) -> str:
    """Coupon and referral codes are drawn at random each time; everything else is the same store every run."""
    text = re.sub(r"推荐码 [A-Z0-9]{8}\b", "推荐码 ########", text)
    return re.sub(r"\bC[A-Z0-9]{9}\b", "C#########", text)


def test_docs_samples_are_what_the_program_prints_today(samples):
    for name, (doc, width) in samples.receipts.items():
        committed = (SAMPLES / f"{name}.pdf").read_bytes()
        assert _comparable(pdf_text(committed)) == _comparable(pdf_text(render_receipt_pdf(doc, width))), (
            f"docs/samples/{name}.pdf is out of date: run python -m tests.printing.real_samples")
        assert (SAMPLES / f"{name}.png").stat().st_size > 0
    for name in ("card", "coupon-sheet", "receipt-80mm", "receipt-58mm"):
        assert (SAMPLES / f"{name}.pdf").exists()
    assert {p.stem for p in SAMPLES.glob("*.pdf")} == {*samples.receipts, "card", "coupon-sheet"}
