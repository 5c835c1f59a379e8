"""The till's offline journal at the command line (#17): `--offline-journal FILE` (env
POS_OFFLINE_JOURNAL), `pos sync`, `pos till status`, and `pos sale` / `pos member show` served from
the journal when the database in `--db` cannot be reached (their JSON then carries "offline": true)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable

from pos.clock import clock_from_env
from pos.config import load_config
from pos.errors import BadInput, EnvironmentFault
from pos.money import fen_str
from pos.services import offline
from pos.services.context import translate_db_errors
from pos.services.sales import checkout as co
from pos.services.sales.cart import parse_line_spec
from pos.vocabulary import DATABASE_UNAVAILABLE

_SERVED_OFFLINE = {("sale", None), ("member", "show")}


def journal_path(args) -> str | None:
    return getattr(args, "offline_journal", None) or os.environ.get("POS_OFFLINE_JOURNAL") or None


def connect_timeout(args) -> int | None:
    """A till with a journal waits at most a couple of seconds for the server, then sells offline."""
    return offline.OFFLINE_CONNECT_TIMEOUT_S if journal_path(args) else None


def run(handler: Callable, key: tuple, args, context: Callable) -> tuple:
    path = journal_path(args)
    if key == ("till", "status"):
        return till_status(args, _required(path, "pos till status"))
    if key == ("sync", None):
        return sync(args, _required(path, "pos sync"), context)
    if path is None or key not in _SERVED_OFFLINE:
        return handler(args, context(args))
    if key == ("sale", None) and not args.sale_id:
        args.sale_id = str(uuid.uuid4())    # one sale id for the central attempt and the offline one
    try:
        with translate_db_errors():
            ctx = context(args)
            served = handler(args, ctx)
    except EnvironmentFault as fault:
        if fault.code != DATABASE_UNAVAILABLE:
            raise
    else:
        if key == ("sale", None) and args.cashier and args.cashier_pin:
            _remember_cashier(ctx, path, args.cashier, args.cashier_pin)
        return served
    return (sale_offline if key == ("sale", None) else member_show_offline)(args, path)


def _remember_cashier(ctx, path: str, code: str, pin: str) -> None:  # noqa: ANN001
    """The cashier of an online sale may be recorded on this till's offline sales later; never fails the sale."""
    from pos.errors import PosError

    try:
        journal = offline.open_journal(path)
        try:
            offline.remember_cashier(ctx, journal, code, pin)
        finally:
            journal.close()
    except PosError:
        pass


def _cashier_offline(journal, args) -> int | None:  # noqa: ANN001
    """`--cashier CODE --cashier-pin PIN` offline: checked against the journal (cashiers who sold
    online at this till with their PIN, or signed in at its terminal)."""
    from pos.errors import PermissionDenied
    from pos.services.offline import selling

    if not args.cashier:
        return None
    if not args.cashier_pin:
        raise PermissionDenied("cashier_pin_required",
                               f"--cashier {args.cashier} needs {args.cashier}'s PIN (--cashier-pin).")
    return selling.sign_in(journal, args.cashier_pin, args.cashier).id


def _required(path: str | None, command: str) -> str:
    if path is None:
        raise BadInput("usage", f"{command} needs --offline-journal FILE (or POS_OFFLINE_JOURNAL)")
    return path


def _config(args):
    return load_config(getattr(args, "config", None) or os.environ.get("POS_CONFIG") or None)


