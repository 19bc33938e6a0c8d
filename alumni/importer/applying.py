"""Writing a checked plan: new records first (participants, MIDs, actions), then updates.

The session's audit listener records every row written, as done by the actor via "import".
"""

from sqlmodel import select

from .. import audit
from ..models import Action, Indicator, IndicatorValue, Membership, Mid, Participant
from .columns import ACTIONS, INDICATOR_VALUES, INDICATORS, MIDS, PARTICIPANTS, fold
from .indicators import create_values, indicator_key
from .planning import CREATED, UPDATED

_MODELS = {PARTICIPANTS: Participant, MIDS: Mid, ACTIONS: Action, INDICATORS: Indicator,
           INDICATOR_VALUES: IndicatorValue}


def apply_changes(session, changes, actor_id=None):
    """Create and update what the plan says, and flush."""
    audit.act_as(session, actor_id, via="import")
    created = {PARTICIPANTS: {}, MIDS: {}, INDICATORS: {}, "actions_by_position": {}}
    memberships = set(session.exec(select(Membership.network_id, Membership.participant_id)).all())
    for kind in (PARTICIPANTS, MIDS, ACTIONS, INDICATORS, INDICATOR_VALUES):
        written = []
        for change in changes:
            if change.entity != kind or change.outcome not in (CREATED, UPDATED):
                continue
            if change.outcome == CREATED:
                record = _create(session, change, created, memberships)
            else:
                record = change.target
                for name, (_before, after) in change.fields.items():
                    setattr(record, name, after)
            written.append((change, record))
        session.flush()  # one flush per kind: the next kind needs these ids
        for change, record in written:
            if kind == PARTICIPANTS:
                created[PARTICIPANTS].setdefault(fold(record.name), record)
            elif kind == MIDS:
                created[MIDS].setdefault(_mid_key(change), record)
            elif kind == ACTIONS:
                created["actions_by_position"][(record.mid_id, record.position)] = record.id
            elif kind == INDICATORS:
                created[INDICATORS][indicator_key(record)] = record
    session.flush()


def _create(session, change, created, memberships):
    values = dict(change.values)
    if change.entity == MIDS:
        participant = change.parent if isinstance(change.parent, Participant) else created[PARTICIPANTS][change.parent]
        values["participant_id"] = participant.id
        if (values["network_id"], participant.id) not in memberships:
            session.add(Membership(network_id=values["network_id"], participant_id=participant.id))
            memberships.add((values["network_id"], participant.id))
    elif change.entity == ACTIONS:
        mid = change.parent if isinstance(change.parent, Mid) else created[MIDS][change.parent]
        values["mid_id"] = mid.id
    elif change.entity in (INDICATORS, INDICATOR_VALUES):
        values = create_values(change, created, lambda parent: parent if isinstance(parent, Mid)
                               else created[MIDS][parent])
    record = _MODELS[change.entity].model_validate(values)
    session.add(record)
    return record


def _mid_key(change):
    """The plan's key of a MID: (folded participant name, network id)."""
    parent = change.parent
    name = fold(parent.name) if isinstance(parent, Participant) else parent
    network_id = change.target.network_id if change.target is not None else change.values["network_id"]
    return name, network_id
