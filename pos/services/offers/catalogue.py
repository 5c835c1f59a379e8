"""The rewards catalogue (积分兑换): gifts and coupons bought with points, and their stock.

Anyone at the till reads it; managers add or change rewards and set the stock (audited).
The catalogue is chain-wide; the stock is per store (`reward_stock`: reward, store): a till sells
from its own store's stock, a store manager sets their own store's, a chain administrator any store's
(`store_id`; None: the store of this till).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.config import COUPON_KINDS
from pos.db.models import Product, Reward, RewardStock, Staff
from pos.errors import BadInput, NotFound
from pos.services.changes import Changes
from pos.services.context import AppContext
from pos.services.coupons.issue import CouponSpec
from pos.services.offers import texts
from pos.services.staff import audit
from pos.services.staff.roles import require_manager_id, store_scope

MAX_STOCK = 1_000_000


@dataclass(frozen=True)
class RewardView:
    code: str
    name: str
    name_zh: str
    kind: str               # gift | coupon
    points: int
    stock: int
    active: bool
    sku: str | None
    title: str              # what it gives
    title_zh: str
    store_id: int | None = None     # the store whose stock `stock` is


@dataclass(frozen=True)
class RewardInput:
    code: str
    name: str
    points: int
    kind: str = "gift"
    name_zh: str = ""
    sku: str | None = None
    coupon: CouponSpec | None = None
    stock: int | None = 0           # at the store saved for; None: as it is
    active: bool = True


def list_rewards(ctx: AppContext, *, include_inactive: bool = False, store_id: int | None = None) -> list[RewardView]:
    """The catalogue with the stock at `store_id` (None: this till's store)."""
    with ctx.read() as session:
        return _views(session, include_inactive, _store_or_here(session, ctx, store_id))


def _store_or_here(session: Session, ctx: AppContext, store_id: int | None) -> int | None:
    if store_id is not None:
        return store_id
    here = ctx.here_in(session)
    return here.store_id if here else None


def _views(session: Session, include_inactive: bool, store_id: int | None) -> list[RewardView]:
    query = (select(Reward, RewardStock.stock)
             .outerjoin(RewardStock, (RewardStock.reward_id == Reward.id) & (RewardStock.store_id == store_id))
             .order_by(Reward.points, Reward.code))
    if not include_inactive:
        query = query.where(Reward.active.is_(True))
    views = []
    for reward, stock in session.execute(query):
        if reward.kind == "coupon":
            title = texts.terms_title(_spec(reward).terms())
        else:
            title = (reward.name, reward.name_zh or reward.name)
        views.append(RewardView(reward.code, reward.name, reward.name_zh, reward.kind, reward.points, int(stock or 0),
                                reward.active, reward.sku, *title, store_id=store_id))
    return views


def _spec(reward: Reward) -> CouponSpec:
    return CouponSpec(reward.coupon_kind or "cash", reward.amount_fen, reward.percent_bp, reward.threshold_fen,
                      reward.cap_fen)


def save_reward(ctx: AppContext, actor_id: int, item: RewardInput, *, store_id: int | None = None) -> Changes:
    """Adds the reward, or changes the one with this code, and its stock at `store_id` (a store manager:
    their own store; None: this till's store); managers only, audited."""
    code = _check(item)
    now = ctx.clock()
    with ctx.write() as session:
        manager = require_manager_id(session, actor_id, "Editing the rewards catalogue")
        store = _stock_store(session, ctx, manager, store_id)
        if item.kind == "gift" and item.sku and session.scalar(select(Product.id).where(Product.sku == item.sku)) is None:
            raise BadInput("sku_unknown", f"no product with SKU '{item.sku}' for the gift")
        reward = session.scalars(select(Reward).where(Reward.code == code)).first()
        if reward is None:
            reward = Reward(code=code, created_at=now)
            session.add(reward)
        spec = item.coupon
        reward.name, reward.name_zh, reward.kind, reward.points = item.name.strip(), item.name_zh.strip(), item.kind, \
            item.points
        reward.sku = item.sku if item.kind == "gift" else None
        reward.coupon_kind = spec.kind if spec else None
        reward.amount_fen, reward.percent_bp = (spec.amount_fen, spec.percent_bp) if spec else (0, 0)
        reward.threshold_fen, reward.cap_fen = (spec.threshold_fen, spec.cap_fen) if spec else (0, None)
        reward.active = item.active
        session.flush()
        if item.stock is not None:
            _put_stock(session, reward.id, store, item.stock)
        audit.record(session, now, "reward_saved", staff_id=manager.id, target=code, points=item.points,
                     kind=item.kind, stock=item.stock, store_id=store, active=item.active)
    return Changes()


def set_stock(ctx: AppContext, actor_id: int, code: str, stock: int, *, store_id: int | None = None) -> Changes:
    """Sets a reward's stock at `store_id` (a store manager: their own store; None: this till's store)."""
    if not 0 <= stock <= MAX_STOCK:
        raise BadInput("number_invalid", f"stock must be between 0 and {MAX_STOCK}")
    with ctx.write() as session:
        manager = require_manager_id(session, actor_id, "Editing the rewards catalogue")
        store = _stock_store(session, ctx, manager, store_id)
        reward = session.scalars(select(Reward).where(Reward.code == code.strip().upper())).first()
        if reward is None:
            raise NotFound("reward_unknown", f"'{code}' is not a reward of this store's catalogue.")
        _put_stock(session, reward.id, store, stock)
        audit.record(session, ctx.clock(), "reward_saved", staff_id=manager.id, target=reward.code, stock=stock,
                     store_id=store)
    return Changes()


def _stock_store(session: Session, ctx: AppContext, manager: Staff, store_id: int | None) -> int:
    """The store whose stock a manager sets: a store manager's own (another is refused, audited), a chain
    administrator's choice, else this till's store."""
    chosen = store_scope(session, manager, store_id, "Setting a reward's stock")
    store = _store_or_here(session, ctx, chosen)
    if store is None:
        raise NotFound("store_unknown", "This database has no store yet (pos store add).")
    return store


def _put_stock(session: Session, reward_id: int, store_id: int, stock: int) -> None:
    row = session.get(RewardStock, (reward_id, store_id))
    if row is None:
        session.add(RewardStock(reward_id=reward_id, store_id=store_id, stock=stock))
    else:
        row.stock = stock


def _check(item: RewardInput) -> str:
    code = (item.code or "").strip().upper()
    if not code or len(code) > 32 or not code.replace("-", "").isalnum() or not code.isascii():
        raise BadInput("number_invalid", "a reward code is 1 to 32 letters, digits or '-'")
    if not item.name.strip() or len(item.name) > 100 or len(item.name_zh) > 100:
        raise BadInput("name_invalid", "a reward needs a name of at most 100 characters")
    if not 0 < item.points <= 100_000_000:
        raise BadInput("points_invalid", "a reward costs a positive number of points")
    if item.kind not in ("gift", "coupon"):
        raise BadInput("number_invalid", "a reward is a gift or a coupon")
    if item.kind == "coupon" and (item.coupon is None or item.coupon.kind not in COUPON_KINDS):
        raise BadInput("coupon_kind_invalid", "a coupon reward needs the coupon's kind and value")
    if item.stock is not None and not 0 <= item.stock <= MAX_STOCK:
        raise BadInput("number_invalid", f"stock must be between 0 and {MAX_STOCK}")
    return code
