"""Issue and inspect coupons. Codes are random, unambiguous and unique.

Issuing is for managers (a bearer cash coupon is money): `issue_coupons` checks the acting staff id
in its own unit of work. Coupons for a whole segment are a campaign (pos.services.campaigns).
This package imports nothing from pos.services.members (members import coupons, for the welcome
coupon at enrolment).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from pos.config import COUPON_KINDS, StoreConfig
from pos.db import direct
from pos.db.engine import dialect_insert
from pos.db.models import Coupon, Member, table_of
from pos.errors import BadInput, NotFound
from pos.loyalty.coupons import CouponTerms
from pos.money import parse_yuan
from pos.services.changes import Changes
from pos.services.context import AppContext
from pos.services.staff import audit
from pos.services.staff.roles import require_manager_id
from pos.vocabulary import new_coupon_code


@dataclass(frozen=True)
class CouponInfo:
    code: str
    status: str        # issued | used | expired | not_yet_valid | void
    kind: str
    title: str
    valid_from: datetime
    valid_to: datetime
    member_id: int | None
    used_sale_receipt: str | None = None


@dataclass(frozen=True)
class CouponsIssued:
    codes: list[str]
    changes: Changes


@dataclass(frozen=True)
class CouponSpec:
    kind: str
    amount_fen: int = 0
    percent_bp: int = 0
    threshold_fen: int = 0
    cap_fen: int | None = None
    valid_days: int = 30
    category: str = ""          # free_item: only an item of this product category

    def terms(self) -> CouponTerms:
        value = (Decimal(self.percent_bp) / 10000) if self.kind == "percent" else Decimal(self.amount_fen) / 100
        return CouponTerms(self.kind, value, self.threshold_fen, self.cap_fen, self.category)


def parse_spec(kind: str, value: str, threshold: str | None = None, cap: str | None = None,
               valid_days: int | None = None, *, default_days: int = 30) -> CouponSpec:
    """value: yuan for amount/cash ('15'), the cap for free_item ('25': one item free up to ¥25),
    percent off for percent ('15' = 15 % off = 85折)."""
    if kind not in COUPON_KINDS:
        raise BadInput("coupon_kind_invalid", f"coupon kind must be one of {', '.join(COUPON_KINDS)}")
    days = default_days if valid_days is None else valid_days
    if days < 1 or days > 3660:
        raise BadInput("valid_days_invalid", "valid days must be between 1 and 3660")
    threshold_fen = parse_yuan(threshold or "0", field="threshold")
    cap_fen = parse_yuan(cap, field="cap", allow_zero=False) if cap else None
    if kind == "percent":
        try:
            percent = Decimal(str(value))
        except ArithmeticError:
            percent = Decimal(-1)
        if not percent.is_finite() or not (0 < percent < 100) or percent != percent.quantize(Decimal("0.01")):
            raise BadInput("amount_invalid", f"percent off must be between 0 and 100, got '{value}'")
        return CouponSpec(kind, percent_bp=int(percent * 100), threshold_fen=threshold_fen,
                          cap_fen=cap_fen, valid_days=days)
    if cap:
        raise BadInput("cap_invalid", "a cap only applies to percent coupons")
    if kind == "cash" and threshold_fen:
        raise BadInput("threshold_invalid", "a cash coupon has no threshold (use kind 'amount')")
    amount = parse_yuan(value, field="coupon value", allow_zero=False)
    return CouponSpec(kind, amount_fen=amount, threshold_fen=threshold_fen, valid_days=days)


def new_code(session: Session, config: StoreConfig) -> str:
    while True:
        code = new_coupon_code(config.coupons.code_prefix, config.coupons.code_length)
        if session.scalar(select(func.count(Coupon.id)).where(Coupon.code == code)) == 0:
            return code


def add_coupon(session: Session, config: StoreConfig, spec: CouponSpec, now: datetime, *,
               member_id: int | None = None, segment: str | None = None, tier_key: str | None = None,
               campaign_id: int | None = None, reissued_from: int | None = None) -> Coupon:
    coupon = Coupon(code=new_code(session, config), kind=spec.kind, amount_fen=spec.amount_fen,
                    percent_bp=spec.percent_bp, threshold_fen=spec.threshold_fen, cap_fen=spec.cap_fen,
                    category=spec.category,
                    valid_from=now, valid_to=end_of_day(now + timedelta(days=spec.valid_days)),
                    member_id=member_id, segment=segment, tier_key=tier_key, campaign_id=campaign_id,
                    status="issued", issued_at=now, reissued_from=reissued_from)
    session.add(coupon)
    return coupon


@dataclass(frozen=True)
class Given:
    """A coupon written by `insert_coupon`: what its giver shows and records."""

    id: int
    code: str
    valid_from: datetime
    valid_to: datetime


def insert_coupon(session: Session, config: StoreConfig, spec: CouponSpec, now: datetime, member_id: int,
                  valid: tuple[datetime, datetime] | None = None) -> Given:
    """A member's coupon in one Core statement (the offers at checkout, #19), the same row as
    `add_coupon`'s: `INSERT ... ON CONFLICT (code) DO NOTHING RETURNING id`, drawing another code on the
    rare clash. Codes stay unique as with `new_code`'s check, in one round trip instead of two and
    without an ORM object and flush."""
    valid_from, valid_to = valid or (now, end_of_day(now + timedelta(days=spec.valid_days)))
    conn = session.connection()
    statement = _INSERT_NEW.get(conn.dialect.name)
    if statement is None:
        table = table_of(Coupon)
        statement = _INSERT_NEW[conn.dialect.name] = (
            dialect_insert(conn.dialect.name)(table).on_conflict_do_nothing(index_elements=["code"])
            .returning(table.c.id))
    row = {"kind": spec.kind, "amount_fen": spec.amount_fen, "percent_bp": spec.percent_bp,
           "threshold_fen": spec.threshold_fen, "cap_fen": spec.cap_fen, "category": spec.category,
           "valid_from": valid_from, "valid_to": valid_to, "member_id": member_id, "status": "issued",
           "issued_at": now}
    while True:
        code = new_coupon_code(config.coupons.code_prefix, config.coupons.code_length)
        coupon_id = direct.execute(conn, statement, {**row, "code": code}).scalar()
        if coupon_id is not None:
            return Given(int(coupon_id), code, valid_from, valid_to)


_INSERT_NEW: dict[str, Any] = {}


def end_of_day(moment: datetime) -> datetime:
    return moment.replace(hour=23, minute=59, second=59, microsecond=0)


def issue_welcome_coupon(session: Session, config: StoreConfig, member_id: int, now: datetime) -> str | None:
    c = config.coupons
    if not c.welcome_enabled:
        return None
    if c.welcome_kind == "percent":
        spec = CouponSpec("percent", percent_bp=int(c.welcome_value * 10000),
                          threshold_fen=c.welcome_threshold_fen, valid_days=c.welcome_valid_days)
    else:
        spec = CouponSpec(c.welcome_kind, amount_fen=int(c.welcome_value * 100),
                          threshold_fen=c.welcome_threshold_fen, valid_days=c.welcome_valid_days)
    coupon = add_coupon(session, config, spec, now, member_id=member_id)
    session.flush()
    return coupon.code


def issue_coupons(ctx: AppContext, actor_id: int, spec: CouponSpec, *, member_id: int | None = None,
                  count: int | None = None) -> CouponsIssued:
    """One coupon for a member, or `count` bearer coupons (default 1); managers only, audited."""
    now = ctx.clock()
    with ctx.write() as session:
        require_manager_id(session, actor_id, "Issuing coupons")
        codes = _add_coupons(session, ctx.config, spec, now, member_id, count)
        audit.record(session, now, "coupons_issued", staff_id=actor_id,
                     target=f"member {member_id}" if member_id is not None else "bearer", count=len(codes),
                     kind=spec.kind)
    return CouponsIssued(codes, Changes(members=frozenset({member_id}) if member_id is not None else frozenset(),
                                        coupons=True))


def bearer_count(count: int | None) -> int:
    """How many bearer coupons to issue (default 1); refused outside 1..10000."""
    n = 1 if count is None else count
    if not 1 <= n <= 10000:
        raise BadInput("count_invalid", "count must be between 1 and 10000")
    return n


def issue(ctx: AppContext, spec: CouponSpec, *, member_id: int | None = None, count: int | None = None) -> list[str]:
    """No permission check and no audit: seeds the demo store, benchmarks and tests (like
    accounts.create_staff). The CLI and the console issue through issue_coupons."""
    with ctx.write() as session:
        return _add_coupons(session, ctx.config, spec, ctx.clock(), member_id, count)


def _add_coupons(session: Session, config: StoreConfig, spec: CouponSpec, now: datetime, member_id: int | None,
                 count: int | None) -> list[str]:
    if member_id is not None:
        member = session.get(Member, member_id)
        if member is None or member.erased_at is not None:
            raise NotFound("member_not_found", f"No member with id {member_id}.")
        codes = [add_coupon(session, config, spec, now, member_id=member_id).code]
    else:
        codes = [add_coupon(session, config, spec, now).code for _ in range(bearer_count(count))]
    session.flush()
    return codes


def show(ctx: AppContext, code: str) -> CouponInfo:
    from pos.db.models import CouponRedemption, Sale

    now = ctx.clock()
    with ctx.read() as session:
        coupon = find_coupon(session, code)
        receipt = session.scalar(select(Sale.receipt_no).join(CouponRedemption, CouponRedemption.sale_id == Sale.id)
                                 .where(CouponRedemption.coupon_id == coupon.id))
        status = coupon.status
        if status == "issued" and now > coupon.valid_to:
            status = "expired"
        elif status == "issued" and now < coupon.valid_from:
            status = "not_yet_valid"
        return CouponInfo(coupon.code, status, coupon.kind, _terms_title(coupon), coupon.valid_from,
                          coupon.valid_to, coupon.member_id, receipt)


def _terms_title(coupon: Coupon) -> str:
    spec = CouponSpec(coupon.kind, coupon.amount_fen, coupon.percent_bp, coupon.threshold_fen, coupon.cap_fen,
                      category=coupon.category or "")
    return spec.terms().describe("en")


def normalise_code(code: str) -> str:
    text = (code or "").strip().upper()
    if not text or len(text) > 40 or not text.isalnum():
        raise NotFound("coupon_unknown", f"'{code}' is not a coupon code of this store.")
    return text


# built once, with a bind parameter (building the query and its cache key per call cost a fifth of the
# read, #19)
_BY_CODE = select(Coupon).where(Coupon.code == bindparam("code"))


@dataclass(frozen=True)
class SaleCoupon:
    """A coupon as a sale reads it (checkout's pricing and use): its columns as one Core row, not an ORM
    object (#19, as members.lookup.SaleMember: a third of the CPU of the ORM read on PostgreSQL)."""

    id: int
    code: str
    kind: str
    amount_fen: int
    percent_bp: int
    threshold_fen: int
    cap_fen: int | None
    category: str
    valid_from: datetime
    valid_to: datetime
    member_id: int | None
    tier_key: str | None
    segment: str | None
    status: str
    issued_at: datetime


_SALE_COLUMNS = tuple(table_of(Coupon).c[name] for name in SaleCoupon.__dataclass_fields__)
_SALE_BY_CODE = {False: select(*_SALE_COLUMNS).where(Coupon.code == bindparam("code"))}
_SALE_BY_CODE[True] = _SALE_BY_CODE[False].with_for_update()


def find_sale_coupon(session: Session, code: str, *, for_update: bool = False) -> SaleCoupon:
    """find_coupon's rule, the coupon as a sale reads it."""
    row = direct.execute(session.connection(), _SALE_BY_CODE[for_update], {"code": normalise_code(code)}).first()
    if row is None:
        raise NotFound("coupon_unknown", f"'{code}' is not a coupon code of this store.")
    return SaleCoupon(*row)


def find_coupon(session: Session, code: str) -> Coupon:
    coupon = session.scalars(_BY_CODE, {"code": normalise_code(code)}).first()
    if coupon is None:
        raise NotFound("coupon_unknown", f"'{code}' is not a coupon code of this store.")
    return coupon
