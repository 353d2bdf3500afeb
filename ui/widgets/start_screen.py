"""What an empty database shows: two big ways to begin."""

from __future__ import annotations

# Qt's namespace is reached through its module when the screen is built (only for an
# empty database): this module is loaded before the window's first paint.
from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class StartScreen(QWidget):
    start_incident = Signal()
    open_demo = Signal()

    def __init__(self) -> None:
        super().__init__()
        Qt = QtCore.Qt
        self.setObjectName("startScreen")
        heading = QLabel("No incident is open")
        heading.setObjectName("startHeading")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        blurb = QLabel(
            "Start an incident to open its timeline, stakeholder list and checklists.\n"
            "Everything is stored on this computer and works without a network."
        )
        blurb.setObjectName("startBlurb")
        blurb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel()
        self.message.setObjectName("startMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.hide()
        self.start = QPushButton("Start an incident   (Ctrl+N)")
        self.start.setObjectName("startIncidentButton")
        self.demo = QPushButton("Open the demo incident")
        self.demo.setObjectName("openDemoButton")
        for button in (self.start, self.demo):
            button.setMinimumSize(360, 56)
        self.start.setDefault(True)
        self.start.clicked.connect(self.start_incident)
        self.demo.clicked.connect(self.open_demo)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(heading)
        layout.addWidget(blurb)
        layout.addSpacing(12)
        layout.addWidget(self.message)
        layout.addSpacing(12)
        layout.addWidget(self.start, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.demo, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
