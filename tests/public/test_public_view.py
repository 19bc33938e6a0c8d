"""The public view: off by default, the one visibility rule, the switches (audited), and anonymous answers."""

import re
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from sqlmodel import select

from alumni.models import AuditEvent, Mid
from alumni.public import visibility
from tests.pages import csrf

THIS_YEAR = datetime.now(timezone.utc).year


@pytest.fixture
def switch_on(session):
    def switch(enabled=True):
        visibility.switch_view(session, enabled)
        session.commit()

    return switch


@pytest.fixture
def public_mid(session, create_mid, create_action, create_milestone):
    """Słupsk's MID, agreed to by its city, with an action (budget 100 000 zł) and a milestone."""
    mid = create_mid(participant="Słupsk", title="Zielone podwórka", public_consent=True)
    create_action(mid, title="Ogrody deszczowe", estimated_budget=Decimal("123456.78"), funding_sources="FEnIKS")
    milestone = create_milestone(mid, achieved_on=date(2026, 5, 4))
    milestone.title = "Odbiór ogrodów"
    session.add(milestone)
    session.commit()
    return mid


def test_the_public_view_is_off_until_an_admin_switches_it_on(client, public_mid):
    for path in ("/public/", f"/public/mids/{public_mid.id}", "/open-data/", "/open-data/mids.csv",
                 "/open-data/catalog.jsonld", "/sitemap.xml"):
        assert client.get(path).status_code == 404, path
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /\n" in robots and "Sitemap" not in robots


@pytest.mark.parametrize("enabled, consent, withheld, public", [
    (True, True, False, True),
    (False, True, False, False),
    (True, False, False, False),
    (True, True, True, False),
])
def test_a_mid_is_public_only_when_switched_on_agreed_and_not_withheld(
        client, session, switch_on, create_mid, enabled, consent, withheld, public):
    switch_on(enabled)
    mid = create_mid(title="Miasto dla ludzi", public_consent=consent, public_withheld=withheld)
    assert visibility.public_mid_ids(session) == ([mid.id] if public else [])
    assert visibility.is_public(session, mid.id) is public
    page = client.get(f"/public/mids/{mid.id}")
    assert page.status_code == (200 if public else 404)
    if enabled:
        assert ("Miasto dla ludzi" in client.get("/public/").get_data(as_text=True)) is public
        assert ("Miasto dla ludzi" in client.get("/open-data/mids.csv").get_data(as_text=True)) is public
        assert (f"/public/mids/{mid.id}<" in client.get("/sitemap.xml").get_data(as_text=True)) is public


def test_an_admin_switches_the_view_on_in_the_interface_and_it_is_audited(client, login, session, create_user):
    admin = login(create_user(email="admin@example.org", role="admin"))
    token = csrf(client, "/admin/public-view")
    response = client.post("/admin/public-view", data={"csrf_token": token, "enabled": "y"})
    assert response.status_code == 302
    assert visibility.view_enabled(session)
    client.post("/admin/public-view", data={"csrf_token": token})
    assert not visibility.view_enabled(session)
    events = session.exec(select(AuditEvent).where(AuditEvent.entity_type == "setting")
                          .order_by(AuditEvent.id)).all()
    assert [event.changes["value"]["after"] for event in events] == ["on", "off"]
    assert {event.actor_id for event in events} == {admin.id}
    trail = client.get("/admin/audit").get_data(as_text=True)
    assert "przełącznik widoku publicznego" in trail


def test_the_city_publishes_its_mid_and_the_ministry_withholds_it_each_audited(
        client, login, session, switch_on, create_mid, create_user):
    switch_on()
    mid = create_mid(participant="Słupsk")
    coordinator = login(create_user(email="slupsk@example.org", participants=("Słupsk",)))
    page = client.get(f"/mids/{mid.id}").get_data(as_text=True)
    assert 'id="publication"' in page and "withholding" not in page
    token = csrf(client, f"/mids/{mid.id}")
    client.post(f"/mids/{mid.id}/publication", data={"csrf_token": token, "consent": "y", "budget": "y"})
    session.refresh(mid)
    assert (mid.public_consent, mid.public_budget) == (True, True)
    assert client.get(f"/public/mids/{mid.id}").status_code == 200
    assert client.post(f"/mids/{mid.id}/withholding", data={"csrf_token": token, "withheld": "y"}).status_code == 403

    ministry = login(create_user(email="ministerstwo@example.org", role="ministry"))
    token = csrf(client, f"/mids/{mid.id}")
    assert client.post(f"/mids/{mid.id}/publication", data={"csrf_token": token}).status_code == 403
    client.post(f"/mids/{mid.id}/withholding", data={"csrf_token": token, "withheld": "y"})
    session.refresh(mid)
    assert mid.public_withheld and mid.public_consent
    assert client.get(f"/public/mids/{mid.id}").status_code == 404

    changes = [(event.actor_id, event.changes) for event in session.exec(
        select(AuditEvent).where(AuditEvent.entity_type == "mid", AuditEvent.action == "update")
        .order_by(AuditEvent.id))]
    assert changes == [
        (coordinator.id, {"public_consent": {"before": False, "after": True},
                          "public_budget": {"before": False, "after": True}}),
        (ministry.id, {"public_withheld": {"before": False, "after": True}}),
    ]


