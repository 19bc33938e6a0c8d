"""The export's tables, the same for XLSX and CSV: titles, columns and rows in the current language.

Build them inside ``flask_babel.force_locale``; the rows are generators read once.
"""

from dataclasses import dataclass, field
from typing import Iterable

from flask_babel import format_date, format_datetime, gettext as _

from ..indicators.progress import PROGRESS_LABEL
from ..labels import BARRIER, DIRECTION, LIFE_STATUS
from ..models import BarrierCategory
from ..extensions import STATE_LABELS as EXTENSION_STATES, state_of
from .indicators import indicator_lines, shown_years
from .lines import action_lines, extension_lines, mid_lines, report_text_lines
from .order import polish_key

TEXT, LONG_TEXT, INT, CHANGE, SHARE, POINTS, MONEY, MONEY_CHANGE, DATE = (
    "text", "long_text", "int", "change", "share", "points", "money", "money_change", "date")
NUMBER, NUMBER_CHANGE = "number", "number_change"   # an indicator's values, in its own unit
DAYS = "days"  # a number of days, with one decimal (a median)
STATUSES = list(LIFE_STATUS)  # active, at risk, dormant, completed, abandoned
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text a spreadsheet shows as it is and never runs as a formula (a leading =, +, -, @, tab or CR is escaped)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    width: float = 14


@dataclass
class Table:
    key: str
    title: str                 # a sheet name: at most 31 characters
    columns: list
    rows: Iterable             # tuples, one value per column
    freeze_columns: int = 0    # columns kept in view when scrolling right
    per_mid: bool = False      # one row per MID: what a progress bar counts
    chart_rows: int = field(default=0)  # summary: the leading rows that are networks


def _lazy(make_rows):
    """Rows made only when first read: no query runs before its sheet is written."""
    yield from make_rows()


def status_label(status, said=None):
    """A life status's label (``said``: ``in_words(LIFE_STATUS)``, if at hand); a MID that did not exist yet is a new MID."""
    if status is None:
        return _("new MID")
    return said[status] if said is not None else str(LIFE_STATUS[status])


def in_words(labels):
    """``labels`` (translatable, by key) said once in the current language: a sheet repeats them row after row."""
    return {key: str(label) for key, label in labels.items()}


def capitalised(label):
    """A label with its first letter in capitals (a column header)."""
    text = str(label)
    return text[:1].upper() + text[1:]


def _points(now, before):
    if now is None or before is None:
        return None
    return round((now - before) * 100, 1)


def _line_labels(line, language):
    if line.kind == "network":
        return line.edition_code, line.name(language)
    if line.kind == "edition":
        return line.edition_code, _("All networks of the edition")
    return _("Total"), _("All editions")


def _figure_columns():
    return [
        Column(_("MIDs"), INT, 8),
        *[Column(capitalised(LIFE_STATUS[status]), INT, 13) for status in STATUSES],
        Column(_("Share of actions done"), SHARE, 12),
        Column(_("Actions done in the period"), INT, 12),
        Column(_("Actions started in the period"), INT, 12),
        Column(_("Milestones achieved in the period"), INT, 12),
        Column(_("Reports expected"), INT, 11),
        Column(_("Reports received"), INT, 11),
        Column(_("Reports on time"), INT, 11),
        Column(_("Reporting completeness"), SHARE, 13),
        Column(_("On-time rate"), SHARE, 11),
        Column(_("Funding obtained (PLN)"), MONEY, 16),
        Column(_("Barriers reported"), INT, 11),
    ]


def _figures(now):
    return (now.mids, *[now.statuses[status] for status in STATUSES], now.share_done, now.done_in_period,
            now.started_in_period, now.milestones_achieved, now.reports_expected, now.reports_received,
            now.reports_on_time, now.completeness, now.on_time_rate, now.funding_total, now.barriers_total)


def _changes(now, before):
    return (now.mids - before.mids, *[now.statuses[s] - before.statuses[s] for s in STATUSES],
            _points(now.share_done, before.share_done), now.done_in_period - before.done_in_period,
            now.started_in_period - before.started_in_period,
            now.milestones_achieved - before.milestones_achieved,
            now.reports_expected - before.reports_expected, now.reports_received - before.reports_received,
            now.reports_on_time - before.reports_on_time,
            _points(now.completeness, before.completeness), _points(now.on_time_rate, before.on_time_rate),
            now.funding_total - before.funding_total,
            now.barriers_total - before.barriers_total)


def _lines(picture):
    return [*picture.networks, *picture.editions, picture.total]


