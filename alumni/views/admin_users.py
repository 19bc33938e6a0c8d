"""Admin: users, their roles and participants, invitations; the audit trail."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import audit, audit_trail as audit_trail_page, people
from ..accounts import service
from ..db import get_session
from ..forms.accounts import UserForm
from ..models import User, utcnow
from ..policy import Permission, requires

bp = Blueprint("admin_users", __name__, url_prefix="/admin")


@bp.get("/users")
@requires(Permission.manage_users)
def list_users():
    return render_template("admin/users.html", users=people.all_users(get_session()))


@bp.route("/users/new", methods=["GET", "POST"])
@requires(Permission.manage_users)
def new_user():
    db = get_session()
    form = people.user_form(db, UserForm())
    if form.validate_on_submit():
        try:
            user = people.create_user(db, form.email.data, form.role.data, form.participants.data,
                                      name=form.name.data, language=form.language.data)
        except people.PeopleError as error:
            form.email.errors.append(str(error))
        else:
            service.invite(db, user, utcnow())
            db.commit()
            flash(_("%(email)s is invited: they will receive a link to set their password.", email=user.email),
                  "success")
            return redirect(url_for(".list_users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires(Permission.manage_users)
def edit_user(user_id):
    db = get_session()
    user = db.get(User, user_id) or abort(404)
    form = people.user_form(db, UserForm(obj=user, participants=[p.id for p in user.participants]))
    if form.validate_on_submit():
        try:
            people.update_user(db, user, form.data)
        except people.PeopleError as error:
            form.email.errors.append(str(error))
        else:
            db.commit()
            flash(_("The changes to %(email)s are saved.", email=user.email), "success")
            return redirect(url_for(".list_users"))
    return render_template("admin/user_form.html", form=form, user=user)


@bp.post("/users/<int:user_id>/invitation")
@requires(Permission.manage_users)
def resend_invitation(user_id):
    db = get_session()
    user = db.get(User, user_id) or abort(404)
    service.invite(db, user, utcnow())
    db.commit()
    flash(_("A new invitation is on its way to %(email)s.", email=user.email), "success")
    return redirect(url_for(".edit_user", user_id=user.id))


@bp.get("/audit")
@requires(Permission.manage_users)
def audit_trail():
    db = get_session()
    filters = audit_trail_page.TrailFilters.from_args(request.args)
    page = audit_trail_page.trail_page(db, filters, current_app.config["TIMEZONE"])
    return render_template("admin/audit.html", page=page, filters=filters, people=people.all_users(db),
                           entity_types=audit.entity_types(), entity_type_label=audit_trail_page.entity_type_label
                           ), 400 if filters.errors else 200
