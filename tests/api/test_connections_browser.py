"""In Chromium: the profile's tokens and calendar address, checked for accessibility."""

import pytest

from tests.browser import check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_locale():
    return "en-GB"


def test_a_ministry_user_makes_a_token_and_a_calendar_address(page, live, create_user):
    create_user(email="ministerstwo@example.org", role="ministry")
    sign_in(page, live, "ministerstwo@example.org", language="en")
    page.goto(f"{live.url}/profile")
    check(page, "profile-connections")
    page.get_by_label("What the token is for").fill("Ministry dashboard")
    page.get_by_role("button", name="Create a token").click()
    assert page.get_by_label("Token (Ministry dashboard)").input_value().startswith("pima_")
    check(page, "new-token")
    page.get_by_role("link", name="Back to your profile").click()
    page.get_by_role("button", name="Make my calendar address").click()
    assert page.get_by_label("Calendar address").input_value().endswith(".ics")
    page.get_by_role("link", name="Back to your profile").click()
    assert page.get_by_role("cell", name="Ministry dashboard", exact=True).is_visible()
    check(page, "profile-with-token")
