"""Forms for signing in, passwords and managing users."""

from flask_babel import lazy_gettext as _l, lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, EmailField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..passwords import password_problems
from .fields import single_line


LANGUAGES = [SelectChoice("pl", "Polski"), SelectChoice("en", "English")]


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254), single_line])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class PasswordResetRequestForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254), single_line])


def _strong(form, field):
    for problem in password_problems(field.data or "", [form.meta.user_email or ""]):
        raise ValidationError(problem)


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), _strong],
                             description=_l("At least 12 characters; a few unrelated words work well."))
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("password", _l("The passwords do not match."))])

    class Meta:
        user_email = None


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])


class ProfileForm(FlaskForm):
    name = StringField(lazy_pgettext("person", "Name"), validators=[Length(max=200), single_line])
    language = SelectField(_l("Language of pages and e-mails"), choices=LANGUAGES)


class UserForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254), single_line])
    name = StringField(lazy_pgettext("person", "Name"), validators=[Length(max=200), single_line])
    role = SelectField(_l("Role"), validators=[DataRequired()])
    participants = SelectMultipleField(_l("Participants (for coordinators)"), coerce=int)
    language = SelectField(_l("Language"), choices=LANGUAGES)
    is_active = BooleanField(_l("Active"), default=True)

    def validate_participants(self, field):
        if self.role.data == "coordinator" and not field.data:
            raise ValidationError(_l("A coordinator works for at least one participant."))
        if self.role.data != "coordinator" and field.data:
            raise ValidationError(_l("Only coordinators work for participants."))
