"""Audit tab: recent audit entries (viewing is itself audited), export, and fraud flags."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from pos.services.reports import fraud
from pos.services.staff import audit_log
from pos.ui import formats
from pos.ui.i18n import N_, tr
from pos.ui.manager import common
from pos.ui.manager.audit_details import details_text

# Audit actions (pos/services/staff/audit_log.py ACTIONS) and fraud signal kinds as people read them.
ACTION_LABELS = {
    "full_phone_viewed": N_("Full phone shown"),
    "members_exported": N_("Members exported"),
    "member_erased": N_("Member erased"),
    "campaign_exported": N_("Campaign exported"),
    "member_viewed": N_("Member details opened"),
    "member_card_issued": N_("Member card made"),
    "consent_given": N_("Marketing consent given"),
    "consent_withdrawn": N_("Marketing consent withdrawn"),
    "audit_redacted": N_("Audit rows redacted"),
    "points_adjusted": N_("Points adjusted"),
    "coupons_issued": N_("Coupons issued"),
    "campaign_issued": N_("Campaign issued"),
    "large_redemption": N_("Large redemption approved"),
    "return": N_("Return"),
    "late_return": N_("Late return approved"),
    "store_added": N_("Store added"),
    "store_changed": N_("Store changed"),
    "till_added": N_("Till registered"),
    "offline_overdraw": N_("Offline sale overdrew points or a coupon"),
    "product_consumable_set": N_("Replenishment cycle set"),
    "referral_refused": N_("Referral refused"),
    "reward_saved": N_("Reward saved"),
    "member_enrolled": N_("Member enrolled"),
    "receipt_reprinted": N_("Receipt reprinted"),
    "coupon_sheet_made": N_("Coupon sheet made"),
    "sign_in": N_("Signed in"),
    "manager_pin_ok": N_("Manager PIN accepted"),
    "pin_failed": N_("Wrong PIN"),
    "pin_locked_till": N_("Till locked (wrong PINs)"),
    "pin_not_unique": N_("PIN shared by several staff"),
    "pin_refused_taken": N_("New PIN refused (taken)"),
    "sign_in_locked": N_("Sign-in refused (locked out)"),
    "staff_locked": N_("Staff member locked out"),
    "role_violation": N_("Manager-only action refused"),
    "staff_added": N_("Staff added"),
    "pin_reset": N_("PIN reset"),
    "staff_activated": N_("Staff reactivated"),
    "staff_deactivated": N_("Staff deactivated"),
    "settings_changed": N_("Settings saved"),
    "qr_key_rotated": N_("Member-QR key rotated"),
    "backup": N_("Backup"),
    "restore": N_("Restore"),
    "audit_viewed": N_("Audit log viewed"),
    "audit_exported": N_("Audit log exported"),
    "fraud_signals_viewed": N_("Fraud signals viewed"),
    "report_exported": N_("Report exported"),
    "audit_verified": N_("Audit chain checked"),
    "qr_keys_imported": N_("Member-QR keys imported"),
    "busy_member": N_("Busy member"),
    "cashier_redemptions": N_("Cashier redemptions"),
    "cashier_refunds": N_("Cashier refunds"),
    "till_enrolments": N_("Till enrolments"),
    "referral_enrolments": N_("Referral enrolments"),
    "till_pin_lockouts": N_("Till PIN lock-outs"),
    "staff_pin_lockouts": N_("Staff PIN lock-outs"),
}


def action_label(key: str) -> str:
    return tr(ACTION_LABELS[key]) if key in ACTION_LABELS else key


def flag_subject(flag) -> str:
    who = flag.subject_id or flag.subject
    subjects = {"busy_member": tr("member {0}"), "referral_enrolments": tr("referrer member {0}"),
                "till_enrolments": tr("till {0}"), "till_pin_lockouts": tr("till {0}"),
                "staff_pin_lockouts": tr("staff {0}"), "cashier_redemptions": tr("cashier {0}"),
                "cashier_refunds": tr("cashier {0}")}
    return subjects[flag.kind].format(who) if flag.kind in subjects and flag.subject_id else flag.subject


def flag_detail(flag) -> str:
    n = formats.count(flag.value)
    if flag.kind == "busy_member" and flag.figure:
        return tr("{0} loyalty transactions on {1}").format(n, flag.figure)
    if flag.kind == "cashier_redemptions" and flag.figure:
        return tr("{0} points redeemed; the cashiers' median {1}").format(n, flag.figure)
    if flag.kind == "cashier_refunds" and flag.figure:
        median = formats.money(round(float(flag.figure))) if flag.figure.replace(".", "", 1).isdigit() else flag.figure
        return tr("{0} refunded; the cashiers' median {1}").format(formats.money(flag.value), median)
    if flag.kind in ("till_enrolments", "referral_enrolments") and flag.subject_id:
        return tr("{0} enrolments").format(n)
    if flag.kind in ("till_pin_lockouts", "staff_pin_lockouts") and flag.subject_id:
        return tr("{0} PIN lock-outs after wrong PINs").format(n)
    return flag.detail


class AuditTab(QWidget):
    entries_loaded = Signal(object)
    flags_loaded = Signal(object)

    def __init__(self, console) -> None:
        super().__init__()
        self.console = console
        self.loaded = False
        self.entries = common.read_only_table([tr("When"), tr("Action"), tr("Staff"), tr("Target"), tr("Details")])
        self.flags = common.read_only_table([tr("Signal"), tr("Subject"), tr("Value"), tr("Details")])
        load = QPushButton(tr("Show recent entries"))
        load.clicked.connect(self.reload)
        export = QPushButton(tr("Export audit log…"))
        export.clicked.connect(self.export)
        flags = QPushButton(tr("Fraud signals (7 days)"))
        flags.clicked.connect(self.load_flags)
        buttons = QHBoxLayout()
        for button in (load, export, flags):
            buttons.addWidget(button)
        buttons.addStretch(1)
        entries_box, flags_box = QGroupBox(tr("Audit log")), QGroupBox(tr("Fraud signals"))
        QVBoxLayout(entries_box).addWidget(self.entries)
        QVBoxLayout(flags_box).addWidget(self.flags)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(entries_box)
        split.addWidget(flags_box)
        split.setSizes([450, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)

    def shown(self) -> None:
        """The log and the signals load when the tab is first opened (viewing is audited: once, not per click)."""
        if not self.loaded:
            self.loaded = True
            self.reload()
            self.load_flags()

    def reload(self) -> None:
        ctx, actor = self.console.ctx, self.console.staff.id
        self.console.run(lambda: audit_log.audit_entries(ctx, actor, limit=500), self._entries)

    def _entries(self, rows) -> None:
        common.fill_table(self.entries, [(r.at, action_label(r.action), r.staff or "", r.target, details_text(r.details))
                                         for r in rows])
        for i, r in enumerate(rows):                  # the details as recorded (also in the export)
            self.entries.item(i, 4).setToolTip(r.details)
        self.entries_loaded.emit(rows)

    def load_flags(self) -> None:
        ctx, actor = self.console.ctx, self.console.staff.id
        self.console.run(lambda: fraud.fraud_flags(ctx, actor, days=7), self._flags)

    def _flags(self, flags) -> None:
        common.fill_table(self.flags, [(action_label(f.kind), flag_subject(f), f.value, flag_detail(f)) for f in flags], numeric={2})
        self.flags_loaded.emit(flags)

    def export(self) -> None:
        path = common.ask_save_path(self, tr("Export audit log"), "audit.csv", "CSV (*.csv)")
        if path:
            ctx, actor = self.console.ctx, self.console.staff.id
            self.console.run(lambda: audit_log.export_audit(ctx, actor, path),
                             lambda rows: self.console.show_info(tr("{0} rows written to {1}").format(rows, path)))
