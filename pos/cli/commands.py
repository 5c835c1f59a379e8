"""One handler per `pos` command: call the service, return (JSON payload, human text)."""

from __future__ import annotations

import os
import sys
from dataclasses import asdict, is_dataclass
from decimal import Decimal
from pathlib import Path

from pos.cli import actors, manager_commands, offers_commands, offline_commands, store_commands
from pos.errors import BadInput, EnvironmentFault
from pos.money import fen_str
from pos.services import printouts
from pos.services.admin import backup, setup
from pos.services.admin.bootstrap import open_store
from pos.services.campaigns import campaign as campaigns
from pos.services.context import AppContext
from pos.services.coupons import issue as coupons
from pos.services.lifecycle import replenishment as lifecycle
from pos.services.members import detail, export, privacy, qr_keys, tiers
from pos.services.members import lookup as members
from pos.services.members.listing import MemberFilter
from pos.services.points import expiry
from pos.services.reports import fraud
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import parse_line_spec
from pos.services.segments import rfm as segments
from pos.services.staff import admin as staff_admin
from pos.services.staff import audit_chain, audit_log
from pos.services.stores import chain

BULK_DEMO_ABOVE = 5000     # demo members made through checkout up to here; bulk inserts above


def context(args) -> AppContext | None:
    if args.command == "doctor":
        return None             # it examines the store itself, however broken
    return open_store(getattr(args, "db", None), getattr(args, "config", None),
                      initialising=args.command == "init", till=getattr(args, "till", None),
                      connect_timeout=offline_commands.connect_timeout(args))


def _member_id(ctx: AppContext, phone: str) -> int:
    with ctx.read() as session:
        return members.find_member(session, ctx, phone=phone).id


def _int(text: str, name: str) -> int:
    text = str(text).strip()
    if not (text.isascii() and text.lstrip("-").isdigit()):      # '²'.isdigit() is True, int('²') fails
        raise BadInput(f"{name}_invalid", f"{name} '{text}' must be a whole number")
    return int(text)


# ---------------------------------------------------------------- handlers

def init(args, ctx):
    result = setup.init_database(ctx)
    payload = {"database": result.database, "schema_version": result.schema_version}
    text = f"database {result.database} at schema {result.schema_version}"
    if args.demo and not (args.if_empty and setup.member_count(ctx) > 0):
        if setup.member_count(ctx) > 0:
            raise BadInput("database_not_empty", "demo data goes into an empty database (use --if-empty to skip)")
        if not 10 <= args.members <= 10_000_000:
            raise BadInput("members_invalid", "--members must be between 10 and 10000000")
        counts = _demo_store(ctx, args.members)
        payload["demo"] = counts
        text += f"\ndemo store: {counts['members']} members, {counts['sales']} sales, {counts['products']} products"
    return payload, text


def _demo_store(ctx, members: int) -> dict:
    """Up to a few thousand members go through the real checkout; more use bulk inserts."""
    if members <= BULK_DEMO_ABOVE:
        from pos.services.admin.demo import create_demo

        return create_demo(ctx, members=members)
    from pos.services.admin.bulk_demo import create_bulk_demo

    return create_bulk_demo(ctx, members, progress=lambda line: print(line, file=sys.stderr, flush=True))


def config_show(args, ctx):
    data = _plain(asdict(ctx.config))
    return data, "\n".join(f"{key}: {value}" for key, value in data.items())


def member_enrol(args, ctx):
    result = members.enrol(ctx, args.phone, name=args.name, birthday=args.birthday, consent=args.consent,
                           referrer=args.referrer)
    m = result.member
    payload = {"member_id": m.member_id, "phone_masked": m.phone_masked, "tier": m.tier_key,
               "qr_payload": result.qr_payload, "referral_code": m.referral_code,
               "welcome_coupon": result.welcome_coupon}
    return payload, f"enrolled member {m.member_id} ({m.phone_masked}), tier {m.tier_name}\nQR: {result.qr_payload}"


