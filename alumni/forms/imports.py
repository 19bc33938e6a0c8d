"""The form of the bulk import."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField



class ImportForm(FlaskForm):
    file = FileField(_l("Spreadsheet (XLSX or CSV)"), validators=[FileRequired(_l("Choose a file to import."))],
                     description=_l("Fill in the template; a CSV file (UTF-8, separated by ; or ,) holds one "
                                    "of its sheets."),
                     render_kw={"accept": ".xlsx,.csv"})
    # The first button is the one Enter presses: checking never writes.
    check = SubmitField(_l("Check only (dry run)"))
    apply = SubmitField(_l("Import the file"))
