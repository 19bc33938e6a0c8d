"""Forms of the public view: the installation's switch, a city's consent, the ministry's withholding."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField


class PublicViewForm(FlaskForm):
    enabled = BooleanField(_l("Public view and open data switched on for this installation"))
    submit = SubmitField(_l("Save"))


class PublicationForm(FlaskForm):
    consent = BooleanField(_l("Our city agrees to show this MID in the public view"))
    budget = BooleanField(_l("Also show the actions' budgets and funding sources"))
    submit = SubmitField(_l("Save the publication choice"))


class WithholdForm(FlaskForm):
    withheld = BooleanField(_l("Withhold this MID from the public view (the ministry's decision)"))
    submit = SubmitField(_l("Save the ministry's decision"))