def member_show(args, ctx):
    m = members.lookup(ctx, phone=args.phone, qr=args.qr)
    payload = {
        "member_id": m.member_id, "phone_masked": m.phone_masked, "name": m.name, "tier": m.tier_key,
        "tier_name": m.tier_name, "growth": m.growth, "purchases": m.purchases, "next_tier": m.next_tier,
        "to_next_tier": fen_str(m.to_next_tier_fen), "progress": m.progress_text,
        "grace_until": m.grace_until, "points": m.points, "points_expiring": m.points_expiring,
        "points_expiring_on": m.points_expiring_on, "birthday_month": m.birthday_month,
        "segment": m.segment, "referral_code": m.referral_code,
        **_lifecycle(ctx, m.member_id),
        "coupons": [{"code": c.code, "kind": c.kind, "title": c.title, "valid_to": c.valid_to.isoformat()}
                    for c in m.coupons],
    }
    payload.update(offers_commands.member_offers_json(ctx, m.member_id))
    text = (f"{m.name or '(no name)'}  {m.phone_masked}  {m.tier_name}\n{m.progress_text}\n"
            f"points {m.points} ({m.points_expiring} expiring soon), {len(m.coupons)} coupon(s)")
    text += "".join(f"\nstamps {card}: {progress}" for card, progress in payload["stamps"].items())
    return payload, text


def _lifecycle(ctx, member_id: int) -> dict:
    life = lifecycle.member_lifecycle(ctx, member_id)
    return {"groups": list(life.groups), "churn_stage": life.stage,
            "due": [{"product": d.product, "days_since": d.days_since, "due_on": d.due_on.isoformat()}
                    for d in life.due]}


def sale(args, ctx):
    request = co.CheckoutRequest(
        lines=[parse_line_spec(spec) for spec in args.line], member_phone=args.member, member_qr=args.qr,
        coupon_code=args.coupon, redeem_points=_int(args.redeem, "points"),
        payments=[co.parse_payment(p) for p in args.pay], sale_id=args.sale_id,
        cashier_id=actors.cashier_id(ctx, args.cashier, args.cashier_pin), manager_pin=args.manager_pin,
        reward_code=args.reward)
    r = co.checkout(ctx, request)
    payload = {
        "receipt_no": r.receipt_no, "sale_id": r.sale_id, "subtotal": fen_str(r.subtotal_fen),
        "tier_discount": fen_str(r.tier_discount_fen), "coupon": r.coupon_code,
        "coupon_discount": fen_str(r.coupon_discount_fen), "points_redeemed": r.points_redeemed,
        "points_value": fen_str(r.points_value_fen), "total_due": fen_str(r.total_due_fen),
        "points_earned": r.points_earned, "points_balance": r.points_balance, "tier_before": r.tier_before,
        "tier_after": r.tier_after, "growth": r.growth, "change": fen_str(r.change_fen),
        "payments": [{"method": m, "amount": fen_str(a)} for m, a in r.payments], "replayed": r.replayed,
        **offers_commands.issued_json(r.offers),
    }
    payload["points_redeemed"] += r.offers.reward_points     # a catalogue reward is points redeemed too
    payload["points_earned"] += r.offers.bonus_points        # double points, the monthly earn ladder
    here = ctx.here                       # the till this command acts for (--till), which booked the sale
    payload["store"], payload["till"] = (here.store_code, here.till) if here else (None, None)
    text = (f"receipt {r.receipt_no}: subtotal {fen_str(r.subtotal_fen)}, tier -{fen_str(r.tier_discount_fen)}, "
            f"coupon -{fen_str(r.coupon_discount_fen)}, points -{fen_str(r.points_value_fen)}, "
            f"due {fen_str(r.total_due_fen)}; points +{r.points_earned}")
    if r.upgraded:
        text += f"\nupgraded: {r.tier_before} -> {r.tier_after}"
    if offers_text := offers_commands.issued_text(r.offers):
        text += "\n" + offers_text
    if args.print:
        payload["printed_to"], payload["print_error"] = _print_after_sale(ctx, r.receipt_no)
        text += f"\nprinted to {payload['printed_to']}" if payload["printed_to"] else (
            f"\nNOT PRINTED [{payload['print_error']['code']}]: {payload['print_error']['message']}\n"
            f"the sale is booked; print it again with `pos receipt {r.receipt_no} --print`")
    return payload, text


def _print_after_sale(ctx, receipt_no: str) -> tuple[str | None, dict | None]:
    """The sale is committed whatever the printer does: a fault is reported, not raised."""
    try:
        return printouts.print_receipt_no(ctx, receipt_no), None
    except EnvironmentFault as fault:
        return None, fault.to_json()["error"]


