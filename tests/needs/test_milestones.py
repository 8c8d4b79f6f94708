"""The first approval, dialogue and tender kept on the need follow its history as it is
written, in the same transaction."""
from datetime import datetime, timedelta, timezone

from procure.dialogues.models import Dialogue
from procure.extensions import db
from procure.needs.models import Need, NeedStatusChange

DAY0 = datetime(2026, 2, 2, 9, 0, tzinfo=timezone.utc)


def _need(reference: str) -> Need:
    return db.session.execute(db.select(Need).filter_by(reference=reference)).scalar_one()


def _step(need: Need, status: str, day: int) -> None:
    need.status_changes.append(NeedStatusChange(from_status=need.status, to_status=status,
                                                at=DAY0 + timedelta(days=day)))
    need.status = status


def test_the_first_steps_follow_the_history(seeded, make_need):
    reference = make_need(title="Tystare sopbilar")
    with seeded.app_context():
        need = _need(reference)
        _step(need, "in_review", 1)
        _step(need, "approved", 3)
        db.session.commit()
        assert (need.first_approved_at, need.first_dialogue_at) == (DAY0 + timedelta(3), None)

        dialogue = Dialogue(need_id=need.id, kind="request_for_information", title="Dialog",
                            status="published", published_at=DAY0 + timedelta(5),
                            registration_deadline=DAY0 + timedelta(9),
                            questions_deadline=DAY0 + timedelta(9),
                            input_deadline=DAY0 + timedelta(9))
        db.session.add(dialogue)
        _step(need, "in_dialogue", 5)
        _step(need, "in_procurement", 20)
        _step(need, "approved", 21)  # a step back and forth keeps the first time
        _step(need, "in_procurement", 30)
        db.session.commit()
        db.session.refresh(need)
        assert need.first_dialogue_at == DAY0 + timedelta(5)
        assert need.first_tendered_at == DAY0 + timedelta(20)
        assert need.first_approved_at == DAY0 + timedelta(3)

        # A cancelled dialogue is as if it never ran.
        dialogue.status = "cancelled"
        db.session.commit()
        db.session.refresh(need)
        assert need.first_dialogue_at is None
