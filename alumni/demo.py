"""Demo data: the real programme from the seeds, illustrative plans and reports, demo users.

Everything is matched on natural keys, so loading twice changes nothing.
"""

import random
import secrets
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from sqlalchemy import func, insert
from sqlmodel import select

from . import demo_data as data
from .models import (
    Action,
    ActionStatus,
    Edition,
    Membership,
    Mid,
    Milestone,
    Network,
    Participant,
    Report,
    ReportActionUpdate,
    ReportBarrier,
    ReportFunding,
    ReportingRound,
    ReportState,
    User,
    Voivodeship,
    Workshop,
)
from .passwords import hash_password
from .people import create_user

# email, role, name, participants: added only with `alumni demo --with-users` or to the database
# `alumni serve --demo` made, each with a random password printed once.
DEMO_USERS = [
    ("admin@example.org", "admin", "Anna Administratorka", ()),
    ("ministerstwo@example.org", "ministry", "Marek Ministerialny", ()),
    ("koordynator.slupsk@example.org", "coordinator", "Katarzyna Koordynatorka", ("Słupsk",)),
    ("koordynator.lodz@example.org", "coordinator", "Łukasz Koordynator", ("Łódź",)),
]
# Demo MIDs shown to the demo coordinators: kept alive so that the flows have something to do.
_KEPT_ACTIVE = {"Słupsk", "Lublin", "Łódź"}


def load_demo(session, today):
    """Load what is missing of the demo; return a one-line summary."""
    editions = _editions(session)
    networks = _networks(session, editions)
    participants = _participants(session)
    rounds = _rounds(session)
    _workshops(session)
    created = 0
    for participant_name, network_name, title, illustrative in data.MIDS:
        participant, network = participants[participant_name], networks[network_name]
        _membership(session, participant, network)
        mid = session.exec(
            select(Mid).where(Mid.participant_id == participant.id, Mid.network_id == network.id)
        ).first()
        if mid is None:
            mid = _illustrative_mid(session, participant, network, title, illustrative, rounds, today)
            created += 1
    session.flush()
    total = session.exec(select(func.count(Mid.id))).one()
    return (f"Demo data: {len(editions)} editions, {len(networks)} networks, {len(participants)} participants, "
            f"{total} MIDs ({created} new), {len(rounds)} reporting rounds.")


@dataclass
class DemoLogin:
    email: str
    role: str
    participants: tuple
    password: str


def add_demo_users(session, password=None):
    """Add the demo users, or give them new passwords: random ones unless ``password`` is given.

    The passwords are returned to be shown once; only their hashes are kept.
    """
    logins = []
    for email, role, name, participant_names in DEMO_USERS:
        secret = password or secrets.token_urlsafe(12)
        user = session.exec(select(User).where(User.email == email)).first()
        if user is None:
            create_user(session, email, role, participant_names, secret, name)
        else:
            user.password_hash = hash_password(secret)
        logins.append(DemoLogin(email, role, participant_names, secret))
    session.flush()
    return logins


def describe_logins(logins):
    """The lines that show the demo logins, each password once."""
    lines = ["Demo logins (the passwords are shown only now; the next start gives new ones):"]
    for login in logins:
        extra = f" for {', '.join(login.participants)}" if login.participants else ""
        lines.append(f"  {login.role:<12} {login.email:<32} password: {login.password}{extra}")
    return "\n".join(lines)


def _get_or_add(session, model, key, values):
    row = session.exec(select(model).filter_by(**key)).first()
    if row is None:
        row = model.model_validate({**key, **values})
        session.add(row)
        session.flush()
    return row


def _editions(session):
    return {
        code: _get_or_add(session, Edition, {"code": code}, {"name": name, "start_year": start, "end_year": end})
        for code, name, start, end in data.EDITIONS
    }