def return_(args, ctx):
    lines = [returns.parse_return_line(spec) for spec in args.line] or None
    r = returns.return_sale(ctx, args.receipt_no, lines, manager_pin=args.manager_pin,
                            cashier_id=actors.cashier_id(ctx, args.cashier, args.cashier_pin))
    payload = {"return_no": r.return_no, "receipt_no": r.receipt_no, "refund": fen_str(r.refund_fen),
               "points_reversed": r.points_reversed, "points_restored": r.points_restored,
               "points_balance": r.points_balance, "points_not_reversed": r.points_not_reversed,
               "reissued_coupon": r.reissued_coupon,
               "lines": [{"line": n, "qty": q, "refund": fen_str(f)} for n, q, f in r.lines],
               "offers_voided": [u.as_json() for u in r.offers_voided]}
    text = f"return {r.return_no}: refund {fen_str(r.refund_fen)}, points -{r.points_reversed} +{r.points_restored}"
    if r.points_not_reversed:
        text += f"\n{r.points_not_reversed} points earned on the sale were already spent and not taken back"
    for u in r.offers_voided:
        text += "\n" + _undone_text(u)
    return payload, text


def _undone_text(u) -> str:
    if u.benefit == "stamps":
        return f"{u.stamps_back} stamps taken back ({u.code} card)"
    parts = [f"{u.kind} {u.benefit}" + (f" {u.code}" if u.code else "") + (" voided" if u.voided else "")]
    if u.points_reversed:
        parts.append(f"{u.points_reversed} points taken back")
    if u.points_restored:
        parts.append(f"{u.points_restored} points given back")
    return ", ".join(parts) + ("" if u.for_customer else " (the referrer's)")


def receipt(args, ctx):
    from pos.services.sales.receipts import write_receipt

    if args.print:
        where = printouts.reprint_receipt_no(ctx, args.receipt_no)
        return {"file": None, "printed_to": where}, f"printed to {where}"
    target = args.pdf or args.escpos
    path = write_receipt(ctx, args.receipt_no, Path(target), "pdf" if args.pdf else "escpos",
                         args.width or ctx.config.receipt.paper_width_mm)
    return {"file": str(path)}, f"wrote {path}"


def coupon_issue(args, ctx):
    """Input is checked before the PIN is asked for; a segment's coupons are a campaign."""
    spec = coupons.parse_spec(args.kind, args.value, args.threshold, args.cap, args.valid_days,
                              default_days=ctx.config.coupons.default_valid_days)
    if args.segment:
        return _segment_coupons(args, ctx, spec)
    member_id = _member_id(ctx, args.member) if args.member else None
    count = None if member_id is not None else coupons.bearer_count(args.count)
    actor = actors.manager_id(ctx, args.manager_pin, "Issuing coupons")
    codes = coupons.issue_coupons(ctx, actor, spec, member_id=member_id, count=count).codes
    return {"codes": codes, "count": len(codes)}, "\n".join(codes)


def _segment_coupons(args, ctx, spec):
    """One coupon per member of the segment: the campaign "<segment> <today>" (a re-run that day adds
    coupons only for members who have none of it); `codes` are all of that campaign's codes."""
    audience = campaigns.Audience(segment=segments.segment_name(args.segment, flags=True))
    actor = actors.manager_id(ctx, args.manager_pin, "Issuing coupons")
    name = f"{audience.segment} {ctx.clock():%Y-%m-%d}"
    r = campaigns.issue_campaign(ctx, actor, name, audience, spec)
    codes = campaigns.campaign_codes(ctx, r.campaign_id)
    payload = {"codes": codes, "count": len(codes), "campaign_id": r.campaign_id, "issued": r.issued,
               "already_had": r.already_had, "no_consent": r.no_consent}
    skipped = f"\n{r.no_consent} members without marketing consent skipped" if r.no_consent else ""
    return payload, ("\n".join(codes) if codes else "no coupons issued") + skipped


def coupon_show(args, ctx):
    c = coupons.show(ctx, args.code)
    payload = {"code": c.code, "status": c.status, "kind": c.kind, "title": c.title,
               "valid_from": c.valid_from.isoformat(), "valid_to": c.valid_to.isoformat(),
               "member_id": c.member_id, "used_on": c.used_sale_receipt}
    return payload, f"{c.code}: {c.status} ({c.title}), valid to {c.valid_to:%Y-%m-%d}"


def segments_(args, ctx):
    result = segments.compute_segments(ctx)
    payload = {"segments": result.sizes, "whales": result.whales, "promotion_only": result.promotion_only,
               "snapshot_id": result.snapshot_id}
    text = "\n".join(f"{name:12} {count}" for name, count in result.sizes.items())
    return payload, text + f"\nwhales {result.whales}, promotion-only {result.promotion_only}"


