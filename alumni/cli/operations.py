"""Operations commands: backups."""

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup(path):
    """Write a consistent copy of the database to PATH (SQLite: a database file; PostgreSQL: a pg_dump archive)."""
    from ..backup import BackupError, backup as make_backup

    try:
        click.echo(make_backup(current_app.config["DATABASE_URL"], path))
    except BackupError as error:
        raise click.ClickException(str(error)) from error


COMMANDS = [backup]
