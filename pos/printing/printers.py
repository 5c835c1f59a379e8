"""Delivering a rendered document to the configured printer. Every failure is an
EnvironmentFault('printer_unavailable') a cashier can read; never a silent success."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from pos.config import PrinterConfig, StoreConfig
from pos.errors import EnvironmentFault
from pos.printing.document import ReceiptDocument, ReceiptLine, ReceiptStep


def _fault(message: str) -> EnvironmentFault:
    return EnvironmentFault("printer_unavailable", message)


def send(data_kind: str, payload: bytes, cfg: PrinterConfig, name: str = "receipt") -> str:
    """data_kind is 'pdf' or 'escpos'; returns where it went."""
    kind = cfg.kind
    if kind == "none":
        return "not printed (printer kind 'none')"
    if kind == "pdf":
        return _to_file(payload, cfg.target, f"{name}.pdf")
    if data_kind != "escpos" and kind.startswith("escpos"):
        raise _fault(f"printer kind {kind} needs ESC/POS data, got {data_kind}")
    for _ in range(cfg.copies):
        if kind == "escpos-file":
            _write(Path(cfg.target), payload)
        elif kind == "escpos-network":
            _network(cfg.target, payload)
        elif kind == "escpos-usb":
            _usb(cfg.target, payload)
        elif kind == "system":
            _lp(cfg.target, payload)
    return cfg.target or kind


def _to_file(payload: bytes, target: str, filename: str) -> str:
    folder = Path(target) if target else Path(tempfile.gettempdir()) / "pos-receipts"
    path = folder / filename if not folder.suffix else folder
    _write(path, payload)
    return str(path)


def _write(path: Path, payload: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(payload)
    except OSError as exc:
        raise _fault(f"cannot write to {path}: {exc.strerror}") from None


def _network(target: str, payload: bytes) -> None:
    from escpos.printer import Network

    host, _, port = target.partition(":")
    try:
        printer = Network(host, int(port or 9100), timeout=5)
        printer.open()
        printer._raw(payload)
        printer.close()
    except (OSError, ValueError) as exc:
        raise _fault(f"the printer at {target} does not answer ({exc}); check power, paper and cable") from None
    except Exception as exc:  # python-escpos raises its own DeviceNotFoundError & co.
        raise _fault(f"the printer at {target} failed: {exc}") from None


def _usb(target: str, payload: bytes) -> None:
    try:
        vendor, product = (int(part, 16) for part in target.split(":"))
    except ValueError:
        raise _fault(f"USB printer '{target}' must be vendor:product in hex, e.g. 04b8:0202") from None
    try:
        from escpos.printer import Usb

        printer = Usb(vendor, product)
        printer.open()
        printer._raw(payload)
        printer.close()
    except Exception as exc:  # no pyusb, no device, no permission: all mean "can't print"
        raise _fault(f"USB printer {target} is not available: {exc}") from None


def _lp(printer_name: str, payload: bytes) -> None:
    lp = shutil.which("lp")
    if lp is None:
        raise _fault("no system printing (CUPS 'lp' is not installed)")
    args = [lp] + (["-d", printer_name] if printer_name else []) + ["-"]
    result = subprocess.run(args, input=payload, capture_output=True, timeout=30)
    if result.returncode:
        raise _fault(f"the system printer refused the job: {result.stderr.decode(errors='replace').strip()}")


def self_test_document(store: StoreConfig, now: datetime) -> ReceiptDocument:
    s, r = store.store, store.receipt
    return ReceiptDocument(
        kind="sale", store_name=s.name, store_address=s.address, store_phone=s.phone, header="TEST PRINT 测试打印",
        footer=r.footer, receipt_no="TEST-0000", issued_at=now, cashier="-",
        lines=(ReceiptLine("Test line 测试商品", 1, 100, 100),), steps=(ReceiptStep("Subtotal 小计", 100),),
        total_label="Amount due 应付", total_fen=100, payments=(), change_fen=0, member=None,
        qr_url=r.join_member_url, qr_text=r.join_member_text, currency_symbol=s.currency_symbol)
