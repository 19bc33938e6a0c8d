"""Exports for the ministry: the workshop export of a year and the city briefs, to download."""

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale

from ..clock import request_now
from ..db import get_session
from ..forms.workshop import BriefForm, ExportForm
from ..policy import Permission, requires
from ..workshop import choices
from ..workshop.aggregate import picture_for_app
from ..workshop.brief import city_briefs
from ..workshop.export import MEDIA_TYPES, briefs_file_name, export_in_memory, file_name
from ..workshop.manage import all_workshops
from ..workshop.report import briefs_in_memory, document_csp, render_brief
from ..workshop.scheduled import stored_export_path
from ..workshop.window import WindowError

bp = Blueprint("exports", __name__, url_prefix="/exports")
EXTENSIONS = {"xlsx": "xlsx", "zip": "csv", "html": "html"}


def _page(export_form=None, brief_form=None, status=200):
    session = get_session()
    export_form = choices.fill(session, export_form or ExportForm(formdata=None), request_now())
    brief_form = choices.fill(session, brief_form or BriefForm(formdata=None), request_now(), participants=True)
    return render_template("workshop/exports.html", export_form=export_form, brief_form=brief_form,
                           workshops=all_workshops(session)), status


def _picture_or_404(year):
    if not 2000 <= year <= 2100:  # no workshop outside these; a brief also looks a year back
        abort(404)
    try:
        return picture_for_app(get_session(), current_app, year, request_now())
    except WindowError:
        abort(404)


def _language():
    chosen = request.args.get("language")
    return chosen if chosen in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]


@bp.get("")
@requires(Permission.export)
def index():
    return _page()


@bp.get("/workshop")
@requires(Permission.export)
def choose_export():
    form = choices.fill(get_session(), ExportForm(request.args), request_now())
    if not form.validate():
        return _page(export_form=form, status=400)
    extension = {"csv": "zip"}.get(form.format.data, form.format.data)
    return redirect(url_for(".download", year=form.year.data, extension=extension, language=form.language.data))


@bp.get("/workshop/<int:year>.<extension>")
@requires(Permission.export)
def download(year, extension):
    fmt = EXTENSIONS.get(extension) or abort(404)
    picture, language = _picture_or_404(year), _language()
    handle = export_in_memory(get_session(), picture, fmt, language)
    # Werkzeug adds the character set of a text type itself: give it the bare type.
    response = send_file(handle, mimetype=MEDIA_TYPES[fmt].partition(";")[0], as_attachment=fmt != "html",
                         download_name=file_name(year, fmt, language), max_age=0)
    if fmt == "html":
        response.headers["Content-Security-Policy"] = document_csp()
    return response


@bp.get("/workshop/<int:year>/sent.xlsx")
@requires(Permission.export)
def sent(year):
    """The export the workshop job built and e-mailed the ministry about, as it was then."""
    path = stored_export_path(current_app, year)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype=MEDIA_TYPES["xlsx"], as_attachment=True,
                     download_name=file_name(year, "xlsx"), max_age=0)


@bp.get("/briefs")
@requires(Permission.export)
def choose_brief():
    form = choices.fill(get_session(), BriefForm(request.args), request_now(), participants=True)
    if not form.validate():
        return _page(brief_form=form, status=400)
    if form.participant.data == choices.EVERY_CITY:
        return redirect(url_for(".briefs", year=form.year.data, language=form.language.data))
    return redirect(url_for(".brief", year=form.year.data, participant_id=form.participant.data,
                            language=form.language.data))


@bp.get("/workshop/<int:year>/briefs/<int:participant_id>.html")
@requires(Permission.export)
def brief(year, participant_id):
    picture, language = _picture_or_404(year), _language()
    with force_locale(language):
        found = city_briefs(get_session(), picture, [participant_id])
        if not found:
            abort(404)
        response = current_app.make_response(render_brief(found[0], picture, language))
    response.headers["Content-Security-Policy"] = document_csp()
    return response


@bp.get("/workshop/<int:year>/briefs.zip")
@requires(Permission.export)
def briefs(year):
    picture, language = _picture_or_404(year), _language()
    handle = briefs_in_memory(get_session(), picture, language)
    return send_file(handle, mimetype="application/zip", as_attachment=True, max_age=0,
                     download_name=briefs_file_name(year, language))
