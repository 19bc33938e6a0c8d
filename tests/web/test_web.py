"""The foundation's pages: health, the MID list, one MID."""

import pytest
from sqlalchemy import text

from alumni import create_app
from alumni.people import find_user


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


@pytest.mark.parametrize("url", [
    "sqlite:////nonexistent/folder/alumni.db",
    "postgresql+psycopg://alumni@127.0.0.1:1/alumni?connect_timeout=2",
])
def test_healthz_says_unavailable_when_the_database_is_unreachable(url):
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


@pytest.fixture
def demo_as(runner, session, login):
    """Load the demo and sign in as one of its users."""
    runner.invoke(args=["demo", "--with-users"])

    def sign_in(email):
        return login(find_user(session, email))

    return sign_in


def test_mid_list_shows_the_real_mids_in_polish(demo_as, client):
    demo_as("ministerstwo@example.org")
    page = client.get("/mids").get_data(as_text=True)
    assert '<html lang="pl">' in page
    assert "Zielone Serce Miasta" in page
    assert "błękitno-zielonej infrastrukturze" in page


def test_mid_list_filters_by_text_and_voivodeship(demo_as, client):
    demo_as("ministerstwo@example.org")
    page = client.get("/mids?q=zielone+serce").get_data(as_text=True)
    assert "Zielone Serce Miasta" in page and "Koncepcja Portalu Mieszkańca" not in page
    page = client.get("/mids?voivodeship=pomorskie").get_data(as_text=True)
    assert "Słupsk" in page and "Lublin" not in page


def test_mid_page_shows_the_plan(demo_as, client, session):
    demo_as("admin@example.org")
    mid_id = session.exec(text("SELECT id FROM mid WHERE title = 'Zielone Serce Miasta'")).scalar_one()
    page = client.get(f"/mids/{mid_id}").get_data(as_text=True)
    assert "Zielone Serce Miasta" in page and "Lublin" in page and "Inwentaryzacja zieleni miejskiej" in page


def test_coordinator_start_page_lists_only_their_mids(demo_as, client):
    demo_as("koordynator.lodz@example.org")
    page = client.get("/").get_data(as_text=True)
    assert "Koncepcja Portalu Mieszkańca" in page and "Rewitalizacja obszarowa centrum Łodzi" in page
    assert "Zielone Serce Miasta" not in page


def test_unknown_mid_is_a_404_page(demo_as, client):
    demo_as("admin@example.org")
    response = client.get("/mids/999999")
    assert response.status_code == 404
    assert "<h1>" in response.get_data(as_text=True)


def test_wsgi_app_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    import importlib
    import sys

    monkeypatch.delenv("ALUMNI_SECRET_KEY", raising=False)
    monkeypatch.setenv("ALUMNI_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    sys.modules.pop("alumni.wsgi", None)
    with pytest.raises(RuntimeError, match="ALUMNI_SECRET_KEY"):
        importlib.import_module("alumni.wsgi")
    monkeypatch.setenv("ALUMNI_SECRET_KEY", "k" * 64)
    sys.modules.pop("alumni.wsgi", None)
    assert importlib.import_module("alumni.wsgi").app.config["SECRET_KEY"] == "k" * 64
    sys.modules.pop("alumni.wsgi", None)
