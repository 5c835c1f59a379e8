"""Every `pos ...` example of the README, run as written, in order, by a shell, against a fresh demo
store. `$COUPON`, `$RECEIPT` and `$CAMPAIGN` are what the README says they are: the coupon code, the
receipt number and the campaign id an earlier example printed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-06-10T12:00:00"


def readme_commands() -> list[str]:
    """The `pos` lines of the README's sh blocks, continuation lines joined, comments kept out."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip()
            if line.startswith("pos "):
                found.append(line)
    return found


def _remember(values: dict[str, str], output: str) -> None:
    try:
        data = json.loads(output)
    except ValueError:
        return
    if "codes" in data and "COUPON" not in values:
        values["COUPON"] = data["codes"][0]
    if "receipt_no" in data and "return_no" not in data:
        values["RECEIPT"] = data["receipt_no"]
    if "campaign_id" in data and "issued" in data and "codes" not in data:
        values["CAMPAIGN"] = str(data["campaign_id"])


def test_the_readme_has_examples_of_the_main_commands():
    commands = readme_commands()
    assert len(commands) >= 30
    assert commands[0] == "pos --version" and commands[1].startswith("pos init --demo ")
    for needed in ("pos sale ", "pos return ", "pos doctor", "pos campaign sheet ", "pos report "):
        assert any(c.startswith(needed) for c in commands), needed


def test_every_readme_example_works_as_written(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pos = bin_dir / "pos"
    pos.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m pos.cli.main "$@"\n')
    pos.chmod(0o755)
    shop = tmp_path / "shop"
    shop.mkdir()
    env = {**{k: v for k, v in os.environ.items() if k not in ("POS_CONFIG", "POS_DEBUG")},
           "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(ROOT),
           "POS_DATABASE_URL": f"sqlite:///{shop / 'pos.sqlite3'}", "POS_NOW": NOW}
    values: dict[str, str] = {}
    for command in readme_commands():
        proc = subprocess.run(["bash", "-c", command], cwd=shop, capture_output=True, text=True, timeout=900,
                              env={**env, **values})
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, (command, proc.stdout, proc.stderr)
        _remember(values, proc.stdout)
    assert set(values) == {"COUPON", "RECEIPT", "CAMPAIGN"}
    for written in ("receipt.pdf", "card.pdf", "members.csv", "campaign.csv", "coupons.pdf", "report.csv",
                    "settings.toml", "support.zip"):
        assert (shop / written).stat().st_size > 0, written
