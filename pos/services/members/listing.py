"""The manager's member list at a million members: count and pages (its CSV export: members.export).

Why it is built this way:
- 365-day spend, visits, segment and expiring points cannot be kept exact incrementally (a rolling
  window), so they are written by the segmentation job (pos.services.segments.rfm) into
  `member_stats`, one narrow row per listed member (a trigger adds a new member's row, erasure deletes
  it), and shown with its snapshot date (`stats_as_of`, beside the count in the console's member
  list). Last visit, points and tier are live columns of `members` kept by checkout.
- Every sort key has an index ending in the member id: on `members` partial `(key..., id) WHERE
  erased_at IS NULL` (pos.db.models LIST_INDEXES), on `member_stats` `(key, member_id)`
  (STATS_INDEXES; its rows are the listed members). A page is an index walk from a boundary key
  (keyset: `(key, id) > (k, i)`), so the first page and the next page cost the same at any depth.
  A sort by a statistic walks member_stats joined to members by key; unfiltered, its offset walks
  read member_stats' index alone. Filters on statistics are `id IN (SELECT member_id FROM
  member_stats WHERE ...)`, so counts and campaign audiences stay queries over members.
- A table view asks for rows by offset. The boundary key of an offset is found by walking the
  index with OFFSET from the nearest boundary this process has already seen (cached per filter and
  sort for a minute), or backwards from the part's end when that is nearer and the part's size is
  known (unfiltered on SQLite it is cheap: count(*) of the table minus the erased members' tiny
  index), so scrolling is incremental and a jump to row 900,000 of 1,000,000 walks 100,000 index
  entries. The list indexes end in erased_at (migration 0005), so SQLite reads them as covering
  indexes: the walk never touches table rows (EXPLAIN QUERY PLAN: USING COVERING INDEX). With
  filters on other columns the walk also reads table rows (slower; measured in
  tests/services/test_member_list.py and bench/).
- A broad filter (count_members just counted >= BROAD matches) is walked along the sort's index on
  SQLite, its terms written so they cannot use their own index (`tier_key || ''`): otherwise the
  planner fetches every match through the filter's index and sorts them all for a LIMIT 100 page
  (one tier at 100k: 145 -> 22 ms for the count and the first page).
- Orders an index cannot give are split into "parts", each an index walk: tiers in ladder order
  (one part per tier, ordered by id within), and NULL last visits / birthdays as their own part
  (SQLite and PostgreSQL sort NULLs differently; parts make both identical). Part sizes are counts.
- Search: digits are a phone number (4 digits: the indexed phone tail; a full number: the unique
  phone index); anything else is a case-insensitive "name contains", which scans but stops at the
  page LIMIT (count_members scans fully: ~0.5 s at 1M on SQLite).
- A cached boundary may be a minute stale: rows that changed since then can shift the page by a
  few rows, never duplicate a member within a page. Services that change members return a
  `Changes` and never touch this cache: the console calls `forget_pages` when a change record says
  the list changed (the cache is per process, and the console is the one long-lived process that
  pages; a data-version check here would cost a query per page for a version nobody keeps).
"""

from __future__ import annotations

import bisect
import threading
import time as clock_time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, String, func, select, text, tuple_
from sqlalchemy.orm import Session

from pos.config import StoreConfig
from pos.db.models import Member, MemberDue, MemberGroup, MemberStats, SegmentSnapshot
from pos.errors import BadInput
from pos.services.context import AppContext
from pos.services.members.phones import mask_phone, normalise_phone
from pos.services.staff.roles import is_active_manager, refuse_reader

SORT_KEYS = ("phone", "name", "tier", "segment", "last_visit", "spend", "visits", "points", "expiring", "birthday")
SORT_COLUMNS = {"phone": (Member.phone,), "name": (Member.name,), "segment": (MemberStats.segment,),
                "spend": (MemberStats.spend_365_fen,), "visits": (MemberStats.visits_365,),
                "points": (Member.points_balance,), "expiring": (MemberStats.points_expiring,)}
STATS_SORTS = frozenset({"segment", "spend", "visits", "expiring"})     # keys kept in member_stats
CACHE_SECONDS = 60
CACHE_ENTRIES = 32


