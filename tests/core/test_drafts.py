"""Drafts: saving, review, approval (with a reason when errors remain), sending, scratch copies."""

from __future__ import annotations

import email
import email.message
import email.policy
from datetime import timedelta
from pathlib import Path

import pytest

from crisisdesk import drafts, incidents, stakeholders, timeline
from crisisdesk.clock import FixedClock
from crisisdesk.drafts import DraftError
from crisisdesk.identity import Author
from crisisdesk.store import Store


@pytest.fixture
def incident(store: Store, who: Author, clock: FixedClock) -> str:
    with store.write() as session:
        inc = incidents.open_incident(session, who, clock, "Outage")
        stakeholders.add_defaults(session, who, clock, inc.id, stakeholders.load_default_groups())
    return inc.id


@pytest.fixture
def draft(store: Store, who: Author, clock: FixedClock, incident: str) -> str:
    with store.write() as session:
        return drafts.create(
            session,
            who,
            clock,
            incident,
            title="Customer notice",
            audience="customers",
            channel="email",
            body="First words.",
        )


def status(store: Store, draft_id: str) -> str:
    with store.session() as session:
        return drafts.latest(session, draft_id).status


def test_saving_the_same_text_adds_no_revision_and_new_text_goes_back_to_draft(
    store: Store, who: Author, clock: FixedClock, incident: str, draft: str
) -> None:
    with store.write() as session:
        assert drafts.save(session, who, clock, draft, incident, "First words.") is None
        drafts.move(session, who, clock, draft, incident, "review")
    assert status(store, draft) == "review"
    clock.advance(timedelta(minutes=1))
    with store.write() as session:
        assert drafts.save(session, who, clock, draft, incident, "Better words.")
        assert [r.status for r in drafts.history(session, draft)] == ["draft", "review", "draft"]


def test_approving_with_open_errors_needs_a_reason_which_is_kept(
    store: Store, who: Author, clock: FixedClock, incident: str, draft: str
) -> None:
    with store.write() as session, pytest.raises(DraftError, match="2 error"):
        drafts.approve(session, who, clock, draft, incident, open_errors=2)
    with store.write() as session:
        drafts.approve(
            session, who, clock, draft, incident, open_errors=2, reason="Legal signed off"
        )
    with store.session() as session:
        rev = drafts.latest(session, draft)
        entries = [e for _, e in timeline.current_entries(session, incident)]
    assert rev.status == "approved"
    assert rev.author == who.name
    assert "Legal signed off" in rev.note
    assert any("Draft approved: Customer notice" in e.text for e in entries)


def test_only_an_approved_draft_can_be_sent_and_sending_logs_the_update(
    store: Store, who: Author, clock: FixedClock, incident: str, draft: str
) -> None:
    with store.session() as session:
        customers = next(
            g for g in stakeholders.current(session, incident) if g.profile == "customers"
        )
    with store.write() as session, pytest.raises(DraftError, match="approve it first"):
        drafts.mark_sent(
            session, who, clock, draft, incident, stakeholder_id=customers.id, channel="email"
        )
    with store.write() as session:
        drafts.approve(session, who, clock, draft, incident, open_errors=0)
        rev = drafts.mark_sent(
            session,
            who,
            clock,
            draft,
            incident,
            stakeholder_id=customers.id,
            channel="email",
            promised_next_at=clock.now() + timedelta(hours=1),
        )
    with store.session() as session:
        updates = stakeholders.updates_by_group(session, incident)[customers.id]
        entries = [e for _, e in timeline.current_entries(session, incident)]
    assert status(store, draft) == "sent"
    with store.session() as session:
        assert drafts.sent_update(session, rev) is not None
    assert updates[-1].promised_next_at == clock.now() + timedelta(hours=1)
    assert any(e.category == "communication" and "Customer notice" in e.text for e in entries)
    with store.write() as session, pytest.raises(DraftError, match="new draft"):
        drafts.save(session, who, clock, draft, incident, "Changed after sending")


def test_scratch_copy_comes_back_until_the_text_is_saved(
    store: Store, who: Author, clock: FixedClock, incident: str, draft: str
) -> None:
    clock.advance(timedelta(seconds=5))
    with store.write() as session:
        drafts.autosave(session, who, clock, draft, incident, "Typed, not saved")
        drafts.autosave(session, who, clock, draft, incident, "Typed more, not saved")
    with store.session() as session:
        found = drafts.recovered(session, draft)
    assert found is not None and found.body == "Typed more, not saved"
    clock.advance(timedelta(seconds=5))
    with store.write() as session:
        drafts.save(session, who, clock, draft, incident, "Typed more, not saved")
    with store.session() as session:
        assert drafts.recovered(session, draft) is None


def test_saving_as_eml_or_text_and_a_full_disk_leaves_the_old_file(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "Dear customer,\n\nWe are sorry — 危机 handled. Next update at 16:00."
    eml = tmp_path / "notice.eml"
    drafts.save_text(eml, "Your details", body, clock.now())
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Your details"
    assert message["X-Unsent"] == "1"
    assert isinstance(message, email.message.EmailMessage)
    part = message.get_body()
    assert part is not None and "危机 handled" in part.get_content()
    txt = tmp_path / "notice.txt"
    drafts.save_text(txt, "Your details", body, clock.now())
    assert txt.read_text(encoding="utf-8") == body + "\n"

    def full(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("crisisdesk.files.os.replace", full)
    with pytest.raises(OSError, match="No space"):
        drafts.save_text(txt, "Your details", "new words", clock.now())
    assert txt.read_text(encoding="utf-8") == body + "\n"
    assert list(tmp_path.glob(".crisisdesk-*")) == []
