"""The numbers and words every part of the program shares: receipt, return, member-card and coupon
numbers (built and read here only), what a scanned or typed code is, the payment methods and the
stable error codes of the CLI contract.

A leaf module: the standard library only, so pos.loyalty, the services, the printers, the till and
the CLI can all use it.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# ------------------------------------------------------------------ receipt and return numbers
RECEIPT_PREFIX = "R"
RETURN_PREFIX = "T"
# `{n:06d}` is a minimum width: sale 1,000,000 has seven digits, so the sequence has ANY length.
_DOCUMENT_NO = re.compile(r"^([RT])(\d{2})(\d{2})(\d{2})-(\d+)$")
# A chain's numbers (#16): store, till, day, and the till's own sequence, with T before a return's:
# S01-2-261130-0042 (sale), S01-2-261130-T0007 (return). Any length of sequence.
_TILL_DOCUMENT_NO = re.compile(r"^([A-Z][A-Z0-9]{0,7})-(\d{1,4})-(\d{2})(\d{2})(\d{2})-([TX]?)(\d+)$")
# A sale booked offline (#17) takes its sequence from the till's offline journal, marked X:
# S01-2-261130-X0003. The journal's sequence and the central one can never meet on one number.
OFFLINE_MARK = "X"


class DocumentKind(StrEnum):
    RECEIPT = "receipt"
    RETURN = "return"


_PREFIX_OF = {DocumentKind.RECEIPT: RECEIPT_PREFIX, DocumentKind.RETURN: RETURN_PREFIX}
_KIND_OF = {prefix: kind for kind, prefix in _PREFIX_OF.items()}


@dataclass(frozen=True)
class DocumentNo:
    """A receipt or return number: the day it was booked and its sequence; with a store and till, the
    till's own sequence (S01-2-261130-0042), without, the row's id (R261130-000042, before #16)."""

    kind: DocumentKind
    day: date
    sequence: int
    store: str | None = None
    till: int | None = None
    offline: bool = False       # a receipt of the till's offline journal (X before its sequence)

    def __str__(self) -> str:
        if self.store is not None:
            mark = RETURN_PREFIX if self.kind is DocumentKind.RETURN else (OFFLINE_MARK if self.offline else "")
            return f"{self.store}-{self.till}-{self.day:%y%m%d}-{mark}{self.sequence:04d}"
        return f"{_PREFIX_OF[self.kind]}{self.day:%y%m%d}-{self.sequence:06d}"


def receipt_no(day: date, sale_id: int) -> str:
    return str(DocumentNo(DocumentKind.RECEIPT, day, sale_id))


def return_no(day: date, return_id: int) -> str:
    return str(DocumentNo(DocumentKind.RETURN, day, return_id))


def till_document_no(kind: DocumentKind, day: date, store: str, till: int, sequence: int) -> str:
    return str(DocumentNo(kind, day, sequence, store, till))


def parse_document_no(text: str) -> DocumentNo | None:
    """`R260610-000042`, `t260610-1234567`, ` r260610-42 `, `S01-2-261130-42`, `s01-2-261130-t7`;
    None for anything else."""
    text = (text or "").strip().upper()
    match = _DOCUMENT_NO.match(text)
    chained = None if match else _TILL_DOCUMENT_NO.match(text)
    if match is None and chained is None:
        return None
    if chained is not None:
        store, till, yy, mm, dd, mark, sequence = chained.groups()
        kind = DocumentKind.RETURN if mark == RETURN_PREFIX else DocumentKind.RECEIPT
    else:
        assert match is not None
        prefix, yy, mm, dd, sequence = match.groups()
        kind, store, till = _KIND_OF[prefix], None, None
    try:
        day = date(2000 + int(yy), int(mm), int(dd))
    except ValueError:
        return None
    if till is not None and int(till) == 0:
        return None
    return DocumentNo(kind, day, int(sequence), store, int(till) if till is not None else None,
                      offline=chained is not None and chained.group(6) == OFFLINE_MARK)


def offline_receipt_no(day: date, store: str, till: int, sequence: int) -> str:
    """`S01-2-261130-X0003`: sale 3 of this till's offline journal (#17)."""
    return str(DocumentNo(DocumentKind.RECEIPT, day, sequence, store, till, offline=True))


def normalise_document_no(text: str) -> str:
    """The stored spelling of a typed or scanned number (upper case, sequence padded as printed);
    anything that is not one comes back stripped and upper-cased, to be refused by the look-up."""
    parsed = parse_document_no(text)
    return str(parsed) if parsed else (text or "").strip().upper()


# ------------------------------------------------------------------ stores and tills
# A store code is what a receipt number starts with: a letter, then letters or digits (no "-").
_STORE_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,7}$")
_TILL_CODE = re.compile(r"^([A-Z][A-Z0-9]{0,7})-(\d{1,4})$")


def is_store_code(text: str) -> bool:
    return bool(_STORE_CODE.match(text or ""))


