"""The ministry's review queue: submitted reports oldest first, filtered, reviewed in one click; the menu count."""

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import event
from sqlmodel import select

from alumni.db import get_db
from alumni.models import Report
from tests.pages import csrf


def at(day):
    return datetime.combine(day, datetime.min.time(), tzinfo=timezone.utc).replace(hour=10)


@pytest.fixture
def queue(create_mid, create_network, create_round, create_report, create_user, login):
    """Reports in every state over two editions, two networks and two rounds; a ministry official signed in."""
    h1 = create_round(name="2026 H1", opens_on=date(2026, 5, 4), due_on=date(2026, 6, 15), closes_on=date(2026, 7, 31))
    h2 = create_round(name="2026 H2", opens_on=date(2026, 11, 2), due_on=date(2026, 12, 14),
                      closes_on=date(2027, 1, 29))
    green = create_network(name="Sieć Zielona", edition_code="PIM II")
    digital = create_network(name="Sieć Cyfrowa", edition_code="PIM III")
    slupsk = create_mid(participant="Słupsk", title="Błękitno-zielona infrastruktura", network=green)
    zory = create_mid(participant="Żory", title="Osiedle Gwarków", network=green)
    lublin = create_mid(participant="Lublin", title="Zielone Serce Miasta", network=digital)
    gdansk = create_mid(participant="Gdańsk", title="Zielone skwery", network=digital)
    reports = {
        "slupsk_h2": create_report(slupsk, h2, submitted_at=at(date(2026, 12, 10))),
        "zory_h1": create_report(zory, h1, submitted_at=at(date(2026, 6, 20))),
        "lublin_h2": create_report(lublin, h2, submitted_at=at(date(2026, 12, 1))),
        "gdansk_h2": create_report(gdansk, h2, state="accepted", submitted_at=at(date(2026, 11, 20))),
        "slupsk_h1": create_report(slupsk, h1, state="returned", submitted_at=at(date(2026, 6, 1))),
        "zory_h2": create_report(zory, h2, state="draft", submitted_at=None),
    }
    login(create_user(email="ministerstwo@example.org", role="ministry"))
    return {"h1": h1, "h2": h2, "green": green, "digital": digital, "reports": reports}


def titles_in_order(page, titles=("Osiedle Gwarków", "Zielone Serce Miasta", "Błękitno-zielona infrastruktura",
                                  "Zielone skwery")):
    found = [(page.index(f">{title}</a>"), title) for title in titles if f">{title}</a>" in page]
    return [title for _index, title in sorted(found)]


def test_the_queue_lists_submitted_reports_oldest_first(client, queue):
    page = client.get("/reviews").get_data(as_text=True)
    assert titles_in_order(page) == ["Osiedle Gwarków", "Zielone Serce Miasta", "Błękitno-zielona infrastruktura"]
    assert "3 raporty czekają na przegląd" in page


def test_the_filters_narrow_the_queue_and_stay_in_the_address(client, queue):
    h2, green = queue["h2"], queue["green"]
    by_round = client.get(f"/reviews?round={h2.id}").get_data(as_text=True)
    assert titles_in_order(by_round) == ["Zielone Serce Miasta", "Błękitno-zielona infrastruktura"]
    assert f'<option value="{h2.id}" selected>2026 H2</option>' in by_round
    both = client.get(f"/reviews?round={h2.id}&network={green.id}").get_data(as_text=True)
    assert titles_in_order(both) == ["Błękitno-zielona infrastruktura"]
    by_edition = client.get(f"/reviews?edition={queue['digital'].edition_id}").get_data(as_text=True)
    assert titles_in_order(by_edition) == ["Zielone Serce Miasta"]
    # The review form posts back with the filters, so the ministry lands on the same list.
    assert f'action="/reviews/{queue["reports"]["slupsk_h2"].id}?network={green.id}&amp;round={h2.id}"' in both


def test_accepting_from_the_queue_takes_one_click_and_returns_to_the_filtered_list(client, queue, session):
    report = queue["reports"]["lublin_h2"]
    token = csrf(client, "/reviews")
    response = client.post(f"/reviews/{report.id}?round={queue['h2'].id}",
                           data={f"r{report.id}-csrf_token": token, f"r{report.id}-decision": "accept",
                                 f"r{report.id}-comment": "", f"r{report.id}-version": report.version})
    assert response.status_code == 302 and response.headers["Location"] == f"/reviews?round={queue['h2'].id}"
    session.expire_all()
    reviewed = session.get(Report, report.id)
    assert reviewed.state == "accepted" and reviewed.reviewed_at is not None
    assert "Zielone Serce Miasta" not in client.get("/reviews").get_data(as_text=True)


def test_returning_needs_a_comment_and_then_reopens_the_report(client, queue, session):
    report = queue["reports"]["zory_h1"]
    token = csrf(client, "/reviews")
    fields = {f"r{report.id}-csrf_token": token, f"r{report.id}-decision": "return",
              f"r{report.id}-version": report.version}
    refused = client.post(f"/reviews/{report.id}", data={**fields, f"r{report.id}-comment": " "},
                          follow_redirects=True)
    assert "napisz, co miasto powinno zmienić" in refused.get_data(as_text=True)
    session.expire_all()
    assert session.get(Report, report.id).state == "submitted"
    client.post(f"/reviews/{report.id}", data={**fields, f"r{report.id}-comment": "Brak kwot finansowania."})
    session.expire_all()
    returned = session.get(Report, report.id)
    assert (returned.state, returned.review_comment) == ("returned", "Brak kwot finansowania.")


def test_the_menu_shows_the_count_with_one_count_query_per_page(app, client, queue, create_user, login):
    statements = []

    def keep(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = get_db(app).engine
    event.listen(engine, "before_cursor_execute", keep)
    try:
        page = client.get("/profile").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    assert 'href="/reviews"' in page and "3 czekają" in page
    counts = [s for s in statements if "count(" in s.lower() and "FROM report" in s]
    assert len(counts) == 1

    login(create_user(email="slupsk@example.org", participants=("Słupsk",)))
    statements.clear()
    event.listen(engine, "before_cursor_execute", keep)
    try:
        page = client.get("/profile").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    assert 'href="/reviews"' not in page
    assert [s for s in statements if "FROM report" in s] == []


def test_a_report_reviewed_meanwhile_leaves_the_queue(client, queue, session):
    assert "Błękitno-zielona infrastruktura" in client.get("/reviews").get_data(as_text=True)
    report = queue["reports"]["slupsk_h2"]
    report = session.exec(select(Report).where(Report.id == report.id)).one()
    report.state = "accepted"
    session.add(report)
    session.commit()
    page = client.get("/reviews").get_data(as_text=True)
    assert "Błękitno-zielona infrastruktura" not in page and "2 raporty czekają na przegląd" in page


def test_a_review_from_a_list_older_than_the_report_is_refused(client, queue, session):
    report = queue["reports"]["lublin_h2"]
    page = client.get("/reviews").get_data(as_text=True)
    assert f'name="r{report.id}-version" type="hidden" value="{report.version}"' in page
    token = csrf(client, "/reviews")
    seen = report.version
    report.achievements = "Poprawione po otwarciu listy."
    session.commit()
    response = client.post(f"/reviews/{report.id}", follow_redirects=True,
                           data={f"r{report.id}-csrf_token": token, f"r{report.id}-decision": "accept",
                                 f"r{report.id}-comment": "", f"r{report.id}-version": seen})
    assert "Miasto zmieniło to sprawozdanie po wyświetleniu listy" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Report, report.id).state == "submitted"
