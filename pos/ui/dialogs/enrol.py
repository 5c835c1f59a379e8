"""Enrolment at the till: phone, optional name and birthday, consent, referral; shows the QR."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from pos.services.members import lookup as members
from pos.ui.i18n import tr
from pos.ui.messages import error_text


def qr_pixmap(data: str, size: int = 220) -> QPixmap:
    from pos.printing.qr import qr_png

    image = QImage.fromData(qr_png(data, box_size=6))
    return QPixmap.fromImage(image).scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio)


class EnrolDialog(QDialog):
    def __init__(self, ctx, worker, staff_id: int | None, phone: str = "", parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.worker, self.staff_id = ctx, worker, staff_id
        self.result_member = None
        self.setWindowTitle(tr("Enrol a member"))
        self.setMinimumWidth(520)
        self.phone = QLineEdit(phone)
        self.name = QLineEdit()
        self.birthday = QLineEdit(placeholderText="MM-DD")
        self.consent = QCheckBox(tr("Agrees to receive offers (marketing consent)"))
        self.referrer = QLineEdit(placeholderText=tr("optional: type it or scan the referrer's card or receipt"))
        self.error = QLabel(objectName="error", wordWrap=True)
        self.qr = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.enrol_button = QPushButton(tr("Enrol  Enter"), objectName="primary")
        self.enrol_button.setDefault(True)
        self.enrol_button.clicked.connect(self.submit)
        self.close_button = QPushButton(tr("Close  Esc"))
        self.close_button.setAutoDefault(False)      # Enter is the labelled Enrol / Done, never Close
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("Phone"), self.phone)
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Birthday"), self.birthday)
        form.addRow(tr("Referral code"), self.referrer)
        form.addRow("", self.consent)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.enrol_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.qr)
        layout.addLayout(buttons)

    def submit(self) -> None:
        if self.result_member is not None:
            self.accept()
            return
        self.enrol_button.setEnabled(False)
        args = dict(name=self.name.text(), birthday=self.birthday.text().strip() or None,
                    consent=self.consent.isChecked(), referrer=self.referrer.text().strip() or None,
                    staff_id=self.staff_id)
        phone = self.phone.text()
        self.worker.submit(lambda: members.enrol(self.ctx, phone, **args), self._done, self._failed)

    def _done(self, result: members.EnrolResult) -> None:
        self.result_member = result.member
        self.qr.setPixmap(qr_pixmap(result.qr_payload))
        self.error.setText(tr("Welcome! Member {0} enrolled. Show this QR at the till.").format(
            result.member.phone_masked))
        self.error.setStyleSheet("color: #1f8a4c;")
        self.enrol_button.setText(tr("Done  Enter"))
        self.enrol_button.setEnabled(True)
        for field in (self.phone, self.name, self.birthday, self.referrer, self.consent):
            field.setEnabled(False)
        self.enrol_button.setFocus()   # the fields are off: Enter (Done) attaches the member to the sale

    def _failed(self, exc: Exception) -> None:
        self.enrol_button.setEnabled(True)
        self.error.setText(error_text(exc))
        self.phone.setFocus()
