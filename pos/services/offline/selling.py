"""Selling from the journal while the central database cannot be reached.

The same pure rules as online (pos.loyalty.pricing, pos.loyalty.points) price the sale from the card
cache; earned points and growth are booked at sync. The offline limits (SPEC §13): redemption up to
`points.offline_redeem_cap` per member per day at this till (0: none offline), a coupon only if the
cache shows it unused, and no redemption that needs a manager PIN (PINs are not cached).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace

from pos import vocabulary
from pos.config import StoreConfig, parse_config
from pos.errors import BadInput, EnvironmentFault, NotFound, PermissionDenied, Refusal
from pos.loyalty.coupons import CouponState, CouponTerms
from pos.loyalty.points import is_birthday_month, is_member_day, needs_manager_pin, points_earned
from pos.loyalty.pricing import CartLine, PriceBreakdown, price_cart
from pos.services.members import qr as member_qr
from pos.services.members.phones import normalise_phone
from pos.services.offline.journal import Journal
from pos.services.sales.cart import LineInput
from pos.services.sales.checkout import CheckoutRequest, CheckoutResult, _sale_uuid, _settle
from pos.services.staff.accounts import StaffView

NOT_READY = ("This till has no offline card cache yet: it can sell offline only after one sync "
             "while the central database was reachable.")


@dataclass(frozen=True)
class OfflineCard:
    """A member card as the offline cache knows it (no phone number: the cache has none)."""

    member_id: int
    name: str
    tier_key: str
    tier_name: str
    points: int
    coupons: tuple[str, ...]
    stamps: int = 0         # the stamp card's balance as last synced (stamps earned offline are booked at sync)
    birth_month: int | None = None


def cached_config(journal: Journal, fallback: StoreConfig) -> StoreConfig:
    text = journal.meta("settings_toml")
    return parse_config(text, source="offline cache") if text else fallback


def member_card(journal: Journal, config: StoreConfig, now: datetime, *, phone: str | None = None,
                qr: str | None = None, member_id: int | None = None) -> OfflineCard:
    config = cached_config(journal, config)
    row = _member_row(journal, config, now, phone, qr, member_id)
    codes = tuple(code for (code,) in journal.conn.execute(
        "SELECT code FROM coupons WHERE member_id = ? AND used = 0 AND valid_to >= ? ORDER BY valid_to",
        (row[0], now.isoformat())))
    tier = config.tier(row[2])
    return OfflineCard(row[0], row[1], row[2], tier.name, row[3], codes, int(row[5] or 0), row[4])


def _member_row(journal: Journal, config: StoreConfig, now: datetime, phone: str | None, qr: str | None,
                member_id: int | None) -> tuple:
    columns = "SELECT member_id, name, tier_key, points, birth_month, stamps FROM members "
    if qr is not None:
        parsed = member_qr.parse_payload(qr)
        key = journal.conn.execute("SELECT created_at, retired_at FROM qr_keys WHERE kid = ?",
                                   (parsed.kid,)).fetchone()
        row_key = None if key is None else SimpleNamespace(
            secret_hex="", retired_at=datetime.fromisoformat(key[1]) if key[1] else None)
        member_id = member_qr.check_payload(parsed, row_key, now, config.security.qr_key_overlap_days)
    if member_id is not None:
        row = journal.conn.execute(columns + "WHERE member_id = ?", (member_id,)).fetchone()
    elif phone is not None:
        digest = journal.phone_hash(normalise_phone(phone, config.store.default_region))
        row = journal.conn.execute(columns + "WHERE phone_hash = ?", (digest,)).fetchone()
    else:
        raise BadInput("member_required", "give a phone number or a member QR")
    if row is None:
        raise NotFound("member_not_found", "This member is not in the till's offline card cache.")
    return tuple(row)


def sell(journal: Journal, config: StoreConfig, now: datetime, request: CheckoutRequest) -> CheckoutResult:
    """Books the sale into the journal (committed to disk before this returns) and returns it as checkout
    would; its receipt number is from this till's offline sequence (S01-2-261130-X0003)."""
    config = cached_config(journal, config)
    store, till = journal.meta("store_code"), journal.meta("till_number")
    if store is None or till is None:
        raise EnvironmentFault(vocabulary.DATABASE_UNAVAILABLE, NOT_READY)
    sale_id = _sale_uuid(request.sale_id)
    replay = journal.conn.execute("SELECT result FROM sales WHERE sale_id = ?", (sale_id,)).fetchone()
    if replay is not None:
        return _result_of(json.loads(replay[0]), replayed=True)
    with journal.transaction() as conn:
        member, tier, lines, coupon, priced = _priced(journal, conn, config, now, request)
        payments = _settle(list(request.payments), priced.total_due_fen)
        earned = 0
        if member is not None and tier is not None:
            earned = points_earned(priced.total_due_fen, tier, config.points,
                                   birthday_month=is_birthday_month(member[4], now.date()),
                                   member_day=is_member_day(config.points, now.date()))
        cursor = conn.execute(
            "INSERT INTO sales (sale_id, receipt_no, sold_at, day, member_id, redeem_points, coupon_code, "
            "request, result) VALUES (?, ?, ?, ?, ?, ?, ?, '', '')",
            (sale_id, "~" + sale_id, now.isoformat(), now.date().isoformat(), member[0] if member else None,
             priced.points_redeemed, coupon.code if coupon else None))
        sequence = int(cursor.lastrowid or 0)
        receipt_no = vocabulary.offline_receipt_no(now.date(), store, int(till), sequence)
        balance = member[3] - priced.points_redeemed if member else None
        result = {
            "sale_id": sale_id, "receipt_no": receipt_no, "created_at": now.isoformat(),
            "member_id": member[0] if member else None, "subtotal_fen": priced.subtotal_fen,
            "tier_discount_fen": priced.tier_discount_fen, "coupon_code": coupon.code if coupon else None,
            "coupon_discount_fen": priced.coupon_discount_fen, "points_redeemed": priced.points_redeemed,
            "points_value_fen": priced.points_value_fen, "total_due_fen": priced.total_due_fen,
            "points_earned": earned, "points_balance": balance, "tier": member[2] if member else None,
            "payments": [list(p) for p in payments], "cashier": _staff_name(conn, request.cashier_id)}
        pushed = {
            "lines": [{"sku": line.sku, "name": line.name, "price_fen": line.unit_price_fen, "qty": line.qty,
                       "discountable": line.discountable} for line in lines],
            "member_id": member[0] if member else None, "coupon_code": coupon.code if coupon else None,
            "redeem_points": priced.points_redeemed, "cashier_id": request.cashier_id,
            "payments": [{"method": p.method, "amount_fen": p.amount_fen} for p in request.payments],
            "tier_key": member[2] if member else None}
        conn.execute("UPDATE sales SET receipt_no = ?, request = ?, result = ? WHERE seq = ?",
                     (receipt_no, json.dumps(pushed), json.dumps(result), sequence))
        if member is not None and priced.points_redeemed:
            conn.execute("UPDATE members SET points = points - ? WHERE member_id = ?",
                         (priced.points_redeemed, member[0]))
        if coupon is not None:
            conn.execute("UPDATE coupons SET used = 1 WHERE code = ?", (coupon.code,))
    return _result_of(result)


