"""Printer targets: real files, a real local socket, real failures."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from pos.config import PrinterConfig, load_config
from pos.errors import EnvironmentFault
from pos.printing import render_receipt_escpos, render_receipt_pdf, send, test_print_document
from tests.printing import samples
from tests.printing.readback import pdf_text


def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


class FakePrinter:
    """A TCP listener that answers DLE EOT 4 with a paper status and keeps what it receives."""

    def __init__(self, paper_status: bytes | None):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.status = paper_status
        self.received = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        conn, _ = self.sock.accept()
        with conn:
            conn.settimeout(3)
            try:
                while chunk := conn.recv(65536):
                    if chunk.startswith(b"\x10\x04\x04") and self.status is not None:
                        conn.sendall(self.status)
                    self.received += chunk
            except OSError:
                pass
        self.sock.close()


def test_pdf_goes_to_a_file_in_the_folder(tmp_path):
    pdf = render_receipt_pdf(samples.NON_MEMBER_SALE)
    where = send("pdf", pdf, PrinterConfig(kind="pdf", target=str(tmp_path / "out")), name="R261122/000124")
    assert Path(where).parent == tmp_path / "out" and Path(where).read_bytes() == pdf
    exact = tmp_path / "receipt.pdf"
    assert send("pdf", pdf, PrinterConfig(kind="pdf", target=str(exact))) == str(exact)
    assert exact.read_bytes() == pdf


def test_escpos_file_gets_the_bytes(tmp_path):
    data = render_receipt_escpos(samples.NON_MEMBER_SALE)
    target = tmp_path / "lp0"
    send("escpos", data, PrinterConfig(kind="escpos-file", target=str(target)))
    assert target.read_bytes() == data


def test_escpos_network_delivers_after_a_paper_check():
    printer = FakePrinter(paper_status=b"\x12")
    data = render_receipt_escpos(samples.MEMBER_SALE, 58)
    send("escpos", data, PrinterConfig(kind="escpos-network", target=f"127.0.0.1:{printer.port}"))
    printer.thread.join(5)
    assert printer.received == b"\x10\x04\x04" + data


def test_escpos_network_out_of_paper_is_reported():
    printer = FakePrinter(paper_status=b"\x72")
    with pytest.raises(EnvironmentFault) as err:
        send("escpos", b"hello", PrinterConfig(kind="escpos-network", target=f"127.0.0.1:{printer.port}"))
    assert err.value.code == "printer_unavailable" and "out of paper" in err.value.message
    printer.thread.join(5)
    assert b"hello" not in printer.received


@pytest.mark.parametrize("cfg, data_kind", [
    (PrinterConfig(kind="escpos-network", target=f"127.0.0.1:{closed_port()}"), "escpos"),
    (PrinterConfig(kind="escpos-network", target="127.0.0.1:notaport"), "escpos"),
    (PrinterConfig(kind="escpos-usb", target="dead:beef"), "escpos"),
    (PrinterConfig(kind="escpos-usb", target="epson"), "escpos"),
    (PrinterConfig(kind="system", target="no-such-printer-here"), "pdf"),
    (PrinterConfig(kind="escpos-file", target="/dev/usb/no-such-lp9"), "escpos"),
    (PrinterConfig(kind="escpos-file", target="/no/such/dir/lp0"), "escpos"),
    (PrinterConfig(kind="escpos-file", target=""), "escpos"),
    (PrinterConfig(kind="escpos-file", target="/dev/null"), "pdf"),
    (PrinterConfig(kind="pdf", target="/proc/no/such/dir/r.pdf"), "pdf"),
])
def test_failures_are_printer_unavailable(cfg, data_kind):
    with pytest.raises(EnvironmentFault) as err:
        send(data_kind, b"%PDF-1.4 or escpos", cfg)
    assert err.value.code == "printer_unavailable" and err.value.message
    assert not Path("/dev/usb/no-such-lp9").exists()


def test_none_prints_nothing():
    assert "not printed" in send("pdf", b"x", PrinterConfig(kind="none"))


def test_print_test_page_from_the_store_config(tmp_path):
    doc = test_print_document(load_config())
    text = pdf_text(render_receipt_pdf(doc))
    assert "TEST PRINT" in text and "测试打印" in text and doc.store_name in text


def test_pdf_receipts_are_private_and_by_default_not_in_the_shared_temp_folder(tmp_path, monkeypatch):
    import stat
    import tempfile

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home-data"))
    pdf = render_receipt_pdf(samples.NON_MEMBER_SALE)
    where = Path(send("pdf", pdf, PrinterConfig(kind="pdf", target=""), name="R1"))
    assert not str(where).startswith(tempfile.gettempdir() + "/pos-receipts")
    assert where.is_relative_to(tmp_path / "home-data") and where.read_bytes() == pdf
    assert stat.S_IMODE(where.stat().st_mode) == 0o600 and stat.S_IMODE(where.parent.stat().st_mode) == 0o700


def test_a_planted_link_is_refused_not_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "R2.pdf").symlink_to(victim)
    with pytest.raises(EnvironmentFault) as err:
        send("pdf", render_receipt_pdf(samples.NON_MEMBER_SALE), PrinterConfig(kind="pdf", target=str(folder)),
             name="R2")
    assert err.value.code == "printer_unavailable" and "symbolic link" in err.value.message
    assert victim.read_text() == "keep me" and (folder / "R2.pdf").is_symlink()
    assert sorted(p.name for p in folder.iterdir()) == ["R2.pdf"]       # no temporary file left
