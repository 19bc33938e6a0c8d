"""Who decides what is public: an admin switches the public view on, a city publishes its MID, the ministry withholds one."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..db import get_session
from ..forms.publication import PublicationForm, PublicViewForm, WithholdForm
from ..policy import Permission, requires
from ..public import visibility
from .loaders import mid_or_404

bp = Blueprint("publication", __name__)


@bp.route("/admin/public-view", methods=["GET", "POST"])
@requires(Permission.manage_public_view)
def public_view():
    session = get_session()
    form = PublicViewForm(data={"enabled": visibility.view_enabled(session)})
    if form.validate_on_submit():
        visibility.switch_view(session, form.enabled.data)
        session.commit()
        flash(_("The public view is switched on.") if form.enabled.data else _("The public view is switched off."),
              "success")
        return redirect(url_for("publication.public_view"))
    return render_template("public/admin_switch.html", form=form, enabled=visibility.view_enabled(session),
                           public_count=len(visibility.public_mid_ids(session)))


@bp.post("/mids/<int:mid_id>/publication")
def publish(mid_id):
    mid = mid_or_404(mid_id, Permission.publish_mid)
    form = PublicationForm()
    if form.validate_on_submit():
        visibility.choose_publication(mid, form.consent.data, form.budget.data)
        get_session().commit()
        flash(_("The publication choice is saved."), "success")
    return redirect(url_for("mids.show", mid_id=mid.id, _anchor="publication"))


@bp.post("/mids/<int:mid_id>/withholding")
def withhold(mid_id):
    mid = mid_or_404(mid_id, Permission.withhold_mid)
    form = WithholdForm()
    if form.validate_on_submit():
        visibility.withhold(mid, form.withheld.data)
        get_session().commit()
        flash(_("The ministry's decision is saved."), "success")
    return redirect(url_for("mids.show", mid_id=mid.id, _anchor="publication"))
