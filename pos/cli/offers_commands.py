"""`pos rewards ...` and the offers' part of `pos sale` and `pos member show` (SPEC §10)."""

from __future__ import annotations

from pos.cli import actors
from pos.errors import BadInput
from pos.services.coupons import issue as coupons
from pos.services.offers import catalogue
from pos.services.offers.history import member_offers
from pos.services.stores import chain


def add_arguments(command, group) -> None:
    rewards = group("rewards", "the points catalogue (积分兑换)")
    p = command("list", "the rewards with their points price and stock at this till's store", rewards)
    p.add_argument("--store", metavar="CODE", help="the stock at this store instead")
    p = command("save", "add or change a reward, and its stock at one store (manager)", rewards)
    p.add_argument("--code", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--name-zh", default="")
    p.add_argument("--points", required=True, type=int, help="its price in points")
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--gift", metavar="SKU", help="a gift item: the product given (a zero-price receipt line)")
    kind.add_argument("--coupon", choices=("amount", "percent", "cash", "free_item"), help="a coupon of this kind")
    p.add_argument("--value", help="the coupon's value: yuan for amount/cash, percent off for percent, the cap "
                   "for free_item")
    p.add_argument("--threshold")
    p.add_argument("--cap")
    p.add_argument("--stock", type=int, help="how many are left at the store (unchanged without it; a new reward: 0)")
    p.add_argument("--store", metavar="CODE",
                   help="the store whose stock --stock sets (default: this till's; a store manager: their own only)")
    p.add_argument("--inactive", action="store_true", help="withdraw it from the catalogue")
    p.add_argument("--manager-pin")


def issued_json(offers) -> dict:
    """The sale result's offers: `issued`, `stamps` (card -> "7/10"), the extra and reward points."""
    return {"issued": [i.as_json() for i in offers.issued],
            "stamps": {card: progress for card, _, progress in offers.stamps},
            "bonus_points": offers.bonus_points, "reward_points": offers.reward_points}


def issued_text(offers) -> str:
    lines = [f"issued {i.kind}: {i.code or '-'} {i.title} ({i.reason})"
             + (f", valid {i.valid_from:%Y-%m-%d} to {i.valid_to:%Y-%m-%d}" if i.valid_from and i.valid_to else "")
             for i in offers.issued]
    lines += [f"bonus +{b.points} points ({b.reason})" for b in offers.bonus]
    lines += [f"{name} {progress}" for _, name, progress in offers.stamps]
    return "\n".join(lines)


def member_offers_json(ctx, member_id: int) -> dict:
    given = member_offers(ctx, member_id, limit=20)
    return {"stamps": {card: progress for card, _, progress in given.stamps},
            "offers": [{"at": h.at.isoformat(), "receipt_no": h.receipt_no, "status": h.status, **h.issued.as_json()}
                       for h in given.history]}


def rewards_list(args, ctx):
    store = getattr(args, "store", None)
    rows = catalogue.list_rewards(ctx, store_id=chain.store_id_of(ctx, store))
    code = store.strip().upper() if store else (ctx.here.store_code if ctx.here else None)
    payload = {"store": code,
               "rewards": [{"code": r.code, "name": r.name, "name_zh": r.name_zh, "kind": r.kind, "points": r.points,
                            "stock": r.stock, "gives": r.title} for r in rows]}
    text = "\n".join(f"{r.code:<12} {r.points:>7} points  stock {r.stock:>4}  {r.name} ({r.title})" for r in rows)
    return payload, (f"stock at {code}\n" if code and rows else "") + (text or "the catalogue is empty")


def rewards_save(args, ctx):
    actor = actors.manager_id(ctx, args.manager_pin, "Editing the rewards catalogue")
    spec = None
    if args.coupon:
        if not args.value:
            raise BadInput("amount_invalid", "a coupon reward needs --value")
        spec = coupons.parse_spec(args.coupon, args.value, args.threshold, args.cap)
    item = catalogue.RewardInput(args.code, args.name, args.points, kind="coupon" if args.coupon else "gift",
                                 name_zh=args.name_zh, sku=args.gift, coupon=spec, stock=args.stock,
                                 active=not args.inactive)
    catalogue.save_reward(ctx, actor, item, store_id=chain.store_id_of(ctx, args.store))
    return rewards_list(args, ctx)


HANDLERS = {("rewards", "list"): rewards_list, ("rewards", "save"): rewards_save}
