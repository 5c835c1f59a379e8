"""Hand-built documents for the renderers' tests (long receipts, long names, odd colours). They are
not what a store prints: docs/samples are real sales (tests/printing/real_samples.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from pos.printing.document import (
    CardDocument,
    CouponSheetDocument,
    CouponSheetItem,
    ReceiptDocument,
    ReceiptLine,
    ReceiptMember,
    ReceiptPayment,
    ReceiptStep,
)

FULL_PHONE = "13800138000"

MEMBER_SALE = ReceiptDocument(
    kind="sale", store_name="Demo Coffee 示范咖啡", store_address="88 Nanjing Road 上海市南京路88号",
    store_phone="021-5555-0188", header="Thank you 谢谢惠顾", footer="Keep this receipt 凭小票7天内可退换",
    receipt_no="R261122-000123", issued_at=datetime(2026, 11, 22, 10, 30), cashier="Li Na 李娜",
    lines=(ReceiptLine("Latte 拿铁", 2, 2800, 5600),
           ReceiptLine("Gift card 礼品卡", 1, 10000, 10000, "not discountable 不参与折扣")),
    steps=(ReceiptStep("Subtotal 小计", 15600), ReceiptStep("Tier discount 会员折扣 (Silver 银卡)", -280),
           ReceiptStep("Coupon 优惠券 C1234 (满100减15)", -1500), ReceiptStep("Points 积分抵扣 (200)", -200)),
    total_label="Amount due 应付", total_fen=13620, payments=(ReceiptPayment("Cash 现金", 20000),),
    change_fen=6380,
    member=ReceiptMember("138****8000", "张三", "Gold 金卡", "¥11,864.00 more to Diamond / 再消费¥11,864.00升级钻石卡",
                         points_earned=136, points_redeemed=200, points_balance=18832, points_expiring=300,
                         points_expiring_on=date(2026, 12, 31), tier_changed_to="Gold 金卡"),
    qr_url="https://example.com/group/vip", qr_text="Scan to join the VIP group 扫码加入VIP群")

NON_MEMBER_SALE = replace(
    MEMBER_SALE, member=None, steps=(ReceiptStep("Subtotal 小计", 15600),), total_fen=15600, change_fen=0,
    payments=(ReceiptPayment("WeChat Pay 微信支付", 15600),), receipt_no="R261122-000124",
    qr_url="https://example.com/join", qr_text="Scan to join our membership 扫码加入会员")

RETURN = replace(
    MEMBER_SALE, kind="return", receipt_no="T261122-000007", original_receipt_no="R261122-000123",
    steps=(ReceiptStep("Returned goods 退货金额", 2800), ReceiptStep("Discounts given back 扣回优惠", -140)),
    total_label="Refund 退款", total_fen=2660, payments=(ReceiptPayment("Cash 现金", 2660),), change_fen=0,
    lines=(ReceiptLine("Latte 拿铁", 1, 2800, 2800),), points_reversed=40, points_restored=100,
    member=replace(MEMBER_SALE.member, tier_changed_to=None, points_balance=18892))

LONG = replace(MEMBER_SALE, receipt_no="R261122-000200",
               lines=tuple(ReceiptLine(f"Item {i} 商品{i}", 1, 100 + i, 100 + i) for i in range(200)))

LONG_NAME_TEXT = "Organic single-origin Ethiopian Yirgacheffe pour-over coffee beans, 1 kg 有机咖啡豆子装"
assert len(LONG_NAME_TEXT) == 80
LONG_NAME = replace(MEMBER_SALE, lines=(ReceiptLine(LONG_NAME_TEXT, 1, 99000, 99000),
                                        ReceiptLine("x" * 80, 1, 990, 990)))

ALL_CHINESE = ReceiptDocument(
    kind="sale", store_name="示范咖啡旗舰店", store_address="上海市黄浦区南京东路八十八号", store_phone="021-55550188",
    header="谢谢惠顾，欢迎再次光临", footer="凭小票七天内可退换，感谢您的支持！", receipt_no="R261122-000888",
    issued_at=datetime(2026, 11, 22, 18, 5), cashier="李娜",
    lines=(ReceiptLine("焦糖玛奇朵（大杯，燕麦奶，少糖，加一份浓缩）", 3, 3600, 10800),
           ReceiptLine("提拉米苏蛋糕", 1, 3200, 3200, "不参与折扣")),
    steps=(ReceiptStep("小计", 14000), ReceiptStep("会员折扣（钻石卡 九折）", -1080), ReceiptStep("积分抵扣（1000分）", -1000)),
    total_label="应付金额", total_fen=11920, payments=(ReceiptPayment("支付宝", 11920),), change_fen=0,
    member=ReceiptMember("139****1234", "王小明", "钻石卡", "已是最高等级，感谢支持", points_earned=238,
                         points_redeemed=1000, points_balance=5210, points_expiring=0, points_expiring_on=None),
    qr_url="https://example.com/group/diamond", qr_text="扫码加入会员专属VIP群，领取更多福利")

RECEIPTS = {"member": MEMBER_SALE, "non_member": NON_MEMBER_SALE, "return": RETURN, "long": LONG,
            "long_name": LONG_NAME, "all_chinese": ALL_CHINESE}

CARD = CardDocument(store_name="Demo Coffee 示范咖啡", member_name="张三", phone_masked="138****8000",
                    tier_name="Gold 金卡", tier_color="#c9a227", member_no="000001",
                    qr_payload="M1.a1b2c3d4.1.1780000000.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ")

SHEET = CouponSheetDocument(store_name="Demo Coffee 示范咖啡", campaign_name="Win-back 回归礼", items=tuple(
    CouponSheetItem(f"CWB{i:07d}", "满100减15 · ¥15 off over ¥100", date(2026, 11, 22), date(2026, 12, 22),
                    "One per sale; not with other coupons. 每单限用一张，不与其他优惠同享。") for i in range(12)))
