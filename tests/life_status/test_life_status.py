"""The life-status rule (``alumni.life_status``), one case per branch and per precedence, with boundary days."""

from datetime import date, datetime, timedelta, timezone

import pytest

from alumni.life_status import StatusSettings, ended_query, status_of as life_status_of, statuses
from alumni.models import LifeStatus

AS_OF = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
RECENT = AS_OF - timedelta(days=10)


@pytest.fixture
def status_of(session):
    def compute(mid, as_of=AS_OF, **kwargs):
        return life_status_of(session, StatusSettings(**kwargs), mid.id, as_of)

    return compute


@pytest.fixture
def past_round(create_round):
    """A round whose due date has passed before AS_OF."""
    return create_round(name="2026 H1", opens_on=date(2026, 5, 4), due_on=date(2026, 6, 15),
                        closes_on=date(2026, 7, 31))


def test_mid_with_recent_activity_and_nothing_wrong_is_active(create_mid, create_action, status_of):
    mid = create_mid()
    create_action(mid, updated_at=RECENT)
    assert status_of(mid) == LifeStatus.active


def test_abandoned_on_or_before_as_of_wins_over_everything(session, create_mid, create_action, status_of):
    mid = create_mid(abandoned_at=AS_OF, abandoned_reason="Zmiana priorytetów")
    create_action(mid, status="done", progress=100, updated_at=RECENT)
    assert status_of(mid) == LifeStatus.abandoned
    assert status_of(mid, as_of=AS_OF - timedelta(seconds=1)) == LifeStatus.completed


def test_completed_needs_all_actions_closed_and_one_done(create_mid, create_action, status_of):
    mid = create_mid()
    create_action(mid, status="done", progress=100, updated_at=RECENT)
    create_action(mid, status="dropped", progress=0, updated_at=RECENT)
    assert status_of(mid) == LifeStatus.completed


def test_all_dropped_is_not_completed(create_mid, create_action, status_of):
    mid = create_mid()
    create_action(mid, status="dropped", progress=0, updated_at=RECENT)
    assert status_of(mid) == LifeStatus.active


def test_completed_wins_over_dormant(create_mid, create_action, status_of):
    mid = create_mid()
    create_action(mid, status="done", progress=100, updated_at=AS_OF - timedelta(days=900))
    assert status_of(mid) == LifeStatus.completed


def test_dormant_after_the_set_number_of_days_without_activity(create_mid, create_action, status_of):
    mid = create_mid()
    create_action(mid, updated_at=AS_OF - timedelta(days=365))
    assert status_of(mid) == LifeStatus.active  # exactly 365 days ago still counts
    later = AS_OF + timedelta(seconds=1)
    assert status_of(mid, as_of=later) == LifeStatus.dormant
    assert status_of(mid, as_of=later, dormant_after_days=400) == LifeStatus.active


def test_mid_with_no_activity_at_all_is_dormant(create_mid, status_of):
    assert status_of(create_mid()) == LifeStatus.dormant


def test_milestone_change_or_submitted_report_counts_as_activity(
    create_mid, create_milestone, create_report, past_round, status_of
):
    by_milestone, by_report = create_mid(), create_mid(participant="Lublin")
    create_milestone(by_milestone, updated_at=RECENT)
    create_report(by_report, past_round, submitted_at=RECENT)
    assert status_of(by_milestone) != LifeStatus.dormant
    assert status_of(by_report) == LifeStatus.active


def test_activity_after_as_of_does_not_count(create_mid, create_action, status_of):
    mid = create_mid()
    create_action(mid, updated_at=AS_OF + timedelta(days=1))
    assert status_of(mid) == LifeStatus.dormant


def test_dormant_wins_over_at_risk(create_mid, create_action, status_of):
    mid = create_mid()
    create_action(mid, status="delayed", updated_at=AS_OF - timedelta(days=500))
    assert status_of(mid) == LifeStatus.dormant


@pytest.mark.parametrize("status", ["delayed", "suspended"])
def test_stalled_action_puts_the_mid_at_risk(create_mid, create_action, status_of, status):
    mid = create_mid()
    create_action(mid, status=status, updated_at=RECENT)
    assert status_of(mid) == LifeStatus.at_risk


