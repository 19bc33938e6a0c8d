"""The one rule of what is public: the installation's switch, then each MID's city and the ministry.

A MID is public when the public view is switched on for the installation (an admin's choice),
its city agreed (a coordinator's or admin's choice on the MID's page) and the ministry has not
withheld it. Pages, open data and the sitemap all ask here, never decide for themselves.
"""

from sqlalchemy import and_, false
from sqlmodel import select

from ..models import Mid, Setting

PUBLIC_VIEW = "public_view"
ON, OFF = "on", "off"


def view_enabled(session):
    """Whether the admin switched the public view on for this installation (off until they do)."""
    value = session.exec(select(Setting.value).where(Setting.key == PUBLIC_VIEW)).first()
    return value == ON


def switch_view(session, enabled):
    """Switch the public view on or off (audited with the session's actor); returns the setting."""
    setting = session.exec(select(Setting).where(Setting.key == PUBLIC_VIEW)).first()
    if setting is None:
        setting = Setting(key=PUBLIC_VIEW, value=OFF)
        session.add(setting)
    setting.value = ON if enabled else OFF
    return setting


def mid_is_public_clause(enabled):
    """A WHERE clause on ``Mid``: the MIDs the public may see (none while the view is off)."""
    if not enabled:
        return false()
    return and_(Mid.public_consent.is_(True), Mid.public_withheld.is_(False))


def public_mid_ids(session):
    """The ids of every public MID, in one query (an empty list while the view is off)."""
    enabled = view_enabled(session)
    if not enabled:
        return []
    return list(session.exec(select(Mid.id).where(mid_is_public_clause(enabled)).order_by(Mid.id)))


def is_public(session, mid_id):
    """Whether the public may see the MID ``mid_id`` now (the same clause as every list)."""
    enabled = view_enabled(session)
    if not enabled:
        return False
    return session.exec(select(Mid.id).where(Mid.id == mid_id, mid_is_public_clause(enabled))).first() is not None


def budget_shown(mid):
    """Whether a public MID's action budgets may be shown: only when its city chose to publish them."""
    return bool(mid.public_budget)


def choose_publication(mid, consent, budget):
    """The city's choice: show ``mid`` publicly or not, and its actions' budgets with it."""
    mid.public_consent = bool(consent)
    mid.public_budget = bool(consent and budget)


def withhold(mid, withheld):
    """The ministry's choice: keep ``mid`` out of the public view even though its city agreed."""
    mid.public_withheld = bool(withheld)
