"""The shipped configuration carries SPEC.md's numbers; bad values are refused naming the key."""

from __future__ import annotations

import copy
import tomllib
from decimal import Decimal

import pytest

from pos.config import DEFAULT_CONFIG_PATH, ConfigError, config_from_dict, load_config, parse_config

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
    assert s.whale_spend_fen == 500000 and cfg.coupons.max_per_sale == 1
    assert cfg.returns.manager_pin_above_fen == 50000 and cfg.coupons.welcome_value == Decimal(5)
    assert all(isinstance(t.discount, Decimal) for t in cfg.tiers)


def test_float_rate_is_refused():
    message = refused_naming("tiers[1].discount", with_change(lambda d: d["tiers"][1].update(discount=0.05)))
    assert "quoted" in message


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


def test_unreadable_and_malformed_files_are_refused(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        parse_config("[store\nname=", source="bad.toml")
