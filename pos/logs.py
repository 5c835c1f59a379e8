"""The log file, and the one way our bugs are reported: logged with the full traceback under a
short reference that the cashier, the manager or the script is shown instead of the error.

The file is `pos.log` (rotated) in the user's log folder (platformdirs), or in $POS_LOG_DIR.
It may hold phone numbers and SQL parameters, so it is private: 0600 in a 0700 folder.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_DIR_ENV = "POS_LOG_DIR"
FILE_NAME = "pos.log"
MAX_BYTES = 2_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logging.getLogger("pos.bugs")
_root = logging.getLogger("pos")
_lock = threading.Lock()
_REFERENCE = "pos_reference"   # attribute on an exception already reported


def log_dir() -> Path:
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_log_dir

    return Path(user_log_dir("pos-loyalty", appauthor=False))


def log_file() -> Path:
    return log_dir() / FILE_NAME


class PrivateRotatingFileHandler(RotatingFileHandler):
    """Every file it opens, the first and each one after a rollover, is created 0600."""

    def _open(self):  # noqa: ANN202 - logging's own hook
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.fchmod(fd, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def private_handler(path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> PrivateRotatingFileHandler:
    if not path.parent.is_dir():
        path.parent.mkdir(mode=0o700, parents=True)
        path.parent.chmod(0o700)     # whatever the umask
    handler = PrivateRotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    return handler


def install() -> Path | None:
    """Sends the `pos` loggers to the log file (again, when $POS_LOG_DIR changed). Returns the file,
    or None when it cannot be opened: the program goes on, the report is lost."""
    path = log_file()
    with _lock:
        current = [h for h in _root.handlers if isinstance(h, PrivateRotatingFileHandler)]
        if any(Path(h.baseFilename) == path.absolute() for h in current):
            return path
        for old in current:
            _root.removeHandler(old)
            old.close()
        try:
            _root.addHandler(private_handler(path))
        except OSError:
            return None
        _root.setLevel(logging.INFO)
        return path


def report_bug(exc: BaseException, where: str = "") -> str:
    """Logs `exc` (our bug) with its traceback once and returns its reference, e.g. `7F3A2C`."""
    reference = getattr(exc, _REFERENCE, None)
    if reference:
        return reference
    reference = secrets.token_hex(3).upper()
    try:
        setattr(exc, _REFERENCE, reference)
    except AttributeError:    # an exception type with __slots__: logged again if shown twice
        pass
    written = install() is not None     # else Python's last-resort handler: stderr, so no traceback
    log.error("bug ref %s%s: %s", reference, f" in {where}" if where else "", type(exc).__name__,
              exc_info=(type(exc), exc, exc.__traceback__) if written else None)
    return reference
