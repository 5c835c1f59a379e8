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


def normalise_phone(text: str, region: str = "CN") -> str:
    raw = (text or "").strip()
    if not raw or any(ch.isalpha() for ch in raw) or len(raw) > 24:
        raise BadInput("phone_invalid", f"'{text}' is not a mobile phone number")
    lib = _lib()
    try:
        number = lib.parse(raw, region)
    except lib.NumberParseException:
        raise BadInput("phone_invalid", f"'{text}' is not a mobile phone number") from None
    mobile = (lib.PhoneNumberType.MOBILE, lib.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if not lib.is_valid_number(number) or lib.number_type(number) not in mobile:
        raise BadInput("phone_invalid", f"'{text}' is not a valid mobile phone number")
    return lib.format_number(number, lib.PhoneNumberFormat.E164)


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
