"""The app's log: a rotating file in the user log folder, with personal data masked.

Log lines say what the app did (opened a database, exported a report, a write that
failed), never what was recorded. Should an email address or a phone number still reach
a message, it is masked before the line is written.
"""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from crisisdesk import paths

LOG_FILE = "crisisdesk.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w/:.-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d{2,8}(?:[\s.-]\d{2,8}){1,4}"
)
_DIGITS = re.compile(r"\d")


def mask(text: str) -> str:
    """Emails and phone numbers (7 digits or more) replaced by ``***``."""
    text = _EMAIL.sub("***@***", text)
    return _PHONE.sub(lambda m: "***" if len(_DIGITS.findall(m.group())) >= 7 else m.group(), text)


class MaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.getMessage())
        record.args = None
        return True


def setup(folder: Path | None = None) -> Path:
    """Send the ``crisisdesk`` logger to a rotating, owner-only file; returns its path."""
    folder = folder or paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    logger = logging.getLogger("crisisdesk")
    for handler in list(logger.handlers):
        if isinstance(handler, RotatingFileHandler):
            logger.removeHandler(handler)
            handler.close()
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    if path.exists():
        path.chmod(0o600)
    return path
