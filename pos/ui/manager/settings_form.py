"""The settings as a form: one field per setting of the schema in pos/config.py, its editor chosen by
the setting's declaration (`Setting.kind`, bounds, options), each field checked as it is typed.

The step lists (the bounce-back ladder, the earn ladder) get a page each: a box of fields per step,
steps added and removed there.

`values()` gives the TOML tables the schema reads (so `pos.config.config_from_dict` checks the whole),
`show(config)` fills the fields from a configuration."""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos.config import SECTIONS, STEP_LISTS, Setting, StoreConfig, setting_of, toml_name
from pos.services.admin.settings_toml import step_lists
from pos.ui.i18n import N_, tr

SPIN_LIMIT = 2_000_000_000

SECTION_TITLES = {"store": N_("Store"), "receipt": N_("Receipts"), "printer": N_("Printer"), "growth": N_("Growth"),
                  "tiers": N_("Tiers"), "points": N_("Points"), "coupons": N_("Coupons"), "returns": N_("Returns policy"),
                  "segments": N_("Segments"), "security": N_("Security"),
                  "customer_display": N_("Customer display"), "lifecycle": N_("Lifecycle"), "jobs": N_("Jobs"),
                  "bounce_back": N_("Bounce-back"), "referral": N_("Referral"), "stamps": N_("Stamp card"),
                  "rewards": N_("Rewards"), "earn_ladder": N_("Earn ladder"),
                  "bounce_back_steps": N_("Bounce-back steps"), "earn_ladder_steps": N_("Earn ladder steps")}

