"""Manager-only use cases check the signed-in staff id in the database, in their own transaction."""

from __future__ import annotations

from datetime import datetime
from typing import NoReturn

from sqlalchemy.orm import Session

from pos.db.models import Staff
from pos.errors import PermissionDenied
from pos.services.context import AppContext
from pos.services.staff import audit


def require_manager_id(session: Session, actor_id: int | None, action: str) -> Staff:
    """The active manager `actor_id`, or PermissionDenied("manager_required").

    Call it first in the unit of work: a refusal commits its audit entry (nothing else has been
    written yet) so the violation stays on record although the use case is abandoned.
    """
    staff = session.get(Staff, actor_id) if isinstance(actor_id, int) else None
    if staff is not None and staff.active and staff.role == "manager":
        return staff
    now = session.info.get("clock", datetime.now)()
    audit.record(session, now, "role_violation", staff_id=staff.id if staff else None,
                 target=action, actor_id=str(actor_id))
    session.commit()
    raise PermissionDenied("manager_required", f"{action} is for managers only.")


def require_chain_admin(session: Session, actor_id: int | None, action: str) -> Staff:
    """A manager of the whole chain (no home store): adds stores, edits chain settings. Else
    PermissionDenied("chain_admin_required"), audited like require_manager_id's refusals."""
    staff = require_manager_id(session, actor_id, action)
    if staff.store_id is None:
        return staff
    _refuse(session, staff, action, "chain_admin_required", f"{action} is for the chain's administrators only.")
    raise AssertionError("unreachable")


def store_scope(session: Session, manager: Staff, store_id: int | None, action: str) -> int | None:
    """The store a manager's use case acts on: a store manager's own store by default and no other
    (`store_not_yours`, audited); a chain administrator's choice, None meaning every store."""
    if manager.store_id is None or store_id in (None, manager.store_id):
        return store_id if manager.store_id is None else manager.store_id
    _refuse(session, manager, action, "store_not_yours", f"{action}: you manage another store.")
    raise AssertionError("unreachable")


def _refuse(session: Session, staff: Staff, action: str, code: str, message: str) -> None:
    now = session.info.get("clock", datetime.now)()
    audit.record(session, now, "role_violation", staff_id=staff.id, target=action, actor_id=str(staff.id),
                 refused=code)
    session.commit()
    raise PermissionDenied(code, message)


def is_active_manager(session: Session, actor_id: int | None) -> bool:
    """A read-only test, for a read path that must stay cheap; on False call check_manager to refuse."""
    staff = session.get(Staff, actor_id) if isinstance(actor_id, int) else None
    return staff is not None and staff.active and staff.role == "manager"


def check_manager(ctx: AppContext, actor_id: int | None, action: str) -> int:
    """require_manager_id in a unit of work of its own, for a use case that only reads."""
    with ctx.write() as session:
        return require_manager_id(session, actor_id, action).id


def refuse_reader(ctx: AppContext, actor_id: int | None, action: str) -> NoReturn:
    """After is_active_manager said no on a read path: the refusal is audited, then raised."""
    check_manager(ctx, actor_id, action)
    raise PermissionDenied("manager_required", f"{action} is for managers only.")   # promoted meanwhile


# ---------------------------------------------------------------- who may do what
# The one list of who may do what: docs/SECURITY.md ("Who may do what") is generated from it, and
# tests/reliability/test_role_table.py fails when a `pos` command or a use case is missing from it,
# when a manager's use case takes no acting staff id, or when a manager's command runs for a cashier.

CHAIN_ADMIN = "chain administrator"   # a manager without a home store: every store and the chain's settings
MANAGER = "manager"        # a manager PIN at the CLI, the signed-in manager at the console; the service checks
CASHIER = "cashier"        # a till action: anyone at the till (limits above which a manager PIN is asked)
JOB = "scheduled job"      # rule-bound and idempotent, run by the store's scheduler: no one chooses an amount
SETUP = "setup"            # creates or opens the store; demo data only into an empty database
SIGN_IN = "sign-in"        # turns a PIN into a staff member (counted and locked out per till)
INTERNAL = "internal"      # a step of a use case above (or of the console) that checks the role itself

