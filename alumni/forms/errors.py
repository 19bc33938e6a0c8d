"""A form's errors as sentences for the summary above it, each linked to the field it is about."""

from collections import namedtuple

from flask_babel import gettext as _
from markupsafe import Markup
from wtforms import FieldList, FormField

FormError = namedtuple("FormError", "field_id text")
# Names may come escaped already (a template's gettext); Markup escapes what is not, once.
_SENTENCE = Markup("{}: {}")


def _lower_first(text):
    text = str(text)
    # "Postęp musi…" reads on after a colon as "postęp musi…"; "MID…" or "PLN…" keep their capitals.
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _entry_errors(field_list, entry, index, names):
    name = names.get(entry.id) or _("%(list)s, row %(number)d", list=field_list.label.text, number=index + 1)
    subfields = entry.form if isinstance(entry, FormField) else [entry]
    for subfield in subfields:
        for message in subfield.errors[:1]:
            yield FormError(subfield.id, _SENTENCE.format(name, _lower_first(message)))


def form_errors(form, names=None):
    """Every error of ``form`` but CSRF's, nested rows named by ``names`` (entry id → name) or by their number."""
    names = names or {}
    for field in form:
        if field.name == "csrf_token" or not field.errors:
            continue
        if isinstance(field, FieldList):
            for index, entry in enumerate(field.entries):
                yield from _entry_errors(field, entry, index, names)
            # The list's own validators (e.g. too many rows) add plain messages beside the rows' dicts.
            for message in [error for error in field.errors if isinstance(error, str)][:1]:
                yield FormError(field.entries[0].id if field.entries else field.id,
                                _SENTENCE.format(field.label.text, message))
        else:
            yield FormError(field.id, _SENTENCE.format(field.label.text, field.errors[0]))
