"""The one way every entry point (the `pos` command, the till, the console) opens a store.

Policy, the same everywhere: only `pos init` creates or migrates a database; anything else refuses an
empty or outdated one with a message that says what to run. Nothing here invents data: demo members
and sales exist only when `pos init --demo` was asked for.
"""

from __future__ import annotations

import os

from pos.clock import Clock, clock_from_env
from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.migrate import current_revision, head_revision
from pos.errors import BadInput
from pos.services.context import AppContext, within_security_limits


def open_store(url: str | None = None, config_path: str | None = None, *, clock: Clock | None = None,
               initialising: bool = False, till: str | None = None,
               connect_timeout: int | None = None) -> AppContext:
    """The store at `url` (env POS_DATABASE_URL, else the default SQLite file) with the configuration file
    `config_path` (env POS_CONFIG, else the shipped defaults); settings saved in the database win over it,
    and the file's security limits are never looser than the shipped defaults (within_security_limits).
    `initialising`: for `pos init`, which creates or migrates the schema itself. `till`: which registered
    till this is ("S01-2"; else env POS_TILL, else the first till of the first store)."""
    config = within_security_limits(load_config(config_path or os.environ.get("POS_CONFIG") or None))
    ctx = AppContext(make_engine(url, connect_timeout=connect_timeout), config, clock or clock_from_env())
    if till:
        ctx.till = till
    if not initialising:
        require_current_schema(ctx)
        ctx.refresh_config()
    return ctx


def require_current_schema(ctx: AppContext) -> None:
    current = current_revision(ctx.engine)
    if current is None:
        raise BadInput("database_not_initialised",
                       "This database is empty: run `pos init` (or `pos init --demo` for a demo store).")
    if current != head_revision(ctx.engine):
        raise BadInput("database_outdated", "This database needs migrating: run `pos init`.")