COMMANDS: dict[str, tuple[str, str]] = {
    "pos init": (SETUP, "creates or migrates the schema; `--demo` only into an empty database"),
    "pos config show": (CASHIER, "the configuration this till runs with (no personal data)"),
    "pos settings show": (CASHIER, "the settings in force (no personal data, no secrets)"),
    "pos settings save": (CHAIN_ADMIN, "audited with the changes; chain-wide"),
    "pos member enrol": (CASHIER, ""),
    "pos member show": (CASHIER, "masked phone; the full number is for managers"),
    "pos member card": (CASHIER, "reprints a member's card at the till"),
    "pos member consent": (CASHIER, "at the member's word; audited on the cashier (with --cashier) or the till"),
    "pos member erase": (MANAGER, ""),
    "pos sale": (CASHIER, "a manager PIN above `points.manager_pin_above` points redeemed"),
    "pos return": (CASHIER, "a manager PIN once the sale's refunds pass `returns.manager_pin_above`, or after "
                            "`returns.window_days`"),
    "pos receipt": (CASHIER, "reprint"),
    "pos coupon issue": (MANAGER, ""),
    "pos coupon sheet": (MANAGER, "printable coupon codes are money"),
    "pos coupon show": (CASHIER, "one coupon's state, by its code"),
    "pos segments": (JOB, "recomputes the RFM snapshot; prints segment sizes only"),
    "pos print-test": (CASHIER, ""),
    "pos doctor": (SETUP, "changes nothing; works without a database; `--bundle` masks phone numbers"),
    "pos fraud": (MANAGER, ""),
    "pos members export": (MANAGER, "audited; `--full-phone` too"),
    "pos points expire": (JOB, ""),
    "pos points adjust": (MANAGER, "audited with the reason"),
    "pos backup": (MANAGER, ""),
    "pos restore": (MANAGER, "without a PIN only while the database has no manager"),
    "pos audit": (MANAGER, ""),
    "pos audit verify": (MANAGER, ""),
    "pos keys rotate": (MANAGER, ""),
    "pos keys import": (MANAGER, ""),
    "pos tiers evaluate": (JOB, ""),
    "pos staff add": (MANAGER, "without a PIN only while the store has no manager (the first one)"),
    "pos staff list": (MANAGER, ""),
    "pos staff reset-pin": (MANAGER, ""),
    "pos staff deactivate": (MANAGER, ""),
    "pos staff activate": (MANAGER, ""),
    "pos campaign issue": (MANAGER, ""),
    "pos campaign list": (MANAGER, "the store's campaign figures"),
    "pos campaign export": (MANAGER, "audited"),
    "pos campaign sheet": (MANAGER, "printable coupon codes are money"),
    "pos report": (MANAGER, "the store's figures"),
    "pos rewards list": (CASHIER, "the points catalogue with its stock"),
    "pos rewards save": (MANAGER, "audited"),
    "pos jobs run": (JOB, "runs what is due, each job once per period however many tills run it"),
    "pos jobs status": (CASHIER, "each job's last run (no personal data)"),
    "pos product consumable": (MANAGER, "audited"),
    "pos store add": (CHAIN_ADMIN, ""),
    "pos store list": (MANAGER, "a store manager sees their own store"),
    "pos till add": (MANAGER, "a store manager for their own store only"),
    "pos till list": (MANAGER, "a store manager sees their own store's tills"),
    "pos sync": (CASHIER, "pushes this till's offline journal through checkout, then refreshes its card cache"),
    "pos till status": (CASHIER, "online or offline, queued sales, last sync (no personal data)"),
}

