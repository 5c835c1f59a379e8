"""The shared numbers and words: every number built is read back, every scan goes where it should."""

from __future__ import annotations

import ast
import random
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos import vocabulary as v
from pos.vocabulary import DocumentKind, ScanKind, classify_scan

ROOT = Path(__file__).resolve().parents[2]
PREFIX, LENGTH = "C", 10
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
ids = st.integers(min_value=1, max_value=10**12)


def scan(code: str) -> v.Scan:
    return classify_scan(code, PREFIX, LENGTH)


def ean(body: str) -> str:
    """`body` with its GS1 check digit, computed here independently of the module."""
    weights = [3 if i % 2 == 0 else 1 for i in range(len(body))][::-1]
    return body + str((10 - sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 10) % 10)


@given(days, ids)
def test_a_receipt_number_of_any_sale_id_reads_back_and_routes_to_its_return(day, sale_id):
    number = v.receipt_no(day, sale_id)
    assert v.parse_document_no(number) == v.DocumentNo(DocumentKind.RECEIPT, day, sale_id)
    assert scan(number) == v.Scan(ScanKind.RECEIPT, number)
    assert scan(f"  {number.lower()} ") == v.Scan(ScanKind.RECEIPT, number)


@given(days, ids)
def test_a_return_number_of_any_id_reads_back(day, return_id):
    number = v.return_no(day, return_id)
    assert v.parse_document_no(number) == v.DocumentNo(DocumentKind.RETURN, day, return_id)
    assert scan(number).kind is ScanKind.RETURN


def test_the_numbers_keep_their_printed_shape_and_old_numbers_stay_valid():
    assert v.receipt_no(date(2026, 6, 10), 42) == "R260610-000042"
    assert v.receipt_no(date(2026, 6, 10), 1_000_000) == "R260610-1000000"
    assert v.return_no(date(2026, 11, 30), 7) == "T261130-000007"
    assert v.normalise_document_no("r260610-42") == "R260610-000042"
    assert v.normalise_document_no("R260610-1000000") == "R260610-1000000"
    assert v.normalise_document_no(" nope ") == "NOPE"


@given(days, ids, st.integers(min_value=1, max_value=9999), st.sampled_from(["S01", "S2", "B", "SH0001"]),
       st.sampled_from(list(DocumentKind)))
def test_a_chain_number_of_any_sequence_length_reads_back(day, sequence, till, store, kind):
    number = v.till_document_no(kind, day, store, till, sequence)
    assert v.parse_document_no(number) == v.DocumentNo(kind, day, sequence, store, till)
    assert v.parse_document_no(number.lower()) == v.DocumentNo(kind, day, sequence, store, till)
    assert scan(number).kind is (ScanKind.RECEIPT if kind is DocumentKind.RECEIPT else ScanKind.RETURN)


def test_chain_numbers_keep_their_printed_shape():
    assert v.till_document_no(DocumentKind.RECEIPT, date(2026, 11, 30), "S01", 2, 42) == "S01-2-261130-0042"
    assert v.till_document_no(DocumentKind.RETURN, date(2026, 11, 30), "S01", 2, 7) == "S01-2-261130-T0007"
    assert v.normalise_document_no(" s01-2-261130-42 ") == "S01-2-261130-0042"
    assert v.normalise_document_no("S01-2-261130-1234567") == "S01-2-261130-1234567"
    assert (v.parse_till_code("s02-3"), v.parse_till_code("S02-0"), v.parse_till_code("2-3")) == (("S02", 3), None, None)


def test_an_offline_receipt_is_marked_x_and_reads_back_as_a_receipt():
    """#17: a till's offline journal numbers its sales on a sequence of its own, marked X, so an offline
    number can never be one the central sequence hands out."""
    number = v.offline_receipt_no(date(2026, 11, 30), "S01", 2, 3)
    assert number == "S01-2-261130-X0003"
    parsed = v.parse_document_no(" s01-2-261130-x3 ")
    assert parsed == v.DocumentNo(DocumentKind.RECEIPT, date(2026, 11, 30), 3, "S01", 2, offline=True)
    assert v.normalise_document_no("s01-2-261130-x3") == number
    assert v.parse_document_no("S01-2-261130-0003") != parsed        # the central sale 3 is another sale
    assert scan(number).kind is ScanKind.RECEIPT


@pytest.mark.parametrize("text", ["S01-0-261130-0001", "S01-2-261332-0001", "S01-2-261130-", "01-2-261130-1",
                                  "S01-2-261130-Q1", "S01-2-261130-XT1", "S01--261130-1", "S-01-2-261130-1"])
def test_what_only_looks_like_a_chain_number_is_none(text):
    assert v.parse_document_no(text) is None
    assert scan(text).kind not in (ScanKind.RECEIPT, ScanKind.RETURN)


@pytest.mark.parametrize("text", ["R261332-000001", "R260230-000001", "R26061-000001", "R260610-", "X260610-000001",
                                  "R260610-00a001", "R260610000001"])
def test_what_only_looks_like_a_receipt_number_is_none(text):
    assert v.parse_document_no(text) is None
    assert scan(text).kind is not ScanKind.RECEIPT


@given(st.text(alphabet="0123456789", min_size=11, max_size=13).filter(lambda b: not b.startswith("861")))
def test_every_ean_with_a_valid_check_digit_is_a_product_never_a_phone(body):
    code = ean(body)
    assert scan(code) == v.Scan(ScanKind.PRODUCT, code)


def test_a_chinese_ean_13_is_a_product_and_a_wrong_check_digit_is_not_a_barcode():
    assert scan("6901234567892").kind is ScanKind.PRODUCT       # 690123456789 + check digit 2
    assert not v.is_product_barcode("6901234567893")
    assert scan("96385074").kind is ScanKind.PRODUCT            # EAN-8


