"""Screenshots of the console in English and Chinese (list, detail, segments, campaign, reports).

Always rendered (and checked to be real pictures); written to docs/screenshots/ when
POS_SCREENSHOTS=docs/screenshots, e.g. `POS_SCREENSHOTS=docs/screenshots pytest tests/ui/manager/test_screenshots.py`."""

from __future__ import annotations

import os
import shutil

import pytest

from pos.services.admin.demo import DEMO_GOLD_PHONE
from tests.ui.manager.conftest import ROOT, make_console, settle
from tests.ui.manager.test_console import _member_id

DOCS = ROOT / "docs" / "screenshots"


def save(widget, folder, name: str) -> None:
    image = widget.grab().toImage()
    assert image.width() >= 900 and image.height() >= 600
    assert len({image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)}) > 8
    path = folder / f"manager-{name}.png"
    assert image.save(str(path))
    if os.environ.get("POS_SCREENSHOTS"):        # "1" or a folder (the till tests take docs/screenshots)
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, DOCS / path.name)


@pytest.fixture(autouse=True)
def styled(qapp):
    """The look pos-terminal gives the application."""
    from pos.ui.style import STYLE

    qapp.setStyleSheet(STYLE)
    yield
    qapp.setStyleSheet("")


def shoot(qtbot, ctx, staff, lang: str, folder) -> None:
    console = make_console(qtbot, ctx, staff, lang)
    console.resize(1360, 860)
    console.show()
    qtbot.waitExposed(console)
    settle(qtbot, console)
    save(console, folder, f"list-{lang}")

    dialog = console.open_member(_member_id(ctx, DEMO_GOLD_PHONE))
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        pass
    dialog.tabs.setCurrentIndex(2)
    qtbot.wait(50)
    save(dialog, folder, f"detail-{lang}")
    dialog.close()

    with qtbot.waitSignal(console.segments.overview_loaded, timeout=10000):
        console.tabs.setCurrentWidget(console.segments)
    with qtbot.waitSignal(console.segments.overview_loaded, timeout=30000):
        console.segments.recompute_segments()
    save(console, folder, f"segments-{lang}")

    tab = console.campaigns
    console.tabs.setCurrentWidget(tab)
    tab.name.setText("Win-back June 六月召回" if lang.startswith("zh") else "Win-back June")
    tab.audience.setCurrentIndex(tab.audience.findData("At risk"))
    with qtbot.waitSignal(tab.previewed, timeout=10000):
        tab.preview()
    with qtbot.waitSignal(tab.campaigns_loaded, timeout=60000):
        tab.issue()
    with qtbot.waitSignal(tab.previewed, timeout=10000):
        tab.preview()
    save(console, folder, f"campaign-{lang}")

    console.tabs.setCurrentWidget(console.reports)
    for key in ("repeat_purchase", "points_liability", "sales_per_day"):
        console.reports.choose(key)
        with qtbot.waitSignal(console.reports.report_shown, timeout=30000):
            console.reports.run_report()
        save(console, folder, f"report-{key.replace('_', '-')}-{lang}")
    settle(qtbot, console)

    console.tabs.setCurrentWidget(console.settings)
    qtbot.waitUntil(lambda: console.settings.loaded, timeout=10000)
    form = console.settings.form
    form.setCurrentIndex(form.section_keys.index("points"))
    form.fields["points.redeem_max_share"].widget.setText("1.5")     # refused: shown at its field
    save(console, folder, f"settings-{lang}")
    form.fields["points.redeem_max_share"].widget.setText("0.5")
    with qtbot.waitSignals([console.audit.entries_loaded, console.audit.flags_loaded], timeout=10000):
        console.tabs.setCurrentWidget(console.audit)
    save(console, folder, f"audit-{lang}")
    settle(qtbot, console)


def test_screenshots_english(qtbot, demo_ctx, manager, tmp_path):
    shoot(qtbot, demo_ctx, manager, "en", tmp_path)


@pytest.mark.usefixtures("zh")
def test_screenshots_chinese(qtbot, demo_ctx, manager, tmp_path):
    shoot(qtbot, demo_ctx, manager, "zh_CN", tmp_path)
