"""`pos settings save` refuses an unknown key or an unsafe printer target; the saved version stays."""

from __future__ import annotations

from pos.config import DEFAULT_CONFIG_PATH
from tests.cli import test_cli
from tests.cli.test_cli import error_code

run = test_cli.run          # the subprocess fixture, shared

SHIPPED = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")
GOOD = SHIPPED.replace('discount = "0.05"', 'discount = "0.08"')


def test_a_refused_save_leaves_the_saved_version_in_force(run, tmp_path):
    run("staff", "add", "--code", "M01", "--name", "Wang", "--role", "manager", "--pin", "8888")
    good, typo, unsafe = tmp_path / "good.toml", tmp_path / "typo.toml", tmp_path / "unsafe.toml"
    good.write_text(GOOD, encoding="utf-8")
    typo.write_text(GOOD.replace('discount = "0.10"', 'discout = "0.20"'), encoding="utf-8")
    unsafe.write_text(GOOD.replace('kind = "pdf"', 'kind = "escpos-file"').replace(
        'target = ""', 'target = "/etc/passwd"'), encoding="utf-8")
    assert run("settings", "save", str(good), "--manager-pin", "8888")["version"] == 1
    for bad, key in ((typo, "tiers[2].discout: unknown setting"), (unsafe, "printer.target")):
        refused = run("settings", "save", str(bad), "--manager-pin", "8888", expect=2)
        assert error_code(refused) == "config_invalid" and key in refused["error"]["message"]
    shown = run("settings", "show")
    assert (shown["version"], shown["toml"]) == (1, GOOD)
    assert run("config", "show")["tiers"][2]["discount"] == "0.10"
