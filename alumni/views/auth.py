"""Signing in and out, invitations, password resets, and one's own profile."""

import math

from flask import Blueprint, current_app, flash, redirect, render_template, request, session as cookie, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user, login_required, login_user, logout_user

from ..accounts import links, service
from ..db import get_session
from ..forms.accounts import (
    ChangePasswordForm, LoginForm, NewPasswordForm, PasswordResetRequestForm, ProfileForm,
)
from ..models import utcnow
from ..passwords import check_password
from ..security import safe_next
from ..sessions import end_all_sessions

bp = Blueprint("auth", __name__)

LINK_PURPOSES = {"invitation": "invitation", "reset": "password_reset"}


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        db = get_session()
        result = service.sign_in(db, form.email.data, form.password.data, request.remote_addr or "", utcnow())
        db.commit()
        if result.throttled:
            minutes = math.ceil(result.wait.total_seconds() / 60)
            flash(ngettext("Too many failed attempts. Wait %(num)d minute and try again, or reset your password.",
                           "Too many failed attempts. Wait %(num)d minutes and try again, or reset your password.",
                           minutes), "error")
            return render_template("auth/login.html", form=form), 429
        if result.user is None:
            flash(_("Wrong e-mail or password."), "error")
            return render_template("auth/login.html", form=form), 200
        cookie.clear()  # a fresh session: nothing from before the login survives
        login_user(result.user)
        return redirect(safe_next(request.args.get("next"), url_for("mids.index")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    end_all_sessions(current_user._get_current_object())
    get_session().commit()
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    return _set_password_with_link(token, "invitation")


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    return _set_password_with_link(token, "reset")


def _set_password_with_link(token, kind):
    db, now = get_session(), utcnow()
    try:
        user = links.peek(db, current_app.config["SECRET_KEY"], token, LINK_PURPOSES[kind], now)
    except links.LinkError as error:
        return render_template("auth/link_refused.html", reason=error.reason, kind=kind), 410
    form = NewPasswordForm(meta={"user_email": user.email})
    if form.validate_on_submit():
        service.set_password_with_link(db, token, LINK_PURPOSES[kind], form.password.data, now)
        db.commit()
        flash(_("Your password is set. Sign in with it."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, user=user, kind=kind)


@bp.route("/password/reset", methods=["GET", "POST"])
def request_reset():
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        db = get_session()
        service.request_password_reset(db, form.email.data, request.remote_addr or "", utcnow())
        db.commit()
        flash(_("If this address has an account, we have sent it a link to set a new password."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/request_reset.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    user = current_user._get_current_object()
    form = ProfileForm(obj=user)
    if form.validate_on_submit():
        form.populate_obj(user)
        get_session().commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("auth.profile", lang=user.language))
    return render_template("auth/profile.html", form=form, password_form=ChangePasswordForm(
        meta={"user_email": user.email}))


@bp.post("/profile/password")
@login_required
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm(meta={"user_email": user.email})
    if form.validate_on_submit():
        if check_password(user.password_hash, form.current.data)[0]:
            service.set_password(user, form.password.data)
            get_session().commit()
            login_user(user)  # this session goes on with the new version; every other one ends
            flash(_("Your password is changed. Other sessions have been signed out."), "success")
            return redirect(url_for("auth.profile"))
        form.current.errors.append(_("The current password is wrong."))
    return render_template("auth/profile.html", form=ProfileForm(obj=user), password_form=form), 400
