"""Forms for a MID's plan: actions, milestones, abandonment, and the report."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FieldList, Form, FormField, HiddenField, SelectChoice, SelectField, SelectMultipleField, StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..labels import ACTION_STATUS, BARRIER
from ..models.lengths import max_length
from .fields import AmountField, HiddenNumberField, LocalDateField, LocalMonthField, PercentField, single_line
from .validators import NotAfterToday, PlausibleDate


def longest(field, message=None):
    """The length check of ``field``, at the maximum the import holds it to as well."""
    return Length(max=max_length(field), message=message)


def status_choices():
    return [SelectChoice(value.value, label) for value, label in ACTION_STATUS.items()]


class ActionForm(FlaskForm):
    title = StringField(_l("Action"), validators=[DataRequired(), longest("action.title"), single_line])
    description = TextAreaField(_l("Description"), validators=[longest("action.description")])
    planned_start = LocalMonthField(_l("Planned start (month)"),
                                    validators=[Optional(), PlausibleDate(month=True)])
    planned_end = LocalMonthField(_l("Planned end (month)"), validators=[Optional(), PlausibleDate(month=True)])
    responsible_unit = StringField(_l("Responsible unit"),
                                   validators=[longest("action.responsible_unit"), single_line])
    estimated_budget = AmountField(_l("Estimated budget (PLN)"))
    funding_sources = StringField(_l("Funding sources"), validators=[longest("action.funding_sources"), single_line])
    status = SelectField(_l("Status"), choices=status_choices)
    progress = PercentField(_l("Progress (%)"), default=0, description=_l("0–100. The status “done” sets 100%."))
    version = HiddenNumberField()

    def validate_planned_end(self, field):
        start = self.planned_start.data
        if start and field.data and field.data < start:
            raise ValidationError(_l("The planned end comes before the planned start."))


class MilestoneForm(FlaskForm):
    title = StringField(_l("Milestone"), validators=[DataRequired(), longest("milestone.title"), single_line])
    due_on = LocalDateField(_l("Due date"), validators=[DataRequired(), PlausibleDate()])
    action_id = SelectField(_l("Action (optional)"), coerce=lambda value: int(value) if value else None)


class MilestoneAchievedForm(FlaskForm):
    achieved_on = LocalDateField(_l("Achieved on"), validators=[
        DataRequired(), PlausibleDate(), NotAfterToday(_l("The achievement date cannot be later than today."))])
    evidence = StringField(_l("Evidence (note or link)"), validators=[longest("milestone.evidence"), single_line])
    version = HiddenNumberField()


class AbandonForm(FlaskForm):
    reason = TextAreaField(_l("Why is the MID abandoned?"),
                           validators=[DataRequired(), longest("mid.abandoned_reason")])
    version = HiddenNumberField()


class VersionForm(FlaskForm):
    """A button that acts on what the person saw (drop, undo abandonment, move)."""

    version = HiddenNumberField()


class ActionRowForm(Form):
    action_id = HiddenField()
    action_version = HiddenNumberField()
    status = SelectField(_l("Status"), choices=status_choices)
    progress = PercentField(_l("Progress (%)"))
    comment = TextAreaField(_l("Comment"), validators=[
        longest("reportactionupdate.comment", _l("The comment can be at most %(max)d characters long."))])


class FundingRowForm(Form):
    amount = AmountField(_l("Amount (PLN)"))
    source = StringField(_l("Source"), validators=[
        longest("reportfunding.source", _l("The source can be at most %(max)d characters long.")), single_line])

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
    achievements = TextAreaField(_l("Achievements since the last report"), validators=[longest("report.achievements")])
    barriers = MultiCheckboxField(_l("Barriers"), choices=lambda: [
        SelectChoice(value.value, label) for value, label in BARRIER.items()])
    barriers_text = TextAreaField(_l("Barriers: what stands in the way"), validators=[longest("report.barriers_text")])
    support_needed = TextAreaField(_l("Support needed from the ministry or the network"),
                                   validators=[longest("report.support_needed")])
    funding = FieldList(FormField(FundingRowForm), label=_l("Funding obtained"), min_entries=3, max_entries=10)
    good_practice = TextAreaField(_l("A good practice worth sharing"), validators=[longest("report.good_practice")])
    next_steps = TextAreaField(_l("Next steps"), validators=[longest("report.next_steps")])
    version = HiddenNumberField()


class ReviewForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=lambda: [
        SelectChoice("accept", _l("Accept")), SelectChoice("return", _l("Return to the city for changes"))])
    comment = TextAreaField(_l("Comment for the city"), validators=[longest("report.review_comment")])
    version = HiddenNumberField()


