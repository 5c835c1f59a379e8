"""SQLAlchemy 2 typed models. Money is integer fen; points are integers.

Times are naive datetimes in the store's local time, read from the injected clock.
Nothing is created at import time: the schema comes from Alembic migrations.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def table_of(model: type[Base]) -> Table:
    """The model's Core table, typed as one (for the Core statements of the measured hot paths)."""
    return cast(Table, model.__table__)


# Which store and till wrote a row: the unit of work puts them on its connection
# (pos.services.context), and the column default reads them there, so every INSERT (ORM or Core)
# of a sale, return, payment, coupon use, ledger or audit entry records them without each use case
# passing them along. None outside a unit of work that knows its till (bulk loads set them).
HERE_STORE, HERE_TILL = "pos_store_id", "pos_till_id"


def _here(key: str):
    def default(context) -> int | None:
        return context.connection.info.get(key)
    return default


def store_column() -> Mapped[int | None]:
    return mapped_column(ForeignKey("stores.id"), default=_here(HERE_STORE))


def till_column() -> Mapped[int | None]:
    return mapped_column(ForeignKey("tills.id"), default=_here(HERE_TILL))


class Store(Base):
    """A shop of the chain. The printed and shown details here override the chain's settings
    ([store], [receipt], tiers' group links, [printer]) for the tills of this store; None or ""
    means "as the chain's settings say"."""

    __tablename__ = "stores"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)          # S01: in receipt numbers
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    receipt_header: Mapped[str | None] = mapped_column(Text)
    receipt_footer: Mapped[str | None] = mapped_column(Text)
    group_urls: Mapped[str | None] = mapped_column(Text)     # JSON {tier key: join-group link}
    printer_kind: Mapped[str | None] = mapped_column(String(32))
    printer_target: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Till(Base):
    """A till registered to one store; its counters number its receipts and returns
    (pos.services.stores.numbering: one UPDATE of this row in the booking transaction)."""

    __tablename__ = "tills"
    __table_args__ = (UniqueConstraint("store_id", "number", name="uq_tills_store_number"),
                      CheckConstraint("number > 0", name="number_positive"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100), default="")
    last_receipt_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_return_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Meta(Base):
    """Key/value facts about this database (created_at, chain id...)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class QrKey(Base):
    """Per-database HMAC secrets for member QR payloads; `kid` allows rotation."""

    __tablename__ = "qr_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kid: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hex: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)


class Staff(Base):
    __tablename__ = "staff"
    __table_args__ = (CheckConstraint("role IN ('cashier', 'manager')", name="role"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str] = mapped_column(String(200))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # a manager with a store manages that store; without one, the chain (chain administrator)
    store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id"))


class TillPinFailures(Base):
    """Wrong PINs typed at one till: a PIN given without a staff code cannot be pinned on one staff
    member, so the back-off and the lock-out count them per till."""

    __tablename__ = "till_pin_failures"
    till_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column(DateTime)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)


# Member-list sort keys -> indexed columns; each index ends in id (the keyset tie-breaker) and
# erased_at, and is partial (erased members are never listed): with the column of its own WHERE in
# it SQLite reads it as a covering index, so list pages and OFFSET walks read the index alone.
LIST_INDEXES = {
    "phone": ("phone",), "name": ("name",), "tier": ("tier_key",), "last_visit": ("last_visit_at",),
    "points": ("points_balance",), "birthday": ("birth_month", "birth_day"),
}
# the list's sort keys kept in member_stats (MemberStats), each index ending in member_id likewise
STATS_INDEXES = {"segment": "segment", "spend": "spend_365_fen", "visits": "visits_365", "expiring": "points_expiring"}


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint("points_balance >= 0", name="points_nonnegative"),
        Index("ix_members_tier_key", "tier_key"),
        Index("ix_members_phone_tail", "phone_tail"),
        Index("ix_members_store", "store_id", "id"),
        # partial indexes; their PostgreSQL WHERE is added by postgresql_options() (see there)
        Index("ix_members_erased", "erased_at", sqlite_where=text("erased_at IS NOT NULL")),  # listed = all - erased
        *(Index(f"ix_members_list_{key}", *columns, "id", "erased_at", sqlite_where=text("erased_at IS NULL"))
          for key, columns in LIST_INDEXES.items()),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)   # E.164; NULL once erased
    phone_tail: Mapped[str | None] = mapped_column(String(4))
    name: Mapped[str] = mapped_column(String(100), default="")
    birth_month: Mapped[int | None] = mapped_column(Integer)
    birth_day: Mapped[int | None] = mapped_column(Integer)
    consent_marketing: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    referral_code: Mapped[str] = mapped_column(String(16), unique=True)
    referrer_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    enrolled_at: Mapped[datetime] = mapped_column(DateTime)
    enrolled_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    enrolled_till: Mapped[str | None] = mapped_column(String(64))   # device that enrolled (fraud signals)
    tier_key: Mapped[str] = mapped_column(String(32))
    tier_since: Mapped[datetime] = mapped_column(DateTime)
    grace_until: Mapped[date | None] = mapped_column(Date)
    tier_evaluated_on: Mapped[date | None] = mapped_column(Date)
    points_balance: Mapped[int] = mapped_column(BigInteger, default=0)
    last_visit_at: Mapped[datetime | None] = mapped_column(DateTime)
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)
    store_id: Mapped[int | None] = store_column()        # the store that enrolled the member


class MemberStats(Base):
    """A member's row of the latest segmentation (pos.services.segments.rfm): RFM scores, segment and
    flags, and the member list's statistics; one row per listed member. A side table, not columns of
    `members`: the weekly job rewrites the rows whose figures changed (~160k a week at 1M), and on
    `members` each such write touched a 17-index row (on PostgreSQL never a HOT update); here it is a
    few integers and four indexes. It is also the snapshot itself: the job updates the rows that changed
    instead of inserting a million new ones (migration 0019). A trigger adds the row of every new
    member (zeros, segment ''); erasure deletes it. No foreign key: only the job and those two write it."""

    __tablename__ = "member_stats"
    __table_args__ = tuple(Index(f"ix_member_stats_{key}", column, "member_id")
                           for key, column in STATS_INDEXES.items())
    member_id: Mapped[int] = mapped_column(Integer, primary_key=True)       # members.id
    segment: Mapped[str] = mapped_column(String(32), default="", server_default="")   # '': not segmented yet
    r: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    f: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    m: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    whale: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    promotion_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    spend_365_fen: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    visits_365: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    points_expiring: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class MemberActivity(Base):
    """A buyer's purchase figures as of the last regrouping (pos.services.lifecycle.activity): all-time
    first and last purchase, count and smallest sale; the RFM window's visits, spend and coupon sales;
    the behaviour groups' window sums; and which calendar months around `month_base` had a purchase
    (bit j: month_base - j). Kept between runs and refreshed only for the members whose figures can
    have moved, so the weekly job no longer reads every sale. Written only by that job."""

    __tablename__ = "member_activity"
    member_id: Mapped[int] = mapped_column(Integer, primary_key=True)       # members.id
    first_ever: Mapped[datetime] = mapped_column(DateTime)
    last_ever: Mapped[datetime] = mapped_column(DateTime)
    frequency: Mapped[int] = mapped_column(Integer)
    monetary: Mapped[int] = mapped_column(BigInteger)
    coupon_sales: Mapped[int] = mapped_column(Integer)
    n_all: Mapped[int] = mapped_column(Integer)
    first_paid: Mapped[int] = mapped_column(BigInteger)
    g_spend: Mapped[int] = mapped_column(BigInteger)
    g_n_win: Mapped[int] = mapped_column(Integer)
    g_n_coupon: Mapped[int] = mapped_column(Integer)
    month_base: Mapped[int] = mapped_column(Integer)      # year * 12 + month - 1 of the row's refresh
    month_bits: Mapped[int] = mapped_column(Integer)


class ActivityState(Base):
    """The one row saying what `member_activity` is exact for: every sale up to `sale_mark`, the window
    bounds `since` and `window_from`, `month` (the latest month_base), `months` (bits kept). A NULL
    sale_mark means "rebuild from every sale": set by the migration and by a trigger whenever a sale is
    changed or deleted (the application never does either)."""

    __tablename__ = "activity_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_mark: Mapped[int | None] = mapped_column(BigInteger)
    since: Mapped[datetime | None] = mapped_column(DateTime)
    window_from: Mapped[datetime | None] = mapped_column(DateTime)
    month: Mapped[int | None] = mapped_column(Integer)
    months: Mapped[int | None] = mapped_column(Integer)


class TierChange(Base):
    __tablename__ = "tier_history"
    # covers the tier reports (changes in a time range by reason and tiers), read from the index alone
    __table_args__ = (Index("ix_tier_history_at_cover", "at", "reason", "from_key", "to_key", "member_id"),
                      # one store's tier reports: its upgrades in a range from the index alone (#19, round four)
                      Index("ix_tier_history_store_cover", "store_id", "reason", "at", "member_id", "to_key"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    from_key: Mapped[str | None] = mapped_column(String(32))
    to_key: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(32))     # enrol | upgrade | downgrade | grace
    at: Mapped[datetime] = mapped_column(DateTime)
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"))
    # the member's store (members.store_id) when the change was written; every writer sets it
    store_id: Mapped[int | None] = mapped_column(Integer)


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (CheckConstraint("price_fen >= 0", name="price_nonnegative"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(32), unique=True)
    barcode: Mapped[str | None] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    price_fen: Mapped[int] = mapped_column(BigInteger)
    discountable: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    category: Mapped[str] = mapped_column(String(32), default="", server_default="")   # stamp cards
    # replenishment (补货提醒): a consumable's default cycle, when a member has no cycle of their own
    consumable: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    cycle_days: Mapped[int | None] = mapped_column(Integer)


class Sale(Base):
    __tablename__ = "sales"
    __table_args__ = (
        Index("ix_sales_member_created", "member_id", "created_at", "total_fen", "coupon_id"),   # covers RFM
        Index("ix_sales_created_cover", "created_at", "member_id", "total_fen"),   # covers the sales reports
        Index("ix_sales_store_created_cover", "store_id", "created_at", "member_id", "total_fen"),   # one store's
        CheckConstraint("total_fen >= 0", name="total_nonnegative"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    receipt_no: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    cashier_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    subtotal_fen: Mapped[int] = mapped_column(BigInteger)
    tier_discount_fen: Mapped[int] = mapped_column(BigInteger)
    coupon_id: Mapped[int | None] = mapped_column(ForeignKey("coupons.id"))
    coupon_discount_fen: Mapped[int] = mapped_column(BigInteger)
    points_redeemed: Mapped[int] = mapped_column(BigInteger)
    points_value_fen: Mapped[int] = mapped_column(BigInteger)
    total_fen: Mapped[int] = mapped_column(BigInteger)
    points_earned: Mapped[int] = mapped_column(BigInteger)
    growth_earned: Mapped[int] = mapped_column(BigInteger)
    tier_before: Mapped[str | None] = mapped_column(String(32))
    tier_after: Mapped[str | None] = mapped_column(String(32))
    store_id: Mapped[int | None] = store_column()
    till_id: Mapped[int | None] = till_column()
    lines: Mapped[list[SaleLine]] = relationship(back_populates="sale", order_by="SaleLine.line_no")
    payments: Mapped[list[Payment]] = relationship(order_by="Payment.id")


class SaleLine(Base):
    __tablename__ = "sale_lines"
    __table_args__ = (
        UniqueConstraint("sale_id", "line_no", name="uq_sale_lines_sale_line"),
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("returned_qty >= 0 AND returned_qty <= qty", name="returned_within_qty"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    sku: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    unit_price_fen: Mapped[int] = mapped_column(BigInteger)
    qty: Mapped[int] = mapped_column(Integer)
    discountable: Mapped[bool] = mapped_column(Boolean)
    gross_fen: Mapped[int] = mapped_column(BigInteger)
    tier_discount_fen: Mapped[int] = mapped_column(BigInteger)
    coupon_fen: Mapped[int] = mapped_column(BigInteger)
    points_fen: Mapped[int] = mapped_column(BigInteger)
    paid_fen: Mapped[int] = mapped_column(BigInteger)
    returned_qty: Mapped[int] = mapped_column(Integer, default=0)
    sale: Mapped[Sale] = relationship(back_populates="lines")


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("method IN ('cash', 'card', 'wechat', 'alipay', 'points')", name="method"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    method: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    tendered_fen: Mapped[int] = mapped_column(BigInteger)
    change_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    store_id: Mapped[int | None] = store_column()
    till_id: Mapped[int | None] = till_column()


class Return(Base):
    __tablename__ = "returns"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    return_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    return_no: Mapped[str] = mapped_column(String(32), unique=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    cashier_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    refund_fen: Mapped[int] = mapped_column(BigInteger)
    points_reversed: Mapped[int] = mapped_column(BigInteger)
    points_restored: Mapped[int] = mapped_column(BigInteger)
    growth_reversed: Mapped[int] = mapped_column(BigInteger)
    reissued_coupon_id: Mapped[int | None] = mapped_column(ForeignKey("coupons.id"))
    store_id: Mapped[int | None] = store_column()
    till_id: Mapped[int | None] = till_column()
    lines: Mapped[list[ReturnLine]] = relationship(order_by="ReturnLine.id")


class ReportDay(Base):
    """Report rollup (#19): per day x store x tier (the sale's tier; "" a non-member's, store 0 none),
    the sales booked that day and the returns booked that day, kept exact in the same transaction by
    checkout and return (pos/services/sales/rollups.py); the console's sales reports read these rows."""

    __tablename__ = "report_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    store_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tier_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    sales: Mapped[int] = mapped_column(BigInteger, default=0)
    subtotal_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    tier_discount_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    coupon_discount_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    points_value_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    revenue_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    points_earned: Mapped[int] = mapped_column(BigInteger, default=0)
    points_redeemed: Mapped[int] = mapped_column(BigInteger, default=0)
    coupon_sales: Mapped[int] = mapped_column(BigInteger, default=0)
    returns: Mapped[int] = mapped_column(BigInteger, default=0)
    refund_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    points_reversed: Mapped[int] = mapped_column(BigInteger, default=0)
    points_restored: Mapped[int] = mapped_column(BigInteger, default=0)


class ReportTierMove(Base):
    """Report rollup, round two (#19): per day x store (the member's; 0 none) x tier move (from ""
    when enrolling), the tier changes recorded that day, kept in the same transaction by every
    tier_history writer (pos/services/members/rollups.py); members per tier reads these rows."""

    __tablename__ = "report_tier_moves"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    store_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    from_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    to_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    changes: Mapped[int] = mapped_column(BigInteger, default=0)


class ReportCouponUse(Base):
    """Report rollup, round two (#19): per day of use x store of use x whole days from issue to use
    (31 = 31 or more), the coupons used, kept by checkout in the sale's transaction
    (pos/services/sales/rollups.py); the days-from-issue-to-use report reads these rows."""

    __tablename__ = "report_coupon_uses"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    store_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    days: Mapped[int] = mapped_column(Integer, primary_key=True)
    uses: Mapped[int] = mapped_column(BigInteger, default=0)


class ReportRepeat(Base):
    """Report rollup, round four (#19): members' purchases per scope (store_id = a store, 0 for none, or
    -1 for the chain) x day x back_day, kept by checkout in the sale's transaction
    (pos/services/sales/repeat_rollups.py): `sales` on the row back_day = day counts the day's member
    sales; `after1` the sales of `day` whose previous purchase (in the scope) was on back_day, `after2`
    those whose purchase before that was on back_day. The repeat-purchase report reads these rows."""

    __tablename__ = "report_repeats"
    store_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    back_day: Mapped[date] = mapped_column(Date, primary_key=True)
    sales: Mapped[int] = mapped_column(BigInteger, default=0)
    after1: Mapped[int] = mapped_column(BigInteger, default=0)
    after2: Mapped[int] = mapped_column(BigInteger, default=0)


class ReportUpgrade(Base):
    """Report rollup, round five (#19): members' tier upgrades per scope (store_id = tier_history.store_id,
    0 for none, or -1 for the chain) x day x back_day x tier upgraded to, kept by every writer of an upgrade
    (pos/services/members/upgrade_rollups.py): `upgrades` on the row back_day = day counts the day's
    upgrades; `after_any` the upgrades of `day` whose previous upgrade (in the scope) was on back_day,
    `after_same` those whose previous upgrade to the same tier was. The tier-upgrade report reads these."""

    __tablename__ = "report_upgrades"
    store_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    back_day: Mapped[date] = mapped_column(Date, primary_key=True)
    to_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    upgrades: Mapped[int] = mapped_column(BigInteger, default=0)
    after_any: Mapped[int] = mapped_column(BigInteger, default=0)
    after_same: Mapped[int] = mapped_column(BigInteger, default=0)


class ReturnLine(Base):
    __tablename__ = "return_lines"
    __table_args__ = (CheckConstraint("qty > 0", name="qty_positive"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id"), index=True)
    sale_line_id: Mapped[int] = mapped_column(ForeignKey("sale_lines.id"), index=True)
    qty: Mapped[int] = mapped_column(Integer)
    refund_fen: Mapped[int] = mapped_column(BigInteger)


class PointsLot(Base):
    """Earned points, consumed FIFO by expiry date; `remaining` is the unspent part."""

    __tablename__ = "points_lots"
    __table_args__ = (
        CheckConstraint("remaining >= 0 AND remaining <= points", name="remaining_within_points"),
        Index("ix_points_lots_member_open", "member_id", "expires_on"),
        Index("ix_points_lots_expiry_open", "expires_on", "remaining", "member_id"),   # + member: liability report
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    earned_at: Mapped[datetime] = mapped_column(DateTime)
    expires_on: Mapped[date | None] = mapped_column(Date)
    points: Mapped[int] = mapped_column(BigInteger)
    remaining: Mapped[int] = mapped_column(BigInteger)


class LedgerEntry(Base):
    """Append-only: the member's balance is the sum of `points` over these rows."""

    __tablename__ = "points_ledger"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('earn', 'redeem', 'expire', 'adjust', 'reverse', 'restore')", name="kind"),
        Index("ix_points_ledger_member_at", "member_id", "at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    kind: Mapped[str] = mapped_column(String(16))
    points: Mapped[int] = mapped_column(BigInteger)
    balance_after: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(DateTime)
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"))
    return_id: Mapped[int | None] = mapped_column(ForeignKey("returns.id"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("points_lots.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    reason: Mapped[str] = mapped_column(String(200), default="")
    idem_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    store_id: Mapped[int | None] = store_column()
    till_id: Mapped[int | None] = till_column()


class Campaign(Base):
    __tablename__ = "campaigns"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    segment: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    issued: Mapped[int] = mapped_column(Integer, default=0)
    holdout_percent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    holdout_seed: Mapped[str | None] = mapped_column(String(32))   # the random holdout is drawn from it
    holdout: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Coupon(Base):
    __tablename__ = "coupons"
    __table_args__ = (
        CheckConstraint("kind IN ('amount', 'percent', 'cash', 'free_item')", name="kind"),
        CheckConstraint("status IN ('issued', 'used', 'void')", name="status"),
        UniqueConstraint("campaign_id", "member_id", name="uq_coupons_campaign_member"),
        Index("ix_coupons_member_status", "member_id", "status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(BigInteger, default=0)     # amount / cash; free_item: its cap
    percent_bp: Mapped[int] = mapped_column(Integer, default=0)       # percent off, basis points
    threshold_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    cap_fen: Mapped[int | None] = mapped_column(BigInteger)
    category: Mapped[str] = mapped_column(String(32), default="", server_default="")   # free_item: "" any item
    valid_from: Mapped[datetime] = mapped_column(DateTime)
    valid_to: Mapped[datetime] = mapped_column(DateTime)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    tier_key: Mapped[str | None] = mapped_column(String(32))
    segment: Mapped[str | None] = mapped_column(String(32))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    status: Mapped[str] = mapped_column(String(16), default="issued")
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    reissued_from: Mapped[int | None] = mapped_column(ForeignKey("coupons.id"))


class CouponRedemption(Base):
    """One row per use; the unique coupon_id is what makes a coupon single-use."""

    __tablename__ = "coupon_redemptions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coupon_id: Mapped[int] = mapped_column(ForeignKey("coupons.id"), unique=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), unique=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    at: Mapped[datetime] = mapped_column(DateTime)
    discount_fen: Mapped[int] = mapped_column(BigInteger)
    store_id: Mapped[int | None] = store_column()
    till_id: Mapped[int | None] = till_column()


class SegmentSnapshot(Base):
    __tablename__ = "segment_snapshots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    taken_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    members: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[str | None] = mapped_column(Text)   # JSON segment -> members (kept after member rows go)


class AuditEntry(Base):
    """Append-only record of sensitive actions, hash-chained: `row_hash` is SHA-256 over the row (its
    target and details as a digest salted with `salt`) and `prev_hash`, the row_hash of the row before
    it (pos.services.staff.audit). The one change allowed is a redaction (PIPL erasure)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(String(48), index=True)
    target: Mapped[str] = mapped_column(String(100), default="")
    details: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    row_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    salt: Mapped[str | None] = mapped_column(String(32))      # None: written before 0009, or redacted
    store_id: Mapped[int | None] = store_column()             # not hashed: the chain of 0009 stays as it was
    till_id: Mapped[int | None] = till_column()


class StoreSettings(Base):
    """Saved versions of the store configuration (TOML text); the highest id is in force."""

    __tablename__ = "store_settings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    saved_at: Mapped[datetime] = mapped_column(DateTime)
    saved_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    toml: Mapped[str] = mapped_column(Text)


# ---------------------------------------------------------------- offers at the till (SPEC §10)

class OfferIssue(Base):
    """One benefit an offer rule gave (a coupon, points, a double-points visit, a catalogue reward),
    and the sale that gave it: a retried sale finds its rows, a return voids what is still unused."""

    __tablename__ = "offer_issues"
    __table_args__ = (
        CheckConstraint("kind IN ('bounce_back', 'welcome', 'referral_reward', 'stamp_reward', 'reward', 'bonus')",
                        name="kind"),
        CheckConstraint("status IN ('issued', 'used', 'void')", name="status"),
        Index("ix_offer_issues_member_kind", "member_id", "kind", "created_at"),
        Index("ix_offer_issues_created_kind", "created_at", "kind", "rule"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    rule: Mapped[str] = mapped_column(String(48))           # e.g. bounce_back:3, referral, stamps:coffee
    step: Mapped[int | None] = mapped_column(Integer)       # bounce-back: the purchase number reached
    benefit: Mapped[str] = mapped_column(String(16))        # coupon | points | double_points | gift
    coupon_id: Mapped[int | None] = mapped_column(ForeignKey("coupons.id"))
    points: Mapped[int] = mapped_column(BigInteger, default=0)
    reason: Mapped[str] = mapped_column(String(200), default="")      # "English | 中文"
    title: Mapped[str] = mapped_column(String(200), default="")       # what it gives, "English | 中文"
    status: Mapped[str] = mapped_column(String(16), default="issued")   # of a benefit without a coupon
    valid_from: Mapped[datetime | None] = mapped_column(DateTime)
    valid_to: Mapped[datetime | None] = mapped_column(DateTime)
    used_sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"))
    referee_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    reward_id: Mapped[int | None] = mapped_column(ForeignKey("rewards.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    idem_key: Mapped[str] = mapped_column(String(80), unique=True)
    voided_by_return_id: Mapped[int | None] = mapped_column(ForeignKey("returns.id"))   # the return that voided it


class StampMove(Base):
    """Stamps added by a sale, turned into a reward, or taken back by a return; the card is their sum."""

    __tablename__ = "stamp_moves"
    __table_args__ = (Index("ix_stamp_moves_member_card", "member_id", "card"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    card: Mapped[str] = mapped_column(String(32))
    stamps: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(16))        # sale | reward | return | reward_void
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"), index=True)
    return_id: Mapped[int | None] = mapped_column(ForeignKey("returns.id"))
    at: Mapped[datetime] = mapped_column(DateTime)


class Reward(Base):
    """The rewards catalogue: a gift item or a coupon bought with points."""

    __tablename__ = "rewards"
    __table_args__ = (
        CheckConstraint("kind IN ('gift', 'coupon')", name="kind"),
        CheckConstraint("points > 0", name="points_positive"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_zh: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(16))
    points: Mapped[int] = mapped_column(BigInteger)
    sku: Mapped[str | None] = mapped_column(String(32))     # a gift's product (its name on the receipt)
    coupon_kind: Mapped[str | None] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    percent_bp: Mapped[int] = mapped_column(Integer, default=0)
    threshold_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    cap_fen: Mapped[int | None] = mapped_column(BigInteger)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class RewardStock(Base):
    """What is left of each reward at each store (no row: none there); a till takes from its own store's."""

    __tablename__ = "reward_stock"
    __table_args__ = (CheckConstraint("stock >= 0", name="stock_nonnegative"),)
    reward_id: Mapped[int] = mapped_column(ForeignKey("rewards.id"), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    stock: Mapped[int] = mapped_column(Integer, default=0)
# ---------------------------------------------------------------- lifecycle marketing (SPEC §11)

class CampaignHoldout(Base):
    """A member of a campaign's audience kept back at random: they got nothing (the uplift's control)."""

    __tablename__ = "campaign_holdouts"
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)


class MemberGroup(Base):
    """The behaviour groups a member carries as of the latest regrouping (several per member); no
    foreign key, as member_stats."""

    __tablename__ = "member_groups"
    __table_args__ = (Index("ix_member_groups_group_member", "group_key", "member_id"),)
    member_id: Mapped[int] = mapped_column(Integer, primary_key=True)       # members.id
    group_key: Mapped[str] = mapped_column(String(24), primary_key=True)


class GroupSnapshot(Base):
    """Group sizes at each regrouping (JSON group -> members), for "change since last week"."""

    __tablename__ = "group_snapshots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    taken_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    counts: Mapped[str] = mapped_column(Text)


class MemberDue(Base):
    """Consumables a member will need again: written by the daily replenishment job (list and campaigns)."""

    __tablename__ = "member_due"
    __table_args__ = (Index("ix_member_due_due_member", "due_on", "member_id"),)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    last_on: Mapped[date] = mapped_column(Date)
    cycle_days: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)


class LapseOffer(Base):
    """An automatic churn offer: once per member, stage and lapse (named by the purchase it follows)."""

    __tablename__ = "lapse_offers"
    __table_args__ = (UniqueConstraint("member_id", "stage", "lapse_at", name="uq_lapse_offers_member_stage_lapse"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    stage: Mapped[str] = mapped_column(String(16))
    lapse_at: Mapped[datetime] = mapped_column(DateTime)
    coupon_id: Mapped[int | None] = mapped_column(ForeignKey("coupons.id"))
    issued_at: Mapped[datetime] = mapped_column(DateTime)


class JobRun(Base):
    """One run of a scheduled job for one period (a day, an ISO week, or "now ..." when run by hand).
    UNIQUE (job, period) is what makes two tills run a job once: the first insert wins."""

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job", "period", name="uq_job_runs_job_period"),
                      Index("ix_job_runs_job_started", "job", "started_at"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16))          # running | ok | failed
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(Text, default="", server_default="")
    till_id: Mapped[str] = mapped_column(String(64), default="", server_default="")


def postgresql_options() -> None:
    """The members' partial list indexes on PostgreSQL: the same WHERE as `sqlite_where`. Not given as
    `postgresql_where=` in the Index: SQLAlchemy validates that keyword by loading its PostgreSQL dialect
    and all its drivers (~50 ms at every start of a SQLite till). `make_engine` calls this for a
    PostgreSQL URL, before anything emits DDL from these models; calling it again changes nothing."""
    for index in Member.__table__.indexes:  # type: ignore[attr-defined]  # a Table at runtime
        where = index.dialect_options["sqlite"]["where"]
        if where is not None:
            index.dialect_options["postgresql"]["where"] = where
