"""`pos store ...` and `pos till ...`: the chain's stores and tills (managers; adding a store is for
a chain administrator). Which till a command acts for is the global `--till` (pos.cli.parser)."""

from __future__ import annotations

from pos.cli.actors import manager_id
from pos.errors import BadInput
from pos.services.stores import chain


def add_arguments(command, group) -> None:
    store = group("store", "the chain's stores")
    p = command("add", "add a store (chain administrator)", store)
    p.add_argument("--code", required=True, help="e.g. S02: starts the store's receipt numbers")
    p.add_argument("--name", required=True)
    p.add_argument("--address", default="")
    p.add_argument("--phone", default="")
    p.add_argument("--header", help="receipt header of this store (default: the chain's)")
    p.add_argument("--footer", help="receipt footer of this store (default: the chain's)")
    p.add_argument("--group-url", action="append", default=[], metavar="TIER=URL",
                   help="this store's join-group link for a tier (repeatable)")
    p.add_argument("--manager-pin")
    p = command("list", "stores and their tills (manager)", store)
    p.add_argument("--manager-pin")
    till = group("till", "the chain's tills")
    p = command("add", "register a till at a store (manager)", till)
    p.add_argument("--store", required=True, metavar="CODE")
    p.add_argument("--number", type=int, help="default: the store's next free number")
    p.add_argument("--name", default="")
    p.add_argument("--manager-pin")
    p = command("list", "tills of the stores (manager)", till)
    p.add_argument("--manager-pin")
    command("status", "online or offline, sales queued in the offline journal, last sync", till)


def _group_urls(specs: list[str]) -> dict[str, str]:
    urls = {}
    for spec in specs:
        tier, sep, url = spec.partition("=")
        if not sep or not tier.strip() or not url.strip():
            raise BadInput("store_invalid", f"--group-url '{spec}' must be TIER=URL")
        urls[tier.strip()] = url.strip()
    return urls


def _store_json(s: chain.StoreView) -> dict:
    return {"code": s.code, "name": s.name, "address": s.address, "phone": s.phone,
            "receipt_header": s.receipt_header, "receipt_footer": s.receipt_footer, "group_urls": s.group_urls,
            "tills": list(s.tills)}


def store_add(args, ctx):
    printed: dict[str, object] = {"receipt_header": args.header, "receipt_footer": args.footer}
    if args.group_url:
        printed["group_urls"] = _group_urls(args.group_url)
    s = chain.add_store(ctx, manager_id(ctx, args.manager_pin, "Adding a store"), args.code, args.name,
                        address=args.address, phone=args.phone, **printed)
    return {"store": _store_json(s)}, f"store {s.code} added: {s.name}"


def store_list(args, ctx):
    stores = chain.list_stores(ctx, manager_id(ctx, args.manager_pin, "Listing stores"))
    return ({"stores": [_store_json(s) for s in stores]},
            "\n".join(f"{s.code:6} {s.name}  tills: {', '.join(s.tills) or '-'}" for s in stores))


def till_add(args, ctx):
    code = chain.add_till(ctx, manager_id(ctx, args.manager_pin, "Registering a till"), args.store,
                          args.number, args.name)
    return {"till": code}, f"till {code} registered (run its programs with --till {code} or POS_TILL={code})"


def till_list(args, ctx):
    stores = chain.list_stores(ctx, manager_id(ctx, args.manager_pin, "Listing tills"))
    tills = [{"till": code, "store": s.code} for s in stores for code in s.tills]
    here = ctx.here
    return ({"tills": tills, "this_till": here.till if here else None},
            "\n".join(code["till"] + ("  (this till)" if here and code["till"] == here.till else "")
                      for code in tills))


HANDLERS = {("store", "add"): store_add, ("store", "list"): store_list,
            ("till", "add"): till_add, ("till", "list"): till_list}

