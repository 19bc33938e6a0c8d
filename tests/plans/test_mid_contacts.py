"""Who to call about a MID: its city's coordinators, with addresses that refuse mail flagged."""

import re
from datetime import datetime, timezone

import pytest

from alumni.models import OutboxMessage
from alumni.people import find_user
from alumni.policy import Permission, can

BOUNCED_AT = datetime(2026, 11, 3, 9, 15, tzinfo=timezone.utc)


@pytest.fixture
def city(create_mid, create_user, session):
    mid = create_mid(participant="Słupsk")
    create_mid(participant="Lublin", title="Zielone Serce Miasta")
    anna = create_user("anna.nowak@example.org", participants=("Słupsk",), name="Anna Nowak")
    jan = create_user("jan.kowalski@example.org", participants=("Słupsk",), name="Jan Kowalski")
    jan.mail_bounced_at = BOUNCED_AT
    create_user("byla@example.org", participants=("Słupsk",), name="Ewa Była").is_active = False
    create_user("lublin@example.org", participants=("Lublin",), name="Piotr Lubelski")
    session.add(OutboxMessage(idempotency_key="t:1", channel="email", kind="opening", recipient=anna.email,
                              user_id=anna.id, status="sent", created_at=BOUNCED_AT))
    session.commit()
    return mid


def contacts_section(html):
    found = re.search(r'<section[^>]*id="contacts".*?</section>', html, re.S)
    return found.group(0) if found else None


@pytest.mark.parametrize("role", ["ministry", "admin"])
def test_the_ministry_sees_the_mids_coordinators_with_mailto_links_and_bounces_flagged(
        client, login, create_user, city, role):
    login(create_user(f"{role}@example.org", role=role))
    section = contacts_section(client.get(f"/mids/{city.id}").get_data(as_text=True))
    assert section is not None
    assert 'href="mailto:anna.nowak@example.org"' in section and "Anna Nowak" in section
    assert 'href="mailto:jan.kowalski@example.org"' in section and "Jan Kowalski" in section
    jan = re.search(r"<li[^>]*>(?:(?!</li>).)*Jan Kowalski.*?</li>", section, re.S).group(0)
    assert "odrzuca pocztę" in jan and "3 listopada 2026" in jan
    anna = re.search(r"<li[^>]*>(?:(?!</li>).)*Anna Nowak.*?</li>", section, re.S).group(0)
    assert "odrzuca" not in anna and "nie dotarła" not in anna
    assert "byla@example.org" not in section and "lublin@example.org" not in section


def test_an_address_whose_last_message_failed_for_good_is_flagged(client, login, create_user, city, session):
    anna = find_user(session, "anna.nowak@example.org")
    session.add(OutboxMessage(idempotency_key="t:2", channel="email", kind="reminder-3",
                              recipient=anna.email, user_id=anna.id, status="failed", attempts=6,
                              created_at=datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)))
    session.commit()
    login(create_user("ministerstwo@example.org", role="ministry"))
    section = contacts_section(client.get(f"/mids/{city.id}?lang=en").get_data(as_text=True))
    anna = re.search(r"<li[^>]*>(?:(?!</li>).)*Anna Nowak.*?</li>", section, re.S).group(0)
    assert "last message could not be delivered" in anna and "November 20, 2026" in anna


def test_a_mid_with_no_active_coordinator_says_nobody_answers(client, login, create_user, create_mid):
    mid = create_mid(participant="Żory")
    login(create_user("ministerstwo@example.org", role="ministry"))
    section = contacts_section(client.get(f"/mids/{mid.id}").get_data(as_text=True))
    assert "Żaden aktywny koordynator" in section and "mailto:" not in section


def test_a_coordinator_does_not_see_the_contacts_section_on_their_own_mid(client, login, create_user, city):
    login(create_user("slupsk@example.org", participants=("Słupsk",)))
    response = client.get(f"/mids/{city.id}")
    assert response.status_code == 200 and contacts_section(response.get_data(as_text=True)) is None


@pytest.mark.parametrize("role, allowed", [("coordinator", False), ("ministry", True), ("admin", True)])
def test_only_the_ministry_and_admins_may_see_whom_to_call(create_user, city, role, allowed):
    user = create_user(f"{role}@example.org", role=role)
    assert can(user, Permission.view_contacts, city) is allowed
    assert can(None, Permission.view_contacts, city) is False
