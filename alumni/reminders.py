"""Reminder planning: which messages of the open rounds are due, written to the outbox.

For each open round and each MID still missing in it (expected and not received, as
``reporting.completeness`` defines them: neither abandoned nor completed, no submitted or
accepted report), every active coordinator of its participant gets ``opening`` when the round
opens, ``reminder-<N>`` N days before the due date, ``overdue`` after it; the ministry
gets one ``escalation`` digest. Rules held here:

- one message per recipient and kind, listing all their missing MIDs (the ministry's digest:
  counts by network and the MIDs silent longest, ``reminder_digest``);
- never twice: the outbox key ``<kind>:round=<id>:user=<id>`` is unique in the database,
  and planners take the open rounds' rows FOR UPDATE, so two of them run one after the other;
- never two messages to one coordinator within ``REMINDER_MIN_GAP_DAYS`` (the later one waits);
- only on working days, from ``SEND_HOUR``; a day that falls on a weekend or holiday moves
  to the next working day;
- catching up after downtime sends only the latest kind that is due.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from flask_babel import format_date, gettext as _, lazy_gettext as _l, ngettext
from sqlalchemy import func, or_
from sqlalchemy.orm import joinedload, selectinload
from sqlmodel import select

from . import events
from .config import site_url
from .clock import Calendar, is_working_day
from .extensions import effective_due_dates
from .life_status import NOT_EXPECTED_TO_REPORT, StatusSettings, statuses
from .mail import in_language, language_for, render_bodies
from .models import Mid, OutboxChannel, OutboxMessage, ReportingRound, Role, User
from .outbox import enqueue
from .reminder_digest import build_digest
from .people import MINISTRY_ROLES, active_users
from .report_links import make_report_link
from .reporting.completeness import missing as missing_reports

OPENING, OVERDUE, ESCALATION = "opening", "overdue", "escalation"


@dataclass(frozen=True)
class Step:
    """One kind of message of a round and when it goes out."""

    kind: str
    day: date           # the day the rule names
    send_at: datetime   # the send hour of the first working day from ``day`` (aware)


@dataclass(frozen=True)
class MissingMid:
    mid: Mid
    has_draft: bool
    coordinators: tuple  # the active coordinators of its participant (User rows)


@dataclass
class PlannedMessage:
    round: ReportingRound
    kind: str
    user: User
    mids: list  # MissingMid
    due_on: date | None = None  # a granted extension's date, when the MIDs listed are due then

    @property
    def key(self):
        key = message_key(self.kind, self.round.id, self.user.id)
        return key if self.due_on is None else f"{key}:due={self.due_on.isoformat()}"


@dataclass
class HeldMessage:
    """A message that is due but waits: its recipient had one too recently."""

    round: ReportingRound
    kind: str
    user: User
    last_day: date


@dataclass
class RoundPlan:
    round: ReportingRound
    steps: list
    escalation: Step | None
    missing: list = field(default_factory=list)
    extended: dict = field(default_factory=dict)  # {mid_id: the later due date an extension grants}
    messages: list = field(default_factory=list)
    held: list = field(default_factory=list)


@dataclass
class Plan:
    as_of: datetime
    timezone: str
    sending_time: bool
    rounds: list = field(default_factory=list)

    @property
    def messages(self):
        return [message for round_plan in self.rounds for message in round_plan.messages]


def kind_label(kind):
    """What a kind of message is, in the current language (webhook events keep their names)."""
    if kind.startswith("reminder-") and kind[9:].isdigit():
        return _("reminder %(days)s days before the due date", days=int(kind[9:]))
    labels = {OPENING: _l("opening of the round"), OVERDUE: _l("overdue notice"),
              ESCALATION: _l("digest for the ministry")}
    return labels.get(kind, kind)


def message_key(kind, round_id, user_id):
    return f"{kind}:round={round_id}:user={user_id}"


def coordinator_steps(round_, config):
    """The round's ``opening``, ``reminder-<N>`` (largest N first) and ``overdue``, in order.

    A step whose day falls before the round opens, or that would go out after it closes,
    is left out.
    """
    steps = [(OPENING, round_.opens_on)]
    for offset in sorted({int(n) for n in config["REMINDER_OFFSETS_DAYS"] if int(n) >= 0}, reverse=True):
        steps.append((f"reminder-{offset}", round_.due_on - timedelta(days=offset)))
    steps.append((OVERDUE, round_.due_on + timedelta(days=config["OVERDUE_AFTER_DAYS"])))
    return [step for step in (_step(round_, kind, day, config) for kind, day in steps) if step]


def escalation_step(round_, config):
    """When the ministry's digest of the round goes out, or None if the round closes first."""
    return _step(round_, ESCALATION, round_.due_on + timedelta(days=config["ESCALATION_AFTER_DAYS"]), config)


