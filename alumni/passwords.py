"""Passwords: Argon2id hashes (rehashed when the parameters change) and the strength policy."""

from argon2 import PasswordHasher
from flask import current_app, has_app_context
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

_DEFAULT = PasswordHasher()


def init_app(app):
    """Hash with the app's Argon2id parameters; hashes made with others are replaced at login."""
    app.extensions["alumni.password_hasher"] = PasswordHasher(**app.config["PASSWORD_HASH"])


def _hasher():
    return current_app.extensions["alumni.password_hasher"] if has_app_context() else _DEFAULT

MIN_LENGTH = 12
_COMMON = frozenset(FREQUENCY_LISTS["passwords"])


def hash_password(password):
    return _hasher().hash(password)


def check_password(password_hash, password):
    """Return (matches, new_hash): ``new_hash`` is set when the stored hash should be replaced."""
    if not password_hash:
        return False, None
    try:
        _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False, None
    if _hasher().check_needs_rehash(password_hash):
        return True, _hasher().hash(password)
    return True, None


def password_problems(password, user_inputs=()):
    """Why ``password`` is refused (empty when it is acceptable)."""
    if len(password) < MIN_LENGTH:
        return [_l("The password must have at least %(min)d characters.", min=MIN_LENGTH)]
    if password.lower() in _COMMON:
        return [_l("This password is among the most common ones. Choose another.")]
    if zxcvbn(password, user_inputs=list(user_inputs))["score"] < 3:
        return [_l("This password is too easy to guess. Use a few unrelated words.")]
    return []
