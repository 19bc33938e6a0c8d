"""The core commands: schema, demo, serving, the scheduler, jobs, users and rounds."""

import os
import socket
import sys
from datetime import date, datetime

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func
from sqlmodel import select

from ..clock import Calendar, utcnow
from ..db import session_scope
from ..life_status import fill_the_past
from ..single_line import has_control_characters


def one_line(_context, parameter, value):
    """A click callback: refuse line breaks, tabs and other control characters in a name or address."""
    if value and has_control_characters(value):
        raise click.BadParameter("write it on one line, without line breaks, tabs or other control characters")
    return value


@click.command("init-db")
@with_appcontext
def init_db():
    """Create or upgrade the schema (Alembic), then record the past days the dashboard charts."""
    from ..migrate import upgrade

    upgrade(current_app)
    click.echo("Database schema is up to date.")
    # An upgrade from a version without the daily record: no page should compute the past.
    with session_scope(current_app) as session:
        days = fill_the_past(session, current_app, utcnow())
    if days:
        click.echo(f"Recorded the life statuses of {len(days)} past days the dashboard charts.")


@click.command("demo")
@click.option("--scale", type=click.IntRange(min=0), default=0,
              help="Also generate N synthetic MIDs (for benchmarks).")
@click.option("--with-users", is_flag=True,
              help="Also add the demo users (or give them new passwords); random passwords, printed once.")
@with_appcontext
def demo(scale, with_users):
    """Load the real PIM editions, networks, participants and MIDs, plus illustrative data."""
    from ..demo import add_demo_users, describe_logins, load_demo, load_synthetic

    with session_scope(current_app) as session:
        summary = load_demo(session, today=_today())
        logins = add_demo_users(session) if with_users else None
        fill_the_past(session, current_app, utcnow())
    click.echo(summary)
    if logins:
        click.echo(describe_logins(logins))
    if scale:
        with session_scope(current_app) as session:
            click.echo(load_synthetic(session, scale, today=_today()))
            fill_the_past(session, current_app, utcnow())


@click.command("serve")
@click.option("--demo", "with_demo", is_flag=True,
              help="Create the schema, load the demo data (and, on a new database, the demo users), then serve.")
