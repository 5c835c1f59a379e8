"""Reports tab: a date range, a report, its table and chart (QtCharts), CSV export."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pos.services.reports import summary as service
from pos.ui import formats
from pos.ui.i18n import tr
from pos.ui.manager import common
from pos.ui.manager.progress import JobProgress
from pos.ui.manager.report_chart import build_chart, number


def report_titles() -> dict[str, str]:
    return {"repeat_purchase": tr("Repeat-purchase rate"), "tier_upgrade": tr("Tier upgrade rate"),
            "coupon_redemption": tr("Coupon redemption per campaign"),
            "aov_members": tr("Average order value: members vs non-members"),
            "points_liability": tr("Points liability"), "members_per_tier": tr("Members per tier over time"),
            "sales_per_day": tr("Sales per day"), "offline_overdraws": tr("Offline overdraws"),
            "offer_redemption": tr("Offers: redemption rate per rule"),
            "ladder_steps": tr("Bounce-back ladder: step reached per month"),
            "coupon_use_days": tr("Days from coupon issue to use"),
            "campaign_cost": tr("Campaign cost vs incremental revenue")}


def column_titles() -> dict[str, str]:
    return {"month": tr("Month"), "buyers": tr("Buyers"), "repeat_buyers": tr("Repeat buyers"),
            "repeat_rate_pct": tr("Repeat rate within the month (%)"), "tier": tr("Tier"), "members_upgraded": tr("Members upgraded"),
            "campaign": tr("Campaign"), "issued": tr("Issued"), "redeemed": tr("Redeemed"),
            "redemption_rate_pct": tr("Redemption rate (%)"), "customer": tr("Customers"),
            "sales": tr("Number of sales"), "revenue_fen": tr("Revenue (¥)"), "aov_fen": tr("Average order (¥)"),
            "members_with_points": tr("Members with points"), "points": tr("Points"),
            "value_fen": tr("Value (¥)"), "expiring_next_month": tr("Expiring next month"),
            "expiring_value_fen": tr("Expiring value (¥)"), "day": tr("Day"), "member_sales": tr("Member sales"),
            "rule": tr("Rule"), "voided": tr("Voided"),
            "days": tr("Days"), "coupons": tr("Coupons"), "coupon_cost_fen": tr("Coupon cost (¥)"),
            "incremental_revenue_fen": tr("Incremental revenue (¥)"), "ci95_low_fen": tr("95 % interval, low (¥)"),
            "ci95_high_fen": tr("95 % interval, high (¥)"), "significant": tr("Significant"),
            "receipt_no": tr("Receipt"), "member_id": tr("Member"), "coupon": tr("Coupon")}


def summary_text(report, tier_name) -> str:
    """The report's summary in the current language, from its figures (never the service's English),
    saying what it measures where the chart measures something else."""
    f = dict(report.facts)
    if not f and report.key != "members_per_tier":
        return report_titles().get(report.key, report.title)
    money, count = formats.money, formats.count
    if report.key == "repeat_purchase":
        return tr("Over the whole range {0} % of buyers bought twice or more ({1} of {2}). The chart counts each "
                  "month on its own: buyers who bought twice or more within that month.").format(
                      formats.decimal(f["rate"]), count(f["repeat"]), count(f["buyers"]))
    if report.key == "tier_upgrade":
        return tr("Tier upgrade rate {0} %: {1} members upgraded in the range, of {2} members at its start. The "
                  "chart: upgrades into each tier.").format(formats.decimal(f["rate"]), count(f["upgraded"]),
                                                            count(f["at_start"]))
    if report.key == "coupon_redemption":
        return tr("Coupon redemption rate {0} %: {1} of {2} coupons issued in the range were used.").format(
            formats.decimal(f["rate"]), count(f["used"]), count(f["issued"]))
    if report.key == "aov_members":
        return tr("Average order: members {0}, non-members {1}.").format(money(f["members_fen"]),
                                                                        money(f["non_members_fen"]))
    if report.key == "points_liability":
        return tr("Points held now: {0} points, worth {1}; {2} points ({3}) expire in {4}.").format(
            count(f["points"]), money(f["value_fen"]), count(f["expiring"]), money(f["expiring_fen"]), f["month"])
    if report.key == "members_per_tier":
        return tr("Members per tier at the end of the range: {0}").format(
            ", ".join(f"{tier_name(key)} {count(n)}" for key, n in report.facts))
    if report.key == "sales_per_day":
        return tr("{0} sales in the range, revenue {1}.").format(count(f["sales"]), money(f["revenue_fen"]))
    return report_titles().get(report.key, report.title)


def cell_labels() -> dict[str, str]:
    return {"members": tr("members"), "non-members": tr("non-members")}


class _Labels:
    """Column titles and cell texts in the current language (tier keys shown as tier names)."""

    def __init__(self, config, lang: str) -> None:
        self.config, self.lang = config, lang
        self.titles, self.cells = column_titles(), cell_labels()
        self.tiers = {t.key: common.tier_label(config, t.key, t.name, lang) for t in config.tiers}

    def title(self, column: str) -> str:
        return self.titles.get(column) or self.tiers.get(column) or column

    def cell(self, column: str, value) -> str:
        if isinstance(value, str):
            return self.tiers.get(value, self.cells.get(value, value)) if column in ("tier", "customer") else value
        return format_cell(column, value)


def format_cell(column: str, value) -> str:
    if column.endswith("_fen") and isinstance(value, int):
        return formats.money(value)
    if isinstance(value, Decimal):
        return formats.decimal(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return formats.count(value)
    return common.cell(value)


def _date_edit(value: date) -> QDateEdit:
    return QDateEdit(QDate(value.year, value.month, value.day), calendarPopup=True, displayFormat="yyyy-MM-dd")


class ReportsTab(QWidget):
    report_shown = Signal(object)

    def __init__(self, console) -> None:
        super().__init__()
        self.console = console
        self.report = None
        self.progress = JobProgress(self, tr("Report"))
        today = console.ctx.clock().date()
        self.start = _date_edit(date(today.year, 1, 1) if today.month > 3 else date(today.year - 1, today.month, 1))
        self.end = _date_edit(today)
        self.chooser = QComboBox()
        for key, title in report_titles().items():
            if key in service.REPORT_KEYS:
                self.chooser.addItem(title, key)
        for key in service.REPORT_KEYS:
            if self.chooser.findData(key) < 0:
                self.chooser.addItem(key, key)
        self.chooser.setMinimumWidth(320)
        self.store = QComboBox()
        self.store.setMinimumWidth(240)
        self.store.addItem(tr("All stores"), None)
        self.store.activated.connect(lambda _: self.run_report())
        run = QPushButton(tr("Show report"), objectName="primary")
        run.clicked.connect(self.run_report)
        self.chooser.activated.connect(lambda _: self.run_report())
        self.export = QPushButton(tr("Export CSV…"))
        self.export.clicked.connect(self.export_csv)
        self.summary = QLabel(objectName="summary", wordWrap=True)
        self.summary.setStyleSheet("font-size: 19px; font-weight: bold;")
        self.table = common.read_only_table([""])
        self.chart = QChartView()
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart.setMinimumHeight(280)
        top = QHBoxLayout()
        for widget in (QLabel(tr("From")), self.start, QLabel(tr("to")), self.end, self.chooser, self.store, run,
                       self.export):
            top.addWidget(widget)
        top.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setSizes([300, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    def set_stores(self, stores) -> None:
        """The stores the manager may see (a store manager's own); "All stores" is the chain (or, for a
        store manager, their store: the service decides)."""
        chosen = self.store.currentData()
        while self.store.count() > 1:
            self.store.removeItem(1)
        for store in stores:
            self.store.addItem(f"{store.code} {store.name}", store.id)
        self.store.setCurrentIndex(max(0, self.store.findData(chosen)))

    def shown(self) -> None:
        if self.store.count() == 1:          # the stores are loaded once, by the Stores tab
            self.console.stores.reload()

    def choose_store(self, store_id: int | None) -> None:
        self.store.setCurrentIndex(max(0, self.store.findData(store_id)))

    def choose(self, key: str) -> None:
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(key)))

    def run_report(self) -> None:
        key, ctx = self.chooser.currentData(), self.console.ctx
        start, end = self.start.date().toPython(), self.end.date().toPython()
        if start > end:
            self.console.show_error(tr("The start date is after the end date."))
            return
        self.summary.setText(tr("loading…"))
        title = report_titles().get(key, key)
        self.progress.open(tr("{0}, {1} to {2}…").format(title, start.isoformat(), end.isoformat()), tr("Step {0} of {1}"))
        progress, actor, store_id = self.progress, self.console.staff.id, self.store.currentData()
        self.console.run(lambda: service.run_report(ctx, actor, key, start, end, progress=progress.report,
                                                    cancelled=progress.cancelled, store_id=store_id),
                         self._show, self._failed)

    def _failed(self, exc: Exception) -> None:
        self.progress.close()
        self.summary.clear()
        if isinstance(exc, service.ReportCancelled):
            self.console.show_info(tr("Report cancelled."))

    def _show(self, report) -> None:
        self.progress.close()
        self.report = report
        labels = _Labels(self.console.ctx.config, self.console.lang)
        text = summary_text(report, labels.title)
        store = self.store.currentText() if self.store.currentData() is not None else ""
        self.summary.setText(f"{store}: {text}" if store else text)
        self.table.setColumnCount(len(report.columns))
        self.table.setHorizontalHeaderLabels([labels.title(c) for c in report.columns])
        numeric = {i for i, c in enumerate(report.columns)
                   if any(number(c, row[i]) is not None for row in report.rows)}
        rows = [[labels.cell(c, v) for c, v in zip(report.columns, row)] for row in report.rows]
        common.fill_table(self.table, rows, numeric=numeric - {0})
        title = report_titles().get(report.key, report.title)
        self.chart.setChart(build_chart(report, title, labels.title, labels.cell))
        self.report_shown.emit(report)

    def export_csv(self) -> None:
        if self.report is None:
            self.console.show_error(tr("Show a report first."))
            return
        report = self.report
        path = common.ask_save_path(self, tr("Export report"), f"{report.key}.csv", "CSV (*.csv)")
        if path:
            ctx, actor = self.console.ctx, self.console.staff.id
            self.console.run(lambda: service.export_report(ctx, actor, report, path),
                             lambda written: self.console.show_info(tr("Report saved: {0}").format(written)))
