"""normalise_phone's shortcut for plainly typed CN mobiles gives exactly what phonenumbers' full
parse + validity + type check gives: the same E.164, or the same refusal."""

from __future__ import annotations

from random import Random

import phonenumbers
import pytest

from pos.errors import BadInput
from pos.services.members import phones


def full_path(text: str, region: str = "CN") -> str | None:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    mobile = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in mobile:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalised(text: str, region: str = "CN") -> str | None:
    try:
        return phones.normalise_phone(text, region)
    except BadInput:
        return None


def numbers() -> list[str]:
    rng = Random(19)
    out = []
    for prefix in range(100, 200):             # every 1xx block, the shortcut's and the others'
        for _ in range(30):
            out.append(f"{prefix}{rng.randrange(10**8):08d}")
    out += [f"{rng.randrange(10**11):011d}" for _ in range(500)]      # any 11 digits
    return out


@pytest.mark.parametrize("form", ["national", "e164"])
def test_the_shortcut_agrees_with_phonenumbers(form):
    checked = shortcut = 0
    for digits in numbers():
        text = digits if form == "national" else "+86" + digits
        assert normalised(text) == full_path(text), text
        checked += 1
        shortcut += phones._plain_cn_mobile(text, "CN") is not None
    assert checked > 3000 and shortcut > 1000       # the shortcut did take most mobiles


def test_other_regions_and_forms_take_the_full_path():
    assert phones._plain_cn_mobile("13800138000", "HK") is None
    assert phones._plain_cn_mobile("138 0013 8000", "CN") is None
    assert phones._plain_cn_mobile("１３８００１３８０００", "CN") is None
    assert phones._plain_cn_mobile("17951234567", "CN") is None
    assert normalised("138 0013 8000") == normalised("13800138000") == "+8613800138000"
    assert normalised("13800138000", "HK") == full_path("13800138000", "HK")
