"""Issue #12, finding 10: audit rows are hash-chained and `verify_chain` finds the first broken row."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text

from pos.db.models import AuditEntry
from pos.errors import PosError
from pos.services.staff import audit
from pos.services.staff.audit_chain import verify_chain


def write_entries(ctx, count: int, action: str = "test_entry") -> None:
    for number in range(count):
        with ctx.write() as session:
            audit.record(session, ctx.clock(), action, target=f"n{number}", text="价格 ¥5")


def ids(ctx) -> list[int]:
    with ctx.read() as session:
        return list(session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))


def as_owner_without_guards(ctx, statement: str) -> None:
    """What only someone who owns the table (and turns its triggers off) can do."""
    sqlite = ctx.engine.dialect.name == "sqlite"
    with ctx.engine.begin() as conn:
        if sqlite:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))     # every guard
        conn.execute(text(statement))


def test_an_untouched_log_verifies(ctx, manager):
    write_entries(ctx, 5)
    rows = len(ids(ctx))
    check = verify_chain(ctx, manager.id)
    assert (check.ok, check.rows, check.first_break) == (True, rows, None)
    assert verify_chain(ctx, manager.id).rows == rows + 1          # the check itself is audited, chained


@pytest.mark.parametrize("tamper, broken_index", [
    ("UPDATE audit_log SET details = '[]' WHERE id = {id}", 2),           # an edited row
    ("UPDATE audit_log SET at = at WHERE id = {id}", None),               # the same values: nothing broken
    ("DELETE FROM audit_log WHERE id = {id}", 3),                         # a removed row: the next one breaks
])
def test_tampering_is_found_at_the_first_broken_row(ctx, manager, tamper, broken_index):
    write_entries(ctx, 5)
    before = ids(ctx)
    as_owner_without_guards(ctx, tamper.format(id=before[2]))
    check = verify_chain(ctx, manager.id)
    assert check.ok is (broken_index is None)
    assert check.first_break == (before[broken_index] if broken_index is not None else None)


def test_verifying_is_for_managers(ctx, cashier):
    with pytest.raises(PosError) as err:
        verify_chain(ctx, cashier.id)
    assert err.value.code == "manager_required"


def test_tills_writing_at_once_keep_one_chain(ctx, manager):
    """Without the chain lock two tills read the same last row and the chain forks."""
    barrier = threading.Barrier(4)
    failures = []

    def till(number: int) -> None:
        barrier.wait()
        try:
            write_entries(ctx, 15, action=f"till_{number}")
        except PosError as exc:          # SQLite: a writer may wait for the lock past busy_timeout
            failures.append(exc.code)

    threads = [threading.Thread(target=till, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with ctx.read() as session:
        assert session.scalar(select(func.count()).where(AuditEntry.action.like("till_%"))) == 60
    assert verify_chain(ctx, manager.id).ok
