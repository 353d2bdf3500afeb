"""The fixed words of the record: categories, severities, statuses, channels.

Kept apart from the table definitions so that code which only needs the words (the
command line, the window's first paint) does not pay for building the tables.
"""

from __future__ import annotations

CATEGORIES = ("detection", "decision", "action", "communication", "external", "checklist", "note")
SEVERITIES = ("critical", "high", "medium", "low")
INCIDENT_STATUSES = ("active", "resolved", "closed")
KEY_MOMENTS = (
    "start",
    "awareness",
    "containment",
    "first_customer_notice",
    "regulator_notice",
    "recovery",
    # The moments other legal clocks start from: SEC 8-K from the materiality
    # determination, HIPAA and US state laws from discovery.
    "materiality",
    "discovery",
)
# The words a person reads for each key moment.
KEY_MOMENT_WORDS = {
    "start": "Start",
    "awareness": "Awareness",
    "containment": "Containment",
    "first_customer_notice": "First customer notice",
    "regulator_notice": "Regulator notice",
    "recovery": "Recovery",
    "materiality": "Materiality determined",
    "discovery": "Discovery",
}
DRAFT_STATUSES = ("draft", "review", "approved", "sent")
FACT_STATUSES = ("confirmed", "unconfirmed", "retracted")
STEP_STATES = ("todo", "done", "skipped", "not_applicable", "reopened")
CHANNEL_LABELS = {
    "status_page": "Status page",
    "email": "Email",
    "sms": "SMS",
    "phone": "Phone / bridge",
    "intranet": "Intranet",
    "press_release": "Press release",
    "regulator_portal": "Regulator portal",
    "social": "Social",
}
CHANNELS = tuple(CHANNEL_LABELS)
