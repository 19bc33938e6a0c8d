"""Commands for data going in and out: bulk import and its template, API tokens, calendar feeds."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale, gettext as _

from ..config import site_url
from ..db import session_scope
from ..models import utcnow


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


@click.group("tokens")
def tokens():
    """Personal API tokens."""


@tokens.command("create")
@click.option("--email", required=True, help="The ministry or admin user the token is for.")
@click.option("--name", default="", help="What the token is for, to recognise it later.")
@with_appcontext
def tokens_create(email, name):
    """Create an API token and print it (it is shown only once)."""
    from ..tokens import TokenError, create_api_token

    try:
        with session_scope(current_app) as session:
            secret, _token = create_api_token(session, email, utcnow(), name=name)
    except TokenError as error:
        raise click.ClickException(str(error)) from error
    click.echo(secret)


@click.group("calendar")
def calendar():
    """Personal iCalendar feeds."""


@calendar.command("create")
@click.option("--email", required=True, help="The user the feed is for.")
@with_appcontext
def calendar_create(email):
    """Give a user a new calendar feed address and print it (an older address stops working)."""
    from ..calendar_feed import rotate_feed_key
    from ..people import find_user

    with session_scope(current_app) as session:
        user = find_user(session, email)
        if user is None:
            raise click.ClickException(f"No user has the address {email}.")
        key = rotate_feed_key(session, user, utcnow(), via="cli")
    click.echo(site_url(current_app, f"/calendar/{key}.ics"))


COMMANDS = [import_command, import_template, tokens, calendar]
