"""Admin: the yearly workshops (year, dates, place), which the exports are built for."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..db import get_session
from ..forms.workshop import WorkshopForm
from ..models import Workshop
from ..policy import Permission, requires
from ..workshop.manage import WorkshopError, all_workshops, delete_workshop, save_workshop

bp = Blueprint("admin_workshops", __name__, url_prefix="/admin/workshops")


@bp.get("")
@requires(Permission.manage_programme)
def list_workshops():
    return render_template("workshop/admin_list.html", workshops=all_workshops(get_session()))


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.manage_programme)
def new_workshop():
    return _form(None)


@bp.route("/<int:workshop_id>", methods=["GET", "POST"])
@requires(Permission.manage_programme)
def edit_workshop(workshop_id):
    return _form(get_session().get(Workshop, workshop_id) or abort(404))


def _form(workshop):
    db = get_session()
    form = WorkshopForm(obj=workshop)
    if form.validate_on_submit():
        try:
            saved = save_workshop(db, workshop, form.year.data, form.starts_on.data, form.ends_on.data,
                                  form.place.data or "")
        except WorkshopError as error:
            form[error.field].errors.append(str(error))
        else:
            db.commit()
            flash(_("The workshop of %(year)s is saved.", year=saved.year), "success")
            return redirect(url_for(".list_workshops"))
    return render_template("workshop/admin_form.html", form=form, workshop=workshop)


@bp.post("/<int:workshop_id>/delete")
@requires(Permission.manage_programme)
def delete(workshop_id):
    db = get_session()
    workshop = db.get(Workshop, workshop_id) or abort(404)
    year = workshop.year
    delete_workshop(db, workshop)
    db.commit()
    flash(_("The workshop of %(year)s is deleted; that year now runs to 31 December.", year=year), "success")
    return redirect(url_for(".list_workshops"))
