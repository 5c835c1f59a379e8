"""Enrol and look up members (by phone in any common format, or by signed QR)."""

from __future__ import annotations

import secrets
import sqlite3
from collections import namedtuple
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, Row, Select, bindparam, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from pos.config import StoreConfig
from pos.db import direct
from pos.db.models import Member, QrKey, StampMove, TierChange
from pos.errors import BadInput, NotFound, Refusal
from pos.loyalty.points import is_birthday_month
from pos.services import offers
from pos.services.context import SETTINGS_VERSION, AppContext
from pos.services.members import qr as member_qr
from pos.services.members import rollups
from pos.services.members.phones import mask_phone, normalise_phone
from pos.services.members.standing import (
    coupon_rows,
    coupon_terms,
    coupons_json,
    standing_columns,
    standing_of,
    standing_params,
)
from pos.services.staff import audit


@dataclass(frozen=True)
class CouponView:
    code: str
    kind: str
    title: str
    valid_to: datetime
    title_zh: str = ""


@dataclass(frozen=True)
class MemberView:
    member_id: int
    phone_masked: str
    name: str
    tier_key: str
    tier_name: str
    tier_name_zh: str
    tier_color: str
    growth: int
    purchases: int
    next_tier: str | None
    to_next_tier_fen: int
    to_next_growth: int
    progress_percent: int | None      # None: not known here (an offline till's cached card)
    progress_text: str
    progress_text_zh: str
    grace_until: date | None
    points: int
    points_expiring: int
    points_expiring_on: date | None
    birthday_month: bool
    coupons: tuple[CouponView, ...]
    referral_code: str
    segment: str | None
    enrolled_at: datetime
    consent_marketing: bool = False
    stamps: tuple[tuple[str, str], ...] = ()      # the stamp card: (name, "7/10"), (name_zh, "7/10")


@dataclass(frozen=True)
class EnrolResult:
    member: MemberView
    qr_payload: str
    welcome_coupon: str | None


def parse_birthday(text: str | None) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    try:
        month, day = (int(part) for part in text.strip().split("-"))
        date(2000, month, day)   # leap year: 02-29 is a real birthday
    except ValueError:
        raise BadInput("birthday_invalid", f"birthday '{text}' must be MM-DD, e.g. 03-15") from None
    return month, day


def enrol(ctx: AppContext, phone: str, *, name: str = "", birthday: str | None = None,
          consent: bool = False, referrer: str | None = None, staff_id: int | None = None) -> EnrolResult:
    e164 = normalise_phone(phone, ctx.config.store.default_region)
    month, day = parse_birthday(birthday)
    name = (name or "").strip()
    if len(name) > 100:
        raise BadInput("name_invalid", "name is longer than 100 characters")
    now = ctx.clock()
    try:
        with ctx.write() as session:
            if session.scalars(select(Member.id).where(Member.phone == e164)).first():
                raise Refusal("phone_taken", f"{mask_phone(e164)} is already a member.")
            referrer_id = offers.referrer_for_enrolment(session, ctx, referrer, phone=e164, name=name,
                                                        birth_month=month, birth_day=day)
            member = Member(phone=e164, phone_tail=e164[-4:], name=name, birth_month=month,
                            birth_day=day, consent_marketing=consent, consent_at=now if consent else None,
                            referral_code=_new_referral_code(session), referrer_id=referrer_id,
                            enrolled_at=now, enrolled_by=staff_id, enrolled_till=ctx.till_id[:64], tier_key=ctx.config.entry_tier.key,
                            tier_since=now, points_balance=0)
            session.add(member)
            session.flush()
            session.add(TierChange(member_id=member.id, from_key=None, to_key=member.tier_key,
                                   reason="enrol", at=now, store_id=member.store_id))
            welcome = offers.welcome_on_enrol(session, ctx, member.id, referrer_id, now)
            audit.record(session, now, "member_enrolled", staff_id=staff_id, target=str(member.id),
                         consent=consent, referrer_id=referrer_id)
            payload = member_qr.issue_payload(session, member.id, now)
            session.flush()       # the tier-move rollup last (after the audit chain), its own statement
            rollups.add_moves(session.connection(), [rollups.move(now.date(), member.store_id, None, member.tier_key)])
            view = member_view(session, ctx, member)
    except IntegrityError:   # another till enrolled the same phone a moment ago
        raise Refusal("phone_taken", f"{mask_phone(e164)} is already a member.") from None
    except offers.ReferralRefused as refused:     # self-referral, the referrer's monthly limit: on record
        offers.audit_refused_referral(ctx, refused, staff_id)
        raise
    return EnrolResult(view, payload, welcome)


