"""`Till`: what the till window asks for (sign-in, look-up, products, totals, Pay, receipt), online or
from the offline journal; see the package's docstring for the one decision rule."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from pos.clock import clock_from_env
from pos.config import load_config
from pos.db.engine import OFFLINE_CONNECT_TIMEOUT_S, make_engine
from pos.errors import EnvironmentFault, PermissionDenied, PosError, Refusal
from pos.loyalty.points import is_birthday_month
from pos.loyalty.pricing import PriceBreakdown
from pos.services.context import AppContext, Here, within_security_limits
from pos.services.members import lookup as members
from pos.services.members.phones import mask_phone, normalise_phone
from pos.services.sales import checkout as co
from pos.services.sales.catalogue import ProductView, product_by_code, redeem_limit, search_products
from pos.services.staff import accounts as staff_service
from pos.services.staff.accounts import StaffView
from pos.vocabulary import DATABASE_UNAVAILABLE, parse_document_no

if TYPE_CHECKING:
    from pos.services.offline import journal as journals

# The offline package (journal, selling, sync, its receipts) is imported only by a till that has a
# journal, when it first uses it: an online-only till starts without it (#19, cold start).
log = logging.getLogger(__name__)
T = TypeVar("T")
OFFLINE_UNAVAILABLE = "offline_unavailable"
OFFLINE_PROGRESS = ("Offline: card from this till's cache; points and stamps earned are booked at sync.",
                    "离线：本机缓存的会员卡；本次积分和印花在同步后入账。")


class Till:
    """One per till window. `journal_path` None: online only, exactly the online use cases."""

    def __init__(self, ctx: AppContext, journal_path: str | None = None, *, online: bool = True) -> None:
        self.ctx, self.journal_path = ctx, journal_path
        self.online = online
        self._lock = threading.Lock()       # the worker thread and the watcher's thread share the flag
        self._failures = 0                  # wrong PINs while offline (_offline_sign_in)
        self._locked_until: datetime | None = None

    @classmethod
    def from_env(cls, ctx: AppContext) -> Till:
        return cls(ctx, os.environ.get("POS_OFFLINE_JOURNAL") or None)

    # ------------------------------------------------------------ the decision
    def set_online(self, online: bool) -> None:
        with self._lock:
            self.online = online

    def is_offline(self) -> bool:
        return self.journal_path is not None and not self.online

    def _either(self, online: Callable[[], T], offline: Callable[[journals.Journal], T]) -> T:
        if self.journal_path is None:
            return online()
        if self.online:
            try:
                return online()
            except EnvironmentFault as fault:
                if fault.code != DATABASE_UNAVAILABLE:
                    raise
                log.warning("the central database cannot be reached: the till goes on offline")
                self.set_online(False)
        with self.journal() as journal:
            return offline(journal)

    @contextmanager
    def journal(self) -> Iterator[journals.Journal]:
        assert self.journal_path is not None
        from pos.services.offline import journal as journals

        journal = journals.open_journal(self.journal_path)
        try:
            yield journal
        finally:
            journal.close()

    def require_online(self, what: str) -> None:
        """Enrolment, returns, rewards, consent, the manager console: refused plainly while offline."""
        if self.is_offline():
            raise Refusal(OFFLINE_UNAVAILABLE, f"{what} is not available offline: the till cannot reach the "
                          "server. It comes back by itself when the server answers.")

    def queued(self) -> int:
        if self.journal_path is None:
            return 0
        with self.journal() as journal:
            return journal.queued()

    # ------------------------------------------------------------ use cases
    def sign_in(self, pin: str, code: str | None = None) -> StaffView:
        def online() -> StaffView:
            staff = staff_service.sign_in(self.ctx, pin, code=code)
            if self.journal_path is not None:
                self._remember(staff, pin)
            return staff

        return self._either(online, lambda journal: self._offline_sign_in(journal, pin, code))

    def _offline_sign_in(self, journal: journals.Journal, pin: str, code: str | None) -> StaffView:
        """Offline, wrong PINs are counted here (the server's count cannot be reached): after
        `security.pin_max_failures` of them PIN entry locks for `pin_lockout_minutes`."""
        from pos.services.offline import selling

        security = self.ctx.config.security
        now = self.ctx.clock()
        if self._locked_until is not None and now < self._locked_until:
            raise PermissionDenied("till_locked", "Too many wrong PINs at this till: PIN entry is locked until "
                                   f"{self._locked_until:%H:%M}.")
        try:
            staff = selling.sign_in(journal, pin, code)
        except PermissionDenied:
            self._failures += 1
            if self._failures >= security.pin_max_failures:
                self._failures, self._locked_until = 0, now + timedelta(minutes=security.pin_lockout_minutes)
            raise
        self._failures, self._locked_until = 0, None
        return staff

    def _remember(self, staff: StaffView, pin: str) -> None:
        """Keeps the PIN's keyed hash so this person can sign in offline; never fails the sign-in."""
        from pos.services.offline import selling
        from pos.services.offline.sync import server_pin_hash

        try:
            server_hash = server_pin_hash(self.ctx, staff.id)
            if server_hash:
                with self.journal() as journal:
                    selling.remember_staff(journal, staff, pin, server_hash)
        except (PosError, sqlite3.Error):
            log.exception("could not keep the offline sign-in of staff %s", staff.id)

    def lookup(self, phone: str | None = None, qr: str | None = None) -> members.MemberView:
        return self._either(lambda: members.lookup(self.ctx, phone=phone, qr=qr),
                            lambda journal: self._card(journal, phone, qr))

    def _card(self, journal: journals.Journal, phone: str | None, qr: str | None) -> members.MemberView:
        from pos.services.offline import selling

        now = self.ctx.clock()
        config = selling.cached_config(journal, self.ctx.config)
        card = selling.member_card(journal, config, now, phone=phone, qr=qr)
        tier = config.tier(card.tier_key)
        coupons = []
        for code in card.coupons:
            c = selling.cached_coupon(journal, config, code)
            coupons.append(members.CouponView(c.code, c.terms.kind, c.terms.describe("en"), c.valid_to,
                                              c.terms.describe("zh")))
        return members.MemberView(
            member_id=card.member_id,
            phone_masked=mask_phone(normalise_phone(phone, config.store.default_region)) if phone else "",
            name=card.name, tier_key=tier.key, tier_name=tier.name, tier_name_zh=tier.name_zh,
            tier_color=tier.color, growth=0, purchases=0, next_tier=None, to_next_tier_fen=0, to_next_growth=0,
            progress_percent=None, progress_text=OFFLINE_PROGRESS[0], progress_text_zh=OFFLINE_PROGRESS[1],
            grace_until=None, points=card.points, points_expiring=0, points_expiring_on=None,
            birthday_month=is_birthday_month(card.birth_month, now.date()), coupons=tuple(coupons),
            referral_code="—", segment=None, enrolled_at=now, consent_marketing=False,
            stamps=members.stamp_card(config, card.stamps))

    def product(self, code: str) -> ProductView:
        def offline(journal: journals.Journal) -> ProductView:
            from pos.services.offline import selling

            line = selling.cached_product(journal, code)
            return ProductView(line.sku or code, None, line.name, line.unit_price_fen, line.discountable)

        return self._either(lambda: product_by_code(self.ctx, code), offline)

    def search_products(self, text: str) -> list[ProductView]:
        """F3: the catalogue by name, SKU or barcode; offline, the products cached at the last sync."""
        def offline(journal: journals.Journal) -> list[ProductView]:
            from pos.services.offline import selling

            return [ProductView(*row) for row in selling.search_cached_products(journal, text)]

        return self._either(lambda: search_products(self.ctx, text), offline)

    def price(self, request: co.CheckoutRequest) -> PriceBreakdown:
        """The live totals (nothing booked)."""
        def offline(journal: journals.Journal) -> PriceBreakdown:
            from pos.services.offline import selling

            return selling.quote(journal, self.ctx.config, self.ctx.clock(), request)

        return self._either(lambda: co.quote(self.ctx, request), offline)

    def redeem_limit(self, due_after_coupon_fen: int, balance: int, member_id: int | None) -> int:
        """The most points this sale may take; offline also within the member's offline cap today."""
        limit = redeem_limit(self.ctx, due_after_coupon_fen, balance)
        if not self.is_offline() or member_id is None:
            return limit
        from pos.services.offline import selling

        with self.journal() as journal:
            left = selling.redeem_left(journal, self.ctx.config, self.ctx.clock(), member_id)
        step = self.ctx.config.points.redeem_step or 1
        return min(limit, left - left % step)

    def checkout(self, request: co.CheckoutRequest) -> co.CheckoutResult:
        """Pay: booked centrally, or offline into the journal (on disk before this returns)."""
        def offline(journal: journals.Journal) -> co.CheckoutResult:
            from pos.services.offline import selling

            if request.reward_code:
                raise Refusal(OFFLINE_UNAVAILABLE, "A catalogue reward is not available offline: take it off "
                              "the sale (Esc) or wait until the till is back online.")
            return selling.sell(journal, self.ctx.config, self.ctx.clock(), request)

        return self._either(lambda: co.checkout(self.ctx, request), offline)

    def print_receipt(self, receipt_no: str) -> tuple[object, str | None, EnvironmentFault | None]:
        """(the receipt document, where it printed, the printer's fault): a sale of the offline journal
        (its X number) is printed from the journal, any other from the central database."""
        from pos.services import printouts
        from pos.services.sales import receipts  # reportlab & co. load off the GUI thread

        number = parse_document_no(receipt_no)
        if number is not None and number.offline and self.journal_path is not None:
            from pos.services.offline import receipt as offline_receipt

            with self.journal() as journal:
                doc = offline_receipt.receipt_document(journal, self.ctx.config, receipt_no)
                try:
                    return doc, offline_receipt.print_receipt(journal, self.ctx.config, receipt_no), None
                except EnvironmentFault as fault:
                    return doc, None, fault
        doc = receipts.sale_receipt(self.ctx, receipt_no)
        try:
            return doc, printouts.print_receipt(self.ctx, doc), None
        except EnvironmentFault as fault:
            return doc, None, fault


def offline_start(url: str | None, config_path: str | None, journal_path: str, till: str | None = None) -> AppContext:
    """The context of a till starting while the server is down, from its journal: the settings and the
    till it last synced. EnvironmentFault(database_unavailable) when the journal has never synced (or
    synced for another till than `till`)."""
    from pos.services.offline import journal as journals
    from pos.services.offline import selling

    journal = journals.open_journal(journal_path)
    try:
        here = json.loads(journal.meta("here") or "null")
        store_code, till_number = journal.meta("store_code"), journal.meta("till_number")
        if not here or store_code is None or till_number is None or (till and till != f"{store_code}-{till_number}"):
            raise EnvironmentFault(DATABASE_UNAVAILABLE, "The server cannot be reached and this till's offline "
                                   "journal has no card cache for it yet: it can start offline only after one "
                                   "sync while the server was reachable.")
        file_config = within_security_limits(load_config(config_path or os.environ.get("POS_CONFIG") or None))
        config = selling.cached_config(journal, file_config)
    finally:
        journal.close()
    ctx = AppContext(make_engine(url, connect_timeout=OFFLINE_CONNECT_TIMEOUT_S), config, clock_from_env())
    ctx.till = till or f"{store_code}-{till_number}"
    ctx.assume_here(Here(here["store_id"], here["till_id"], store_code, here["store_name"], int(till_number)))
    return ctx


__all__ = ["OFFLINE_UNAVAILABLE", "Till", "offline_start"]
