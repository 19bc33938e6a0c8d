"""Text compared as people type it: lower case, without Polish diacritics (ł→l, ż→z …)."""

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

_MARKED = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"
_PLAIN = "acelnoszzACELNOSZZ"
_TABLE = str.maketrans(_MARKED, _PLAIN)


def fold(text):
    """``text`` in lower case without Polish diacritics: "Łódź" → "lodz"."""
    return text.translate(_TABLE).lower()


class folded(FunctionElement):
    """SQL for :func:`fold` of a column, the same on SQLite and PostgreSQL."""

    type = String()
    inherit_cache = True
    name = "folded"


@compiles(folded)
def _folded_generic(element, compiler, **kw):
    # SQLite's lower() knows only ASCII: replace both cases of each letter, then lower the rest.
    sql = compiler.process(element.clauses, **kw)
    for marked, plain in zip(_MARKED, _PLAIN):
        sql = f"replace({sql}, '{marked}', '{plain}')"
    return f"lower({sql})"


@compiles(folded, "postgresql")
def _folded_postgresql(element, compiler, **kw):
    return f"translate(lower({compiler.process(element.clauses, **kw)}), '{_MARKED[:9]}', '{_PLAIN[:9]}')"
