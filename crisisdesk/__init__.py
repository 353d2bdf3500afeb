"""crisisdesk core: the incident record, its rules and its exports. No Qt in here."""

__version__ = "0.1.0"
