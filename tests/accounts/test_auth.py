"""Signing in, throttling, sessions that end, invitations, password resets, CSRF and headers."""

import re
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlmodel import select

from alumni.models import AuditEvent, OneTimeToken, OutboxMessage, User, utcnow
from tests.pages import csrf

PASSWORD = "correct horse battery staple"


def csrf_token(client, path="/login"):
    return csrf(client, path)


def sign_in(client, email, password=PASSWORD, next_=None, address="127.0.0.1"):
    url = "/login" + (f"?next={next_}" if next_ else "")
    return client.post(url, data={"csrf_token": csrf_token(client), "email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


@pytest.fixture
def ministry(create_user):
    return create_user(email="ministerstwo@example.org", role="ministry")


@pytest.fixture
def admin(create_user):
    return create_user(email="admin@example.org", role="admin")


def test_good_credentials_sign_in_and_go_to_the_start_page(client, ministry):
    response = sign_in(client, "Ministerstwo@Example.org")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/mids").status_code == 200


def test_wrong_password_and_unknown_email_get_the_same_answer(client, ministry):
    wrong = sign_in(client, "ministerstwo@example.org", "not the password at all")
    unknown = sign_in(client, "nikt@example.org", "not the password at all")
    assert wrong.status_code == unknown.status_code == 200

    def body(response):
        return re.sub(r'value="[^"]+"', "", response.get_data(as_text=True)).replace("nikt@", "ministerstwo@")

    assert body(wrong) == body(unknown)
    assert "Nieprawidłowy e-mail lub hasło." in body(wrong)


def test_rate_limit_engages_per_account_and_address(client, ministry):
    for _ in range(5):
        assert sign_in(client, "ministerstwo@example.org", "wrong password here").status_code == 200
    throttled = sign_in(client, "ministerstwo@example.org")  # from this address, even the right password waits
    assert throttled.status_code == 429
    assert "Odczekaj 1 minutę" in throttled.get_data(as_text=True)


def test_a_correct_password_from_another_address_is_never_blocked(client, ministry):
    for _ in range(40):
        sign_in(client, "ministerstwo@example.org", "wrong password here", address="10.0.0.9")
    assert sign_in(client, "ministerstwo@example.org", address="10.0.0.9").status_code == 429
    assert sign_in(client, "ministerstwo@example.org", address="10.0.0.10").status_code == 302


def test_guessing_many_accounts_from_one_address_blocks_no_one_else_there(client, create_user):
    create_user(email="ktos@example.org", role="ministry")
    for n in range(30):
        sign_in(client, f"zgadywany{n}@example.org", "wrong password here", address="10.0.0.9")
    assert sign_in(client, "ktos@example.org", address="10.0.0.9").status_code == 302


def test_failed_attempts_are_shared_by_every_worker(app, client, ministry, session):
    for _ in range(5):
        sign_in(client, "ministerstwo@example.org", "wrong password here")
    other_worker = app.test_client()  # a separate client; the count lives in the database
    assert sign_in(other_worker, "ministerstwo@example.org").status_code == 429


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"])
def test_next_pointing_elsewhere_is_ignored(client, ministry, target):
    assert sign_in(client, "ministerstwo@example.org", next_=target).headers["Location"] == "/"


def test_next_on_this_site_is_followed(client, ministry):
    assert sign_in(client, "ministerstwo@example.org", next_="/mids?q=Lublin").headers["Location"] == "/mids?q=Lublin"


def test_post_without_csrf_token_is_refused(client, ministry):
    response = client.post("/login", data={"email": "ministerstwo@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/mids").status_code == 302  # not signed in


def test_deactivated_users_session_stops_working(client, ministry, session):
    sign_in(client, "ministerstwo@example.org")
    assert client.get("/mids").status_code == 200
    user = session.get(User, ministry.id)
    user.is_active = False
    session.commit()
    assert client.get("/mids").status_code == 302


def test_logout_ends_every_session_of_the_user(app, client, ministry):
    other_device = app.test_client()
    sign_in(client, "ministerstwo@example.org")
    sign_in(other_device, "ministerstwo@example.org")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/profile")})
    assert client.get("/mids").status_code == 302
    assert other_device.get("/mids").status_code == 302


def test_password_change_keeps_this_session_and_ends_the_others(app, client, ministry):
    other_device = app.test_client()
    sign_in(client, "ministerstwo@example.org")
    sign_in(other_device, "ministerstwo@example.org")
    response = client.post("/profile/password", data={
        "csrf_token": csrf_token(client, "/profile"), "current": PASSWORD,
        "password": "nowe zielone serce miasta", "confirm": "nowe zielone serce miasta"})
    assert response.status_code == 302
    assert client.get("/mids").status_code == 200
    assert other_device.get("/mids").status_code == 302
    assert sign_in(app.test_client(), "ministerstwo@example.org", "nowe zielone serce miasta").status_code == 302


def test_password_change_with_wrong_current_password_says_so(client, ministry):
    sign_in(client, "ministerstwo@example.org")
    response = client.post("/profile/password", data={
        "csrf_token": csrf_token(client, "/profile"), "current": "not my password really",
        "password": "nowe zielone serce miasta", "confirm": "nowe zielone serce miasta"})
    assert response.status_code == 400
    assert "Obecne hasło jest nieprawidłowe." in response.get_data(as_text=True)


def test_hash_with_old_parameters_is_replaced_at_login(client, ministry, session):
    user = session.get(User, ministry.id)
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    session.commit()
    old = user.password_hash
    assert sign_in(client, "ministerstwo@example.org").status_code == 302
    session.expire_all()
    new = session.get(User, ministry.id).password_hash
    assert new != old and new.startswith("$argon2id$") and "m=8192" not in new and "m=1024" in new


def invite_through_the_admin_screen(client, session, email="nowa@example.org", role="ministry", **extra):
    sign_in(client, "admin@example.org")
    data = {"csrf_token": csrf_token(client, "/admin/users/new"), "email": email, "name": "Nowa Osoba",
            "role": role, "language": "pl", **extra}
    # The request arrives under a forged Host: the link must not follow it.
    client.set_cookie("session", client.get_cookie("session").value, domain="evil.example")
    response = client.post("/admin/users/new", data=data, headers={"Host": "evil.example"})
    session.expire_all()
    return response


def invitation_link(session, email):
    message = session.exec(select(OutboxMessage).where(OutboxMessage.recipient == email)
                           .order_by(OutboxMessage.id.desc())).first()
    return message, re.search(r"(https?://\S+/invitation/\S+)", message.body_text).group(1)


def test_invitation_link_is_built_from_the_base_url_and_sets_a_password(app, client, admin, session):
    assert invite_through_the_admin_screen(client, session).status_code == 302
    message, link = invitation_link(session, "nowa@example.org")
    assert link.startswith("http://alumni.example.org/invitation/")  # never from the Host header
    assert message.kind == "invitation" and "Ustaw hasło" in message.body_html
    newcomer = app.test_client()
    path = link.removeprefix("http://alumni.example.org")
    response = newcomer.post(path, data={"csrf_token": csrf_token(newcomer, path),
                                         "password": "zielone serce lublina", "confirm": "zielone serce lublina"})
    assert response.status_code == 302
    assert sign_in(newcomer, "nowa@example.org", "zielone serce lublina").status_code == 302


def test_reused_invitation_link_is_refused_with_a_clear_page(app, client, admin, session):
    invite_through_the_admin_screen(client, session)
    _, link = invitation_link(session, "nowa@example.org")
    path = link.removeprefix("http://alumni.example.org")
    newcomer = app.test_client()
    data = {"password": "zielone serce lublina", "confirm": "zielone serce lublina"}
    newcomer.post(path, data={"csrf_token": csrf_token(newcomer, path), **data})
    again = newcomer.get(path)
    assert again.status_code == 410
    assert "Link został już użyty" in again.get_data(as_text=True)


def test_expired_invitation_link_is_refused_with_a_clear_page(app, client, admin, session):
    invite_through_the_admin_screen(client, session)
    _, link = invitation_link(session, "nowa@example.org")
    for token in session.exec(select(OneTimeToken)):
        token.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    response = app.test_client().get(link.removeprefix("http://alumni.example.org"))
    assert response.status_code == 410 and "Link wygasł" in response.get_data(as_text=True)


def test_tampered_link_is_refused(client):
    response = client.get("/invitation/not-a-real-token")
    assert response.status_code == 410 and "nieprawidłowy" in response.get_data(as_text=True)


def test_weak_or_common_passwords_are_refused_and_the_form_says_why(app, client, admin, session):
    invite_through_the_admin_screen(client, session)
    _, link = invitation_link(session, "nowa@example.org")
    path = link.removeprefix("http://alumni.example.org")
    newcomer = app.test_client()
    for password, reason in (("krotkie", "co najmniej 12 znaków"), ("password1234", "najczęściej używanych"),
                             ("aaaaaaaaaaaaaaaa", "zbyt łatwe do odgadnięcia")):
        response = newcomer.post(path, data={"csrf_token": csrf_token(newcomer, path), "password": password,
                                             "confirm": password})
        assert response.status_code == 200 and reason in response.get_data(as_text=True), password
    assert session.exec(select(User).where(User.email == "nowa@example.org")).one().password_hash is None


def test_password_reset_answers_the_same_whether_or_not_the_address_is_known(app, ministry, session):
    answers = []
    for email in ("ministerstwo@example.org", "nikt@example.org"):
        client = app.test_client()
        response = client.post("/password/reset", data={"csrf_token": csrf_token(client, "/password/reset"),
                                                         "email": email}, follow_redirects=True)
        answers.append((response.status_code, re.sub(r'value="[^"]+"', "", response.get_data(as_text=True))))
    assert answers[0] == answers[1]
    sent = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "password_reset")).all()
    assert [message.recipient for message in sent] == ["ministerstwo@example.org"]
    link = re.search(r"http://alumni.example.org(/password/reset/\S+)", sent[0].body_text).group(1)
    client = app.test_client()
    response = client.post(link, data={"csrf_token": csrf_token(client, link), "password": "nowe haslo do alumni pim",
                                       "confirm": "nowe haslo do alumni pim"})
    assert response.status_code == 302
    assert sign_in(client, "ministerstwo@example.org", "nowe haslo do alumni pim").status_code == 302


def test_admin_edit_deactivates_a_user_and_ends_their_sessions(app, client, admin, ministry, session):
    their_client = app.test_client()
    sign_in(their_client, "ministerstwo@example.org")
    sign_in(client, "admin@example.org")
    path = f"/admin/users/{ministry.id}"
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "email": "ministerstwo@example.org",
                                       "name": "M", "role": "ministry", "language": "pl"})  # is_active unticked
    assert response.status_code == 302
    assert their_client.get("/mids").status_code == 302
    assert sign_in(their_client, "ministerstwo@example.org").status_code == 200