def summary_table(picture, language):
    """Figures per network, then per edition and in total."""
    label_columns = [Column(_("Edition"), TEXT, 10), Column(_("Network"), TEXT, 34)]
    rows = ((*_line_labels(line, language), *_figures(line.current)) for line in _lines(picture))
    return Table("summary", _("Summary"), label_columns + _figure_columns(), rows, freeze_columns=2,
                 chart_rows=len(picture.networks))


def change_table(picture, language):
    """The same rows as the summary: the change against the year before."""
    columns = [Column(_("Edition"), TEXT, 10), Column(_("Network"), TEXT, 34)]
    for column in _figure_columns():
        kind = {INT: CHANGE, SHARE: POINTS, MONEY: MONEY_CHANGE}[column.kind]
        header = _("%(figure)s, change (p.p.)", figure=column.header) if kind == POINTS else column.header
        columns.append(Column(header, kind, column.width))
    rows = ((*_line_labels(line, language), *_changes(line.current, line.previous)) for line in _lines(picture))
    return Table("change", _("Change against %(year)s", year=picture.year - 1), columns, rows, freeze_columns=2)


def _texts(reports, field_name):
    said = [(report.round_name, getattr(report, field_name)) for report in reports if getattr(report, field_name)]
    if len(said) == 1:
        return said[0][1]
    return "\n".join(f"{round_name}: {text}" for round_name, text in said)


def _categories(report):
    return ", ".join(str(BARRIER[BarrierCategory(c)]) for c in report.barriers)


def barriers_said(report):
    """A report's barrier categories and text, as one line."""
    return " — ".join(part for part in (_categories(report), report.barriers_text) if part)


def _all_barriers(reports):
    said = [(report.round_name, barriers_said(report)) for report in reports if barriers_said(report)]
    if len(said) == 1:
        return said[0][1]
    return "\n".join(f"{round_name}: {text}" for round_name, text in said)


def done_text(items):
    """What a MID did in the period (actions and milestones), as one line."""
    return "; ".join(title if kind == "action" else _("Milestone: %(title)s", title=title)
                     for kind, title in items)


def mids_table(session, picture, language):
    """One row per MID: its status now and a year earlier, and its period."""
    columns = [
        Column(_("Edition"), TEXT, 10), Column(_("Network"), TEXT, 26), Column(_("Participant"), TEXT, 20),
        Column(_("Voivodeship"), TEXT, 16), Column(_("MID"), LONG_TEXT, 40),
        Column(_("Life status"), TEXT, 13),
        Column(_("Life status a year earlier"), TEXT, 13),
        Column(_("Actions"), INT, 9), Column(_("Actions done"), INT, 9),
        Column(_("Share of actions done"), SHARE, 11),
        Column(_("Actions done in the period"), INT, 11),
        Column(_("Actions done in the year before"), INT, 11),
        Column(_("Done in the period"), LONG_TEXT, 40), Column(_("Last report"), DATE, 12),
        Column(_("Achievements"), LONG_TEXT, 40), Column(_("Barriers"), LONG_TEXT, 40),
        Column(_("Support needed"), LONG_TEXT, 40), Column(_("Good practices"), LONG_TEXT, 40),
    ]
    rows = _lazy(lambda: (
        (line.edition_code, line.network(language), line.participant, line.voivodeship, line.title,
         status_label(line.status, statuses), status_label(line.previous_status, statuses), line.actions_live,
         line.actions_done,
         line.share_done, line.done_in_period, line.done_in_previous_period, done_text(line.done_items),
         line.last_report_on, _texts(line.reports, "achievements"), _all_barriers(line.reports),
         _texts(line.reports, "support_needed"), _texts(line.reports, "good_practice"))
        for statuses in [in_words(LIFE_STATUS)] for line in mid_lines(session, picture)
    ))
    return Table("mids", _("MIDs"), columns, rows, freeze_columns=3, per_mid=True)


def actions_table(session, picture, language):
    """Every action done in the period."""
    columns = [
        Column(_("Edition"), TEXT, 10), Column(_("Network"), TEXT, 26), Column(_("Participant"), TEXT, 20),
        Column(_("MID"), LONG_TEXT, 36), Column(_("Action"), LONG_TEXT, 40), Column(_("Done on"), DATE, 12),
        Column(_("Responsible unit"), TEXT, 24), Column(_("Estimated budget (PLN)"), MONEY, 16),
        Column(_("Funding sources"), TEXT, 24),
    ]
    rows = _lazy(lambda: ((a.edition_code, a.network(language), a.participant, a.mid_title, a.title, a.done_on,
                           a.responsible_unit, a.estimated_budget, a.funding_sources)
                          for a in action_lines(session, picture)))
    return Table("actions", _("Actions done"), columns, rows, freeze_columns=3)


