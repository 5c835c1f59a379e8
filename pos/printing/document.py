"""The printer-neutral documents: content is decided once, renderers only lay it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    qty: int
    unit_price_fen: int
    amount_fen: int
    note: str = ""


@dataclass(frozen=True)
class ReceiptStep:
    label: str
    amount_fen: int          # negative = a discount


@dataclass(frozen=True)
class ReceiptPayment:
    method: str
    amount_fen: int


@dataclass(frozen=True)
class ReceiptMember:
    phone_masked: str
    name: str
    tier_name: str
    progress_text: str
    points_earned: int
    points_redeemed: int
    points_balance: int
    points_expiring: int
    points_expiring_on: date | None
    tier_changed_to: str | None = None


@dataclass(frozen=True)
class ReceiptOffer:
    """A benefit the sale's offers gave the customer (SPEC §10): a coupon with its own QR and validity."""

    title: str                # "15% off your next visit 下次消费85折"
    reason: str               # "1st visit reward 第1次消费回馈"
    code: str | None = None   # the coupon's code (its QR); None: double points, a gift
    valid_from: datetime | None = None
    valid_to: datetime | None = None


@dataclass(frozen=True)
class ReceiptReminder:
    """A consumable the member will need again soon (补货提醒, SPEC §11)."""

    product: str
    due_in_days: int          # 0 or less: due now


@dataclass(frozen=True)
class ReceiptDocument:
    kind: str                 # sale | return
    store_name: str
    store_address: str
    store_phone: str
    header: str
    footer: str
    receipt_no: str
    issued_at: datetime
    cashier: str
    lines: tuple[ReceiptLine, ...]
    steps: tuple[ReceiptStep, ...]
    total_label: str
    total_fen: int
    payments: tuple[ReceiptPayment, ...]
    change_fen: int
    member: ReceiptMember | None
    qr_url: str               # join-group QR (member: tier group; non-member: join membership)
    qr_text: str
    original_receipt_no: str | None = None
    points_reversed: int = 0
    points_restored: int = 0
    currency_symbol: str = "¥"
    offers: tuple[ReceiptOffer, ...] = ()
    stamps: tuple[tuple[str, str], ...] = ()     # (card name, "7/10")
    referral_code: str = ""                      # the member's code, and its QR (invite a friend)
    referral_qr: str = ""
    due_soon: tuple[ReceiptReminder, ...] = ()   # member sale: consumables due again soon, soonest first


@dataclass(frozen=True)
class CardDocument:
    store_name: str
    member_name: str
    phone_masked: str
    tier_name: str
    tier_color: str
    qr_payload: str
    member_no: str
    referral_qr: str = ""          # the member's referral QR (invite a friend), small, beside the member QR
    referral_code: str = ""


@dataclass(frozen=True)
class CouponSheetItem:
    code: str
    title: str
    valid_from: date
    valid_to: date
    terms: str


@dataclass(frozen=True)
class CouponSheetDocument:
    store_name: str
    campaign_name: str
    items: tuple[CouponSheetItem, ...]
