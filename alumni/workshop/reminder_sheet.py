"""The workshop export's "reminder effect" table: which messages brought the period's reports in.

The figures are ``alumni.reminder_analytics``'s, for the rounds due in the period (as the
summary's reporting completeness counts them), as of the picture. Per round, for the whole
programme, each edition and each network: one row per kind of message sent and one for the
reports that came in with no message in the window, then one with all the reports received
and the median days from the round's opening to a first submission.
"""

from flask_babel import gettext as _, ngettext

from ..reminder_analytics import NO_MESSAGE, WINDOWS_DAYS, reminder_effect, row_label
from .aggregate import period_rounds
from .order import networks_in_order
from .tables import DATE, DAYS, INT, TEXT, Column, Table, _lazy


def reminder_effect_table(session, picture, language):
    """One sheet: reports by the message that preceded them, per round, network, edition and in total."""
    columns = [
        Column(_("Round"), TEXT, 10), Column(_("Reports due on"), DATE, 12), Column(_("Edition"), TEXT, 10),
        Column(_("Network"), TEXT, 30), Column(_("Message"), TEXT, 30), Column(_("E-mails sent"), INT, 10),
        *[Column(ngettext("Reports within %(num)d day", "Reports within %(num)d days", days), INT, 11)
          for days in WINDOWS_DAYS],
        Column(_("Median days from the opening to a first submission"), DAYS, 16),
    ]
    return Table("reminder_effect", _("Reminder effect"), columns,
                 _lazy(lambda: _rows(session, picture, language)), freeze_columns=4)


def _rows(session, picture, language):
    rounds = period_rounds(session, picture.window)
    networks = networks_in_order(session)
    for effect in reminder_effect(session, rounds, picture.window.as_of, picture.settings):
        groups = [(edition.code, network.name_en if language == "en" else network.name_pl,
                   effect.by_network.get(network.id), False) for network, edition in networks]
        editions = dict.fromkeys((edition.id, edition.code) for _network, edition in networks)
        groups += [(code, _("All networks of the edition"), effect.by_edition.get(edition_id), False)
                   for edition_id, code in editions]
        groups.append((_("Total"), _("All editions"), effect.total, True))
        for edition, network, counts, total in groups:
            if counts is None:
                continue
            start = (effect.round.name, effect.round.due_on, edition, network)
            for kind in effect.rows:
                sent = effect.sent.get(kind, 0) if total and kind != NO_MESSAGE else None
                yield (*start, str(row_label(kind)), sent, *counts.counts(kind), None)
            yield (*start, _("All reports received"), sum(effect.sent.values()) if total else None,
                   *[counts.received] * len(WINDOWS_DAYS), counts.median_days)

