"""People: creating users and naming the participants a coordinator works for."""

from sqlmodel import select

from .models import Participant, Role, User
from .passwords import MIN_LENGTH, hash_password


class PeopleError(ValueError):
    """A request about people that cannot be carried out, with a message for the person."""


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
        raise PeopleError(f"'{email}' is not an e-mail address.")
    if role not in Role.__members__:
        raise PeopleError(f"Unknown role '{role}'; choose one of: {', '.join(Role)}.")
    if find_user(session, email):
        raise PeopleError(f"A user with the address {email} already exists.")
    found = []
    for name_or_id in participants:
        participant = find_participant(session, name_or_id)
        if participant is None:
            raise PeopleError(f"No participant is named '{name_or_id}'.")
        found.append(participant)
    if role == Role.coordinator and not found:
        raise PeopleError("A coordinator works for at least one participant: name it with --participant.")
    if role != Role.coordinator and found:
        raise PeopleError("Only coordinators work for participants.")
    if password is not None and len(password) < MIN_LENGTH:
        raise PeopleError(f"The password must have at least {MIN_LENGTH} characters.")
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