def members_export(args, ctx):
    export.csv_path(args.file)
    flt = MemberFilter(segment=segments.segment_name(args.segment) if args.segment else None,
                       store_id=chain.store_id_of(ctx, args.store))
    actor = actors.manager_id(ctx, args.manager_pin, "Exporting members")
    r = export.export_members(ctx, actor, args.file, flt, full_phone=args.full_phone)
    return {"file": r.file, "rows": r.rows, "full_phone": r.full_phone}, f"wrote {r.rows} rows to {r.file}"


def points_expire(args, ctx):
    r = expiry.expire_points(ctx)
    return {"members": r.members, "points": r.points}, f"expired {r.points} points of {r.members} members"


def tiers_evaluate(args, ctx):
    r = tiers.evaluate_tiers(ctx)
    return ({"downgraded": r.downgraded, "in_grace": r.in_grace, "evaluated": r.evaluated},
            f"evaluated {r.evaluated}: {r.downgraded} downgraded, {r.in_grace} in grace")


def staff_add(args, ctx):
    actor = actors.manager_id_unless_first(ctx, args.manager_pin, "Adding staff")
    s = staff_admin.add_staff_member(ctx, actor, args.code, args.name, args.role, args.pin,
                                     store_id=chain.store_id_of(ctx, args.store))
    return {"staff_id": s.id, "code": s.code, "role": s.role}, f"added {s.role} {s.code} ({s.name})"


def member_consent(args, ctx):
    """Cashier-level: recorded on --cashier (with their PIN), else on the till."""
    member_id = _member_id(ctx, args.phone)
    staff = actors.cashier_id(ctx, args.cashier, args.cashier_pin)
    r = privacy.set_consent(ctx, staff, member_id, consent=args.give)
    state = "given" if r.consent else "withdrawn"
    return ({"member_id": r.member_id, "consent_marketing": r.consent, "changed": r.changed},
            f"member {r.member_id}: marketing consent {state}" + ("" if r.changed else " (already so)"))


def member_erase(args, ctx):
    actor = actors.manager_id(ctx, args.manager_pin, "Erasing a member")
    r = privacy.erase_member(ctx, actor, _member_id(ctx, args.phone))
    return ({"member_id": r.member_id, "erased": True, "coupons_voided": r.coupons_voided,
             "ledger_reasons_redacted": r.ledger_redacted, "audit_rows_redacted": r.audit_redacted},
            f"member {r.member_id} erased ({r.ledger_redacted} ledger reasons and {r.audit_redacted} audit rows "
            "that named them redacted)")


def points_adjust(args, ctx):
    points = _int(args.points, "points")
    detail.checked_adjustment(points, args.reason)
    member_id = _member_id(ctx, args.phone)
    actor = actors.manager_id(ctx, args.manager_pin, "A manual points adjustment")
    r = detail.adjust_points(ctx, actor, member_id, points, args.reason)
    return ({"member_id": r.member_id, "points": r.points, "points_balance": r.points_balance},
            f"adjusted by {r.points}: balance {r.points_balance}")


def backup_(args, ctx):
    manager = actors.manager_id(ctx, args.manager_pin, "Backing up the database")
    r = backup.backup(ctx, args.file, staff_id=manager, passphrase=_passphrase(args, confirm=True))
    return ({"file": r.file, "bytes": r.bytes, "pruned": list(r.pruned)},
            f"backed up to {r.file} ({r.bytes} bytes, encrypted)")


def restore_(args, ctx):
    manager = actors.manager_id(ctx, args.manager_pin, "Restoring a backup") if args.manager_pin else None
    r = backup.restore(ctx, args.file, staff_id=manager, passphrase=_passphrase(args))
    return {"file": r.file, "restored": True}, f"restored {r.file}"


def keys_import(args, ctx):
    manager = actors.manager_id(ctx, args.manager_pin, "Importing member-QR keys")
    count = backup.import_keys(ctx, args.file, staff_id=manager, passphrase=_passphrase(args))
    return {"imported": count}, f"imported {count} member-QR keys"


def _passphrase(args, *, confirm: bool = False) -> str | None:
    """The backup passphrase: --passphrase-file, env POS_BACKUP_PASSPHRASE, or asked on a terminal;
    never a command-line value (other users see those)."""
    if getattr(args, "passphrase_file", None):
        try:
            return Path(args.passphrase_file).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise BadInput("file_missing", f"cannot read {args.passphrase_file}: {exc.strerror}") from None
    if os.environ.get("POS_BACKUP_PASSPHRASE"):
        return os.environ["POS_BACKUP_PASSPHRASE"]
    if not sys.stdin.isatty():
        return None
    from getpass import getpass

    first = getpass("Backup passphrase: ")
    if confirm and getpass("Again: ") != first:
        raise BadInput("backup_passphrase_mismatch", "The two passphrases differ.")
    return first


