"""What a receipt says, in order, as neutral sections that every renderer lays out its own way."""

from __future__ import annotations

from pos.printing.document import ReceiptDocument

Section = tuple


def money(fen: int, symbol: str) -> str:
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{symbol}{fen // 100:,}.{fen % 100:02d}"


def receipt_sections(doc: ReceiptDocument) -> list[Section]:
    return [*_head(doc), *_lines(doc), *_totals(doc), *_member(doc), *_due_soon(doc), *_offers(doc), *_codes(doc)]


def _head(doc: ReceiptDocument) -> list[Section]:
    rows: list[Section] = [("title", doc.store_name)]
    rows += [("center", text) for text in (doc.store_address, f"Tel 电话 {doc.store_phone}" if doc.store_phone
                                           else "", doc.header) if text]
    rows.append(("rule",))
    if doc.kind == "return":
        rows.append(("strong", "RETURN 退货单"))
        rows.append(("pair", "Return no 退货单号", doc.receipt_no))
        rows.append(("pair", "Original 原小票", doc.original_receipt_no or "-"))
    else:
        rows.append(("pair", "Receipt 小票号", doc.receipt_no))
    rows.append(("pair", "Time 时间", f"{doc.issued_at:%Y-%m-%d %H:%M}"))
    rows.append(("pair", "Cashier 收银员", doc.cashier))
    rows.append(("rule",))
    return rows


def _lines(doc: ReceiptDocument) -> list[Section]:
    rows: list[Section] = []
    for line in doc.lines:
        rows.append(("text", line.name))
        rows.append(("pair", f"  {line.qty} × {money(line.unit_price_fen, doc.currency_symbol)}",
                     money(line.amount_fen, doc.currency_symbol)))
        if line.note:
            rows.append(("text", f"  ({line.note})"))
    rows.append(("rule",))
    return rows


def _totals(doc: ReceiptDocument) -> list[Section]:
    symbol = doc.currency_symbol
    rows: list[Section] = [("pair", step.label, money(step.amount_fen, symbol)) for step in doc.steps]
    rows.append(("total", doc.total_label, money(doc.total_fen, symbol)))
    rows += [("pair", f"Paid 支付 {p.method}", money(p.amount_fen, symbol)) for p in doc.payments]
    if doc.change_fen:
        rows.append(("pair", "Change 找零", money(doc.change_fen, symbol)))
    rows.append(("rule",))
    return rows


def _member(doc: ReceiptDocument) -> list[Section]:
    m = doc.member
    if m is None:
        return []
    rows: list[Section] = [("pair", "Member 会员", f"{m.name} {m.phone_masked}".strip()),
                           ("pair", "Tier 等级", m.tier_name)]
    if m.tier_changed_to:
        rows.append(("strong", f"Upgraded to {m.tier_changed_to}! 恭喜升级！"))
    rows.append(("text", m.progress_text))
    if doc.kind == "return":
        rows.append(("pair", "Points reversed 扣回积分", f"-{doc.points_reversed}"))
        rows.append(("pair", "Points restored 退回积分", f"+{doc.points_restored}"))
    else:
        rows.append(("pair", "Points earned 本次积分", f"+{m.points_earned}"))
        if m.points_redeemed:
            rows.append(("pair", "Points redeemed 积分抵扣", f"-{m.points_redeemed}"))
    rows.append(("pair", "Points balance 积分余额", f"{m.points_balance}"))
    if m.points_expiring:
        when = f" {m.points_expiring_on:%Y-%m-%d}" if m.points_expiring_on else ""
        rows.append(("pair", f"Expiring soon 即将过期{when}", f"{m.points_expiring}"))
    rows += [("pair", name, progress) for name, progress in doc.stamps]
    rows.append(("rule",))
    return rows


def due_in_text(days: int) -> str:
    if days <= 0:
        return "due now 该补货了"
    return "tomorrow 明天" if days == 1 else f"in {days} days {days}天后"


def _due_soon(doc: ReceiptDocument) -> list[Section]:
    """补货提醒: consumables the member will need again soon ("Detergent 洗衣液 — in 3 days")."""
    if not doc.due_soon:
        return []
    rows: list[Section] = [("text", "Due soon 补货提醒")]
    rows += [("pair", f"  {item.product}", due_in_text(item.due_in_days)) for item in doc.due_soon]
    rows.append(("rule",))
    return rows


def _offers(doc: ReceiptDocument) -> list[Section]:
    """What the offers gave (a next-visit coupon with its own QR and validity), and the member's referral QR."""
    rows: list[Section] = []
    for offer in doc.offers:
        rows += [("strong", offer.title), ("center", offer.reason)]
        if offer.code:
            rows += [("small_qr", offer.code), ("center", f"Coupon 券号 {offer.code}")]
        if offer.valid_from and offer.valid_to:
            rows.append(("center", f"Valid 有效期 {offer.valid_from:%Y-%m-%d} – {offer.valid_to:%Y-%m-%d}"))
        rows.append(("rule",))
    if doc.referral_qr:
        rows += [("small_qr", doc.referral_qr),
                 ("center", f"Invite a friend 邀请好友 · code 推荐码 {doc.referral_code}"), ("rule",)]
    return rows


def _codes(doc: ReceiptDocument) -> list[Section]:
    rows: list[Section] = []
    if doc.qr_url:
        rows += [("qr", doc.qr_url)] + ([("strong", doc.qr_text)] if doc.qr_text else [])
    rows += [("space",), ("small_qr", doc.receipt_no), ("center", f"{doc.receipt_no} · scan for returns 退货扫码")]
    if doc.footer:
        rows += [("space",), ("center", doc.footer)]
    return rows
