"""The clock every time-dependent rule reads. POS_NOW (ISO 8601) pins it for scripts and tests."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime

from pos.errors import BadInput

Clock = Callable[[], datetime]


def parse_now(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadInput("clock_invalid", f"POS_NOW='{text}' is not an ISO 8601 timestamp") from None
    if moment.tzinfo is not None:   # store-local naive time is what the database holds
        moment = moment.astimezone().replace(tzinfo=None)
    return moment


def system_clock() -> datetime:
    return datetime.now().replace(microsecond=0)


def clock_from_env() -> Clock:
    pinned = os.environ.get("POS_NOW")
    if not pinned:
        return system_clock
    moment = parse_now(pinned)
    return lambda: moment


def fixed_clock(moment: datetime) -> Clock:
    return lambda: moment