def _networks(session, editions):
    return {
        name_pl: _get_or_add(
            session, Network, {"edition_id": editions[code].id, "name_pl": name_pl},
            {"name_en": name_en, "theme": theme, "ended_on": ended_on},
        )
        for code, name_pl, name_en, theme, ended_on in data.NETWORKS
    }


def _participants(session):
    participants = {
        name: _get_or_add(
            session, Participant, {"name": name},
            {"kind": kind, "voivodeship": voivodeship, "population": population, "illustrative": illustrative},
        )
        for name, kind, voivodeship, population, illustrative in data.PARTICIPANTS
    }
    for name, (latitude, longitude) in data.COORDINATES.items():
        participant = participants[name]
        if participant.latitude is None and participant.longitude is None:  # a demo loaded before coordinates
            participant.latitude, participant.longitude = latitude, longitude
    return participants


def _rounds(session):
    return [
        _get_or_add(session, ReportingRound, {"name": name}, {"opens_on": opens, "due_on": due, "closes_on": closes})
        for name, opens, due, closes in data.ROUNDS
    ]


def _workshops(session):
    for year, starts, ends, place in data.WORKSHOPS:
        _get_or_add(session, Workshop, {"year": year}, {"starts_on": starts, "ends_on": ends, "place": place})


def _membership(session, participant, network):
    leader = (participant.name, network.name_pl) in data.LEADERS
    _get_or_add(session, Membership, {"participant_id": participant.id, "network_id": network.id},
                {"is_leader": leader})


def _profile(rng, participant_name):
    if participant_name in _KEPT_ACTIVE:
        return "thriving"
    return rng.choices(
        ["thriving", "completed", "at_risk", "dormant", "abandoned"], weights=[40, 10, 25, 18, 7]
    )[0]


def _utc(day, hour=10):
    return datetime.combine(day, time(hour), tzinfo=timezone.utc)


def _month_end(day):
    return day.replace(day=monthrange(day.year, day.month)[1])


def _add_months(day, months):
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def _illustrative_mid(session, participant, network, title, illustrative, rounds, today):
    rng = random.Random(f"{participant.name}/{network.name_pl}")
    profile = _profile(rng, participant.name)
    started = network.ended_on or today
    mid = Mid(
        participant_id=participant.id, network_id=network.id, title=title, illustrative=illustrative,
        challenge=f"Wyzwanie MID: {title}.", goals="Cele i działania według harmonogramu MID.",
        stakeholders="Urząd miasta, jednostki miejskie, mieszkańcy, organizacje pozarządowe.",
        adopted_on=started - timedelta(days=30), created_at=_utc(started),
    )
    if profile == "abandoned":
        mid.abandoned_at = _utc(started + timedelta(days=400))
        mid.abandoned_reason = "Zmiana priorytetów po wyborach samorządowych (dane ilustracyjne)."
    session.add(mid)
    session.flush()
    last_activity = {
        "thriving": today - timedelta(days=rng.randint(3, 40)),
        "completed": today - timedelta(days=rng.randint(20, 200)),
        "at_risk": today - timedelta(days=rng.randint(30, 150)),
        "dormant": today - timedelta(days=rng.randint(400, 900)),
        "abandoned": started + timedelta(days=400),
    }[profile]
    actions = _actions(session, mid, network, rng, profile, started, min(last_activity, today))
    _milestones(session, mid, actions, rng)
    if profile not in ("dormant", "abandoned"):
        _reports(session, mid, actions, rounds, rng, today, profile)
    return mid