def _priced(journal: Journal, conn, config: StoreConfig, now: datetime, request: CheckoutRequest) -> tuple:  # noqa: ANN001
    member = (_member_row(journal, config, now, request.member_phone, request.member_qr, request.member_id)
              if request.member_phone or request.member_qr or request.member_id is not None else None)
    tier = config.tier(member[2]) if member else None
    lines = [_line(conn, item) for item in request.lines]
    coupon = _coupon(conn, request.coupon_code, config) if request.coupon_code else None
    redeem = request.redeem_points
    if redeem:
        _check_cap(conn, config, member, redeem, now)
    priced = price_cart(lines, tier=tier, coupon=coupon, redeem_points=redeem,
                        points_balance=member[3] if member else 0, points_cfg=config.points, now=now,
                        member_id=member[0] if member else None, tiers=config.tiers)
    return member, tier, lines, coupon, priced


def quote(journal: Journal, config: StoreConfig, now: datetime, request: CheckoutRequest) -> PriceBreakdown:
    """The totals `sell` would book, nothing written: the till's live totals while offline."""
    config = cached_config(journal, config)
    return _priced(journal, journal.conn, config, now, request)[4]


def redeem_left(journal: Journal, config: StoreConfig, now: datetime, member_id: int) -> int:
    """The points this member may still redeem offline today at this till (the cap less what was redeemed)."""
    cap = cached_config(journal, config).points.offline_redeem_cap
    done = journal.conn.execute("SELECT coalesce(sum(redeem_points), 0) FROM sales WHERE member_id = ? AND day = ?",
                                (member_id, now.date().isoformat())).fetchone()[0]
    return max(0, cap - int(done))


