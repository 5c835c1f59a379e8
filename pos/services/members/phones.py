"""Phone numbers: parse any common format, keep E.164, show masked.

phonenumbers is imported on first use (~40 ms, a third of the till's cold-start budget overrun);
the till warms it up on its worker once the window is idle (`warm_up`).
"""

from __future__ import annotations

from functools import cache

from pos.errors import BadInput


@cache
def _lib():
    import phonenumbers

    return phonenumbers


def warm_up() -> None:
    normalise_phone("13800138000")


# Between the digits, what people type in a number: spaces, dashes, dots, brackets (also their full-width
# forms from a Chinese input method); a + only in front. phonenumbers itself skips ANY leading junk
# ('😀138...', '-138...', '#138...') and some trailing junk: that is refused here, not quietly dropped.
_SEPARATORS = frozenset(" -.()\u3000\uff0d\uff0e\uff08\uff09")
_PLUS = frozenset("+\uff0b")
_OPEN = frozenset("(\uff08")


def _well_formed(raw: str) -> bool:
    """Digits (any script's decimal digits: phonenumbers reads them) and the separators between them,
    after an optional opening bracket and +; the first digit comes straight after those, the last
    character is a digit."""
    start = 1 if raw[0] in _OPEN else 0
    start += 1 if raw[start:start + 1] in _PLUS else 0
    body = raw[start:]
    return bool(body) and body[0].isdecimal() and body[-1].isdecimal() and all(
        ch.isdecimal() or ch in _SEPARATORS for ch in body)


def normalise_phone(text: str, region: str = "CN") -> str:
    raw = (text or "").strip()
    if not raw or any(ch.isalpha() for ch in raw) or len(raw) > 24:
        raise BadInput("phone_invalid", f"'{text}' is not a mobile phone number")
    if not _well_formed(raw):
        raise BadInput("phone_invalid", f"'{text}' is not a mobile phone number: only digits, with spaces, dashes, "
                       "dots or brackets between them and a + in front")
    plain = _plain_cn_mobile(raw, region)
    if plain is not None:
        return plain
    lib = _lib()
    try:
        number = lib.parse(raw, region)
    except lib.NumberParseException:
        raise BadInput("phone_invalid", f"'{text}' is not a mobile phone number") from None
    mobile = (lib.PhoneNumberType.MOBILE, lib.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if not lib.is_valid_number(number) or lib.number_type(number) not in mobile:
        raise BadInput("phone_invalid", f"'{text}' is not a valid mobile phone number")
    return lib.format_number(number, lib.PhoneNumberFormat.E164)


def _plain_cn_mobile(raw: str, region: str) -> str | None:
    """The E.164 of a CN mobile typed plainly (11 ASCII digits with region CN, or +86 and them), as the
    full path below gives it, without phonenumbers' parse and second type check (~1/3 of a SQLite
    look-up). Only numbers starting 13-19 but not 179: for those parse() takes the digits as they are
    (CN's national/carrier prefix `1[12]xx`, `179xx`, `0` and its international prefix `00`,
    `1[12]xx00`, `179xx00` cannot match), and +86 has one region, so "valid and mobile" is exactly
    "its type is MOBILE or FIXED_LINE_OR_MOBILE". None: anything else, and numbers that fail that
    check (the full path gives their error)."""
    digits = raw[3:] if raw.startswith("+86") else raw if region == "CN" else ""
    if (len(digits) != 11 or not digits.isascii() or not digits.isdigit() or digits[0] != "1"
            or digits[1] not in "3456789" or digits.startswith("179")):
        return None
    lib = _lib()
    kind = lib.number_type(lib.PhoneNumber(country_code=86, national_number=int(digits)))
    if kind not in (lib.PhoneNumberType.MOBILE, lib.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        return None
    return "+86" + digits


def mask_phone(e164: str | None) -> str:
    """'+8613812345678' -> '138****5678' (foreign numbers keep their +country)."""
    if not e164:
        return "(erased)"
    if e164.startswith("+861") and len(e164) == 14 and e164[1:].isdigit():   # a CN mobile: no parsing needed
        return e164[3:6] + "****" + e164[-4:]
    number = _lib().parse(e164, None)
    digits = str(number.national_number)
    prefix = "" if number.country_code == 86 else f"+{number.country_code} "
    if len(digits) <= 7:
        return prefix + digits[:2] + "*" * (len(digits) - 4) + digits[-2:]
    return prefix + digits[:3] + "****" + digits[-4:]
