"""Both catalogues are complete and compiled; pages follow the chosen language."""

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "alumni" / "translations"


@pytest.mark.parametrize("language", ["pl", "en"])
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle, locale=language)
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        missing = {m.id for m in read_po(handle) if m.id} - {m.id for m in catalog if m.id}
    assert untranslated == [] and fuzzy == [] and missing == set()


def _key(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


@pytest.mark.parametrize("language", ["pl", "en"])
def test_compiled_catalogue_matches_its_source(language):
    folder = TRANSLATIONS / language / "LC_MESSAGES"
    with open(folder / "messages.po", "rb") as handle:
        source = {_key(m.id): _key(m.string) for m in read_po(handle, locale=language) if m.id}
    with open(folder / "messages.mo", "rb") as handle:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(handle) if m.id}
    assert compiled == source, "run: pybabel compile -d alumni/translations"


def test_template_strings_are_all_in_the_catalogue():
    from babel.messages.extract import extract_from_dir

    root = TRANSLATIONS.parent.parent
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    method_map = [("alumni/**.py", "python"), ("jobs/**.py", "python"),
                  ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
                "lazy_ngettext": (1, 2)}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(root, method_map, keywords=keywords):
        found.add(message if isinstance(message, str) else message[0])
    assert sorted(found - known) == [], "run the extraction and translate (see README, Translations)"


def test_pages_are_polish_by_default_and_english_on_request(client):
    polish = client.get("/login").get_data(as_text=True)
    assert '<html lang="pl">' in polish and "Przejdź do treści" in polish
    english = client.get("/login?lang=en")
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert "Skip to main content" in english.get_data(as_text=True)
    # The choice is remembered for the next page.
    assert '<html lang="en">' in client.get("/password/reset").get_data(as_text=True)


def test_polish_plural_forms(app):
    from flask_babel import ngettext

    with app.test_request_context("/?lang=pl"):
        assert [ngettext("%(num)d MID", "%(num)d MIDs", n) for n in (1, 2, 5, 22)] == [
            "1 MID", "2 MID-y", "5 MID-ów", "22 MID-y"]


def test_form_library_messages_are_polish_too(app):
    from alumni.forms.accounts import LoginForm

    with app.test_request_context("/", method="POST", data={"email": ""}):
        form = LoginForm(meta={"csrf": False})
        form.validate()
        assert form.errors["email"] == ["To pole jest wymagane."]
    with app.test_request_context("/?lang=en", method="POST", data={"email": ""}):
        form = LoginForm(meta={"csrf": False})
        form.validate()
        assert form.errors["email"] == ["This field is required."]


def test_money_dates_and_numbers_follow_the_locale(app):
    from datetime import date
    from decimal import Decimal

    from flask_babel import format_date, format_decimal

    from alumni.i18n import format_pln

    with app.test_request_context("/"):
        assert format_pln(Decimal("12500.5")) == "12\xa0500,50\xa0zł"
        assert format_date(date(2026, 12, 14), "long") == "14 grudnia 2026"
        assert format_decimal(1234.5) == "1\xa0234,5"
    with app.test_request_context("/?lang=en"):
        assert format_pln(Decimal("12500.5")) == "PLN12,500.50"
        assert format_date(date(2026, 12, 14), "long") == "December 14, 2026"
