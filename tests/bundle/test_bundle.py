"""The desktop bundle (dist/pos-loyalty, built by scripts/bundle.sh with PyInstaller) started for real:
`pos --version`, a fresh demo store made and checked by the bundled `pos`, and the till's and the
console's real sign-in windows rendered offscreen and saved as PNGs.

Building takes minutes, so these run only when the bundle exists (POS_BUNDLE_DIR, default
dist/pos-loyalty) or when POS_TEST_BUNDLE=1 asks for the build; otherwise they are skipped, saying so.
The programs run in a clean room: their own data, key and log folders, the working directory outside
the checkout, and no PYTHONPATH or virtual environment, so nothing is borrowed from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

import pos

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = Path(os.environ.get("POS_BUNDLE_DIR") or ROOT / "dist" / "pos-loyalty")
EXE = ".exe" if sys.platform.startswith("win") else ""


@pytest.fixture(scope="module")
def bundle() -> Path:
    if os.environ.get("POS_TEST_BUNDLE") == "1":
        venv = os.environ.get("VENV") or sys.prefix
        subprocess.run(["bash", str(ROOT / "scripts" / "bundle.sh")], check=True, timeout=3600,
                       env={**os.environ, "VENV": venv})
    elif not (BUNDLE / f"pos-terminal{EXE}").exists():
        pytest.skip(f"NO DESKTOP BUNDLE at {BUNDLE}: build it with `bash scripts/bundle.sh` (a few minutes), "
                    "or set POS_TEST_BUNDLE=1 to build it here")
    return BUNDLE


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bundle-room")


def run(bundle: Path, room: Path, program: str, *args: str, timeout: int = 300,
        extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "POS_DATABASE_URL", "POS_CONFIG", "POS_GRAB_WINDOW")}
    env.update(POS_KEY_DIR=str(room / "keys"), POS_LOG_DIR=str(room / "log"), XDG_DATA_HOME=str(room / "data"),
               XDG_STATE_HOME=str(room / "state"), QT_QPA_PLATFORM="offscreen", **(extra_env or {}))
    return subprocess.run([str(bundle / f"{program}{EXE}"), *args], cwd=room, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def store(bundle, room) -> str:
    db = room / "shop.sqlite3"
    made = run(bundle, room, "pos", "init", "--demo", "--db", str(db))
    assert made.returncode == 0, made.stdout + made.stderr
    return str(db)


def test_the_bundled_pos_says_its_version(bundle, room):
    shown = run(bundle, room, "pos", "--version")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == f"pos {pos.__version__}"


def test_the_bundled_doctor_finds_the_bundled_font_and_a_current_schema(bundle, room, store):
    checked = run(bundle, room, "pos", "doctor", "--db", store, "--json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "assets/fonts/wqy-microhei.ttc" in checked.stdout.replace("\\\\", "/")    # the bundle's own copy
    assert "traceback" not in (checked.stdout + checked.stderr).lower()


def _sign_in_drawn(path: Path) -> None:
    image = QImage(str(path))
    assert not image.isNull(), f"{path} is not a PNG"
    assert image.width() >= 300 and image.height() >= 150
    colours = {image.pixel(x, y) for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)}
    assert len(colours) > 5          # text, a field and buttons, not an empty rectangle


@pytest.mark.parametrize("program", ["pos-terminal", "pos-console"])
def test_the_bundle_starts_and_renders_its_sign_in(bundle, room, store, program):
    shot = room / f"{program}-signin.png"
    started = run(bundle, room, program, "--db", store, "--grab-window", str(shot))
    assert started.returncode == 0, started.stdout + started.stderr
    assert started.stdout.strip() == str(shot)
    _sign_in_drawn(shot)


def test_the_bundle_draws_with_no_system_fonts_at_all(bundle, room, store):
    """A till PC without Chinese fonts (a bare Windows or Linux install): an empty fontconfig leaves
    only the font the bundle carries (assets/fonts), which the till registers at start."""
    empty = room / "no-fonts"
    empty.mkdir()
    (empty / "fonts.conf").write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{empty}</dir>'
                                      f"<cachedir>{empty / 'cache'}</cachedir></fontconfig>\n")
    shot = room / "signin-no-system-fonts.png"
    env_font = {"FONTCONFIG_FILE": str(empty / "fonts.conf")}
    started = run(bundle, room, "pos-terminal", "--db", store, "--grab-window", str(shot), extra_env=env_font)
    assert started.returncode == 0, started.stdout + started.stderr
    _sign_in_drawn(shot)