def _step(round_, kind, day, config):
    at = Calendar(config["TIMEZONE"], config["SEND_HOUR"]).send_time(day)
    if day < round_.opens_on or at.date() > round_.closes_on:
        return None
    return Step(kind, day, at)


def open_rounds(session, today, lock=False):
    """The rounds open on ``today`` (opens ≤ today ≤ closes); ``lock`` takes their rows FOR UPDATE."""
    query = (
        select(ReportingRound)
        .where(ReportingRound.opens_on <= today, ReportingRound.closes_on >= today)
        .order_by(ReportingRound.opens_on, ReportingRound.id)
    )
    if lock:
        query = query.with_for_update()
    return session.exec(query).all()


def plan_reminders(session, app, as_of, lock=True):
    """What is due at ``as_of`` (aware) in every open round; reads only (and locks the rounds)."""
    config = app.config
    calendar = Calendar.from_app(app)
    today = calendar.local_date(as_of)
    plan = Plan(as_of, config["TIMEZONE"], calendar.is_sending_time(as_of))
    rounds = open_rounds(session, today, lock=lock)
    if not rounds:
        return plan
    # Outside sending time nothing can go out, so the facts are not even loaded.
    facts = _Facts.load(session, app, as_of, [round_.id for round_ in rounds]) if plan.sending_time else None
    extended = effective_due_dates(session, rounds, as_of) if plan.sending_time else {}
    for round_ in rounds:
        round_plan = RoundPlan(round_, coordinator_steps(round_, config), escalation_step(round_, config))
        plan.rounds.append(round_plan)
        if facts is not None:
            round_plan.missing = facts.missing(round_)
            round_plan.extended = {mid_id: due for (mid_id, _r), due in extended.items() if _r == round_.id}
            _plan_coordinators(round_plan, facts, as_of, today, config["REMINDER_MIN_GAP_DAYS"])
            _plan_extended(round_plan, facts, as_of, today, config)
            _plan_ministry(round_plan, facts, as_of)
    return plan


def _plan_coordinators(round_plan, facts, as_of, today, min_gap_days, steps=None, due_on=None):
    """Plan the latest kind due of ``steps`` (the round's own, or those of one extended ``due_on``)."""
    steps = round_plan.steps if steps is None else steps
    due = [step for step in steps if step.send_at <= as_of]
    if not due:
        return
    latest = due[-1]
    order = {step.kind: index for index, step in enumerate(steps)}
    # Reminders and overdue notices count from each MID's own due date; the opening is the round's.
    missing = [item for item in round_plan.missing
               if latest.kind == OPENING or round_plan.extended.get(item.mid.id) == due_on]
    for user in facts.coordinators:
        theirs = [item for item in missing if item.mid.participant_id in facts.participants_of[user.id]]
        if not theirs or user.mail_bounced_at is not None:
            continue
        already = facts.sent[(round_plan.round.id, user.id, *([due_on] if due_on else []))]
        # Only the latest kind due: earlier ones missed during downtime are not sent late.
        if any(order.get(kind, -1) >= order[latest.kind] for kind in already):
            continue
        last_day = facts.last_message_day.get(user.id)
        if last_day is not None and (today - last_day).days < min_gap_days:
            round_plan.held.append(HeldMessage(round_plan.round, latest.kind, user, last_day))
            continue
        round_plan.messages.append(PlannedMessage(round_plan.round, latest.kind, user, theirs, due_on))
        facts.last_message_day[user.id] = today


def _plan_extended(round_plan, facts, as_of, today, config):
    """The reminders and overdue notices of MIDs whose due date a granted extension moved."""
    round_ = round_plan.round
    for due_on in sorted(set(round_plan.extended.values())):
        moved = SimpleNamespace(opens_on=round_.opens_on, due_on=due_on, closes_on=round_.closes_on)
        steps = [step for step in coordinator_steps(moved, config) if step.kind != OPENING]
        _plan_coordinators(round_plan, facts, as_of, today, config["REMINDER_MIN_GAP_DAYS"], steps, due_on)


