"""Read-only look-ups for the till: product search, redemption limit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from pos.db.models import Product
from pos.loyalty.points import max_redeemable
from pos.services.context import AppContext


@dataclass(frozen=True)
class ProductView:
    sku: str
    barcode: str | None
    name: str
    price_fen: int
    discountable: bool


def search_products(ctx: AppContext, text: str, limit: int = 20) -> list[ProductView]:
    pattern = f"%{(text or '').strip()}%"
    with ctx.read() as session:
        rows = session.scalars(select(Product).where(Product.active.is_(True), or_(
            Product.name.ilike(pattern), Product.sku.ilike(pattern), Product.barcode == (text or "").strip()))
            .order_by(Product.name).limit(limit))
        return [ProductView(p.sku, p.barcode, p.name, p.price_fen, p.discountable) for p in rows]


def redeem_limit(ctx: AppContext, due_after_coupon_fen: int, balance: int) -> int:
    """The most points this sale may take (steps, minimum and the share-of-due cap)."""
    return max_redeemable(due_after_coupon_fen, balance, ctx.config.points)


def product_by_code(ctx: AppContext, code: str) -> ProductView:
    """A scanned barcode or typed SKU; NotFound('sku_unknown') otherwise."""
    from pos.services.sales.cart import find_product

    with ctx.read() as session:
        p = find_product(session, code)
        return ProductView(p.sku, p.barcode, p.name, p.price_fen, p.discountable)
