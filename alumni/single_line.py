"""Single-line text (names, titles, places): no control characters.

A line break in a round's name would end up in every e-mail subject of that round, and a
header with CR/LF cannot be sent; tabs and other control characters are never meant either.
"""

import unicodedata

# Cc: C0 and C1 controls (CR, LF, TAB, NUL...); Zl, Zp: the Unicode line and paragraph separators.
_REFUSED = {"Cc", "Zl", "Zp"}


def has_control_characters(text):
    """Whether ``text`` holds a character that has no place in one line of text."""
    return any(unicodedata.category(character) in _REFUSED for character in text or "")


def one_line(text):
    """``text`` with every control character and line break made a space (for headers built from data)."""
    return "".join(" " if unicodedata.category(character) in _REFUSED else character for character in text or "")