def _plan_ministry(round_plan, facts, as_of):
    step = round_plan.escalation
    if step is None or step.send_at > as_of:
        return
    # A MID granted a date later than the digest's day is not silent (yet).
    silent = [item for item in round_plan.missing if round_plan.extended.get(item.mid.id, step.day) <= step.day]
    if not silent:
        return
    for user in facts.ministry:
        if ESCALATION not in facts.sent[(round_plan.round.id, user.id)] and user.mail_bounced_at is None:
            round_plan.messages.append(PlannedMessage(round_plan.round, ESCALATION, user, silent))


@dataclass
class _Facts:
    """Everything planning needs, loaded in a fixed number of queries."""

    mids: dict             # mid_id -> Mid (with participant and network), the open rounds' missing ones
    missing_in: dict       # round_id -> {mid_id: has_draft}
    coordinators: list
    participants_of: dict  # user_id -> {participant_id}
    coordinators_of: dict  # participant_id -> [User]
    ministry: list
    sent: dict             # (round_id, user_id) -> {kind}
    last_message_day: dict  # user_id -> local date of their latest coordinator message

    @classmethod
    def load(cls, session, app, as_of, round_ids):
        calendar = Calendar.from_app(app)
        settings = StatusSettings.from_app(app)
        rounds = session.exec(select(ReportingRound).where(ReportingRound.id.in_(round_ids))).all()
        missing_in = {round_.id: missing_reports(session, round_, as_of, settings) for round_ in rounds}
        # Still missing, and still to be chased now: a MID abandoned or completed since the due
        # date counts as missing in the round's figures, but gets no more messages.
        candidates = set().union(*missing_in.values())
        now = statuses(session, settings, as_of, candidates) if candidates else {}
        wanted = {mid_id for mid_id in candidates if now[mid_id] not in NOT_EXPECTED_TO_REPORT}
        missing_in = {round_id: {mid_id: draft for mid_id, draft in found.items() if mid_id in wanted}
                      for round_id, found in missing_in.items()}
        # Joined, not "select in": the IN lists of one participant and network per MID come in
        # batches of 500, so their number of statements grew with the number of MIDs.
        mids = {
            mid.id: mid for mid in session.exec(
                select(Mid).options(joinedload(Mid.participant), joinedload(Mid.network))
                .where(Mid.id.in_(sorted(wanted)))
            ).unique()
        } if wanted else {}
        people = session.exec(active_users().options(selectinload(User.participants))).all()
        coordinators = [user for user in people if user.role == Role.coordinator]
        participants_of = {user.id: {p.id for p in user.participants} for user in coordinators}
        coordinators_of = defaultdict(list)
        for user in coordinators:
            for participant_id in participants_of[user.id]:
                coordinators_of[participant_id].append(user)
        sent = defaultdict(set)
        for round_id, user_id, kind, key in session.exec(
            select(OutboxMessage.round_id, OutboxMessage.user_id, OutboxMessage.kind,
                   OutboxMessage.idempotency_key).where(
                OutboxMessage.round_id.in_(round_ids), OutboxMessage.channel == OutboxChannel.email,
                OutboxMessage.user_id.is_not(None),
            )
        ):
            # Messages under an extended due date (key "...:due=<date>") have a schedule of their own.
            due = key.rpartition(":due=")[2] if ":due=" in key else None
            sent[(round_id, user_id, *([date.fromisoformat(due)] if due else []))].add(kind)
        last_at = session.exec(
            select(OutboxMessage.user_id, func.max(OutboxMessage.created_at))
            .where(
                OutboxMessage.channel == OutboxChannel.email, OutboxMessage.user_id.is_not(None),
                OutboxMessage.created_at <= as_of,
                or_(OutboxMessage.kind.in_([OPENING, OVERDUE]), OutboxMessage.kind.like("reminder-%")),
            )
            .group_by(OutboxMessage.user_id)
        ).all()
        return cls(
            mids=mids,
            missing_in=missing_in,
            coordinators=coordinators,
            participants_of=participants_of,
            coordinators_of=coordinators_of,
            ministry=[user for user in people if user.role in MINISTRY_ROLES],
            sent=sent,
            last_message_day={user_id: calendar.local_date(at) for user_id, at in last_at},
        )

    def missing(self, round_):
        """The MIDs still missing in ``round_``, by participant and title."""
        found = self.missing_in.get(round_.id, {})
        mids = sorted((self.mids[mid_id] for mid_id in found),
                      key=lambda mid: (mid.participant.name, mid.title, mid.id))
        return [MissingMid(mid, found[mid.id], tuple(self.coordinators_of.get(mid.participant_id, ())))
                for mid in mids]


