"""CSRF tokens live as long as the session; a form refused for its token comes back filled in, never lost."""

import html
import re
import time

from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlmodel import select

from alumni.models import Action, Milestone, Report
from tests.pages import csrf
from tests.accounts.test_auth import PASSWORD, ministry  # noqa: F401 (a fixture)
from tests.plans.test_plan import ACTION, slupsk as plan_mid  # noqa: F401 (a fixture)
from tests.reporting.test_reports import open_round, report_data, slupsk  # noqa: F401 (fixtures)

POLISH = "Nie udało się potwierdzić formularza"
# About 9,500 characters: a long answer, within the field's limit.
LONG_TEXT = "Zazieleniliśmy podwórka przy ul. Długiej; mieszkańcy sami posadzili byliny. " * 120


def _fresh_token(page):
    return re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)


def _hours_old_token(app, client, hours):
    """The session's CSRF token, signed ``hours`` ago (as on a page left open that long)."""
    client.get("/login")
    with client.session_transaction() as cookie:
        raw = cookie["csrf_token"]

    class Earlier(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - hours * 3600

    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token", signer=Earlier).dumps(raw)


def test_a_form_open_for_hours_still_sends(app, client, ministry):  # noqa: F811
    token = _hours_old_token(app, client, hours=5)
    response = client.post("/login", data={"csrf_token": token, "email": "ministerstwo@example.org",
                                           "password": PASSWORD})
    assert response.status_code == 302


def test_a_report_refused_for_its_token_comes_back_with_every_word_typed(client, slupsk, open_round,  # noqa: F811
                                                                        session):
    data = report_data(client, slupsk, achievements=LONG_TEXT, **{"rows-0-progress": "65", "submit": "1"})
    data["csrf_token"] = "expired-or-forged"
    response = client.post(f"/mids/{slupsk.id}/report", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert POLISH in page
    assert LONG_TEXT.strip() in html.unescape(page)
    assert re.search(r'name="rows-0-progress"[^>]*value="65"', page)
    assert session.exec(select(Report)).all() == []
    # The page carries a fresh token: sending it again saves the report.
    data["csrf_token"] = _fresh_token(page)
    assert client.post(f"/mids/{slupsk.id}/report", data=data).status_code == 302
    assert session.exec(select(Report)).one().achievements.strip() == LONG_TEXT.strip()


def test_an_action_edit_refused_for_its_token_keeps_the_typed_values(client, plan_mid, create_action,  # noqa: F811
                                                                    session):
    action = create_action(plan_mid, title="Ogrody deszczowe", progress=40)
    path = f"/mids/{plan_mid.id}/actions/{action.id}"
    response = client.post(path, data={**ACTION, "title": "Ogrody deszczowe i łąki", "progress": "55",
                                       "version": action.version})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and POLISH in page
    assert 'value="Ogrody deszczowe i łąki"' in page and 'value="55"' in page
    session.refresh(action)
    assert (action.title, action.progress) == ("Ogrody deszczowe", 40)
    assert _fresh_token(page)


def test_a_milestone_refused_for_its_token_keeps_the_typed_values(client, plan_mid, session):  # noqa: F811
    path = f"/mids/{plan_mid.id}/milestones/new"
    response = client.post(path, data={"csrf_token": "stale", "title": "Odbiór ogrodów", "due_on": "2026-09-30"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and POLISH in page
    assert 'value="Odbiór ogrodów"' in page and 'value="2026-09-30"' in page
    assert session.exec(select(Milestone)).all() == [] and session.exec(select(Action)).all() == []


def test_a_login_refused_for_its_token_keeps_the_address_and_signs_no_one_in(client, ministry):  # noqa: F811
    response = client.post("/login", data={"email": "ministerstwo@example.org", "password": PASSWORD})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and POLISH in page
    assert 'value="ministerstwo@example.org"' in page and _fresh_token(page)
    assert client.get("/mids").status_code == 302  # not signed in


def test_a_button_without_its_own_page_refused_for_its_token_does_nothing(client, ministry, login):  # noqa: F811
    login(ministry)
    response = client.post("/logout", data={"csrf_token": "forged"})
    assert response.status_code == 400 and "<html" in response.get_data(as_text=True)
    assert client.get("/mids").status_code == 200  # still signed in
