"""The shipped configuration carries SPEC.md's numbers; bad values and unknown keys are refused naming the key."""

from __future__ import annotations

import copy
import tomllib
from dataclasses import fields
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.config import (
    DEFAULT_CONFIG_PATH,
    SECTIONS,
    ConfigError,
    Tier,
    config_from_dict,
    load_config,
    parse_config,
    toml_name,
)

RAW = tomllib.loads(DEFAULT_CONFIG_PATH.read_text(encoding="utf-8"))


def with_change(change) -> dict:
    data = copy.deepcopy(RAW)
    change(data)
    return data


def refused_naming(key: str, data: dict) -> str:
    with pytest.raises(ConfigError) as err:
        config_from_dict(data, "test.toml")
    assert err.value.code == "config_invalid"
    assert key in err.value.message, err.value.message
    return err.value.message


def test_default_ladder_is_the_spec_ladder():
    cfg = load_config()
    assert [t.key for t in cfg.tiers] == ["member", "silver", "gold", "diamond"]
    assert [t.growth for t in cfg.tiers] == [0, 2000, 8000, 20000]
    assert [t.discount for t in cfg.tiers] == [Decimal(0), Decimal("0.05"), Decimal("0.10"), Decimal("0.15")]
    assert [t.points_multiplier for t in cfg.tiers] == [Decimal(1), Decimal("1.2"), Decimal("1.5"), Decimal(2)]
    assert [t.label("zh") for t in cfg.tiers] == ["普通会员", "银卡", "金卡", "钻石卡"]
    assert cfg.entry_tier.key == "member" and cfg.tier("gold").name == "Gold"
    with pytest.raises(KeyError):
        cfg.tier("platinum")


def test_default_rule_numbers_are_the_spec_numbers():
    cfg = load_config()
    g, p, s = cfg.growth, cfg.points, cfg.segments
    assert (g.window_days, g.per_yuan, g.grace_days, g.max_drop_per_evaluation) == (365, 1, 30, 1)
    assert (p.earn_per_yuan, p.redeem_points_per_yuan, p.redeem_minimum, p.redeem_step) == (1, 100, 100, 100)
    assert p.redeem_max_share == Decimal("0.5") and p.expiry == "end_of_next_year"
    assert (p.birthday_multiplier, p.member_day, p.member_day_multiplier) == (2, 25, 2)
    assert (s.window_days, s.at_risk_days, s.hibernating_days, s.lost_days) == (365, 30, 60, 90)
    assert s.whale_spend_fen == 500000
    assert cfg.returns.manager_pin_above_fen == 50000 and cfg.coupons.welcome_value == Decimal(5)
    assert all(isinstance(t.discount, Decimal) for t in cfg.tiers)
    sec = cfg.security
    assert (sec.pin_max_failures, sec.pin_lockout_minutes, sec.pin_min_length) == (5, 5, 4)


def test_a_file_naming_only_the_required_keys_gets_the_shipped_numbers():
    minimal = {"store": {"name": "Shop"}, "receipt": {"join_member_url": "https://example.com/j"},
               "tiers": [{"key": t["key"], "name": t["name"], "growth": t["growth"]} for t in RAW["tiers"]]}
    built, shipped = config_from_dict(minimal), load_config()
    for name in ("printer", "growth", "points", "coupons", "returns", "segments", "security"):
        assert getattr(built, name) == getattr(shipped, name), name
    assert [t.discount for t in built.tiers] == [Decimal(0)] * 4


def test_float_rate_is_refused():
    message = refused_naming("tiers[1].discount", with_change(lambda d: d["tiers"][1].update(discount=0.05)))
    assert "quoted" in message and "'silver'" in message


def test_negative_growth_is_refused():
    refused_naming("tiers[2].growth", with_change(lambda d: d["tiers"][2].update(growth=-1)))
    refused_naming("growth.per_yuan", with_change(lambda d: d["growth"].update(per_yuan=-1)))


def test_unknown_printer_kind_is_refused():
    message = refused_naming("printer.kind", with_change(lambda d: d["printer"].update(kind="fax")))
    assert "escpos-network" in message


def test_missing_tier_key_is_refused():
    refused_naming("tiers[2].key", with_change(lambda d: d["tiers"][2].pop("key")))


def test_unsorted_tiers_are_refused():
    def swap(data):
        data["tiers"][2], data["tiers"][3] = data["tiers"][3], data["tiers"][2]
    assert "ascending" in refused_naming("tiers[3].growth", with_change(swap))


def test_other_inconsistencies_are_refused():
    refused_naming("tiers", with_change(lambda d: d["tiers"][1].update(key="member")))
    refused_naming("tiers[0].growth", with_change(lambda d: d["tiers"][0].update(growth=10)))
    refused_naming("points.redeem_minimum", with_change(lambda d: d["points"].update(redeem_minimum=150)))
    refused_naming("segments.at_risk_days", with_change(lambda d: d["segments"].update(lost_days=45)))
    refused_naming("segments.whale_spend", with_change(lambda d: d["segments"].update(whale_spend="1.234")))
    refused_naming("tiers", with_change(lambda d: d.update(tiers=[])))
    refused_naming("receipt.paper_width_mm", with_change(lambda d: d["receipt"].update(paper_width_mm=70)))
    refused_naming("security", with_change(lambda d: d.update(security=5)))