def test_admin_form_keeps_typed_values_and_explains_errors(client, admin, session):
    response = invite_through_the_admin_screen(client, session, email="koordynatorka@example.org",
                                               role="coordinator")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="koordynatorka@example.org"' in page and 'value="Nowa Osoba"' in page
    assert "Koordynator pracuje dla co najmniej jednego uczestnika." in page
    assert session.exec(select(User).where(User.email == "koordynatorka@example.org")).first() is None


def test_every_change_is_audited_with_who_and_before_after(client, admin, ministry, session):
    sign_in(client, "admin@example.org")
    path = f"/admin/users/{ministry.id}"
    client.post(path, data={"csrf_token": csrf_token(client, path), "email": "ministerstwo@example.org",
                            "name": "Marek", "role": "admin", "language": "en", "is_active": "y"})
    event = session.exec(select(AuditEvent).where(AuditEvent.entity_type == "user", AuditEvent.action == "update",
                                                  AuditEvent.entity_id == ministry.id)).one()
    assert event.actor_id == admin.id and event.via == "web"
    assert event.changes["role"] == {"before": "ministry", "after": "admin"}
    assert event.changes["language"] == {"before": "pl", "after": "en"}
    page = client.get(f"/admin/audit?entity=user&id={ministry.id}").get_data(as_text=True)
    assert "rola: ministerstwo → administrator" in page


def test_audit_hides_password_hashes(session, create_user):
    create_user(email="ktos@example.org", role="ministry")
    event = session.exec(select(AuditEvent).where(AuditEvent.entity_type == "user")).one()
    assert event.changes["password_hash"]["after"] == "•••"


def test_security_headers_and_cookie_flags(client, ministry):
    response = sign_in(client, "ministerstwo@example.org")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_is_secure_when_served_over_https(database_url):
    from alumni import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "BASE_URL": "https://alumni.example.gov.pl"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
