"""Delivering a rendered document to the configured printer. Every failure is an
EnvironmentFault('printer_unavailable') a cashier can read; never a silent success.

kinds: pdf (a file in a folder, or a path), escpos-file (a device such as /dev/usb/lp0 or
a file), escpos-network (host[:port], default 9100), escpos-usb (vendor:product in hex),
system (CUPS `lp`, printer name or the default printer), none (nothing is printed).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import stat
import subprocess
from datetime import datetime
from pathlib import Path

from pos.config import PrinterConfig, StoreConfig
from pos.errors import EnvironmentFault
from pos.files import private_folder, write_private
from pos.printing.document import ReceiptDocument, ReceiptLine, ReceiptStep

DATA_KINDS = ("pdf", "escpos")
NETWORK_TIMEOUT = 5.0
STATUS_TIMEOUT = 1.0       # seconds to wait for the paper status (DLE EOT 4) answer
LP_TIMEOUT = 30


def _fault(message: str, **details: object) -> EnvironmentFault:
    return EnvironmentFault("printer_unavailable", message, **details)


def send(data_kind: str, payload: bytes, cfg: PrinterConfig, name: str = "receipt") -> str:
    """Delivers payload (data_kind 'pdf' or 'escpos') to cfg; returns where it went.

    `name` names the file for kind 'pdf' when the target is a folder.
    """
    if data_kind not in DATA_KINDS:
        raise ValueError(f"data_kind must be one of {DATA_KINDS}, not {data_kind!r}")
    kind = cfg.kind
    if kind == "none":
        return "not printed (printer kind 'none')"
    if kind == "pdf":
        if data_kind != "pdf":
            raise _fault("the printer is set to save PDF files but was given ESC/POS data")
        return _to_pdf_file(payload, cfg.target, name)
    if kind.startswith("escpos") and data_kind != "escpos":
        raise _fault(f"the printer ({kind}) takes ESC/POS data, not {data_kind}")
    if not payload:
        raise _fault("nothing to print (empty document)")
    copies = max(1, cfg.copies)
    if kind == "escpos-file":
        for _ in range(copies):
            _to_device(cfg.target, payload)
        return cfg.target
    if kind == "escpos-network":
        _network(cfg.target, payload * copies)
        return cfg.target
    if kind == "escpos-usb":
        _usb(cfg.target, payload * copies)
        return f"usb:{cfg.target}"
    if kind == "system":
        return _lp(cfg.target, payload, raw=data_kind == "escpos", copies=copies)
    raise _fault(f"unknown printer kind '{kind}' (check [printer] kind in the configuration)")


# ---------------------------------------------------------------- files and devices

def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "document"


def default_pdf_folder() -> Path:
    """Receipts carry names and masked phones: a folder of this user's, never the shared temp folder."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("pos-loyalty", appauthor=False)) / "receipts"


def _to_pdf_file(payload: bytes, target: str, name: str) -> str:
    folder = Path(target).expanduser() if target else default_pdf_folder()
    if folder.is_dir() or not folder.suffix:
        path = folder / f"{_safe_name(name)}.pdf"
    else:
        path = folder
    try:
        write_private(private_folder(path.parent) / path.name, payload)   # 0600, never through a link
    except EnvironmentFault as exc:
        raise _fault(f"cannot save the PDF to {path}: {exc.message}") from None
    return str(path)


def _to_device(target: str, payload: bytes) -> None:
    if not target:
        raise _fault("no printer device is configured ([printer] target, e.g. /dev/usb/lp0)")
    path = Path(target)
    # Never create a device path: a missing /dev/usb/lp0 means the printer is unplugged or off,
    # and writing a regular file there instead would be a silent success.
    if str(path).startswith("/dev/"):
        try:
            mode = path.stat().st_mode
        except OSError:
            raise _fault(f"the receipt printer {target} is not connected (no such device); "
                         "check the cable and that it is switched on") from None
        if not stat.S_ISCHR(mode):
            raise _fault(f"{target} is not a printer device")
    elif not path.parent.is_dir():
        raise _fault(f"cannot print to {target}: the folder {path.parent} does not exist")
    try:
        with open(path, "wb", buffering=0) as handle:
            handle.write(payload)
    except PermissionError:
        raise _fault(f"no permission to use the printer {target} (add the user to the 'lp' group)") from None
    except OSError as exc:
        raise _fault(f"the printer {target} failed: {exc.strerror or exc} (paper out or switched off?)") from None


# ---------------------------------------------------------------- python-escpos transports

def _host_port(target: str) -> tuple[str, int]:
    host, _, port_text = target.strip().rpartition(":") if ":" in target else (target.strip(), "", "9100")
    try:
        port = int(port_text)
    except ValueError:
        raise _fault(f"network printer '{target}' must be host:port, e.g. 192.168.1.50:9100") from None
    if not host:
        raise _fault("no network printer is configured ([printer] target = \"host:port\")")
    return host, port


