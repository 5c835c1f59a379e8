"""StoreConfig -> TOML text of the known schema (the inverse of pos.config.parse_config).

Used when the configuration in force has no text of its own (built in code); money goes back
to yuan strings and rates to quoted decimals, exactly as the loader wants them.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal

from pos.config import StoreConfig
from pos.money import fen_str

_FEN_KEYS = {"welcome_threshold_fen": "welcome_threshold", "manager_pin_above_fen": "manager_pin_above",
             "whale_spend_fen": "whale_spend"}
_SECTIONS = ("store", "receipt", "printer", "growth", "points", "coupons", "returns", "segments", "security")


def config_to_toml(config: StoreConfig) -> str:
    data = asdict(config)
    parts = [_table(f"[{name}]", data[name]) for name in _SECTIONS]
    parts += [_table("[[tiers]]", tier) for tier in data["tiers"]]
    return "\n".join(parts)


def _table(header: str, values: dict) -> str:
    lines = [header]
    for key, value in values.items():
        if key in _FEN_KEYS:
            key, value = _FEN_KEYS[key], fen_str(value)
        lines.append(f"{key} = {_value(value)}")
    return "\n".join(lines) + "\n"


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return json.dumps(str(value))
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")   # TOML forbids raw DEL
