"""The print-ready HTML report of the workshop year and the one-page brief per city.

Both are standalone documents (their stylesheet inside), rendered on the server with SVG
charts, for people to print or save as PDF from the browser. Render inside
``force_locale(language)``.
"""

import base64
import hashlib
import io
import itertools
import unicodedata
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from flask import current_app
from flask_babel import force_locale, format_date, format_decimal, format_percent, gettext as _

from markupsafe import Markup

from ..i18n import format_pln
from ..labels import BARRIER, LIFE_STATUS
from ..models import BarrierCategory
from .brief import city_briefs
from .indicators import indicator_counts
from .charts import status_chart, value_chart
from .lines import mid_lines
from .order import polish_key
from .tables import STATUSES, barriers_said, capitalised, done_text, period_text, status_label, workshop_text

STATIC = Path(__file__).resolve().parent.parent / "static"
STYLESHEETS = (STATIC / "workshop-report.css", STATIC / "charts.css")  # the charts look as on the dashboard


@dataclass
class FigureRow:
    label: str
    now: object
    before: object
    kind: str  # "number", "share", "money"

    @property
    def change(self):
        if self.now is None or self.before is None:
            return None
        return self.now - self.before


def stylesheet():
    """The documents' own stylesheet, to embed (files of the service, not user input)."""
    return Markup("\n".join(path.read_text(encoding="utf-8") for path in STYLESHEETS))


