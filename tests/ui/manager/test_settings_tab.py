"""The settings tab: a form with one field per setting of the schema, each checked as it is typed;
a refused form saves nothing (the settings in force stay); TOML import and export."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPushButton, QSpinBox
from sqlalchemy import func, select

from pos.config import SECTIONS, STEP_LISTS, load_config, toml_name
from pos.db.models import StoreSettings
from pos.ui.manager import common
from tests.ui.manager.conftest import settle
from tests.ui.manager.test_screenshots import save


def saved_versions(ctx) -> int:
    with ctx.read() as session:
        return session.scalar(select(func.count()).select_from(StoreSettings))


def open_settings(qtbot, console):
    tab = console.settings
    console.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.loaded, timeout=10000)
    return tab


def test_one_field_per_setting_with_the_editor_its_declaration_asks_for(qtbot, console, demo_ctx):
    tab = open_settings(qtbot, console)
    config = demo_ctx.config
    expected = {f"{name}.{toml_name(f)}" for name, cls in SECTIONS.items() for f in fields(cls)}
    expected |= {f"tiers[{i}].{toml_name(f)}" for i, tier in enumerate(config.tiers) for f in fields(tier)}
    expected |= {f"{name}[{i}].{toml_name(f)}" for name in STEP_LISTS for i, step in enumerate(getattr(config, name))
                 for f in fields(step)}
    assert set(tab.form.fields) == expected
    spin = tab.form.fields["security.pin_max_failures"].widget
    assert isinstance(spin, QSpinBox) and (spin.minimum(), spin.maximum()) == (3, 20)
    assert isinstance(tab.form.fields["printer.kind"].widget, QComboBox)
    assert isinstance(tab.form.fields["coupons.welcome_enabled"].widget, QCheckBox)
    assert tab.form.fields["tiers[2].discount"].widget.text() == "0.10"
    assert tab.form.fields["returns.manager_pin_above"].widget.text() == "500.00"
    assert all(label.text() and "_" not in label.text() for label in tab.form.labels.values())


def test_a_bad_field_is_refused_naming_it_and_the_settings_in_force_stay(qtbot, console, demo_ctx):
    tab = open_settings(qtbot, console)
    in_force, version, saved = demo_ctx.config, demo_ctx.settings_version, []
    tab.saved.connect(saved.append)
    discount = tab.form.fields["tiers[2].discount"].widget
    discount.setText("0.1O")                            # a letter O
    assert tab.message.text().startswith("Discount (fraction, e.g. 0.05): expected a decimal from 0 to 1")
    with qtbot.waitSignal(tab.validated, timeout=10000) as checked:
        tab.save()
    assert checked.args == [False] and not saved and "border" in discount.styleSheet()
    step = tab.form.fields["points.redeem_step"].widget
    discount.setText("0.12")
    step.setValue(300)                                  # 100 minimum is not a multiple of 300: the whole refused
    with qtbot.waitSignal(tab.validated, timeout=10000) as checked:
        tab.save()
    assert checked.args == [False] and tab.message.text() == ("Least points redeemed must be a multiple of the "
                                                              "redeem step.")
    assert "border" in tab.form.fields["points.redeem_minimum"].widget.styleSheet()
    assert demo_ctx.config is in_force and demo_ctx.settings_version == version and saved_versions(demo_ctx) == 0

    step.setValue(100)
    with qtbot.waitSignal(tab.saved, timeout=10000):
        tab.save()
    settle(qtbot, console)
    assert str(demo_ctx.config.tier("gold").discount) == "0.12" and saved_versions(demo_ctx) == 1


def test_toml_export_and_import(qtbot, console, demo_ctx, tmp_path, monkeypatch):
    tab = open_settings(qtbot, console)
    target = tmp_path / "settings.toml"
    monkeypatch.setattr(common, "ask_save_path", lambda *args: str(target))
    tab.export_toml()
    assert load_config(target) == demo_ctx.config
    target.write_text(target.read_text(encoding="utf-8").replace("copies = 1", "copies = 3"), encoding="utf-8")
    monkeypatch.setattr(common, "ask_open_path", lambda *args: str(target))
    with qtbot.waitSignal(tab.validated, timeout=10000):
        tab.import_toml()
    assert tab.form.fields["printer.copies"].widget.value() == 3 and saved_versions(demo_ctx) == 0
    target.write_text("[store]\nnmae = 1\n", encoding="utf-8")
    with qtbot.waitSignal(tab.validated, timeout=10000) as checked:
        tab.import_toml()
    assert checked.args == [False] and "unknown setting" in tab.message.text()
    assert tab.form.fields["printer.copies"].widget.value() == 3      # the form is kept


def test_the_form_in_chinese_has_no_english_labels(qtbot, zh, demo_ctx, manager):
    from tests.ui.manager.conftest import make_console

    console = make_console(qtbot, demo_ctx, manager, "zh_CN")
    tab = open_settings(qtbot, console)
    labels = [label.text() for label in tab.form.labels.values()]
    assert any("积分" in text for text in labels)
    english = [text for text in labels if text.isascii()]
    assert english == []
    assert [tab.form.tabText(i) for i in range(tab.form.count())][0] == "门店"
    assert isinstance(tab.form.fields["store.name"].widget, QLineEdit)
    kinds = tab.form.fields["printer.kind"].widget
    assert [kinds.itemText(i) for i in range(kinds.count())][0] == "PDF 文件"
    settle(qtbot, console)


def test_a_save_from_the_form_keeps_the_step_lists_it_has_no_fields_for(qtbot, console, demo_ctx):
    """The bounce-back and earn ladders are edited through TOML; the form carries them through a save."""
    from dataclasses import replace

    ladder = demo_ctx.config.bounce_back_steps
    changed = (replace(ladder[0], after=2, cap_fen=4500),) + tuple(ladder[1:])
    tab = open_settings(qtbot, console)
    tab.form.show_config(replace(demo_ctx.config, bounce_back_steps=changed))
    tab.form.fields["points.redeem_step"].widget.setValue(100)
    with qtbot.waitSignal(tab.saved, timeout=10000):
        tab.save()
    settle(qtbot, console)
    assert demo_ctx.config.bounce_back_steps == changed and saved_versions(demo_ctx) == 1


def test_a_ladder_emptied_through_toml_stays_empty_after_a_save_from_the_form(qtbot, console, demo_ctx):
    """An empty step list is a choice (no bounce-back coupons), not a gap the defaults fill in."""
    from dataclasses import replace

    tab = open_settings(qtbot, console)
    tab.form.show_config(replace(demo_ctx.config, bounce_back_steps=()))
    tab.form.fields["points.redeem_step"].widget.setValue(100)
    with qtbot.waitSignal(tab.saved, timeout=10000):
        tab.save()
    settle(qtbot, console)
    assert demo_ctx.config.bounce_back_steps == () and len(demo_ctx.config.earn_ladder_steps) == 3


def test_the_bounce_back_ladder_is_edited_in_the_form(qtbot, console, demo_ctx, tmp_path):
    """A step added, one changed and one removed on the ladder's page are what the tills then use."""
    tab = open_settings(qtbot, console)
    form = tab.form
    steps = len(demo_ctx.config.bounce_back_steps)
    form.setCurrentIndex(form.section_keys.index("bounce_back_steps"))
    form.findChild(QPushButton, "add:bounce_back_steps").click()
    form.fields[f"bounce_back_steps[{steps}].after"].widget.setValue(10)
    form.fields[f"bounce_back_steps[{steps}].value"].widget.setText("8")
    form.fields[f"bounce_back_steps[{steps}].name"].widget.setText("8 off")
    form.fields["bounce_back_steps[1].cap"].widget.setText("12.50")
    form.findChild(QPushButton, "remove:bounce_back_steps[0]").click()
    assert f"bounce_back_steps[{steps}].after" not in form.fields        # renumbered after the removal
    console.resize(1360, 860)
    console.show()
    qtbot.waitExposed(console)
    save(console, tmp_path, "settings-ladder")
    with qtbot.waitSignal(tab.saved, timeout=10000):
        tab.save()
    settle(qtbot, console)
    ladder = demo_ctx.config.bounce_back_steps
    assert len(ladder) == steps
    assert ladder[0].cap_fen == 1250 and (ladder[-1].after, ladder[-1].value, ladder[-1].name) == (10, 8, "8 off")