# One label per setting (section.toml_name; tiers.* for every tier).
LABELS = {
    "points.offline_redeem_cap": N_("Most points redeemed offline per sale (0: off)"),
    "bounce_back.enabled": N_("Next-visit coupon on the receipt"),
    "bounce_back.window_days": N_("Purchases counted over (days)"),
    "bounce_back.valid_days": N_("Next-visit coupon valid for (days)"),
    "referral.enabled": N_("Referral codes"),
    "referral.welcome": N_("Welcome coupon for the new member (¥)"),
    "referral.welcome_valid_days": N_("Welcome coupon valid for (days)"),
    "referral.min_paid": N_("New member's first sale pays at least (¥)"),
    "referral.reward": N_("Referrer gets (coupon or points)"),
    "referral.reward_value": N_("Referrer's coupon: off (¥)"),
    "referral.reward_threshold": N_("Referrer's coupon: over (¥)"),
    "referral.reward_points": N_("Referrer's points"),
    "referral.reward_valid_days": N_("Referrer's coupon valid for (days)"),
    "referral.monthly_limit": N_("Rewards per referrer per month"),
    "bounce_back_steps.after": N_("After purchase number"),
    "bounce_back_steps.every": N_("Then every N purchases (0: once)"),
    "bounce_back_steps.kind": N_("Offer kind"),
    "bounce_back_steps.value": N_("Value (¥ off, fraction off, or points multiplier)"),
    "bounce_back_steps.threshold": N_("Over (¥, 0: no minimum)"),
    "bounce_back_steps.cap": N_("Most taken off (¥, 0: no cap)"),
    "bounce_back_steps.tier": N_("Only this tier and above (empty: all)"),
    "bounce_back_steps.segment": N_("Only this segment (empty: all)"),
    "bounce_back_steps.name": N_("Offer name (English)"),
    "bounce_back_steps.name_zh": N_("Offer name (Chinese)"),
    "earn_ladder_steps.spend": N_("Month's spend at least (¥)"),
    "earn_ladder_steps.rate": N_("Points value earned (fraction of the amount paid)"),
    "stamps.enabled": N_("Stamp card"),
    "stamps.category": N_("Product category that earns stamps"),
    "stamps.name": N_("Card name (English)"),
    "stamps.name_zh": N_("Card name (Chinese)"),
    "stamps.needed": N_("Stamps for one free item"),
    "stamps.reward_cap": N_("Free item worth at most (¥)"),
    "stamps.reward_valid_days": N_("Stamp reward valid for (days)"),
    "rewards.enabled": N_("Rewards catalogue"),
    "rewards.coupon_valid_days": N_("Coupons bought with points valid for (days)"),
    "earn_ladder.enabled": N_("Monthly earn ladder"),
    "lifecycle.groups_enabled": N_("Behaviour groups"),
    "lifecycle.sleeping_days": N_("Sleeping: no purchase for (days)"),
    "lifecycle.new_days": N_("High-potential new: within (days)"),
    "lifecycle.new_min_paid": N_("High-potential new: paid at least (¥)"),
    "lifecycle.stable_months": N_("Stable: a purchase in each of (months)"),
    "lifecycle.whale_spend": N_("Whale: paid at least (¥)"),
    "lifecycle.whale_window_days": N_("Whale: within (days)"),
    "lifecycle.price_sensitive_share": N_("Price-sensitive: share of purchases with a coupon"),
    "lifecycle.at_risk_days": N_("At risk after (days)"),
    "lifecycle.win_back_days": N_("Win-back after (days)"),
    "lifecycle.at_risk_offer": N_("Automatic coupon at risk"),
    "lifecycle.at_risk_kind": N_("At-risk coupon kind"),
    "lifecycle.at_risk_value": N_("At-risk coupon value"),
    "lifecycle.at_risk_threshold": N_("At-risk coupon: over (¥)"),
    "lifecycle.at_risk_valid_days": N_("At-risk coupon valid for (days)"),
    "lifecycle.win_back_offer": N_("Automatic win-back coupon"),
    "lifecycle.win_back_kind": N_("Win-back coupon kind"),
    "lifecycle.win_back_value": N_("Win-back coupon value"),
    "lifecycle.win_back_threshold": N_("Win-back coupon: over (¥)"),
    "lifecycle.win_back_valid_days": N_("Win-back coupon valid for (days)"),
    "lifecycle.replenishment_enabled": N_("Replenishment reminders"),
    "lifecycle.replenishment_lead_days": N_("Due this many days early"),
    "lifecycle.receipt_due_soon": N_("\"Due soon\" on a member's receipt"),
    "lifecycle.receipt_due_soon_max": N_("\"Due soon\": at most (products)"),
    "lifecycle.receipt_due_soon_days": N_("\"Due soon\": due within (days)"),
    "lifecycle.holdout_percent": N_("Campaign holdout (%)"),
    "lifecycle.uplift_days": N_("Uplift window (days)"),
    "jobs.expiry": N_("Points expiry job"),
    "jobs.tiers": N_("Tier evaluation job"),
    "jobs.regroup": N_("Regrouping job"),
    "jobs.offers": N_("Automatic offers job"),
    "jobs.replenishment": N_("Replenishment job"),
    "jobs.when_idle": N_("An idle till runs the jobs"),
    "jobs.idle_minutes": N_("Idle after (minutes)"),
    "jobs.lease_minutes": N_("Take over a stalled run after (minutes)"),
    "store.name": N_("Store name"), "store.address": N_("Address"), "store.phone": N_("Store phone"),
    "store.currency_symbol": N_("Currency symbol"), "store.default_region": N_("Phone region (e.g. CN)"),
    "store.locale": N_("Language of the till"),
    "receipt.header": N_("Receipt header"), "receipt.footer": N_("Receipt footer"),
    "receipt.join_member_url": N_("Join-membership QR link"), "receipt.join_member_text": N_("Join-membership text"),
    "receipt.paper_width_mm": N_("Paper width (mm)"), "receipt.expiring_days": N_("\"Points expiring soon\" (days)"),
    "printer.kind": N_("Printer kind"), "printer.target": N_("Printer target"), "printer.copies": N_("Copies"),
    "growth.window_days": N_("Growth window (days)"), "growth.per_yuan": N_("Growth per ¥1 paid"),
    "growth.grace_days": N_("Grace before a downgrade (days)"),
    "growth.max_drop_per_evaluation": N_("Tiers dropped at most per evaluation"),
    "tiers.key": N_("Key"), "tiers.name": N_("Name (English)"), "tiers.name_zh": N_("Name (Chinese)"),
    "tiers.growth": N_("Growth needed"), "tiers.purchases": N_("Or purchases in the window (0: not used)"),
    "tiers.discount": N_("Discount (fraction, e.g. 0.05)"), "tiers.points_multiplier": N_("Points multiplier"),
    "tiers.color": N_("Badge colour"), "tiers.group_url": N_("Group QR link"), "tiers.group_text": N_("Group QR text"),
    "points.earn_per_yuan": N_("Points per ¥1 paid"), "points.redeem_points_per_yuan": N_("Points worth ¥1"),
    "points.redeem_minimum": N_("Least points redeemed"), "points.redeem_step": N_("Redeem in steps of"),
    "points.redeem_max_share": N_("Most of the amount paid by points (fraction)"),
    "points.manager_pin_above": N_("Manager PIN above (points)"), "points.expiry": N_("Points expire"),
    "points.birthday_multiplier": N_("Birthday-month multiplier"),
    "points.member_day": N_("Member day of the month (0: none)"),
    "points.member_day_multiplier": N_("Member-day multiplier"),
    "coupons.code_prefix": N_("Code prefix"), "coupons.code_length": N_("Code length"),
    "coupons.default_valid_days": N_("Valid for (days)"), "coupons.welcome_enabled": N_("Welcome coupon"),
    "coupons.welcome_kind": N_("Welcome coupon kind"), "coupons.welcome_value": N_("Welcome coupon value"),
    "coupons.welcome_threshold": N_("Welcome coupon minimum spend (¥)"),
    "coupons.welcome_valid_days": N_("Welcome coupon valid for (days)"),
    "returns.manager_pin_above": N_("Manager PIN above (¥ refunded)"), "returns.window_days": N_("Returns within (days)"),
    "returns.window_enforced": N_("Later returns need a manager"),
    "segments.window_days": N_("Window (days)"), "segments.at_risk_days": N_("At risk after (days)"),
    "segments.hibernating_days": N_("Hibernating after (days)"), "segments.lost_days": N_("Lost after (days)"),
    "segments.new_days": N_("New within (days)"), "segments.whale_spend": N_("Whale spend (¥)"),
    "security.pin_max_failures": N_("Wrong PINs before lock-out"),
    "security.pin_lockout_minutes": N_("Lock-out (minutes)"), "security.pin_min_length": N_("Shortest PIN"),
    "security.qr_key_overlap_days": N_("Old member-QR keys kept (days)"),
    "security.backup_keep": N_("Backups kept (0: all)"),
    "customer_display.enabled": N_("Show the customer display"),
    "customer_display.screen": N_("Screen (0: the second screen)"),
    "customer_display.full_screen": N_("Full screen on its own screen"),
    "customer_display.left": N_("Left (on the till's screen)"), "customer_display.top": N_("Top (on the till's screen)"),
    "customer_display.width": N_("Width"), "customer_display.height": N_("Height"),
    "customer_display.thank_you_seconds": N_("Thank-you screen (seconds)"),
}

