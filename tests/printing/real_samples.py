"""docs/samples: what the program prints for real sales, booked through the services on a fresh demo
store (a fixed clock and the demo's fixed seed make the same store every time). Regenerate them with

    python -m tests.printing.real_samples            # writes docs/samples (PDF, PNG of page 1, ESC/POS)

The sales: a Silver member whose purchase takes her to Gold (tier discount, coupon and points), a
non-member paying by WeChat, a return of one line of the Gold sale, the Gold sale on 58 mm paper,
and a sale in a store whose texts, goods and member are all Chinese; plus that member's card and
the coupon sheet of a real campaign.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from pos.config import load_config
from pos.db.engine import make_engine
from pos.printing import (
    CardDocument,
    CouponSheetDocument,
    ReceiptDocument,
    render_card_pdf,
    render_coupon_sheet_pdf,
    render_receipt_escpos,
    render_receipt_pdf,
)
from pos.services import printouts
from pos.services.admin.demo import DEMO_SILVER_PHONE, create_demo
from pos.services.admin.setup import init_database
from pos.services.campaigns import campaign as campaigns
from pos.services.context import AppContext
from pos.services.coupons.issue import issue_coupons, parse_spec
from pos.services.members.lookup import enrol
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import parse_line_spec
from pos.services.sales.receipts import sale_receipt
from pos.services.segments.rfm import compute_segments
from pos.services.staff.accounts import sign_in

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 22, 10, 30)
CHINESE_PHONE = "13612345678"


class SteppingClock:
    """The store's clock: fixed, moved on by the script between sales."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class Samples:
    ctx: AppContext
    gold_sale: co.CheckoutResult
    receipts: dict[str, tuple[ReceiptDocument, int]]      # file name -> (document, paper width)
    card: CardDocument
    sheet: CouponSheetDocument


def build(folder: Path) -> Samples:
    clock = SteppingClock(NOW - timedelta(days=240))
    ctx = AppContext(make_engine(f"sqlite:///{folder / 'samples.sqlite3'}"), load_config(), clock)
    init_database(ctx)
    clock.now = NOW - timedelta(hours=1)
    create_demo(ctx, members=40)
    clock.now = NOW
    cashier = sign_in(ctx, "1234").id
    manager = sign_in(ctx, "8888", need_manager=True).id
    silver_id = _member_id(ctx, DEMO_SILVER_PHONE)
    spec = parse_spec("amount", "15", "100", None, 30, default_days=30)
    [coupon] = issue_coupons(ctx, manager, spec, member_id=silver_id).codes

    gold = co.checkout(ctx, co.CheckoutRequest(
        lines=[parse_line_spec("GFT01:5"), parse_line_spec("LAT01:2"), parse_line_spec("CRD01")],
        member_phone=DEMO_SILVER_PHONE, coupon_code=coupon, redeem_points=200,
        payments=[co.parse_payment("card")], cashier_id=cashier))
    assert gold.upgraded and gold.tier_after == "gold", gold
    gold_receipt = sale_receipt(ctx, gold.receipt_no)     # printed at the till right after the sale
    clock.now += timedelta(minutes=7)
    stranger = co.checkout(ctx, co.CheckoutRequest(
        lines=[parse_line_spec("AME01:2"), parse_line_spec("CRO01")], payments=[co.parse_payment("wechat")],
        cashier_id=cashier))
    clock.now += timedelta(minutes=40)
    returned = returns.return_sale(ctx, gold.receipt_no, [(2, 1)], cashier_id=cashier)
    return_receipt = sale_receipt(ctx, returned.return_no)

    clock.now += timedelta(hours=6)
    chinese = _chinese_sale(ctx, cashier)

    compute_segments(ctx)
    audience = campaigns.Audience(segment="Loyal")
    campaign = campaigns.issue_campaign(ctx, manager, "Thank you 感恩回馈", audience,
                                        parse_spec("amount", "20", "150", None, 30, default_days=30))
    receipts = {"receipt-80mm": (gold_receipt, 80), "receipt-58mm": (gold_receipt, 58),
                "receipt-non-member-80mm": (sale_receipt(ctx, stranger.receipt_no), 80),
                "return-80mm": (return_receipt, 80),
                "receipt-chinese-58mm": (chinese, 58)}
    return Samples(ctx, gold, receipts, printouts.card_document(ctx, member_id=silver_id),
                   printouts.coupon_sheet_document(ctx, manager, campaign_id=campaign.campaign_id))


def _member_id(ctx: AppContext, phone: str) -> int:
    from pos.services.members.lookup import lookup

    return lookup(ctx, phone=phone).member_id


def _chinese_sale(ctx: AppContext, cashier: int) -> ReceiptDocument:
    """A store that writes everything in Chinese: its texts, its goods and its member."""
    config = ctx.config
    chinese = replace(config,
                      store=replace(config.store, name="示范咖啡旗舰店", address="上海市黄浦区南京东路八十八号",
                                    phone="021-55550188"),
                      receipt=replace(config.receipt, header="谢谢惠顾，欢迎再次光临",
                                      footer="凭小票七天内可退换，感谢您的支持！"))
    store = replace(ctx, config=chinese)
    enrol(store, CHINESE_PHONE, name="王小明", birthday="11-03", consent=True)
    sale = co.checkout(store, co.CheckoutRequest(
        lines=[parse_line_spec("name=焦糖玛奇朵（大杯，燕麦奶，少糖）,price=36,qty=3"),
               parse_line_spec("name=提拉米苏蛋糕,price=32,discountable=no")],
        member_phone=CHINESE_PHONE, payments=[co.parse_payment("alipay")], cashier_id=cashier))
    return sale_receipt(store, sale.receipt_no)


def write(samples: Samples, out: Path) -> list[Path]:
    """PDFs, the first page of each as PNG, and the ESC/POS bytes of the Gold sale."""
    from tests.printing.readback import pdf_pngs

    out.mkdir(parents=True, exist_ok=True)
    files = {name: render_receipt_pdf(doc, width) for name, (doc, width) in samples.receipts.items()}
    files["card"] = render_card_pdf(samples.card)
    files["coupon-sheet"] = render_coupon_sheet_pdf(samples.sheet)
    written = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, data in files.items():
            (out / f"{name}.pdf").write_bytes(data)
            (out / f"{name}.png").write_bytes(pdf_pngs(data, Path(scratch), dpi=150)[0].read_bytes())
            written += [out / f"{name}.pdf", out / f"{name}.png"]
    for width in (80, 58):
        doc, _ = samples.receipts[f"receipt-{width}mm"]
        (out / f"receipt-{width}mm.bin").write_bytes(render_receipt_escpos(doc, width))
        written.append(out / f"receipt-{width}mm.bin")
    return written


def main(argv: list[str]) -> int:
    import os

    out = Path(argv[0]) if argv else ROOT / "docs" / "samples"
    with tempfile.TemporaryDirectory() as folder:
        os.environ["POS_KEY_DIR"] = str(Path(folder) / "keys")    # the throw-away store's QR secret
        samples = build(Path(folder))
        for path in write(samples, out):
            print(path)
        samples.ctx.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
