"""The report form's error summary: Polish sentences that name the action or row and link to the field."""

import re
from html import unescape

from sqlmodel import select

from alumni.models import Report, ReportActionUpdate
from tests.reporting.test_reports import open_round, report_data, slupsk  # noqa: F401  (fixtures)


def summary_links(page):
    """(href, text) of every link in the page's error summary."""
    block = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    return [(href, unescape(re.sub(r"\s+", " ", text)).strip())
            for href, text in re.findall(r'<a href="([^"]*)">(.*?)</a>', block, re.S)]


def ids_in(page):
    return set(re.findall(r'\bid="([^"]+)"', page))


def test_row_errors_are_polish_sentences_naming_the_action_and_linking_to_the_field(client, slupsk, open_round):
    blank_funding = {f"funding-{n}-{name}": "" for n in range(3) for name in ("amount", "source")}
    data = report_data(client, slupsk, **{**blank_funding, "rows-1-progress": "150", "funding-1-amount": "1000",
                                          "submit": "1"})
    page = client.post(f"/mids/{slupsk.id}/report", data=data).get_data(as_text=True)
    links = summary_links(page)
    assert links == [
        ("#rows-1-progress", "Działanie „Zbiorniki retencyjne”: postęp musi być liczbą całkowitą od 0 do 100."),
        ("#funding-1-source", "Pozyskane finansowanie, wiersz 2: podaj źródło tego finansowania."),
    ]
    assert {href[1:] for href, _text in links} <= ids_in(page)
    assert "{}" not in page and "Rows" not in page and "Funding" not in page and "between" not in page
    assert "Postęp musi być liczbą całkowitą od 0 do 100." in page  # next to the field too


def test_progress_with_a_decimal_comma_gets_one_clear_message_and_is_kept(client, slupsk, open_round, session):
    data = report_data(client, slupsk, **{"rows-0-progress": "12,5", "submit": "1"})
    response = client.post(f"/mids/{slupsk.id}/report", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert summary_links(page) == [
        ("#rows-0-progress", "Działanie „Ogrody deszczowe”: postęp musi być liczbą całkowitą od 0 do 100.")]
    assert "To pole jest wymagane" not in page and "z zakresu" not in page
    assert re.search(r'name="rows-0-progress"[^>]*value="12,5"', page)
    assert session.exec(select(Report)).all() == []


def test_progress_written_as_a_whole_number_with_a_zero_fraction_is_accepted(client, slupsk, open_round, session):
    data = report_data(client, slupsk, **{"rows-0-progress": "60,0", "draft": "1"})
    assert client.post(f"/mids/{slupsk.id}/report", data=data).status_code == 302
    assert 60 in [update.progress for update in session.exec(select(ReportActionUpdate))]


def test_action_form_says_the_progress_range_in_polish(client, slupsk):
    from tests.pages import csrf

    response = client.post(f"/mids/{slupsk.id}/actions/new", data={
        "csrf_token": csrf(client, f"/mids/{slupsk.id}/actions/new"), "title": "Park", "status": "planned",
        "progress": "101"})
    page = response.get_data(as_text=True)
    assert "Postęp musi być liczbą całkowitą od 0 do 100." in page
    assert "z zakresu" not in page and "0 i 100" not in page


def test_an_action_title_with_quotes_and_ampersands_is_escaped_once(client, create_mid, create_action, create_user,
                                                                     login, open_round):  # noqa: F811
    mid = create_mid(participant="Słupsk")
    create_action(mid, title='Park "Zielony" & staw', position=0)
    login(create_user(email="slupsk@example.org", participants=("Słupsk",)))
    data = report_data(client, mid, **{"rows-0-progress": "abc", "submit": "1"})
    page = client.post(f"/mids/{mid.id}/report", data=data).get_data(as_text=True)
    assert summary_links(page) == [
        ("#rows-0-progress", 'Działanie „Park "Zielony" & staw”: postęp musi być liczbą całkowitą od 0 do 100.')]
    assert "&amp;amp;" not in page and "&amp;#34;" not in page
