"""The member list as a Qt table model over a million rows.

rowCount is the matching count (one COUNT query); rows are filled lazily a page at a time from
member_list.fetch_page on the shared worker, so the GUI never waits for the database. Only the
pages the view asked for most recently are fetched (scrolling past a page does not queue it) and
at most `cache_pages` pages are kept. Cells of a page still loading show an ellipsis.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from pos.services.members import listing as member_list
from pos.services.members.listing import MemberFilter, MemberRow
from pos.ui.i18n import tr
from pos.ui.manager.common import money, segment_label, tier_label, when

# (sort key of member_list.SORT_KEYS, header); the column order is the sort-key order.
COLUMNS = (("phone", "Phone"), ("name", "Name"), ("tier", "Tier"), ("segment", "Segment"),
           ("last_visit", "Last visit"), ("spend", "Spend (365 days)"), ("visits", "Visits"),
           ("points", "Points"), ("expiring", "Points expiring"), ("birthday", "Birthday"))
NUMERIC = {5, 6, 7, 8}
LOADING = "…"
WANTED_PAGES = 4      # a screenful spans at most two pages; older requests are stale


def _headers() -> tuple[str, ...]:
    return (tr("Phone"), tr("Name"), tr("Tier"), tr("Segment"), tr("Last visit"), tr("Spend (365 days)"),
            tr("Visits"), tr("Points"), tr("Points expiring"), tr("Birthday"))


class MemberTableModel(QAbstractTableModel):
    counted = Signal(int)          # a new query's count and first page are in
    page_loaded = Signal(int)
    failed = Signal(object)

    def __init__(self, ctx, actor_id: int, worker, lang: str = "en", parent=None, *, page_size: int = 100,
                 cache_pages: int = 60) -> None:
        super().__init__(parent)
        self.ctx, self.actor_id, self.worker, self.lang = ctx, actor_id, worker, lang
        self.page_size, self.cache_pages = page_size, cache_pages
        self.filter = MemberFilter()
        self.sort_key, self.descending = "last_visit", True
        self._rows = 0
        self._pages: OrderedDict[int, list[MemberRow]] = OrderedDict()
        self._wanted: OrderedDict[int, None] = OrderedDict()
        self._loading = False
        self._generation = 0
        self._headers = _headers()

    # ------------------------------------------------------------ Qt model API
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(COLUMNS) else None
        return str(section + 1)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self._rows:
            return None
        row = self.row_at(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if row is None:
            return LOADING if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2 and row.tier_color:
            color = QColor(row.tier_color)
            if not color.isValid():
                return None
            return color.darker(170) if color.lightness() > 150 else color    # silver on white is unreadable
        if role == Qt.ItemDataRole.UserRole:
            return row.member_id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key, descending = COLUMNS[column][0], order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.sort_key, self.descending):
            self.set_query(self.filter, key, descending)

    # ------------------------------------------------------------ queries
    def set_query(self, flt: MemberFilter, sort_key: str | None = None, descending: bool | None = None) -> None:
        """Starts a new query: the count and the first page come back together."""
        self.filter = flt
        self.sort_key = sort_key or self.sort_key
        self.descending = self.descending if descending is None else descending
        self._generation += 1
        generation, ctx, actor, size = self._generation, self.ctx, self.actor_id, self.page_size
        sort, desc = self.sort_key, self.descending
        self.worker.submit(lambda: (member_list.count_members(ctx, actor, flt),
                                    member_list.fetch_page(ctx, actor, flt, sort, desc, 0, size)),
                           lambda result: self._counted(generation, *result),
                           lambda exc: self._failed(generation, exc))

    def refresh(self) -> None:
        self.set_query(self.filter)

    def row_at(self, row: int) -> MemberRow | None:
        page, offset = divmod(row, self.page_size)
        rows = self._pages.get(page)
        if rows is None:
            self._want(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def member_id(self, row: int) -> int | None:
        found = self.row_at(row)
        return found.member_id if found else None

    def loaded_pages(self) -> tuple[int, ...]:
        return tuple(sorted(self._pages))

    # ------------------------------------------------------------ background results
    def _counted(self, generation: int, count: int, first: list[MemberRow]) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._rows = count
        self._pages.clear()
        self._wanted.clear()
        if first:
            self._pages[0] = first
        self.endResetModel()
        self.counted.emit(count)

    def _want(self, page: int) -> None:
        self._wanted[page] = None
        self._wanted.move_to_end(page)
        while len(self._wanted) > WANTED_PAGES:
            self._wanted.popitem(last=False)
        self._next()

    def _next(self) -> None:
        if self._loading or not self._wanted:
            return
        page, _ = self._wanted.popitem(last=True)
        self._loading = True
        generation, ctx, actor, size = self._generation, self.ctx, self.actor_id, self.page_size
        flt, sort, desc = self.filter, self.sort_key, self.descending
        self.worker.submit(lambda: member_list.fetch_page(ctx, actor, flt, sort, desc, page * size, size),
                           lambda rows: self._loaded(generation, page, rows),
                           lambda exc: self._failed(generation, exc))

    def _loaded(self, generation: int, page: int, rows: list[MemberRow]) -> None:
        self._loading = False
        if generation == self._generation:
            self._pages[page] = rows
            while len(self._pages) > self.cache_pages:
                self._pages.popitem(last=False)
            first = page * self.page_size
            last = min(first + len(rows), self._rows) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
            self.page_loaded.emit(page)
        self._next()

    def _failed(self, generation: int, exc: Exception) -> None:
        self._loading = False
        if generation == self._generation:
            self.failed.emit(exc)

    def _display(self, row: MemberRow, column: int) -> str:
        values = (row.phone_masked, row.name,
                  tier_label(self.ctx.config, row.tier_key, row.tier_name, self.lang),
                  segment_label(row.segment), when(row.last_visit), money(row.spend_365_fen),
                  str(row.visits_365), str(row.points), str(row.points_expiring) if row.points_expiring else "",
                  row.birthday)
        return values[column]
