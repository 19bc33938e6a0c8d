"""Forms for the bulk import and for one's API tokens."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField, SubmitField
from wtforms.validators import Length

from .fields import single_line


class ImportForm(FlaskForm):
    file = FileField(_l("Spreadsheet (XLSX or CSV)"), validators=[FileRequired(_l("Choose a file to import."))],
                     description=_l("Fill in the template; a CSV file (UTF-8, separated by ; or ,) holds one "
                                    "of its sheets."),
                     render_kw={"accept": ".xlsx,.csv"})
    # The first button is the one Enter presses: checking never writes.
    check = SubmitField(_l("Check only (dry run)"))
    apply = SubmitField(_l("Import the file"))


class ApiTokenForm(FlaskForm):
    name = StringField(_l("What the token is for"), validators=[Length(max=100), single_line],
                       description=_l("So that you recognise it later, e.g. “ministry dashboard”."))
