"""Dropping an action ("Zaniechaj") asks first, on a page that works without JavaScript, and never for done work."""

import re

from sqlmodel import select

from alumni.models import Action
from tests.pages import csrf
from tests.plans.test_plan import slupsk  # noqa: F401  (fixture)


def test_the_mid_page_links_to_a_confirmation_instead_of_dropping_in_one_click(client, slupsk, create_action):
    going = create_action(slupsk, title="Ogrody deszczowe", status="in_progress", progress=40)
    create_action(slupsk, title="Zbiornik", status="done", progress=100)
    page = client.get(f"/mids/{slupsk.id}").get_data(as_text=True)
    assert "/drop" not in "".join(re.findall(r'<form[^>]*action="([^"]*)"', page))
    drop_links = re.findall(r'<a href="(/mids/\d+/actions/\d+/drop)"', page)
    assert drop_links == [f"/mids/{slupsk.id}/actions/{going.id}/drop"]


def test_the_confirmation_page_drops_the_action_only_when_confirmed(client, slupsk, create_action, session):
    action = create_action(slupsk, title="Ogrody deszczowe", status="in_progress", progress=40)
    path = f"/mids/{slupsk.id}/actions/{action.id}/drop"
    page = client.get(path)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Zaniechać działania „Ogrody deszczowe”?" in text
    form = re.search(rf'<form method="post" action="{path}"[^>]*>(.*?)</form>', text, re.S).group(1)
    assert '<button type="submit">Tak, zaniechaj działania</button>' in form
    assert re.search(rf'name="version" type="hidden" value="{action.version}"|value="{action.version}"[^>]*name="version"',
                     form) and 'name="csrf_token"' in form
    assert re.search(rf'<a class="button secondary" href="/mids/{slupsk.id}#actions">Anuluj</a>', text)
    session.expire_all()
    assert session.get(Action, action.id).status == "in_progress"  # looking asks, it does not drop

    response = client.post(path, data={"csrf_token": csrf(client, path), "version": action.version})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Action, action.id).status == "dropped"


def test_a_done_action_cannot_be_dropped_even_by_a_crafted_request(client, slupsk, create_action, session):
    action = create_action(slupsk, title="Zbiornik", status="done", progress=100)
    path = f"/mids/{slupsk.id}/actions/{action.id}/drop"
    page = client.get(path).get_data(as_text=True)
    assert "Zrealizowanego działania nie można zaniechać." in page and "Tak, zaniechaj" not in page
    response = client.post(path, data={"csrf_token": csrf(client, f"/mids/{slupsk.id}"), "version": action.version},
                           follow_redirects=True)
    assert "Zrealizowanego działania nie można zaniechać." in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Action, action.id).status == "done"
