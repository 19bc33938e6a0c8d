"""One's own connections to other tools: personal API tokens and the calendar feed address."""

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import calendar_feed, tokens
from ..config import site_url
from ..db import get_session
from ..forms.connections import ApiTokenForm
from ..models import ApiToken, utcnow
from ..policy import Permission, requires

bp = Blueprint("connections", __name__, url_prefix="/profile")


def _secret_page(**context):
    """Show a new secret once; keep it out of every cache."""
    response = make_response(render_template("connections/secret.html", **context))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/tokens")
@requires(Permission.use_api)
def create_token():
    form = ApiTokenForm(prefix="token")  # the profile form on the same page has a "name" too
    if not form.validate_on_submit():
        flash(_("The token was not created: %(reason)s", reason=next(iter(form.errors.values()))[0]), "error")
        return redirect(url_for("auth.profile"))
    db = get_session()
    secret, token = tokens.create_api_token(db, current_user, utcnow(), name=form.name.data or "", via="web")
    db.commit()
    return _secret_page(kind="token", secret=secret, name=token.name)


@bp.post("/tokens/<int:token_id>/revoke")
@requires(Permission.use_api)
def revoke_token(token_id):
    db = get_session()
    token = db.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    tokens.revoke_api_token(db, token, utcnow(), via="web")
    db.commit()
    flash(_("The token is revoked: it no longer works."), "success")
    return redirect(url_for("auth.profile"))


@bp.post("/calendar")
@login_required
def new_calendar_address():
    db = get_session()
    key = calendar_feed.rotate_feed_key(db, current_user, utcnow())
    db.commit()
    url = site_url(current_app, url_for('calendar.feed', key=key))
    return _secret_page(kind="calendar", secret=url)


@bp.post("/calendar/remove")
@login_required
def remove_calendar():
    db = get_session()
    calendar_feed.remove_feed(db, current_user, utcnow())
    db.commit()
    flash(_("Your calendar feed is stopped: its address no longer works."), "success")
    return redirect(url_for("auth.profile"))