OPTION_LABELS = {"zh_CN": N_("Chinese"), "en": N_("English"), "pdf": N_("PDF file"),
                 "escpos-file": N_("ESC/POS device"), "escpos-network": N_("ESC/POS network"),
                 "escpos-usb": N_("ESC/POS USB"), "system": N_("System printer (CUPS)"), "none": N_("None"),
                 "end_of_next_year": N_("at the end of the next year"), "never": N_("never"),
                 "amount": N_("amount off"), "percent": N_("percent off"), "cash": N_("cash voucher"),
                 "double_points": N_("double points on the next visit"), "free_item": N_("free item")}


def label_of(path: str) -> str:
    """'tiers[2].discount' -> the label of tiers.discount, translated."""
    section, _, name = path.partition(".")
    key = f"{section.split('[')[0]}.{name}"
    return tr(LABELS[key]) if key in LABELS else path


def expected_text(setting: Setting) -> str:
    """What a field accepts, in the current language (from the setting's declaration)."""
    if setting.kind == "whole":
        if setting.low is not None and setting.high is not None:
            return tr("a whole number from {0} to {1}").format(setting.low, setting.high)
        if setting.low is not None:
            return tr("a whole number, at least {0}").format(setting.low)
        return tr("a whole number")
    if setting.kind == "rate":
        return tr("a decimal from 0 to {0}, such as 0.05").format(setting.high)
    if setting.kind == "money":
        return tr("an amount in yuan with at most two decimals, such as 500.00")
    return tr("text")


