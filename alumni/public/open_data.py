"""Open data: the public MIDs and their actions as CSV (Polish Excel's ';' and a plain ',') and JSON.

Each dataset has a data dictionary (its columns, types and meaning, in Polish and English).
The files carry only what the public pages show (``pages``): no person, no draft, no budget
a city did not publish. Licence: CC BY 4.0.
"""

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import select

from ..models import Action, Mid, Setting
from .pages import public_actions, public_mids
from .visibility import PUBLIC_VIEW, mid_is_public_clause, view_enabled

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_NAME = "CC BY 4.0"
BOM = "\ufeff"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # integer, decimal, date, text, url
    pl: str
    en: str


DICTIONARIES = {
    "mids": (
        Column("mid_id", "integer", "Identyfikator MID-u w tym serwisie", "The MID's identifier in this service"),
        Column("title", "text", "Tytuł MID-u", "The MID's title"),
        Column("participant", "text", "Miasto, gmina lub związek, który napisał MID",
               "The city, municipality or association that wrote the MID"),
        Column("participant_kind", "text", "Rodzaj uczestnika: city, municipality, mof, association",
               "Kind of participant: city, municipality, mof, association"),
        Column("voivodeship", "text", "Województwo", "Voivodeship"),
        Column("teryt", "text", "Kod TERYT uczestnika (jeśli znany)", "The participant's TERYT code (when known)"),
        Column("edition", "text", "Edycja PIM (PIM I, PIM II, PIM III)", "PIM edition (PIM I, PIM II, PIM III)"),
        Column("network_pl", "text", "Sieć tematyczna (nazwa polska)", "Thematic network (Polish name)"),
        Column("network_en", "text", "Sieć tematyczna (nazwa angielska)", "Thematic network (English name)"),
        Column("adopted_on", "date", "Data przyjęcia MID-u (RRRR-MM-DD)", "The day the MID was adopted (YYYY-MM-DD)"),
        Column("life_status", "text",
               "Stan życia MID-u w dniu publikacji: active, at_risk, dormant, completed, abandoned",
               "The MID's life status on the day of publication: active, at_risk, dormant, completed, abandoned"),
        Column("document_url", "url", "Adres dokumentu MID-u", "Address of the MID's document"),
        Column("page_url", "url", "Publiczna strona MID-u", "The MID's public page"),
    ),
    "actions": (
        Column("action_id", "integer", "Identyfikator działania", "The action's identifier"),
        Column("mid_id", "integer", "Identyfikator MID-u (zbiór mids)", "The MID's identifier (dataset mids)"),
        Column("position", "integer", "Kolejność działania w planie MID-u", "The action's place in the MID's plan"),
        Column("title", "text", "Tytuł działania", "The action's title"),
        Column("status", "text", "Stan: planned, in_progress, done, delayed, suspended, dropped",
               "Status: planned, in_progress, done, delayed, suspended, dropped"),
        Column("progress", "integer", "Postęp w procentach (0–100)", "Progress in per cent (0–100)"),
        Column("planned_start", "date", "Planowany początek (pierwszy dzień miesiąca)",
               "Planned start (the first day of the month)"),
        Column("planned_end", "date", "Planowany koniec (pierwszy dzień miesiąca)",
               "Planned end (the first day of the month)"),
        Column("estimated_budget_pln", "decimal",
               "Szacowany budżet w zł; pusty, jeśli miasto nie opublikowało budżetu",
               "Estimated budget in PLN; empty unless the city published its budgets"),
        Column("funding_sources", "text", "Źródła finansowania; puste, jeśli miasto nie opublikowało budżetu",
               "Funding sources; empty unless the city published its budgets"),
    ),
}
DATASETS = tuple(DICTIONARIES)
FORMATS = ("csv", "comma.csv", "json")


def public_rows(session, settings, as_of, page_url):
    """{dataset: [row dict, ...]} of the public MIDs and their actions; ``page_url(mid_id)`` links each MID."""
    mids = public_mids(session, settings, as_of)
    return {
        "mids": [{
            "mid_id": mid.id, "title": mid.title, "participant": mid.participant, "participant_kind": mid.kind,
            "voivodeship": mid.voivodeship, "teryt": mid.teryt, "edition": mid.edition_code,
            "network_pl": mid.network_pl, "network_en": mid.network_en, "adopted_on": mid.adopted_on,
            "life_status": mid.status, "document_url": mid.document_url, "page_url": page_url(mid.id),
        } for mid in mids],
        "actions": [{
            "action_id": action.id, "mid_id": action.mid_id, "position": action.position, "title": action.title,
            "status": str(action.status), "progress": action.progress, "planned_start": action.planned_start,
            "planned_end": action.planned_end, "estimated_budget_pln": action.estimated_budget,
            "funding_sources": action.funding_sources,
        } for action in public_actions(session, mids)],
    }


def modified_on(session):
    """The last day anything published changed: a public MID, one of its actions, or the switch itself."""
    enabled = view_enabled(session)
    moments = [
        session.exec(select(func.max(Mid.updated_at)).where(mid_is_public_clause(enabled))).one(),
        session.exec(select(func.max(Action.updated_at)).join(Mid, Mid.id == Action.mid_id)
                     .where(mid_is_public_clause(enabled))).one(),
        session.exec(select(Setting.updated_at).where(Setting.key == PUBLIC_VIEW)).first(),
    ]
    moments = [moment for moment in moments if moment is not None]
    return max(moments).date() if moments else None


def _cell(value, decimal_comma):
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        text = f"{value:.2f}"
        return text.replace(".", ",") if decimal_comma else text
    return str(value)


def to_csv(dataset, rows, polish=True):
    """CSV text: Polish Excel's (BOM, ';', decimal comma) or the plain one (',', decimal point)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if polish else ",", lineterminator="\r\n")
    names = [column.name for column in DICTIONARIES[dataset]]
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row[name], polish) for name in names])
    return (BOM if polish else "") + out.getvalue()


def to_json(dataset, rows, modified, license_url=LICENSE_URL):
    """The dataset as a JSON document: its licence, modification day, columns and rows."""
    return json.dumps({
        "dataset": dataset, "license": license_url, "modified": _cell(modified, False),
        "columns": [column.name for column in DICTIONARIES[dataset]],
        "rows": [{name: _json_value(value) for name, value in row.items()} for row in rows],
    }, ensure_ascii=False, indent=1)


def _json_value(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def dictionary_csv(dataset):
    """The data dictionary of ``dataset`` as Polish Excel's CSV: column, type, meaning in Polish and English."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["column", "type", "opis", "description"])
    for column in DICTIONARIES[dataset]:
        writer.writerow([column.name, column.kind, column.pl, column.en])
    return BOM + out.getvalue()
