"""Reporting completeness in set-based SQL agrees with a plain-Python reading of its definition.

Hypothesis draws rounds, MIDs (adopted or entered before or after the due date, abandoned,
completed), reports in every state with first and latest submissions around the due date,
and extensions granted or not, decided before or after the moment counted; both the round
already due and the round still open ("so far") are drawn; the open round also as the dashboard
counts it, beside today's statuses.
"""

import itertools
from datetime import date, timedelta

from hypothesis import HealthCheck, example, given, settings, strategies as st
from sqlmodel import select

from alumni.clock import Calendar
from alumni.life_status import StatusSettings, count_days, recorded_and_kept, statuses
from alumni.models import (
    Action, DeadlineExtension, Edition, Mid, MidStatusRecord, Network, Participant, Report, ReportingRound, ReportState,
)
from alumni.dashboard.states import current_states
from alumni.reporting.completeness import completeness, extended_deadlines, grouped, is_due, missing
from alumni.reporting.states import RECEIVED_STATES

SETTINGS = StatusSettings()
CALENDAR = Calendar()
DUE = date(2026, 6, 15)
_names = itertools.count()

days = st.integers(min_value=-120, max_value=40)
mids = st.fixed_dictionaries({
    "adopted": st.none() | days,
    "created": days,
    "abandoned": st.none() | days,
    "completed": st.booleans(),
    "report": st.none() | st.sampled_from(list(ReportState)),
    "first": st.integers(min_value=-72, max_value=72),  # hours from the due day's midnight
    "again": st.integers(min_value=0, max_value=20),
    "extension": st.none() | st.tuples(st.integers(min_value=-3, max_value=15), st.integers(-30, 30)),
})


def moment(offset_days, hour=10):
    """A moment ``offset_days`` days from the due date, at ``hour`` local time."""
    return CALENDAR.start_of_day(DUE + timedelta(days=offset_days)) + timedelta(hours=hour)


def by_definition(drawn, as_of):
    """(expected, received, on time, missing ids) of the drawn MIDs, straight from the definition."""
    due_passed = CALENDAR.local_date(as_of) > DUE
    judged_at = CALENDAR.end_of_day(DUE) if due_passed else as_of
    day = CALENDAR.local_date(judged_at)
    expected = received = on_time = 0
    missing_ids = set()
    for mid, spec in drawn:
        existed = (DUE + timedelta(days=spec["adopted"]) <= day if spec["adopted"] is not None
                   else moment(spec["created"]) <= judged_at)
        abandoned = spec["abandoned"] is not None and moment(spec["abandoned"]) <= judged_at
        if not existed or abandoned or spec["completed"]:
            continue
        expected += 1
        state = spec["report"]
        first = moment(0, hour=0) + timedelta(hours=spec["first"])
        if state in RECEIVED_STATES and first <= as_of:
            received += 1
            deadline = DUE
            if spec["extension"] is not None:
                extra, decided = spec["extension"]
                if moment(decided) <= as_of and extra > 0:
                    deadline = DUE + timedelta(days=extra)
            on_time += first <= CALENDAR.end_of_day(deadline)
        else:
            missing_ids.add(mid.id)
    return expected, received, on_time, missing_ids


def build(session, drawn_specs):
    """Write the drawn round and MIDs; return the round and [(Mid, spec)]."""
    serial = next(_names)
    edition = session.exec(select(Edition)).first()
    if edition is None:
        edition = Edition(code="PIM II", name="PIM II", start_year=2021, end_year=2023)
        session.add(edition)
        session.flush()
    network = Network(edition_id=edition.id, name_pl=f"Sieć {serial}", name_en=f"Network {serial}")
    round_ = ReportingRound(name=f"Runda {serial}", opens_on=DUE - timedelta(days=40), due_on=DUE,
                            closes_on=DUE + timedelta(days=60))
    session.add_all([network, round_])
    session.flush()
    drawn = []
    for index, spec in enumerate(drawn_specs):
        participant = Participant(name=f"Miasto {serial}-{index}", voivodeship="pomorskie")
        session.add(participant)
        session.flush()
        mid = Mid(participant_id=participant.id, network_id=network.id, title=f"MID {serial}-{index}",
                  created_at=moment(spec["created"]), updated_at=moment(spec["created"]),
                  adopted_on=None if spec["adopted"] is None else DUE + timedelta(days=spec["adopted"]),
                  abandoned_at=None if spec["abandoned"] is None else moment(spec["abandoned"]),
                  abandoned_reason=None if spec["abandoned"] is None else "Brak środków")
        session.add(mid)
        session.flush()
        status = "done" if spec["completed"] else "in_progress"
        session.add(Action(mid_id=mid.id, title="Działanie", status=status,
                           progress=100 if spec["completed"] else 30, updated_at=moment(-5)))
        state = spec["report"]
        if state is not None:
            submitted = state != ReportState.draft
            first = moment(0, hour=0) + timedelta(hours=spec["first"])
            session.add(Report(mid_id=mid.id, round_id=round_.id, state=state,
                               submitted_at=first + timedelta(days=spec["again"]) if submitted else None,
                               first_submitted_at=first if submitted else None))
        if spec["extension"] is not None:
            extra, decided = spec["extension"]
            session.add(DeadlineExtension(mid_id=mid.id, round_id=round_.id,
                                          requested_until=DUE + timedelta(days=max(extra, 0)),
                                          granted_until=DUE + timedelta(days=extra), decided_at=moment(decided)))
        drawn.append((mid, spec))
    session.commit()
    return round_, drawn


