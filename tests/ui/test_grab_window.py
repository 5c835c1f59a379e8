"""`pos-terminal --grab-window FILE`: the real start-up saved as a PNG, then cancelled (what the desktop
bundle's check uses); real app.main, real SQLite demo store, real widgets, offscreen."""

from __future__ import annotations

import shutil
import sys

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from pos.ui import app


@pytest.fixture
def demo_url(demo_template, tmp_path):
    db = tmp_path / "shop.sqlite3"
    shutil.copy(demo_template, db)
    return f"sqlite:///{db}"


@pytest.fixture(autouse=True)
def restore(qapp, monkeypatch, english):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)      # app.main installs its own
    monkeypatch.delenv("POS_GRAB_WINDOW", raising=False)
    yield
    for widget in QApplication.topLevelWidgets():
        widget.close()


def _drawn(path) -> QImage:
    image = QImage(str(path))
    assert not image.isNull()
    assert image.width() >= 300 and image.height() >= 150
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 5                       # text and buttons, not a blank rectangle
    return image


def test_the_sign_in_is_saved_and_cancelled(demo_url, tmp_path, capsys):
    shot = tmp_path / "signin.png"
    assert app.main(["--db", demo_url, "--grab-window", str(shot)]) == 0
    assert capsys.readouterr().out.strip() == str(shot)
    _drawn(shot)
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]   # nothing left open, nobody signed in


def test_the_manager_sign_in_and_the_environment_variable(demo_url, tmp_path, monkeypatch):
    shot = tmp_path / "manager.png"
    monkeypatch.setenv("POS_GRAB_WINDOW", str(shot))
    assert app.main(["--db", demo_url, "--manager"]) == 0
    _drawn(shot)


def test_a_refused_start_saves_nothing_and_says_so_in_its_exit_status(tmp_path, capsys):
    shot = tmp_path / "never.png"
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"     # not initialised: the start is refused
    assert app.main(["--db", url, "--grab-window", str(shot)]) == 2
    assert "database_not_initialised" in capsys.readouterr().err
    assert not shot.exists()


def test_an_unwritable_file_fails_the_grab(demo_url, tmp_path, capsys):
    shot = tmp_path / "no-such-folder" / "signin.png"
    assert app.main(["--db", demo_url, "--grab-window", str(shot)]) == 1
    assert f"could not write {shot}" in capsys.readouterr().err