def lookup(ctx: AppContext, *, phone: str | None = None, qr: str | None = None) -> MemberView:
    """The member card in one statement outside a transaction (one round trip on PostgreSQL): the
    member row, its standing, usable coupons, the settings version (exact: see
    `AppContext.read_statement`) and for a QR its signing key."""
    if qr is None and phone is None:
        raise BadInput("member_required", "give a phone number or a member QR")
    parsed = member_qr.parse_payload(qr) if qr is not None else None
    return ctx.read_statement(lambda conn: _read_card(ctx, conn, phone, qr, parsed))


def _read_card(ctx: AppContext, conn: Connection | None, phone: str | None, qr: str | None,
               parsed: member_qr.Payload | None) -> MemberView:
    if conn is None:   # no settings table yet (an old database before its migration): the general path
        with ctx.read() as session:
            return member_view(session, ctx, find_member(session, ctx, phone=phone, qr=qr))
    for attempt in (1, 2):
        config, now = ctx.config, ctx.clock()
        params = {**standing_params(config, now), "now": now, "stamp_card": config.stamps.category}
        if parsed is not None:
            statement = _CARD_BY_ID[conn.dialect.name]
            params.update(member_id=parsed.member_id, kid=parsed.kid)
        else:
            statement = _CARD_BY_PHONE[conn.dialect.name]
            params["phone"] = normalise_phone(phone or "", config.store.default_region)
        row = _SqliteCard.of(statement, conn).first(conn, params) if conn.dialect.name == "sqlite" \
            else conn.execute(statement, params).first()
        version = row.settings_version if row is not None else conn.execute(_SETTINGS_VERSION).scalar()
        if ctx.settings_seen(conn, version) or attempt == 2:   # else read again with the new settings
            break
    if parsed is not None:
        key = row if row is not None else conn.execute(_KEY_ROW, {"kid": parsed.kid}).first()
        member_qr.check_payload(parsed, key, now, config.security.qr_key_overlap_days)
    if row is None or row.erased_at is not None:
        raise NotFound("member_not_found", "No member with this phone number." if phone
                       else "This member card is no longer valid.")
    return _view(config, now, row)


def member_qr_payload(ctx: AppContext, member_id: int) -> str:
    with ctx.read() as session:
        return member_qr.issue_payload(session, member_id, ctx.clock())


# built once (a statement's construction and cache key cost more than the indexed query)
_BY_ID = select(Member).where(Member.id == bindparam("member_id"))
_BY_PHONE = select(Member).where(Member.phone == bindparam("phone"))


def find_member(session: Session, ctx: AppContext, *, phone: str | None = None, qr: str | None = None) -> Member:
    """The member as an ORM object (cards, printouts, the console); a sale reads find_sale_member."""
    by_id, params = _member_key(session, ctx, phone, qr)
    member = session.scalars(_BY_ID if by_id else _BY_PHONE, params).first()
    if member is None or member.erased_at is not None:
        raise _not_found(phone)
    return member


@dataclass(frozen=True)
class SaleMember:
    """The member as a sale reads it (checkout, the offers at sale): six columns as one Core row, not
    an ORM object (#19: 87 against 264 µs of CPU a read on PostgreSQL). Read under the member row's
    lock, it is the state the sale books on; what the sale writes goes through Core statements."""

    id: int
    tier_key: str
    points_balance: int
    birth_month: int | None
    store_id: int | None
    referrer_id: int | None


_SALE_COLUMNS = (Member.id, Member.tier_key, Member.points_balance, Member.birth_month, Member.store_id,
                 Member.referrer_id, Member.erased_at)
_SALE_BY_ID = {lock: select(*_SALE_COLUMNS).where(Member.id == bindparam("member_id")) for lock in (False, True)}
_SALE_BY_PHONE = {lock: select(*_SALE_COLUMNS).where(Member.phone == bindparam("phone")) for lock in (False, True)}
# PostgreSQL: FOR NO KEY UPDATE, not FOR UPDATE. A sale never changes a member's keys, and FOR UPDATE
# also waits for every FOR KEY SHARE lock, which each foreign-key check of a child row takes on its
# member until that transaction ends: a campaign's coupon batch, the weekly regrouping's rows (which
# held every member for the whole job). SQLite ignores both.
_SALE_BY_ID[True] = _SALE_BY_ID[True].with_for_update(key_share=True)
_SALE_BY_PHONE[True] = _SALE_BY_PHONE[True].with_for_update(key_share=True)


