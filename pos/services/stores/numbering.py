"""Receipt and return numbers of a chain: store, till, day and the till's own sequence
(`S01-2-261130-0042`, a return `S01-2-261130-T0007`; pos.vocabulary spells and reads them).

The sequence is a counter on the till's row, moved by one UPDATE ... RETURNING inside the booking's
own transaction: a rolled-back sale gives its number back (no gaps), and two bookings of one till
cannot take the same number (on PostgreSQL the UPDATE locks the till's row until commit; SQLite
write transactions are serial). Tills of other stores, or other tills of the same store, do not wait
for each other: each has its own row. Without a till (a database before #16) the old global form
(`R261130-000042`, the row's id) is used.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from pos import vocabulary
from pos.db import direct
from pos.db.models import Till, table_of
from pos.services.context import AppContext

_TILLS = table_of(Till)
_NEXT = {kind: (update(_TILLS).where(_TILLS.c.id == bindparam("till_pk"))
                .values({column: _TILLS.c[column] + 1}).returning(_TILLS.c[column]))
         for kind, column in ((vocabulary.DocumentKind.RECEIPT, "last_receipt_seq"),
                              (vocabulary.DocumentKind.RETURN, "last_return_seq"))}


def receipt_no(session: Session, ctx: AppContext, at: datetime, sale_db_id: int) -> str:
    """The next receipt number of this till, taken in the sale's transaction."""
    return _next(session, ctx, vocabulary.DocumentKind.RECEIPT, at, sale_db_id)


def return_no(session: Session, ctx: AppContext, at: datetime, return_db_id: int) -> str:
    """The next return number of this till, taken in the return's transaction."""
    return _next(session, ctx, vocabulary.DocumentKind.RETURN, at, return_db_id)


def _next(session: Session, ctx: AppContext, kind: vocabulary.DocumentKind, at: datetime, row_id: int) -> str:
    here = ctx.here_in(session)
    if here is None:
        return str(vocabulary.DocumentNo(kind, at.date(), row_id))
    sequence = direct.execute(session.connection(), _NEXT[kind], {"till_pk": here.till_id}).scalar_one()
    return vocabulary.till_document_no(kind, at.date(), here.store_code, here.till_number, int(sequence))
