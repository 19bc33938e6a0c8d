"""Every e-mail greets the same way and then speaks to the reader the same way (Polish: "Państwo")."""

from datetime import date, datetime, timezone
from types import SimpleNamespace

import pytest

from alumni.mail import in_language, render_bodies

PERSON = SimpleNamespace(name="Łukasz Koordynator", email="lukasz@example.org", mail_bounced_at=None)
NETWORK = SimpleNamespace(name_pl="Sieć Zielona", name_en="Green Network")
MID = SimpleNamespace(id=1, title="Ogrody deszczowe", participant=SimpleNamespace(name="Słupsk"), network=NETWORK)
ITEM = SimpleNamespace(mid=MID, has_draft=True, link="http://alumni.example.org/reports/by-link/x",
                       coordinators=[PERSON])
CONTEXTS = {
    "reminder": {"kind": "opening", "days_left": 14, "items": [ITEM]},
    "escalation": {"base_url": "http://alumni.example.org", "digest": SimpleNamespace(
        total=1, silent_url="http://alumni.example.org/dashboard/silent",
        networks=[SimpleNamespace(edition=SimpleNamespace(code="PIM III"), network=NETWORK, count=1,
                                  url="http://alumni.example.org/dashboard/silent?network=1")],
        longest=[SimpleNamespace(item=ITEM, last_report=date(2026, 6, 30))])},
    "invitation": {"url": "http://alumni.example.org/invitation/x", "expires": datetime(2026, 12, 9, 9, tzinfo=timezone.utc)},
    "password_reset": {"url": "http://alumni.example.org/reset/x", "expires": datetime(2026, 12, 9, 9, tzinfo=timezone.utc)},
    "workshop_export": {"workshop": SimpleNamespace(year=2026, place="Warszawa"), "starts_on": "8 grudnia 2026",
                        "ends_on": "10 grudnia 2026", "xlsx_link": "http://x/a.xlsx", "html_link": "http://x/a.html"},
}
# Second person singular ("ty") where the rest of the message says "Państwo".
INFORMAL = ["Ciebie", "Tobie", "Twoj", "Twój", "nie Ty", "zignoruj", "zaloguj się", "Ustaw hasło,",
            "Ustaw nowe hasło,", "jako koordynator", "jako członek"]


@pytest.mark.parametrize("template", sorted(CONTEXTS))
def test_polish_mail_opens_without_a_vocative_and_addresses_the_reader_as_panstwo(app, template):
    context = {"user": PERSON, "round": SimpleNamespace(name="2026 H2"), "due": "14 grudnia 2026",
               "closes": "29 stycznia 2027", "subject": "PIM Alumni", **CONTEXTS[template]}
    with in_language(app, "pl"):
        text, html = render_bodies(template, **context)
    assert text.startswith("Dzień dobry,\n"), text[:60]
    assert "<p>Dzień dobry,</p>" in html
    assert "Łukasz Koordynator," not in text + html
    assert [word for word in INFORMAL if word in text + html] == []