def till_code(store_code: str, number: int) -> str:
    """`S01-2`: till 2 of store S01 (`--till`, POS_TILL, and the start of its receipt numbers)."""
    return f"{store_code}-{number}"


def parse_till_code(text: str) -> tuple[str, int] | None:
    match = _TILL_CODE.match((text or "").strip().upper())
    return (match.group(1), int(match.group(2))) if match and int(match.group(2)) > 0 else None


# ------------------------------------------------------------------ member card and member QR
MEMBER_QR_PREFIX = "M1."
_MEMBER_CARD_NO = re.compile(r"^\d+$")


def member_card_no(member_id: int) -> str:
    return f"{member_id:06d}"


def parse_member_card_no(text: str) -> int | None:
    text = (text or "").strip()
    return int(text) if _MEMBER_CARD_NO.match(text) and int(text) > 0 else None


# ------------------------------------------------------------------ coupon codes
COUPON_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"   # no I, O, 0, 1: read aloud or typed without doubt


def new_coupon_code(prefix: str, length: int, choice: Callable[[str], str] = secrets.choice) -> str:
    """A random code of `length` characters in all, starting with `prefix` (the store's settings)."""
    return prefix + "".join(choice(COUPON_ALPHABET) for _ in range(length - len(prefix)))


# a random byte -> a letter; 256 is a multiple of the 32 letters, so every letter is equally likely
_CODE_BYTES = bytes(ord(COUPON_ALPHABET[b % len(COUPON_ALPHABET)]) for b in range(256))


def new_coupon_codes(prefix: str, length: int, n: int) -> list[str]:
    """`n` codes as new_coupon_code makes them, from one read of the system's random source (a job that
    issues thousands of coupons: one secrets.choice per character was a third of its time)."""
    tail = length - len(prefix)
    letters = secrets.token_bytes(n * tail).translate(_CODE_BYTES).decode("ascii")
    return [prefix + letters[i:i + tail] for i in range(0, n * tail, tail)]


def is_coupon_code(text: str, prefix: str, length: int) -> bool:
    code = (text or "").strip().upper()
    return len(code) == length and code.startswith(prefix.upper()) and code.isalnum() and code.isascii()


# ------------------------------------------------------------------ payment methods
@dataclass(frozen=True)
class PaymentMethod:
    key: str            # stored in payments.method, typed in `pos sale --pay`
    name: str
    name_zh: str
    gives_change: bool = False   # may be over-tendered (cash)

    @property
    def receipt_label(self) -> str:
        return f"{self.name} {self.name_zh}"


CASH = "cash"
# in the order of the payment dialog's buttons (shortcut keys F1, F2, F3, F4)
PAYMENT_METHODS = (
    PaymentMethod(CASH, "Cash", "现金", gives_change=True),
    PaymentMethod("card", "Card", "银行卡"),
    PaymentMethod("wechat", "WeChat Pay", "微信支付"),
    PaymentMethod("alipay", "Alipay", "支付宝"),
)
PAYMENT_KEYS = tuple(m.key for m in PAYMENT_METHODS)
_METHOD_BY_KEY = {m.key: m for m in PAYMENT_METHODS}
PAYMENT_ALIASES = {"wechatpay": "wechat", "wx": "wechat", "ali": "alipay", "bankcard": "card"}


def payment_method(key: str) -> PaymentMethod | None:
    return _METHOD_BY_KEY.get(key)


def parse_payment_method(text: str) -> str | None:
    """The key of a typed method (`WeChat`, `wx`, `bankcard`...), or None."""
    key = (text or "").strip().lower()
    key = PAYMENT_ALIASES.get(key, key)
    return key if key in _METHOD_BY_KEY else None


def gives_change(key: str) -> bool:
    method = _METHOD_BY_KEY.get(key)
    return bool(method and method.gives_change)


# ------------------------------------------------------------------ what a scanned or typed code is
class ScanKind(StrEnum):
    MEMBER_QR = "member_qr"
    RECEIPT = "receipt"
    RETURN = "return"
    PHONE = "phone"
    COUPON = "coupon"
    PRODUCT = "product"


@dataclass(frozen=True)
class Scan:
    kind: ScanKind
    code: str      # normalised: a receipt number as stored, a coupon code in upper case


_PHONE_LIKE = re.compile(r"^[+(\d][\d\s\-()+]{6,}$")
_BARCODE_LENGTHS = (8, 12, 13, 14)   # EAN-8, UPC-A, EAN-13, ITF-14
_MAINLAND_MOBILE = re.compile(r"^(?:86)?1[3-9]\d{9}$")   # GS1 prefix 861 is unassigned: +86 1xx is a phone


def gs1_check_digit_ok(digits: str) -> bool:
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def is_product_barcode(text: str) -> bool:
    return (text.isascii() and text.isdigit() and len(text) in _BARCODE_LENGTHS
            and not _MAINLAND_MOBILE.match(text) and gs1_check_digit_ok(text))


