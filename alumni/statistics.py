"""A workshop year in numbers, per network, for the API: a view of ``workshop.aggregate``'s picture.

The figures are the workshop export's, so the API and the XLSX give the same numbers: MIDs by
life status as of the year's end (or now), actions done and started, milestones achieved, and
the reporting completeness of the rounds due in the year.
"""

from sqlmodel import select

from .models import Edition, LifeStatus
from .workshop.aggregate import Figures, workshop_picture

COUNTS = ("mids", "actions_done", "actions_started", "milestones_achieved", "reports_expected",
          "reports_received", "reports_on_time", "reports_submitted")


def year_statistics(session, year, as_of, dormant_after_days, timezone):
    """Counts of workshop year ``year`` per network and in total (``WindowError`` before it begins)."""
    picture = workshop_picture(session, year, as_of, dormant_after_days, timezone)
    editions = {edition.code: edition for edition in session.exec(select(Edition))}
    lines = [line for line in picture.networks if editions[line.edition_code].start_year <= year]
    networks = [
        {"network": {"id": line.network_id, "name_pl": line.name_pl, "name_en": line.name_en},
         "edition": {"id": editions[line.edition_code].id, "code": line.edition_code},
         **_figures(line.current)}
        for line in lines
    ]
    totals = sum((line.current for line in lines), Figures())
    return {"year": year, "as_of": picture.window.as_of, "totals": _figures(totals), "networks": networks}


def _figures(figures):
    return {
        "life_status": {status.value: figures.statuses[status] for status in LifeStatus},
        "mids": figures.mids,
        "actions_done": figures.done_in_period,
        "actions_started": figures.started_in_period,
        "milestones_achieved": figures.milestones_achieved,
        "reports_expected": figures.reports_expected,
        "reports_received": figures.reports_received,
        "reports_on_time": figures.reports_on_time,
        "reports_submitted": figures.reports_received,
    }