def audit_(args, ctx):
    audit_log.check_limit(args.limit)         # bad input is reported before a PIN is asked for
    actor = actors.manager_id(ctx, args.manager_pin, "Reading the audit log")
    rows = audit_log.audit_entries(ctx, actor, limit=args.limit)
    payload = {"entries": [row.__dict__ for row in rows]}
    return payload, "\n".join(f"{r.at:%Y-%m-%d %H:%M:%S} {r.action:20} {r.staff or '-':10} {r.target} {r.details}"
                               for r in rows)


def audit_verify(args, ctx):
    check = audit_chain.verify_chain(ctx, actors.manager_id(ctx, args.manager_pin, "Verifying the audit log"))
    payload = {"ok": check.ok, "rows": check.rows, "first_break": check.first_break}
    return payload, (f"ok: {check.rows} rows, the chain is unbroken" if check.ok
                     else f"BROKEN: the chain breaks at row id {check.first_break} ({check.rows} rows)")


def keys_rotate(args, ctx):
    kid = qr_keys.rotate_qr_key(ctx, actors.manager_id(ctx, args.manager_pin, "Rotating the member-QR key"))
    return {"kid": kid}, f"new member-QR key {kid}"


def member_card(args, ctx):
    path = printouts.write_card(ctx, args.phone, Path(args.pdf))
    return {"file": str(path)}, f"wrote {path}"


def coupon_sheet(args, ctx):
    if not args.codes and args.campaign is None:
        raise BadInput("usage", "give coupon codes or --campaign ID")
    actor = actors.manager_id(ctx, args.manager_pin, "A coupon sheet")
    path = printouts.write_coupon_sheet(ctx, actor, Path(args.pdf), codes=args.codes, campaign_id=args.campaign)
    return {"file": str(path)}, f"wrote {path}"


def print_test(args, ctx):
    where = printouts.print_test_page(ctx)
    return {"printed_to": where}, f"test page sent to {where}"


def doctor_(args, _ctx):
    from pos.services.admin import doctor

    found = doctor.diagnose(getattr(args, "db", None), getattr(args, "config", None))
    payload = found.to_json()
    lines = [f"{c.name:9} {c.status.upper():5} {c.detail}" for c in found.checks]
    if args.bundle:
        payload["bundle"] = str(doctor.write_bundle(found, Path(args.bundle)))
        lines.append(f"support bundle written to {payload['bundle']} (phone numbers masked)")
    lines.append("ready" if found.ok else "NOT READY: fix the FAIL lines above")
    return payload, "\n".join(lines), 0 if found.ok else 1


def fraud_(args, ctx):
    if not 1 <= args.days <= 366:
        raise BadInput("days_invalid", "--days must be between 1 and 366")
    actor = actors.manager_id(ctx, args.manager_pin, "Reading fraud signals")
    flags = fraud.fraud_flags(ctx, actor, days=args.days)
    return ({"flags": [f.__dict__ for f in flags]},
            "\n".join(f"{f.kind:20} {f.subject:20} {f.detail}" for f in flags) or "no fraud signals")


HANDLERS = {
    ("init", None): init, ("config", "show"): config_show, ("member", "enrol"): member_enrol,
    ("member", "show"): member_show, ("sale", None): sale, ("return", None): return_,
    ("receipt", None): receipt, ("coupon", "issue"): coupon_issue, ("coupon", "show"): coupon_show,
    ("segments", None): segments_, ("members", "export"): members_export, ("points", "expire"): points_expire,
    ("tiers", "evaluate"): tiers_evaluate, ("staff", "add"): staff_add, ("member", "erase"): member_erase,
    ("points", "adjust"): points_adjust, ("member", "consent"): member_consent, ("backup", None): backup_,
    ("restore", None): restore_,
    ("audit", None): audit_, ("audit", "verify"): audit_verify, ("keys", "rotate"): keys_rotate,
    ("keys", "import"): keys_import, ("member", "card"): member_card,
    ("coupon", "sheet"): coupon_sheet, ("print-test", None): print_test, ("fraud", None): fraud_,
    ("doctor", None): doctor_,
    **manager_commands.HANDLERS, **offers_commands.HANDLERS, **store_commands.HANDLERS,
    **offline_commands.HANDLERS,
}


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if is_dataclass(value):
        return _plain(asdict(value))
    return value
