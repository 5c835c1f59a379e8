"""The reference docs inside the repository: docs/CLI.md is what the parser says (every command),
docs/CONFIGURATION.md carries the shipped configuration, and the README points only at files a
user of the repository has."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pos.cli.parser import build_parser

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import cli_reference  # noqa: E402


def test_every_command_of_the_parser_is_in_docs_cli_md():
    doc = (ROOT / "docs" / "CLI.md").read_text(encoding="utf-8")
    names = [name for name, _help, _parser in cli_reference.commands(build_parser())]
    assert len(names) >= 35 and "pos doctor" in names and "pos member show" in names
    for name in names:
        assert f"### `{name}`" in doc, name
    assert set(cli_reference.JSON_KEYS) == set(names)        # no command without its keys, none stale


def test_generated_docs_are_current():
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "cli_reference.py"), "--check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_every_option_of_a_command_is_documented():
    doc = (ROOT / "docs" / "CLI.md").read_text(encoding="utf-8")
    section = doc[doc.index("### `pos sale`"):doc.index("### `pos return`")]
    for flag in ("--member", "--qr", "--line", "--coupon", "--redeem", "--pay", "--sale-id", "--cashier-pin", "--print"):
        assert f"`{flag}" in section, flag
    for code in ("coupon_threshold_not_met", "manager_pin_required", "internal_error", "database_url_invalid"):
        assert f"`{code}`" in doc


@pytest.mark.parametrize("doc", ["README.md", "docs/CLI.md", "docs/CONFIGURATION.md"])
def test_docs_point_only_inside_the_repository(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    assert "../shared" not in text and "SPEC.md" not in text
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if not target.startswith(("http://", "https://")):
            assert (ROOT / doc).parent.joinpath(target).exists(), f"{doc} links to missing {target}"