class Field:
    """One setting's editor: `raw()` is what its TOML key holds, `problem()` why it is refused."""

    def __init__(self, path: str, setting: Setting, on_change) -> None:
        self.path, self.setting = path, setting
        if setting.kind == "flag":
            self.widget: QWidget = QCheckBox()
            self.widget.toggled.connect(on_change)
        elif setting.kind == "choice":
            self.widget = QComboBox()
            for option in setting.options:
                self.widget.addItem(str(option), option)
            self.widget.currentIndexChanged.connect(on_change)
        elif setting.kind == "whole":
            low = setting.low if setting.low is not None else -SPIN_LIMIT
            high = setting.high if setting.high is not None else SPIN_LIMIT
            self.widget = QSpinBox(minimum=low, maximum=high)
            self.widget.setGroupSeparatorShown(True)
            self.widget.valueChanged.connect(on_change)
        else:
            self.widget = QLineEdit()
            self.widget.textChanged.connect(on_change)
        self.widget.setObjectName(f"setting:{path}")

    def retranslate(self) -> None:
        if isinstance(self.widget, QComboBox):
            for i in range(self.widget.count()):
                option = self.widget.itemData(i)
                self.widget.setItemText(i, tr(OPTION_LABELS[option]) if option in OPTION_LABELS else str(option))

    def set(self, value: Any) -> None:
        self.set_raw(self.setting.write(value))

    def set_raw(self, raw: Any) -> None:
        w = self.widget
        if isinstance(w, QCheckBox):
            w.setChecked(bool(raw))
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(raw)))
        elif isinstance(w, QSpinBox):
            w.setValue(int(raw))
        else:
            w.setText(str(raw))

    def raw(self) -> Any:
        w = self.widget
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QSpinBox):
            return w.value()
        return w.text().strip() if self.setting.kind in ("rate", "money") else w.text()

    def problem(self) -> str | None:
        if self.setting.read(self.raw()) is None:
            return tr("{0}: expected {1}").format(label_of(self.path), expected_text(self.setting))
        return None

    def mark(self, bad: bool) -> None:
        self.widget.setStyleSheet("border: 2px solid #b3261e;" if bad else "")


