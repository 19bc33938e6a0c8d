"""In Debian's Chromium: an admin reads the operations page and anonymises a departed coordinator (with axe-core).

The admin works in English, so that the test reads the same before and after the Polish
translation of these pages.
"""

import pytest

from alumni.models import OutboxMessage, utcnow
from jobs.scheduler import heartbeat, run_job
from tests.browser import check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_locale():
    return "en-GB"


def test_admin_reads_the_operations_page(page, live, app, create_mid, create_user, session):
    create_mid()
    create_user(email="admin@example.org", role="admin", language="en")
    run_job(app, "life-status")
    heartbeat(app, utcnow())
    session.add(OutboxMessage(idempotency_key="reminder-3:round=1:user=9", channel="email", kind="reminder-3",
                              recipient="odszedl@example.org", status="failed", attempts=5,
                              last_error="550 5.1.1 <odszedl@example.org>: Recipient address rejected"))
    session.commit()
    sign_in(page, live, "admin@example.org")
    page.get_by_role("link", name="Operations").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Recent job runs").is_visible()
    assert page.get_by_role("cell", name="succeeded").is_visible()
    assert page.get_by_text("Recipient address rejected").is_visible()
    check(page, "operations")


def test_admin_anonymises_a_departed_coordinator(page, live, create_mid, create_user, session):
    create_mid(participant="Słupsk")
    create_user(email="admin@example.org", role="admin", language="en")
    departed = create_user(email="odeszla@example.org", name="Katarzyna Nowak", participants=("Słupsk",))
    sign_in(page, live, "admin@example.org")
    page.goto(f"{live.url}/admin/users/{departed.id}")
    page.get_by_role("link", name="Anonymise this person (when they have left)").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Anonymise", exact=True).click()  # without the confirmation first
    page.wait_for_load_state()
    assert page.get_by_text("Tick the box to confirm.").first.is_visible()
    check(page, "anonymise-confirm")
    page.get_by_label("I understand that this person's name").check()
    page.get_by_role("button", name="Anonymise", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text(f"their history is kept as usunieto-{departed.id}").is_visible()
    session.refresh(departed)
    assert departed.email == f"usunieto-{departed.id}@invalid" and not departed.is_active