@dataclass(frozen=True)
class MemberFilter:
    text: str = ""                 # phone tail digits (e.g. "5678" or full number) or part of the name
    tiers: tuple[str, ...] = ()    # tier keys
    segment: str | None = None     # RFM segment name from the latest snapshot ("At risk", ...)
    last_visit_from: date | None = None
    last_visit_to: date | None = None
    spend_min_fen: int | None = None   # 365-day spend
    spend_max_fen: int | None = None
    points_min: int | None = None
    points_max: int | None = None
    birthday_this_month: bool = False
    expiring_soon: bool = False        # points expiring within receipt.expiring_days (as of the snapshot)
    group: str | None = None           # a behaviour group key (pos.loyalty.behaviour.GROUPS), latest regrouping
    due_within_days: int | None = None     # a consumable due in the next N days (the replenishment job's list)
    store_id: int | None = None        # members enrolled at this store (None: the whole chain)


@dataclass(frozen=True)
class MemberRow:
    member_id: int
    phone_masked: str
    name: str
    tier_key: str
    tier_name: str
    tier_color: str
    segment: str
    last_visit: datetime | None
    spend_365_fen: int
    visits_365: int
    points: int
    points_expiring: int
    birthday: str                  # "MM-DD" or ""


@dataclass(frozen=True)
class _Part:
    """One index walk: members matching `where`, ordered by `columns` then id."""

    where: tuple[ColumnElement, ...]
    columns: tuple
    complement: tuple[ColumnElement, ...] = ()   # "not null" parts: the (small) null part's where
    stats: bool = False                          # ordered by a member_stats column (walks that table)

    @property
    def id_column(self):
        return MemberStats.member_id if self.stats else Member.id

    def rows(self, terms: list):
        """(Member, MemberStats) rows of this part; a member without stats (never listed) has None."""
        query = select(Member, MemberStats)
        if self.stats:
            query = query.join(MemberStats, MemberStats.member_id == Member.id)
        else:
            query = query.outerjoin(MemberStats, MemberStats.member_id == Member.id)
        return query.where(*terms, *self.where)

    def keys(self, terms: list):
        """The sort keys of this part: unfiltered (only "not erased": member_stats holds listed members
        only), a stats part is member_stats' own index walk, without reading members at all."""
        query = select(*self.columns, self.id_column)
        if self.stats:
            if len(terms) == 1:
                return query
            query = query.join(Member, Member.id == MemberStats.member_id)
        return query.where(*terms, *self.where)


@dataclass
class _Walk:
    """What this process knows about one (filter, sort): part sizes and keys at positions."""

    sizes: dict[int, int] = field(default_factory=dict)
    keys: dict[int, list[tuple[int, tuple]]] = field(default_factory=dict)   # part -> [(position, key)]
    born: float = field(default_factory=clock_time.monotonic)
    cheap_sizes: bool = False     # SQLite, no filter: part sizes from table counts, not index walks


_walks: OrderedDict[tuple, _Walk] = OrderedDict()
_walks_lock = threading.Lock()
_counts: OrderedDict[tuple, tuple[int, float]] = OrderedDict()   # (url, filter, today) -> (count, when)
BROAD = 2_000      # a filter matching at least this many members is walked along the sort index


def forget_pages() -> None:
    """Drops every cached page boundary and filter count (after writes that move many sort keys)."""
    with _walks_lock:
        _walks.clear()
        _counts.clear()


# ---------------------------------------------------------------- filtering


def conditions(flt: MemberFilter, today: date) -> list[ColumnElement]:
    """The WHERE terms of a filter (also used by campaigns to pick an audience)."""
    return _conditions(flt, today, lambda column: column)


