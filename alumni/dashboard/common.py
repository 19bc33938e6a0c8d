"""What the dashboard's aggregations share: settings, outcomes, size bands, per-MID status columns."""

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, literal
from sqlmodel import select

from ..life_status import DEFAULT_DORMANT_AFTER_DAYS, life_status_query
from ..models import LifeStatus, Mid, Network, Participant


@dataclass(frozen=True)
class StatusSettings:
    """The settings the life-status rule is computed with."""

    dormant_after_days: int = DEFAULT_DORMANT_AFTER_DAYS
    timezone: str = "Europe/Warsaw"

    @classmethod
    def from_app(cls, app):
        return cls(app.config["DORMANT_AFTER_DAYS"], app.config["TIMEZONE"])

    def status_query(self, as_of):
        """The one life-status query (SPEC §4), as of ``as_of``."""
        return life_status_query(as_of, self.dormant_after_days, self.timezone)

    def end_of_day(self, day):
        """The last instant of ``day`` in the programme's time zone (inclusive bound)."""
        return self.start_of_day(day + timedelta(days=1)) - timedelta(microseconds=1)

    def start_of_day(self, day):
        return datetime.combine(day, time(0), tzinfo=ZoneInfo(self.timezone))

    def local_date(self, moment):
        return moment.astimezone(ZoneInfo(self.timezone)).date()

    def requested_moment(self, text, now):
        """The end of the past day named ``text`` (YYYY-MM-DD), or ``now`` for today, later or nonsense."""
        try:
            day = date.fromisoformat(text or "")
        except ValueError:
            return now
        if day.year < 2000:  # before the programme, and too near the calendar's start to count back from
            return now
        return self.end_of_day(day) if day < self.local_date(now) else now


class Outcome(enum.StrEnum):
    """A MID's life status as the dashboard counts it: absorbed MIDs apart from the rest.

    A MID marked as continued in, or absorbed into, another MID or a city strategy whose own
    life has ended (``abandoned`` or ``dormant``) lives on elsewhere: it is ``absorbed``.
    """

    active = "active"
    at_risk = "at_risk"
    dormant = "dormant"
    completed = "completed"
    absorbed = "absorbed"
    abandoned = "abandoned"


# Statuses a MID is still alive in (survival curves), and those it is not chased in.
ALIVE = (LifeStatus.active.value, LifeStatus.at_risk.value)
NOT_EXPECTED_TO_REPORT = (LifeStatus.abandoned.value, LifeStatus.completed.value)
_ENDED_ON_ITS_OWN = (LifeStatus.abandoned.value, LifeStatus.dormant.value)


class SizeBand(enum.StrEnum):
    """Participants by population."""

    under_20k = "under-20k"
    from_20k_to_100k = "20k-100k"
    from_100k_to_300k = "100k-300k"
    over_300k = "over-300k"
    unknown = "unknown"


def size_band_expression(population):
    """The size band of a population column, in SQL."""
    return case(
        (population.is_(None), literal(SizeBand.unknown.value)),
        (population < 20_000, literal(SizeBand.under_20k.value)),
        (population < 100_000, literal(SizeBand.from_20k_to_100k.value)),
        (population <= 300_000, literal(SizeBand.from_100k_to_300k.value)),
        else_=literal(SizeBand.over_300k.value),
    )


def outcome_expression(status, lineage_kind):
    """The dashboard outcome from a life-status column and the MID's lineage, in SQL."""
    return case(
        (and_(lineage_kind.is_not(None), status.in_(_ENDED_ON_ITS_OWN)), literal(Outcome.absorbed.value)),
        else_=status,
    )


def outcome_of(status, lineage_kind):
    """The same outcome, for one MID in Python (recorded history)."""
    if lineage_kind is not None and status in _ENDED_ON_ITS_OWN:
        return Outcome.absorbed
    return Outcome(status)


def mid_facts(as_of, settings):
    """A SELECT of one row per MID: where it sits, its life status and outcome as of ``as_of``."""
    statuses = settings.status_query(as_of).subquery("ls")
    return (
        select(
            Mid.id.label("mid_id"),
            Mid.network_id.label("network_id"),
            Network.edition_id.label("edition_id"),
            Mid.participant_id.label("participant_id"),
            Mid.created_at.label("created_at"),
            Participant.voivodeship.label("voivodeship"),
            size_band_expression(Participant.population).label("size_band"),
            statuses.c.status.label("status"),
            outcome_expression(statuses.c.status, Mid.lineage_kind).label("outcome"),
            Mid.lineage_kind.label("lineage_kind"),
            case(
                (Mid.successor_mid_id.is_not(None), literal("mid")),
                (Mid.successor_strategy.is_not(None), literal("strategy")),
            ).label("lineage_target"),
            statuses.c.last_action_at,
            statuses.c.last_milestone_at,
            statuses.c.last_report_at,
        )
        .join(statuses, statuses.c.mid_id == Mid.id)
        .join(Participant, Participant.id == Mid.participant_id)
        .join(Network, Network.id == Mid.network_id)
    )
