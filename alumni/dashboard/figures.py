"""The dashboard's charts, built from its numbers with the current language's labels."""

from dataclasses import dataclass

from flask_babel import format_date, format_percent, gettext as _

from ..labels import network_name
from ..charts import share_lines, stacked_bars, stacked_columns


@dataclass
class Figures:
    status_by_network: object
    completeness: object
    status_over_time: object
    survival: object


def _count_text(_key, value, _share):
    return str(value)


def _percent_text(_key, _value, share):
    return format_percent(share)


def build_figures(dashboard, past=False):
    """The four charts of ``dashboard`` (``past``: as of a past day rather than now)."""
    total = dashboard.breakdown.total
    network_rows = [(_("All MIDs"), total.ordered(), _("n = %(num)d", num=total.total))]
    for edition in dashboard.editions:
        for network in dashboard.networks[edition.id]:
            counts = dashboard.breakdown.by_network[network.id]
            network_rows.append((network_name(network), counts.ordered(),
                                 f"{edition.code}, " + _("n = %(num)d", num=counts.total)))
    round_rows = [
        (result.round.name if result.is_due else _("%(round)s (open)", round=result.round.name),
         [("on_time", result.total.on_time), ("late", result.total.late), ("missing", result.total.missing)],
         _("n = %(num)d", num=result.total.expected))
        for result in dashboard.rounds
    ]
    columns = [((format_date(point.day, "LLL"), str(point.day.year)), point.counts.ordered())
               for point in dashboard.history[:-1]]
    now = dashboard.history[-1]
    if past:
        columns.append(((format_date(now.day, "d MMM"), str(now.day.year)), now.counts.ordered()))
    else:
        columns.append(((_("now"), format_date(now.day, "d MMM")), now.counts.ordered()))
    survival = dashboard.survival
    series = [(edition.code, {years: survival.by_edition[edition.id][years].share for years in survival.years})
              for edition in dashboard.editions if edition.id in survival.by_edition]
    return Figures(
        status_by_network=stacked_bars(network_rows, _count_text, note_width=110),
        completeness=stacked_bars(round_rows, _percent_text, label_width=150),
        status_over_time=stacked_columns(columns),
        survival=share_lines(series, survival.years,
                             lambda label, share: f"{label}: {format_percent(share)}"),
    )
