"""The form for one's connections to other tools: a personal API token."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

from .fields import single_line


class ApiTokenForm(FlaskForm):
    name = StringField(_l("What the token is for"), validators=[Length(max=100), single_line],
                       description=_l("So that you recognise it later, e.g. “ministry dashboard”."))
