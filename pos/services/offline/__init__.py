"""A till that never stops selling (SPEC §13, #17): the till's own offline journal (a local SQLite
file), the member card cache in it, selling from it while the central database cannot be reached, and
the sync that pushes the journal through the normal checkout when it comes back."""

from pos.db.engine import OFFLINE_CONNECT_TIMEOUT_S
from pos.services.offline.journal import Journal, open_journal
from pos.services.offline.receipt import print_receipt, receipt_document
from pos.services.offline.selling import member_card, sell
from pos.services.offline.sync import (
    SyncResult,
    TillStatus,
    is_reachable,
    refresh_cache,
    remember_cashier,
    sync,
    till_status,
)

__all__ = ["OFFLINE_CONNECT_TIMEOUT_S", "Journal", "open_journal", "member_card", "sell", "print_receipt", "receipt_document", "SyncResult", "TillStatus", "is_reachable",
           "refresh_cache", "remember_cashier", "sync", "till_status"]
