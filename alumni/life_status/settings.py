"""The rule's settings (``StatusSettings``), the outcomes the dashboard counts, size bands, and per-MID facts."""

import enum
from dataclasses import dataclass

from sqlalchemy import and_, case, literal

from ..clock import Calendar
from ..models import LifeStatus, Mid, Network, Participant
from .rule import DEFAULT_DORMANT_AFTER_DAYS, life_status_query, prepared_life_status_query


@dataclass(frozen=True)
class StatusSettings(Calendar):
    """The settings the life-status rule is computed with: the programme's calendar and the dormancy."""

    dormant_after_days: int = DEFAULT_DORMANT_AFTER_DAYS

    @classmethod
    def from_app(cls, app):
        return cls(timezone=app.config["TIMEZONE"], send_hour=app.config["SEND_HOUR"],
                   dormant_after_days=app.config["DORMANT_AFTER_DAYS"])

    def status_query(self, as_of, mid_ids=None):
        """The one life-status query, as of ``as_of`` (for every MID, or those in ``mid_ids``)."""
        return life_status_query(as_of, self.dormant_after_days, self.timezone, mid_ids)

    def prepared_status_query(self, as_of, mid_ids=None):
        """The same query built once with bound parameters, and the parameters to run it with."""
        return prepared_life_status_query(as_of, self.dormant_after_days, self.timezone, mid_ids)


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


def mid_facts(as_of, settings, rule=None):
    """A SELECT of one row per MID: where it sits, its life status and outcome as of ``as_of``.

    The rule's own SELECT (mid_id, status, last_action_at, last_milestone_at, last_report_at),
    widened: one pass over the MIDs, not the rule's rows joined back to ``mid``. ``rule``: the
    rule's SELECT already made (``rule.bound_life_status_query``: run with its parameters).
    """
    rule = settings.status_query(as_of) if rule is None else rule
    status = rule.selected_columns.status.element
    return (
        rule.add_columns(
            Mid.network_id.label("network_id"),
            Network.edition_id.label("edition_id"),
            Mid.participant_id.label("participant_id"),
            Mid.created_at.label("created_at"),
            Mid.adopted_on.label("adopted_on"),
            Participant.voivodeship.label("voivodeship"),
            size_band_expression(Participant.population).label("size_band"),
            outcome_expression(status, Mid.lineage_kind).label("outcome"),
            Mid.lineage_kind.label("lineage_kind"),
            case(
                (Mid.successor_mid_id.is_not(None), literal("mid")),
                (Mid.successor_strategy.is_not(None), literal("strategy")),
            ).label("lineage_target"),
        )
        .join(Participant, Participant.id == Mid.participant_id)
        .join(Network, Network.id == Mid.network_id)
    )
