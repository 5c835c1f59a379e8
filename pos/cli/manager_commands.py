"""`pos` commands of the manager console: campaigns, reports, settings, staff administration.

A manager signs in with --manager-pin (pos.cli.actors); the services then re-check the id.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pos.cli.actors import manager_id
from pos.errors import BadInput
from pos.services.admin import settings
from pos.services.campaigns import campaign as campaigns
from pos.services.context import AppContext
from pos.services.coupons.issue import parse_spec
from pos.services.reports import summary as reports
from pos.services.segments.rfm import segment_name
from pos.services.staff import admin as staff_admin
from pos.services.stores import chain


def add_arguments(staff_sub, command, group) -> None:
    """`group(name, help)` makes a command with sub-commands; `command` as in pos.cli.parser."""
    campaign = group("campaign", "coupon campaigns")
    p = command("issue", "one coupon per member of a segment (re-runnable by name)", campaign)
    p.add_argument("--name", required=True)
    p.add_argument("--segment", required=True)
    p.add_argument("--kind", required=True, choices=("amount", "percent", "cash"))
    p.add_argument("--value", required=True)
    p.add_argument("--threshold")
    p.add_argument("--cap")
    p.add_argument("--valid-days", type=int)
    p.add_argument("--batch", type=int, default=2000)
    p.add_argument("--store", metavar="CODE", help="members enrolled at this store (a store manager's default)")
    p.add_argument("--manager-pin")
    p = command("list", "campaigns with coupons issued and redeemed (manager)", campaign)
    p.add_argument("--manager-pin")
    p = command("export", "a campaign's coupons and holders to CSV (masked phones)", campaign)
    p.add_argument("campaign_id", type=int)
    p.add_argument("file")
    p.add_argument("--full-phone", action="store_true")
    p.add_argument("--manager-pin")
    p = command("sheet", "A4 coupon sheet PDF of a campaign (manager)", campaign)
    p.add_argument("campaign_id", type=int)
    p.add_argument("--pdf", required=True, metavar="FILE")
    p.add_argument("--manager-pin")

    p = command("report", "a manager report for a date range (manager)")
    p.add_argument("key", choices=reports.REPORT_KEYS)
    p.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
    p.add_argument("--csv", metavar="FILE")
    p.add_argument("--store", metavar="CODE", help="one store's figures (a store manager's default)")
    p.add_argument("--manager-pin")

    cfg = group("settings", "store settings kept in the database")
    command("show", "the settings in force as TOML", cfg)
    p = command("save", "validate and save a settings TOML file for every till (manager)", cfg)
    p.add_argument("file")
    p.add_argument("--manager-pin")

    p = command("list", "staff accounts (manager)", staff_sub)
    p.add_argument("--manager-pin")
    for name, help_ in (("reset-pin", "set a new PIN and clear the lock-out (manager)"),
                        ("deactivate", "stop a staff member signing in (manager)"),
                        ("activate", "let a deactivated staff member sign in again (manager)")):
        p = command(name, help_, staff_sub)
        p.add_argument("--code", required=True)
        if name == "reset-pin":
            p.add_argument("--pin", required=True)
        p.add_argument("--manager-pin")


def _day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput("date_invalid", f"{name} '{text}' must be a date YYYY-MM-DD") from None


def campaign_issue(args, ctx):
    spec = parse_spec(args.kind, args.value, args.threshold, args.cap, args.valid_days,
                      default_days=ctx.config.coupons.default_valid_days)
    r = campaigns.issue_campaign(ctx, manager_id(ctx, args.manager_pin, "Issuing a campaign"), args.name,
                                 campaigns.Audience(segment=segment_name(args.segment, flags=True),
                                                    store_id=chain.store_id_of(ctx, args.store)), spec,
                                 batch=args.batch)
    payload = {"campaign_id": r.campaign_id, "issued": r.issued, "already_had": r.already_had,
               "no_consent": r.no_consent}
    return payload, (f"campaign {r.campaign_id}: {r.issued} coupons issued, {r.already_had} members already had one, "
                     f"{r.no_consent} without marketing consent skipped")


def campaign_list(args, ctx):
    rows = campaigns.list_campaigns(ctx, manager_id(ctx, args.manager_pin, "The campaign list"))
    payload = {"campaigns": [{"campaign_id": c.campaign_id, "name": c.name, "segment": c.segment,
                              "created_at": c.created_at.isoformat(), "issued": c.issued, "redeemed": c.redeemed}
                             for c in rows]}
    return payload, "\n".join(f"{c.campaign_id:5} {c.name:30} {c.issued:8} issued {c.redeemed:8} redeemed"
                              for c in rows) or "no campaigns"


def campaign_export(args, ctx):
    rows = campaigns.export_campaign(ctx, manager_id(ctx, args.manager_pin, "Exporting a campaign"), args.campaign_id, args.file,
                                     full_phone=args.full_phone)
    return {"file": args.file, "rows": rows, "full_phone": args.full_phone}, f"wrote {rows} rows to {args.file}"


def campaign_sheet(args, ctx):
    path = campaigns.write_campaign_sheet(ctx, manager_id(ctx, args.manager_pin, "A coupon sheet"), args.campaign_id,
                                          args.pdf)
    return {"file": path}, f"wrote {path}"


def report(args, ctx):
    start, end = _day(args.start, "--from"), _day(args.end, "--to")     # bad input before the PIN
    actor = manager_id(ctx, args.manager_pin, "Reports")
    r = reports.run_report(ctx, actor, args.key, start, end, store_id=chain.store_id_of(ctx, args.store))
    payload = {"key": r.key, "title": r.title, "summary": r.summary, "store": args.store, "columns": list(r.columns),
               "rows": [[str(c) if not isinstance(c, int) else c for c in row] for row in r.rows]}
    if args.csv:
        payload["file"] = reports.export_report(ctx, actor, r, args.csv)
    lines = [r.title, r.summary, "\t".join(r.columns), *("\t".join(map(str, row)) for row in r.rows)]
    return payload, "\n".join(lines)


def settings_show(args, ctx):
    text = settings.current_settings_toml(ctx)
    return {"toml": text, "version": ctx.settings_version}, text


def settings_save(args, ctx):
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInput("file_unreadable", f"cannot read {args.file}: {exc.strerror}") from None
    settings.validate_settings(text)            # bad input is reported before a PIN is asked for
    settings.save_settings(ctx, manager_id(ctx, args.manager_pin, "Saving settings"), text)
    return {"version": ctx.settings_version}, f"settings saved as version {ctx.settings_version}"


def staff_list(args, ctx):
    rows = staff_admin.list_staff(ctx, manager_id(ctx, args.manager_pin, "Listing staff"))
    payload = {"staff": [{"staff_id": s.id, "code": s.code, "name": s.name, "role": s.role, "active": s.active}
                         for s in rows]}
    return payload, "\n".join(f"{s.code:8} {s.role:8} {'active' if s.active else 'inactive':9} {s.name}"
                              for s in rows)


def _staff_id(ctx: AppContext, actor: int, code: str) -> int:
    found = [s.id for s in staff_admin.list_staff(ctx, actor) if s.code == code]
    if not found:
        raise BadInput("staff_not_found", f"No staff member with code '{code}'.")
    return found[0]


def staff_reset_pin(args, ctx):
    actor = manager_id(ctx, args.manager_pin, "Resetting a PIN")
    staff_admin.reset_pin(ctx, actor, _staff_id(ctx, actor, args.code), args.pin)
    return {"code": args.code, "pin_reset": True}, f"new PIN set for {args.code}"


def staff_set_active(args, ctx):
    actor = manager_id(ctx, args.manager_pin, "Activating or deactivating staff")
    active = args.action == "activate"
    staff_admin.set_active(ctx, actor, _staff_id(ctx, actor, args.code), active)
    return {"code": args.code, "active": active}, f"{args.code} {'activated' if active else 'deactivated'}"


HANDLERS = {
    ("campaign", "issue"): campaign_issue, ("campaign", "list"): campaign_list,
    ("campaign", "export"): campaign_export, ("campaign", "sheet"): campaign_sheet, ("report", None): report,
    ("settings", "show"): settings_show, ("settings", "save"): settings_save, ("staff", "list"): staff_list,
    ("staff", "reset-pin"): staff_reset_pin, ("staff", "deactivate"): staff_set_active,
    ("staff", "activate"): staff_set_active,
}
