"""Commands for the bulk import and its template."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale, gettext as _

from ..clock import utcnow
from ..db import session_scope
from ..life_status import fill_the_past


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and show what would change; write nothing.")
@click.option("--language", type=click.Choice(["pl", "en"]), default="pl", show_default=True,
              help="Language of the messages.")
@with_appcontext
def import_command(path, dry_run, language):
    """Import participants, MIDs and actions from an XLSX or CSV file (all or nothing)."""
    from ..importer import describe_problem, import_file, read_limited, summary_lines

    with path.open("rb") as stream:
        data, size = read_limited(stream)  # never more than the limit in memory, whatever the file's size
    with force_locale(language), session_scope(current_app) as session:
        result = import_file(session, data, path.name, dry_run=dry_run, size=size)
        if not result.ok:
            session.rollback()
            click.echo(_("The file cannot be imported; nothing was written. Problems found: %(count)d.",
                         count=len(result.problems)), err=True)
            for problem in result.problems:
                click.echo(f"  {describe_problem(problem)}", err=True)
            raise SystemExit(1)
        if dry_run:
            session.rollback()
            click.echo(_("Dry run: nothing was written. The import would do this:"))
            for change in result.changes:
                if change.fields and change.outcome != "unchanged":
                    click.echo(f"  {change.sheet}, {_('row %(row)d', row=change.row)}: "
                               f"{_outcome(change.outcome)} {change.label} ({', '.join(change.fields)})")
        else:
            fill_the_past(session, current_app, utcnow())
        for line in summary_lines(result):
            click.echo(line)


def _outcome(outcome):
    return {"created": _("create"), "updated": _("update")}[outcome]


@click.command("import-template")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def import_template(path):
    """Write the import template (XLSX, with a sheet explaining each column in Polish)."""
    from ..importer import build_template

    with session_scope(current_app) as session:
        path.write_bytes(build_template(session))
    click.echo(f"Template written to {path}.")


COMMANDS = [import_command, import_template]