def test_a_coordinator_cannot_publish_another_citys_mid(client, login, session, create_mid, create_user):
    other = create_mid(participant="Lublin")
    create_mid(participant="Słupsk")
    login(create_user(email="slupsk@example.org", participants=("Słupsk",)))
    token = csrf(client, "/profile")
    assert client.post(f"/mids/{other.id}/publication",
                       data={"csrf_token": token, "consent": "y"}).status_code == 403
    session.refresh(other)
    assert not other.public_consent


def test_withdrawing_consent_also_withdraws_the_budget(session, create_mid):
    mid = create_mid(public_consent=True, public_budget=True)
    visibility.choose_publication(mid, consent=False, budget=True)
    assert (mid.public_consent, mid.public_budget) == (False, False)


def test_the_public_mid_page_shows_the_plan_and_the_years_accepted_achievements_only(
        client, switch_on, public_mid, create_round, create_report):
    switch_on()
    accepted = create_round(name=f"{THIS_YEAR} H1", opens_on=date(THIS_YEAR, 5, 4), due_on=date(THIS_YEAR, 6, 15),
                            closes_on=date(THIS_YEAR, 7, 31))
    create_report(public_mid, accepted, state="accepted", achievements="Posadzono 40 drzew.",
                  barriers_text="Wykonawca się spóźnił.")
    for name, state in (("H2", "returned"), ("H3", "draft")):
        round_ = create_round(name=f"{THIS_YEAR} {name}", opens_on=date(THIS_YEAR, 9, 1),
                              due_on=date(THIS_YEAR, 9, 15), closes_on=date(THIS_YEAR, 10, 1))
        create_report(public_mid, round_, state=state, submitted_at=None if state == "draft" else datetime.now(timezone.utc),
                      achievements=f"Tekst {state}.")
    text = client.get(f"/public/mids/{public_mid.id}").get_data(as_text=True)
    assert "Zielone podwórka" in text and "Ogrody deszczowe" in text and "Odbiór ogrodów" in text
    assert "Posadzono 40 drzew." in text
    for hidden in ("Wykonawca się spóźnił.", "Tekst returned.", "Tekst draft.", "123", "FEnIKS"):
        assert hidden not in text


def test_budgets_are_shown_only_when_the_city_chose_to_publish_them(client, session, switch_on, public_mid):
    switch_on()
    assert "FEnIKS" not in client.get(f"/public/mids/{public_mid.id}").get_data(as_text=True)
    public_mid.public_budget = True
    session.add(public_mid)
    session.commit()
    text = client.get(f"/public/mids/{public_mid.id}").get_data(as_text=True)
    assert "FEnIKS" in text and "123\u00a0456,78" in text


