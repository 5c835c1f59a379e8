"""Secrets kept outside the database (the member-QR keys): the OS keyring where there is one,
otherwise one 0600 file per secret in a 0700 folder of the user's configuration directory.

`POS_KEY_DIR` names the folder and forces files (tests, kiosks without a keyring service).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from pos.errors import EnvironmentFault
from pos.files import private_folder, refuse_symlink, write_private

SERVICE = "pos-loyalty"
_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def key_dir() -> Path:
    configured = os.environ.get("POS_KEY_DIR")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(SERVICE, appauthor=False)) / "keys"


def get(name: str) -> str | None:
    _check(name)
    ring = _keyring()
    if ring is not None:
        try:
            found = ring.get_password(SERVICE, name)
        except Exception:   # noqa: BLE001 - a locked or broken keyring: the file may still hold it
            found = None
        if found:
            return found
    path = refuse_symlink(key_dir() / f"{name}.key")
    try:
        return path.read_text(encoding="ascii").strip() or None
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise EnvironmentFault("key_unreadable", f"cannot read the key file {path}: {exc.strerror}") from None


def put(name: str, value: str) -> None:
    """Stores a secret once; the same name with another value is refused (a key never changes)."""
    existing = get(name)
    if existing == value:
        return
    if existing is not None:
        raise EnvironmentFault("key_conflict", f"this computer already holds a different secret '{name}'")
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(SERVICE, name, value)
            return
        except Exception:   # noqa: BLE001 - no usable keyring after all: fall back to the file
            pass
    write_private(private_folder(key_dir()) / f"{name}.key", value.encode("ascii"))


def where() -> str:
    ring = _keyring()
    return f"keyring {type(ring).__name__}" if ring is not None else str(key_dir())


def _keyring():  # noqa: ANN202
    if os.environ.get("POS_KEY_DIR"):
        return None
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return backend


def _check(name: str) -> None:
    if not _NAME.match(name):
        raise ValueError(f"bad secret name {name!r}")