class SettingsForm(QTabWidget):
    """A tab per section (and per tier); `changed` on every edit."""

    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.fields: dict[str, Field] = {}
        self.labels: dict[str, QLabel] = {}
        self.hints: dict[str, QLabel] = {}
        self.tier_count = 0
        self.step_pages: dict[str, QScrollArea] = {}
        self._building = False
        self.section_keys: list[str] = []

    def _edited(self, *_: Any) -> None:
        if not self._building:           # filling the fields is not an edit (and must not re-check them)
            self.changed.emit()

    def show_config(self, config: StoreConfig) -> None:
        """Rebuilds the fields for `config` (the tiers may have changed in number) and fills them."""
        self._building = True
        try:
            self._show_config(config)
        finally:
            self._building = False

    def _show_config(self, config: StoreConfig) -> None:
        while self.count():
            page = self.widget(0)
            self.removeTab(0)
            page.deleteLater()
        self.fields.clear()
        self.labels.clear()
        self.hints.clear()
        self.step_pages.clear()
        self.section_keys = []
        for name in SECTIONS:
            self._page(name, name, getattr(config, name))
        tiers = QTabWidget()
        for i, tier in enumerate(config.tiers):
            tiers.addTab(self._form(f"tiers[{i}]", tier), tier.key)
        self.tier_count = len(config.tiers)
        self.addTab(tiers, "")
        self.section_keys.append("tiers")
        for name, rows in step_lists(config).items():
            self.step_pages[name] = QScrollArea(widgetResizable=True)
            self.addTab(self.step_pages[name], "")
            self.section_keys.append(name)
            self._fill_steps(name, rows)
        self.retranslate()

    # ------------------------------------------------------------ step lists (ladders)
    def _fill_steps(self, name: str, rows: list[dict[str, Any]]) -> None:
        """The page of a step list: one box of fields per step, each with a Remove button, and Add."""
        for path in [p for p in self.fields if p.startswith(f"{name}[")]:
            del self.fields[path], self.labels[path], self.hints[path]
        page = QWidget()
        column = QVBoxLayout(page)
        for i, row in enumerate(rows):
            box = QGroupBox(objectName=f"step:{name}[{i}]")
            box.setLayout(self._step_fields(name, i, row))
            remove = QPushButton(objectName=f"remove:{name}[{i}]")
            remove.clicked.connect(lambda _=False, i=i: self._change_steps(name, remove=i))
            box.layout().addRow(remove)
            column.addWidget(box)
        add = QPushButton(objectName=f"add:{name}")
        add.clicked.connect(lambda: self._change_steps(name, add=True))
        column.addWidget(add)
        column.addStretch(1)
        self.step_pages[name].setWidget(page)       # the old page is deleted by the scroll area

    def _step_fields(self, name: str, index: int, row: dict[str, Any]) -> QFormLayout:
        form = QFormLayout()
        for f in fields(STEP_LISTS[name]):
            dotted, setting = f"{name}[{index}].{toml_name(f)}", setting_of(f)
            field = Field(dotted, setting, self._edited)
            field.set_raw(row[toml_name(f)] if toml_name(f) in row else setting.write(
                f.default if f.default is not MISSING else index + 1))
            label, hint = QLabel(), QLabel(objectName="hint")
            self.fields[dotted], self.labels[dotted], self.hints[dotted] = field, label, hint
            field.widget.setMaximumWidth(460)
            line = QHBoxLayout()
            line.addWidget(field.widget, 1)
            line.addWidget(hint, 1)
            form.addRow(label, line)
        return form

    def _step_rows(self, name: str) -> list[dict[str, Any]]:
        rows: dict[int, dict[str, Any]] = {}
        for path, field in self.fields.items():
            if path.startswith(f"{name}["):
                index, _, key = path[len(name) + 1:].partition("].")
                rows.setdefault(int(index), {})[key] = field.raw()
        return [rows[i] for i in sorted(rows)]

    def _change_steps(self, name: str, *, add: bool = False, remove: int | None = None) -> None:
        rows = self._step_rows(name)
        if add:
            rows.append({})                 # the declared defaults (a bounce-back step: after the next number)
        elif remove is not None:
            del rows[remove]
        self._building = True
        try:
            self._fill_steps(name, rows)
        finally:
            self._building = False
        self.retranslate()
        self.changed.emit()

    def _page(self, key: str, path: str, section: Any) -> None:
        self.addTab(self._form(path, section), "")
        self.section_keys.append(key)

    def _form(self, path: str, section: Any) -> QScrollArea:
        page = QWidget()
        form = QFormLayout(page)
        for f in fields(section):
            dotted = f"{path}.{toml_name(f)}"
            field = Field(dotted, setting_of(f), self._edited)
            field.set(getattr(section, f.name))
            label, hint = QLabel(), QLabel(objectName="hint")
            self.fields[dotted], self.labels[dotted], self.hints[dotted] = field, label, hint
            field.widget.setMaximumWidth(460)
            row = QHBoxLayout()
            row.addWidget(field.widget, 1)
            row.addWidget(hint, 1)
            form.addRow(label, row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        return scroll

    def retranslate(self) -> None:
        for i, key in enumerate(self.section_keys):
            self.setTabText(i, tr(SECTION_TITLES[key]))
        for scroll in self.step_pages.values():
            page = scroll.widget()
            for box in page.findChildren(QGroupBox) if page else ():
                box.setTitle(tr("Step {0}").format(int(box.objectName().rsplit("[", 1)[1][:-1]) + 1))
            for button in page.findChildren(QPushButton) if page else ():
                button.setText(tr("Add a step") if button.objectName().startswith("add:") else tr("Remove this step"))
        for path, label in self.labels.items():
            label.setText(label_of(path))
            setting = self.fields[path].setting
            self.hints[path].setText(expected_text(setting) if setting.kind in ("whole", "rate", "money") else "")
            self.fields[path].retranslate()

    def problems(self) -> list[tuple[str, str]]:
        """(path, message) of every field refused on its own; marks them."""
        found = []
        for path, field in self.fields.items():
            problem = field.problem()
            field.mark(problem is not None)
            if problem:
                found.append((path, problem))
        return found

    def values(self) -> dict[str, Any]:
        """The TOML tables of the form: {section: {key: value}}, tiers as a list of tables."""
        data: dict[str, Any] = {name: {} for name in SECTIONS}
        tiers: list[dict[str, Any]] = [{} for _ in range(self.tier_count)]
        for path, field in self.fields.items():
            section, _, key = path.partition(".")
            if section.startswith("tiers["):
                tiers[int(section[6:-1])][key] = field.raw()
            elif section in data:
                data[section][key] = field.raw()
        data["tiers"] = tiers
        data.update({name: self._step_rows(name) for name in self.step_pages})
        return data

    def mark_path(self, message: str) -> str | None:
        """Marks the field a refusal names ('points.redeem_minimum must...'); returns its path."""
        for path in sorted(self.fields, key=len, reverse=True):
            if path in message:
                self.fields[path].mark(True)
                return path
        return None