def test_action_past_its_planned_end_and_open_puts_the_mid_at_risk(create_mid, create_action, status_of):
    mid = create_mid()
    create_action(mid, planned_start=date(2026, 1, 1), planned_end=date(2026, 11, 21), updated_at=RECENT)
    assert status_of(mid) == LifeStatus.at_risk
    # On the planned end day itself the action is not yet late.
    assert status_of(mid, as_of=datetime(2026, 11, 21, 12, tzinfo=timezone.utc)) == LifeStatus.active


def test_closed_action_past_its_end_is_no_risk(create_mid, create_action, status_of):
    mid = create_mid()
    create_action(mid, status="done", progress=100, planned_end=date(2025, 1, 31), updated_at=RECENT)
    create_action(mid, status="in_progress", updated_at=RECENT)
    assert status_of(mid) == LifeStatus.active


def test_no_report_in_the_latest_due_round_puts_the_mid_at_risk(
    create_mid, create_action, create_round, create_report, past_round, status_of
):
    mid = create_mid()
    create_action(mid, updated_at=RECENT)
    older = create_round(name="2025 H2", opens_on=date(2025, 11, 3), due_on=date(2025, 12, 15),
                         closes_on=date(2026, 1, 30))
    create_report(mid, older, submitted_at=datetime(2025, 12, 10, tzinfo=timezone.utc))
    assert status_of(mid) == LifeStatus.at_risk
    create_report(mid, past_round, submitted_at=datetime(2026, 6, 10, tzinfo=timezone.utc))
    assert status_of(mid) == LifeStatus.active


def test_a_round_is_missed_only_after_its_due_date(create_mid, create_action, past_round, status_of):
    mid = create_mid()
    create_action(mid, updated_at=datetime(2026, 6, 1, tzinfo=timezone.utc))
    on_due_day = datetime(2026, 6, 15, 20, 0, tzinfo=timezone.utc)  # 22:00 in Warsaw, still 15 June
    assert status_of(mid, as_of=on_due_day) == LifeStatus.active
    day_after = datetime(2026, 6, 15, 22, 30, tzinfo=timezone.utc)  # 00:30 on 16 June in Warsaw
    assert status_of(mid, as_of=day_after) == LifeStatus.at_risk


def test_draft_report_does_not_count_as_reporting(create_mid, create_action, create_report, past_round,
                                                  status_of):
    mid = create_mid()
    create_action(mid, updated_at=RECENT)
    create_report(mid, past_round, submitted_at=None, state="draft")
    assert status_of(mid) == LifeStatus.at_risk


def test_all_mids_in_one_call(create_mid, create_action, session):
    alive, asleep = create_mid(), create_mid(participant="Lublin")
    create_action(alive, updated_at=RECENT)
    found = statuses(session, StatusSettings(), AS_OF)
    assert found == {alive.id: LifeStatus.active, asleep.id: LifeStatus.dormant}


def test_life_status_needs_an_aware_clock(session, create_mid):
    with pytest.raises(ValueError):
        life_status_of(session, StatusSettings(), create_mid().id, datetime(2026, 11, 22))


ACTION_MIXES = [(), ("done",), ("dropped",), ("done", "dropped"), ("done", "in_progress"), ("done", "delayed"),
                ("dropped", "planned"), ("done", "done", "suspended")]


def test_ended_query_agrees_with_the_rule_on_abandoned_and_completed(session, create_mid, create_action):
    """The open round's "who is still expected" asks only the rule's first two branches, its own way."""
    mids = {}
    for index, mix in enumerate(ACTION_MIXES):
        for abandoned in (False, True):
            mid = create_mid(participant=f"Miasto {index} {abandoned}",
                             abandoned_at=AS_OF - timedelta(days=1) if abandoned else None,
                             abandoned_reason="Brak środków" if abandoned else None)
            for status in mix:
                create_action(mid, status=status, progress=100 if status == "done" else 0, updated_at=RECENT)
            mids[mid.id] = (mix, abandoned)
    by_rule = statuses(session, StatusSettings(), AS_OF)
    ended = dict(session.exec(ended_query(AS_OF)).all())
    for mid_id, (mix, abandoned) in mids.items():
        expected = by_rule[mid_id] if by_rule[mid_id] in (LifeStatus.abandoned, LifeStatus.completed) else None
        assert ended[mid_id] == (expected.value if expected else None), (mix, abandoned)
    assert {ended[mid_id] for mid_id in mids} == {"abandoned", "completed", None}
