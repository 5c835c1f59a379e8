"""Uplift tab: a campaign's members who got the coupon against its random holdout over N days, as a
chart, a table, the incremental revenue with its 95 % interval in plain words, and a CSV."""

from __future__ import annotations

from PySide6.QtCharts import QChartView
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from pos.services.campaigns import campaign as campaigns
from pos.services.reports import summary
from pos.services.reports import uplift as service
from pos.ui.i18n import tr
from pos.ui.manager import common
from pos.ui.manager.report_chart import build_chart
from pos.ui.manager.reports_tab import format_cell


def column_titles() -> dict[str, str]:
    return {"group": tr("Group"), "members": tr("Members"), "buyers": tr("Buyers"), "buyers_pct": tr("Buyers (%)"),
            "revenue_fen": tr("Revenue (¥)"), "revenue_per_member_fen": tr("Revenue per member (¥)"),
            "coupon_cost_fen": tr("Coupon cost (¥)")}


class UpliftTab(QWidget):
    def __init__(self, console) -> None:
        super().__init__()
        self.console = console
        self.report = None
        self.campaign = QComboBox()
        self.campaign.setMinimumWidth(360)
        self.days = QSpinBox(minimum=1, maximum=service.MAX_DAYS, value=console.ctx.config.lifecycle.uplift_days,
                             suffix=tr(" days"))
        self.store = QComboBox()            # one store's members and sales (filled by set_stores)
        self.store.setMinimumWidth(200)
        self.store.addItem(tr("All stores"), None)
        show = QPushButton(tr("Show uplift"), objectName="primary")
        show.clicked.connect(self.show_uplift)
        self.export = QPushButton(tr("Export CSV…"))
        self.export.clicked.connect(self.export_csv)
        self.summary = QLabel(objectName="title", wordWrap=True)
        self.verdict = QLabel(wordWrap=True)
        self.table = common.read_only_table([""])
        self.table.setMaximumHeight(120)
        self.chart = QChartView()
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.interval = QChartView()
        self.interval.setRenderHint(QPainter.RenderHint.Antialiasing)
        charts = QHBoxLayout()
        charts.addWidget(self.chart, 3)
        charts.addWidget(self.interval, 2)
        top = QHBoxLayout()
        for widget in (QLabel(tr("Campaign")), self.campaign, QLabel(tr("over")), self.days, self.store, show,
                       self.export):
            top.addWidget(widget)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table)
        layout.addLayout(charts, 1)
        layout.addWidget(QLabel(tr("Only campaigns issued with a holdout can be compared: the holdout got nothing, "
                                   "so the difference is what the campaign brought."), objectName="hint", wordWrap=True))

    def set_stores(self, stores) -> None:
        """As the Reports tab: "All stores" is the chain (for a store manager, their store)."""
        chosen = self.store.currentData()
        while self.store.count() > 1:
            self.store.removeItem(1)
        for store in stores:
            self.store.addItem(f"{store.code} {store.name}", store.id)
        self.store.setCurrentIndex(max(0, self.store.findData(chosen)))

    def shown(self) -> None:
        ctx, actor = self.console.ctx, self.console.staff.id
        if self.store.count() == 1:          # the stores are loaded once, by the Stores tab
            self.console.stores.reload()
        self.console.run(lambda: campaigns.list_campaigns(ctx, actor), self._campaigns)

    def _campaigns(self, rows) -> None:
        chosen = self.campaign.currentData()
        self.campaign.clear()
        for c in rows:
            self.campaign.addItem(f"{c.campaign_id} · {c.name} ({c.created_at:%Y-%m-%d})", c.campaign_id)
        if chosen is not None:
            self.campaign.setCurrentIndex(max(0, self.campaign.findData(chosen)))

    def show_uplift(self) -> None:
        campaign_id = self.campaign.currentData()
        if campaign_id is None:
            self.console.show_error(tr("Choose a campaign first."))
            return
        ctx, actor, days, store_id = self.console.ctx, self.console.staff.id, self.days.value(), self.store.currentData()
        self.summary.setText(tr("loading…"))
        self.console.run(lambda: service.campaign_uplift(ctx, actor, campaign_id, days, store_id=store_id), self._show,
                         lambda _: self.summary.clear())

    def _show(self, u) -> None:
        r = u.result
        self.report = summary.uplift_report(u)
        ci = (tr("{0} to {1}").format(common.money(r.ci95_fen[0]), common.money(r.ci95_fen[1]))
              if r.ci95_fen else tr("not available"))
        self.summary.setText(tr("Incremental revenue {0} (95 % interval {1}); coupons cost {2}").format(
            common.money(r.incremental_revenue_fen), ci, common.money(u.coupon_cost_fen)))
        if r.revenue is None:
            words = tr("Too few members in the issued group or the holdout to compare.")
        elif not r.significant:
            words = tr("Not significant: this difference could be chance (the interval includes zero).")
        elif r.incremental_revenue_fen > 0:
            words = tr("Significant: the campaign brought more revenue than the holdout.")
        else:
            words = tr("Significant: the campaign brought less revenue than the holdout.")
        self.verdict.setText(words)
        self.verdict.setStyleSheet("color: #1f7a3a; font-weight: bold;" if r.significant
                                   else "color: #8a5a00; font-weight: bold;")
        titles = column_titles()
        report = self.report
        self.table.setColumnCount(len(report.columns))
        self.table.setHorizontalHeaderLabels([titles.get(c, c) for c in report.columns])
        groups = {"issued": tr("Got the coupon"), "holdout": tr("Holdout")}
        common.fill_table(self.table, [[groups.get(v, v) if c == "group" else format_cell(c, v)
                                        for c, v in zip(report.columns, row, strict=True)] for row in report.rows],
                          numeric=set(range(1, len(report.columns))))
        chart_report = summary.Report(report.key, report.title, ("group", "buyers_pct", "revenue_per_member_fen"),
                                      tuple((groups[row[0]], row[3], row[5]) for row in report.rows), "bar")
        title = tr("Campaign {0} {1}: the {2} days after it started").format(u.campaign_id, u.name, u.days)
        self.chart.setChart(build_chart(chart_report, title, lambda c: titles.get(c, c)))
        low, high = r.ci95_fen or (0, 0)
        interval = summary.Report("interval", "", ("point", "incremental_fen"),
                                  ((tr("95 % low"), low), (tr("estimate"), r.incremental_revenue_fen),
                                   (tr("95 % high"), high)), "bar")
        self.interval.setChart(build_chart(interval, tr("Incremental revenue and its 95 % interval"),
                                           lambda c: tr("Incremental revenue (¥)")))

    def export_csv(self) -> None:
        if self.report is None:
            self.console.show_error(tr("Show a campaign's uplift first."))
            return
        report = self.report
        path = common.ask_save_path(self, tr("Export uplift"), "campaign_uplift.csv", "CSV (*.csv)")
        if path:
            ctx, actor = self.console.ctx, self.console.staff.id
            self.console.run(lambda: summary.export_report(ctx, actor, report, path),
                             lambda written: self.console.show_info(tr("Report saved: {0}").format(written)))
