"""The report form opened from an e-mail speaks the recipient's language, not the browser's."""

import re

from alumni.models import User
from tests.reporting.test_report_link import path_of, setup  # noqa: F401  (fixture)


def test_link_form_is_in_the_recipients_language_whatever_the_browser_says(app, client, setup, session):
    mid, round_, user = setup
    page = client.get(path_of(app, round_, mid, user), headers={"Accept-Language": "en-GB,en;q=0.9"})
    text = page.get_data(as_text=True)
    assert '<html lang="pl">' in text and "Złóż raport" in text and "Submit the report" not in text

    english = session.get(User, user.id)
    english.language = "en"
    session.add(english)
    session.commit()
    page = client.get(path_of(app, round_, mid, english), headers={"Accept-Language": "pl-PL,pl;q=0.9"})
    text = page.get_data(as_text=True)
    assert '<html lang="en">' in text and "Submit the report" in text and "Złóż raport" not in text


def test_link_form_errors_are_in_the_recipients_language(app, client, setup):
    mid, round_, user = setup
    path = path_of(app, round_, mid, user)
    page = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)
    response = client.post(path, headers={"Accept-Language": "en"}, data={
        "csrf_token": token, "rows-0-action_id": str(mid.actions[0].id), "rows-0-status": "in_progress",
        "rows-0-progress": "abc", "submit": "1"})
    assert "Postęp musi być liczbą całkowitą od 0 do 100." in response.get_data(as_text=True)
