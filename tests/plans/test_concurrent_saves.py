"""Simultaneous saves of one thing through a real server: exactly one wins, every other gets the conflict page.

Twenty people's browsers (threads) post at the same instant to the app served by waitress
on a loopback port, on SQLite and on a real PostgreSQL server.
"""

import re
import threading
from datetime import timedelta

import pytest
import requests
from sqlmodel import select

from alumni.clock import Calendar
from alumni.models import Action, Report, utcnow

PASSWORD = "correct horse battery staple"
PEOPLE = 20
CONFLICT = "W międzyczasie ktoś inny zapisał zmiany"


class Server:
    """The test's app served by waitress with one thread per simultaneous request."""

    def __init__(self, app):
        from waitress.server import create_server

        self.server = create_server(app, host="127.0.0.1", port=0, threads=PEOPLE, ident="pim-alumni-test")
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        try:
            self.server.run()
        except OSError:  # closing the listening socket under the running loop ends it
            pass

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.close()
        self.thread.join(timeout=5)


@pytest.fixture
def coordinator(app, create_mid, create_action, create_user):
    mid = create_mid(participant="Słupsk")
    action = create_action(mid, title="Ogrody deszczowe", progress=40)
    create_user(email="slupsk@example.org", participants=("Słupsk",), password=PASSWORD)
    with Server(app) as server:
        browser = requests.Session()
        page = browser.get(f"{server.url}/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        signed_in = browser.post(f"{server.url}/login", data={"csrf_token": token, "email": "slupsk@example.org",
                                                              "password": PASSWORD}, allow_redirects=False)
        assert signed_in.status_code == 302
        yield server, browser, mid, action


def csrf_of(browser, url):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', browser.get(url).text).group(1)


def all_at_once(browser, url, forms):
    """POST each form from its own browser (same person, own cookies) at the same instant; the responses."""
    start, responses = threading.Barrier(len(forms)), [None] * len(forms)

    def post(number, form):
        own = requests.Session()
        own.cookies.update(browser.cookies)
        start.wait()
        responses[number] = own.post(url, data=form, allow_redirects=False, timeout=120)

    threads = [threading.Thread(target=post, args=(number, form)) for number, form in enumerate(forms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def outcome(responses, typed):
    """(number of 302s, the other responses' statuses, whether each 409 page keeps its own typed text)."""
    won = [n for n, response in enumerate(responses) if response.status_code == 302]
    others = [(n, response) for n, response in enumerate(responses) if response.status_code != 302]
    return (len(won), sorted({response.status_code for _n, response in others}),
            all(typed[n] in response.text and CONFLICT in response.text for n, response in others), won)


def test_simultaneous_saves_of_one_action_let_one_through_and_show_the_rest_the_conflict(coordinator, session):
    server, browser, mid, action = coordinator
    seen_version = action.version
    url = f"{server.url}/mids/{mid.id}/actions/{action.id}"
    token = csrf_of(browser, url)
    typed = [f"Wydział Zieleni nr {n}" for n in range(PEOPLE)]
    forms = [{"csrf_token": token, "title": "Ogrody deszczowe", "description": "", "planned_start": "2026-03", "planned_end": "2027-06",
              "responsible_unit": typed[n], "estimated_budget": "1000", "funding_sources": "", "status": "in_progress",
              "progress": str(41 + n), "version": str(seen_version)} for n in range(PEOPLE)]
    won, statuses, kept, winners = outcome(all_at_once(browser, url, forms), typed)
    assert (won, statuses, kept) == (1, [409], True)
    saved = session.get(Action, action.id)
    session.refresh(saved)
    assert (saved.responsible_unit, saved.version) == (typed[winners[0]], seen_version + 1)


def test_simultaneous_first_saves_of_one_report_let_one_through_and_show_the_rest_the_conflict(
        coordinator, session, create_round):
    server, browser, mid, action = coordinator
    today = Calendar().local_date(utcnow())
    create_round(name="Bieżąca", opens_on=today - timedelta(days=10), due_on=today + timedelta(days=10),
                 closes_on=today + timedelta(days=40))
    url = f"{server.url}/mids/{mid.id}/report"
    token = csrf_of(browser, url)
    typed = [f"Osiągnięcie numer {n}" for n in range(PEOPLE)]
    forms = [{"csrf_token": token, "version": "", "rows-0-action_id": str(action.id),
              "rows-0-action_version": str(action.version), "rows-0-status": "in_progress",
              "rows-0-progress": str(41 + n), "achievements": typed[n], "submit" if n % 2 else "draft": "1"}
             for n in range(PEOPLE)]
    won, statuses, kept, winners = outcome(all_at_once(browser, url, forms), typed)
    assert (won, statuses, kept) == (1, [409], True)
    report = session.exec(select(Report)).one()
    assert report.achievements == typed[winners[0]]