@pytest.mark.parametrize("code", ["6901234567898", "6901234567893", "12345678", "036000291453", "10012345678901"])
def test_a_product_code_with_a_wrong_check_digit_is_still_a_product_not_a_phone(code):
    """Issue 13 defect 1: the demo cheesecake's 6901234567898 (a shop label, check digit off) was looked up
    as a phone number. EAN-8, UPC-A, EAN-13, ITF-14 digits go to the catalogue, which decides."""
    assert scan(code) == v.Scan(ScanKind.PRODUCT, code)


@given(st.sampled_from("3456789"), st.text(alphabet="0123456789", min_size=9, max_size=9),
       st.sampled_from(["{}", "86{}", "+86 {}", "+86-{}", "(+86) {}"]))
def test_a_mainland_mobile_in_any_common_spelling_is_a_phone(second, rest, spelling):
    typed = spelling.format("1" + second + rest)
    assert scan(typed) == v.Scan(ScanKind.PHONE, typed)


def test_a_member_qr_is_a_member_qr_and_keeps_its_case():
    payload = "M1.ab12cd34.7.1780000000." + "aB3_-" * 8 + "xyz"
    assert scan(payload) == v.Scan(ScanKind.MEMBER_QR, payload)


@given(st.integers(min_value=0, max_value=2**32))
def test_every_new_coupon_code_routes_as_a_coupon(seed):
    code = v.new_coupon_code(PREFIX, LENGTH, random.Random(seed).choice)
    assert len(code) == LENGTH and code.startswith(PREFIX) and set(code[1:]) <= set(v.COUPON_ALPHABET)
    assert scan(code.lower()) == v.Scan(ScanKind.COUPON, code)


def test_a_sku_is_a_product():
    assert scan("LAT01") == v.Scan(ScanKind.PRODUCT, "LAT01")
    assert scan("690001").kind is ScanKind.PRODUCT         # too short for a phone


@given(st.sampled_from(v.PAYMENT_KEYS))
def test_every_payment_method_reads_back_from_its_key_and_its_names(key):
    method = v.payment_method(key)
    assert v.parse_payment_method(key.upper()) == key
    assert v.parse_payment_method(f" {key} ") == key
    assert method.receipt_label == f"{method.name} {method.name_zh}"


def test_payment_aliases_and_unknown_methods():
    assert v.parse_payment_method("WX") == "wechat" and v.parse_payment_method("bankcard") == "card"
    assert v.parse_payment_method("bitcoin") is None and v.parse_payment_method("") is None
    assert [m.key for m in v.PAYMENT_METHODS if m.gives_change] == [v.CASH]


def test_the_database_accepts_exactly_the_payment_methods():
    from pos.db.models import Payment

    check = next(c for c in Payment.__table__.constraints if getattr(c, "name", "") and "method" in str(c.name))
    allowed = set(re.findall(r"'(\w+)'", str(check.sqltext)))
    assert set(v.PAYMENT_KEYS) <= allowed


def raised_codes() -> set[tuple[str, str]]:
    """(code, file) of every PosError subclass raised with a literal code anywhere in pos/."""
    errors = {"PosError", "Refusal", "BadInput", "NotFound", "PermissionDenied", "EnvironmentFault"}
    found = set()
    for path in (ROOT / "pos").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                if name in errors and isinstance(node.args[0].value, str):
                    found.add((node.args[0].value, str(path.relative_to(ROOT))))
    return found


def test_every_error_code_raised_is_in_the_vocabulary():
    codes = raised_codes()
    assert len(codes) > 50                                  # the scan sees the raises
    assert {(code, where) for code, where in codes if code not in v.ERROR_CODES} == set()


# the codes CLI.md promises to scripts (its two lists)
CONTRACT = {"member_not_found", "phone_invalid", "phone_taken", "qr_invalid", "coupon_expired", "coupon_used",
            "coupon_not_yet_valid", "coupon_threshold_not_met", "coupon_not_for_member", "coupon_unknown",
            "points_insufficient", "points_step", "points_minimum", "points_cap_exceeded", "manager_pin_required",
            "receipt_not_found", "return_exceeds_sale", "store_unknown", "till_unknown", "referral_self",
            "referral_limit", "reward_unknown", "reward_out_of_stock", "offline_cap_exceeded",
            "offline_coupon_unknown"}


def test_the_error_codes_of_the_cli_contract_and_the_till_are_in_the_vocabulary():
    from pos.ui.messages import BY_CODE

    assert set(BY_CODE) <= v.ERROR_CODES
    assert v.ERROR_CODES >= CONTRACT
    assert all(re.fullmatch(r"[a-z]+(_[a-z0-9]+)*", code) for code in v.ERROR_CODES)


def test_a_member_card_number_reads_back():
    assert v.member_card_no(42) == "000042" and v.member_card_no(1_234_567) == "1234567"
    assert v.parse_member_card_no("000042") == 42 and v.parse_member_card_no("x1") is None


@given(st.integers(min_value=0, max_value=50), st.sampled_from(["", "C", "LC"]), st.integers(min_value=6, max_value=32))
def test_bulk_coupon_codes_are_codes_of_the_settings(n, prefix, length):
    codes = v.new_coupon_codes(prefix, length, n)
    assert len(codes) == n
    assert all(v.is_coupon_code(code, prefix, length) and set(code[len(prefix):]) <= set(v.COUPON_ALPHABET)
               for code in codes)


def test_bulk_coupon_codes_use_every_letter_evenly():
    letters = "".join(v.new_coupon_codes("", 10, 3200))      # 32,000 letters: ~1,000 of each of the 32
    counts = [letters.count(letter) for letter in v.COUPON_ALPHABET]
    assert min(counts) > 800 and max(counts) < 1200