def is_product_code(text: str) -> bool:
    """EAN-8, UPC-A, EAN-13 or ITF-14 digits that are not a mainland mobile: a product code, whether its
    check digit is right or not (a shop's own labels often are not; the catalogue decides)."""
    return (text.isascii() and text.isdigit() and len(text) in _BARCODE_LENGTHS
            and not _MAINLAND_MOBILE.match(text))


def is_phone_like(text: str) -> bool:
    return bool(_PHONE_LIKE.match(text)) and sum(c.isdigit() for c in text) >= 7


def classify_scan(text: str, coupon_prefix: str, coupon_length: int) -> Scan:
    """What the till does with a code from the scanner, the look-up field or the item field. A product
    barcode is recognised by its length (digits only, not a mainland mobile; the check digit is not
    required) before a phone is tried (a Chinese EAN-13 is 13 digits starting 690-699, which would
    otherwise pass for a phone number)."""
    code = (text or "").strip()
    if code.startswith(MEMBER_QR_PREFIX):
        return Scan(ScanKind.MEMBER_QR, code)
    document = parse_document_no(code)
    if document is not None:
        kind = ScanKind.RECEIPT if document.kind is DocumentKind.RECEIPT else ScanKind.RETURN
        return Scan(kind, str(document))
    if is_product_code(code):
        return Scan(ScanKind.PRODUCT, code)
    if is_phone_like(code):
        return Scan(ScanKind.PHONE, code)
    if is_coupon_code(code, coupon_prefix, coupon_length):
        return Scan(ScanKind.COUPON, code.upper())
    return Scan(ScanKind.PRODUCT, code)


# ------------------------------------------------------------------ error codes (the CLI contract)
INTERNAL_ERROR = "internal_error"      # our bug: logged with a reference, never a refusal
DATABASE_BUSY = "database_busy"
DATABASE_UNAVAILABLE = "database_unavailable"
DISK_FULL = "disk_full"

# Every code a PosError may carry (tests check each raise in pos/ against this list): stable
# snake_case words scripts can rely on. Add a code here before raising it.
ERROR_CODES = frozenset({
    INTERNAL_ERROR, DATABASE_BUSY, DATABASE_UNAVAILABLE, DISK_FULL,
    # members and staff
    "member_not_found", "member_required", "members_invalid", "phone_invalid", "phone_taken", "qr_invalid",
    "referrer_not_found", "birthday_invalid", "name_invalid", "name_required", "reason_required",
    "pin_invalid", "pin_invalid_format", "staff_locked", "staff_exists", "staff_invalid", "staff_not_found",
    "role_invalid", "manager_pin_required", "manager_required", "last_manager",
    "pin_backoff", "till_locked", "pin_taken", "pin_not_unique", "cashier_pin_required",
    # coupons and campaigns
    "coupon_expired", "coupon_used", "coupon_not_yet_valid", "coupon_threshold_not_met", "coupon_no_item",
    "coupon_not_for_member", "coupon_unknown", "coupon_kind_invalid", "coupons_none", "cap_invalid",
    "threshold_invalid", "valid_days_invalid", "audience_invalid", "batch_invalid", "count_invalid",
    "campaign_name_invalid", "campaign_not_found", "campaign_terms_differ", "sheet_cancelled",
    "segment_unknown", "segments_not_computed",
    # points
    "points_insufficient", "points_step", "points_minimum", "points_cap_exceeded", "points_invalid",
    # sales, returns, receipts
    "sku_unknown", "quantity_invalid", "amount_invalid", "cart_empty", "line_invalid", "number_invalid",
    "payment_invalid", "payment_insufficient", "payment_exceeds_due", "sale_id_invalid",
    "receipt_not_found", "return_exceeds_sale", "return_window_passed", "sale_id_conflict",
    # reports and lists
    "report_unknown", "date_invalid", "date_range_invalid", "days_invalid", "limit_invalid",
    "page_invalid", "sort_invalid",
    # configuration, database, files, printing, usage
    "config_invalid", "clock_invalid", "database_url_invalid", "database_not_initialised",
    "database_outdated", "database_not_empty", "backup_invalid", "backup_failed", "restore_failed",
    "file_exists", "file_invalid", "file_missing", "file_unreadable", "file_unwritable",
    "printer_unavailable", "paper_width_invalid", "font_missing", "usage",
    # backups and keys
    "backup_auth_failed", "backup_passphrase_mismatch", "backup_passphrase_required", "backup_passphrase_weak",
    "backup_wrong_database", "file_unsafe", "key_conflict", "key_unreadable", "qr_key_missing",
    # SPEC part II (CLI.md)
    "store_unknown", "till_unknown", "referral_self", "referral_limit", "reward_unknown",
    "reward_out_of_stock", "offline_cap_exceeded", "offline_coupon_unknown", "offline_unavailable",
    # lifecycle marketing and scheduled jobs
    "job_unknown", "holdout_invalid", "group_unknown", "product_unknown", "cycle_days_invalid",
    # stores and tills (#16)
    "store_invalid", "store_exists", "till_invalid", "till_exists", "store_not_yours", "chain_admin_required",
})
