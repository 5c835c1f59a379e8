"""Cart input: line specs from the CLI/UI, resolved against the product catalogue."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ARRAY, Select, String, bindparam, cast, func, or_, select
from sqlalchemy.orm import Session

from pos.db import direct
from pos.db.models import Product
from pos.errors import BadInput, NotFound
from pos.loyalty.pricing import CartLine
from pos.money import parse_yuan

MAX_QTY = 9999
MAX_NAME = 200      # sale_lines.name


@dataclass(frozen=True)
class LineInput:
    """Either a catalogue item (sku = SKU or barcode) or an open item (name + price); a SKU with a name
    and price is a catalogue item as an offline till sold it (pos.services.offline), kept at that price."""

    sku: str | None = None
    qty: int = 1
    name: str | None = None
    price_fen: int | None = None
    discountable: bool = True


def parse_qty(text: str) -> int:
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_QTY:   # not '²'
        raise BadInput("quantity_invalid", f"quantity '{text}' must be a whole number from 1 to {MAX_QTY}")
    return int(text)


def parse_line_spec(spec: str) -> LineInput:
    """`SKU[:QTY]` or `name=TEXT,price=AMOUNT[,qty=N][,discountable=no]`."""
    spec = (spec or "").strip()
    if not spec:
        raise BadInput("line_invalid", "an empty line spec")
    if "=" not in spec:
        sku, _, qty = spec.partition(":")
        if not sku.strip():
            raise BadInput("line_invalid", f"line '{spec}' has no SKU")
        return LineInput(sku=sku.strip(), qty=parse_qty(qty) if qty else 1)
    fields: dict[str, str] = {}
    for part in spec.split(","):
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not sep or key not in ("name", "price", "qty", "discountable") or key in fields:
            raise BadInput("line_invalid", f"line '{spec}': expected name=TEXT,price=AMOUNT[,qty=N]"
                           "[,discountable=no]")
        fields[key] = value.strip()
    if not fields.get("name") or "price" not in fields:
        raise BadInput("line_invalid", f"line '{spec}' needs both name= and price=")
    flag = fields.get("discountable", "yes").lower()
    if flag not in ("yes", "no", "true", "false", "1", "0"):
        raise BadInput("line_invalid", f"line '{spec}': discountable must be yes or no")
    return LineInput(name=_open_item_name(fields["name"]), price_fen=parse_yuan(fields["price"], field="price"),
                     qty=parse_qty(fields.get("qty", "1")), discountable=flag in ("yes", "true", "1"))


def _open_item_name(name: str) -> str:
    """Refused when too long for the receipt line (it was once cut to fit, without a word)."""
    if len(name) > MAX_NAME:
        raise BadInput("name_invalid", f"an open item's name has {len(name)} characters; at most {MAX_NAME}")
    return name


def resolve_lines(session: Session, inputs: list[LineInput]) -> list[CartLine]:
    """The catalogue lines of the whole cart in one statement (a code is a SKU, else a barcode)."""
    if not inputs:
        raise BadInput("cart_empty", "a sale needs at least one line")
    # a line sold offline carries its price: only the others are looked up (a pushed sale: none, #19)
    codes = list(dict.fromkeys(item.sku.strip() for item in inputs if item.sku is not None and item.price_fen is None))
    by_sku: dict[str, tuple] = {}
    by_barcode: dict[str, tuple] = {}
    if codes:
        conn = session.connection()
        for row in direct.execute(conn, _products_statement(conn.dialect.name), {"codes": codes}):
            by_sku[row[0]] = row
            if row[1] is not None:
                by_barcode[row[1]] = row
    lines = []
    for item in inputs:
        if item.sku is None:
            lines.append(CartLine(None, _open_item_name(item.name or ""), item.price_fen or 0, item.qty,
                                  item.discountable))
            continue
        if item.price_fen is not None:   # a catalogue line as an offline till sold it (#17): its price then
            lines.append(CartLine(item.sku.strip(), item.name or "", item.price_fen, item.qty, item.discountable))
            continue
        code = item.sku.strip()
        product = by_sku.get(code) or by_barcode.get(code)
        if product is None:
            raise _unknown(code)
        lines.append(CartLine(product[0], product[2], product[3], item.qty, product[4], product[5] or ""))
    return lines


# built once: every cart line runs it (construction and cache key cost more than the query)
_PRODUCT = select(Product).where(or_(Product.sku == bindparam("code"), Product.barcode == bindparam("code")),
                                 Product.active.is_(True))
_TABLE = Product.__table__


@functools.cache
def _products_statement(dialect: str) -> Select[Any]:
    """The cart's products by code. PostgreSQL: `= any(CAST(:codes AS VARCHAR[]))`, one text whatever the
    cart's size (one server-prepared statement, and pos.db.direct's path: an expanding IN list is
    rendered anew per size by SQLAlchemy); SQLite has no arrays: an IN list."""
    codes: Any
    if dialect == "postgresql":
        codes = func.any(cast(bindparam("codes"), ARRAY(String)))
        by_code = or_(_TABLE.c.sku == codes, _TABLE.c.barcode == codes)
    else:
        codes = bindparam("codes", expanding=True)
        by_code = or_(_TABLE.c.sku.in_(codes), _TABLE.c.barcode.in_(codes))
    return select(_TABLE.c.sku, _TABLE.c.barcode, _TABLE.c.name, _TABLE.c.price_fen, _TABLE.c.discountable,
                  _TABLE.c.category).where(by_code, _TABLE.c.active.is_(True))


def find_product(session: Session, code: str) -> Product:
    code = code.strip()
    product = session.scalars(_PRODUCT, {"code": code}).first()
    if product is None:
        raise _unknown(code)
    return product


def _unknown(code: str) -> NotFound:
    return NotFound("sku_unknown", f"No product with SKU or barcode '{code}'.")
