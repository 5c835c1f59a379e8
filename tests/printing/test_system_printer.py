"""The system printer (CUPS) for the faults a real queue cannot easily produce (out of paper, offline,
no default printer, no CUPS at all): stand-in `lp`/`lpstat` executables on PATH that behave like
CUPS's, recording what they were given. Every failure reaches the cashier as printer_unavailable.
Printing through a real CUPS server and queue: test_cups_real.py."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from pos.config import PrinterConfig
from pos.errors import EnvironmentFault
from pos.printing import render_receipt_escpos, render_receipt_pdf, send
from pos.printing.printers import pdf_media
from tests.printing import samples

LP = """#!/bin/sh
# a stand-in for CUPS's lp: same options, same messages, same exit codes
dir=$(dirname "$0")
printf '%s\\n' "$@" > "$dir/lp.args"
cat > "$dir/lp.data"
case " $* " in
  *" -d nosuch "*) echo 'lp: The printer or class does not exist.' >&2; exit 1 ;;
esac
echo "request id is Front-7 (1 file(s))"
"""

LPSTAT = """#!/bin/sh
dir=$(dirname "$0")
printf '%s\\n' "$@" > "$dir/lpstat.args"
state=$(cat "$dir/state")
case "$state" in
  idle)     echo 'printer Front is idle.  enabled since Mon 23 Nov 2026 09:00:00'; echo '	Alerts: none' ;;
  paper)    echo 'printer Front is idle.  enabled since Mon 23 Nov 2026 09:00:00'; echo '	Alerts: media-empty-error' ;;
  offline)  echo 'printer Front is idle.  enabled since Mon 23 Nov 2026 09:00:00'; echo '	Alerts: offline-report' ;;
  paused)   echo 'printer Front disabled since Mon 23 Nov 2026 09:00:00 -'; echo '	Paused' ;;
  missing)  echo 'lpstat: Invalid destination name in list "Front".' >&2; exit 1 ;;
  nodefault) echo 'no system default destination' ;;
  default)  echo 'system default destination: Front' ;;
esac
"""


class FakeCups:
    def __init__(self, folder: Path, state: str = "idle", lpstat: bool = True) -> None:
        self.bin = folder
        self.bin.mkdir()
        self._script("lp", LP)
        if lpstat:
            self._script("lpstat", LPSTAT)
        self.state = state

    def _script(self, name: str, body: str) -> None:
        path = self.bin / name
        path.write_text(body)
        path.chmod(path.stat().st_mode | stat.S_IXUSR)

    @property
    def state(self) -> str:
        return (self.bin / "state").read_text()

    @state.setter
    def state(self, value: str) -> None:
        (self.bin / "state").write_text(value)

    def args(self) -> list[str]:
        return (self.bin / "lp.args").read_text().split("\n")[:-1]

    def data(self) -> bytes:
        return (self.bin / "lp.data").read_bytes()

    def printed(self) -> bool:
        return (self.bin / "lp.args").exists()


@pytest.fixture
def cups(tmp_path, monkeypatch):
    fake = FakeCups(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{fake.bin}{os.pathsep}/usr/bin:/bin")
    return fake


def test_pdf_goes_to_the_named_printer(cups):
    pdf = render_receipt_pdf(samples.MEMBER_SALE)
    where = send("pdf", pdf, PrinterConfig(kind="system", target="Front", copies=2))
    assert where == "request id is Front-7 (1 file(s))"
    assert cups.args() == ["-n", "2", "-d", "Front", "-o", f"media={pdf_media(pdf)}", "-"] and cups.data() == pdf
    assert pdf_media(pdf).startswith("Custom.80x")
    assert (cups.bin / "lpstat.args").read_text().split() == ["-l", "-p", "Front"]


def test_escpos_goes_raw_to_the_default_printer(cups):
    cups.state = "default"
    data = render_receipt_escpos(samples.NON_MEMBER_SALE, 58)
    send("escpos", data, PrinterConfig(kind="system"))
    assert cups.args() == ["-n", "1", "-o", "raw", "-"] and cups.data() == data


@pytest.mark.parametrize("state, words", [("paper", "out of paper"), ("offline", "offline")])
def test_printer_problems_are_reported_before_queueing(cups, state, words):
    cups.state = state
    with pytest.raises(EnvironmentFault) as err:
        send("pdf", b"%PDF-1.4", PrinterConfig(kind="system", target="Front"))
    assert err.value.code == "printer_unavailable" and words in err.value.message
    assert "'Front'" in err.value.message
    assert not cups.printed()                    # nothing queued for a printer that cannot print


def test_no_default_printer(cups):
    cups.state = "nodefault"
    with pytest.raises(EnvironmentFault) as err:
        send("pdf", b"%PDF-1.4", PrinterConfig(kind="system"))
    assert "default printer" in err.value.message and not cups.printed()


def test_unknown_printer_refused_by_lp(tmp_path, monkeypatch):
    fake = FakeCups(tmp_path / "bin", lpstat=False)
    for tool in ("dirname", "cat"):          # only what the stand-in lp needs: no real lpstat on PATH
        (fake.bin / tool).symlink_to(shutil.which(tool))
    monkeypatch.setenv("PATH", str(fake.bin))
    with pytest.raises(EnvironmentFault) as err:
        send("pdf", b"%PDF-1.4", PrinterConfig(kind="system", target="nosuch"))
    assert "The printer or class does not exist" in err.value.message and "'nosuch'" in err.value.message


def test_no_cups_installed(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(EnvironmentFault) as err:
        send("pdf", b"%PDF-1.4", PrinterConfig(kind="system", target="Front"))
    assert "CUPS" in err.value.message and "not installed" in err.value.message
