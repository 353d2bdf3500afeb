"""Alembic revisions of the crisisdesk schema.

``HEAD`` names the newest revision; opening a database already at ``HEAD``
skips Alembic entirely, which keeps start-up fast. A test checks it against
the script directory.
"""

HEAD = "0004_run_playbook"
KNOWN = ("0001_initial", "0002_timeline_indexes", "0003_update_meets", "0004_run_playbook")
