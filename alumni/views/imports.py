"""Admin: the bulk import page (check, then import) and its template."""

import io

from flask import Blueprint, current_app, flash, redirect, render_template, send_file, url_for
from flask_login import current_user

from .. import importer
from ..clock import request_now
from ..db import get_session
from ..life_status import fill_the_past
from ..forms.imports import ImportForm
from ..policy import Permission, requires

bp = Blueprint("imports", __name__, url_prefix="/admin/import")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("", methods=["GET", "POST"])
@requires(Permission.manage_programme)
def upload():
    form, result = ImportForm(), None
    if form.validate_on_submit():
        db = get_session()
        data, size = importer.read_limited(form.file.data.stream)
        result = importer.import_file(db, data, form.file.data.filename or "", actor_id=current_user.id,
                                      dry_run=not form.apply.data, size=size)
        if result.applied:
            fill_the_past(db, current_app, request_now())
            db.commit()
            for line in importer.summary_lines(result):
                flash(line, "success")
            return redirect(url_for(".upload"))
        db.rollback()
    status = 400 if form.errors or (result and not result.ok) else 200
    return render_template("imports/upload.html", form=form, result=result, max_mb=importer.MAX_BYTES // 2**20,
                           describe=importer.describe_problem, header=importer.column_header,
                           summary=importer.summary_lines(result) if result else []), status


@bp.get("/template")
@requires(Permission.manage_programme)
def template():
    workbook = importer.build_template(get_session())
    return send_file(io.BytesIO(workbook), mimetype=XLSX, as_attachment=True,
                     download_name="pim-alumni-import.xlsx")
