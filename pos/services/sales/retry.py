"""Is a request under a sale id already booked the same sale (a retry), or another cart?

A till retries a sale with the sale id it chose (a double click, a timeout), and that retry is
answered with the booked sale. A different cart under the same id is a mistake (or a replayed id)
and must be refused, not answered with the first sale. The request is compared with what the sale
stored, as the request means it rather than as it was spelt: the member (by phone in any format, QR
or id), each line in order (a catalogue item by SKU or barcode and its quantity: its price and name
come from the catalogue, which may have changed since; an open item by name, price, quantity and
discountable), the coupon code, the points redeemed and the payments (in any order). No fingerprint
is stored: the sale's own rows are the record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import RowMapping, select
from sqlalchemy.orm import Session

from pos.db.models import Product, SaleLine
from pos.errors import PosError, Refusal
from pos.services.context import AppContext
from pos.services.coupons.issue import normalise_code
from pos.services.members.lookup import find_member

if TYPE_CHECKING:
    from pos.services.sales.checkout import CheckoutRequest, PaymentInput

Settle = Callable[[list["PaymentInput"], int], list[tuple[str, int, int, int]]]


def check_same_sale(session: Session, ctx: AppContext, sale: RowMapping, coupon_code: str | None,
                    payments: Sequence[tuple[Any, ...]], request: CheckoutRequest, settle: Settle) -> None:
    """Refuses (`sale_id_conflict`) a request that is not the booked sale again."""
    if not _same(session, ctx, sale, coupon_code, payments, request, settle):
        raise Refusal("sale_id_conflict", f"Sale id {sale['sale_uuid']} was already booked as receipt "
                      f"{sale['receipt_no']} with other lines, member, coupon, points or payments; a new sale "
                      "needs a new sale id.")


def _same(session: Session, ctx: AppContext, sale: RowMapping, coupon_code: str | None,
          payments: Sequence[tuple[Any, ...]], request: CheckoutRequest, settle: Settle) -> bool:
    if request.redeem_points != sale["points_redeemed"]:
        return False
    if _coupon(request.coupon_code) != coupon_code:
        return False
    if _member_id(session, ctx, request) != sale["member_id"]:
        return False
    try:
        settled = settle(request.payments, sale["total_fen"])
    except PosError:
        return False
    if sorted(settled) != sorted(tuple(p) for p in payments):
        return False
    return _same_lines(session, sale["id"], request)


def _coupon(code: str | None) -> str | None:
    try:
        return normalise_code(code) if code else None
    except PosError:
        return "?"                     # not a code: not the sale's coupon


def _member_id(session: Session, ctx: AppContext, request: CheckoutRequest) -> int | None:
    if request.member_id is not None:
        return request.member_id
    if request.member_phone is None and request.member_qr is None:
        return None
    try:
        return find_member(session, ctx, phone=request.member_phone, qr=request.member_qr).id
    except PosError:
        return -1                      # names nobody: not the sale's member


def _same_lines(session: Session, sale_db_id: int, request: CheckoutRequest) -> bool:
    stored = session.execute(select(SaleLine.sku, SaleLine.name, SaleLine.unit_price_fen, SaleLine.qty,
                                    SaleLine.discountable).where(SaleLine.sale_id == sale_db_id)
                             .order_by(SaleLine.line_no)).all()
    if len(stored) != len(request.lines):
        return False
    skus = [row.sku for row in stored if row.sku is not None]
    barcodes = {sku: code for sku, code in session.execute(select(Product.sku, Product.barcode)
                                                           .where(Product.sku.in_(skus)))} if skus else {}
    for row, item in zip(stored, request.lines):
        if item.sku is None:
            if (row.sku, row.name, row.unit_price_fen, row.qty, row.discountable) != (
                    None, item.name or "", item.price_fen or 0, item.qty, item.discountable):   # as booked
                return False
        elif row.sku is None or item.qty != row.qty or item.sku.strip() not in (row.sku, barcodes.get(row.sku)):
            return False
    return True
