"""PINs, lock-out, and signed member QR payloads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import AuditEntry
from pos.errors import PosError
from pos.services.admin.setup import init_database
from pos.services.context import AppContext
from pos.services.members import lookup as members
from pos.services.staff import accounts as staff


def codes(ctx):
    with ctx.read() as session:
        return [a.action for a in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_pin_is_hashed_and_locks_after_failures(ctx, cashier, clock):
    from pos.db.models import Staff

    with ctx.read() as session:
        assert "1234" not in session.scalar(select(Staff.pin_hash))
    assert staff.sign_in(ctx, "1234").code == "C01"
    for _ in range(5):
        with pytest.raises(PosError) as err:
            staff.sign_in(ctx, "0000", code="C01")
        assert err.value.code == "pin_invalid"
        clock.moment += timedelta(seconds=30)             # past the till's back-off
    other_till = AppContext(ctx.engine, ctx.config, clock, till_id="other-till")   # this one is locked too
    with pytest.raises(PosError) as locked:
        staff.sign_in(other_till, "1234", code="C01")
    assert locked.value.code == "staff_locked"
    clock.moment += timedelta(minutes=6)
    assert staff.sign_in(ctx, "1234", code="C01").role == "cashier"
    assert codes(ctx).count("pin_failed") == 5 and "staff_locked" in codes(ctx)


def test_cashier_pin_is_not_a_manager_pin(ctx, cashier, manager):
    with pytest.raises(PosError) as err:
        staff.require_manager(ctx, "1234", "Test")
    assert err.value.code == "pin_invalid"
    assert staff.require_manager(ctx, "8888", "Test").is_manager


@pytest.mark.parametrize("pin", ["", "12", "abcd", "1234567890123"])
def test_bad_pin_format(ctx, pin):
    with pytest.raises(PosError) as err:
        staff.sign_in(ctx, pin)
    assert err.value.code == "pin_invalid_format"


def test_member_qr_round_trip_and_tampering(ctx, tmp_path):
    enrolled = members.enrol(ctx, "13800138000")
    payload = enrolled.qr_payload
    assert members.lookup(ctx, qr=payload).member_id == enrolled.member.member_id
    head, signature = payload.rsplit(".", 1)
    parts = head.split(".")
    forged_id = ".".join(parts[:2] + ["2"] + parts[3:]) + "." + signature
    flipped = head + "." + ("A" if signature[0] != "A" else "B") + signature[1:]
    for bad in (forged_id, flipped, payload[:-5], payload + "x", "M1." + "x" * 20, "", "13800138000"):
        with pytest.raises(PosError) as err:
            members.lookup(ctx, qr=bad)
        assert err.value.code in ("qr_invalid",), bad
    other = AppContext(make_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}"), load_config(), ctx.clock)
    init_database(other)
    foreign = members.enrol(other, "13800138000").qr_payload
    with pytest.raises(PosError) as err:
        members.lookup(ctx, qr=foreign)
    assert err.value.code == "qr_invalid"


@pytest.mark.parametrize("phone", ["13800138000", "+86 138 0013 8000", "138-0013-8000", "+8613800138000",
                                   "0086 13800138000"])
def test_phone_formats_find_the_same_member(ctx, phone):
    members.enrol(ctx, "13800138000")
    assert members.lookup(ctx, phone=phone).phone_masked == "138****8000"


@pytest.mark.parametrize("phone", ["abc", "1380013800", "138001380001", "02155550188", "+86 138 0013 800x", ""])
def test_bad_phones_refused(ctx, phone):
    with pytest.raises(PosError) as err:
        members.enrol(ctx, phone)
    assert err.value.code == "phone_invalid"


def test_lock_out_follows_the_configuration(ctx, cashier, clock):
    from dataclasses import replace

    config = replace(ctx.config, security=replace(ctx.config.security, pin_max_failures=3, pin_lockout_minutes=2))
    for till in ("till-1", "till-2", "till-3"):        # one wrong PIN at each of three tills
        with pytest.raises(PosError) as err:
            staff.sign_in(AppContext(ctx.engine, config, clock, till_id=till), "0000", code="C01")
        assert err.value.code == "pin_invalid"
    strict = AppContext(ctx.engine, config, clock, till_id="till-4")
    with pytest.raises(PosError) as locked:
        staff.sign_in(strict, "1234", code="C01")      # the right PIN, but locked after 3 failures
    assert locked.value.code == "staff_locked"
    clock.moment += timedelta(minutes=1)
    with pytest.raises(PosError):
        staff.sign_in(strict, "1234", code="C01")
    clock.moment += timedelta(minutes=1, seconds=1)
    assert staff.sign_in(strict, "1234", code="C01").code == "C01"


def test_pins_use_the_configured_argon2_parameters_and_old_hashes_are_replaced(ctx):
    from argon2 import PasswordHasher

    from pos.db.models import Staff
    from pos.services.staff.accounts import create_staff, hash_pin, sign_in

    assert hash_pin("2468").startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    create_staff(ctx, "C77", "Old hash", "cashier", "2468")
    old = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash("2468")   # argon2-cffi's default
    with ctx.write() as session:
        session.scalars(select(Staff).where(Staff.code == "C77")).one().pin_hash = old
    assert sign_in(ctx, "2468", code="C77").code == "C77"            # still accepted
    with ctx.read() as session:
        renewed = session.scalars(select(Staff).where(Staff.code == "C77")).one().pin_hash
    assert renewed != old and renewed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert sign_in(ctx, "2468", code="C77").code == "C77"
