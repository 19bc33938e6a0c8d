"""The private calendar feed: parses with icalendar, holds the right events, revocable."""

from datetime import date, timedelta

import pytest
from icalendar import Calendar
from sqlmodel import select

from alumni.calendar_feed import remove_feed, rotate_feed_key
from alumni.models import AuditEvent, CalendarFeed, utcnow


TODAY = date.today()


def days(number):
    return TODAY + timedelta(days=number)


@pytest.fixture
def programme(session, create_network, create_mid, create_action, create_milestone, create_round):
    """Milestones and rounds around today: the feed shows the last year and what is to come."""
    def milestone(mid, title, **fields):
        row = create_milestone(mid, **fields)
        row.title = title
        session.commit()

    green = create_network(name="Sieć Zielona", edition_code="PIM II")
    slupsk = create_mid(participant="Słupsk", network=green, title="Błękitno-zielona infrastruktura")
    lublin = create_mid(participant="Lublin", network=green, title="Zielone Serce Miasta", voivodeship="lubelskie")
    rain = create_action(slupsk, title="Ogrody deszczowe")
    milestone(slupsk, "Odbiór ogrodów", action_id=rain.id, due_on=days(120))
    milestone(slupsk, "Raport z monitoringu", due_on=days(-10), achieved_on=days(-12),
              evidence="https://example.org/raport.pdf")
    milestone(lublin, "Otwarcie parku", due_on=days(200))
    milestone(lublin, "Dawno minione", due_on=days(-800))
    create_round(name="Runda bieżąca", opens_on=days(-20), due_on=days(20), closes_on=days(60))
    create_round(name="Runda dawna", opens_on=days(-900), due_on=days(-860), closes_on=days(-820))
    return {"slupsk": slupsk, "lublin": lublin}


@pytest.fixture
def feed_of(session):
    def make(user):
        key = rotate_feed_key(session, user, utcnow())
        session.commit()
        return key

    return make


def events(client, key):
    response = client.get(f"/calendar/{key}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_a_coordinators_feed_holds_the_round_deadlines_and_their_own_milestones(
        client, create_user, feed_of, programme):
    coordinator = create_user(email="k@example.org", role="coordinator", participants=("Słupsk",), language="en", password=None)
    found = events(client, feed_of(coordinator))
    summaries = sorted(str(event["SUMMARY"]) for event in found.values())
    assert summaries == ["Achieved: Milestone: Raport z monitoringu (Słupsk)",
                         "Milestone: Odbiór ogrodów (Słupsk)", "Report due: round Runda bieżąca"]
    pickup = next(e for e in found.values() if "Odbiór" in str(e["SUMMARY"]))
    assert pickup.decoded("DTSTART") == days(120) and pickup.decoded("DTEND") == days(121)
    assert "Action: Ogrody deszczowe" in str(pickup["DESCRIPTION"])
    assert str(pickup["URL"]) == f"http://alumni.example.org/mids/{programme['slupsk'].id}"


def test_a_ministry_feed_holds_every_mids_milestones(client, create_user, feed_of, programme):
    ministry = create_user(email="m@example.org", role="ministry", password=None)
    found = events(client, feed_of(ministry))
    assert len([uid for uid in found if uid.startswith("milestone-")]) == 3  # not the one years past
    assert {uid for uid in found if uid.startswith("round-")} == {"round-1@pim-alumni"}


def test_a_rotated_key_ends_the_old_address_and_the_key_is_stored_hashed(
        client, session, create_user, feed_of, programme):
    ministry = create_user(email="m@example.org", role="ministry", password=None)
    old = feed_of(ministry)
    new = feed_of(ministry)
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200
    stored = session.exec(select(CalendarFeed)).all()
    assert len(stored) == 1 and new not in stored[0].key_hash
    remove_feed(session, ministry, utcnow())
    session.commit()
    assert client.get(f"/calendar/{new}.ics").status_code == 404
    assert session.exec(select(AuditEvent.action).where(AuditEvent.entity_type == "calendarfeed")
                        .order_by(AuditEvent.id)).all() == ["create", "rotate", "remove"]


def test_a_deactivated_users_feed_stops(client, session, create_user, feed_of, programme):
    ministry = create_user(email="m@example.org", role="ministry", password=None)
    key = feed_of(ministry)
    ministry.is_active = False
    session.commit()
    assert client.get(f"/calendar/{key}.ics").status_code == 404
    assert client.get("/calendar/made-up-key.ics").status_code == 404


def test_calendar_create_prints_the_feed_address(runner, client, create_user, programme):
    create_user(email="m@example.org", role="ministry", password=None)
    result = runner.invoke(args=["calendar", "create", "--email", "m@example.org"])
    assert result.exit_code == 0, result.output
    url = result.output.strip()
    assert url.startswith("http://alumni.example.org/calendar/") and url.endswith(".ics")
    assert client.get(url.removeprefix("http://alumni.example.org")).status_code == 200
