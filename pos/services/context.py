"""What every use case needs: the engine, the store configuration and the clock."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from pos.clock import Clock, system_clock
from pos.config import StoreConfig, load_config
from pos.db.engine import make_engine, writer
from pos.errors import EnvironmentFault


def default_till_id() -> str:
    """Which device this is (env POS_TILL_ID, else the host name): recorded for fraud signals."""
    return os.environ.get("POS_TILL_ID") or socket.gethostname()


@dataclass
class AppContext:
    engine: Engine
    config: StoreConfig
    clock: Clock = system_clock
    till_id: str = field(default_factory=default_till_id)

    @classmethod
    def open(cls, url: str | None = None, config_path: str | None = None,
             clock: Clock = system_clock) -> AppContext:
        return cls(make_engine(url), load_config(config_path), clock)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back on any error."""
        with _translate_db_errors(), Session(writer(self.engine), expire_on_commit=False) as session:
            with session.begin():
                yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with _translate_db_errors(), Session(self.engine, expire_on_commit=False) as session:
            with session.begin():
                yield session


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
