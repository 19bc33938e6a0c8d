"""Signed-in sessions with Flask-Login: who the request's user is, and ending sessions."""

from flask import flash, g, redirect, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, user_logged_in, user_logged_out
from sqlalchemy.orm import selectinload
from sqlmodel import select

from .db import get_session
from .models import User

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(session_id):
    """The user whose session this is, unless it was ended (version raised) or they were deactivated."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = get_session().exec(
        select(User).where(User.id == int(user_id)).options(selectinload(User.participants))
    ).first()
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    g.signed_in_user_id = user.id
    return user


def signed_in_user_id():
    """The id of the user this request signed in or already loaded; never loads one (None if none)."""
    return g.get("signed_in_user_id")


def _signed_in(_app, user, **_extra):
    g.signed_in_user_id = user.id


def _signed_out(_app, **_extra):
    g.pop("signed_in_user_id", None)


@login_manager.unauthorized_handler
def _unauthorized():
    if request.blueprint == "api" or request.accept_mimetypes.best == "application/json":
        from flask import jsonify

        return jsonify(error="authentication required"), 401
    flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(url_for(login_manager.login_view, next=request.full_path.rstrip("?")))


def end_all_sessions(user):
    """Sign the user out everywhere (logout, password change, deactivation)."""
    user.session_version += 1


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, left alone by the public pages (``g.public_page``).

    Those answer everyone alike and are cached by shared caches: they never set a cookie, and
    their answers do not vary with one (Flask-Login reads the session after every request).
    """

    def save_session(self, app, session, response):
        if g.get("public_page"):
            return
        super().save_session(app, session, response)


def init_app(app):
    app.session_interface = SessionInterface()
    login_manager.init_app(app)
    user_logged_in.connect(_signed_in, app)
    user_logged_out.connect(_signed_out, app)