# Always tried: a report late for the due day but within a granted extension, counted once the round
# is due (the statement built once knows how many MIDs were granted more time).
_LATE_WITHIN_AN_EXTENSION = {"adopted": -30, "created": -60, "abandoned": None, "completed": False,
                             "report": ReportState.submitted, "first": 48, "again": 0, "extension": (5, -1)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(drawn_specs=[_LATE_WITHIN_AN_EXTENSION], as_of_day=20, hour=10)
@given(drawn_specs=st.lists(mids, min_size=1, max_size=8), as_of_day=st.integers(min_value=-10, max_value=40),
       hour=st.integers(min_value=0, max_value=23))
def test_set_based_counts_match_the_definition(session, drawn_specs, as_of_day, hour):
    round_, drawn = build(session, drawn_specs)
    as_of = moment(as_of_day, hour)
    ids = [mid.id for mid, _spec in drawn]
    expected, received, on_time, missing_ids = by_definition(drawn, as_of)
    [result] = completeness(session, [round_], as_of, SETTINGS, where=[Mid.id.in_(ids)])
    assert (result.total.expected, result.total.received, result.total.on_time) == (expected, received, on_time)
    assert set(missing(session, round_, as_of, SETTINGS, where=[Mid.id.in_(ids)])) == missing_ids
    deadlines = extended_deadlines(session, [round_], as_of, SETTINGS)
    if not is_due(round_, as_of, SETTINGS):
        # The dashboard counts a round not yet due beside today's statuses, in their statement.
        states = current_states(session, as_of, SETTINGS, open_rounds=[round_], where=[Mid.id.in_(ids)],
                                deadlines=deadlines)
        [so_far] = states.so_far()
        assert (so_far.total.expected, so_far.total.received, so_far.total.on_time) == (expected, received, on_time)
        # Unfiltered, the statement is built once per process and run with each moment's values.
        [so_far] = current_states(session, as_of, SETTINGS, open_rounds=[round_], deadlines=deadlines).so_far()
        counts = so_far.by_network[drawn[0][0].network_id]
        assert (counts.expected, counts.received, counts.on_time) == (expected, received, on_time)
    else:
        # The due day recorded for every MID, as the life-status job leaves it: read from the record,
        # unfiltered, by the statement built once per process and run with each round's values.
        _record_every_mid_on(session, DUE)
        recorded = recorded_and_kept(session, {DUE})[0]
        assert DUE in recorded.whole
        rows = grouped(session, [round_], as_of, SETTINGS, ("network_id",), recorded=recorded, deadlines=deadlines)
        assert [row[2:] for row in rows if row[1] == drawn[0][0].network_id] == [(expected, received, on_time)]


def _record_every_mid_on(session, day):
    """Each MID the record of ``day`` lacks, with its status at the day's end (the rule's), and the day counted."""
    held = set(session.exec(select(MidStatusRecord.mid_id).where(MidStatusRecord.recorded_on == day)))
    for mid_id, status in statuses(session, SETTINGS, CALENDAR.end_of_day(day)).items():
        if mid_id not in held:
            session.add(MidStatusRecord(mid_id=mid_id, recorded_on=day, status=status.value, on_the_day=False))
    session.flush()
    count_days(session, [day])
    session.commit()