def sale_offline(args, path: str) -> tuple[dict, str]:
    journal = offline.open_journal(path)
    try:
        request = co.CheckoutRequest(
            lines=[parse_line_spec(spec) for spec in args.line], member_phone=args.member, member_qr=args.qr,
            coupon_code=args.coupon, redeem_points=_points(args.redeem),
            payments=[co.parse_payment(p) for p in args.pay], sale_id=args.sale_id,
            cashier_id=_cashier_offline(journal, args))
        r = offline.sell(journal, _config(args), clock_from_env()(), request)
        store, till = journal.meta("store_code"), journal.meta("till_number")
        queued = journal.queued()
        printed = _print_offline(journal, args, r.receipt_no) if args.print else None
    finally:
        journal.close()
    payload = {
        "receipt_no": r.receipt_no, "sale_id": r.sale_id, "subtotal": fen_str(r.subtotal_fen),
        "tier_discount": fen_str(r.tier_discount_fen), "coupon": r.coupon_code,
        "coupon_discount": fen_str(r.coupon_discount_fen), "points_redeemed": r.points_redeemed,
        "points_value": fen_str(r.points_value_fen), "total_due": fen_str(r.total_due_fen),
        "points_earned": r.points_earned, "points_balance": r.points_balance, "tier_before": r.tier_before,
        "tier_after": r.tier_after, "growth": None, "change": fen_str(r.change_fen),
        "payments": [{"method": m, "amount": fen_str(a)} for m, a in r.payments], "replayed": r.replayed,
        "store": store, "till": f"{store}-{till}" if store else None, "offline": True, "queued": queued,
        "cashier": args.cashier or None}
    if printed is not None:
        payload["printed_to"], payload["print_error"] = printed
    text = (f"OFFLINE receipt {r.receipt_no}: subtotal {fen_str(r.subtotal_fen)}, tier -{fen_str(r.tier_discount_fen)}, "
            f"coupon -{fen_str(r.coupon_discount_fen)}, points -{fen_str(r.points_value_fen)}, "
            f"due {fen_str(r.total_due_fen)}; points +{r.points_earned} at sync; {queued} sale(s) queued")
    return payload, text


def _print_offline(journal, args, receipt_no: str) -> tuple[str | None, dict | None]:  # noqa: ANN001
    """The sale is in the journal whatever the printer does: a fault is reported, not raised."""
    try:
        return offline.print_receipt(journal, _config(args), receipt_no), None
    except EnvironmentFault as fault:
        return None, fault.to_json()["error"]


def _points(text: str) -> int:
    text = str(text).strip()
    if not (text.isascii() and text.isdigit()):
        raise BadInput("points_invalid", f"points '{text}' must be a whole number")
    return int(text)


def member_show_offline(args, path: str) -> tuple[dict, str]:
    journal = offline.open_journal(path)
    try:
        card = offline.member_card(journal, _config(args), clock_from_env()(), phone=args.phone, qr=args.qr)
    finally:
        journal.close()
    payload = {"member_id": card.member_id, "phone_masked": "", "name": card.name, "tier": card.tier_key,
               "tier_name": card.tier_name, "points": card.points,
               "coupons": [{"code": code} for code in card.coupons], "stamps": card.stamps, "offline": True}
    return payload, (f"OFFLINE {card.name or '(no name)'}  {card.tier_name}\n"
                     f"points {card.points}, {len(card.coupons)} coupon(s)")


def sync(args, path: str, context: Callable) -> tuple[dict, str]:
    journal = offline.open_journal(path)
    try:
        store, till = journal.meta("store_code"), journal.meta("till_number")
        if store and till and not getattr(args, "till", None) and not os.environ.get("POS_TILL"):
            args.till = f"{store}-{till}"     # the journal's sales are booked at the till that sold them
        r = offline.sync(context(args), journal)
    finally:
        journal.close()
    payload = {"pushed": r.pushed, "already_there": r.already_there, "overdraws": r.overdraws,
               "overdraw_value": fen_str(r.overdraw_fen), "failed": r.failed, "cached_members": r.cached_members}
    text = (f"pushed {r.pushed} sale(s), {r.already_there} already there, {r.overdraws} overdraw(s) "
            f"({fen_str(r.overdraw_fen)}), {r.failed} refused; {r.cached_members} member card(s) cached")
    return payload, text


def till_status(args, path: str) -> tuple[dict, str]:
    journal = offline.open_journal(path)
    try:
        status = offline.till_status(journal, getattr(args, "db", None))
    finally:
        journal.close()
    payload = {"online": status.online, "queued": status.queued, "last_sync": status.last_sync}
    return payload, (f"{'online' if status.online else 'OFFLINE'}; {status.queued} sale(s) queued; "
                     f"last sync {status.last_sync or 'never'}")


# run() serves these itself (they need the journal, and `till status` no database at all)
HANDLERS = {("sync", None): sync, ("till", "status"): till_status}
