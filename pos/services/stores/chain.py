"""Stores and tills of the chain (SPEC §12): added and listed by managers, their printed details
overriding the chain's settings. A chain administrator (a manager without a home store) adds stores
and edits any; a store manager edits their own store and registers its tills."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos import vocabulary
from pos.config import PRINTER_KINDS, StoreConfig, printer_target_refused
from pos.db.models import Store, Till
from pos.errors import BadInput, NotFound
from pos.services.context import AppContext
from pos.services.staff import audit
from pos.services.staff.roles import require_chain_admin, require_manager_id, store_scope

# what a store may print or show differently from the chain (pos store add / the console's Stores tab)
PRINTED = ("receipt_header", "receipt_footer", "group_urls", "printer_kind", "printer_target")
_LIMITS = {"name": 100, "address": 200, "phone": 32, "receipt_header": 500, "receipt_footer": 500,
           "printer_target": 200}


@dataclass(frozen=True)
class StoreView:
    id: int
    code: str
    name: str
    address: str
    phone: str
    receipt_header: str | None
    receipt_footer: str | None
    group_urls: dict[str, str]
    printer_kind: str | None
    printer_target: str | None
    tills: tuple[str, ...] = field(default=())     # "S01-1", "S01-2"


def store_id_of(ctx: AppContext, code: str | None) -> int | None:
    """The id of store `code` (`--store`), None for None; `store_unknown` if there is none."""
    if code is None:
        return None
    with ctx.read() as session:
        return _store(session, code).id


def add_store(ctx: AppContext, actor_id: int | None, code: str, name: str, *, address: str = "", phone: str = "",
              **printed: object) -> StoreView:
    code = (code or "").strip().upper()
    if not vocabulary.is_store_code(code):
        raise BadInput("store_invalid", f"store code '{code}' must be a letter then up to 7 letters or digits, "
                                        "such as S02")
    values = _checked({"name": name, "address": address, "phone": phone, **printed})
    if not values.get("name"):
        raise BadInput("store_invalid", "a store needs a name")
    with ctx.write() as session:
        admin = require_chain_admin(session, actor_id, "Adding a store")
        if session.scalar(select(Store.id).where(Store.code == code)) is not None:
            raise BadInput("store_exists", f"store {code} already exists")
        store = Store(code=code, active=True, created_at=ctx.clock(), **values)
        session.add(store)
        session.flush()
        audit.record(session, ctx.clock(), "store_added", staff_id=admin.id, target=code, name=store.name)
        return _view(session, store)


def update_store(ctx: AppContext, actor_id: int | None, code: str, **changes: object) -> StoreView:
    """Changes a store's details; a value of None for a printed detail goes back to the chain's."""
    values = _checked(changes)
    if "name" in values and not values["name"]:
        raise BadInput("store_invalid", "a store needs a name")
    with ctx.write() as session:
        manager = require_manager_id(session, actor_id, "Changing a store")
        store = _store(session, code)
        store_scope(session, manager, store.id, "Changing a store")
        before = {key: getattr(store, key) for key in values}
        for key, value in values.items():
            setattr(store, key, value)
        session.flush()
        changed = sorted(key for key in values if before[key] != getattr(store, key))
        audit.record(session, ctx.clock(), "store_changed", staff_id=manager.id, target=store.code, changed=changed)
        ctx.forget_here()
        return _view(session, store)


def add_till(ctx: AppContext, actor_id: int | None, store_code: str, number: int | None = None,
             name: str = "") -> str:
    """Registers a till at a store (the next free number unless given); returns its code, "S02-1"."""
    if number is not None and not 0 < number < 10_000:
        raise BadInput("till_invalid", "a till number is between 1 and 9999")
    with ctx.write() as session:
        manager = require_manager_id(session, actor_id, "Registering a till")
        store = _store(session, store_code)
        store_scope(session, manager, store.id, "Registering a till")
        if number is None:
            number = (session.scalar(select(func.max(Till.number)).where(Till.store_id == store.id)) or 0) + 1
        elif session.scalar(select(Till.id).where(Till.store_id == store.id, Till.number == number)) is not None:
            raise BadInput("till_exists", f"till {vocabulary.till_code(store.code, number)} already exists")
        session.add(Till(store_id=store.id, number=number, name=(name or "")[:100], last_receipt_seq=0,
                         last_return_seq=0, created_at=ctx.clock()))
        session.flush()
        code = vocabulary.till_code(store.code, number)
        audit.record(session, ctx.clock(), "till_added", staff_id=manager.id, target=code)
        return code


def list_stores(ctx: AppContext, actor_id: int | None) -> list[StoreView]:
    """Every store with its tills; a store manager's own store only."""
    with ctx.write() as session:       # a refusal is audited
        manager = require_manager_id(session, actor_id, "Listing stores")
        own = store_scope(session, manager, None, "Listing stores")
        query = select(Store).order_by(Store.code)
        if own is not None:
            query = query.where(Store.id == own)
        return [_view(session, store) for store in session.scalars(query)]


