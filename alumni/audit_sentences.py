"""Audit events as sentences people read: who did what to which named thing, with labelled changes.

"Anna Nowak zmieniła działanie „Ogrody deszczowe” (MID Słupsk): status: w trakcie → zrealizowane".
The names of every row the events mention are loaded together, a query per kind of row.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import format_date, format_datetime, get_locale, gettext as _, pgettext
from flask_babel import lazy_gettext as _l, lazy_pgettext
from babel.dates import get_date_format, get_time_format
from sqlmodel import select

from .i18n import format_pln
from .labels import ACTION_STATUS, FIELDS, PARTICIPANT_KIND, REPORT_STATE, ROLE, VIA, network_name
from .models import (
    Action, Membership, Mid, Milestone, Network, Participant, Report, ReportingRound, User, Workshop,
)

# Field labels beyond the plan's and the report's (labels.FIELDS).
MORE_FIELDS = {
    "name": lazy_pgettext("person", "Name"), "email": _l("E-mail"), "role": _l("Role"), "language": _l("Language"),
    "is_active": _l("Account active"), "password_hash": _l("Password"), "mail_bounced_at": _l("Mail refused since"),
    "anonymised_at": _l("Anonymised on"), "participants": _l("Participants"), "participant_id": _l("Participant"),
    "network_id": _l("Network"), "mid_id": _l("MID"), "action_id": _l("Action"), "round_id": _l("Round"),
    "position": _l("Order"), "due_on": _l("Due date"), "evidence": _l("Evidence"), "opens_on": _l("Opens on"),
    "closes_on": _l("Closes on"), "challenge": _l("Challenge"), "goals": _l("Goals"),
    "stakeholders": _l("Stakeholders"), "document_url": _l("Document"), "adopted_on": _l("Adopted on"),
    "abandoned_at": _l("Abandoned on"), "lineage_kind": _l("Lineage"), "successor_mid_id": _l("Continued in"),
    "successor_strategy": _l("Continued in the strategy"), "illustrative": _l("Illustrative data"),
    "kind": _l("Kind"), "voivodeship": _l("Voivodeship"), "population": _l("Population"), "teryt": _l("TERYT code"),
    "latitude": _l("Latitude"), "longitude": _l("Longitude"),
    "is_leader": _l("Network leader"), "submitted_at": _l("Submitted on"), "submitted_by_id": _l("Submitted by"),
    "review_comment": _l("Review comment"), "reviewed_at": _l("Reviewed on"), "reviewed_by_id": _l("Reviewed by"),
    "year": _l("Year"), "starts_on": _l("Starts on"), "ends_on": _l("Ends on"), "place": _l("Place"),
    "export_built_at": _l("Export built on"),
    "public_consent": _l("Public: the city agrees"), "public_withheld": _l("Withheld from the public by the ministry"),
    "public_budget": _l("Public budgets"), "value": _l("Value"), "key": _l("Setting"),
}
LANGUAGES = {"pl": _l("Polish"), "en": _l("English")}
# Which kind of row an id in the changes names.
REFERENCES = {"participant_id": "participant", "participants": "participant", "network_id": "network",
              "mid_id": "mid", "successor_mid_id": "mid", "action_id": "action", "round_id": "reportinground",
              "submitted_by_id": "user", "reviewed_by_id": "user"}
# Left out of the details: the row's own number, and what the sentence already names.
_UNSAID = {"id", "mid_id", "title", "password_hash"}
_LONG = 80
# Polish first names ending in -a that are men's (the rest ending in -a are women's).
_MEN_IN_A = {"kuba", "barnaba", "bonawentura", "kosma", "jarema", "zawisza", "sasza", "misza", "nikola"}


@dataclass
class Line:
    event: object
    when: str
    sentence: str
    details: list = field(default_factory=list)

    @property
    def text(self):
        return self.sentence + (": " + "; ".join(self.details) if self.details else "")


def when(moment):
    """A moment as the page's language writes it: "2 grudnia 2026, 09:15", "December 2, 2026, 9:15 AM"."""
    locale = get_locale()
    pattern = f"{get_date_format('long', locale).pattern}, {get_time_format('short', locale).pattern}"
    return format_datetime(moment, pattern)


def describe(session, events, within_mid=False):
    """A Line per event, names looked up together; ``within_mid``: on the MID's own page (no "(MID …)")."""
    names = Names(session, events)
    return [_line(event, names, within_mid) for event in events]


