"""`pos` commands of the manager console: campaigns, reports, settings, staff administration.

A manager signs in with --manager-pin (pos.cli.actors); the services then re-check the id.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from pos.cli.actors import manager_id
from pos.errors import BadInput
from pos.loyalty.behaviour import GROUPS, group_label
from pos.money import fen_str
from pos.services.admin import settings
from pos.services.campaigns import campaign as campaigns
from pos.services.context import AppContext
from pos.services.coupons.issue import parse_spec
from pos.services.jobs import runner
from pos.services.lifecycle import replenishment
from pos.services.members.listing import MemberFilter
from pos.services.reports import summary as reports
from pos.services.reports import uplift
from pos.services.reports.summary import rate_pct
from pos.services.segments.rfm import segment_name
from pos.services.staff import admin as staff_admin
from pos.services.stores import chain


def add_arguments(staff_sub, command, group) -> None:
    """`group(name, help)` makes a command with sub-commands; `command` as in pos.cli.parser."""
    campaign = group("campaign", "coupon campaigns")
    p = command("issue", "one coupon per member of a segment (re-runnable by name)", campaign)
    p.add_argument("--name", required=True)
    audience = p.add_mutually_exclusive_group(required=True)
    audience.add_argument("--segment")
    audience.add_argument("--group", help="a behaviour group: " + ", ".join(GROUPS))
    audience.add_argument("--due-within", type=int, metavar="DAYS",
                          help="members with a consumable due in the next DAYS days")
    p.add_argument("--kind", required=True, choices=("amount", "percent", "cash", "free_item"))
    p.add_argument("--value", required=True, help="as for pos coupon issue (free_item: its cap in yuan)")
    p.add_argument("--threshold")
    p.add_argument("--cap")
    p.add_argument("--valid-days", type=int)
    p.add_argument("--batch", type=int, default=2000)
    p.add_argument("--holdout", type=int, default=0, metavar="PCT",
                   help="keep a random PCT %% of the audience back, who get nothing (the uplift's control)")
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

    p = command("report", "a manager report for a date range, or a campaign's uplift (manager)")
    p.add_argument("key", choices=(*reports.REPORT_KEYS, "campaign_uplift"))
    p.add_argument("--from", dest="start", help="YYYY-MM-DD (every report but campaign_uplift)")
    p.add_argument("--to", dest="end", help="YYYY-MM-DD (every report but campaign_uplift)")
    p.add_argument("--campaign", type=int, help="campaign_uplift: the campaign id")
    p.add_argument("--days", type=int, help="campaign_uplift: days after the campaign (default lifecycle.uplift_days)")
    p.add_argument("--csv", metavar="FILE")
    p.add_argument("--store", metavar="CODE", help="one store's figures, every report including campaign_uplift "
                   "(a store manager's default)")
    p.add_argument("--manager-pin")

    product = group("product", "products")
    p = command("consumable", "mark a product consumable with its default cycle days, or not (manager)", product)
    p.add_argument("--sku", required=True)
    p.add_argument("--cycle-days", type=int, help="default days between purchases (a member's own cycle wins)")
    p.add_argument("--off", action="store_true", help="not consumable any more")
    p.add_argument("--manager-pin")

    jobs = group("jobs", "scheduled jobs (expiry, tiers, regrouping, replenishment, automatic offers)")
    p = command("run", "run every scheduled job that is due (idempotent; safe from cron on every till)", jobs)
    p.add_argument("--job", help="only this job")
    p.add_argument("--now", action="store_true", help="with --job: run it again now even if it ran this period")
    command("status", "each job's last run, duration and result", jobs)

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
    if args.segment is not None:
        audience = campaigns.Audience(segment=segment_name(args.segment, flags=True))
    else:
        audience = campaigns.Audience(member_filter=MemberFilter(group=_group(args.group) if args.group else None,
                                                                 due_within_days=args.due_within))
    r = campaigns.issue_campaign(ctx, manager_id(ctx, args.manager_pin, "Issuing a campaign"), args.name,
                                 replace(audience, store_id=chain.store_id_of(ctx, args.store)), spec,
                                 batch=args.batch, holdout_percent=args.holdout)
    payload = {"campaign_id": r.campaign_id, "issued": r.issued, "already_had": r.already_had,
               "no_consent": r.no_consent, "holdout": r.holdout}
    return payload, (f"campaign {r.campaign_id}: {r.issued} coupons issued, {r.already_had} members already had one, "
                     f"{r.no_consent} without marketing consent skipped, {r.holdout} kept back as the holdout")


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


def _group(text: str) -> str:
    for key in GROUPS:
        if text.strip().casefold() in (key, group_label(key).casefold(), group_label(key, "zh")):
            return key
    raise BadInput("group_unknown", f"'{text}' is not a behaviour group; use one of: {', '.join(GROUPS)}")


def campaign_uplift(args, ctx):
    if args.campaign is None:
        raise BadInput("usage", "pos report campaign_uplift: --campaign ID is required")
    actor = manager_id(ctx, args.manager_pin, "Reports")
    u = uplift.campaign_uplift(ctx, actor, args.campaign, args.days, store_id=chain.store_id_of(ctx, args.store))
    r, rep = u.result, reports.uplift_report(u)
    payload = {"campaign_id": u.campaign_id, "name": u.name, "days": u.days, "store": args.store, "issued": r.issued,
               "holdout": r.holdout, "buyers_pct": {"issued": str(rate_pct(u.buyers_issued, r.issued)),
                                                    "holdout": str(rate_pct(u.buyers_holdout, r.holdout))},
               "revenue_per_member": {"issued": fen_str(r.revenue_per_issued_fen),
                                      "holdout": fen_str(r.revenue_per_holdout_fen)},
               "coupon_cost": fen_str(u.coupon_cost_fen), "incremental_revenue": fen_str(r.incremental_revenue_fen),
               "ci95": [fen_str(r.ci95_fen[0]), fen_str(r.ci95_fen[1])] if r.ci95_fen else None,
               "buyer_rate_difference_pct": ([str(round(Decimal(x) * 100, 2)) for x in
                                              (r.buyer_rate.estimate, r.buyer_rate.low, r.buyer_rate.high)]
                                             if r.buyer_rate else None),
               "significant": r.significant, "verdict": r.verdict()}
    if args.csv:
        payload["file"] = reports.export_report(ctx, actor, rep, args.csv)
    lines = [rep.title, rep.summary, "\t".join(rep.columns), *("\t".join(map(str, row)) for row in rep.rows)]
    return payload, "\n".join(lines)


def report(args, ctx):
    if args.key == "campaign_uplift":
        return campaign_uplift(args, ctx)
    if not args.start or not args.end:
        raise BadInput("usage", f"pos report {args.key}: --from and --to are required")
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


def product_consumable(args, ctx):
    replenishment.set_consumable(ctx, manager_id(ctx, args.manager_pin, "Marking a product consumable"), args.sku,
                                 args.cycle_days, consumable=not args.off)
    return ({"sku": args.sku, "consumable": not args.off, "cycle_days": None if args.off else args.cycle_days},
            f"{args.sku}: {'not consumable' if args.off else f'consumable, cycle {args.cycle_days} days'}")


def jobs_run(args, ctx):
    if args.now and not args.job:
        raise BadInput("usage", "pos jobs run --now needs --job KEY")
    outcomes = runner.run_due_jobs(ctx, only=args.job, now=args.now,
                                   progress=_job_progress if sys.stderr.isatty() else None)
    ran = [o for o in outcomes if o.status in ("ok", "failed")]
    payload = {"ran": [{"job": o.job, "status": o.status, "result": o.result, "duration_ms": o.duration_ms}
                       for o in ran],
               "skipped": [{"job": o.job, "reason": o.status} for o in outcomes if o not in ran]}
    text = "\n".join(f"{o.job:14} {o.status:18} {o.duration_ms:6} ms  {o.result}" for o in outcomes)
    failed = any(o.status == "failed" for o in outcomes)
    return (payload, text, 1) if failed else (payload, text)


def _job_progress(done: int, total: int, job: str) -> None:
    """On a terminal: the running job and how far the run is, on one line rewritten as it goes."""
    end = "\n" if done >= total else ""
    print(f"\r{job or 'done':14} {100 * done // max(total, 1):3d} %", end=end, file=sys.stderr, flush=True)


def jobs_status(args, ctx):
    rows = runner.job_status(ctx)
    payload = {"jobs": [{"job": s.job, "title": s.title, "every": s.every, "enabled": s.enabled,
                         "last_started": s.last_started.isoformat() if s.last_started else None,
                         "last_status": s.last_status, "duration_ms": s.duration_ms, "due": s.due}
                        for s in rows]}
    text = "\n".join(f"{s.job:14} {s.every:5} last {s.last_started or '-'} {s.last_status or '-':8} "
                     f"{s.duration_ms if s.duration_ms is not None else '-'} ms{'  due' if s.due else ''}"
                     for s in rows)
    return payload, text


HANDLERS = {
    ("product", "consumable"): product_consumable, ("jobs", "run"): jobs_run, ("jobs", "status"): jobs_status,
    ("campaign", "issue"): campaign_issue, ("campaign", "list"): campaign_list,
    ("campaign", "export"): campaign_export, ("campaign", "sheet"): campaign_sheet, ("report", None): report,
    ("settings", "show"): settings_show, ("settings", "save"): settings_save, ("staff", "list"): staff_list,
    ("staff", "reset-pin"): staff_reset_pin, ("staff", "deactivate"): staff_set_active,
    ("staff", "activate"): staff_set_active,
}
