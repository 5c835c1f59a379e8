"""Phone numbers: parse any common format, keep E.164, show masked."""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from pos.errors import BadInput

_MOBILE = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalise_phone(text: str, region: str = "CN") -> str:
    raw = (text or "").strip()
    if not raw or any(ch.isalpha() for ch in raw) or len(raw) > 24:
        raise BadInput("phone_invalid", f"'{text}' is not a mobile phone number")
    try:
        number = phonenumbers.parse(raw, region)
    except NumberParseException:
        raise BadInput("phone_invalid", f"'{text}' is not a mobile phone number") from None
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in _MOBILE:
        raise BadInput("phone_invalid", f"'{text}' is not a valid mobile phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national_digits(e164: str) -> str:
    number = phonenumbers.parse(e164, None)
    return str(number.national_number)


def mask_phone(e164: str | None) -> str:
    """'+8613812345678' -> '138****5678' (foreign numbers keep their +country)."""
    if not e164:
        return "(erased)"
    if e164.startswith("+861") and len(e164) == 14 and e164[1:].isdigit():   # a CN mobile: no parsing needed
        return e164[3:6] + "****" + e164[-4:]
    number = phonenumbers.parse(e164, None)
    digits = str(number.national_number)
    prefix = "" if number.country_code == 86 else f"+{number.country_code} "
    if len(digits) <= 7:
        return prefix + digits[:2] + "*" * (len(digits) - 4) + digits[-2:]
    return prefix + digits[:3] + "****" + digits[-4:]