def _conditions(flt: MemberFilter, today: date, col: Callable) -> list[ColumnElement]:
    terms: list[ColumnElement] = [Member.erased_at.is_(None)]
    if flt.text.strip():
        terms.append(_search(flt.text.strip()))
    if flt.tiers:
        terms.append(col(Member.tier_key).in_(flt.tiers))
    stats: list[ColumnElement] = []
    if flt.segment:
        stats.append(MemberStats.segment == flt.segment)
    if flt.last_visit_from:
        terms.append(Member.last_visit_at >= datetime.combine(flt.last_visit_from, time.min))
    if flt.last_visit_to:
        terms.append(Member.last_visit_at < datetime.combine(flt.last_visit_to + timedelta(days=1), time.min))
    stats += _range(MemberStats.spend_365_fen, flt.spend_min_fen, flt.spend_max_fen)
    terms += _range(col(Member.points_balance), flt.points_min, flt.points_max)
    if flt.birthday_this_month:
        terms.append(col(Member.birth_month) == today.month)
    if flt.expiring_soon:
        stats.append(MemberStats.points_expiring > 0)
    if stats:   # one set from member_stats' own indexes (kept indexable: it is built once, not per row)
        terms.append(Member.id.in_(select(MemberStats.member_id).where(*stats)))
    if flt.group:
        terms.append(select(MemberGroup.member_id).where(MemberGroup.member_id == Member.id,
                                                         MemberGroup.group_key == flt.group).exists())
    if flt.due_within_days is not None:
        terms.append(select(MemberDue.member_id).where(
            MemberDue.member_id == Member.id, MemberDue.due_on <= today + timedelta(days=flt.due_within_days)).exists())
    if flt.store_id is not None:
        terms.append(col(Member.store_id) == flt.store_id)
    return terms


def _unindexed(column) -> ColumnElement:
    """The column as an expression SQLite cannot look up in an index ("tier_key || ''", "points + 0"):
    the planner then walks the sort's index and checks the filter on the way (LIMIT stops the walk),
    instead of fetching every match through the filter's index and sorting them all (1M members,
    one tier: ~1 s for the first page)."""
    return column.concat("") if isinstance(column.type, String) else column + 0


def _range(column, low: int | None, high: int | None) -> list[ColumnElement]:
    return ([column >= low] if low is not None else []) + ([column <= high] if high is not None else [])


def _search(text: str) -> ColumnElement:
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits or any(not (ch.isdigit() or ch in " -+()") for ch in text):
        return func.lower(Member.name).contains(text.lower(), autoescape=True)
    if len(digits) >= 11:
        try:
            return Member.phone == normalise_phone(text)
        except BadInput:
            pass
    if len(digits) == 4:
        return Member.phone_tail == digits
    if len(digits) < 4:
        return Member.phone_tail.endswith(digits, autoescape=True)
    return (Member.phone_tail == digits[-4:]) & Member.phone.endswith(digits, autoescape=True)


# ---------------------------------------------------------------- counting and paging


# SQLite counts a whole table without a WHERE by its b-tree pages (no row decoding); the erased
# members have their own tiny partial index. count(*) WHERE erased_at IS NULL would walk a million
# index entries (~20-50 ms at 1M) or the wide table rows (~0.5 s).
_COUNT_LISTED_SQLITE = text("SELECT (SELECT count(*) FROM members) - "
                            "(SELECT count(*) FROM members WHERE erased_at IS NOT NULL)")


def count_members(ctx: AppContext, actor_id: int | None, flt: MemberFilter) -> int:
    today = ctx.clock().date()
    terms = conditions(flt, today)
    with ctx.read() as session:
        allowed = is_active_manager(session, actor_id)
        count = _count(session, terms) if allowed else 0
    if not allowed:
        refuse_reader(ctx, actor_id, "member list")
    with _walks_lock:
        _counts[(str(ctx.engine.url), flt, today)] = (count, clock_time.monotonic())
        while len(_counts) > CACHE_ENTRIES:
            _counts.popitem(last=False)
    return count


def _count(session: Session, terms: list) -> int:
    if len(terms) == 1 and session.get_bind().dialect.name == "sqlite":
        return int(session.scalar(_COUNT_LISTED_SQLITE) or 0)
    return int(session.scalar(select(func.count()).select_from(Member).where(*terms)) or 0)


def _known_count(key: tuple) -> int | None:
    with _walks_lock:
        found = _counts.get(key)
    return found[0] if found and clock_time.monotonic() - found[1] <= CACHE_SECONDS else None


