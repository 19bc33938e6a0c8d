"""Signed-in pages answer 304 Not Modified while nothing they show has changed, and never after a change."""

from datetime import date

from alumni.life_status import StatusSettings, record_statuses
from alumni.models import Action, utcnow


def _tag(response):
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response.headers["Vary"]
    return response.headers["ETag"]


def test_the_mid_page_is_not_rebuilt_for_a_browser_that_holds_it(client, login, session, create_user, create_mid,
                                                                   create_action):
    mid = create_mid()
    action = create_action(mid)
    login(create_user())
    tag = _tag(client.get(f"/mids/{mid.id}"))
    again = client.get(f"/mids/{mid.id}", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == tag

    row = session.get(Action, action.id)
    row.status, row.progress = "delayed", 60  # audited like every change
    session.commit()
    changed = client.get(f"/mids/{mid.id}", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and _tag(changed) != tag
    assert "60" in changed.get_data(as_text=True)


def test_each_person_and_language_has_its_own_copy(client, login, create_user, create_mid):
    mid = create_mid()
    login(create_user())
    coordinator = _tag(client.get(f"/mids/{mid.id}"))
    english = _tag(client.get(f"/mids/{mid.id}?lang=en"))
    login(create_user(email="ministerstwo@example.org", role="ministry"))
    ministry = client.get(f"/mids/{mid.id}", headers={"If-None-Match": coordinator})
    assert ministry.status_code == 200
    assert len({coordinator, english, _tag(ministry)}) == 3


def test_the_dashboard_changes_its_tag_when_the_night_job_records_a_day(app, client, login, session, create_user,
                                                                          create_mid):
    create_mid()
    login(create_user(email="ministerstwo@example.org", role="ministry"))
    tag = _tag(client.get("/dashboard"))
    assert client.get("/dashboard", headers={"If-None-Match": tag}).status_code == 304
    assert client.get("/mids", headers={"If-None-Match": _tag(client.get("/mids"))}).status_code == 304
    with app.app_context():
        record_statuses(session, app, StatusSettings.from_app(app), date(2026, 11, 30), utcnow())  # not audited
    session.commit()
    assert client.get("/dashboard", headers={"If-None-Match": tag}).status_code == 200


def test_a_page_carrying_a_message_is_shown_whole(client, login, create_user, create_mid):
    mid = create_mid()
    login(create_user())
    tag = _tag(client.get(f"/mids/{mid.id}"))
    with client.session_transaction() as flask_session:
        flask_session["_flashes"] = [("success", "Zapisano działanie.")]
    shown = client.get(f"/mids/{mid.id}", headers={"If-None-Match": tag})
    assert shown.status_code == 200 and "ETag" not in shown.headers
    assert "Zapisano działanie." in shown.get_data(as_text=True)


def test_a_page_asked_again_unchanged_is_not_built_again(app, client, login, session, create_user, create_mid,
                                                         create_action, statements):
    mid = create_mid()
    action = create_action(mid)
    login(create_user())
    built = client.get(f"/mids/{mid.id}")
    statements.clear()
    kept = client.get(f"/mids/{mid.id}")  # no If-None-Match: a browser that did not keep it
    assert kept.get_data() == built.get_data() and kept.headers["ETag"] == built.headers["ETag"]
    # The MID's row (1), who asks (2), the data version (1), BEGIN: none of the page's own queries
    # (it takes about 25 when built).
    assert len(statements) <= 5, statements

    row = session.get(Action, action.id)
    row.status, row.progress = "delayed", 60
    session.commit()
    assert "60" in client.get(f"/mids/{mid.id}").get_data(as_text=True)


def test_a_kept_page_is_never_another_persons(client, login, create_user, create_mid):
    mid = create_mid()
    login(create_user(name="Anna Koordynatorka"))
    assert 'profile">Anna Koordynatorka</a>' in client.get(f"/mids/{mid.id}").get_data(as_text=True)
    login(create_user(email="ministerstwo@example.org", role="ministry", name="Jan Urzędnik"))
    page = client.get(f"/mids/{mid.id}").get_data(as_text=True)
    assert 'profile">Jan Urzędnik</a>' in page and 'profile">Anna Koordynatorka</a>' not in page


def test_a_kept_page_lives_at_most_its_seconds(app, client, login, create_user, create_mid, statements):
    app.config["PAGE_CACHE_SECONDS"] = 0
    mid = create_mid()
    login(create_user())
    client.get(f"/mids/{mid.id}")
    statements.clear()
    client.get(f"/mids/{mid.id}")
    assert len(statements) > 5  # built again: what the audit trail misses shows within that time
