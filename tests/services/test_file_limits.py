"""Finding 5: a local configuration file (`--config`, POS_CONFIG) cannot loosen the security
limits (manager thresholds, lock-out) of a store whose database has no settings yet (the state
after `pos init`): the shipped defaults hold until a manager saves settings, which are audited."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from pos.config import DEFAULT_CONFIG_PATH
from pos.db.models import AuditEntry, LedgerEntry, Member, Return, Sale
from pos.errors import PosError
from pos.services.admin import settings
from pos.services.admin.bootstrap import open_store
from pos.services.members import detail
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput
from pos.services.staff.accounts import create_staff, sign_in
from tests.databases import NOW

PHONE = "13800138000"
SHIPPED = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")
LOOSE = {"manager_pin_above = 5000": "manager_pin_above = 99999999",
         'manager_pin_above = "500.00"': 'manager_pin_above = "99999.00"',
         "pin_max_failures = 5": "pin_max_failures = 20", "pin_lockout_minutes = 5": "pin_lockout_minutes = 1"}


def edited(changes: dict[str, str]) -> str:
    text = SHIPPED
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def loose_file(tmp_path):
    path = tmp_path / "store.toml"
    path.write_text(edited(LOOSE), encoding="utf-8")
    return path


@pytest.fixture
def store(db_url, clock, loose_file):
    """The store as the till or `pos` opens it, with the loose file; a member with 40,000 points."""
    ctx = open_store(db_url, str(loose_file), clock=clock)
    manager = create_staff(ctx, "M01", "Manager One", "manager", "8888")
    from pos.db.models import Product

    with ctx.write() as session:
        session.add(Product(sku="BIG", barcode="6900000000001", name="Big item", price_fen=100000, discountable=True))
    member_id = members.enrol(ctx, PHONE).member.member_id
    detail.adjust_points(ctx, manager.id, member_id, 40000, "opening balance")
    yield ctx
    ctx.engine.dispose()


def counts(ctx) -> dict[str, int]:
    with ctx.read() as session:
        return {model.__name__: session.scalar(select(func.count()).select_from(model))
                for model in (Sale, Return, LedgerEntry, AuditEntry)}


def test_the_file_cannot_loosen_the_limits(store):
    limits = store.config
    assert (limits.points.manager_pin_above, limits.returns.manager_pin_above_fen) == (5000, 50000)
    assert (limits.security.pin_max_failures, limits.security.pin_lockout_minutes) == (5, 5)


def test_no_redemption_of_40000_points_without_a_pin(store):
    before = counts(store)
    with pytest.raises(PosError) as refused:
        co.checkout(store, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE, redeem_points=40000))
    assert refused.value.code == "manager_pin_required"
    assert counts(store) == before and members.lookup(store, phone=PHONE).points == 40000


def test_no_refund_of_3000_without_a_pin(store):
    sale = co.checkout(store, co.CheckoutRequest(lines=[LineInput(sku="BIG", qty=3)]))
    before = counts(store)
    with pytest.raises(PosError) as refused:
        returns.return_sale(store, sale.receipt_no)
    assert refused.value.code == "manager_pin_required"
    assert counts(store) == before


def test_a_file_may_tighten_them(db_url, clock, tmp_path):
    path = tmp_path / "strict.toml"
    path.write_text(edited({"manager_pin_above = 5000": "manager_pin_above = 1000",
                            "pin_lockout_minutes = 5": "pin_lockout_minutes = 30"}), encoding="utf-8")
    ctx = open_store(db_url, str(path), clock=clock)
    assert (ctx.config.points.manager_pin_above, ctx.config.security.pin_lockout_minutes) == (1000, 30)
    ctx.engine.dispose()


def test_settings_a_manager_saved_set_them(store):
    settings.save_settings(store, sign_in(store, "8888").id, edited({"manager_pin_above = 5000": "manager_pin_above = 50000"}))
    sale = co.checkout(store, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE,
                                                 redeem_points=40000))
    assert sale.points_redeemed == 40000
    with store.read() as session:
        assert session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "settings_changed")) == 1


def test_the_pos_command_with_a_loose_config(store, db_url, loose_file):
    """The report's reproduction: `pos sale --config` with the loose file and no PIN."""
    env = {**os.environ, "POS_DATABASE_URL": db_url, "POS_NOW": NOW.isoformat()}
    env.pop("POS_CONFIG", None)
    before = counts(store)
    sale = ["sale", "--member", PHONE, "--line", "BIG", "--redeem", "40000"]
    proc = subprocess.run([sys.executable, "-m", "pos.cli.main", *sale, "--config", str(loose_file), "--json"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)["error"]["code"] == "manager_pin_required"
    assert counts(store) == before
    with store.read() as session:
        assert session.get(Member, 1).points_balance == 40000