def _by_network_and_total(picture, language, values_of, keys_of):
    """Rows (edition, network, key, now, before) per network, then totals per key."""
    for line in [*picture.networks, picture.total]:
        now, before = values_of(line.current), values_of(line.previous)
        edition, network = _line_labels(line, language)
        for key in keys_of(set(now) | set(before)):
            yield edition, network, key, now.get(key, 0), before.get(key, 0)


def barrier_counts_table(picture, language):
    """Reports naming each barrier category, per network and in total."""
    columns = [
        Column(_("Edition"), TEXT, 10), Column(_("Network"), TEXT, 34),
        Column(_("Barrier category"), TEXT, 22), Column(_("Reports naming it"), INT, 12),
        Column(_("The year before"), INT, 12), Column(_("Change"), CHANGE, 10),
    ]
    rows = (
        (edition, network, str(BARRIER[category]), now, before, now - before)
        for edition, network, category, now, before in _by_network_and_total(
            picture, language, lambda figures: figures.barriers,
            lambda keys: [c for c in BarrierCategory if c in keys])
    )
    return Table("barrier_counts", _("Barriers by category"), columns, rows, freeze_columns=2)


def funding_table(picture, language):
    """Funding obtained per source, per network and in total."""
    columns = [
        Column(_("Edition"), TEXT, 10), Column(_("Network"), TEXT, 34), Column(_("Funding source"), TEXT, 24),
        Column(_("Amount (PLN)"), MONEY, 16), Column(_("The year before (PLN)"), MONEY, 16),
        Column(_("Change (PLN)"), MONEY_CHANGE, 16),
    ]
    rows = (
        (edition, network, source, now, before, now - before)
        for edition, network, source, now, before in _by_network_and_total(
            picture, language, lambda figures: figures.funding, lambda keys: sorted(keys, key=polish_key))
    )
    return Table("funding", _("Funding by source"), columns, rows, freeze_columns=2)


def _report_columns(text_header):
    return [
        Column(_("Edition"), TEXT, 10), Column(_("Network"), TEXT, 26), Column(_("Participant"), TEXT, 20),
        Column(_("MID"), LONG_TEXT, 36), Column(_("Round"), TEXT, 10), Column(_("Submitted on"), DATE, 12),
        *([Column(_("Categories"), TEXT, 26)] if text_header is None else []),
        Column(text_header or _("Description"), LONG_TEXT, 60),
    ]


def _report_row(line, language):
    return (line.edition_code, line.network(language), line.participant, line.mid_title, line.texts.round_name,
            line.texts.submitted_on)


def barriers_table(session, picture, language):
    """What each report of the period said of barriers."""
    rows = _lazy(lambda: ((*_report_row(line, language), _categories(line.texts), line.texts.barriers_text)
                          for line in report_text_lines(session, picture, "barriers")))
    return Table("barriers", _("Barriers"), _report_columns(None), rows, freeze_columns=3)


def support_table(session, picture, language):
    """What each report of the period asked of the ministry and the network."""
    rows = _lazy(lambda: ((*_report_row(line, language), line.texts.support_needed)
                          for line in report_text_lines(session, picture, "support")))
    return Table("support", _("Support needed"), _report_columns(_("Support needed")), rows, freeze_columns=3)


def practices_table(session, picture, language):
    """The good practices the reports of the period offered."""
    rows = _lazy(lambda: ((*_report_row(line, language), line.texts.good_practice)
                          for line in report_text_lines(session, picture, "practice")))
    return Table("practices", _("Good practices"), _report_columns(_("Good practice")), rows, freeze_columns=3)


def extensions_table(session, picture, language):
    """The requests for more time in the period's rounds, and the ministry's answers."""
    columns = [
        Column(_("Edition"), TEXT, 10), Column(_("Network"), TEXT, 26), Column(_("Participant"), TEXT, 20),
        Column(_("MID"), LONG_TEXT, 36), Column(_("Round"), TEXT, 10), Column(_("Asked until"), DATE, 12),
        Column(_("Decision"), TEXT, 16), Column(_("Extended due date"), DATE, 12),
        Column(_("Reason"), LONG_TEXT, 40), Column(_("The ministry's comment"), LONG_TEXT, 40),
    ]
    rows = _lazy(lambda: (
        (line.edition_code, line.network(language), line.participant, line.mid_title, line.round_name,
         line.extension.requested_until, str(EXTENSION_STATES[state_of(line.extension)]),
         line.extension.granted_until, line.extension.reason, line.extension.decision_comment)
        for line in extension_lines(session, picture)
    ))
    return Table("extensions", _("Requests for more time"), columns, rows, freeze_columns=3)