def find_sale_member(session: Session, ctx: AppContext, *, phone: str | None = None, qr: str | None = None,
                     member_id: int | None = None, for_update: bool = False) -> SaleMember:
    """find_member's rules (a phone or a signed QR; an erased member is not found) for a sale, or a
    member id (an offline till's sale: `member_not_found` Refusal when the member is gone)."""
    params: dict[str, object]
    if member_id is not None:
        by_id, params = True, {"member_id": member_id}
    else:
        by_id, params = _member_key(session, ctx, phone, qr)
    row = direct.execute(session.connection(), (_SALE_BY_ID if by_id else _SALE_BY_PHONE)[for_update],
                         params).first()
    if row is None or row[6] is not None:
        if member_id is not None:
            raise Refusal("member_not_found", "This member no longer exists.")
        raise _not_found(phone)
    return SaleMember(*row[:6])


def _member_key(session: Session, ctx: AppContext, phone: str | None, qr: str | None) -> tuple[bool, dict[str, object]]:
    """(by id?, the statement's parameters): the QR's member id once its signature holds, else the phone."""
    if qr is not None:
        member_id = member_qr.verify_payload(session, qr, ctx.clock(), ctx.config.security.qr_key_overlap_days)
        return True, {"member_id": member_id}
    if phone is not None:
        return False, {"phone": normalise_phone(phone, ctx.config.store.default_region)}
    raise BadInput("member_required", "give a phone number or a member QR")


def _not_found(phone: str | None) -> NotFound:
    return NotFound("member_not_found", "No member with this phone number." if phone
                    else "This member card is no longer valid.")


def member_view(session: Session, ctx: AppContext, member: Member) -> MemberView:
    """The member card inside a unit of work: the look-up's statement (by id), pending changes flushed."""
    now = ctx.clock()
    statement = _CARD_OF_MEMBER[session.get_bind().dialect.name]
    row = session.execute(statement, {**standing_params(ctx.config, now), "now": now, "member_id": member.id,
                                      "stamp_card": ctx.config.stamps.category}).one()
    return _view(ctx.config, now, row)


def _view(config: StoreConfig, now: datetime, row: Row) -> MemberView:
    """The one builder of the member card, from a `_card` row."""
    st = standing_of(row, config, [getattr(row, name) for name in _STANDING_NAMES])
    tier = config.tier(row.tier_key)
    coupons = tuple(CouponView(c.code, c.kind, coupon_terms(c).describe("en"), c.valid_to,
                               coupon_terms(c).describe("zh"))
                    for c in coupon_rows(row.coupons))
    symbol = config.store.currency_symbol
    return MemberView(
        member_id=row.id, phone_masked=mask_phone(row.phone), name=row.name,
        tier_key=tier.key, tier_name=tier.name, tier_name_zh=tier.name_zh, tier_color=tier.color,
        growth=st.growth, purchases=st.purchases,
        next_tier=st.progress.next_tier.key if st.progress.next_tier else None,
        to_next_tier_fen=st.progress.to_next_fen, to_next_growth=st.progress.to_next_growth,
        progress_percent=st.progress.percent, progress_text=st.progress.text("en", symbol),
        progress_text_zh=st.progress.text("zh", symbol), grace_until=row.grace_until,
        points=row.points_balance, points_expiring=st.points_expiring,
        points_expiring_on=st.points_expiring_on,
        birthday_month=is_birthday_month(row.birth_month, now.date()), coupons=coupons,
        referral_code=row.referral_code, segment=st.segment,
        enrolled_at=row.enrolled_at, consent_marketing=bool(row.consent_marketing),
        stamps=_stamps(config, row.stamps),
    )


def stamp_card(config: StoreConfig, balance: int | None) -> tuple[tuple[str, str], ...]:
    """The card's stamp line, (name, "7/10") and (name_zh, "7/10"); also the offline card's (#17)."""
    return _stamps(config, balance)


def _stamps(config: StoreConfig, balance: int | None) -> tuple[tuple[str, str], ...]:
    cfg = config.stamps
    if not cfg.enabled or not cfg.category:
        return ()
    progress = f"{balance or 0}/{cfg.needed}"
    return ((cfg.name, progress), (cfg.name_zh or cfg.name, progress))


# The member card: what the view shows, standing, coupons and settings version in one statement
# per dialect (the coupons' JSON).
_CARD_MEMBER = (Member.id, Member.phone, Member.name, Member.tier_key, Member.tier_since, Member.grace_until,
                Member.points_balance, Member.birth_month, Member.referral_code, Member.enrolled_at,
                Member.erased_at, Member.consent_marketing)
