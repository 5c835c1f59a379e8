"""Who the benchmarks act as: the bench manager's id, and how to pass it to a member list that may
predate the manager check (bench/ab.py measures older trees too). No pos imports here, for that reason."""

from __future__ import annotations

import inspect

from sqlalchemy import text


def bench_manager_id(ctx) -> int | None:  # noqa: ANN001  (any tree's AppContext)
    with ctx.read() as session:
        return session.execute(text("SELECT min(id) FROM staff WHERE role = 'manager'")).scalar()


def list_actor(ctx, member_list) -> tuple:  # noqa: ANN001
    """() for trees whose list takes no staff id; else (the bench manager's id,), checked on every page."""
    if "actor_id" not in inspect.signature(member_list.count_members).parameters:
        return ()
    return (bench_manager_id(ctx),)