@click.option("--no-scheduler", is_flag=True, help="Serve without the scheduler in this process.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@with_appcontext
def serve(with_demo, no_scheduler, host, port, threads):
    """Serve the app with waitress, the scheduler inside the same process."""
    import waitress

    app = current_app._get_current_object()
    if not os.environ.get("ALUMNI_BASE_URL"):
        app.config["BASE_URL"] = _own_address(host, port)  # e-mail links lead here, not to port 8000
    logins = _prepare_demo(app) if with_demo else None
    _require_secret_key(app)
    scheduler = None
    if not no_scheduler:
        from jobs.scheduler import LeadingScheduler

        scheduler = LeadingScheduler(app).start()
    click.echo(f"PIM Alumni is running on http://{host}:{port}/")
    if logins is not None:
        from ..demo import describe_logins

        click.echo(describe_logins(logins) if logins else _NOT_A_DEMO_DATABASE)
    try:
        waitress.serve(app, host=host, port=port, threads=threads, ident="pim-alumni")
    finally:
        if scheduler is not None:
            scheduler.shutdown()


_NOT_A_DEMO_DATABASE = ("This database already had users and was not made by `alumni serve --demo`: no demo users "
                        "were added. Add people with `alumni users create`.")


def _prepare_demo(app):
    """Schema, demo data and key; the demo users (new passwords) only on a database made for the demo."""
    from ..config import is_demo_database, use_demo_secret_key
    from ..demo import add_demo_users, load_demo
    from ..migrate import upgrade
    from ..models import User

    app.config["DEMO"] = True
    upgrade(app)
    with session_scope(app) as session:
        made_for_demo = is_demo_database(app) or session.exec(select(func.count(User.id))).one() == 0
        click.echo(load_demo(session, today=_today()))
        logins = add_demo_users(session) if made_for_demo else []
        fill_the_past(session, app, utcnow())
    if made_for_demo:
        use_demo_secret_key(app)  # also records this database as the demo's
    return logins


def _own_address(host, port):
    if host in ("0.0.0.0", "::", ""):
        host = socket.getfqdn()
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


@click.command("scheduler")
@with_appcontext
def scheduler():
    """Run the scheduler as its own process (with web workers that run none); several may run, one leads."""
    from jobs.scheduler import LeadingScheduler

    app = current_app._get_current_object()
    _require_secret_key(app)  # the reminders' links are signed with it: refuse now, not at every run
    click.echo("Scheduler running (it runs the jobs while it leads, else waits to take over); Ctrl+C stops it.")
    try:
        LeadingScheduler(app).run()
    except KeyboardInterrupt:
        pass


@click.group("jobs")
def jobs():
    """List the scheduler's jobs or run one now."""


@jobs.command("list")
def jobs_list():
    """List the jobs."""
    from jobs import registry

    for job in registry().values():
        click.echo(f"{job.name:<16} {job.description}")


@jobs.command("run")
@click.argument("name")
@click.option("--as-of", "as_of", help="Run as if the clock read DATE[THH:MM] (local time); a bare DATE means "
                                       "that day at the send hour (ALUMNI_SEND_HOUR).")
@click.option("--dry-run", is_flag=True, help="Show what would be done; change nothing.")
@with_appcontext
def jobs_run(name, as_of, dry_run):
    """Run one job now."""
    from jobs import registry
    from jobs.scheduler import run_job

    if name not in registry():
        raise click.UsageError(f"No job named '{name}'. Jobs: {', '.join(registry())}.")
    try:
        click.echo(run_job(current_app._get_current_object(), name, _parse_as_of(as_of), dry_run))
    except RuntimeError as error:  # a setting the job needs is missing
        raise click.ClickException(str(error)) from error


@click.group("users")
def users():
    """Manage users."""


@users.command("create")
@click.option("--email", required=True, callback=one_line)
@click.option("--role", required=True, type=click.Choice(["admin", "ministry", "coordinator"]))
@click.option("--participant", "participants", multiple=True, help="Name or number; repeat for several.")
@click.option("--name", default="", callback=one_line)
@click.option("--language", type=click.Choice(["pl", "en"]), default="pl", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def users_create(email, role, participants, name, language, password_stdin):
    """Create a user; a coordinator works for the participants named."""
    from ..people import PeopleError, create_user

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    try:
        with session_scope(current_app) as session:
            user = create_user(session, email, role, participants, password, name, language)
            click.echo(f"Created {user.role} {user.email} (id {user.id}).")
    except PeopleError as error:
        raise click.ClickException(str(error)) from error


@click.group("rounds")
def rounds():
    """Manage reporting rounds."""


@rounds.command("create")
@click.option("--name", required=True, callback=one_line)
@click.option("--opens", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--due", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--closes", required=True, type=click.DateTime(["%Y-%m-%d"]))
@with_appcontext
def rounds_create(name, opens, due, closes):
    """Create a reporting round (dates YYYY-MM-DD, Europe/Warsaw)."""
    from ..rounds import RoundError, create_round

    try:
        with session_scope(current_app) as session:
            round_ = create_round(session, name, opens.date(), due.date(), closes.date())
            click.echo(f"Created round {round_.name}: opens {round_.opens_on}, due {round_.due_on}, "
                       f"closes {round_.closes_on}.")
    except RoundError as error:
        raise click.ClickException(str(error)) from error


@rounds.command("list")
@with_appcontext
def rounds_list():
    """List the reporting rounds."""
    from ..rounds import all_rounds

    with session_scope(current_app) as session:
        for round_ in all_rounds(session):
            click.echo(f"{round_.id:>4}  {round_.name:<12} opens {round_.opens_on}  due {round_.due_on}  "
                       f"closes {round_.closes_on}")


def _require_secret_key(app):
    """One clear line and a non-zero exit, not a traceback, when ALUMNI_SECRET_KEY is missing."""
    from ..config import SecretKeyMissing, require_secret_key

    try:
        require_secret_key(app)
    except SecretKeyMissing as error:
        raise click.ClickException(str(error)) from None


def _today():
    return Calendar.from_app(current_app).local_date(utcnow())


def _parse_as_of(text):
    """DATE (that day at the send hour) or DATETHH:MM, in the service's time zone."""
    if not text:
        return None
    calendar = Calendar.from_app(current_app)
    try:
        if "T" in text:
            moment = datetime.fromisoformat(text)
            return moment if moment.tzinfo else moment.replace(tzinfo=calendar.zone)
        day = date.fromisoformat(text)
    except ValueError as error:
        raise click.BadParameter(f"'{text}' is not DATE or DATETHH:MM", param_hint="--as-of") from error
    return calendar.send_moment(day)


COMMANDS = [init_db, demo, serve, scheduler, jobs, users, rounds]
