"""The settings editor: the store configuration as TOML, validated, saved in the database
(so every till follows it at its next unit of work) and audited with a summary of the change."""

from __future__ import annotations

import tomllib
from pathlib import Path

from sqlalchemy.orm import Session

from pos.config import ConfigError, StoreConfig, parse_config
from pos.db.models import StoreSettings
from pos.services.admin.settings_toml import config_to_toml
from pos.services.context import AppContext
from pos.services.staff import audit
from pos.services.staff.roles import require_chain_admin

MAX_CHANGES_LISTED = 40


def current_settings_toml(ctx: AppContext) -> str:
    with ctx.read() as session:
        return _text_in_force(session, ctx)


def validate_settings(text: str) -> StoreConfig:
    """The configuration `text` describes; ConfigError naming the bad key otherwise."""
    return parse_config(text, source="settings")


def save_settings(ctx: AppContext, actor_id: int, text: str) -> StoreConfig:
    """Saves `text` as the newest settings for every till; an invalid text (ConfigError naming the
    key) is refused before anything is written, so the settings in force stay as they were."""
    config = validate_settings(text)
    with ctx.write() as session:
        manager = require_chain_admin(session, actor_id, "Changing the settings")   # chain-wide
        previous = _text_in_force(session, ctx)
        saved = StoreSettings(saved_at=ctx.clock(), saved_by=manager.id, toml=text)
        session.add(saved)
        session.flush()
        changes = describe_changes(previous, text)
        audit.record(session, ctx.clock(), "settings_changed", staff_id=manager.id, target=f"v{saved.id}",
                     changed=len(changes), changes=changes[:MAX_CHANGES_LISTED])
    ctx.config, ctx.settings_version = config, saved.id
    return config


def _text_in_force(session: Session, ctx: AppContext) -> str:
    saved = session.get(StoreSettings, ctx.settings_version) if ctx.settings_version else None
    if saved is not None:
        return saved.toml
    source = Path(ctx.config.source) if ctx.config.source else None
    if source is not None and source.is_file():
        try:
            text = source.read_text(encoding="utf-8")
            if parse_config(text) == ctx.config:
                return text
        except (OSError, ValueError, ConfigError):   # the file changed since it was read: write it out
            pass
    return config_to_toml(ctx.config)


def describe_changes(before: str, after: str) -> list[str]:
    """'tiers[1].discount: "0.05" -> "0.08"' for every key whose value differs."""
    old, new = _flatten(tomllib.loads(before)), _flatten(tomllib.loads(after))
    return [f"{key}: {_show(old.get(key))} -> {_show(new.get(key))}"
            for key in sorted(old.keys() | new.keys()) if old.get(key) != new.get(key)]


def _flatten(node: object, prefix: str = "") -> dict[str, object]:
    if isinstance(node, dict):
        items = node.items()
        return {k: v for key, value in items for k, v in _flatten(value, f"{prefix}.{key}" if prefix else key).items()}
    if isinstance(node, list) and node and all(isinstance(item, dict) for item in node):
        return {k: v for i, item in enumerate(node) for k, v in _flatten(item, f"{prefix}[{i}]").items()}
    return {prefix: node}


def _show(value: object) -> str:
    return "(none)" if value is None else repr(value)[:60]