def indicators_table(session, picture, language):
    """Every MID's indicators: values by year, the change against the year before, progress at the picture."""
    years = shown_years(picture)
    columns = [
        Column(_("Edition"), TEXT, 10), Column(_("Network"), TEXT, 26), Column(_("Participant"), TEXT, 20),
        Column(_("MID"), LONG_TEXT, 36), Column(_("Indicator"), LONG_TEXT, 32), Column(_("Unit"), TEXT, 8),
        Column(_("Direction"), TEXT, 16), Column(_("Baseline value"), NUMBER, 12), Column(_("Baseline year"), TEXT, 8),
        Column(_("Target value"), NUMBER, 12), Column(_("Target year"), TEXT, 8),
        *[Column(str(year), NUMBER, 11) for year in years],
        Column(_("Change %(year)s against %(before)s", year=picture.year, before=picture.year - 1), NUMBER_CHANGE, 14),
        Column(_("Progress"), TEXT, 16),
    ]
    rows = _lazy(lambda: (
        (line.edition_code, line.network(language), line.participant, line.mid_title, line.judged.indicator.name,
         line.judged.indicator.unit, directions[line.judged.indicator.direction],
         line.judged.indicator.baseline_value, _year(line.judged.indicator.baseline_year),
         line.judged.indicator.target_value, _year(line.judged.indicator.target_year),
         *[line.values.get(year) for year in years], line.change(picture.year),
         progress[line.judged.progress])
        for directions, progress in [(in_words(DIRECTION), in_words(PROGRESS_LABEL))]
        for line in indicator_lines(session, picture)
    ))
    return Table("indicators", _("Indicators"), columns, rows, freeze_columns=5)


def _year(year):
    return str(year) if year is not None else None


def period_text(window):
    """A window's span in words ("1 stycznia 2026 – 7 grudnia 2026")."""
    return _("%(start)s – %(end)s", start=format_date(window.first_day, "long"),
             end=format_date(window.last_day, "long"))


def workshop_text(picture):
    """The year's workshop: its dates and place, or that none is planned."""
    workshop = picture.workshop
    if workshop is None:
        return _("None planned: the year runs to 31 December.")
    dates = _("%(start)s – %(end)s", start=format_date(workshop.starts_on, "long"),
              end=format_date(workshop.ends_on, "long"))
    return f"{dates}, {workshop.place}" if workshop.place else dates


def about_table(picture, language):
    """What the export shows: year, workshop, period, picture date."""
    window = picture.window
    as_of = format_date(window.last_day, "long")
    if not window.complete:
        as_of = _("%(date)s (the year is not over: a picture so far)", date=as_of)
    rows = [
        (_("Export"), _("PIM Alumni: progress of the MIDs for the alumni workshop")),
        (_("Workshop year"), picture.year),
        (_("Workshop"), workshop_text(picture)),
        (_("Period"), period_text(window)),
        (_("Picture as of"), as_of),
        (_("Compared with"), period_text(picture.previous_window)),
        (_("MIDs"), picture.mid_count),
        (_("Generated"), format_datetime(picture.generated_at, "short")),
        (_("Life status"), _("As the service computes it: active, at risk, dormant, completed, abandoned.")),
    ]
    return Table("about", _("About"), [Column(_("Item"), TEXT, 24), Column(_("Value"), LONG_TEXT, 90)], rows)


def build_tables(session, picture, language):
    """Every table of the export, in sheet order (call inside ``force_locale(language)``)."""
    return [
        about_table(picture, language),
        summary_table(picture, language),
        change_table(picture, language),
        mids_table(session, picture, language),
        actions_table(session, picture, language),
        barrier_counts_table(picture, language),
        funding_table(picture, language),
        barriers_table(session, picture, language),
        support_table(session, picture, language),
        practices_table(session, picture, language),
        extensions_table(session, picture, language),
        indicators_table(session, picture, language),
    ]


TABLE_KEYS = ["about", "summary", "change", "mids", "actions", "barrier_counts", "funding", "barriers",
              "support", "practices", "extensions", "indicators",
              "reminder_effect"]  # the last: reminder_sheet.py, added by export.py