_STANDING_NAMES = ("earned", "purchases", "reversed", "expiring", "expiring_on", "segment")
_KEY_ROW = select(QrKey.secret_hex, QrKey.retired_at).where(QrKey.kid == bindparam("kid"))
_SETTINGS_VERSION = select(SETTINGS_VERSION)


def _card(dialect_name: str, by: str) -> Select:
    """by "phone" or "qr" (with the signing key's columns) for the look-up, which also reads the settings
    version; by "id" inside a unit of work (which has followed the settings)."""
    key = (_KEY_ROW.with_only_columns(QrKey.secret_hex).scalar_subquery().label("secret_hex"),
           _KEY_ROW.with_only_columns(QrKey.retired_at).scalar_subquery().label("retired_at")) if by == "qr" else ()
    version = (SETTINGS_VERSION.label("settings_version"),) if by != "id" else ()
    standing_ = tuple(c.label(n) for c, n in zip(standing_columns(Member.id), _STANDING_NAMES, strict=True))
    stamps = (select(func.coalesce(func.sum(StampMove.stamps), 0))
              .where(StampMove.member_id == Member.id, StampMove.card == bindparam("stamp_card"))
              .scalar_subquery().label("stamps"))
    return (select(*_CARD_MEMBER, *key, coupons_json(dialect_name, Member.id).label("coupons"), *standing_, stamps,
                   *version)
            .where(Member.phone == bindparam("phone") if by == "phone" else Member.id == bindparam("member_id")))


class _SqliteCard:
    """A card statement compiled once and run on the pooled connection's own sqlite3 connection, its
    values converted by the statement's own column types (as SQLAlchemy's result would): the same SQL
    and values, without SQLAlchemy's per-execution work (cache key, parameters, execution context,
    result), which was ~3/4 of a SQLite look-up (the floor ratio, docs/BENCHMARKS.md). Errors are
    wrapped as SQLAlchemy's, so `translate_db_errors` sees what it always saw."""

    _built: dict[int, _SqliteCard] = {}

    @classmethod
    def of(cls, statement: Select, conn: Connection) -> _SqliteCard:
        found = cls._built.get(id(statement))
        if found is None or found.dialect is not conn.dialect:
            found = cls._built[id(statement)] = cls(statement, conn.dialect)
        return found

    def __init__(self, statement: Select, dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        assert compiled.positiontup is not None     # qmark: the values in this order
        self.dialect, self.sql, self.order = dialect, str(compiled), tuple(compiled.positiontup)
        binds = {name: compiled.binds[name] for name in self.order}
        self.processors = {name: bind.type.dialect_impl(dialect).bind_processor(dialect)
                           for name, bind in binds.items()}
        self.fixed = {name: bind.value for name, bind in binds.items() if not bind.required}
        columns = list(statement.selected_columns)
        self.row = namedtuple("CardRow", [column.key for column in columns])   # type: ignore[misc]
        self.results = [column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns]

    def first(self, conn: Connection, params: dict):
        values: list = []
        for name in self.order:
            value = params[name] if name in params else self.fixed[name]
            process = self.processors[name]
            values.append(process(value) if process is not None else value)
        driver: sqlite3.Connection = conn.connection.driver_connection  # type: ignore[assignment]
        try:
            raw = driver.execute(self.sql, values).fetchone()
        except sqlite3.Error as exc:
            gone = conn.dialect.is_disconnect(exc, driver, None)  # type: ignore[arg-type]
            if gone:
                conn.invalidate(exc)
            raise DBAPIError.instance(self.sql, values, exc, sqlite3.Error, connection_invalidated=gone,
                                      dialect=conn.dialect) from exc
        if raw is None:
            return None
        return self.row(*[value if process is None else process(value)   # type: ignore[arg-type]
                          for process, value in zip(self.results, raw, strict=True)])


_CARD_BY_PHONE = {name: _card(name, "phone") for name in ("sqlite", "postgresql")}
_CARD_BY_ID = {name: _card(name, "qr") for name in ("sqlite", "postgresql")}
_CARD_OF_MEMBER = {name: _card(name, "id") for name in ("sqlite", "postgresql")}


def _new_referral_code(session: Session) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        code = "".join(secrets.choice(alphabet) for _ in range(8))
        if not session.scalars(select(Member.id).where(Member.referral_code == code)).first():
            return code


