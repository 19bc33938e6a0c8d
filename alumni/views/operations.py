"""Operations for admins: the scheduler's heartbeat, recent job runs, the outbox and the last errors."""

from flask import Blueprint, render_template

from .. import job_summaries, operations
from ..outbox import STATUS_LABELS
from ..db import get_session
from ..models import utcnow
from ..policy import Permission, requires

bp = Blueprint("operations", __name__, url_prefix="/admin")


@bp.get("/operations")
@requires(Permission.view_outbox)
def overview():
    return render_template("operations/overview.html", status_labels=STATUS_LABELS,
                           summary_headline=job_summaries.headline, summary_details=job_summaries.details,
                           **operations.overview(get_session(), utcnow()))
