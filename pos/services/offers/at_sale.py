"""Inside the checkout's unit of work: what the offers give for one sale.

In two halves around the sale's own points posting (`rules_for_sale`, then `SaleRules.finish`): first
the facts are read, a double-points visit is used and the monthly earn ladder worked out, whose extra
points checkout books in the sale's posting (each still its own ledger line); then a catalogue reward
taken with points (a refusal rolls the whole sale back; the bonus cannot pay for it), the bounce-back
coupon of the purchase number reached, the referrer's reward on a newcomer's first sale, the stamp card,
and the offer rows and stamp moves are written, one statement per table.
Every row names the sale (`offer_issues.idem_key` is unique per sale and rule), so the same sale can
never issue twice; a retried sale id never gets here (checkout replays it) and reads
`issued_for_sale` instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Select,
    TextClause,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from pos.db import direct
from pos.db.models import (
    Coupon,
    Member,
    MemberStats,
    OfferIssue,
    Product,
    Reward,
    RewardStock,
    Sale,
    SaleLine,
    StampMove,
    table_of,
)
from pos.errors import Refusal
from pos.loyalty.offers import bounce_back, earn_ladder, referral, stamps
from pos.loyalty.offers.rewards import Reward as RewardTerms
from pos.loyalty.offers.rewards import check_redeem
from pos.money import yuan
from pos.services.context import AppContext
from pos.services.coupons.issue import Given
from pos.services.offers import coupons as offer_coupons
from pos.services.offers import texts
from pos.services.offers.model import Buyer, Issued, SaleOffers
from pos.services.offers.stamp_card import card_progress
from pos.services.points import ledger
from pos.services.staff import audit


def rules_for_sale(session: Session, ctx: AppContext, *, sale_db_id: int, sale_id: str, receipt_no: str,
                   member: Buyer | None, paid_fen: int, points_earned: int, now: datetime,
                   cashier_id: int | None = None) -> SaleRules:
    """The first half, after the sale's lines are written and before its points are: reads the rules'
    facts, uses a double-points visit and works out the earn ladder. Their extra points are `bonus`
    entries that checkout books in the sale's own points posting (#19: one balance move, one lot, each
    bonus still its own ledger line), then `finish` does the rest."""
    rules = SaleRules(session, ctx, sale_db_id, sale_id, receipt_no, member, now, cashier_id)
    if member is not None:
        facts = rules.facts = _facts(session, ctx, member, sale_db_id, now)
        rules.double_points(points_earned, facts)
        rules.earn_ladder(paid_fen, points_earned, facts)
    rules.paid_fen = paid_fen
    return rules


@dataclass(frozen=True)
class _Facts:
    """What the rules read about the member and this sale, in one statement (the sale's hot path)."""

    purchases: int              # in the bounce-back window, this sale included
    voucher_id: int | None      # a double-points visit valid now
    voucher_rule: str | None
    stamp_balance: int
    stamp_items: int            # qualifying items in this sale
    cheapest_fen: int | None    # the cheapest qualifying item's price
    month_spend_fen: int = 0    # paid this calendar month, this sale included (the earn ladder on; else 0)
    bought_before: bool = False  # any earlier sale (a referred member's; else False): the referral rule


def _facts(session: Session, ctx: AppContext, member: Buyer, sale_db_id: int, now: datetime) -> _Facts:
    """The earn ladder's month spend and the referral's "first purchase?" are read here too, only when
    their rule is on (one statement for every rule instead of one or three more each, #19)."""
    ladder = ctx.config.earn_ladder.enabled
    referred = ctx.config.referral.enabled and member.referrer_id is not None
    statement = _FACTS.get((ladder, referred))
    if statement is None:
        statement = _FACTS[(ladder, referred)] = _facts_statement(ladder, referred)
    row = direct.execute(session.connection(), statement, {
        "f_member": member.id, "f_now": now, "f_sale": sale_db_id, "f_card": ctx.config.stamps.category,
        "f_since": now - timedelta(days=ctx.config.bounce_back.window_days),
        "f_month": datetime.combine(now.date().replace(day=1), time.min)}).one()
    extra = iter(row[6:])
    return _Facts(int(row[0] or 0), row[1], row[2], int(row[3] or 0), int(row[4] or 0),
                  int(row[5]) if row[5] is not None else None,
                  month_spend_fen=int(next(extra) or 0) if ladder else 0,
                  bought_before=bool(next(extra)) if referred else False)


def _facts_statement(ladder: bool, referred: bool) -> Select[Any]:
    """Built once per shape with bind parameters: building it per sale cost more than running it (#19)."""
    member_id: BindParameter[int] = bindparam("f_member")
    now: BindParameter[datetime] = bindparam("f_now")
    sale_db_id: BindParameter[int] = bindparam("f_sale")
    voucher = (select(OfferIssue.id, OfferIssue.rule).where(
        OfferIssue.member_id == member_id, OfferIssue.benefit == "double_points", OfferIssue.status == "issued",
        OfferIssue.valid_from <= now, OfferIssue.valid_to >= now).order_by(OfferIssue.valid_to, OfferIssue.id).limit(1))
    card: BindParameter[str] = bindparam("f_card")
    stamped = (SaleLine.sale_id == sale_db_id, Product.category == card, SaleLine.unit_price_fen > 0)
    optional: list[ColumnElement[Any]] = []
    if ladder:
        optional.append(select(func.coalesce(func.sum(Sale.total_fen), 0)).where(
            Sale.member_id == member_id, Sale.created_at >= bindparam("f_month"), Sale.created_at <= now
        ).scalar_subquery())
    if referred:
        optional.append(select(Sale.id).where(Sale.member_id == member_id, Sale.id != sale_db_id).exists())
    return select(
        select(func.count(Sale.id)).where(Sale.member_id == member_id, Sale.created_at > bindparam("f_since"),
                                          Sale.created_at <= now).scalar_subquery(),
        voucher.with_only_columns(OfferIssue.id).scalar_subquery(),
        voucher.with_only_columns(OfferIssue.rule).scalar_subquery(),
        select(func.coalesce(func.sum(StampMove.stamps), 0)).where(StampMove.member_id == member_id,
                                                                    StampMove.card == card).scalar_subquery(),
        select(func.coalesce(func.sum(SaleLine.qty), 0)).join(Product, Product.sku == SaleLine.sku)
        .where(*stamped).scalar_subquery(),
        select(func.min(SaleLine.unit_price_fen)).join(Product, Product.sku == SaleLine.sku)
        .where(*stamped).scalar_subquery(),
        *optional)


_FACTS: dict[tuple[bool, bool], Select[Any]] = {}
# a sale's offer rows and stamp moves, each table in one executemany at the end (#19: no ORM flush, no
# statement built per row); on PostgreSQL both in one statement
_INSERT_ISSUES = insert(table_of(OfferIssue))
_INSERT_MOVES = insert(table_of(StampMove))
_MOVE_COLUMNS = ("member_id", "card", "stamps", "reason", "sale_id", "return_id", "at")
_ISSUE_COLUMNS = ("member_id", "sale_id", "kind", "rule", "step", "benefit", "coupon_id", "points", "reason", "title",
                  "status", "valid_from", "valid_to", "referee_id", "reward_id", "created_at", "idem_key")
_MOVES_AND_ISSUES: dict[tuple[int, int], TextClause] = {}


def _write(conn: Connection, moves: list[dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    """The sale's stamp moves and offer rows. PostgreSQL, when there are both: one round trip,
    `WITH new_moves AS (INSERT INTO stamp_moves VALUES ...) INSERT INTO offer_issues VALUES ...`, a text()
    statement with typed parameters built once per (moves, rows) count (a multi-row insert().values()
    has no cache key: SQLAlchemy would compile it at every sale)."""
    if moves and rows and conn.dialect.name == "postgresql":
        shape = (len(moves), len(rows))
        statement = _MOVES_AND_ISSUES.get(shape)
        if statement is None:
            statement = _MOVES_AND_ISSUES[shape] = _moves_and_issues_statement(*shape)
        params = {f"m{i}_{name}": row[name] for i, row in enumerate(moves) for name in _MOVE_COLUMNS}
        params.update({f"o{i}_{name}": row[name] for i, row in enumerate(rows) for name in _ISSUE_COLUMNS})
        direct.execute(conn, statement, params)
        return
    if moves:
        direct.execute(conn, _INSERT_MOVES, moves)
    if rows:
        direct.execute(conn, _INSERT_ISSUES, rows)


def _moves_and_issues_statement(n_moves: int, n_rows: int) -> TextClause:
    moves, issues = table_of(StampMove), table_of(OfferIssue)

    def values(prefix: str, n: int, columns: tuple[str, ...]) -> str:
        return ", ".join("(" + ", ".join(f":{prefix}{i}_{c}" for c in columns) + ")" for i in range(n))

    sql = (f"WITH new_moves AS (INSERT INTO {moves.name} ({', '.join(_MOVE_COLUMNS)}) "
           f"VALUES {values('m', n_moves, _MOVE_COLUMNS)}) "
           f"INSERT INTO {issues.name} ({', '.join(_ISSUE_COLUMNS)}) VALUES {values('o', n_rows, _ISSUE_COLUMNS)}")
    return sql_text(sql).bindparams(
        *(bindparam(f"m{i}_{c}", type_=moves.c[c].type) for i in range(n_moves) for c in _MOVE_COLUMNS),
        *(bindparam(f"o{i}_{c}", type_=issues.c[c].type) for i in range(n_rows) for c in _ISSUE_COLUMNS))


def issued_for_sale(session: Session, ctx: AppContext, sale_db_id: int) -> SaleOffers:
    """What a booked sale issued, as its checkout answered (stamps as of now): for a replayed sale id
    and the receipt printed again."""
    rows = session.execute(select(OfferIssue, Coupon.code).outerjoin(Coupon, Coupon.id == OfferIssue.coupon_id)
                           .where(OfferIssue.sale_id == sale_db_id).order_by(OfferIssue.id)).all()
    member_id = session.scalar(select(Sale.member_id).where(Sale.id == sale_db_id))
    issued, bonus, reward_points = [], [], 0
    for row, code in rows:
        item = issued_view(row, code, customer_id=member_id)
        if row.kind == "bonus":
            bonus.append(item)
        else:
            issued.append(item)
        if row.kind == "reward" and row.member_id == member_id:
            reward_points += row.points
    cards = card_progress(session, ctx.config, member_id) if member_id is not None else ()
    return SaleOffers(tuple(issued), tuple(bonus), cards, reward_points)


def issued_view(row: OfferIssue, code: str | None, *, customer_id: int | None) -> Issued:
    reason, _, reason_zh = row.reason.partition(" | ")
    title, title_zh = _titles(row)
    reward_code = row.rule.partition(":")[2] if row.kind == "reward" else None
    return Issued(row.kind, code or reward_code, reason, reason_zh or reason, title, title_zh,
                  row.valid_from, row.valid_to, row.points, row.member_id == customer_id, row.benefit)


def _titles(row: OfferIssue) -> tuple[str, str]:
    title, _, title_zh = row.title.partition(" | ")
    return title, title_zh or title


class SaleRules:
    """One sale's offers: the rows they write and what they give, in order."""

    def __init__(self, session: Session, ctx: AppContext, sale_db_id: int, sale_id: str, receipt_no: str,
                 member: Buyer | None, now: datetime, cashier_id: int | None) -> None:
        self.session, self.ctx, self.config = session, ctx, ctx.config
        self.sale_db_id, self.sale_id, self.receipt_no = sale_db_id, sale_id, receipt_no
        self._member, self.now, self.cashier_id = member, now, cashier_id
        self.facts: _Facts | None = None
        self.paid_fen = 0
        self.issued: list[Issued] = []
        self.bonus: list[Issued] = []
        self.bonus_entries: list[ledger.Entry] = []   # booked by checkout in the sale's own posting
        self.reward_points = 0
        self.balance: int | None = None
        self._rows: list[dict[str, Any]] = []         # offer_issues rows, in the order they were given
        self._moves: list[dict[str, Any]] = []        # stamp_moves rows

    @property
    def member(self) -> Buyer:
        assert self._member is not None
        return self._member

    def finish(self, reward_code: str | None = None) -> SaleOffers:
        """The second half, after the sale's points posting (with the bonus entries) is booked: a catalogue
        reward taken with points, the bounce-back coupon, the referrer's reward, the stamp card; then the
        offer rows and stamp moves are written."""
        if self._member is None or self.facts is None:
            if reward_code:
                raise Refusal("member_required", "A reward is bought with a member's points: look the member up first.")
            return SaleOffers()
        facts = self.facts
        if reward_code:
            self.reward(reward_code)
        self.bounce_back(facts.purchases)
        self.referral(self.paid_fen, facts)
        stamps_after = self.stamps(facts)
        _write(self.session.connection(), self._moves, self._rows)
        cfg = self.config.stamps
        cards = ((cfg.category, cfg.name, stamps.progress(stamps_after, cfg.needed)),) if stamps_after is not None else ()
        return SaleOffers(tuple(self.issued), tuple(self.bonus), cards, self.reward_points, self.balance)

    # ---------------------------------------------------------------- rows
    def _record(self, kind: str, rule: str, benefit: str, key: str, reason: tuple[str, str],
                title: tuple[str, str], *, member_id: int | None = None, coupon: Given | None = None,
                points: int = 0, step: int | None = None, valid: tuple[datetime, datetime] | None = None,
                referee_id: int | None = None, reward_id: int | None = None, code: str | None = None) -> Issued:
        owner = member_id if member_id is not None else self.member.id
        valid_from = valid[0] if valid else (coupon.valid_from if coupon else None)
        valid_to = valid[1] if valid else (coupon.valid_to if coupon else None)
        row = {"member_id": owner, "sale_id": self.sale_db_id, "kind": kind, "rule": rule, "step": step,
               "benefit": benefit, "coupon_id": coupon.id if coupon else None, "points": points,
               "reason": f"{reason[0]} | {reason[1]}"[:200], "title": f"{title[0]} | {title[1]}"[:200],
               "status": "issued", "valid_from": valid_from, "valid_to": valid_to, "referee_id": referee_id,
               "reward_id": reward_id, "created_at": self.now, "idem_key": key[:80]}
        # a catalogue reward is bought first: its row comes before the bonus rows given in the first half
        if kind == "reward":
            self._rows.insert(0, row)
        else:
            self._rows.append(row)
        item = Issued(kind, coupon.code if coupon else code, reason[0], reason[1], title[0], title[1],
                      valid_from, valid_to, points, owner == self.member.id, benefit)
        (self.bonus if kind == "bonus" else self.issued).append(item)
        return item

    def _give_points(self, member_id: int, points: int, reason: str, key: str, *, sale: bool = True) -> None:
        balance = ledger.book(self.session, self.config.points, ledger.Posting(
            member_id, self.now, sale_id=self.sale_db_id if sale else None, staff_id=self.cashier_id,
            give=ledger.Entry("earn", points, reason[:200], key)))
        if member_id == self.member.id:
            self.balance = balance

    def _move(self, card: str, stamps: int, reason: str) -> None:
        if stamps:
            self._moves.append({"member_id": self.member.id, "card": card, "stamps": stamps, "reason": reason,
                                "sale_id": self.sale_db_id, "return_id": None, "at": self.now})

    # ---------------------------------------------------------------- rules
    def reward(self, code: str) -> None:
        if not self.config.rewards.enabled:
            raise Refusal("reward_unknown", "The rewards catalogue is switched off in this store's settings.")
        text = (code or "").strip().upper()
        row = self.session.scalars(select(Reward).where(Reward.code == text)).first()
        here = self.ctx.here_in(self.session)       # the stock of this till's store
        store_id = here.store_id if here else None
        held = (RewardStock.reward_id == row.id, RewardStock.store_id == store_id) if row else ()
        stock = self.session.scalar(select(RewardStock.stock).where(*held).with_for_update()) if row else 0
        balance = self.session.scalar(select(Member.points_balance).where(Member.id == self.member.id)) or 0
        balance -= sum(entry.points for entry in self.bonus_entries)   # the bonus cannot pay for the reward
        check_redeem(RewardTerms(row.code, row.name, row.kind, row.points, row.active) if row else None, code,
                     balance=balance, stock=stock or 0)
        assert row is not None
        taken = self.session.connection().execute(update(RewardStock).where(*held, RewardStock.stock >= 1)
                                                  .values(stock=RewardStock.stock - 1)).rowcount
        if taken != 1:
            raise Refusal("reward_out_of_stock", f"{row.name} is out of stock.")
        self.balance = ledger.book(self.session, self.config.points, ledger.Posting(
            self.member.id, self.now, sale_id=self.sale_db_id, staff_id=self.cashier_id,
            take=ledger.Entry("redeem", row.points, f"reward {row.code} on {self.receipt_no}",
                              f"reward:{self.sale_id}")))
        self.reward_points = row.points
        reason = (f"{row.name} for {row.points} points", f"{row.name_zh or row.name}（{row.points}积分兑换）")
        coupon = None
        if row.kind == "gift":
            self._gift_line(row)
            title = (row.name, row.name_zh or row.name)
        else:
            spec = offer_coupons.CouponSpec(row.coupon_kind or "cash", row.amount_fen, row.percent_bp,
                                            row.threshold_fen, row.cap_fen, self.config.rewards.coupon_valid_days)
            coupon = offer_coupons.give(self.session, self.config, spec, self.now, self.member.id)
            title = texts.terms_title(spec.terms())
        self._record("reward", f"reward:{row.code}", "gift" if row.kind == "gift" else "coupon",
                     f"reward:{self.sale_id}", reason, title, coupon=coupon, points=row.points, reward_id=row.id,
                     code=row.code)

    def _gift_line(self, reward: Reward) -> None:
        """A gift is a zero-price receipt line."""
        last = self.session.scalar(select(func.max(SaleLine.line_no)).where(SaleLine.sale_id == self.sale_db_id)) or 0
        name = self.session.scalar(select(Product.name).where(Product.sku == reward.sku)) if reward.sku else None
        self.session.add(SaleLine(sale_id=self.sale_db_id, line_no=last + 1, sku=reward.sku,
                                  name=f"{name or reward.name} (reward 兑换)"[:200], unit_price_fen=0, qty=1,
                                  discountable=False, gross_fen=0, tier_discount_fen=0, coupon_fen=0, points_fen=0,
                                  paid_fen=0, returned_qty=0))
        self.session.flush()

    def double_points(self, points_earned: int, facts: _Facts) -> None:
        """A double-points visit (a bounce-back step) waiting for this member is used by this sale; the
        conditional UPDATE makes two tills selling to the member at once use it once."""
        if points_earned <= 0 or facts.voucher_id is None:
            return
        used = self.session.connection().execute(
            update(OfferIssue).where(OfferIssue.id == facts.voucher_id, OfferIssue.status == "issued")
            .values(status="used", used_sale_id=self.sale_db_id)).rowcount
        multiplier = offer_coupons.multiplier_of(facts.voucher_rule or "")
        extra = int((Decimal(points_earned) * (multiplier - 1)).to_integral_value(rounding=ROUND_FLOOR))
        if used != 1 or extra <= 0:
            return
        self.bonus_entries.append(ledger.Entry("earn", extra, f"{multiplier:f}× points (bounce-back) on "
                                               f"{self.receipt_no}"[:200], f"double:{self.sale_id}"))
        self._record("bonus", "double_points", "points", f"bonus-double:{self.sale_id}",
                     (f"{multiplier:f}× points visit", f"{multiplier:f}倍积分"), ("", ""), points=extra)

    def earn_ladder(self, paid_fen: int, points_earned: int, facts: _Facts) -> None:
        cfg = self.config.earn_ladder
        if not cfg.enabled or paid_fen <= 0:
            return
        spend = facts.month_spend_fen
        tier = self.config.tier(self.member.tier_key)
        number, extra = earn_ladder.ladder_bonus(self.config.earn_ladder_steps, spend, paid_fen,
                                                 tier.points_multiplier, self.config.points.redeem_points_per_yuan,
                                                 points_earned)
        if extra <= 0:
            return
        self.bonus_entries.append(ledger.Entry("earn", extra, f"monthly earn ladder step {number} on "
                                               f"{self.receipt_no}"[:200], f"ladder:{self.sale_id}"))
        self._record("bonus", f"earn_ladder:{number}", "points", f"bonus-ladder:{self.sale_id}",
                     (f"monthly earn ladder step {number}", f"月度阶梯积分第{number}档"), ("", ""),
                     points=extra, step=number)

    def _segment(self) -> str | None:
        """The member's segment as of the latest segmentation (read only when a step asks for one)."""
        return self.session.scalar(select(MemberStats.segment).where(MemberStats.member_id == self.member.id)) or None

    def bounce_back(self, purchase_no: int) -> None:
        cfg = self.config.bounce_back
        if not cfg.enabled or not self.config.bounce_back_steps:
            return
        steps = self.config.bounce_back_steps
        found = bounce_back.step_for(steps, purchase_no, tier_key=self.member.tier_key,
                                     segment=self._segment() if any(step.segment for step in steps) else None,
                                     tiers=self.config.tiers)
        if found is None:
            return
        _, step = found
        valid = bounce_back.validity(self.now, cfg.valid_days)
        spec = offer_coupons.step_spec(step, cfg.valid_days)
        reason, title = texts.visit_reason(purchase_no), texts.step_title(step, spec)
        if spec is None:
            self._record("bounce_back", f"bounce_back:{step.after}x{step.value}", "double_points",
                         f"bounce:{self.sale_id}", reason, title, step=purchase_no, valid=valid)
            return
        coupon = offer_coupons.give(self.session, self.config, spec, self.now, self.member.id, valid)
        self._record("bounce_back", f"bounce_back:{step.after}", "coupon", f"bounce:{self.sale_id}", reason, title,
                     coupon=coupon, step=purchase_no)

    def referral(self, paid_fen: int, facts: _Facts) -> None:
        cfg = self.config.referral
        referrer_id = self.member.referrer_id
        if not cfg.enabled or referrer_id is None:
            return
        if facts.bought_before:     # not the first purchase: no reward, whatever else holds (NOT_FIRST)
            return
        earlier = 0
        already = self.session.scalar(select(OfferIssue.id).where(
            OfferIssue.idem_key == f"referral:{self.member.id}")) is not None
        month_start = datetime.combine(self.now.date().replace(day=1), time.min)
        this_month = int(self.session.scalar(select(func.count(OfferIssue.id)).where(
            OfferIssue.member_id == referrer_id, OfferIssue.kind == "referral_reward",
            OfferIssue.created_at >= month_start)) or 0)
        decision = referral.reward_decision(cfg, paid_fen=paid_fen, earlier_sales=earlier, already_rewarded=already,
                                            rewards_this_month=this_month)
        if decision == referral.LIMIT:
            code = self.session.scalar(select(Member.referral_code).where(Member.id == referrer_id)) or ""
            audit.record(self.session, self.now, "referral_refused", staff_id=self.cashier_id, target=code,
                         reason="referral_limit", referrer_id=referrer_id, newcomer_id=self.member.id,
                         receipt=self.receipt_no, limit=cfg.monthly_limit)
        if decision != referral.REWARD:
            return
        reason = (f"referral reward: member {self.member.id}'s first purchase", f"推荐奖励：会员{self.member.id}首单")
        if cfg.reward == "points":
            self._give_points(referrer_id, cfg.reward_points, f"referral reward for member {self.member.id} "
                              f"({self.receipt_no})", f"referral:{self.sale_id}", sale=False)
            self._record("referral_reward", "referral", "points", f"referral:{self.member.id}", reason,
                         (f"{cfg.reward_points} points", f"{cfg.reward_points}积分"), member_id=referrer_id,
                         points=cfg.reward_points, referee_id=self.member.id)
            return
        spec = offer_coupons.amount_spec(cfg.reward_value_fen, cfg.reward_threshold_fen, cfg.reward_valid_days)
        coupon = offer_coupons.give(self.session, self.config, spec, self.now, referrer_id)
        self._record("referral_reward", "referral", "coupon", f"referral:{self.member.id}", reason,
                     texts.terms_title(spec.terms()), member_id=referrer_id, coupon=coupon, referee_id=self.member.id)

    def stamps(self, facts: _Facts) -> int | None:
        """The stamps this sale earns and the free items they complete; the card's stamps after (None: off)."""
        cfg = self.config.stamps
        if not cfg.enabled or not cfg.category:
            return None
        items = facts.stamp_items
        if not items:
            return facts.stamp_balance
        result = stamps.add_stamps(facts.stamp_balance, items, cfg.needed)
        self._move(cfg.category, items, "sale")
        if not result.rewards:
            return result.balance
        self._move(cfg.category, -result.used, "reward")
        value = stamps.reward_value([facts.cheapest_fen or cfg.reward_cap_fen], cfg.reward_cap_fen)
        spec = (offer_coupons.free_item_spec(value, cfg.reward_valid_days, cfg.category)
                if cfg.reward_kind == "free_item" else offer_coupons.cash_spec(value, cfg.reward_valid_days))
        for n in range(result.rewards):
            coupon = offer_coupons.give(self.session, self.config, spec, self.now, self.member.id)
            self._record("stamp_reward", f"stamps:{cfg.category}", "coupon", f"stamps:{self.sale_id}:{n}",
                         (f"{cfg.name} complete ({cfg.needed}/{cfg.needed})",
                          f"{cfg.name_zh or cfg.name}集满（{cfg.needed}/{cfg.needed}）"),
                         (f"a free item up to {_yuan(value)}", f"免费单品（最高¥{value / 100:g}）"), coupon=coupon)
        return result.balance


def _yuan(fen: int) -> str:
    return yuan(fen)
