"""Files only their owner can read: databases, backups, exports, receipts, keys.

Every write goes to a new temporary file beside the target (created 0600, never through a
symlink) and is renamed over the target once complete, so a reader sees the old file or the
new one, never half of one, and a link planted at the target is refused rather than followed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from pos.errors import BadInput, EnvironmentFault

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(path: str | Path) -> Path:
    """Creates the folder (and missing parents) 0700; an existing folder is left as it is
    (it may be the user's own, such as ~/Documents)."""
    folder = Path(path).expanduser()
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentFault("file_unwritable", f"cannot create the folder {folder}: {exc.strerror}") from None
    return folder


def refuse_symlink(path: str | Path) -> Path:
    path = Path(path).expanduser()
    if path.is_symlink():
        raise _unsafe(path, "is a symbolic link")
    if path.exists() and not path.is_file():
        raise _unsafe(path, "is not a regular file")
    return path


def write_private(path: str | Path, data: bytes, *, overwrite: bool = True) -> Path:
    """`data` as the private file `path`; a missing folder is created (0700)."""
    private_folder(Path(path).expanduser().parent)
    with open_private(path, "wb", overwrite=overwrite) as handle:
        handle.write(data)
    return Path(path)


@contextmanager
def open_private(path: str | Path, mode: str = "wb", *, overwrite: bool = True, **kwargs: Any) -> Iterator[IO]:
    """Opens a new 0600 file for writing that becomes `path` when the block ends without an error.

    `overwrite=False` refuses an existing `path` (error `file_exists`), atomically."""
    target = refuse_symlink(path)
    if not overwrite and target.exists():
        raise _exists(target)
    temp = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(temp, flags, FILE_MODE)
    except OSError as exc:
        raise EnvironmentFault("file_unwritable", f"cannot write {target}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _install(temp, target, overwrite)
    except OSError as exc:
        raise EnvironmentFault("file_unwritable", f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        temp.unlink(missing_ok=True)


def _install(temp: Path, target: Path, overwrite: bool) -> None:
    refuse_symlink(target)          # planted while we wrote
    if overwrite:
        os.replace(temp, target)    # renames over the directory entry: never follows a link
        return
    try:
        os.link(temp, target)       # fails if the name exists, whatever appeared meanwhile
    except FileExistsError:
        raise _exists(target) from None


def make_private(path: str | Path) -> None:
    """Takes group and other permissions away from an existing file we own (an older 0644 one)."""
    path = Path(path)
    try:
        info = path.lstat()
        if stat.S_ISREG(info.st_mode) and info.st_mode & 0o077 and info.st_uid == getattr(os, "getuid", lambda: info.st_uid)():
            os.chmod(path, FILE_MODE)
    except OSError:
        pass


def _unsafe(path: Path, why: str) -> EnvironmentFault:
    return EnvironmentFault("file_unsafe", f"refusing to write {path}: it {why}")


def _exists(path: Path) -> BadInput:
    return BadInput("file_exists", f"{path} already exists: choose a new file name")