def fetch_page(ctx: AppContext, actor_id: int | None, flt: MemberFilter, sort: str = "last_visit",
               descending: bool = True, offset: int = 0, limit: int = 100) -> list[MemberRow]:
    if sort not in SORT_KEYS:
        raise BadInput("sort_invalid", f"sort must be one of {', '.join(SORT_KEYS)}")
    if offset < 0 or limit < 1:
        raise BadInput("page_invalid", "offset must be >= 0 and limit >= 1")
    today = ctx.clock().date()
    terms, parts = conditions(flt, today), _parts(sort, descending, ctx.config)
    url, sqlite = str(ctx.engine.url), ctx.engine.dialect.name == "sqlite"
    if sqlite and len(terms) > 1 and not flt.text.strip() and (_known_count((url, flt, today)) or 0) >= BROAD:
        terms = _conditions(flt, today, _unindexed)     # a broad filter (its count was just shown)
    walk = _walk((url, flt, sort, descending, today))
    walk.cheap_sizes = sqlite and len(terms) == 1
    members: list[tuple[Member, MemberStats | None]] = []
    with ctx.read() as session:
        allowed = is_active_manager(session, actor_id)
        start = offset
        for index, part in enumerate(parts if allowed else []):
            if len(members) >= limit:
                break
            size = _part_size(session, walk, index, part, terms) if start and len(parts) > 1 else None
            if size is not None and start >= size:
                start -= size
                continue
            members += _rows_in_part(session, walk, index, part, terms, descending, start, limit - len(members))
            start = 0
        rows = [_row(member, stats, ctx.config) for member, stats in members]
    if not allowed:
        refuse_reader(ctx, actor_id, "member list")
    return rows


def _parts(sort: str, descending: bool, config: StoreConfig) -> list[_Part]:
    if sort == "tier":
        keys = [tier.key for tier in config.tiers]
        parts = [_Part((Member.tier_key == key,), ()) for key in keys]
        parts.append(_Part((Member.tier_key.not_in(keys),), (Member.tier_key,)))   # tiers no longer configured
    elif sort == "last_visit":
        parts = [_Part((Member.last_visit_at.is_(None),), ()),
                 _Part((Member.last_visit_at.is_not(None),), (Member.last_visit_at,),
                       (Member.last_visit_at.is_(None),))]
    elif sort == "birthday":
        parts = [_Part((Member.birth_month.is_(None),), ()),
                 _Part((Member.birth_month.is_not(None),), (Member.birth_month, Member.birth_day),
                       (Member.birth_month.is_(None),))]
    else:
        parts = [_Part((), SORT_COLUMNS[sort], stats=sort in STATS_SORTS)]
    return parts[::-1] if descending else parts


def _walk(key: tuple) -> _Walk:
    with _walks_lock:
        walk = _walks.get(key)
        if walk is None or clock_time.monotonic() - walk.born > CACHE_SECONDS:
            walk = _walks[key] = _Walk()
        _walks.move_to_end(key)
        while len(_walks) > CACHE_ENTRIES:
            _walks.popitem(last=False)
        return walk


def _part_size(session: Session, walk: _Walk, index: int, part: _Part, terms: list) -> int:
    if index not in walk.sizes:
        if walk.cheap_sizes and (not part.where or part.complement):    # all listed (minus a null part)
            size = _count(session, terms) - (_count(session, [*terms, *part.complement]) if part.where else 0)
        else:
            size = _count(session, [*terms, *part.where])
        walk.sizes[index] = size
    return walk.sizes[index]


def _ordered(query, part: _Part, descending: bool):
    columns = (*part.columns, part.id_column)
    return query.order_by(*(column.desc() if descending else column.asc() for column in columns))


def _after(part: _Part, key: tuple, descending: bool) -> ColumnElement:
    columns = (*part.columns, part.id_column)
    if len(columns) == 1:
        return part.id_column < key[0] if descending else part.id_column > key[0]
    left, right = tuple_(*columns), tuple_(*key)
    return left < right if descending else left > right


