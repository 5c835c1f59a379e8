"""Create or migrate a database and give it its per-database secrets (kept outside it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from pos.db.migrate import upgrade
from pos.db.models import Member, Meta, QrKey
from pos.services.context import AppContext
from pos.services.members import qr as member_qr


@dataclass(frozen=True)
class InitResult:
    database: str
    schema_version: str
    created_key: bool
    secrets_moved: int = 0


def init_database(ctx: AppContext) -> InitResult:
    version = upgrade(ctx.engine)
    created = False
    with ctx.write() as session:
        if session.scalar(select(func.count(QrKey.id))) == 0:
            member_qr.create_key(session, ctx.clock())
            session.add(Meta(key="created_at", value=ctx.clock().isoformat()))
            created = True
        moved = member_qr.move_secrets_out(session)   # a database from before the key store
    return InitResult(ctx.engine.url.render_as_string(hide_password=True), version, created, moved)


def member_count(ctx: AppContext) -> int:
    with ctx.read() as session:
        return session.scalar(select(func.count(Member.id))) or 0
