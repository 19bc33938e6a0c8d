"""Forms of the workshop: choosing an export or a city brief, and planning a workshop."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from .fields import LocalDateField, single_line
from .validators import PlausibleDate

FORMATS = [SelectChoice("xlsx", _l("Spreadsheet (XLSX): one sheet per table, with a chart")),
           SelectChoice("csv", _l("CSV for Excel: one file per table, in a ZIP")),
           SelectChoice("html", _l("Report to print (HTML, A4)"))]
LANGUAGES = [SelectChoice("pl", "Polski"), SelectChoice("en", "English")]


class _ChoiceForm(FlaskForm):
    """A form read from the query string: it changes nothing, so it needs no CSRF token."""

    class Meta:
        csrf = False

    year = SelectField(_l("Workshop year"), coerce=int, validators=[InputRequired()])
    language = SelectField(_l("Language of headers and labels"), choices=LANGUAGES, default="pl")


class ExportForm(_ChoiceForm):
    format = SelectField(_l("Format"), choices=FORMATS, default="xlsx")


class BriefForm(_ChoiceForm):
    participant = SelectField(_l("City"), coerce=int, validators=[InputRequired()],
                              description=_l("One city's page, or every city's in a ZIP."))


class WorkshopForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[
        DataRequired(), NumberRange(2017, 2100, message=_l("Give a year from %(min)s to %(max)s."))])
    starts_on = LocalDateField(_l("First day"), validators=[DataRequired(), PlausibleDate()])
    ends_on = LocalDateField(_l("Last day"), validators=[DataRequired(), PlausibleDate()])
    place = StringField(_l("Place"), validators=[Length(max=300), single_line])
