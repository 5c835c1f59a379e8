"""The encrypted backup file (format 1).

    b"POSBAK1\\n" | header length (4 bytes, big-endian) | header (JSON, in clear)
    | chunks: flag (1 byte: 1 on the last chunk) | length (4 bytes) | AES-256-GCM ciphertext

The key is scrypt(passphrase, salt) with the salt and costs from the header; chunk i is sealed
with the nonce (i as 11 bytes | flag) and the magic plus header as associated data (the STREAM
construction): a changed byte anywhere, chunks dropped, reordered or cut off at the end, a changed
header or a wrong passphrase all fail authentication. The plaintext is the member-QR secrets
(length-prefixed JSON) followed by the database dump. Chunks of 1 MiB keep memory flat for any
database size (Fernet would hold the whole file, base64-inflated, in memory).
"""

from __future__ import annotations

import base64
import json
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from pos.errors import BadInput
from pos.files import open_private

MAGIC = b"POSBAK1\n"
CHUNK = 1 << 20
SCRYPT = {"n": 1 << 15, "r": 8, "p": 1}     # ~32 MiB and ~0.1 s per backup or restore
MIN_PASSPHRASE = 12


def check_passphrase(passphrase: str | None) -> str:
    if not passphrase:
        raise BadInput("backup_passphrase_required", "Backups are encrypted: give the backup passphrase "
                       "(env POS_BACKUP_PASSPHRASE or --passphrase-file).")
    if len(passphrase) < MIN_PASSPHRASE:
        raise BadInput("backup_passphrase_weak", f"The backup passphrase needs at least {MIN_PASSPHRASE} characters.")
    return passphrase


def is_backup(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def seal(plain: Path, meta: dict, qr_secrets: dict[str, str], target: Path, passphrase: str) -> None:
    salt = os.urandom(16)
    header = json.dumps({**meta, "format": 1, "kdf": {"name": "scrypt", "salt": base64.b64encode(salt).decode(),
                                                      **SCRYPT}}).encode()
    aad = MAGIC + header
    cipher = AESGCM(_derive(passphrase, salt, SCRYPT))
    with open_private(target, "wb", overwrite=False) as out, open(plain, "rb") as dump:
        out.write(MAGIC + struct.pack(">I", len(header)) + header)
        for index, (data, last) in enumerate(_lookahead(_plaintext(qr_secrets, dump))):
            sealed = cipher.encrypt(_nonce(index, last), data, aad)
            out.write(struct.pack(">BI", last, len(sealed)) + sealed)


def read_header(handle: IO[bytes]) -> tuple[dict, bytes]:
    if handle.read(len(MAGIC)) != MAGIC:
        raise BadInput("backup_invalid", "This is not an encrypted pos backup (older plain backups are "
                       "not accepted: they cannot be authenticated).")
    (size,) = struct.unpack(">I", _exactly(handle, 4))
    if size > 65536:
        raise _invalid()
    raw = _exactly(handle, size)
    try:
        header = json.loads(raw)
        kdf = header["kdf"]
        if kdf["name"] != "scrypt" or not (2 <= kdf["n"] <= 1 << 20 and 1 <= kdf["r"] <= 32 and 1 <= kdf["p"] <= 16):
            raise _invalid()
    except (ValueError, KeyError, TypeError):
        raise _invalid() from None
    return header, MAGIC + raw


def unseal(source: Path, passphrase: str, plain: Path) -> tuple[dict, dict[str, str]]:
    """Decrypts `source` into `plain` (a private file); returns the header and the QR secrets.
    Raises backup_auth_failed unless every byte is authentic."""
    with open(source, "rb") as handle:
        header, aad = read_header(handle)
        kdf = header["kdf"]
        cipher = AESGCM(_derive(passphrase, base64.b64decode(kdf["salt"]), kdf))
        chunks = _opened(handle, cipher, aad)
        with open_private(plain, "wb") as out:
            qr_secrets = _split_secrets(chunks, out)
            for data in chunks:
                out.write(data)
    return header, qr_secrets


def _plaintext(qr_secrets: dict[str, str], dump: IO[bytes]) -> Iterator[bytes]:
    blob = json.dumps(qr_secrets).encode()
    buffer = struct.pack(">I", len(blob)) + blob
    while True:
        buffer += dump.read(CHUNK - len(buffer))
        if not buffer:
            return
        yield buffer[:CHUNK]
        buffer = buffer[CHUNK:]


def _lookahead(chunks: Iterator[bytes]) -> Iterator[tuple[bytes, bool]]:
    previous = next(chunks, b"")
    for data in chunks:
        yield previous, False
        previous = data
    yield previous, True


def _opened(handle: IO[bytes], cipher: AESGCM, aad: bytes) -> Iterator[bytes]:
    index = 0
    while True:
        prefix = handle.read(5)
        if len(prefix) != 5:
            raise _auth_failed()    # cut off before its last chunk
        last, size = struct.unpack(">BI", prefix)
        if last not in (0, 1) or size > CHUNK + 16:
            raise _auth_failed()
        try:
            yield cipher.decrypt(_nonce(index, bool(last)), _exactly(handle, size, _auth_failed), aad)
        except InvalidTag:
            raise _auth_failed() from None
        if last:
            if handle.read(1):
                raise _auth_failed()    # something appended after the last chunk
            return
        index += 1


def _split_secrets(chunks: Iterator[bytes], out: IO[bytes]) -> dict[str, str]:
    buffer = b""
    for data in chunks:
        buffer += data
        if len(buffer) >= 4 and len(buffer) >= 4 + struct.unpack(">I", buffer[:4])[0]:
            break
    size = struct.unpack(">I", buffer[:4])[0] if len(buffer) >= 4 else -1
    if size < 0 or len(buffer) < 4 + size:
        raise _invalid()
    out.write(buffer[4 + size:])
    found = json.loads(buffer[4:4 + size])
    if not isinstance(found, dict):
        raise _invalid()
    return found


def _derive(passphrase: str, salt: bytes, cost: dict) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=cost["n"], r=cost["r"], p=cost["p"])
    return kdf.derive(passphrase.encode("utf-8"))


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _exactly(handle: IO[bytes], size: int, error=None) -> bytes:  # noqa: ANN001
    data = handle.read(size)
    if len(data) != size:
        raise (error or _invalid)()
    return data


def _invalid() -> BadInput:
    return BadInput("backup_invalid", "This file is not a readable pos backup.")


def _auth_failed() -> BadInput:
    return BadInput("backup_auth_failed", "The backup was refused: wrong backup passphrase, or the file was "
                    "altered or cut short.")
