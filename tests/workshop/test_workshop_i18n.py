"""Every workshop string has a Polish translation, proposed or in the catalogue, that fits where it goes."""

import json
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PROPOSED = ROOT / "docs" / "i18n" / "workshop.json"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "lazy_ngettext": (1, 2)}
WORKSHOP_FILES = [("alumni/workshop/**.py", "python"), ("alumni/forms/workshop.py", "python"),
                  ("alumni/views/exports.py", "python"), ("alumni/views/admin_workshops.py", "python"),
                  ("templates/workshop/**.html", "jinja2"), ("templates/mail/workshop_export.*", "jinja2"),
                  ("templates/base.html", "jinja2")]
SHEET_TITLES = ["About", "Summary", "Chart", "Change against %(year)s", "MIDs", "Actions done",
                "Barriers by category", "Funding by source", "Barriers", "Support needed", "Good practices", "Indicators"]


def _catalogue():
    with open(ROOT / "alumni" / "translations" / "pl" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        # A plural entry is known by its singular, as the extraction below names it.
        return {(m.id if isinstance(m.id, str) else m.id[0]): m.string for m in read_po(handle, locale="pl") if m.id}


def _proposed():
    return json.loads(PROPOSED.read_text(encoding="utf-8")) if PROPOSED.exists() else {}


def test_every_workshop_string_has_a_polish_translation():
    known = {**_catalogue(), **_proposed()}
    found = {message if isinstance(message, str) else message[0]
             for _file, _line, message, _comments, _context in extract_from_dir(ROOT, WORKSHOP_FILES,
                                                                                 keywords=KEYWORDS)}
    assert sorted(found - set(known)) == []


def test_polish_sheet_titles_are_valid_sheet_names():
    known = {**_catalogue(), **_proposed()}
    for english in SHEET_TITLES:
        polish = known[english].replace("%(year)s", "2026")
        assert len(polish) <= 31 and not set(polish) & set("[]:*?/\\"), polish
