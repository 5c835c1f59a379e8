"""StoreConfig -> TOML text of the schema pos.config declares (the inverse of pos.config.parse_config).

Used when the configuration in force has no text of its own (built in code); every field is written
under its TOML name in the form its declaration reads back (money in yuan, rates as quoted decimals).
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from pos.config import SECTIONS, STEP_LISTS, StoreConfig, setting_of, toml_name


def config_to_toml(config: StoreConfig) -> str:
    # an empty step list is a choice (no ladder), written as `name = []` ahead of every table, since
    # leaving it out would read back as the default ladder
    empty = "".join(f"{name} = []\n" for name in STEP_LISTS if not getattr(config, name))
    parts = ([empty] if empty else []) + [_table(f"[{name}]", getattr(config, name)) for name in SECTIONS]
    parts += [_table("[[tiers]]", tier) for tier in config.tiers]
    parts += [_table(f"[[{name}]]", step) for name in STEP_LISTS for step in getattr(config, name)]
    return "\n".join(parts)


def step_lists(config: StoreConfig) -> dict[str, list[dict[str, Any]]]:
    """The step lists (bounce-back ladder, earn ladder...) as the settings dict holds them; empty ones too."""
    return {name: [_written(step) for step in getattr(config, name)] for name in STEP_LISTS}


def _written(section: Any) -> dict[str, Any]:
    return {toml_name(f): setting_of(f).write(getattr(section, f.name)) for f in fields(section)}


def _table(header: str, section: Any) -> str:
    lines = [header] + [f"{key} = {_value(value)}" for key, value in _written(section).items()]
    return "\n".join(lines) + "\n"


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")   # TOML forbids raw DEL
