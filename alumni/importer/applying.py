"""Writing a checked plan: new records first (participants, MIDs, actions), then updates, audited."""

from sqlmodel import select

from ..models import Action, AuditEvent, Membership, Mid, Participant
from .columns import ACTIONS, MIDS, PARTICIPANTS, fold
from .planning import CREATED, UPDATED, _plain

_MODELS = {PARTICIPANTS: Participant, MIDS: Mid, ACTIONS: Action}
_ENTITY_TYPES = {PARTICIPANTS: "participant", MIDS: "mid", ACTIONS: "action"}


def apply_changes(session, changes, as_of, actor_id=None):
    """Create and update what the plan says; flush; record an audit event per record changed."""
    created = {PARTICIPANTS: {}, MIDS: {}}
    memberships = set(session.exec(select(Membership.network_id, Membership.participant_id)).all())
    for kind in (PARTICIPANTS, MIDS, ACTIONS):
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
            session.add(AuditEvent(
                at=as_of, actor_id=actor_id, via="import", entity_type=_ENTITY_TYPES[kind],
                entity_id=record.id, mid_id=_mid_id(kind, record),
                action="create" if change.outcome == CREATED else "update",
                changes={name: [_plain(before), _plain(after)] for name, (before, after) in change.fields.items()},
            ))
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
    record = _MODELS[change.entity].model_validate(values)
    session.add(record)
    return record


def _mid_key(change):
    """The plan's key of a MID: (folded participant name, network id)."""
    parent = change.parent
    name = fold(parent.name) if isinstance(parent, Participant) else parent
    network_id = change.target.network_id if change.target is not None else change.values["network_id"]
    return name, network_id


def _mid_id(kind, record):
    if kind == MIDS:
        return record.id
    if kind == ACTIONS:
        return record.mid_id
    return None
