"""Exports: the yearly workshop's progress export and the city briefs."""

import sys
import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from ..clock import Calendar, utcnow
from ..db import get_db


@click.group("export")
def export():
    """Export the year's progress for the alumni workshop."""


def _clock(as_of):
    """The end of DATE (or now) in the service's time zone: the picture as it stood then."""
    if as_of is None:
        return utcnow()
    return Calendar.from_app(current_app).end_of_day(as_of.date())


_year = click.option("--year", type=click.IntRange(2017, 2100), required=True, help="The workshop year.")
_language = click.option("--language", "--lang", "language", type=click.Choice(["pl", "en"]), default="pl",
                         show_default=True, help="Language of headers and labels.")
_as_of = click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
                      help="Take the picture as it stood at the end of this day (default: now).")


@export.command("workshop")
@_year
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "html"]), required=True)
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The file to write (CSV: a ZIP of one file per table, unless --table).")
@click.option("--table", help="CSV only: write this one table instead of a ZIP of all of them.")
@_language
@_as_of
@with_appcontext
def export_workshop(year, fmt, output, table, language, as_of):
    """Write the workshop export of YEAR as XLSX, CSV or a print-ready HTML report."""
    from ..workshop.aggregate import picture_for_app
    from ..workshop.export import ExportError, write_export
    from ..workshop.window import WindowError

    app = current_app._get_current_object()
    with get_db(app).session(write=False) as session:
        try:
            picture = picture_for_app(session, app, year, _clock(as_of))
            with click.progressbar(length=picture.mid_count, label=f"Workshop {year}: MIDs",
                                   file=sys.stderr) as bar:
                write_export(session, picture, fmt, output, language, bar.update, table)
        except (WindowError, ExportError) as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"Wrote the {year} workshop export ({fmt}, {picture.mid_count} MIDs, as of "
               f"{picture.window.last_day:%Y-%m-%d}) to {output}.")


@export.command("brief")
@_year
@click.option("--participant", "participants", multiple=True,
              help="Name or number; repeat for several (default: every participant with a MID).")
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="An HTML file for one participant, else a ZIP of one HTML file per participant.")
@_language
@_as_of
@with_appcontext
def export_brief(year, participants, output, language, as_of):
    """Write the one-page workshop brief of each city (what changed, and against its network)."""
    from ..people import find_participant
    from ..workshop.aggregate import picture_for_app
    from ..workshop.brief import city_briefs
    from ..workshop.report import write_briefs
    from ..workshop.window import WindowError

    app = current_app._get_current_object()
    with get_db(app).session(write=False) as session:
        ids = None
        if participants:
            found = {name: find_participant(session, name) for name in participants}
            missing = [name for name, participant in found.items() if participant is None]
            if missing:
                raise click.ClickException(f"No participant is named '{missing[0]}'.")
            ids = [participant.id for participant in found.values()]
        try:
            picture = picture_for_app(session, app, year, _clock(as_of))
        except WindowError as error:
            raise click.ClickException(str(error)) from error
        with force_locale(language):
            briefs = city_briefs(session, picture, ids)
            if not output.endswith(".zip") and len(briefs) > 1:
                raise click.ClickException("Several briefs go into a ZIP: give an --output ending in .zip.")
            with click.progressbar(length=len(briefs), label=f"Workshop {year}: briefs",
                                   file=sys.stderr) as bar:
                write_briefs(briefs, picture, output, language, bar.update)
    click.echo(f"Wrote {len(briefs)} brief(s) for the {year} workshop to {output}.")


COMMANDS = [export]