def _actions(session, mid, network, rng, profile, started, touched):
    pool = data.ACTIONS_BY_THEME[network.name_pl]
    actions = []
    for position, (title, unit, budget, source) in enumerate(pool):
        start = _add_months(started, position * rng.randint(2, 5))
        end = _month_end(_add_months(start, rng.randint(6, 30)))
        if profile != "completed" and position == len(pool) - 1:
            # The plan reaches beyond today: a MID that is still being carried out.
            end = _month_end(_add_months(touched, rng.randint(4, 18)))
            start = min(start, end.replace(day=1))
        status, progress = _action_state(rng, profile, position, end, touched)
        action = Action(
            mid_id=mid.id, position=position, title=title, responsible_unit=unit,
            estimated_budget=Decimal(budget), funding_sources=source, planned_start=start, planned_end=end,
            status=status, progress=progress, created_at=_utc(started), updated_at=_utc(touched),
            description=f"{title} (opis ilustracyjny).",
        )
        session.add(action)
        actions.append(action)
    session.flush()
    return actions


def _action_state(rng, profile, position, planned_end, touched):
    if profile == "completed":
        return (ActionStatus.done, 100) if position else (ActionStatus.dropped, rng.choice([0, 20]))
    if profile == "at_risk" and position == 1:
        return ActionStatus.delayed, rng.randint(10, 60)
    if planned_end < touched or position == 0:
        return ActionStatus.done, 100
    if profile == "thriving" or position == 1:
        return ActionStatus.in_progress, rng.choice([20, 40, 60, 80])
    # A plan that is still ahead of the city: not yet due, not started.
    return ActionStatus.planned, 0


def _milestones(session, mid, actions, rng):
    for action in actions[:2]:
        achieved = action.status == ActionStatus.done
        session.add(Milestone(
            mid_id=mid.id, action_id=action.id, title=f"Zakończenie: {action.title.lower()}",
            due_on=action.planned_end, achieved_on=action.planned_end if achieved else None,
            evidence="Protokół odbioru (dane ilustracyjne)" if achieved else "",
            created_at=action.created_at, updated_at=action.updated_at,
        ))


def _reports(session, mid, actions, rounds, rng, today, profile):
    for round_ in rounds:
        if round_.closes_on >= today or rng.random() < 0.2:
            continue
        submitted = _utc(round_.due_on - timedelta(days=rng.randint(0, 10)), hour=11)
        report = Report(
            mid_id=mid.id, round_id=round_.id, state=ReportState.accepted,
            submitted_at=submitted, first_submitted_at=submitted,
            achievements="Zrealizowano zaplanowane prace przygotowawcze (dane ilustracyjne).",
            support_needed="Wymiana doświadczeń z miastami sieci." if rng.random() < 0.5 else "",
            good_practice="Konsultacje w formule spacerów badawczych." if rng.random() < 0.3 else "",
            next_steps="Kontynuacja działań zgodnie z harmonogramem.",
            barriers_text="",
            created_at=submitted, updated_at=submitted,
        )
        categories = rng.sample(sorted(data.BARRIER_TEXTS), k=rng.choice([0, 1, 1, 2]))
        report.barriers_text = " ".join(data.BARRIER_TEXTS[c] for c in categories)
        session.add(report)
        session.flush()
        for category in categories:
            session.add(ReportBarrier(report_id=report.id, category=category))
        for action in actions:
            session.add(ReportActionUpdate(report_id=report.id, action_id=action.id, status=action.status,
                                           progress=action.progress))
        if rng.random() < 0.35:
            session.add(ReportFunding(report_id=report.id, amount=Decimal(rng.choice([50000, 250000, 1200000])),
                                      source=rng.choice(["FEnIKS", "WFOŚiGW", "budżet miasta", "KPO"])))


