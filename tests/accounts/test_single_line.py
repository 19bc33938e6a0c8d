"""One-line fields (names, titles, places) refuse line breaks and control characters; subjects stay one line."""

import importlib
import pkgutil

import pytest
from flask_wtf import FlaskForm
from sqlmodel import select
from wtforms import HiddenField, PasswordField, StringField, TextAreaField

import alumni
from alumni.db import session_scope
from alumni.delivery import deliver
from alumni.forms.fields import AmountField, single_line
from alumni.forms.indicators import NumberField
from alumni.models import OutboxMessage, ReportingRound
from alumni.outbox import enqueue
from tests.pages import csrf
from tests.reporting.test_admin_rounds import admin, rounds  # noqa: F401 (a fixture)
from tests.outbox.test_delivery import T0, smtp  # noqa: F401 (a fixture)
from tests.importing.test_importer import MIDS, _refused, programme, run_import, workbook  # noqa: F401 (fixtures)

POLISH = "Wpisz to w jednym wierszu, bez podziałów wiersza i tabulatorów."
# Fields whose value is not a line of text someone reads: parsed amounts and indicator numbers (anything
# but a number is refused), hidden numbers, passwords.
NOT_A_LINE = (TextAreaField, HiddenField, PasswordField, AmountField, NumberField)


def _form_classes():
    for module in pkgutil.walk_packages(alumni.__path__, "alumni."):
        if module.name != "alumni.wsgi":  # builds the production app on import
            importlib.import_module(module.name)
    seen, pending = set(), [FlaskForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            if subclass not in seen:
                seen.add(subclass)
                pending.append(subclass)
    return [form for form in seen if form.__module__.startswith("alumni.")]


def _single_line_fields(form_class):
    for name in dir(form_class):
        unbound = getattr(form_class, name)
        field_class = getattr(unbound, "field_class", None)
        if isinstance(field_class, type) and issubclass(field_class, StringField) \
                and not issubclass(field_class, NOT_A_LINE):
            yield name, unbound


def test_every_one_line_text_field_of_every_form_refuses_control_characters():
    forms = _form_classes()
    assert len(forms) > 10
    missing = [f"{form.__module__}.{form.__name__}.{name}" for form in forms
               for name, unbound in _single_line_fields(form)
               if single_line not in (unbound.kwargs.get("validators") or unbound.args[1:2] and unbound.args[1]
                                      or [])]
    assert missing == []


@pytest.mark.parametrize("name", ["2027 H1\r\nBcc: ktos@example.org", "2027\tH1", "2027 H1\u2028"])
def test_a_round_name_with_a_line_break_is_refused_in_polish_and_the_entries_survive(client, session, name, login,
                                                                                      create_user):
    login(create_user(email="admin@example.org", role="admin", password=None))
    response = client.post("/admin/rounds/new", data={
        "csrf_token": csrf(client, "/admin/rounds/new"), "name": name,
        "opens_on": "2027-05-04", "due_on": "2027-06-14", "closes_on": "2027-07-30"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and rounds(session) == []
    assert POLISH in page
    assert 'value="2027-06-14"' in page and 'value="2027-07-30"' in page


def test_the_rounds_command_refuses_a_name_with_a_line_break(runner, session):
    result = runner.invoke(args=["rounds", "create", "--name", "2027 H1\nBcc: ktos@example.org",
                                 "--opens", "2027-05-04", "--due", "2027-06-14", "--closes", "2027-07-30"])
    assert result.exit_code != 0 and "one line" in result.output
    assert session.exec(select(ReportingRound)).all() == []


def test_the_users_command_refuses_a_name_with_a_line_break(runner, session):
    result = runner.invoke(args=["users", "create", "--email", "nowa@example.org", "--role", "admin",
                                 "--name", "Anna\r\nNowak"])
    assert result.exit_code != 0 and "one line" in result.output


def test_an_import_with_a_line_break_in_a_title_is_refused_with_its_cell(session, programme, run_import):  # noqa: F811
    mids = [[*MIDS[0][:3], "Zielona\nNowa Dęba", *MIDS[0][4:]]]
    lines = _refused(session, run_import, workbook(mids=mids))
    assert lines == ["MID, row 2, column 'tytuł': Write this on one line, without line breaks or tabs."]


def test_a_subject_with_a_line_break_is_sent_on_one_line(app, session, smtp):  # noqa: F811
    with session_scope(app) as db:
        enqueue(db, key="test:crlf", channel="email", kind="reminder-14", recipient="anna@example.org",
                subject="Runda 2027 H1\r\nBcc: ktos@example.org: przypomnienie", body_text="Treść",
                body_html="<p>Treść</p>", as_of=T0)
    deliver(app, T0)
    sent = session.exec(select(OutboxMessage).where(OutboxMessage.idempotency_key == "test:crlf")).one()
    assert sent.status == "sent"
    [(recipients, message)] = smtp.messages
    assert recipients == ["anna@example.org"] and message["Bcc"] is None
    assert message["Subject"] == "Runda 2027 H1 Bcc: ktos@example.org: przypomnienie"
