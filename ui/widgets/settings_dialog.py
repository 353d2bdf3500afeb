"""Settings: the thresholds a team tunes to its own pace."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import options, theme

THRESHOLDS = (options.DUE_SOON, options.CLOCK_DUE_SOON)


class SettingsDialog(QDialog):
    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Settings")
        heading = QLabel("Settings")
        heading.setObjectName("paneTitle")
        theme.styled(heading)
        form = QFormLayout()
        self.fields: dict[str, QSpinBox] = {}
        for option in THRESHOLDS:
            spin = QSpinBox()
            spin.setObjectName(option.key.replace("/", "_"))
            spin.setRange(option.minimum, option.maximum)
            spin.setSuffix(option.suffix)
            spin.setValue(option.read(settings))
            label = QLabel(option.label)
            label.setWordWrap(True)
            form.addRow(label, spin)
            self.fields[option.key] = spin
        self.holidays = QLineEdit(
            ", ".join(sorted(d.isoformat() for d in options.HOLIDAYS.read(settings)))
        )
        self.holidays.setObjectName("holidays")
        self.holidays.setPlaceholderText("2026-12-25, 2026-12-28, 2027-01-01")
        holidays_label = QLabel(options.HOLIDAYS.label)
        holidays_label.setWordWrap(True)
        form.addRow(holidays_label, self.holidays)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.hide()
        theme.styled(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _save(self) -> None:
        try:
            options.HOLIDAYS.parse(self.holidays.text())
        except ValueError as err:
            self.error.setText(f"▲ {err}")
            self.error.show()
            return
        options.HOLIDAYS.write(self.settings, self.holidays.text())
        for option in THRESHOLDS:
            option.write(self.settings, self.fields[option.key].value())
        self.settings.sync()
        self.accept()