def _rows_in_part(session: Session, walk: _Walk, index: int, part: _Part, terms: list, descending: bool,
                  start: int, limit: int) -> list[tuple[Member, MemberStats | None]]:
    query = _ordered(part.rows(terms), part, descending)
    if start:
        query = query.where(_after(part, _key_at(session, walk, index, part, terms, descending, start - 1),
                                   descending))
    members = [(member, stats) for member, stats in session.execute(query.limit(limit))]
    if members:
        _remember(walk, index, start + len(members) - 1, _key_of(*members[-1], part))
    return members


def _key_of(member: Member, stats: MemberStats | None, part: _Part) -> tuple:
    row = stats if part.stats else member
    return (*(getattr(row, column.key) for column in part.columns), member.id)


def _key_at(session: Session, walk: _Walk, index: int, part: _Part, terms: list, descending: bool,
            position: int) -> tuple:
    """The sort key of the row at `position` in this part: from the cache, or an index walk from the
    nearest known position before it, or backwards from the part's end when that is nearer and the
    part's size is known or cheap (row 900,000 of 1,000,000: a walk of 100,000 entries)."""
    known = walk.keys.get(index, [])
    at = bisect.bisect_right(known, position, key=lambda item: item[0]) - 1
    query = _ordered(part.keys(terms), part, descending)
    if at >= 0 and known[at][0] == position:
        return known[at][1]
    ahead = position - (known[at][0] + 1 if at >= 0 else 0)       # rows to walk from the nearest known key
    if ahead > 1000 and (index in walk.sizes or (walk.cheap_sizes and (not part.where or part.complement))):
        behind = _part_size(session, walk, index, part, terms) - 1 - position
        if 0 <= behind < ahead:      # nearer the end: walk the index backwards from there
            reverse = _ordered(part.keys(terms), part, not descending)
            found = session.execute(reverse.offset(behind).limit(1)).first()
            if found is not None:
                _remember(walk, index, position, tuple(found))
                return tuple(found)
    if at >= 0:
        query = query.where(_after(part, known[at][1], descending)).offset(position - known[at][0] - 1)
    else:
        query = query.offset(position)
    found = session.execute(query.limit(1)).first()
    if found is None:          # fewer rows than asked for: nothing after the last one
        return _last_key(session, part, terms, descending)
    _remember(walk, index, position, tuple(found))
    return tuple(found)


def _last_key(session: Session, part: _Part, terms: list, descending: bool) -> tuple:
    query = _ordered(part.keys(terms), part, not descending)
    found = session.execute(query.limit(1)).first()
    return tuple(found) if found else (*(None for _ in part.columns), 0)


def _remember(walk: _Walk, index: int, position: int, key: tuple) -> None:
    with _walks_lock:
        known = walk.keys.setdefault(index, [])
        at = bisect.bisect_left(known, position, key=lambda item: item[0])
        if at < len(known) and known[at][0] == position:
            known[at] = (position, key)
        else:
            known.insert(at, (position, key))


def _row(member: Member, stats: MemberStats | None, config: StoreConfig) -> MemberRow:
    tier = next((t for t in config.tiers if t.key == member.tier_key), None)
    st = stats or MemberStats(segment="", spend_365_fen=0, visits_365=0, points_expiring=0)
    return MemberRow(member.id, mask_phone(member.phone), member.name, member.tier_key,
                     tier.name if tier else member.tier_key, tier.color if tier else "#777777", st.segment,
                     member.last_visit_at, st.spend_365_fen, st.visits_365, member.points_balance,
                     st.points_expiring, birthday_text(member.birth_month, member.birth_day))


def birthday_text(month: int | None, day: int | None) -> str:
    return f"{month:02d}-{day:02d}" if month and day else ""


def stats_as_of(ctx: AppContext, actor_id: int | None) -> datetime | None:
    """When spend, visits, segment and expiring points were computed (the latest snapshot)."""
    with ctx.read() as session:
        allowed = is_active_manager(session, actor_id)
        taken_at = session.scalar(select(func.max(SegmentSnapshot.taken_at))) if allowed else None
    if not allowed:
        refuse_reader(ctx, actor_id, "member list")
    return taken_at
