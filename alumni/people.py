"""People: creating users and naming the participants a coordinator works for."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice
from sqlalchemy.orm import selectinload
from sqlmodel import select

from .models import Participant, Role, User
from .passwords import hash_password, password_problems


class PeopleError(ValueError):
    """A request about people that cannot be carried out, with a message for the person."""


MINISTRY_ROLES = (Role.admin, Role.ministry)


def active_users(roles=tuple(Role)):
    """A SELECT of the active, not anonymised users with one of ``roles``, by address."""
    return (
        select(User)
        .where(User.role.in_([Role(role).value for role in roles]), User.is_active.is_(True),
               User.anonymised_at.is_(None))
        .order_by(User.email)
    )


def normalise_email(email):
    return (email or "").strip().lower()


def find_user(session, email):
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def find_participant(session, name_or_id):
    """A participant by its short name (case-insensitive) or its number."""
    text = str(name_or_id).strip()
    if text.isdigit():
        participant = session.get(Participant, int(text))
        if participant:
            return participant
    for participant in session.exec(select(Participant).where(Participant.name == text)):
        return participant
    lowered = text.casefold()
    matches = [p for p in session.exec(select(Participant)) if p.name.casefold() == lowered]
    return matches[0] if len(matches) == 1 else None


def create_user(session, email, role, participants=(), password=None, name="", language="pl"):
    """Add a user; raise PeopleError with a clear message when something is off."""
    email = normalise_email(email)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise PeopleError(_l("'%(email)s' is not an e-mail address.", email=email))
    if role not in Role.__members__:
        raise PeopleError(_l("Unknown role '%(role)s'; choose one of: %(roles)s.", role=role, roles=", ".join(Role)))
    if find_user(session, email):
        raise PeopleError(_l("A user with the address %(email)s already exists.", email=email))
    found = []
    for name_or_id in participants:
        participant = find_participant(session, name_or_id)
        if participant is None:
            raise PeopleError(_l("No participant is named '%(name)s'.", name=name_or_id))
        found.append(participant)
    if role == Role.coordinator and not found:
        raise PeopleError(_l("A coordinator works for at least one participant."))
    if role != Role.coordinator and found:
        raise PeopleError(_l("Only coordinators work for participants."))
    problems = password_problems(password, [email, name]) if password is not None else []
    if problems:
        raise PeopleError(problems[0])
    user = User.model_validate(
        {
            "email": email,
            "role": Role(role),
            "name": name,
            "language": language,
            "password_hash": hash_password(password) if password else None,
        }
    )
    user.participants = found
    session.add(user)
    session.flush()
    return user


def all_users(session):
    """Every user with their participants, in one round trip each."""
    return session.exec(
        select(User).options(selectinload(User.participants)).order_by(User.role, User.email)
    ).all()


def user_form(session, form):
    """Fill a UserForm's choices (roles, participants)."""
    from .labels import ROLE

    form.role.choices = [SelectChoice(role.value, ROLE[role]) for role in Role]
    form.participants.choices = [
        SelectChoice(participant.id, participant.name)
        for participant in session.exec(select(Participant).order_by(Participant.name))
    ]
    return form


def update_user(session, user, data):
    """Apply an admin's edit; deactivation and role changes end the user's sessions."""
    from .sessions import end_all_sessions

    email = normalise_email(data["email"])
    other = find_user(session, email)
    if other is not None and other.id != user.id:
        raise PeopleError(_l("A user with the address %(email)s already exists.", email=email))
    participants = [session.get(Participant, pid) for pid in data.get("participants") or []]
    ends_sessions = (user.is_active and not data["is_active"]) or user.role != data["role"]
    user.email, user.name, user.role = email, data["name"], Role(data["role"])
    user.language, user.is_active = data["language"], data["is_active"]
    user.participants = [p for p in participants if p is not None]
    if ends_sessions:
        end_all_sessions(user)
    session.flush()
    return user
