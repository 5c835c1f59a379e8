"""Hostile input at every parser and at the CLI: an error code and a message, never a traceback,
never a half-written record."""

from __future__ import annotations

import contextlib
import io
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from pos.cli.main import main
from pos.config import parse_config
from pos.errors import PosError
from pos.money import parse_yuan
from pos.services.coupons import issue as coupons
from pos.services.members import qr as member_qr
from pos.services.members.lookup import parse_birthday
from pos.services.members.phones import normalise_phone
from pos.services.sales import checkout, returns
from pos.services.sales.cart import LineInput, parse_line_spec
from tests.databases import sqlite_url
from tests.reliability.conftest import TRIED

MANY = settings(max_examples=400, deadline=None)
junk = st.one_of(st.text(max_size=60), st.text(alphabet="0123456789+-:=,. ¥", max_size=30),
                 st.from_regex(r"M1\.[a-z0-9]{0,10}\.[0-9]{0,6}\.[0-9]{0,12}\.[A-Za-z0-9_-]{0,50}", fullmatch=True))


def refuses_cleanly_if_at_all(fn, value):
    """Random text may be valid input: accepting it is fine, failing any other way than a PosError is not."""
    try:
        fn(value)
    except PosError as exc:
        assert exc.code and exc.message and exc.exit_code in (1, 2)


def refuses(fn, value):
    with pytest.raises(PosError) as refusal:
        fn(value)
    assert refusal.value.code and refusal.value.message and refusal.value.exit_code in (1, 2)


@pytest.mark.parametrize("parser", [
    normalise_phone, parse_line_spec, parse_yuan, parse_birthday, checkout.parse_payment,
    returns.parse_return_line, coupons.normalise_code,
    lambda v: coupons.parse_spec("percent", v), lambda v: coupons.parse_spec("amount", "5", threshold=v),
    lambda v: parse_config(v),
], ids=["phone", "line", "money", "birthday", "payment", "return_line", "coupon_code", "percent", "threshold",
        "config"])
@MANY
@given(value=junk)
def test_parsers_refuse_with_a_code(parser, value):
    TRIED["parsers"] += 1
    refuses_cleanly_if_at_all(parser, value)


# Found by the fuzzer or by reading Python's str/Decimal rules: each once reached int()/Decimal() unguarded.
NASTY = ["²", "1:²", "LAT:²", "name=x,price=1,qty=²", "１２", "١٢", "1e5", "1_000", "NaN", "-0", "+", ".", "\x00",
         " ", "", "9" * 40, "-" + "9" * 40, "0x10", "½", "∞", "１３８００１３８０００"]


def _sku(value: str) -> LineInput:
    return LineInput(sku=value)


# The NASTY inputs a parser accepts on purpose, with what it must make of them; it must refuse all the others.
ACCEPTED = {
    "phone": {"１３８００１３８０００": "+8613800138000"},            # full-width digits from a Chinese IME
    # any text without ':' or '=' is a SKU or barcode, refused later if the catalogue has no such item
    "line": {v: _sku(v) for v in NASTY if v.strip() and ":" not in v and "=" not in v},
    "money": {"１２": 1200, "١٢": 1200, "-0": 0},                  # Unicode decimal digits; minus zero is zero
    "birthday": {"": (None, None)},                                  # no birthday given
    "payment": {},
    "return_line": {"9" * 40: (int("9" * 40), None)},              # a line number the sale then refuses
    # any letters and digits make a code, refused later as unknown by the look-up
    "coupon_code": {v: v.upper() for v in NASTY if v.strip().isalnum()},
    "percent": {"１２": coupons.CouponSpec("percent", percent_bp=1200), "١٢": coupons.CouponSpec("percent", percent_bp=1200)},
}


