"""Campaigns tab: audience (a segment or the member list's filter), coupon template, preview,
issue with progress and cancel, then the coupon sheet (PDF) or the CSV list."""

from __future__ import annotations

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
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos.errors import BadInput
from pos.services.campaigns import campaign as service
from pos.services.coupons.issue import parse_spec
from pos.ui import formats
from pos.ui.i18n import tr
from pos.ui.manager import common
from pos.ui.manager.progress import JobProgress

LIST_FILTER = "__list_filter__"


class CampaignsTab(QWidget):
    previewed = Signal(int)
    issued = Signal(object)
    campaigns_loaded = Signal(object)
    file_written = Signal(str)
    sheet_printed = Signal(str)

    def __init__(self, console) -> None:
        super().__init__()
        self.console = console
        self.campaigns: list = []
        self.progress = JobProgress(self, tr("Campaign"))
        layout = QHBoxLayout(self)
        layout.addWidget(self._new_campaign(), 2)
        layout.addWidget(self._history(), 3)

    # ------------------------------------------------------------ layout
    def _new_campaign(self) -> QGroupBox:
        box = QGroupBox(tr("New campaign"))
        self.name = QLineEdit(placeholderText=tr("e.g. Win-back June"))
        self.audience = QComboBox()
        for name in common.SEGMENTS:
            self.audience.addItem(common.segment_label(name), name)
        self.audience.addItem(tr("Current member list filter"), LIST_FILTER)
        self.kind = QComboBox()
        for kind, label in (("amount", tr("Amount off (¥)")), ("percent", tr("Percent off (%)")),
                            ("cash", tr("Cash voucher (¥)"))):
            self.kind.addItem(label, kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.value = QLineEdit("15")
        self.threshold = QLineEdit("100", placeholderText=tr("0 = none"))
        self.cap = QLineEdit(placeholderText=tr("no cap"))
        self.days = QSpinBox(minimum=1, maximum=3660, value=self.console.ctx.config.coupons.default_valid_days)
        self.holdout = QSpinBox(minimum=0, maximum=90, value=self.console.ctx.config.lifecycle.holdout_percent,
                                suffix=" %")
        self.holdout.setToolTip(tr("Members kept back at random who get nothing: the Uplift tab compares them"))
        self.audience_count = QLabel(objectName="title")
        preview = QPushButton(tr("Preview"))
        preview.clicked.connect(self.preview)
        self.issue_button = QPushButton(tr("Issue coupons"), objectName="primary")
        self.issue_button.clicked.connect(self.issue)
        form = QFormLayout()
        for label, widget in ((tr("Campaign name"), self.name), (tr("Audience"), self.audience),
                              (tr("Coupon kind"), self.kind), (tr("Value"), self.value),
                              (tr("Threshold (¥)"), self.threshold), (tr("Cap (¥)"), self.cap),
                              (tr("Valid for days"), self.days), (tr("Holdout (get nothing)"), self.holdout)):
            form.addRow(label, widget)
        buttons = QHBoxLayout()
        buttons.addWidget(preview)
        buttons.addWidget(self.issue_button)
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addWidget(self.audience_count)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._kind_changed()
        return box

    def _history(self) -> QGroupBox:
        box = QGroupBox(tr("Campaigns"))
        self.table = common.read_only_table([tr("Campaign"), tr("Segment"), tr("Created"), tr("Issued"),
                                             tr("Redeemed")])
        self.sheet = QPushButton(tr("Coupon sheet (PDF)…"))
        self.sheet.clicked.connect(self.print_sheet)
        self.print_button = QPushButton(tr("Print sheet"))
        self.print_button.clicked.connect(self.print_sheet_on_printer)
        self.export = QPushButton(tr("Export CSV…"))
        self.export.clicked.connect(self.export_csv)
        self.full_phone = QCheckBox(tr("Full numbers"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.sheet)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.export)
        buttons.addWidget(self.full_phone)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        return box

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.cap.setEnabled(kind == "percent")
        self.threshold.setEnabled(kind != "cash")

    def shown(self) -> None:
        self.reload()

    # ------------------------------------------------------------ audience and spec
    def audience_choice(self) -> service.Audience:
        choice = self.audience.currentData()
        if choice == LIST_FILTER:
            return service.Audience(member_filter=self.console.members.model.filter)
        return service.Audience(segment=choice)

    def spec(self):
        kind = self.kind.currentData()
        return parse_spec(kind, self.value.text().strip(),
                          self.threshold.text().strip() if kind != "cash" else None,
                          self.cap.text().strip() if kind == "percent" else None, self.days.value())

    def preview(self) -> None:
        ctx, audience = self.console.ctx, self.audience_choice()
        self.audience_count.setText(tr("counting…"))
        self.console.run(lambda: service.preview_audience(ctx, audience), self._previewed,
                         lambda _: self.audience_count.clear())

    def _previewed(self, count: int) -> None:
        self.audience_count.setText(tr("{0} members will receive a coupon").format(formats.count(count)))
        self.previewed.emit(count)

    # ------------------------------------------------------------ issuing
    def issue(self) -> None:
        name = self.name.text().strip()
        try:
            if not name:
                raise BadInput("name_required", tr("Give the campaign a name."))
            spec = self.spec()
        except BadInput as exc:
            self.console.show_error(exc)
            return
        audience, ctx, actor = self.audience_choice(), self.console.ctx, self.console.staff.id
        holdout = self.holdout.value()
        self.progress.open(tr("Issuing coupons for “{0}”…").format(name), tr("Issued {0} of {1}"))
        progress = self.progress
        self.issue_button.setEnabled(False)
        self.console.run(lambda: service.issue_campaign(ctx, actor, name, audience, spec,
                                                        progress=progress.report, cancelled=progress.cancelled,
                                                        holdout_percent=holdout),
                         self._issued, lambda _: self._finish())

    def _issued(self, result) -> None:
        self._finish()
        if result.cancelled:
            text = tr("Cancelled: {0} coupons issued so far; issue again with the same name to continue.")
        else:
            text = tr("{0} coupons issued.")
        extra = tr(" {0} members already had one.").format(formats.count(result.already_had)) if result.already_had else ""
        if result.no_consent:
            extra += tr(" {0} members without marketing consent were skipped.").format(formats.count(result.no_consent))
        if result.holdout:
            extra += tr(" {0} members kept back as the holdout.").format(formats.count(result.holdout))
        self.console.show_info(text.format(formats.count(result.issued)) + extra)
        self.console.data_changed(result.changes)
        self.issued.emit(result)
        self.reload(select=result.campaign_id)

    def _finish(self) -> None:
        self.issue_button.setEnabled(True)
        self.progress.close()

    # ------------------------------------------------------------ history, sheet, export
    def reload(self, select: int | None = None) -> None:
        ctx, actor = self.console.ctx, self.console.staff.id
        self.console.run(lambda: service.list_campaigns(ctx, actor), lambda rows: self._show(rows, select))

    def _show(self, rows, select: int | None) -> None:
        self.campaigns = list(rows)
        common.fill_table(self.table, [(c.name, common.segment_label(c.segment), c.created_at, formats.count(c.issued),
                                        formats.count(c.redeemed)) for c in self.campaigns], numeric={3, 4})
        ids = [c.campaign_id for c in self.campaigns]
        if select in ids:
            self.table.selectRow(ids.index(select))
        elif ids:
            self.table.selectRow(0)
        self.campaigns_loaded.emit(self.campaigns)

    def selected_campaign(self):
        row = self.table.currentRow()
        return self.campaigns[row] if 0 <= row < len(self.campaigns) else None

    def print_sheet(self) -> None:
        campaign = self.selected_campaign()
        if campaign is None:
            self.console.show_error(tr("Choose a campaign first."))
            return
        path = common.ask_save_path(self, tr("Coupon sheet"), f"campaign-{campaign.campaign_id}.pdf", "PDF (*.pdf)")
        if path:
            ctx, actor, cid = self.console.ctx, self.console.staff.id, campaign.campaign_id
            progress = self._sheet_progress(campaign.name)
            self.console.run(lambda: service.write_campaign_sheet(ctx, actor, cid, path, progress=progress.report,
                                                                  cancelled=progress.cancelled),
                             self._sheet_written, lambda _: self._finish())

    def _sheet_progress(self, name: str) -> JobProgress:
        self.progress.open(tr("Coupon sheet of “{0}”…").format(name), tr("{0} of {1} coupons laid out"))
        return self.progress

    def print_sheet_on_printer(self) -> None:
        campaign = self.selected_campaign()
        if campaign is None:
            self.console.show_error(tr("Choose a campaign first."))
            return
        ctx, actor, cid = self.console.ctx, self.console.staff.id, campaign.campaign_id
        progress = self._sheet_progress(campaign.name)
        self.console.run(lambda: service.print_campaign_sheet(ctx, actor, cid, progress=progress.report,
                                                              cancelled=progress.cancelled),
                         self._sheet_printed, lambda _: self._finish())

    def _sheet_printed(self, job: str) -> None:
        self._finish()
        self.console.show_info(tr("Coupon sheet sent to the printer: {0}").format(job))
        self.sheet_printed.emit(job)

    def _sheet_written(self, path: str) -> None:
        self._finish()
        self.console.show_info(tr("Coupon sheet saved: {0}").format(path))
        self.file_written.emit(str(path))
        common.open_file(str(path))

    def export_csv(self) -> None:
        campaign = self.selected_campaign()
        if campaign is None:
            self.console.show_error(tr("Choose a campaign first."))
            return
        full = self.full_phone.isChecked()
        if full and not common.ask_confirm(self, tr("Full phone numbers"),
                                           tr("Export full phone numbers? This is recorded in the audit log.")):
            return
        path = common.ask_save_path(self, tr("Export campaign"), f"campaign-{campaign.campaign_id}.csv",
                                    "CSV (*.csv)")
        if path:
            ctx, actor, cid = self.console.ctx, self.console.staff.id, campaign.campaign_id
            self.console.run(lambda: service.export_campaign(ctx, actor, cid, path, full_phone=full),
                             lambda rows: self._exported(rows, path))

    def _exported(self, rows: int, path: str) -> None:
        self.console.show_info(tr("{0} rows written to {1}").format(rows, path))
        self.file_written.emit(path)
