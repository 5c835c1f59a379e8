"""scripts/install-desktop.sh: the Linux menu entries and the icon, installed into a throw-away
XDG_DATA_HOME for programs in a folder with a space in its name, then removed again."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "install-desktop.sh"


def _programs(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_text("#!/bin/sh\n")
        (folder / name).chmod(0o755)
    return folder


def _install(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "XDG_DATA_HOME": str(data)})


def _entry(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def test_the_bundle_entries_start_its_programs_and_find_the_icon(tmp_path):
    bundle = _programs(tmp_path / "pos loyalty", "pos-terminal", "pos-console", "pos")
    data = tmp_path / "share"
    done = _install(data, "--bin", str(bundle))
    assert done.returncode == 0, done.stderr
    till = _entry(data / "applications" / "pos-loyalty.desktop")
    console = _entry(data / "applications" / "pos-loyalty-console.desktop")
    assert till["Exec"] == f'"{bundle}/pos-terminal"' and till["TryExec"] == f"{bundle}/pos-terminal"
    assert console["Exec"] == f'"{bundle}/pos-console"'
    assert till["Name[zh_CN]"] == "会员收银终端" and till["Icon"] == console["Icon"] == "pos-loyalty"
    for size in (16, 32, 48, 64, 128, 256, 512):
        icon = QImage(str(data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "pos-loyalty.png"))
        assert (icon.width(), icon.height()) == (size, size)
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "pos-loyalty.svg").is_file()

    removed = _install(data, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert not list((data / "applications").glob("*.desktop"))
    assert not list((data / "icons").rglob("pos-loyalty.*"))


def test_a_source_install_opens_the_console_with_manager(tmp_path):
    venv_bin = _programs(tmp_path / "venv" / "bin", "pos-terminal", "pos")
    done = _install(tmp_path / "share", "--bin", str(venv_bin))
    assert done.returncode == 0, done.stderr
    console = _entry(tmp_path / "share" / "applications" / "pos-loyalty-console.desktop")
    assert console["Exec"] == f'"{venv_bin}/pos-terminal" "--manager"'


def test_no_programs_no_entries(tmp_path):
    done = _install(tmp_path / "share", "--bin", str(tmp_path))
    assert done.returncode == 1 and "no pos-terminal" in done.stderr
    assert not (tmp_path / "share" / "applications").exists()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (Debian package desktop-file-utils)")
def test_the_entries_are_valid(tmp_path):
    bundle = _programs(tmp_path / "bin", "pos-terminal", "pos-console")
    _install(tmp_path / "share", "--bin", str(bundle))
    for entry in (tmp_path / "share" / "applications").glob("*.desktop"):
        checked = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout + checked.stderr
