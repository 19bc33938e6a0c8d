"""Indicator values in a reporting round's form: one line per indicator, pre-filled with its last value.

A line is recorded (``keeping.record_value``, audited, versioned) for the round's year when the
coordinator changed what it was pre-filled with; untouched lines record nothing, so a report saved
as it came never restates last year's value as this year's.
"""

from flask_wtf import FlaskForm
from sqlmodel import select
from wtforms import FieldList, FormField

from ..forms.indicators import ReportValueRow
from ..models import IndicatorValue
from .keeping import indicators_of, record_value
from .page import number_text

PREFIX = "indicators"


class ReportValuesForm(FlaskForm):
    class Meta:
        csrf = False  # posted inside the report form, whose token covers it

    rows = FieldList(FormField(ReportValueRow))


def round_year(round_):
    """The year a round's indicator values are for: the year it opens in."""
    return round_.opens_on.year


def lines(session, mid_id, year):
    """(indicator, its last value, its value for ``year`` or None) for each of the MID's indicators."""
    result = []
    for indicator in indicators_of(session, mid_id):
        values = list(indicator.recorded_values)
        this_year = next((row for row in values if row.year == year), None)
        result.append((indicator, values[-1] if values else None, this_year))
    return result


def values_form(session, mid, round_, formdata):
    """The form's lines: posted (``formdata``) or pre-filled with each indicator's latest value."""
    found = lines(session, mid.id, round_year(round_))
    if formdata is not None:
        form = ReportValuesForm(formdata=formdata, prefix=PREFIX)
    else:
        rows = []
        for indicator, last, this_year in found:
            shown = this_year or last
            text = number_text(shown.value).replace("\u00a0", " ") if shown else ""
            rows.append({"indicator_id": str(indicator.id), "value_version": this_year.version if this_year else None,
                         "prefilled": text, "value": shown.value if shown else None,
                         "comment": this_year.comment if this_year else ""})
        form = ReportValuesForm(formdata=None, data={"rows": rows}, prefix=PREFIX)
    form.indicators = {indicator.id: indicator for indicator, _last, _this in found}
    form.latest = {indicator.id: last for indicator, last, _this in found}
    form.year = round_year(round_)
    return form


def save_values(session, form, round_):
    """Record each changed line for the round's year; raises ``plans.Conflict`` on a stale line."""
    for row in form.rows:
        indicator = form.indicators.get(int(row.indicator_id.data or 0))
        if indicator is None or row.value.data is None:
            continue
        typed = (row.value.raw_data or [""])[0].strip()
        if typed == (row.prefilled.data or "").strip() and row.value_version.data is None:
            continue
        record_value(session, indicator, round_year(round_), row.value.data, row.comment.data,
                     row.value_version.data)


def refresh_versions(session, form, round_):
    """After a conflict: the lines carry the versions now stored, so a deliberate second save goes through."""
    stored = dict(session.exec(select(IndicatorValue.indicator_id, IndicatorValue.version)
                               .where(IndicatorValue.year == round_year(round_),
                                      IndicatorValue.indicator_id.in_(list(form.indicators)))).all())
    for row in form.rows:
        row.value_version.data = stored.get(int(row.indicator_id.data or 0))


def valid(form):
    """Validate the lines, each value within its indicator's unit; True when all are."""
    from .units import NumberError, check_number

    ok = form.validate()
    for row in form.rows:
        indicator = form.indicators.get(int(row.indicator_id.data or 0))
        if indicator is not None and row.value.data is not None and not row.value.errors:
            try:
                row.value.data = check_number(row.value.data, indicator.unit)
            except NumberError as error:
                row.value.errors = [*row.value.errors, str(error)]
                ok = False
    return ok