def load_synthetic(session, count, today):
    """Add ``count`` synthetic MIDs (participants "Gmina syntetyczna NNNNN"), in bulk."""
    networks = session.exec(select(Network).order_by(Network.id)).all()
    rounds = session.exec(select(ReportingRound).where(ReportingRound.closes_on < today)).all()
    if not networks:
        raise ValueError("Load the demo first: synthetic MIDs join its networks.")
    existing = set(session.exec(select(Participant.name).where(Participant.name.like("Gmina syntetyczna %"))))
    names = [f"Gmina syntetyczna {n:05d}" for n in range(1, count + 1)]
    names = [name for name in names if name not in existing]
    if not names:
        return f"Synthetic MIDs: all {count} already there."
    voivodeships = list(Voivodeship)
    rng = random.Random(count)
    before = session.exec(select(func.max(Participant.id))).one() or 0
    session.exec(insert(Participant), params=[
        {"name": name, "kind": "municipality", "voivodeship": rng.choice(voivodeships).value,
         "population": rng.randint(3000, 300000), "illustrative": True}
        for name in names
    ])
    participant_ids = session.exec(select(Participant.id).where(Participant.id > before)).all()
    membership_rows, mid_rows = [], []
    for pid in participant_ids:
        network = networks[rng.randrange(len(networks))]
        membership_rows.append({"participant_id": pid, "network_id": network.id, "is_leader": False})
        started = network.ended_on or today
        abandoned = rng.random() < 0.05
        mid_rows.append({"participant_id": pid, "network_id": network.id, "title": f"MID syntetyczny nr {pid}",
                         "challenge": "", "goals": "", "stakeholders": "", "illustrative": True,
                         "adopted_on": started, "created_at": _utc(started), "updated_at": _utc(started),
                         "abandoned_at": _utc(started + timedelta(days=300)) if abandoned else None,
                         "abandoned_reason": "MID syntetyczny porzucony" if abandoned else None, "version": 1})
    session.exec(insert(Membership), params=membership_rows)
    session.exec(insert(Mid), params=mid_rows)
    mids = session.exec(
        select(Mid.id, Mid.network_id, Mid.created_at).where(Mid.participant_id > before)
    ).all()
    _synthetic_plans(session, mids, rounds, rng, today)
    return f"Synthetic MIDs: {len(names)} added ({count} requested)."


def _synthetic_plans(session, mids, rounds, rng, today):
    action_rows, milestone_rows, report_rows = [], [], []
    for mid_id, _network_id, created_at in mids:
        touched = today - timedelta(days=rng.choice([5, 20, 90, 200, 500]))
        for position in range(5):
            start = _add_months(created_at.date(), position * 3)
            end = _month_end(_add_months(start, rng.randint(6, 24)))
            status = rng.choice(list(ActionStatus))
            progress = 100 if status == ActionStatus.done else rng.choice([0, 10, 50, 90])
            action_rows.append({"mid_id": mid_id, "position": position, "title": f"Działanie {position + 1}",
                                "description": "", "responsible_unit": "Urząd", "funding_sources": "budżet",
                                "estimated_budget": Decimal(rng.randint(1, 500) * 10000),
                                "planned_start": start, "planned_end": end, "status": status.value,
                                "progress": progress, "created_at": created_at, "updated_at": _utc(touched),
                                "version": 1})
        for n in range(2):
            due = today - timedelta(days=rng.randint(-200, 400))
            milestone_rows.append({"mid_id": mid_id, "action_id": None, "title": f"Kamień milowy {n + 1}",
                                   "due_on": due, "achieved_on": due if rng.random() < 0.5 else None,
                                   "evidence": "", "created_at": created_at, "updated_at": _utc(touched)})
        for round_ in rounds:
            if rng.random() < 0.6:
                submitted = _utc(round_.due_on - timedelta(days=rng.randint(-5, 10)))
                report_rows.append({"mid_id": mid_id, "round_id": round_.id, "state": "submitted",
                                    "submitted_at": submitted, "first_submitted_at": submitted,
                                    "achievements": "", "barriers_text": "",
                                    "support_needed": "", "good_practice": "", "next_steps": "",
                                    "review_comment": "", "created_at": submitted, "updated_at": submitted,
                                    "version": 1})
    for rows, model in ((action_rows, Action), (milestone_rows, Milestone), (report_rows, Report)):
        for start in range(0, len(rows), 5000):
            session.exec(insert(model), params=rows[start:start + 5000])
