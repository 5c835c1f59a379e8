"""A believable demo store: products with barcodes, members across all tiers, months of sales.

Sales go through the real checkout service (with the clock moved to each sale's time),
so every ledger, lot, coupon and tier row is exactly what the till would have written.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select

from pos.clock import fixed_clock
from pos.db.models import Product
from pos.services.admin.chain_demo import add_demo_stores
from pos.services.context import AppContext
from pos.services.coupons.issue import issue, parse_spec
from pos.services.members.lookup import enrol, lookup
from pos.services.offers.catalogue import RewardInput, save_reward, set_stock
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from pos.services.segments.rfm import compute_segments
from pos.services.staff.accounts import create_staff
from pos.services.stores.chain import store_id_of

DEMO_CASHIER = ("C01", "Li Na 李娜", "cashier", "1234")
DEMO_MANAGER = ("M01", "Wang Wei 王伟", "manager", "8888")
DEMO_GOLD_PHONE = "13800138000"
DEMO_SILVER_PHONE = "13900139000"
DEMO_DIAMOND_PHONE = "13700137000"

PRODUCTS = [
    ("LAT01", "6901234567892", "Latte 拿铁", 2800, True), ("AME01", "6901234567893", "Americano 美式", 2200, True),
    ("CAP01", "6901234567894", "Cappuccino 卡布奇诺", 2800, True),
    ("MOC01", "6901234567895", "Mocha 摩卡", 3200, True), ("TEA01", "6901234567896", "Jasmine tea 茉莉花茶", 1800, True),
    ("CRO01", "6901234567897", "Croissant 可颂", 1600, True), ("CAK01", "6901234567898", "Cheesecake 芝士蛋糕", 3800, True),
    ("SAN01", "6901234567899", "Club sandwich 总汇三明治", 4200, True),
    ("BEA01", "6901234567900", "Coffee beans 1kg 咖啡豆", 16800, True),
    ("MUG01", "6901234567901", "Ceramic mug 陶瓷杯", 8800, True),
    ("GFT01", "6901234567902", "Gift hamper 礼盒", 88800, True),
    ("CRD01", "6901234567903", "Gift card ¥100 礼品卡", 10000, False),
    ("WAT01", "6901234567904", "Mineral water 矿泉水", 500, False),
    ("DRP01", "6901234567905", "Drip bag x10 挂耳咖啡", 5900, True),
    ("MAC01", "6901234567906", "Macaron box 马卡龙", 6800, True),
]
COFFEES = {"LAT01", "AME01", "CAP01", "MOC01"}     # on the coffee stamp card ([stamps] category)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平"]
TARGET_SPEND = [(0.45, 300, 1900), (0.27, 2100, 7500), (0.18, 8200, 19000), (0.10, 20500, 32000)]
# how often a demo customer pays each way (WeChat twice as often); keys of pos.vocabulary's methods
PAYMENT_MIX = ("cash", "card", "wechat", "wechat", "alipay")


def create_demo(ctx: AppContext, members: int = 300, months: int = 8, seed: int = 42) -> dict[str, int]:
    rng = random.Random(seed)
    now = ctx.clock()
    cashier = create_staff(ctx, *DEMO_CASHIER)
    manager = create_staff(ctx, *DEMO_MANAGER)
    _add_products(ctx)
    tills = add_demo_stores(ctx)       # two stores, three tills: each member shops at one of them
    _add_rewards(ctx, manager.id)
    at_till = random.Random(seed + 1)  # its own draws: the demo's members and sales stay as they were
    start = now - timedelta(days=30 * months)
    phones = [DEMO_GOLD_PHONE, DEMO_SILVER_PHONE, DEMO_DIAMOND_PHONE] + _phones(rng, members - 3)
    targets = [12000, 4000, 24000] + [_target(rng) for _ in phones[3:]]
    sales = 0
    for phone, target in zip(phones, targets, strict=True):
        enrolled = start + timedelta(days=rng.randint(0, 30 * months - 20), hours=rng.randint(9, 18))
        home = replace(ctx, till=at_till.choice(tills))
        at_enrol = replace(home, clock=fixed_clock(enrolled))
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        birthday = f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.7 else None
        member_id = enrol(at_enrol, phone, name=name, birthday=birthday, consent=rng.random() < 0.8,
                          staff_id=cashier.id).member.member_id
        sales += _sales_for(home, rng, member_id, enrolled, now, target, cashier.id)
    for _ in range(members // 2):   # walk-in customers
        when = start + timedelta(days=rng.randint(0, 30 * months - 1), hours=rng.randint(8, 20))
        _sell(replace(ctx, clock=fixed_clock(when), till=at_till.choice(tills)), rng, None, cashier.id, 8000)
        sales += 1
    _current_coupons(ctx)
    compute_segments(ctx)
    return {"members": len(phones), "sales": sales, "products": len(PRODUCTS)}


def _current_coupons(ctx: AppContext) -> None:
    """Coupons the demo members can use today: 满100减15, 9折 (max ¥30) and a bearer batch."""
    for phone in (DEMO_GOLD_PHONE, DEMO_SILVER_PHONE, DEMO_DIAMOND_PHONE):
        member_id = lookup(ctx, phone=phone).member_id
        issue(ctx, parse_spec("amount", "15", threshold="100", valid_days=30), member_id=member_id)
        issue(ctx, parse_spec("percent", "10", cap="30", valid_days=14), member_id=member_id)
    issue(ctx, parse_spec("cash", "5", valid_days=60), count=20)


def _add_products(ctx: AppContext) -> None:
    with ctx.write() as session:
        existing = set(session.scalars(select(Product.sku)))
        for sku, barcode, name, price, discountable in PRODUCTS:
            if sku not in existing:
                session.add(Product(sku=sku, barcode=barcode, name=name, price_fen=price,
                                    discountable=discountable, active=True,
                                    category=ctx.config.stamps.category if sku in COFFEES else ""))


def _add_rewards(ctx: AppContext, manager_id: int) -> None:
    """The points catalogue of SPEC §10: 500 points for a ¥5 coupon, 2,000 for a mug; each store its stock."""
    save_reward(ctx, manager_id, RewardInput("C5", "¥5 coupon", 500, kind="coupon", name_zh="5元优惠券",
                                             coupon=parse_spec("cash", "5"), stock=100))
    save_reward(ctx, manager_id, RewardInput("MUG", "Ceramic mug", 2000, kind="gift", name_zh="陶瓷杯",
                                             sku="MUG01", stock=10))
    s02 = store_id_of(ctx, "S02")
    set_stock(ctx, manager_id, "C5", 60, store_id=s02)
    set_stock(ctx, manager_id, "MUG", 4, store_id=s02)


def _phones(rng: random.Random, count: int) -> list[str]:
    prefixes = ["130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "158", "186", "188"]
    seen: set[str] = {DEMO_GOLD_PHONE, DEMO_SILVER_PHONE, DEMO_DIAMOND_PHONE}
    while len(seen) < count + 3:
        seen.add(rng.choice(prefixes) + f"{rng.randint(0, 99999999):08d}")
    return sorted(seen - {DEMO_GOLD_PHONE, DEMO_SILVER_PHONE, DEMO_DIAMOND_PHONE})


def _target(rng: random.Random) -> int:
    roll, acc = rng.random(), 0.0
    for share, low, high in TARGET_SPEND:
        acc += share
        if roll <= acc:
            return rng.randint(low, high)
    return TARGET_SPEND[-1][2]


def _sales_for(ctx: AppContext, rng: random.Random, member_id: int, enrolled: datetime, now: datetime,
               target_yuan: int, cashier_id: int) -> int:
    spent, count = 0, 0
    span = max(1, int((now - enrolled).total_seconds() // 3600) - 1)
    while spent < target_yuan * 100 and count < 60:
        when = enrolled + timedelta(hours=rng.randint(1, span))
        budget = target_yuan * 100 - spent
        spent += _sell(replace(ctx, clock=fixed_clock(when)), rng, member_id, cashier_id, budget)
        count += 1
    return count


def _sell(ctx: AppContext, rng: random.Random, member_id: int | None, cashier_id: int, budget: int) -> int:
    big = budget > 300000 and rng.random() < 0.6
    lines = [LineInput(sku="GFT01", qty=rng.randint(1, 3))] if big else [
        LineInput(sku=rng.choice(PRODUCTS)[0], qty=rng.randint(1, 3)) for _ in range(rng.randint(1, 4))]
    method = rng.choice(PAYMENT_MIX)
    result = co.checkout(ctx, co.CheckoutRequest(lines=lines, member_id=member_id, cashier_id=cashier_id,
                                                 payments=[co.PaymentInput(method)]))
    return result.total_due_fen
