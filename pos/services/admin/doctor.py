"""`pos doctor`: is this till ready to sell? Each check says ok, warn or fail with one line a shop
can act on; none of them changes anything. A support bundle packs the checks, the versions, the
settings and the logs into one zip with every phone number masked, to send to whoever supports
the shop.

A broken part never stops the other checks: an unreachable database still lets the fonts, the
printer (as the configuration file sets it), the disk and the logs be checked.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

import pos
from pos import logs
from pos.clock import Clock, clock_from_env
from pos.config import StoreConfig, load_config
from pos.db.engine import make_engine
from pos.db.migrate import alembic_config, current_revision, head_revision
from pos.errors import EnvironmentFault, PosError
from pos.files import write_private
from pos.services.context import AppContext, translate_db_errors

OK, WARN, FAIL, SKIP = "ok", "warn", "fail", "skip"
DISK_WARN_BYTES = 1_000_000_000      # a year of a busy till's sales and logs fits in far less
DISK_FAIL_BYTES = 100_000_000
CLOCK_SKEW_WARN_SECONDS = 120        # points expiry, coupon validity and reports read the clock
PACKAGES = ("pos-loyalty", "SQLAlchemy", "alembic", "psycopg", "PySide6-Essentials", "reportlab",
            "python-escpos", "qrcode", "phonenumbers", "platformdirs", "cryptography")


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    detail: str


@dataclass
class Diagnosis:
    checks: list[Check] = field(default_factory=list)
    database: str = ""
    schema_version: str | None = None
    settings_toml: str = ""

    @property
    def ok(self) -> bool:
        return all(check.status != FAIL for check in self.checks)

    def to_json(self) -> dict:
        return {"ok": self.ok, "database": self.database, "schema_version": self.schema_version,
                "checks": [asdict(check) for check in self.checks]}


def diagnose(url: str | None = None, config_path: str | None = None, clock: Clock | None = None) -> Diagnosis:
    """Every check, in the order a shop would fix them."""
    found = Diagnosis()
    config = _config(found, config_path)
    ctx = _database(found, url, config, clock or clock_from_env())
    if ctx is None:
        found.checks.append(Check("schema", SKIP, "the database cannot be reached"))
    elif _schema(found, ctx.engine):
        config = _settings(found, ctx) or config
    found.checks.append(_fonts())
    found.checks.append(_printer(config))
    found.checks.append(_clock(ctx))
    found.checks.append(_disk(ctx))
    found.checks.append(_log_folder())
    if ctx is not None:
        ctx.engine.dispose()
    return found


# ---------------------------------------------------------------- the checks

def _config(found: Diagnosis, config_path: str | None) -> StoreConfig:
    path = config_path or os.environ.get("POS_CONFIG") or None
    try:
        config = load_config(path)
    except PosError as exc:
        found.checks.append(Check("config", FAIL, exc.message))
        return load_config(None)
    found.checks.append(Check("config", OK, f"configuration file {path}" if path else "the shipped defaults"))
    return config


def _database(found: Diagnosis, url: str | None, config: StoreConfig, clock: Clock) -> AppContext | None:
    try:
        engine = make_engine(url)
        found.database = engine.url.render_as_string(hide_password=True)
        with translate_db_errors(), engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except PosError as exc:
        found.checks.append(Check("database", FAIL, exc.message))
        return None
    found.checks.append(Check("database", OK, f"{engine.dialect.name} at {found.database}"))
    return AppContext(engine, config, clock)


def _schema(found: Diagnosis, engine: Engine) -> bool:
    """True when the schema is current (then the settings saved in the database can be read)."""
    try:
        with translate_db_errors():
            current, head = current_revision(engine), head_revision(engine)
    except PosError as exc:
        found.checks.append(Check("schema", FAIL, exc.message))
        return False
    except DBAPIError as exc:       # e.g. a file that is not a SQLite database at all
        found.checks.append(Check("schema", FAIL, f"not a database of this program: {str(exc.orig).strip().splitlines()[0]}"))
        return False
    found.schema_version = current
    if current is None:
        found.checks.append(Check("schema", FAIL, "the database is empty: run `pos init` (or `pos init --demo`)"))
        return False
    if current != head:
        pending = _pending_migrations(engine, current)
        found.checks.append(Check("schema", FAIL, f"at {current}, {pending} migration(s) pending up to {head}: "
                                  "run `pos init` (take a backup first: `pos backup`)"))
        return False
    found.checks.append(Check("schema", OK, f"at {current}, no migrations pending"))
    return True


def _pending_migrations(engine: Engine, current: str) -> int | str:
    from alembic.script import ScriptDirectory

    try:
        script = ScriptDirectory.from_config(alembic_config(engine))
        return len(list(script.iterate_revisions("heads", current))) - 1
    except Exception:  # noqa: BLE001 - a revision this program does not know (a newer version wrote it)
        return "unknown (a newer program wrote this database?)"


def _settings(found: Diagnosis, ctx: AppContext) -> StoreConfig | None:
    from pos.services.admin.settings import current_settings_toml

    try:
        found.settings_toml = current_settings_toml(ctx)
    except PosError as exc:
        found.checks.append(Check("settings", FAIL, exc.message))
        return None
    where = f"version {ctx.settings_version} saved in the database" if ctx.settings_version else "the file"
    found.checks.append(Check("settings", OK, f"settings in force: {where}"))
    return ctx.config


def _fonts() -> Check:
    from pos.printing.fonts import cjk_font, find_font

    try:
        path = find_font()
        cjk_font()
    except PosError as exc:
        return Check("fonts", FAIL, exc.message)
    return Check("fonts", OK, f"Chinese font for receipts: {path}")


def _printer(config: StoreConfig) -> Check:
    from pos.printing.printers import check_printer

    try:
        return Check("printer", OK, check_printer(config.printer))
    except PosError as exc:
        return Check("printer", FAIL, exc.message)


def _clock(ctx: AppContext | None) -> Check:
    pinned = os.environ.get("POS_NOW")
    if pinned:
        return Check("clock", WARN, f"pinned by POS_NOW={pinned}: every rule reads that time, not the real one")
    now = datetime.now().astimezone()
    here = f"{now:%Y-%m-%d %H:%M:%S %Z} (UTC{now:%z})"
    if ctx is None or ctx.engine.dialect.name != "postgresql":
        return Check("clock", OK, here)
    with ctx.engine.connect() as conn:
        server = conn.scalar(text("SELECT now()"))
    skew = abs((datetime.now().astimezone() - server).total_seconds())
    if skew > CLOCK_SKEW_WARN_SECONDS:
        return Check("clock", WARN, f"{here}; the database server's clock differs by {skew:.0f} s: "
                     "set both to network time (NTP)")
    return Check("clock", OK, f"{here}; the database server agrees within {skew:.0f} s")


def _disk(ctx: AppContext | None) -> Check:
    folder = _data_folder(ctx)
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        return Check("disk", FAIL, f"cannot read the free space of {folder}: {exc.strerror}")
    detail = f"{free / 1e9:.1f} GB free in {folder}"
    if free < DISK_FAIL_BYTES:
        return Check("disk", FAIL, detail + ": free some space, sales cannot be booked on a full disk")
    if free < DISK_WARN_BYTES:
        return Check("disk", WARN, detail + ": less than 1 GB left")
    return Check("disk", OK, detail)


def _data_folder(ctx: AppContext | None) -> Path:
    """The SQLite file's folder, else this user's data folder (backups, receipts) or its nearest parent."""
    database = ctx.engine.url.database if ctx is not None and ctx.engine.dialect.name == "sqlite" else None
    if database and database != ":memory:":
        folder = Path(database).expanduser().absolute().parent
    else:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("pos-loyalty", appauthor=False))
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _log_folder() -> Check:
    folder = logs.log_dir()
    if not folder.exists():
        parent = folder.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if os.access(parent, os.W_OK | os.X_OK):
            return Check("logs", OK, f"{folder} (created with the first entry)")
        return Check("logs", FAIL, f"{folder} cannot be created: {parent} is not writable (set POS_LOG_DIR)")
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        return Check("logs", FAIL, f"{folder} is not a folder this user can write to (set POS_LOG_DIR)")
    if folder.stat().st_mode & 0o077:
        return Check("logs", WARN, f"{folder} is readable by other users; the log holds customers' data "
                     f"(chmod 700 {folder})")
    size = sum(p.stat().st_size for p in folder.glob(f"{logs.FILE_NAME}*") if p.is_file())
    return Check("logs", OK, f"{folder} ({size / 1e6:.1f} MB of logs)")


# ---------------------------------------------------------------- the support bundle

# A mainland mobile in any common writing (+86 138 0013 8000, 13800138000, 138-0013-8000) and any
# other E.164 number: a customer's phone number never leaves the shop in a bundle.
_CN_MOBILE = re.compile(r"(?<![\d+])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")
_E164 = re.compile(r"\+\d{8,15}(?!\d)")


def mask_phones(text_: str) -> str:
    text_ = _CN_MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text_)
    return _E164.sub(lambda m: m.group(0)[:3] + "*" * (len(m.group(0)) - 5) + m.group(0)[-2:], text_)


def versions(found: Diagnosis) -> dict:
    packages: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    return {"pos": pos.__version__, "python": sys.version.split()[0], "platform": platform.platform(),
            "database": found.database, "schema_version": found.schema_version, "packages": packages}


def write_bundle(found: Diagnosis, path: Path, clock: Callable[[], datetime] = datetime.now) -> Path:
    """A zip of the diagnosis, the versions, the settings in force and the log files, phones masked.
    Private (0600): even masked, a log holds names and receipts."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        def add(name: str, content: str) -> None:
            bundle.writestr(name, mask_phones(content))

        add("doctor.json", json.dumps(found.to_json(), ensure_ascii=False, indent=2))
        add("versions.json", json.dumps(versions(found), ensure_ascii=False, indent=2))
        add("README.txt", f"pos doctor support bundle, written {clock():%Y-%m-%d %H:%M:%S}.\n"
                          "Phone numbers are masked; passwords are never included.\n")
        if found.settings_toml:
            add("settings.toml", found.settings_toml)
        for log_path in sorted(logs.log_dir().glob(f"{logs.FILE_NAME}*")):
            try:
                add(f"logs/{log_path.name}", log_path.read_text(encoding="utf-8", errors="replace"))
            except OSError as exc:
                add(f"logs/{log_path.name}.unreadable", f"{exc.strerror}\n")
    target = path.expanduser()
    try:
        write_private(target, buffer.getvalue())
    except OSError as exc:
        raise EnvironmentFault("file_unwritable", f"cannot write {target}: {exc.strerror}") from None
    return target