@pytest.mark.parametrize("name, parser", [
    ("phone", normalise_phone), ("line", parse_line_spec), ("money", parse_yuan), ("birthday", parse_birthday),
    ("payment", checkout.parse_payment), ("return_line", returns.parse_return_line),
    ("coupon_code", coupons.normalise_code), ("percent", lambda v: coupons.parse_spec("percent", v)),
], ids=["phone", "line", "money", "birthday", "payment", "return_line", "coupon_code", "percent"])
def test_known_nasty_inputs(name, parser):
    for value in NASTY:
        TRIED["parsers"] += 1
        if value in ACCEPTED[name]:
            assert parser(value) == ACCEPTED[name][value], value
        else:
            refuses(parser, value)


@settings(max_examples=300, deadline=None)
@given(payload=junk)
def test_qr_payloads(payload):
    from sqlalchemy.orm import Session

    TRIED["qr"] += 1
    with Session(_engine()) as session:
        try:
            member_qr.verify_payload(session, payload, __import__("datetime").datetime(2026, 6, 10), 30)
        except PosError as exc:
            assert exc.code == "qr_invalid"
        else:
            pytest.fail("a random payload was accepted")


_ENGINE = {}


def _engine():
    if "e" not in _ENGINE:
        import tempfile
        from pathlib import Path

        folder = Path(tempfile.mkdtemp())
        url = sqlite_url(folder)
        _ENGINE["url"] = url
        _ENGINE["e"] = create_engine(url)
        with _ENGINE["e"].begin() as conn:
            conn.execute(text("INSERT INTO products (sku, name, price_fen, discountable, active) "
                              "VALUES ('LAT', 'Latte', 2800, 1, 1)"))
    return _ENGINE["e"]


def _rows() -> dict[str, int]:
    from sqlalchemy import inspect

    with _engine().connect() as conn:
        return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in inspect(conn).get_table_names()}


TEMPLATES = [
    ["member", "enrol", "--phone", "{0}"], ["member", "enrol", "--phone", "13800138000", "--birthday", "{0}"],
    ["member", "show", "--phone", "{0}"], ["member", "show", "--qr", "{0}"],
    ["sale", "--line", "{0}"], ["sale", "--line", "LAT", "--redeem", "{0}"], ["sale", "--line", "LAT", "--pay", "{0}"],
    ["sale", "--line", "LAT", "--coupon", "{0}"], ["sale", "--line", "LAT", "--sale-id", "{0}"],
    ["return", "{0}"], ["return", "R260610-000001", "--line", "{0}"], ["coupon", "show", "{0}"],
    ["coupon", "issue", "--kind", "amount", "--value", "{0}"], ["coupon", "issue", "--kind", "cash", "--value", "5",
                                                                "--count", "{0}"],
    ["{0}"], ["sale", "{0}", "{0}"],
    ["member", "enrol", "--phone", "13800138000", "--referrer", "{0}"], ["return", "{0}", "--line", "{0}"],
    ["coupon", "issue", "--kind", "percent", "--value", "{0}", "--cap", "{0}"],
    ["coupon", "issue", "--kind", "amount", "--value", "5", "--threshold", "{0}", "--segment", "{0}"],
    ["points", "adjust", "--phone", "{0}", "--points", "{0}", "--reason", "{0}"],
    ["staff", "add", "--code", "{0}", "--name", "{0}", "--role", "cashier", "--pin", "{0}"],
    ["fraud", "--days", "{0}"], ["audit", "--limit", "{0}"], ["sale", "--qr", "{0}", "--line", "LAT"],
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(template=st.sampled_from(TEMPLATES), value=junk)
def test_cli_never_shows_a_traceback(template, value):
    TRIED["cli"] += 1
    _engine()
    os.environ["POS_DATABASE_URL"] = _ENGINE["url"]
    os.environ["POS_NOW"] = "2026-06-10T12:00:00"
    argv = [part.replace("{0}", value) for part in template] + ["--json"]
    before = _rows()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    assert status in (0, 1, 2), (argv, out.getvalue(), err.getvalue())
    assert "Traceback" not in err.getvalue()
    reply = json.loads(out.getvalue()) if out.getvalue().strip() else {}
    if status:
        assert reply["error"]["code"] and _rows() == before       # a refusal writes nothing