def document_csp():
    """The Content-Security-Policy a served report or brief needs: its own stylesheet, nothing else."""
    digest = base64.b64encode(hashlib.sha256(str(stylesheet()).encode("utf-8")).digest()).decode()
    return (f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'self' data:; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'")


def formatters(language):
    """Number, share, money and date formatting for the templates, in the current language."""

    def signed(value, kind="number"):
        if value is None:
            return "—"
        if kind == "share":
            text = format_decimal(round(value * 100, 1), "#,##0.0")
            return _("%(value)s p.p.", value=("+" if value > 0 else "") + text)
        text = format_pln(value) if kind == "money" else format_decimal(value)
        return ("+" if value > 0 else "") + text

    def show(value, kind="number"):
        if value is None:
            return "—"
        if kind == "share":
            return format_percent(value, "#,##0.0%")
        if kind == "money":
            return format_pln(value)
        return format_decimal(value)

    return SimpleNamespace(
        show=show, signed=signed, number=format_decimal, pln=format_pln,
        date=lambda day: format_date(day, "long") if day else "—",
        percent=lambda value: format_percent(value, "#,##0%") if value is not None else "—",
        status=status_label, barrier=lambda category: str(BARRIER[BarrierCategory(category)]),
        average=lambda value: format_decimal(round(value, 1), "#,##0.0") if value is not None else "—",
        done=done_text, language=language,
    )


def figure_rows(now, before):
    """The headline figures of a network (or total) this year and the year before."""
    return [
        FigureRow(_("MIDs"), now.mids, before.mids, "number"),
        *[FigureRow(capitalised(LIFE_STATUS[s]), now.statuses[s], before.statuses[s], "number") for s in STATUSES],
        FigureRow(_("Share of actions done"), now.share_done, before.share_done, "share"),
        FigureRow(_("Actions done in the period"), now.done_in_period, before.done_in_period, "number"),
        FigureRow(_("Actions started in the period"), now.started_in_period, before.started_in_period, "number"),
        FigureRow(_("Milestones achieved in the period"), now.milestones_achieved, before.milestones_achieved,
                  "number"),
        FigureRow(_("Reports expected"), now.reports_expected, before.reports_expected, "number"),
        FigureRow(_("Reports received"), now.reports_received, before.reports_received, "number"),
        FigureRow(_("Reports on time"), now.reports_on_time, before.reports_on_time, "number"),
        FigureRow(_("Reporting completeness"), now.completeness, before.completeness, "share"),
        FigureRow(_("On-time rate"), now.on_time_rate, before.on_time_rate, "share"),
        FigureRow(_("Funding obtained (PLN)"), now.funding_total, before.funding_total, "money"),
        FigureRow(_("Barriers reported"), now.barriers_total, before.barriers_total, "number"),
    ]


def barrier_rows(line):
    """(category label, now, before) for every category named in either year."""
    now, before = line.current.barriers, line.previous.barriers
    return [(str(BARRIER[c]), now.get(c, 0), before.get(c, 0)) for c in BarrierCategory if now.get(c) or before.get(c)]


def funding_rows(line):
    """(source, now, before) for every source named in either year, in Polish order."""
    now, before = line.current.funding, line.previous.funding
    zero = Decimal("0.00")
    return [(source, now.get(source, zero), before.get(source, zero))
            for source in sorted(set(now) | set(before), key=polish_key)]


def sayings(mids):
    """What a network's reports of the period said, as (participant, round, text) per kind."""
    said = SimpleNamespace(achievements=[], barriers=[], support=[], practice=[])
    for mid in mids:
        for report in mid.reports:
            who = (mid.participant, report.round_name)
            if report.achievements:
                said.achievements.append((*who, report.achievements))
            barriers = barriers_said(report)
            if barriers:
                said.barriers.append((*who, barriers))
            if report.support_needed:
                said.support.append((*who, report.support_needed))
            if report.good_practice:
                said.practice.append((*who, report.good_practice))
    return said


def _sections(networks, lines):
    """(network line, its MID lines) for every network, reading the MID stream once."""
    groups = itertools.groupby(lines, key=lambda line: line.network_id)
    pending = next(groups, None)
    for network in networks:
        mids = []
        if pending is not None and pending[0] == network.network_id:
            mids = list(pending[1])
            pending = next(groups, None)
        yield network, mids


def _counted(lines, progress):
    for line in lines:
        if progress:
            progress(1)
        yield line


def report_context(session, picture, language, progress=None):
    """What the report's template needs; the MIDs stay a stream until the template reads them."""
    fmt = formatters(language)
    networks = picture.networks
    names = [line.name(language) for line in networks]
    return {
        "language": language,
        "stylesheet": stylesheet(),
        "picture": picture,
        "fmt": fmt,
        "period": period_text(picture.window),
        "previous_period": period_text(picture.previous_window),
        "workshop": workshop_text(picture),
        "key_figures": figure_rows(picture.total.current, picture.total.previous),
        "status_chart": status_chart(
            "chart-status", _("MIDs by life status and network"),
            [(name, line.current.statuses) for name, line in zip(names, networks)], fmt.number),
        "completeness_chart": value_chart(
            "chart-completeness", _("Reporting completeness by network"),
            [(name, line.current.completeness) for name, line in zip(names, networks)], fmt.percent, share=True),
        "barrier_chart": value_chart(
            "chart-barriers", _("Barriers reported, by category"),
            [(label, now) for label, now, _before in barrier_rows(picture.total)], fmt.number),
        "barriers": barrier_rows(picture.total),
        "funding": funding_rows(picture.total),
        "sections": _sections(networks, _counted(mid_lines(session, picture), progress)),
        "figure_rows": figure_rows,
        "network_barriers": barrier_rows,
        "network_funding": funding_rows,
        "sayings": sayings,
        "indicators": indicator_counts(session, picture),
    }


def render_report(session, picture, language, progress=None):
    """The report as a stream of HTML text chunks."""
    template = current_app.jinja_env.get_template("workshop/report.html")
    return template.generate(**report_context(session, picture, language, progress))


def write_report(session, picture, target, language="pl", progress=None):
    """Write the report to ``target`` (a path or a binary file), chunk by chunk."""
    chunks = render_report(session, picture, language, progress)
    if hasattr(target, "write"):
        for chunk in chunks:
            target.write(chunk.encode("utf-8"))
        return
    with open(target, "w", encoding="utf-8") as handle:
        handle.writelines(chunks)


def _shares_change(now, before):
    return None if now is None or before is None else now - before


@dataclass
class BriefRow:
    label: str
    now_text: str
    before_text: str
    change: object
    kind: str | None  # None: no change shown
    network_text: str


def brief_rows(item, fmt):
    """The rows of a MID's table in its city's brief: this year, last year, change, the network."""
    now, before, network = item.now, item.before, item.network.current
    mids = network.mids or None

    def average(total):
        return fmt.average(total / mids) if mids else "—"

    def counted(label, attribute):
        a, b = getattr(now, attribute), getattr(before, attribute)
        return BriefRow(label, fmt.number(a), fmt.number(b), a - b, "number", average(getattr(network, attribute)))

    def share(label, attribute):
        a, b = getattr(now, attribute), getattr(before, attribute)
        return BriefRow(label, fmt.show(a, "share"), fmt.show(b, "share"), _shares_change(a, b), "share",
                        fmt.show(getattr(network, attribute), "share"))

    def reports(figures):
        return _("%(done)s of %(due)s (%(on_time)s on time)", done=figures.reports_received,
                 due=figures.reports_expected, on_time=figures.reports_on_time)

    return [
        counted(_("Actions done in the period"), "done_in_period"),
        counted(_("Milestones achieved in the period"), "milestones_achieved"),
        share(_("Share of actions done"), "share_done"),
        BriefRow(_("Reports received"), reports(now), reports(before), None, None, reports(network)),
        BriefRow(_("Funding obtained (PLN)"), fmt.pln(now.funding_total), fmt.pln(before.funding_total),
                 now.funding_total - before.funding_total, "money",
                 fmt.pln(network.funding_total / mids) if mids else "—"),
        counted(_("Barriers reported"), "barriers_total"),
    ]


def brief_context(brief, picture, language):
    """What a city brief's template needs."""
    fmt = formatters(language)

    def network_chart(item):
        name = item.network.name(language)
        return status_chart(f"chart-network-{item.line.mid_id}",
                            _("MIDs of the network by life status"),
                            [(name, item.network.current.statuses)], fmt.number)

    return {
        "language": language, "stylesheet": stylesheet(), "picture": picture, "brief": brief, "fmt": fmt,
        "period": period_text(picture.window), "workshop": workshop_text(picture),
        "network_chart": network_chart, "sayings": sayings, "brief_rows": lambda item: brief_rows(item, fmt),
    }


def render_brief(brief, picture, language="pl"):
    """One city's brief as an HTML page."""
    template = current_app.jinja_env.get_template("workshop/brief.html")
    return template.render(**brief_context(brief, picture, language))


def brief_file_name(brief, year):
    """``brief-2026-lodz.html``: ASCII, so that every archive tool keeps it."""
    folded = unicodedata.normalize("NFKD", brief.participant.name.replace("ł", "l").replace("Ł", "L"))
    slug = "".join(c if c.isalnum() else "-" for c in folded.encode("ascii", "ignore").decode().lower())
    slug = "-".join(part for part in slug.split("-") if part) or str(brief.participant.id)
    return f"brief-{year}-{slug}.html"


def write_briefs(briefs, picture, target, language="pl", progress=None):
    """One brief: an HTML file; several: a ZIP with one HTML file per city."""
    if len(briefs) == 1:
        html = render_brief(briefs[0], picture, language).encode("utf-8")
        if hasattr(target, "write"):
            target.write(html)
        else:
            Path(target).write_bytes(html)
        return
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for brief in briefs:
            archive.writestr(brief_file_name(brief, picture.year), render_brief(brief, picture, language))
            if progress:
                progress(1)


def briefs_in_memory(session, picture, language="pl"):
    """Every city's brief, zipped, as an in-memory file, rewound: for a download."""
    buffer = io.BytesIO()
    with force_locale(language):
        write_briefs(city_briefs(session, picture), picture, buffer, language)
    buffer.seek(0)
    return buffer
