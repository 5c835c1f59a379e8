"""What every use case needs: the engine, the store configuration and the clock."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from pos.clock import Clock, system_clock
from pos.config import ConfigError, StoreConfig, load_config, parse_config
from pos.db.engine import make_engine, writer
from pos.db.models import StoreSettings
from pos.errors import EnvironmentFault

log = logging.getLogger(__name__)
_LATEST_SETTINGS = "SELECT max(id) FROM store_settings"   # plain SQL: a quarter of the ORM's overhead


def default_till_id() -> str:
    """Which device this is (env POS_TILL_ID, else the host name): recorded for fraud signals."""
    return os.environ.get("POS_TILL_ID") or socket.gethostname()


@dataclass
class AppContext:
    """`config` follows the settings saved in the database: every unit of work first compares the
    newest saved version (one indexed max() query) and reloads only when it changed, so a manager's
    change reaches every till at its next sale without a restart."""

    engine: Engine
    config: StoreConfig
    clock: Clock = system_clock
    till_id: str = field(default_factory=default_till_id)
    settings_version: int = field(default=0, init=False, compare=False)
    file_config: StoreConfig | None = field(default=None, init=False, repr=False, compare=False)
    _has_settings_table: bool = field(default=False, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.file_config = self.config

    @classmethod
    def open(cls, url: str | None = None, config_path: str | None = None,
             clock: Clock = system_clock) -> AppContext:
        return cls(make_engine(url), load_config(config_path), clock)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back on any error."""
        with _translate_db_errors(), Session(writer(self.engine), expire_on_commit=False) as session:
            session.info["clock"] = self.clock
            with session.begin():
                self.follow_settings(session)
                yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with _translate_db_errors(), Session(self.engine, expire_on_commit=False) as session:
            session.info["clock"] = self.clock
            with session.begin():
                self.follow_settings(session)
                yield session

    def refresh_config(self) -> StoreConfig:
        """Picks up settings saved by another till now (units of work do this by themselves)."""
        with self.read():
            return self.config

    def follow_settings(self, session: Session) -> None:
        if not self._has_settings_table:
            self._has_settings_table = inspect(session.connection()).has_table(StoreSettings.__tablename__)
            if not self._has_settings_table:
                return
        version = session.connection().exec_driver_sql(_LATEST_SETTINGS).scalar() or 0
        if version != self.settings_version:
            self.use_settings(version, session.get(StoreSettings, version) if version else None)

    def use_settings(self, version: int, saved: StoreSettings | None) -> None:
        """Newest saved settings in force; with none saved (e.g. after a restore), the file's."""
        try:
            config = parse_config(saved.toml, source=f"database settings v{version}") if saved else self.file_config
        except ConfigError as exc:   # saved under older rules: keep selling on the last good settings
            log.error("saved settings v%s are not valid any more: %s", version, exc.message)
            return
        self.config, self.settings_version = config, version


@contextmanager
def _translate_db_errors() -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        text = str(exc.orig).lower()
        if "locked" in text or "busy" in text:
            raise EnvironmentFault("database_busy", "The database is busy (another till is writing); "
                                   "please try again.") from exc
        raise EnvironmentFault("database_unavailable", f"The database cannot be reached: {exc.orig}") from exc
