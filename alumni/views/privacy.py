"""Personal data (GDPR): an admin exports what is kept about a person, or anonymises a departed one."""

import json

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import privacy
from ..db import get_session
from ..forms.privacy import AnonymiseForm
from ..models import User, utcnow
from ..policy import Permission, requires

bp = Blueprint("privacy", __name__, url_prefix="/admin/users/<int:user_id>")


@bp.post("/personal-data")
@requires(Permission.manage_personal_data)
def export_personal_data(user_id):
    db = get_session()
    user = db.get(User, user_id) or abort(404)
    data = privacy.personal_data(db, user, utcnow())
    privacy.record_export(db, user, current_user.id)
    db.commit()
    response = current_app.response_class(json.dumps(data, ensure_ascii=False, indent=2),
                                          mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="pim-alumni-person-{user.id}.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/anonymise", methods=["GET", "POST"])
@requires(Permission.manage_personal_data)
def anonymise(user_id):
    db = get_session()
    user = db.get(User, user_id) or abort(404)
    form = AnonymiseForm()
    if form.validate_on_submit():
        try:
            privacy.anonymise(db, user, current_user.id, utcnow())
        except privacy.PrivacyError as error:
            flash(str(error), "error")
        else:
            db.commit()
            flash(_("The person's data is anonymised; their history is kept as %(name)s.", name=user.name),
                  "success")
            return redirect(url_for("admin_users.edit_user", user_id=user.id))
    return render_template("privacy/anonymise.html", user=user, form=form, pseudonym=privacy.pseudonym_email(user.id))