def test_public_pages_set_no_cookie_and_are_cacheable_with_an_etag(client, switch_on, public_mid):
    switch_on()
    for path in ("/public/", "/public/?lang=en", f"/public/mids/{public_mid.id}?lang=en", "/open-data/",
                 "/open-data/mids.csv", "/open-data/catalog.jsonld", "/sitemap.xml", "/robots.txt"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers, path
        assert "Cookie" not in response.headers.get("Vary", ""), path
        assert response.cache_control.public and response.cache_control.max_age == 300, path
        assert "script-src 'self'" in response.headers["Content-Security-Policy"], path
        etag = response.headers["ETag"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and not again.data, path
    assert not client.get_cookie("lang") and not client.get_cookie("session")


def test_a_signed_in_visitors_session_is_neither_read_nor_renewed_by_public_pages(
        client, login, switch_on, public_mid, create_user):
    switch_on()
    login(create_user(email="slupsk@example.org"))
    response = client.get("/public/")
    assert "Set-Cookie" not in response.headers and "Cookie" not in response.headers.get("Vary", "")
    assert "koordynator" not in response.get_data(as_text=True).lower()


def test_the_language_comes_from_the_address_alone(client, switch_on, public_mid):
    switch_on()
    client.set_cookie("lang", "en")
    polish = client.get(f"/public/mids/{public_mid.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="pl">' in polish and "Działania" in polish
    english = client.get(f"/public/mids/{public_mid.id}?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english and "Actions" in english
    assert f'href="/public/?lang=en"' in english  # links keep the language


def test_each_address_is_limited_and_told_when_to_come_back(app, client, switch_on, public_mid):
    app.config["PUBLIC_RATE_LIMIT_PER_MINUTE"] = 3
    switch_on()
    codes = [client.get("/public/", environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get("/open-data/mids.csv", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert "Set-Cookie" not in refused.headers and refused.cache_control.no_store
    assert client.get("/public/", environ_base={"REMOTE_ADDR": "198.51.100.8"}).status_code == 200


def test_the_throttle_opens_again_after_its_window():
    from alumni.public.throttle import AddressThrottle

    now = [0.0]
    throttle = AddressThrottle(2, window=60, clock=lambda: now[0])
    assert [throttle.wait_left("a") for _ in range(3)] == [0, 0, 60]
    now[0] = 30.0
    assert throttle.wait_left("a") == 30
    now[0] = 60.0
    assert throttle.wait_left("a") == 0


def test_robots_and_sitemap_point_at_the_public_pages_on_the_installations_address(client, switch_on, public_mid):
    switch_on()
    robots = client.get("/robots.txt", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "Allow: /public/" in robots and "Sitemap: http://alumni.example.org/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"<loc>http://alumni.example.org/public/mids/{public_mid.id}?lang=en</loc>" in sitemap
    assert "<loc>http://alumni.example.org/open-data/</loc>" in sitemap


def test_the_index_lists_editions_networks_and_the_public_mids_with_their_status(
        client, switch_on, public_mid, create_mid):
    switch_on()
    create_mid(participant="Lublin", title="Niewidoczny MID")
    text = client.get("/public/").get_data(as_text=True)
    assert "PIM II" in text and "Sieć Słupsk" in text and "Sieć Lublin" in text
    assert "Zielone podwórka" in text and "Niewidoczny MID" not in text
    assert 'class="badge life-' in text
    assert "MAP OF POLAND" not in text  # the map's place is a template comment, not shown


def test_a_public_page_reads_a_fixed_number_of_statements(app, client, session, switch_on, create_mid):
    from sqlalchemy import event

    from alumni.db import get_db

    switch_on()
    counts = []
    for participant in ("Słupsk", "Lublin", "Gdańsk"):
        create_mid(participant=participant, title=f"MID {participant}", public_consent=True)
        statements = []
        listener = lambda *args: statements.append(1)  # noqa: E731
        event.listen(get_db(app).engine, "before_cursor_execute", listener)
        try:
            assert client.get("/public/").status_code == 200
            assert client.get("/open-data/actions.json").status_code == 200
        finally:
            event.remove(get_db(app).engine, "before_cursor_execute", listener)
        counts.append(len(statements))
    assert counts[0] == counts[1] == counts[2]


def test_the_map_counts_the_public_mids_only_and_opens_a_region(client, session, switch_on, public_mid, create_mid):
    switch_on()
    create_mid(participant="Lublin", title="Niewidoczny MID", voivodeship="lubelskie")
    create_mid(participant="Gdańsk", title="Publiczny gdański MID", public_consent=True)
    text = client.get("/public/").get_data(as_text=True)
    assert 'id="chart-map-title"' in text
    # Pomorskie holds the two public MIDs; lubelskie's only MID is not public, so it counts none there.
    assert re.search(r'aria-label="pomorskie: [^"]*MID-ów: 2;', text)
    assert re.search(r'aria-label="lubelskie: brak MID-ów, MID-ów: 0"', text)
    region = client.get("/public/?voivodeship=pomorskie").get_data(as_text=True)
    assert 'id="chart-points-title"' in region
    points = region.split('id="chart-points-title"')[1].split("</section>")[0]
    assert "Słupsk" in points and "Gdańsk" in points and "Lublin" not in points
    assert 'id="chart-points-title"' not in text
