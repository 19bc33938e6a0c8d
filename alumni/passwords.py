"""Password hashing with Argon2id, rehashed when the parameters change."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

MIN_LENGTH = 12


def hash_password(password):
    return _hasher.hash(password)


def check_password(password_hash, password):
    """Return (matches, new_hash): ``new_hash`` is set when the stored hash should be replaced."""
    if not password_hash:
        return False, None
    try:
        _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False, None
    if _hasher.check_needs_rehash(password_hash):
        return True, _hasher.hash(password)
    return True, None
