"""The reminder analytics page costs a constant number of SQL statements, whatever the number of MIDs."""

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import event, update

from alumni.db import get_db
from alumni.demo import load_synthetic
from alumni.models import OutboxMessage, utcnow
from alumni.outbox import enqueue


@pytest.fixture
def statements(app):
    """Count the SQL statements the app sends while the block runs."""
    counted = []

    def count(*_args):
        counted.append(1)

    event.listen(get_db(app).engine, "before_cursor_execute", count)
    yield counted
    event.remove(get_db(app).engine, "before_cursor_execute", count)


def _sent_messages(session, rounds, coordinators, ministry):
    """Each round's opening and reminder to every coordinator, and its digest to the ministry, sent."""
    for round_ in rounds:
        sent_at = datetime.combine(round_.opens_on, datetime.min.time(), tzinfo=timezone.utc) + timedelta(hours=8)
        for kind, user in [*((kind, user) for kind in ("opening", "reminder-14") for user in coordinators),
                           ("escalation", ministry)]:
            enqueue(session, key=f"{kind}:round={round_.id}:user={user.id}", channel="email", kind=kind,
                    recipient=user.email, user_id=user.id, round_id=round_.id, as_of=sent_at)
    session.exec(update(OutboxMessage).values(status="sent", sent_at=OutboxMessage.created_at))
    session.commit()


def _statements(client, statements, url):
    assert client.get(url).status_code == 200  # warm: first connection, caches
    statements.clear()
    assert client.get(url).status_code == 200
    return len(statements)


def test_the_page_statements_do_not_grow_from_10_to_1000_mids(app, client, session, login, create_user,
                                                              create_network, create_round, statements):
    today = utcnow().date()
    create_network("Sieć Zielona", "PIM II", date(2023, 3, 31))
    create_network("Miasto Kompaktowe", "PIM III", date(2025, 3, 31))
    rounds = [create_round("Runda A", date(2025, 11, 3), date(2025, 12, 15), date(2026, 1, 30)),
              create_round("Runda B", date(2026, 5, 4), date(2026, 6, 15), date(2026, 7, 31))]
    load_synthetic(session, 10, today)
    session.commit()
    coordinators = [create_user(f"koordynator{n}@example.org", participants=(f"Gmina syntetyczna 0000{n}",))
                    for n in (1, 2, 3)]
    ministry = create_user("analityk@example.org", role="ministry")
    _sent_messages(session, rounds, coordinators, ministry)
    login(ministry)
    url = f"/reminders/analytics?round={rounds[0].id}&days=7"

    at_10 = _statements(client, statements, url)
    load_synthetic(session, 1000, today)
    session.commit()
    at_1000 = _statements(client, statements, url)

    assert at_1000 == at_10 and at_10 <= 15, (at_10, at_1000)
    # The page counts the synthetic reports: the statements counted covered real work.
    page = client.get(url).get_data(as_text=True)
    assert "otwarcie rundy" in page and "zestawienie dla ministerstwa" in page