def _network(target: str, payload: bytes) -> None:
    host, port = _host_port(target)
    from escpos.printer import Network

    printer = Network(host, port, timeout=NETWORK_TIMEOUT)
    try:
        printer.open(raise_not_found=True)
        printer.device.settimeout(STATUS_TIMEOUT)
        paper = _paper(printer)
        printer.device.settimeout(NETWORK_TIMEOUT)
        if paper == 0:
            raise PaperOut
        printer._raw(payload)
    except PaperOut:
        raise _fault(f"the receipt printer at {host}:{port} is out of paper; load a new roll") from None
    except Exception as exc:  # OSError, socket.timeout and python-escpos's DeviceNotFoundError
        raise _fault(f"the receipt printer at {host}:{port} does not answer; check that it is on, "
                     f"has paper and is on the network ({type(exc).__name__}: {exc})") from None
    finally:
        _close(printer)


def _usb_ids(target: str) -> tuple[int, int]:
    try:
        vendor, product = (int(part, 16) for part in target.strip().split(":"))
    except ValueError:
        raise _fault(f"USB printer '{target}' must be vendor:product in hex, e.g. 04b8:0202") from None
    return vendor, product


def _usb(target: str, payload: bytes) -> None:
    vendor, product = _usb_ids(target)
    try:
        from escpos.printer import Usb

        printer = Usb(vendor, product)
    except Exception as exc:  # python-escpos without pyusb installed
        raise _fault(f"USB printing is not available on this computer ({exc})") from None
    try:
        printer.open(raise_not_found=True)
        if _paper(printer) == 0:
            raise PaperOut
        printer._raw(payload)
    except PaperOut:
        raise _fault(f"the USB receipt printer {target} is out of paper; load a new roll") from None
    except Exception as exc:  # no libusb backend, no device, no permission, write timeout (paper out)
        raise _fault(f"the USB receipt printer {target} is not available; check the cable, power and paper "
                     f"({type(exc).__name__}: {exc})") from None
    finally:
        _close(printer)


class PaperOut(Exception):
    pass


def _paper(printer) -> int | None:
    """python-escpos's paper status (0 none, 1 low, 2 fine), None when the printer does not say."""
    try:
        return printer.paper_status()
    except Exception:  # noqa: BLE001 - no answer within the timeout: many printers never reply
        return None


def _close(printer) -> None:
    try:
        printer.close()
    except Exception:  # noqa: BLE001 - closing a printer that never opened
        pass


# ---------------------------------------------------------------- system printer (CUPS)

def _lp(printer_name: str, payload: bytes, *, raw: bool, copies: int) -> str:
    lp = shutil.which("lp")
    if lp is None:
        raise _fault("system printing is not available: CUPS ('lp', package cups-client) is not installed")
    _cups_ready(printer_name)
    args = [lp, "-n", str(copies)]
    if printer_name:
        args += ["-d", printer_name]
    if raw:
        args += ["-o", "raw"]
    elif media := pdf_media(payload):
        args += ["-o", f"media={media}"]
    try:
        result = subprocess.run(args + ["-"], input=payload, capture_output=True, timeout=LP_TIMEOUT,
                                env=_c_locale())
    except subprocess.TimeoutExpired:
        raise _fault("the system printer did not take the job in time (is CUPS running?)") from None
    except OSError as exc:
        raise _fault(f"cannot run lp: {exc.strerror or exc}") from None
    if result.returncode:
        reason = result.stderr.decode(errors="replace").strip() or f"lp exited with {result.returncode}"
        which = f"'{printer_name}'" if printer_name else "(the default printer)"
        raise _fault(f"the system printer {which} refused the job: {reason}")
    return result.stdout.decode(errors="replace").strip() or (printer_name or "default printer")


_MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")
POINTS_PER_MM = 72 / 25.4


def pdf_media(payload: bytes) -> str | None:
    """The CUPS media of a PDF's first page, e.g. 'Custom.80x185.3mm'. Without it CUPS prints on the
    queue's default paper (A4 or Letter): an 80 mm receipt lands in the middle of an A4 sheet."""
    found = _MEDIA_BOX.search(payload)
    if found is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in found.groups())
    width, height = (round(abs(size) / POINTS_PER_MM, 1) for size in (x1 - x0, y1 - y0))
    return f"Custom.{width:g}x{height:g}mm"


# CUPS queues a job for a paused or paper-less printer and `lp` succeeds, so the cashier would
# never hear of it: ask `lpstat` first. Its wording is stable across CUPS 2.x (and not translated
# under LC_ALL=C).
_CUPS_PROBLEMS = (
    ("media-empty", "is out of paper; load paper and resume it"),
    ("media empty", "is out of paper; load paper and resume it"),
    ("offline", "is offline; check that it is switched on and connected"),
    ("disabled", "is paused (disabled in CUPS); resume it with `cupsenable`"),
)