def write_plan(session, app, plan):
    """Render every planned message in its recipient's language and write it to the outbox (a
    round's digest for the ministry is the same for each recipient: built once, rendered once per language)."""
    written = 0
    calendar = Calendar.from_app(app)
    for round_plan in plan.rounds:
        escalated = None  # the silent MIDs, once a digest is written
        digest, digests = None, {}  # the round's digest, and {language: (subject, text, html)} of it
        for message in round_plan.messages:
            if message.kind == ESCALATION:
                if digest is None:
                    digest = build_digest(session, message.mids, plan.as_of, site_url(app, ""), calendar)
                language = language_for(app, message.user.language)
                if language not in digests:
                    digests[language] = compose(app, message, plan.as_of, digest)
                subject, text, html = digests[language]
            else:
                subject, text, html = compose(app, message, plan.as_of)
            if enqueue(session, key=message.key, channel=OutboxChannel.email, kind=message.kind,
                       recipient=message.user.email, subject=subject, body_text=text, body_html=html,
                       user_id=message.user.id, round_id=message.round.id, as_of=plan.as_of):
                written += 1
                escalated = message.mids if message.kind == ESCALATION else escalated
        if escalated:
            events.round_escalated(session, app, round_plan.round, [item.mid.id for item in escalated], plan.as_of)
    session.flush()
    return written


def compose(app, message, as_of, digest=None):
    """(subject, text, html) of a planned message in its recipient's language (``digest``: the ministry's)."""
    round_ = message.round
    due_on = message.due_on or round_.due_on
    today = Calendar(app.config["TIMEZONE"]).local_date(as_of)
    with in_language(app, message.user.language):
        due = format_date(due_on, format="long")
        context = {
            "user": message.user, "round": round_, "kind": message.kind, "due": due,
            "closes": format_date(round_.closes_on, format="long"),
            "days_left": (due_on - today).days, "base_url": site_url(app, ""),
        }
        if message.kind == ESCALATION:
            subject = ngettext("Round %(round)s: %(num)d MID has not reported",
                               "Round %(round)s: %(num)d MIDs have not reported",
                               len(message.mids), round=round_.name)
            text, html = render_bodies("escalation", digest=digest, subject=subject, **context)
            return subject, text, html
        items = [
            {"mid": item.mid, "has_draft": item.has_draft,
             "link": make_report_link(app, round_, item.mid, message.user)}
            for item in message.mids
        ]
        if message.kind == OPENING:
            subject = _("Reporting round %(round)s is open: reports are due on %(due)s", round=round_.name, due=due)
        elif message.kind == OVERDUE:
            subject = _("Overdue: reports for round %(round)s were due on %(due)s", round=round_.name, due=due)
        else:
            subject = _("Reminder: reports for round %(round)s are due on %(due)s", round=round_.name, due=due)
        text, html = render_bodies("reminder", items=items, subject=subject, **context)
        return subject, text, html


def describe(plan, written=None):
    """The plan as lines a person reads: what was written, or (``written`` None) what would be."""
    at = plan.as_of.astimezone(Calendar(plan.timezone).zone)
    verb = "would write" if written is None else "wrote"
    count = len(plan.messages) if written is None else written
    lines = [f"reminders as of {at:%Y-%m-%d %H:%M} {plan.timezone}: {verb} {count} e-mail(s); "
             f"{len(plan.rounds)} round(s) open"]
    if plan.rounds and not plan.sending_time:
        why = "not a working day" if not is_working_day(at.date()) else "before the send hour"
        lines.append(f"  nothing goes out now ({why}); what is due waits for the next working day's send hour")
    for round_plan in plan.rounds:
        round_ = round_plan.round
        missing = f"; {len(round_plan.missing)} MID(s) without a submitted report" if plan.sending_time else ""
        lines.append(f"  round {round_.name}: opens {round_.opens_on}, due {round_.due_on}, "
                     f"closes {round_.closes_on}{missing}")
        schedule = round_plan.steps + ([round_plan.escalation] if round_plan.escalation else [])
        lines.append("    schedule: " + ", ".join(f"{step.kind} {step.send_at:%Y-%m-%d}" for step in schedule))
        for message in round_plan.messages:
            lines.append(f"    {message.kind} -> {message.user.email} [{message.user.language}]: "
                         f"{len(message.mids)} MID(s)")
            if message.kind != ESCALATION:  # the digest counts them by network (thousands at scale)
                lines += [f"      - {item.mid.participant.name}: {item.mid.title}" for item in message.mids]
        for held in round_plan.held:
            lines.append(f"    held: {held.kind} -> {held.user.email} (last message {held.last_day}; "
                         f"minimum gap not over)")
    return lines