class Names:
    """The names of every row the events mention, a query per kind of row."""

    def __init__(self, session, events):
        wanted = {}
        for event in events:
            wanted.setdefault(event.entity_type, set()).add(event.entity_id)
            wanted.setdefault("mid", set()).add(event.mid_id)
            wanted.setdefault("user", set()).add(event.actor_id)
            for key, change in event.changes.items():
                if key in REFERENCES:
                    for value in (change.get("before"), change.get("after")):
                        for number in value if isinstance(value, list) else [value]:
                            wanted.setdefault(REFERENCES[key], set()).add(number)
        ids = {kind: {number for number in numbers if isinstance(number, int)} for kind, numbers in wanted.items()}
        self.users = self._rows(session, User, ids.get("user"))
        self.participants = {row.id: row.name for row in self._rows(session, Participant, ids.get("participant")).values()}
        self.networks = self._rows(session, Network, ids.get("network"))
        self.actions = {row.id: row.title for row in self._rows(session, Action, ids.get("action")).values()}
        self.milestones = {row.id: row.title for row in self._rows(session, Milestone, ids.get("milestone")).values()}
        self.workshops = {row.id: row.year for row in self._rows(session, Workshop, ids.get("workshop")).values()}
        self.reports = self._rows(session, Report, ids.get("report"))
        round_ids = (ids.get("reportinground") or set()) | {report.round_id for report in self.reports.values()}
        self.rounds = {row.id: row.name for row in self._rows(session, ReportingRound, round_ids).values()}
        self.memberships = {}
        if ids.get("membership"):
            self.memberships = {membership.id: (participant, network) for membership, participant, network in session.exec(
                select(Membership, Participant.name, Network).join(Participant).join(Network)
                .where(Membership.id.in_(ids["membership"]))).all()}
        self.mids = {}
        if ids.get("mid"):
            self.mids = {mid_id: (title, participant) for mid_id, title, participant in session.exec(
                select(Mid.id, Mid.title, Participant.name).join(Participant)
                .where(Mid.id.in_(ids["mid"]))).all()}

    @staticmethod
    def _rows(session, model, ids):
        if not ids:
            return {}
        return {row.id: row for row in session.exec(select(model).where(model.id.in_(ids))).all()}

    def person(self, user_id):
        user = self.users.get(user_id)
        return (user.name or user.email) if user else None

    def of(self, kind, number):
        """The name of row ``number`` of ``kind``, or None when it is gone."""
        if kind == "participant":
            return self.participants.get(number)
        if kind == "network":
            network = self.networks.get(number)
            return network_name(network) if network else None
        if kind == "mid":
            return self.mids.get(number, (None,))[0]
        if kind == "action":
            return self.actions.get(number)
        if kind == "reportinground":
            return self.rounds.get(number)
        if kind == "user":
            return self.person(number)
        return None


def _gender(name):
    first = (name or "").split(" ")[0].lower()
    if not first or "@" in first or any(character.isdigit() for character in first):
        return "unknown"
    return "woman" if first.endswith("a") and first not in _MEN_IN_A else "man"


def _verbs(gender):
    """The sentence for each action, for a woman, a man or someone unknown (Polish verbs agree)."""
    if gender == "woman":
        return {"create": pgettext("a woman did it", "%(who)s added %(what)s"),
                "update": pgettext("a woman did it", "%(who)s changed %(what)s"),
                "delete": pgettext("a woman did it", "%(who)s removed %(what)s"),
                "anonymise": pgettext("a woman did it", "%(who)s anonymised %(what)s"),
                "export_personal_data": pgettext("a woman did it", "%(who)s exported the personal data of %(what)s"),
                "revoke": pgettext("a woman did it", "%(who)s revoked %(what)s"),
                "rotate": pgettext("a woman did it", "%(who)s replaced %(what)s")}
    if gender == "man":
        return {"create": pgettext("a man did it", "%(who)s added %(what)s"),
                "update": pgettext("a man did it", "%(who)s changed %(what)s"),
                "delete": pgettext("a man did it", "%(who)s removed %(what)s"),
                "anonymise": pgettext("a man did it", "%(who)s anonymised %(what)s"),
                "export_personal_data": pgettext("a man did it", "%(who)s exported the personal data of %(what)s"),
                "revoke": pgettext("a man did it", "%(who)s revoked %(what)s"),
                "rotate": pgettext("a man did it", "%(who)s replaced %(what)s")}
    return {"create": pgettext("someone did it", "%(who)s added %(what)s"),
            "update": pgettext("someone did it", "%(who)s changed %(what)s"),
            "delete": pgettext("someone did it", "%(who)s removed %(what)s"),
            "anonymise": pgettext("someone did it", "%(who)s anonymised %(what)s"),
            "export_personal_data": pgettext("someone did it", "%(who)s exported the personal data of %(what)s"),
            "revoke": pgettext("someone did it", "%(who)s revoked %(what)s"),
            "rotate": pgettext("someone did it", "%(who)s replaced %(what)s")}


def _sentence(event, who, what):
    if who is None:
        impersonal = {"create": _("%(what)s added", what=what), "update": _("%(what)s changed", what=what),
                      "delete": _("%(what)s removed", what=what), "anonymise": _("%(what)s anonymised", what=what),
                      "revoke": _("%(what)s revoked", what=what), "rotate": _("%(what)s replaced", what=what)}
        return impersonal.get(event.action, f"{what}: {event.action}")
    verbs = _verbs(_gender(who))
    action = "delete" if event.action == "remove" else event.action
    return verbs.get(action, "%(who)s: %(what)s " + action) % {"who": who, "what": what}