def _cups_ready(printer_name: str) -> None:
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return                                  # lp alone still reports unknown printers
    args = [lpstat, "-l", "-p", printer_name] if printer_name else [lpstat, "-d"]
    try:
        result = subprocess.run(args, capture_output=True, timeout=STATUS_TIMEOUT * 5, env=_c_locale())
    except (subprocess.TimeoutExpired, OSError):
        raise _fault("the print system (CUPS) does not answer; is it running?") from None
    out = (result.stdout + result.stderr).decode(errors="replace")
    which = f"'{printer_name}'" if printer_name else "(the default printer)"
    if result.returncode or "no system default destination" in out.lower():
        reason = out.strip() or f"lpstat exited with {result.returncode}"
        raise _fault(f"the system printer {which} is not available: {reason}")
    if not printer_name:
        return
    lowered = out.lower()
    for needle, problem in _CUPS_PROBLEMS:
        if needle in lowered:
            raise _fault(f"the system printer {which} {problem} ({out.strip().splitlines()[0]})")


def _c_locale() -> dict[str, str]:
    return {**os.environ, "LC_ALL": "C", "LANG": "C"}


# ---------------------------------------------------------------- checking without printing

def check_printer(cfg: PrinterConfig) -> str:
    """What the configured printer looks like right now, printing nothing (for `pos doctor`):
    a description when it can take a job, else printer_unavailable saying what is wrong."""
    kind, target = cfg.kind, cfg.target.strip()
    if kind == "none":
        return "printing is switched off ([printer] kind = none)"
    if kind == "pdf":
        return _check_pdf_folder(target)
    if kind == "escpos-file":
        return _check_device(target)
    if kind == "escpos-network":
        host, port = _host_port(target)
        try:
            socket.create_connection((host, port), timeout=NETWORK_TIMEOUT).close()
        except OSError as exc:
            raise _fault(f"the receipt printer at {host}:{port} does not answer ({exc})") from None
        return f"receipt printer at {host}:{port} answers"
    if kind == "escpos-usb":
        return _check_usb(target)
    if kind == "system":
        if shutil.which("lp") is None:
            raise _fault("system printing is not available: CUPS ('lp', package cups-client) is not installed")
        _cups_ready(target)
        return f"CUPS queue '{target}' is ready" if target else "the default CUPS queue is ready"
    raise _fault(f"unknown printer kind '{kind}' (check [printer] kind in the configuration)")


def _check_pdf_folder(target: str) -> str:
    folder = Path(target).expanduser() if target else default_pdf_folder()
    if folder.suffix and not folder.is_dir():
        folder = folder.parent
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise _fault(f"receipts cannot be saved in {folder}: {existing} is not a folder this user can write to")
    return f"receipts saved as PDF files in {folder}"


def _check_device(target: str) -> str:
    if not target:
        raise _fault("no printer device is configured ([printer] target, e.g. /dev/usb/lp0)")
    path = Path(target)
    if str(path).startswith("/dev/"):
        if not path.exists():
            raise _fault(f"the receipt printer {target} is not connected (no such device)")
        if not stat.S_ISCHR(path.stat().st_mode):
            raise _fault(f"{target} is not a printer device")
        if not os.access(path, os.W_OK):
            raise _fault(f"no permission to use the printer {target} (add the user to the 'lp' group)")
        return f"receipt printer device {target} is connected"
    if not path.parent.is_dir():
        raise _fault(f"cannot print to {target}: the folder {path.parent} does not exist")
    return f"ESC/POS data written to the file {target}"


def _check_usb(target: str) -> str:
    vendor, product = _usb_ids(target)
    try:
        import usb.core

        device = usb.core.find(idVendor=vendor, idProduct=product)
    except Exception as exc:  # noqa: BLE001 - pyusb without a libusb backend
        raise _fault(f"USB printing is not available on this computer ({exc})") from None
    if device is None:
        raise _fault(f"the USB receipt printer {target} is not connected; check the cable and power")
    return f"USB receipt printer {target} is connected"


# ---------------------------------------------------------------- the test page

def self_test_document(store: StoreConfig, now: datetime | None = None) -> ReceiptDocument:
    """A short receipt for the 'test print' action: store header, CJK text, money, both QR codes."""
    s, r = store.store, store.receipt
    now = now or datetime.now().replace(microsecond=0)
    return ReceiptDocument(
        kind="sale", store_name=s.name, store_address=s.address, store_phone=s.phone, header="TEST PRINT 测试打印",
        footer=r.footer, receipt_no="TEST-0000", issued_at=now, cashier="-",
        lines=(ReceiptLine("Test line 测试商品", 1, 100, 100),), steps=(ReceiptStep("Subtotal 小计", 100),),
        total_label="Amount due 应付", total_fen=100, payments=(), change_fen=0, member=None,
        qr_url=r.join_member_url, qr_text=r.join_member_text, currency_symbol=s.currency_symbol)


def test_print_document(store: StoreConfig, now: datetime | None = None) -> ReceiptDocument:
    """The brief's name for self_test_document."""
    return self_test_document(store, now)


test_print_document.__test__ = False  # type: ignore[attr-defined]  # not a pytest test, even imported into one
