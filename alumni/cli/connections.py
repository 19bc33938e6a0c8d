"""Commands for one's connections to other tools: personal API tokens and calendar feeds."""

import click
from flask import current_app
from flask.cli import with_appcontext

from ..config import site_url
from ..db import session_scope
from .core import one_line
from ..models import utcnow


@click.group("tokens")
def tokens():
    """Personal API tokens."""


@tokens.command("create")
@click.option("--email", required=True, help="The ministry or admin user the token is for.")
@click.option("--name", default="", callback=one_line, help="What the token is for, to recognise it later.")
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


COMMANDS = [tokens, calendar]
