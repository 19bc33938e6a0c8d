"""The error pages render whatever state the failed request left its session in."""

import pytest
from flask_login import current_user

from alumni.db import get_session
from alumni.models import Participant


@pytest.fixture
def failing_app(app):
    """The app with a page that fails after a write its database refused, as a lost race does."""
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer with the error page, as in production

    @app.get("/test/refused-write")
    def refused_write():
        assert current_user.is_authenticated  # the person is loaded, as on every page
        get_session().add(Participant(name="Słupsk", voivodeship="pomorskie"))
        get_session().flush()  # a second "Słupsk": the unique name refuses it, and the session is rolled back

    return app


@pytest.mark.parametrize("role, menu", [("coordinator", "Moje MID-y"), ("admin", "Użytkownicy")])
def test_the_500_page_after_a_refused_write_shows_the_menu_of_the_signed_in_person(
        failing_app, client, create_mid, create_user, login, role, menu):
    create_mid(participant="Słupsk")
    login(create_user(email="anna@example.org", role=role, name="Anna Nowak"))
    response = client.get("/test/refused-write")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Coś poszło nie tak" in page
    assert "Anna Nowak" in page and menu in page and "Wyloguj" in page