def sign_in(journal: Journal, pin: str, code: str | None = None) -> StaffView:
    """A staff member who signed in at this till while it was online, by PIN (and code) against the
    keyed hash the journal keeps (selling.remember_staff); `pin_invalid` otherwise."""
    mac = journal.mac(f"pin:{pin}")
    rows = journal.conn.execute("SELECT staff_id, code, name, role, store_id FROM staff WHERE pin_mac = ?"
                                + (" AND code = ?" if code else ""), (mac, code) if code else (mac,)).fetchall()
    if len(rows) != 1:
        raise PermissionDenied("pin_invalid", "Wrong PIN (offline, only staff who signed in at this till "
                               "while it was online can sign in).")
    return StaffView(*rows[0])


def remember_staff(journal: Journal, staff: StaffView, pin: str, server_hash: str) -> None:
    """After an online sign-in at this till: the PIN's keyed hash, so this person can sign in offline.
    `server_hash` (the server's argon2 hash) is kept keyed too: the next cache refresh forgets the
    entry when it changed (a new PIN) or the person left."""
    with journal.transaction() as conn:
        conn.execute("DELETE FROM staff WHERE staff_id = ? OR pin_mac = ?", (staff.id, journal.mac(f"pin:{pin}")))
        conn.execute("INSERT INTO staff (staff_id, code, name, role, pin_mac, hash_mac, store_id) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (staff.id, staff.code, staff.name, staff.role, journal.mac(f"pin:{pin}"),
                      journal.mac(server_hash), staff.store_id))


def cached_product(journal: Journal, code: str) -> CartLine:
    """A scanned barcode or typed SKU from the cache; NotFound('sku_unknown') otherwise."""
    return _line(journal.conn, LineInput(sku=code))


def search_cached_products(journal: Journal, text: str, limit: int = 20) -> list[tuple[str, str | None, str, int, bool]]:
    """The cached catalogue by name or SKU (contains, any case) or exact barcode, by name: what F3 finds
    online, from the products cached at the last sync: (sku, barcode, name, price_fen, discountable)."""
    wanted = (text or "").strip()
    pattern = "%" + wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = journal.conn.execute(
        "SELECT sku, barcode, name, price_fen, discountable FROM products WHERE name LIKE ? ESCAPE '\\' "
        "OR sku LIKE ? ESCAPE '\\' OR barcode = ? ORDER BY name LIMIT ?", (pattern, pattern, wanted, limit))
    return [(sku, barcode, name, int(price), bool(discountable)) for sku, barcode, name, price, discountable in rows]


def cached_coupon(journal: Journal, config: StoreConfig, code: str) -> CouponState:
    """A coupon the cache shows unused; Refusal('offline_coupon_unknown') otherwise."""
    return _coupon(journal.conn, code, cached_config(journal, config))


def _staff_name(conn, staff_id: int | None) -> str:  # noqa: ANN001
    if staff_id is None:
        return ""
    row = conn.execute("SELECT name FROM staff WHERE staff_id = ?", (staff_id,)).fetchone()
    return row[0] if row else f"#{staff_id}"


def _line(conn, item: LineInput) -> CartLine:  # noqa: ANN001
    if item.sku is None:
        return CartLine(None, item.name or "", item.price_fen or 0, item.qty, item.discountable)
    code = item.sku.strip()
    row = conn.execute("SELECT sku, name, price_fen, discountable FROM products WHERE sku = ? OR barcode = ? "
                       "ORDER BY sku = ? DESC LIMIT 1", (code, code, code)).fetchone()
    if row is None:
        raise NotFound("sku_unknown", f"No product with SKU or barcode '{code}' in the offline cache.")
    return CartLine(row[0], row[1], int(row[2]), item.qty, bool(row[3]))


