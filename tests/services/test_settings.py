"""Settings editor: validation names the key, every save is audited, the next sale uses it."""

from __future__ import annotations

import json
import statistics
import time

import pytest
from sqlalchemy import select

from pos.config import DEFAULT_CONFIG_PATH, ConfigError, load_config, parse_config
from pos.db.models import AuditEntry, StoreSettings
from pos.errors import PermissionDenied
from pos.services.admin.settings import current_settings_toml, save_settings, validate_settings
from pos.services.admin.settings_toml import config_to_toml
from pos.services.context import AppContext
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput

PHONE = "13800138000"
SHIPPED = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")
SILVER_8 = SHIPPED.replace('discount = "0.05"', 'discount = "0.08"')


def silver_member(ctx) -> None:
    members.enrol(ctx, PHONE)
    for _ in range(2):
        co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE))


def latte_tier_discount(ctx) -> int:
    return co.quote(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT")], member_phone=PHONE)).tier_discount_fen


def audit_rows(ctx, action):
    with ctx.read() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


@pytest.mark.parametrize(("edit", "key"), [
    (('discount = "0.05"', "discount = 0.05"), "tiers[1].discount"),
    (("redeem_points_per_yuan = 100", "redeem_points_per_yuan = 0"), "points.redeem_points_per_yuan"),
    (('kind = "pdf"', 'kind = "laser"'), "printer.kind"),
    (("at_risk_days = 30", "at_risk_days = 75"), "segments.at_risk_days"),
    (('whale_spend = "5000.00"', 'whale_spend = "5000.001"'), "segments.whale_spend"),
    (("[store]", "[store\n"), "not valid TOML"),
])
def test_validation_error_names_the_key(edit, key):
    with pytest.raises(ConfigError) as err:
        validate_settings(SHIPPED.replace(*edit))
    assert key in err.value.message


def test_invalid_settings_are_not_saved(ctx, manager):
    with pytest.raises(ConfigError):
        save_settings(ctx, manager.id, SHIPPED.replace('discount = "0.05"', 'discount = "5"'))
    with ctx.read() as session:
        assert session.scalars(select(StoreSettings)).first() is None
    assert audit_rows(ctx, "settings_changed") == []


def test_save_takes_effect_for_the_next_sale_on_every_till(ctx, db_url, clock, products, manager):
    silver_member(ctx)
    other_till = AppContext(ctx.engine, load_config(), clock)   # started before the change
    assert latte_tier_discount(ctx) == latte_tier_discount(other_till) == 140     # 5 % of 28.00
    saved = save_settings(ctx, manager.id, SILVER_8)
    assert saved.tier("silver").discount == ctx.config.tier("silver").discount == parse_config(SILVER_8).tiers[1].discount
    assert latte_tier_discount(ctx) == 224                                       # 8 % at once here
    assert latte_tier_discount(other_till) == 224                                # and at the other till
    sale = co.checkout(other_till, co.CheckoutRequest(lines=[LineInput(sku="LAT")], member_phone=PHONE))
    assert sale.tier_discount_fen == 224
    assert current_settings_toml(other_till) == SILVER_8


def test_every_save_is_audited_with_what_changed(ctx, manager):
    save_settings(ctx, manager.id, SILVER_8)
    save_settings(ctx, manager.id, SILVER_8.replace('name = "Demo Coffee 示范咖啡"', 'name = "Shop 2"'))
    first, second = audit_rows(ctx, "settings_changed")
    assert first.staff_id == second.staff_id == manager.id
    assert json.loads(first.details)["changes"] == ["tiers[1].discount: '0.05' -> '0.08'"]
    assert json.loads(second.details)["changes"] == ["store.name: 'Demo Coffee 示范咖啡' -> 'Shop 2'"]
    assert (first.target, second.target) == ("v1", "v2")


def test_cashier_cannot_change_settings(ctx, cashier, manager):
    with pytest.raises(PermissionDenied) as err:
        save_settings(ctx, cashier.id, SILVER_8)
    assert err.value.code == "manager_required"
    assert ctx.config.tier("silver").discount == load_config().tier("silver").discount
    [violation] = audit_rows(ctx, "role_violation")
    assert violation.staff_id == cashier.id
    with ctx.read() as session:
        assert session.scalars(select(StoreSettings)).first() is None


def test_current_settings_is_the_file_text_until_saved(ctx, manager):
    assert current_settings_toml(ctx) == SHIPPED
    save_settings(ctx, manager.id, SILVER_8)
    assert current_settings_toml(ctx) == SILVER_8


def test_toml_writer_round_trips_the_configuration():
    config = load_config()
    assert parse_config(config_to_toml(config)) == config
    odd = parse_config(SHIPPED.replace('header = "Thank you! 谢谢惠顾"', 'header = "a \\"quoted\\" \\\\ line\\tx"'))
    assert parse_config(config_to_toml(odd)) == odd


def test_checking_for_new_settings_costs_well_under_a_millisecond(ctx, manager):
    save_settings(ctx, manager.id, SILVER_8)
    times = []
    with ctx.read() as session:
        for _ in range(300):
            start = time.perf_counter()
            ctx.follow_settings(session)
            times.append(time.perf_counter() - start)
    assert ctx.settings_version == 1
    assert statistics.median(times) < 0.001, f"{statistics.median(times) * 1000:.3f} ms per check"