def test_a_refused_step_is_marked_and_nothing_is_saved(qtbot, console, demo_ctx):
    tab = open_settings(qtbot, console)
    before = demo_ctx.config.bounce_back_steps
    tab.form.fields["bounce_back_steps[0].value"].widget.setText("lots")
    tab.save()
    assert "bounce_back_steps[0].value" in dict(tab.form.problems())
    assert tab.message.text() and demo_ctx.config.bounce_back_steps == before and saved_versions(demo_ctx) == 0


def test_a_malformed_or_unknown_import_is_told_in_the_managers_language(qtbot, zh, demo_ctx, manager, tmp_path,
                                                                          monkeypatch):
    from tests.ui.manager.conftest import make_console
    from tests.ui.test_zh_complete import not_chinese

    console = make_console(qtbot, demo_ctx, manager, "zh_CN")
    tab = open_settings(qtbot, console)
    target = tmp_path / "broken.toml"
    monkeypatch.setattr(common, "ask_open_path", lambda *args: str(target))
    messages = []
    for text, expected in (('[store]\nname = "Demo\ncopies = 1\n', "第 2 行第 13 列"),   # an unclosed quote
                           ("[store\n", "第 1 行第 7 列"), ("[store]\nname = ", "文件末尾"),
                           ("[store]\nnmae = 1\n", "store.nmae：没有这项设置（是否想写 name？）")):
        target.write_text(text, encoding="utf-8")
        with qtbot.waitSignal(tab.validated, timeout=10000) as checked:
            tab.import_toml()
        assert checked.args == [False] and expected in tab.message.text(), tab.message.text()
        messages.append(tab.message.text())
    assert not_chinese(messages, set()) == [] and messages[0].startswith("无法导入 broken.toml：不是有效的 TOML")
    assert saved_versions(demo_ctx) == 0
    settle(qtbot, console)