def _coupon(conn, code: str, config: StoreConfig) -> CouponState:  # noqa: ANN001
    row = conn.execute("SELECT code, member_id, kind, percent_bp, amount_fen, threshold_fen, cap_fen, valid_from, "
                       "valid_to, tier_key, segment, used FROM coupons WHERE code = ?",
                       (code.strip().upper(),)).fetchone()
    if row is None or row[11]:
        raise Refusal("offline_coupon_unknown", f"Coupon {code.strip().upper()} cannot be taken offline: the "
                      "till's cache does not show it unused. Take it when the till is back online.")
    value = Decimal(row[3] or 0) / Decimal(10000) if row[2] == "percent" else Decimal(row[4] or 0) / Decimal(100)
    return CouponState(code=row[0], terms=CouponTerms(kind=row[2], value=value, threshold_fen=row[5], cap_fen=row[6]),
                       valid_from=datetime.fromisoformat(row[7]), valid_to=datetime.fromisoformat(row[8]),
                       used=False, member_id=row[1], tier_key=row[9], segment=row[10])


def _check_cap(conn, config: StoreConfig, member: tuple | None, redeem: int, now: datetime) -> None:  # noqa: ANN001
    if member is None:
        return      # price_cart refuses it: member_required
    cap = config.points.offline_redeem_cap
    if needs_manager_pin(redeem, config.points):
        raise PermissionDenied("manager_pin_required",
                               f"Redeeming {redeem} points needs a manager PIN, which the till cannot check offline.")
    done = conn.execute("SELECT coalesce(sum(redeem_points), 0) FROM sales WHERE member_id = ? AND day = ?",
                        (member[0], now.date().isoformat())).fetchone()[0]
    if done + redeem > cap:
        left = max(0, cap - done)
        raise Refusal("offline_cap_exceeded",
                      f"Offline, a member may redeem at most {cap} points a day at this till "
                      f"({left} left today)." if cap else "Points cannot be redeemed while the till is offline.")


def _result_of(data: dict, replayed: bool = False) -> CheckoutResult:
    return CheckoutResult(
        sale_db_id=0, sale_id=data["sale_id"], receipt_no=data["receipt_no"],
        created_at=datetime.fromisoformat(data["created_at"]), member_id=data["member_id"],
        subtotal_fen=data["subtotal_fen"], tier_discount_fen=data["tier_discount_fen"],
        coupon_code=data["coupon_code"], coupon_discount_fen=data["coupon_discount_fen"],
        points_redeemed=data["points_redeemed"], points_value_fen=data["points_value_fen"],
        total_due_fen=data["total_due_fen"], points_earned=data["points_earned"],
        points_balance=data["points_balance"], tier_before=data["tier"], tier_after=data["tier"], growth=None,
        change_fen=sum(p[3] for p in data["payments"]), payments=tuple((p[0], p[1]) for p in data["payments"]),
        replayed=replayed)


def pushed_request(row_request: str, sale_id: str, receipt_no: str, sold_at: datetime) -> CheckoutRequest:
    """The journal's sale as the checkout request that books it centrally at sync."""
    from pos.services.sales.checkout import OfflineOrigin, PaymentInput

    data = json.loads(row_request)
    return CheckoutRequest(
        lines=[LineInput(sku=line["sku"], qty=line["qty"], name=line["name"], price_fen=line["price_fen"],
                         discountable=line["discountable"]) for line in data["lines"]],
        member_id=data["member_id"], coupon_code=data["coupon_code"], redeem_points=data["redeem_points"],
        payments=[PaymentInput(p["method"], p["amount_fen"]) for p in data["payments"]], sale_id=sale_id,
        cashier_id=data["cashier_id"], offline=OfflineOrigin(receipt_no, sold_at, data["tier_key"]))


__all__ = ["OfflineCard", "member_card", "sell", "quote", "redeem_left", "sign_in", "cached_product", "cached_coupon", "remember_staff", "pushed_request"]
