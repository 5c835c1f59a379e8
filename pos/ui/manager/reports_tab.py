"""Reports tab: a date range, a report, its table and chart (QtCharts), CSV export."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, Qt, Signal
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

from pos.services import reports as service
from pos.ui.i18n import tr
from pos.ui.manager import common


def report_titles() -> dict[str, str]:
    return {"repeat_purchase": tr("Repeat-purchase rate"), "tier_upgrade": tr("Tier upgrade rate"),
            "coupon_redemption": tr("Coupon redemption per campaign"),
            "aov_members": tr("Average order value: members vs non-members"),
            "points_liability": tr("Points liability"), "members_per_tier": tr("Members per tier over time"),
            "sales_per_day": tr("Sales per day")}


def column_title(column: str) -> str:
    base = column.removesuffix("_fen")
    text = base.replace("_", " ").capitalize()
    translated = tr(text)
    return f"{translated} (¥)" if column.endswith("_fen") else translated


def format_cell(column: str, value) -> str:
    if column.endswith("_fen") and isinstance(value, int):
        return common.money(value)
    if isinstance(value, Decimal):
        return f"{value:,}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return common.cell(value)


def _number(column: str, value) -> float | None:
    """Chart value: money in yuan; None for cells that are not numbers."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        return None
    return float(value) / 100 if column.endswith("_fen") else float(value)


def _date_edit(value: date) -> QDateEdit:
    return QDateEdit(QDate(value.year, value.month, value.day), calendarPopup=True, displayFormat="yyyy-MM-dd")


class ReportsTab(QWidget):
    report_shown = Signal(object)

    def __init__(self, console) -> None:
        super().__init__()
        self.console = console
        self.report = None
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
        self.chooser.setMinimumWidth(380)
        run = QPushButton(tr("Show report"), objectName="primary")
        run.clicked.connect(self.run_report)
        self.chooser.activated.connect(lambda _: self.run_report())
        self.export = QPushButton(tr("Export CSV…"))
        self.export.clicked.connect(self.export_csv)
        self.summary = QLabel(objectName="title", wordWrap=True)
        self.table = common.read_only_table([""])
        self.chart = QChartView()
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart.setMinimumHeight(280)
        top = QHBoxLayout()
        for widget in (QLabel(tr("From")), self.start, QLabel(tr("to")), self.end, self.chooser, run, self.export):
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

    def choose(self, key: str) -> None:
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(key)))

    def run_report(self) -> None:
        key, ctx = self.chooser.currentData(), self.console.ctx
        start, end = self.start.date().toPython(), self.end.date().toPython()
        if start > end:
            self.console.show_error(tr("The start date is after the end date."))
            return
        self.summary.setText(tr("loading…"))
        self.console.run(lambda: service.run_report(ctx, key, start, end), self._show,
                         lambda _: self.summary.clear())

    def _show(self, report) -> None:
        self.report = report
        self.summary.setText(report.summary or report_titles().get(report.key, report.title))
        self.table.setColumnCount(len(report.columns))
        self.table.setHorizontalHeaderLabels([column_title(c) for c in report.columns])
        numeric = {i for i, c in enumerate(report.columns)
                   if any(_number(c, row[i]) is not None for row in report.rows)}
        rows = [[format_cell(c, v) for c, v in zip(report.columns, row)] for row in report.rows]
        common.fill_table(self.table, rows, numeric=numeric - {0})
        self.chart.setChart(build_chart(report))
        self.report_shown.emit(report)

    def export_csv(self) -> None:
        if self.report is None:
            self.console.show_error(tr("Show a report first."))
            return
        report = self.report
        path = common.ask_save_path(self, tr("Export report"), f"{report.key}.csv", "CSV (*.csv)")
        if path:
            self.console.run(lambda: service.write_report_csv(report, path),
                             lambda written: self.console.show_info(tr("Report saved: {0}").format(written)))


def build_chart(report) -> QChart:
    chart = QChart()
    chart.setTitle(report_titles().get(report.key, report.title))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    series_columns = [i for i, c in enumerate(report.columns[1:], start=1)
                      if report.rows and all(_number(c, row[i]) is not None for row in report.rows)]
    if report.chart == "none" or not series_columns or not report.rows:
        chart.setTitle(chart.title() + "  " + tr("(no chart for this report)"))
        return chart
    if report.chart == "line" and all(isinstance(row[0], date) for row in report.rows):
        _line_chart(chart, report, series_columns)
    else:
        _bar_chart(chart, report, series_columns)
    return chart


def _line_chart(chart: QChart, report, columns: list[int]) -> None:
    x_axis = QDateTimeAxis(format="MM-dd")
    y_axis = QValueAxis()
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    for i in columns:
        series = QLineSeries(name=column_title(report.columns[i]))
        for row in report.rows:
            moment = datetime.combine(row[0], time()) if not isinstance(row[0], datetime) else row[0]
            series.append(QDateTime(moment).toMSecsSinceEpoch(), _number(report.columns[i], row[i]))
        chart.addSeries(series)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
    y_axis.applyNiceNumbers()


def _bar_chart(chart: QChart, report, columns: list[int]) -> None:
    series = QBarSeries()
    for i in columns:
        bar = QBarSet(column_title(report.columns[i]))
        for row in report.rows:
            bar.append(_number(report.columns[i], row[i]))
        series.append(bar)
    chart.addSeries(series)
    x_axis = QBarCategoryAxis()
    x_axis.append([common.cell(row[0]) for row in report.rows])
    y_axis = QValueAxis()
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)
    y_axis.applyNiceNumbers()
