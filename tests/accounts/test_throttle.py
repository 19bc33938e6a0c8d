"""Login throttling with growing delays per account and address, behind trusted proxies; reset requests limited."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from alumni import create_app
from alumni.accounts import throttle
from alumni.db import get_db, session_scope
from alumni.models import OneTimeToken, OutboxMessage
from tests.conftest import FAST_HASH, NOW
from tests.accounts.test_auth import PASSWORD, csrf_token, ministry, sign_in  # noqa: F401 (a fixture)


def test_each_failure_past_the_free_ones_doubles_the_wait_up_to_15_minutes(app, session):
    waits = []
    with session_scope(app) as db:
        at = NOW
        for _ in range(12):
            throttle.record_failure(db, "anna@example.org", "10.0.0.9", at)
            db.flush()
            waits.append(throttle.wait_left(db, "anna@example.org", "10.0.0.9", at))
            at += waits[-1]  # the next try comes as soon as it is allowed
        assert throttle.wait_left(db, "anna@example.org", "10.0.0.10", at) == timedelta(0)
    minutes = [wait.total_seconds() / 60 for wait in waits]
    assert minutes == [0, 0, 0, 0, 1, 2, 4, 8, 15, 15, 15, 15]


def test_a_success_forgets_only_that_addresses_failures(app, session):
    with session_scope(app) as db:
        for address in ("10.0.0.9", "10.0.0.10"):
            for _ in range(5):
                throttle.record_failure(db, "anna@example.org", address, NOW)
        throttle.clear_failures(db, "anna@example.org", "10.0.0.10")
        db.flush()
        assert throttle.wait_left(db, "anna@example.org", "10.0.0.9", NOW) == timedelta(minutes=1)
        assert throttle.wait_left(db, "anna@example.org", "10.0.0.10", NOW) == timedelta(0)


@pytest.fixture
def behind_proxy(database_url, tmp_path):
    """The app as deployed behind one reverse proxy (ALUMNI_TRUSTED_PROXIES=1)."""
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "proxy",
                      "PASSWORD_HASH": FAST_HASH, "TRUSTED_PROXIES": 1})
    app.instance_path = str(tmp_path)
    yield app
    get_db(app).dispose()


def _through_proxy(client, client_address, password):
    """A sign-in as the proxy forwards it: from 127.0.0.1, with the client's address in X-Forwarded-For."""
    return client.post("/login", data={"csrf_token": csrf_token(client), "email": "ministerstwo@example.org",
                                       "password": password},
                       headers={"X-Forwarded-For": client_address}, environ_base={"REMOTE_ADDR": "127.0.0.1"})


def test_behind_a_trusted_proxy_each_client_is_throttled_by_its_own_address(behind_proxy, ministry):
    guesser, owner = behind_proxy.test_client(), behind_proxy.test_client()
    for _ in range(6):
        _through_proxy(guesser, "203.0.113.7", "wrong password here")
    assert _through_proxy(guesser, "203.0.113.7", PASSWORD).status_code == 429
    assert _through_proxy(owner, "198.51.100.4", PASSWORD).status_code == 302


def test_without_trusted_proxies_a_forged_forwarded_address_changes_nothing(client, ministry):
    for n in range(6):
        client.post("/login", data={"csrf_token": csrf_token(client), "email": "ministerstwo@example.org",
                                    "password": "wrong password here"},
                    headers={"X-Forwarded-For": f"203.0.113.{n}"}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert sign_in(client, "ministerstwo@example.org", address="10.0.0.9").status_code == 429


def _request_reset(app, email, address):
    client = app.test_client()
    response = client.post("/password/reset", data={"csrf_token": csrf_token(client, "/password/reset"),
                                                     "email": email},
                           environ_base={"REMOTE_ADDR": address}, follow_redirects=True)
    return response.status_code, re.sub(r'value="[^"]+"', "", response.get_data(as_text=True))


def _reset_mails(session):
    session.rollback()
    return session.exec(select(OutboxMessage).where(OutboxMessage.kind == "password_reset")).all()


def test_password_reset_requests_past_the_limit_per_account_send_nothing_and_answer_the_same(app, ministry, session):
    answers = [_request_reset(app, "ministerstwo@example.org", f"10.0.1.{n}") for n in range(6)]
    assert len(set(answers)) == 1 and answers[0][0] == 200
    assert len(_reset_mails(session)) == throttle.RESETS_PER_ACCOUNT
    # The last link sent still works: a request past the limit cancels nothing.
    live = session.exec(select(OneTimeToken).where(OneTimeToken.used_at.is_(None))).all()
    assert len(live) == 1


def test_password_reset_requests_past_the_limit_per_address_send_nothing(app, create_user, session):
    for n in range(throttle.RESETS_PER_ADDRESS + 2):
        create_user(email=f"osoba{n}@example.org", role="ministry")
    answers = {_request_reset(app, f"osoba{n}@example.org", "10.0.0.9")
               for n in range(throttle.RESETS_PER_ADDRESS + 2)}
    assert len({status for status, _page in answers}) == 1
    assert len(_reset_mails(session)) == throttle.RESETS_PER_ADDRESS
    assert _request_reset(app, f"osoba{throttle.RESETS_PER_ADDRESS + 1}@example.org", "10.0.0.10")[0] == 200
    assert len(_reset_mails(session)) == throttle.RESETS_PER_ADDRESS + 1