def _remembered(event, *keys):
    """A name the event itself holds (a removed row keeps its fields in the event)."""
    for key in keys:
        change = event.changes.get(key) or {}
        if change.get("after") or change.get("before"):
            return change.get("after") or change.get("before")
    return None


def _what(event, names):
    """The changed thing, named, as the object of the sentence."""
    kind, number = event.entity_type, event.entity_id
    title = _remembered(event, "title") or ""
    if kind == "action":
        return _("action “%(title)s”", title=names.actions.get(number) or title)
    if kind == "milestone":
        return _("milestone “%(title)s”", title=names.milestones.get(number) or title)
    if kind == "mid":
        title, participant = names.mids.get(number) or (title, names.of("participant", _remembered(
            event, "participant_id")))
        return _("MID “%(title)s” (%(participant)s)", title=title, participant=participant or "?")
    if kind == "report":
        report = names.reports.get(number)
        round_id = report.round_id if report else _remembered(event, "round_id")
        return _("the report for round %(round)s", round=names.rounds.get(round_id) or "?")
    if kind == "participant":
        return _("participant %(name)s", name=names.participants.get(number) or _remembered(event, "name"))
    if kind == "membership":
        participant, network = names.memberships.get(number) or (
            names.of("participant", _remembered(event, "participant_id")),
            names.networks.get(_remembered(event, "network_id")))
        return _("the membership of %(participant)s in %(network)s", participant=participant or "?",
                 network=network_name(network) if network else "?")
    if kind == "reportinground":
        return _("reporting round %(name)s", name=names.rounds.get(number) or _remembered(event, "name"))
    if kind == "user":
        return _("user %(name)s", name=names.person(number) or _remembered(event, "name", "email"))
    if kind == "workshop":
        return _("the workshop of %(year)s", year=names.workshops.get(number) or _remembered(event, "year"))
    if kind == "deadlineextension":
        return _("a request for more time")
    if kind == "apitoken":
        return _("API token “%(name)s”", name=_remembered(event, "name") or number)
    if kind == "calendarfeed":
        return _("their calendar feed address")
    if kind == "setting":  # one setting so far: the public view's switch
        return _("the public view's switch")
    return f"{kind} {number}"


def _value(key, value, names):
    if value is None or value == []:
        return "—"
    if key in REFERENCES:
        values = value if isinstance(value, list) else [value]
        return ", ".join(names.of(REFERENCES[key], number) or f"#{number}" for number in values)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    labels = {"status": ACTION_STATUS, "state": REPORT_STATE, "role": ROLE, "kind": PARTICIPANT_KIND,
              "language": LANGUAGES}.get(key)
    if labels is not None:
        return str(labels.get(value, value))
    if key == "progress":
        return f"{value}%"
    if key == "estimated_budget":
        try:
            return format_pln(Decimal(str(value)))
        except InvalidOperation:
            return str(value)
    if isinstance(value, str) and key.endswith(("_on", "_start", "_end")):
        try:
            return format_date(date.fromisoformat(value[:10]), "long")
        except ValueError:
            return value
    if isinstance(value, str) and key.endswith("_at"):
        try:
            return when(datetime.fromisoformat(value))
        except ValueError:
            return value
    text = str(value)
    return text if len(text) <= _LONG else text[:_LONG - 1] + "…"


def _label(key):
    label = str(FIELDS.get(key) or MORE_FIELDS.get(key) or key)
    label = label[:1].lower() + label[1:] if not label[:2].isupper() else label
    return label.replace("-", "\u2011")  # a non-breaking hyphen: "E-mail" never splits after "E-"


def _details(event, names):
    details = []
    for key, change in event.changes.items():
        if key in _UNSAID or (event.entity_type in ("participant", "reportinground", "user") and key == "name"):
            continue
        before, after = change.get("before"), change.get("after")
        if event.action == "update":
            details.append(f"{_label(key)}: {_value(key, before, names)} → {_value(key, after, names)}")
        elif (after if event.action == "create" else before) not in (None, "", [], False):
            details.append(f"{_label(key)}: {_value(key, after if event.action == 'create' else before, names)}")
    if "password_hash" in event.changes and event.action == "update":
        details.append(_("password changed"))
    return details


def _line(event, names, within_mid):
    who = names.person(event.actor_id)
    if who and event.via not in ("web", "system"):
        who = f"{who} ({VIA.get(event.via, event.via)})"
    sentence = _sentence(event, who, _what(event, names))
    if who is None and event.via not in ("web", "system"):
        sentence += f" ({VIA.get(event.via, event.via)})"
    if event.mid_id and event.entity_type != "mid" and not within_mid:
        sentence += " " + _("(MID %(participant)s)", participant=names.mids.get(event.mid_id, (None, "?"))[1])
    return Line(event, when(event.at), sentence, _details(event, names))
