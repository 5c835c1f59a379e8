"""What a mutation changed, returned to its caller so the caller refreshes what shows it.

Services never reach into a screen or a screen's cache: the console reads a `Changes` and decides
(pos.ui.manager.console.ManagerConsole.data_changed). A CLI command has nothing to refresh.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    members: frozenset[int] = frozenset()   # members whose listed figures or personal data changed
    points: bool = False                    # point balances (and the ledger)
    coupons: bool = False                   # coupons issued or voided
    segments: bool = False                  # a new segment snapshot: segment, 365-day figures of every member

    @property
    def member_list(self) -> bool:
        """The member list shows something that changed (its cached pages are out of date)."""
        return bool(self.members) or self.points or self.segments
