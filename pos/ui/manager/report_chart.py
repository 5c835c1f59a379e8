"""A report as a QtCharts chart. Columns of different units (counts, money in yuan, percent) get
their own y axis: the first unit on the left (bars for a bar report), the second on the right as
lines; x is the first column (a date axis when it holds dates)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from PySide6.QtCharts import (
    QAbstractSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QColor, QPen

from pos.ui.i18n import tr
from pos.ui.manager import common

RIGHT_AXIS_COLORS = ("#c0392b", "#6c3483", "#1f5f3a")   # lines on the right axis stand out from the bars


def unit(column: str) -> str:
    return "money" if column.endswith("_fen") else "pct" if column.endswith("_pct") else "count"


def number(column: str, value) -> float | None:
    """The value to plot (money in yuan); None for cells that are not numbers."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        return None
    return float(value) / 100 if unit(column) == "money" else float(value)


def build_chart(report, title: str, column_title, cell_text=None) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    columns = [i for i, c in enumerate(report.columns[1:], start=1)
               if report.rows and all(number(c, row[i]) is not None for row in report.rows)]
    units = list(dict.fromkeys(unit(report.columns[i]) for i in columns))[:2]
    if report.chart == "none" or not units:
        chart.setTitle(title + "  " + tr("(no chart for this report)"))
        return chart
    dated = all(isinstance(row[0], date) for row in report.rows)
    x_axis = _date_axis(report) if dated else _category_axis(report, cell_text)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    for side, kind in zip((Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight), units):
        mine = [i for i in columns if unit(report.columns[i]) == kind]
        y_axis = _value_axis(report, mine, kind)
        chart.addAxis(y_axis, side)
        bars = report.chart == "bar" and side == Qt.AlignmentFlag.AlignLeft and not dated
        for series in (_bars(report, mine, column_title) if bars else _lines(report, mine, column_title, dated)):
            chart.addSeries(series)
            if side == Qt.AlignmentFlag.AlignRight and isinstance(series, QLineSeries):
                series.setPen(QPen(QColor(RIGHT_AXIS_COLORS[len(chart.series()) % len(RIGHT_AXIS_COLORS)]), 3))
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
    return chart


def _date_axis(report) -> QDateTimeAxis:
    axis = QDateTimeAxis(format="yyyy-MM-dd" if len(report.rows) <= 8 else "MM-dd")
    axis.setTickCount(min(8, max(2, len(report.rows))))
    return axis


def _category_axis(report, cell_text=None) -> QBarCategoryAxis:
    axis = QBarCategoryAxis()
    first = report.columns[0]
    axis.append([cell_text(first, row[0]) if cell_text else common.cell(row[0]) for row in report.rows])
    return axis


def _value_axis(report, columns: list[int], kind: str) -> QValueAxis:
    values = [number(report.columns[i], row[i]) for i in columns for row in report.rows]
    axis = QValueAxis()
    axis.setRange(min(0.0, *values), max(1.0, *values) * 1.08)
    axis.applyNiceNumbers()
    axis.setLabelFormat("%.0f")
    axis.setTitleText({"money": "¥", "pct": "%", "count": ""}[kind])
    return axis


def _bars(report, columns: list[int], column_title) -> list[QAbstractSeries]:
    series = QBarSeries()
    for i in columns:
        bar = QBarSet(column_title(report.columns[i]))
        for row in report.rows:
            bar.append(number(report.columns[i], row[i]))
        series.append(bar)
    return [series]


def _lines(report, columns: list[int], column_title, dated: bool) -> list[QAbstractSeries]:
    result = []
    for i in columns:
        line = QLineSeries(name=column_title(report.columns[i]))
        for position, row in enumerate(report.rows):
            line.append(_x(row[0]) if dated else position, number(report.columns[i], row[i]))
        result.append(line)
    return result


def _x(value: date) -> float:
    moment = value if isinstance(value, datetime) else datetime.combine(value, time())
    return float(QDateTime(moment).toMSecsSinceEpoch())