def test_unreadable_and_malformed_files_are_refused(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        parse_config("[store\nname=", source="bad.toml")


# ---------------------------------------------------------------- unknown keys

def test_a_typo_in_a_tier_is_refused_not_a_lost_discount():
    text = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8").replace('discount = "0.10"', 'discout = "0.20"')
    with pytest.raises(ConfigError) as err:
        parse_config(text, source="store.toml")
    message = err.value.message
    assert message.startswith("store.toml: tiers[2].discout: unknown setting"), message
    assert "did you mean discount?" in message and "'gold'" in message


def test_an_unknown_table_is_refused():
    text = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8") + "\n[point]\nearn_per_yuan = \"3\"\n"
    with pytest.raises(ConfigError) as err:
        parse_config(text, source="store.toml")
    assert err.value.message.startswith("store.toml: point: unknown setting (did you mean points?)")


def known_keys(path: str) -> set[str]:
    if path == "":
        return {*SECTIONS, "tiers"}
    cls = Tier if path.startswith("tiers[") else SECTIONS[path]
    return {toml_name(f) for f in fields(cls)}


PLACES = ["", *SECTIONS, *(f"tiers[{i}]" for i in range(len(RAW["tiers"])))]
KEYS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,20}", fullmatch=True)
VALUES = st.one_of(st.integers(), st.text(max_size=10), st.booleans(), st.dictionaries(KEYS, st.integers(), max_size=2))


def table_at(data: dict, path: str) -> dict:
    if path.startswith("tiers["):
        return data["tiers"][int(path[6:-1])]
    return data[path] if path else data


@given(place=st.sampled_from(PLACES), key=KEYS, value=VALUES)
def test_any_unknown_key_at_any_level_is_refused_naming_its_path(place, key, value):
    if key in known_keys(place) or (place, key) == ("coupons", "max_per_sale"):
        return
    data = copy.deepcopy(RAW)
    table_at(data, place)[key] = value
    dotted = f"{place}.{key}" if place else key
    assert f"{dotted}: unknown setting" in refused_naming(dotted, data)


# ---------------------------------------------------------------- the retired max_per_sale

def test_the_retired_max_per_sale_is_accepted_with_its_only_value_and_ignored():
    kept = config_from_dict(with_change(lambda d: d["coupons"].update(max_per_sale=1)))
    assert kept == load_config() and not hasattr(kept.coupons, "max_per_sale")
    message = refused_naming("coupons.max_per_sale", with_change(lambda d: d["coupons"].update(max_per_sale=2)))
    assert "no longer a setting" in message and "one coupon" in message


# ---------------------------------------------------------------- security (issue #12)

def security(**values) -> dict:
    return with_change(lambda d: d["security"].update(values))


@given(failures=st.integers(-5, 10**9), minutes=st.integers(-5, 10**6), length=st.integers(-1, 40))
def test_pin_rules_within_sane_ranges_only(failures, minutes, length):
    data = security(pin_max_failures=failures, pin_lockout_minutes=minutes, pin_min_length=length)
    sane = 3 <= failures <= 20 and 1 <= minutes <= 24 * 60 and 4 <= length <= 12
    if sane:
        sec = config_from_dict(data).security
        assert (sec.pin_max_failures, sec.pin_lockout_minutes, sec.pin_min_length) == (failures, minutes, length)
    else:
        with pytest.raises(ConfigError, match=r"security\.pin_"):
            config_from_dict(data)


def test_the_issue_values_are_refused():
    refused_naming("security.pin_lockout_minutes", security(pin_lockout_minutes=0))
    refused_naming("security.pin_max_failures", security(pin_max_failures=10**9))
    refused_naming("security.pin_min_length", security(pin_min_length=3))


@pytest.mark.parametrize(("kind", "target"), [
    ("pdf", ""), ("pdf", "/var/lib/pos/receipts"), ("pdf", "~/receipts"), ("pdf", "/tmp/out/receipt.pdf"),
    ("escpos-file", "/dev/usb/lp0"), ("escpos-file", "/dev/ttyUSB1"), ("escpos-file", "/dev/ttyACM0"),
    ("escpos-file", "/dev/serial/by-id/usb-EPSON_TM-T20III-if00"),
    ("escpos-network", "192.168.1.50:9100"), ("escpos-network", "printer.local"),
    ("escpos-usb", "04b8:0202"), ("system", ""), ("system", "Front_Counter"), ("none", ""),
])
def test_known_printer_targets_are_accepted(kind, target):
    cfg = config_from_dict(with_change(lambda d: d["printer"].update(kind=kind, target=target)))
    assert (cfg.printer.kind, cfg.printer.target) == (kind, target)


@pytest.mark.parametrize(("kind", "target"), [
    ("pdf", "/home/pos/.config/pos/config.toml"), ("pdf", "/etc/cron.d"), ("pdf", "/dev/sda"),
    ("pdf", "/proc/self/mem"), ("escpos-file", "/home/pos/.bashrc"), ("escpos-file", "/etc/passwd"),
    ("escpos-file", "/dev/sda"), ("escpos-file", "/dev/usb/lp0/../../sda"), ("escpos-file", "receipt.bin"),
    ("escpos-network", ""), ("escpos-network", "host:0"), ("escpos-network", "host:70000"),
    ("escpos-network", "host:port"), ("escpos-network", "-oProxyCommand=x:9100"),
    ("escpos-usb", "epson"), ("escpos-usb", "04b8:02020"), ("system", "-o raw"), ("system", "Front Counter"),
    ("system", "../x"),
])
def test_any_other_printer_target_is_refused(kind, target):
    message = refused_naming("printer.target", with_change(lambda d: d["printer"].update(kind=kind, target=target)))
    assert f"kind '{kind}'" in message
