"""Forms for a MID's plan: actions, milestones, abandonment, and the report."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FieldList, Form, FormField, HiddenField, SelectChoice, SelectField,
    SelectMultipleField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..labels import ACTION_STATUS, BARRIER
from .fields import AmountField, LocalDateField, LocalMonthField, PercentField
from .validators import NotAfterToday, PlausibleDate


def status_choices():
    return [SelectChoice(value.value, label) for value, label in ACTION_STATUS.items()]


class ActionForm(FlaskForm):
    title = StringField(_l("Action"), validators=[DataRequired(), Length(max=500)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    planned_start = LocalMonthField(_l("Planned start (month)"),
                                    validators=[Optional(), PlausibleDate(month=True)])
    planned_end = LocalMonthField(_l("Planned end (month)"), validators=[Optional(), PlausibleDate(month=True)])
    responsible_unit = StringField(_l("Responsible unit"), validators=[Length(max=300)])
    estimated_budget = AmountField(_l("Estimated budget (PLN)"))
    funding_sources = StringField(_l("Funding sources"), validators=[Length(max=500)])
    status = SelectField(_l("Status"), choices=status_choices)
    progress = PercentField(_l("Progress (%)"), default=0, description=_l("0–100. The status “done” sets 100%."))
    version = HiddenField()

    def validate_planned_end(self, field):
        start = self.planned_start.data
        if start and field.data and field.data < start:
            raise ValidationError(_l("The planned end comes before the planned start."))


class MilestoneForm(FlaskForm):
    title = StringField(_l("Milestone"), validators=[DataRequired(), Length(max=500)])
    due_on = LocalDateField(_l("Due date"), validators=[DataRequired(), PlausibleDate()])
    action_id = SelectField(_l("Action (optional)"), coerce=lambda value: int(value) if value else None)


class MilestoneAchievedForm(FlaskForm):
    achieved_on = LocalDateField(_l("Achieved on"), validators=[
        DataRequired(), PlausibleDate(), NotAfterToday(_l("The achievement date cannot be later than today."))])
    evidence = StringField(_l("Evidence (note or link)"), validators=[Length(max=1000)])


class AbandonForm(FlaskForm):
    reason = TextAreaField(_l("Why is the MID abandoned?"), validators=[DataRequired(), Length(max=2000)])
    version = HiddenField()


class VersionForm(FlaskForm):
    """A button that acts on what the person saw (drop, undo abandonment, move)."""

    version = HiddenField()


class ActionRowForm(Form):
    action_id = HiddenField()
    action_version = HiddenField()
    status = SelectField(_l("Status"), choices=status_choices)
    progress = PercentField(_l("Progress (%)"))
    comment = TextAreaField(_l("Comment"), validators=[
        Length(max=2000, message=_l("The comment can be at most %(max)d characters long."))])


class FundingRowForm(Form):
    amount = AmountField(_l("Amount (PLN)"))
    source = StringField(_l("Source"), validators=[
        Length(max=300, message=_l("The source can be at most %(max)d characters long."))])

    def validate_source(self, field):
        if self.amount.data and not (field.data or "").strip():
            raise ValidationError(_l("Name the source of this funding."))
        if (field.data or "").strip() and not self.amount.data:
            raise ValidationError(_l("Give the amount obtained from this source."))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ReportForm(FlaskForm):
    rows = FieldList(FormField(ActionRowForm), label=_l("Actions"))
    achievements = TextAreaField(_l("Achievements since the last report"), validators=[Length(max=10000)])
    barriers = MultiCheckboxField(_l("Barriers"), choices=lambda: [
        SelectChoice(value.value, label) for value, label in BARRIER.items()])
    barriers_text = TextAreaField(_l("Barriers: what stands in the way"), validators=[Length(max=10000)])
    support_needed = TextAreaField(_l("Support needed from the ministry or the network"),
                                   validators=[Length(max=10000)])
    funding = FieldList(FormField(FundingRowForm), label=_l("Funding obtained"), min_entries=3, max_entries=10)
    good_practice = TextAreaField(_l("A good practice worth sharing"), validators=[Length(max=10000)])
    next_steps = TextAreaField(_l("Next steps"), validators=[Length(max=10000)])
    version = HiddenField()


class ReviewForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=lambda: [
        SelectChoice("accept", _l("Accept")), SelectChoice("return", _l("Return to the city for changes"))])
    comment = TextAreaField(_l("Comment for the city"), validators=[Length(max=5000)])