USE_CASES: dict[str, tuple[str, str]] = {
    "admin.backup.backup": (MANAGER, ""),
    "admin.backup.restore": (MANAGER, "no one while the database has no manager"),
    "admin.backup.import_keys": (MANAGER, ""),
    "admin.bootstrap.require_current_schema": (SETUP, ""),
    "admin.bulk_demo.create_bulk_demo": (SETUP, "demo store, from `pos init --demo`"),
    "admin.demo.create_demo": (SETUP, "demo store, from `pos init --demo`"),
    "admin.chain_demo.add_demo_stores": (SETUP, "the demo's two stores and three tills, from `pos init --demo`"),
    "admin.chain_demo.spread_over_stores": (SETUP, "a bulk demo spread over stores, for the bench"),
    "admin.chain_demo.store_tills": (SETUP, "the bulk demo's stores and tills, made before its rows"),
    "admin.chain_demo.rebuild_rollups": (SETUP, "the bulk demo's report rollups, rebuilt after its rows"),
    "admin.settings.current_settings_toml": (CASHIER, ""),
    "admin.settings.save_settings": (CHAIN_ADMIN, "the chain's settings; a store's printed details are its own"),
    "admin.setup.init_database": (SETUP, ""),
    "admin.setup.member_count": (SETUP, ""),
    "campaigns.campaign.preview_audience": (INTERNAL, "the console's campaign form; also inside issue_campaign"),
    "campaigns.campaign.issue_campaign": (MANAGER, ""),
    "campaigns.campaign.list_campaigns": (MANAGER, ""),
    "campaigns.campaign.campaign_codes": (INTERNAL, "after issue_campaign, for its codes"),
    "campaigns.campaign.export_campaign": (MANAGER, ""),
    "campaigns.campaign.write_campaign_sheet": (MANAGER, ""),
    "campaigns.campaign.print_campaign_sheet": (MANAGER, ""),
    "coupons.issue.issue_coupons": (MANAGER, ""),
    "coupons.issue.issue": (SETUP, "no check: seeds the demo store and tests; never behind a command"),
    "coupons.issue.show": (CASHIER, ""),
    "members.detail.member_detail": (MANAGER, ""),
    "members.detail.adjust_points": (MANAGER, ""),
    "members.export.export_members": (MANAGER, ""),
    "members.listing.count_members": (MANAGER, "the manager console's member list; checked on every page"),
    "members.listing.fetch_page": (MANAGER, "the manager console's member list; checked on every page"),
    "members.listing.stats_as_of": (MANAGER, "the manager console's member list"),
    "members.lookup.enrol": (CASHIER, ""),
    "members.lookup.lookup": (CASHIER, ""),
    "members.lookup.member_qr_payload": (CASHIER, ""),
    "members.privacy.reveal_phone": (MANAGER, ""),
    "members.privacy.set_consent": (CASHIER, "at the member's word; audited"),
    "members.privacy.erase_member": (MANAGER, ""),
    "points.expiry.expire_points": (JOB, ""),
    "members.tiers.evaluate_tiers": (JOB, ""),
    "printouts.card_document": (CASHIER, ""),
    "printouts.coupon_sheet_document": (MANAGER, ""),
    "printouts.write_card": (CASHIER, ""),
    "printouts.write_coupon_sheet": (MANAGER, ""),
    "printouts.print_coupon_sheet": (MANAGER, ""),
    "printouts.print_receipt": (CASHIER, ""),
    "printouts.print_receipt_no": (CASHIER, ""),
    "printouts.print_test_page": (CASHIER, ""),
    "printouts.reprint_receipt_no": (CASHIER, "audited"),
    "printouts.audit_output": (INTERNAL, "the audit entry of something printed"),
    "reports.fraud.fraud_flags": (MANAGER, ""),
    "reports.summary.run_report": (MANAGER, ""),
    "reports.summary.export_report": (INTERNAL, "writes a report the manager already ran (run_report checked the role)"),
    "sales.catalogue.search_products": (CASHIER, ""),
    "sales.catalogue.redeem_limit": (CASHIER, ""),
    "sales.catalogue.product_by_code": (CASHIER, ""),
    "sales.checkout.quote": (CASHIER, ""),
    "sales.checkout.checkout": (CASHIER, "a manager PIN above `points.manager_pin_above` points redeemed"),
    "sales.receipts.sale_receipt": (CASHIER, ""),
    "sales.receipts.write_receipt": (CASHIER, ""),
    "sales.returns.sale_lines": (CASHIER, ""),
    "sales.returns.return_sale": (CASHIER, "a manager PIN once the sale's refunds pass the limit, or after the "
                                           "return window"),
    "sales.returns.sale_for_return": (CASHIER, ""),
    "sales.returns.preview_return": (CASHIER, "read only: what `return_sale` would refund"),
    "segments.rfm.compute_segments": (JOB, ""),
    "segments.rfm.segment_overview": (MANAGER, "the manager console's segment tab"),
    "staff.accounts.check_new_pin_format": (INTERNAL, ""),
    "staff.accounts.create_staff": (SETUP, "no check: demo staff; add_staff_member is the checked one"),
    "staff.accounts.sign_in": (SIGN_IN, ""),
    "staff.accounts.require_active_code": (SIGN_IN, ""),
    "staff.accounts.require_manager": (SIGN_IN, "a manager PIN typed at the till mid-sale"),
    "staff.roles.check_manager": (SIGN_IN, "the check itself, for a use case that only reads"),
    "staff.roles.refuse_reader": (SIGN_IN, "the refusal of a read path that is_active_manager turned down"),
    "staff.admin.list_staff": (MANAGER, ""),
    "staff.admin.has_active_manager": (SIGN_IN, "whether the first manager may be added without a PIN"),
    "staff.admin.add_staff_member": (MANAGER, "no one while the store has no manager"),
    "staff.admin.reset_pin": (MANAGER, ""),
    "staff.admin.set_active": (MANAGER, ""),
    "staff.audit_chain.verify_chain": (MANAGER, ""),
    "staff.audit_log.audit_entries": (MANAGER, ""),
    "staff.audit_log.export_audit": (MANAGER, ""),
    "members.qr_keys.rotate_qr_key": (MANAGER, ""),
    "offers.catalogue.list_rewards": (CASHIER, "the points catalogue"),
    "offers.catalogue.save_reward": (MANAGER, "audited"),
    "offers.catalogue.set_stock": (MANAGER, "audited"),
    "offers.referral.audit_refused_referral": (INTERNAL, "inside enrol: a refused referral on record"),
    "offers.history.member_offers": (CASHIER, "what the offers gave a member, and the stamp card"),
    "jobs.runner.run_due_jobs": (JOB, "also the console's \"Run now\" and an idle till"),
    "jobs.runner.job_status": (INTERNAL, "the console's jobs panel and `pos jobs status` (no personal data)"),
    "jobs.runner.any_due": (INTERNAL, "an idle till asks whether to run the jobs"),
    "campaigns.holdout.split": (INTERNAL, "a step of issue_campaign"),
    "lifecycle.groups.regroup": (JOB, ""),
    "lifecycle.groups.group_overview": (MANAGER, "the console's segment tab"),
    "lifecycle.offers.issue_lapse_offers": (JOB, "rule-bound coupons from the settings, once per lapse"),
    "lifecycle.replenishment.refresh_due": (JOB, ""),
    "lifecycle.replenishment.member_lifecycle": (CASHIER, "groups and due products on the member card"),
    "lifecycle.replenishment.due_counts": (INTERNAL, "the console's campaign audience preview"),
    "lifecycle.replenishment.consumables": (INTERNAL, "the console's product list"),
    "lifecycle.replenishment.set_consumable": (MANAGER, ""),
    "reports.uplift.campaign_uplift": (MANAGER, ""),
    "stores.chain.add_store": (CHAIN_ADMIN, ""),
    "stores.chain.update_store": (MANAGER, "a store manager for their own store only"),
    "stores.chain.add_till": (MANAGER, "a store manager for their own store only"),
    "stores.chain.list_stores": (MANAGER, "a store manager sees their own store"),
    "stores.chain.store_id_of": (INTERNAL, "a store code to its id, for the use cases' `--store`"),
    "offline.sync.sync": (CASHIER, "books the journal through sales.checkout.checkout"),
    "offline.sync.refresh_cache": (CASHIER, "cards without phones (keyed hashes only)"),
    "offline.sync.server_pin_hash": (INTERNAL, "after a sign-in at this till: its PIN may be kept keyed for offline"),
    "offline.sync.remember_cashier": (CASHIER, "after `pos sale --cashier` online: its PIN kept keyed for offline"),
}


def markdown_tables() -> str:
    """The two tables of docs/SECURITY.md's "Who may do what", exactly as they stand there."""
    def table(title: str, rows: dict[str, tuple[str, str]]) -> list[str]:
        return [f"| {title} | role | note |", "| --- | --- | --- |",
                *(f"| `{name}` | {role} | {note} |" for name, (role, note) in rows.items())]
    return "\n".join([*table("command", COMMANDS), "", *table("use case (`pos/services/`)", USE_CASES)]) + "\n"