def printed_store(session: Session, store_id: int | None, config: StoreConfig) -> tuple[StoreConfig, StoreView | None]:
    """`config` with store `store_id`'s printed details in place of the chain's (header, footer, address,
    phone, tiers' group links, printer; the store's name after the chain's once the chain has two
    stores or more), and the store; the config as it is without a store."""
    from dataclasses import replace

    store = session.get(Store, store_id) if store_id is not None else None
    if store is None:
        return config, None
    view = _view(session, store, with_tills=False)
    receipt = replace(config.receipt,
                      header=config.receipt.header if view.receipt_header is None else view.receipt_header,
                      footer=config.receipt.footer if view.receipt_footer is None else view.receipt_footer)
    chain_name = config.store.name
    several = (session.scalar(select(func.count()).select_from(Store)) or 0) > 1
    name = f"{chain_name} · {view.name}" if several and view.name and view.name != chain_name else chain_name
    info = replace(config.store, name=name, address=view.address or config.store.address,
                   phone=view.phone or config.store.phone)
    tiers = tuple(replace(tier, group_url=view.group_urls[tier.key]) if tier.key in view.group_urls else tier
                  for tier in config.tiers)
    printer = replace(config.printer, kind=view.printer_kind or config.printer.kind,
                      target=(view.printer_target or "") if view.printer_kind else config.printer.target)
    return replace(config, receipt=receipt, store=info, tiers=tiers, printer=printer), view


def _store(session: Session, code: str) -> Store:
    store = session.scalars(select(Store).where(Store.code == (code or "").strip().upper())).first()
    if store is None:
        raise NotFound("store_unknown", f"No store with code '{code}'.")
    return store


def _checked(values: dict[str, object]) -> dict[str, object]:
    known = {"name", "address", "phone", *PRINTED}
    unknown = set(values) - known
    if unknown:
        raise BadInput("store_invalid", f"a store has no {', '.join(sorted(unknown))}")
    out: dict[str, object] = {}
    for key, value in values.items():
        if key == "group_urls":
            if value is not None and not (isinstance(value, dict) and all(
                    isinstance(k, str) and isinstance(v, str) for k, v in value.items())):
                raise BadInput("store_invalid", "group links are given per tier key")
            out[key] = json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None
            continue
        if key == "printer_kind" and value is not None and value not in PRINTER_KINDS:
            raise BadInput("store_invalid", f"printer kind must be one of {', '.join(PRINTER_KINDS)}")
        text = None if value is None else str(value).strip()
        if text is not None and len(text) > _LIMITS.get(key, 200):
            raise BadInput("store_invalid", f"{key} is longer than {_LIMITS.get(key, 200)} characters")
        out[key] = text if key in PRINTED else (text or "")
    if out.get("printer_kind"):
        refused = printer_target_refused(str(out["printer_kind"]), str(out.get("printer_target") or ""))
        if refused:
            raise BadInput("store_invalid", f"printer target for {out['printer_kind']}: expected {refused}")
    elif out.get("printer_target"):
        raise BadInput("store_invalid", "a printer target needs its printer kind")
    return out


def _view(session: Session, store: Store, with_tills: bool = True) -> StoreView:
    tills: tuple[str, ...] = ()
    if with_tills:
        numbers = session.scalars(select(Till.number).where(Till.store_id == store.id).order_by(Till.number))
        tills = tuple(vocabulary.till_code(store.code, n) for n in numbers)
    return StoreView(store.id, store.code, store.name, store.address, store.phone, store.receipt_header,
                     store.receipt_footer, json.loads(store.group_urls) if store.group_urls else {},
                     store.printer_kind, store.printer_target, tills)
