"""The OpenAPI 3 document of the API, written to match what ``resources`` answers."""

from functools import lru_cache

from ..life_status import Outcome, SizeBand
from ..mids import SORTS
from ..models import ActionStatus, LifeStatus, LineageKind, ParticipantKind, Voivodeship
from . import parameters as p


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties, nullable=()):
    """A closed object whose every property is present; those in ``nullable`` may be null."""
    props = {name: ({**schema, "nullable": True} if name in nullable else schema)
             for name, schema in properties.items()}
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


_INT = {"type": "integer"}
_COUNT = {"type": "integer", "minimum": 0}
_ID = {"type": "integer", "minimum": 1}
_TEXT = {"type": "string"}
_DATE = {"type": "string", "format": "date"}
_DATETIME = {"type": "string", "format": "date-time"}

_SCHEMAS = {
    "Error": _object({
        "error": {"type": "string", "description": "A stable code: authentication_required, invalid_token, "
                                                   "forbidden, not_found, invalid_parameter, ..."},
        "message": {"type": "string", "description": "What is wrong, for a person (Polish unless the request "
                                                     "asks for English with Accept-Language or ?lang=en)."},
    }),
    "LifeStatus": {"type": "string", "enum": [s.value for s in LifeStatus],
                   "description": "The MID's life status by the one rule (alumni.life_status), computed now."},
    "Outcome": {"type": "string", "enum": [o.value for o in Outcome],
                "description": "The life status as the dashboard and the MID list count it: a MID continued "
                               "in, or absorbed into, another MID or a city strategy, whose own life has ended "
                               "(abandoned or dormant), is `absorbed`."},
    "ParticipantRef": _object({
        "id": _ID, "name": _TEXT, "kind": {"type": "string", "enum": [k.value for k in ParticipantKind]},
        "voivodeship": {"type": "string", "enum": [v.value for v in Voivodeship]},
        "population": _COUNT, "teryt": _TEXT,
        "latitude": {"type": "number", "minimum": -90, "maximum": 90, "description": "Degrees north (WGS 84)."},
        "longitude": {"type": "number", "minimum": -180, "maximum": 180, "description": "Degrees east (WGS 84)."},
    }, nullable=("population", "teryt", "latitude", "longitude")),
    "NetworkRef": _object({"id": _ID, "name_pl": _TEXT, "name_en": _TEXT}),
    "EditionRef": _object({"id": _ID, "code": _TEXT}),
    "MidSummary": _object({
        "id": _ID, "title": _TEXT, "participant": _ref("ParticipantRef"), "network": _ref("NetworkRef"),
        "edition": _ref("EditionRef"), "life_status": _ref("LifeStatus"), "outcome": _ref("Outcome"),
        "adopted_on": _DATE, "abandoned_at": _DATETIME,
        "last_activity_at": {**_DATETIME, "description": "The latest report, action or milestone change."},
        "updated_at": _DATETIME,
        "illustrative": {"type": "boolean", "description": "Invented demo data, not a real MID."},
    }, nullable=("adopted_on", "abandoned_at", "last_activity_at")),
    "MidPage": _object({
        "items": {"type": "array", "items": _ref("MidSummary")},
        "page": _ID, "per_page": {"type": "integer", "minimum": 1, "maximum": p.MAX_PER_PAGE},
        "total": _COUNT, "pages": _COUNT,
    }),
    "Action": _object({
        "id": _ID, "position": _COUNT, "title": _TEXT, "description": _TEXT,
        "planned_start": {**_DATE, "description": "The first day of the planned month."},
        "planned_end": {**_DATE, "description": "The first day of the planned month."},
        "responsible_unit": _TEXT,
        "estimated_budget": {"type": "string", "pattern": r"^[0-9]+\.[0-9]{2}$", "description": "PLN."},
        "funding_sources": _TEXT, "status": {"type": "string", "enum": [s.value for s in ActionStatus]},
        "progress": {"type": "integer", "minimum": 0, "maximum": 100}, "updated_at": _DATETIME,
    }, nullable=("planned_start", "planned_end", "estimated_budget")),
    "Milestone": _object({
        "id": _ID, "action_id": _ID, "title": _TEXT, "due_on": _DATE, "achieved_on": _DATE, "evidence": _TEXT,
    }, nullable=("action_id", "achieved_on")),
    "Lineage": _object({
        "kind": {"type": "string", "enum": [k.value for k in LineageKind]},
        "successor_mid_id": _ID, "successor_strategy": _TEXT,
    }, nullable=("successor_mid_id", "successor_strategy")),
}
_SCHEMAS["MidDetail"] = _object({
    **_SCHEMAS["MidSummary"]["properties"],
    "challenge": _TEXT, "goals": _TEXT, "stakeholders": _TEXT, "document_url": {**_TEXT, "nullable": True},
    "abandoned_reason": {**_TEXT, "nullable": True}, "lineage": {**_ref("Lineage"), "nullable": True},
    "actions": {"type": "array", "items": _ref("Action")},
    "milestones": {"type": "array", "items": _ref("Milestone")},
})
# A $ref with siblings is ignored in OpenAPI 3.0: wrap nullable references in allOf.
_SCHEMAS["MidDetail"]["properties"]["lineage"] = {"allOf": [_ref("Lineage")], "nullable": True}
_YEAR_COUNTS = {
    "actions_done": {**_COUNT, "description": "Actions that became done in the workshop year."},
    "actions_started": {**_COUNT, "description": "Actions planned to start in the year and under way, "
                                                 "done, delayed or suspended."},
    "milestones_achieved": _COUNT,
    "reports_expected": {**_COUNT, "description": "Reports expected in the rounds due in the year."},
    "reports_received": {**_COUNT, "description": "Of those, submitted or accepted."},
    "reports_on_time": {**_COUNT, "description": "Of those, first submitted by the due (or extended) date."},
    "reports_submitted": {**_COUNT, "description": "The same as reports_received (kept for existing clients)."},
}
_SCHEMAS.update({
    "Round": _object({
        "id": _ID, "name": _TEXT, "opens_on": _DATE, "due_on": _DATE, "closes_on": _DATE,
        "is_due": {"type": "boolean", "description": "The due date has passed: otherwise the counts are so far."},
        "expected": {**_COUNT, "description": "MIDs that on the due date existed and were neither abandoned "
                                              "nor completed (so far: as of now, for a round not yet due)."},
        "received": {**_COUNT, "description": "Expected MIDs whose report is submitted or accepted (a draft "
                                              "or a report returned to the city is not received)."},
        "submitted": {**_COUNT, "description": "The same as received (kept for existing clients)."},
        "on_time": {**_COUNT, "description": "Received, and first submitted by the end of the due day "
                                             "(or of a granted extension's day), in the programme's time zone."},
        "reporting_rate": {"type": "number", "minimum": 0, "description": "received / expected."},
        "on_time_rate": {"type": "number", "minimum": 0, "description": "on_time / expected."},
        "completeness": {"type": "number", "minimum": 0, "description": "The same as reporting_rate."},
    }, nullable=("completeness", "reporting_rate", "on_time_rate")),
    "RoundList": _object({"items": {"type": "array", "items": _ref("Round")}}),
    "LifeStatusCounts": _object({status.value: _COUNT for status in LifeStatus}),
    "NetworkYear": _object({
        "network": _ref("NetworkRef"), "edition": _ref("EditionRef"), "life_status": _ref("LifeStatusCounts"),
        "mids": _COUNT,
        **_YEAR_COUNTS,
    }),
    "YearTotals": _object({"life_status": _ref("LifeStatusCounts"), "mids": _COUNT, **_YEAR_COUNTS}),
    "YearStatistics": _object({
        "year": _INT,
        "as_of": {**_DATETIME, "description": "The end of the workshop year (the next workshop's eve, else 31 December), "
                                           "or now: life status is computed as of it."},
        "totals": _ref("YearTotals"),
        "networks": {"type": "array", "items": _ref("NetworkYear"),
                     "description": "Every network of the editions begun by the year."},
    }),
    "NetworkEntry": _object({"id": _ID, "name_pl": _TEXT, "name_en": _TEXT, "ended_on": _DATE},
                            nullable=("ended_on",)),
    "Edition": _object({
        "id": _ID, "code": _TEXT, "name": _TEXT, "start_year": _INT, "end_year": _INT,
        "networks": {"type": "array", "items": _ref("NetworkEntry")},
    }),
    "EditionList": _object({"items": {"type": "array", "items": _ref("Edition")}}),
    "Extension": _object({
        "id": _ID, "mid_id": _ID, "round_id": _ID,
        "state": {"type": "string", "enum": ["pending", "granted", "refused"],
                  "description": "Waiting for the ministry, granted, or refused."},
        "requested_until": {**_DATE, "description": "The due date the city asked for."},
        "reason": _TEXT, "requested_at": _DATETIME,
        "granted_until": {**_DATE, "description": "The MID's due date in the round, once granted."},
        "decided_at": _DATETIME,
        "decision_comment": _TEXT,
    }, nullable=("granted_until", "decided_at")),
    "ExtensionList": _object({"items": {"type": "array", "items": _ref("Extension")}}),
})


def _error(description, headers=None):
    response = {"description": description,
                "content": {"application/json": {"schema": _ref("Error")}}}
    if headers:
        response["headers"] = headers
    return response


_RESPONSES = {
    "BadRequest": _error("A parameter does not fit its description, or is not one the operation takes."),
    "Unauthorized": _error("No API token, or one that is wrong or revoked.", {
        "WWW-Authenticate": {"schema": {"type": "string"}, "required": True,
                             "description": "Bearer, as RFC 6750 asks."}}),
    "Forbidden": _error("The token's user may not use the API (only ministry and admin users may)."),
    "NotFound": _error("There is no such MID."),
}


def _ok(schema, description):
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _query(name, schema, description):
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _path(name, schema, description):
    return {"name": name, "in": "path", "required": True, "schema": schema, "description": description}


def _operation(operation_id, summary, ok, parameters=(), not_found=False):
    responses = {"200": ok, "401": {"$ref": "#/components/responses/Unauthorized"},
                 "403": {"$ref": "#/components/responses/Forbidden"}}
    if not_found:
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    responses["400"] = {"$ref": "#/components/responses/BadRequest"}
    language = _query("lang", {"type": "string", "enum": ["pl", "en"]},
                      "Language of error messages (default: Accept-Language, else Polish).")
    return {"get": {"operationId": operation_id, "summary": summary, "parameters": [*parameters, language],
                    "responses": responses}}


_ID_QUERY = {"type": "integer", "minimum": 1, "maximum": p.MAX_ID}


@lru_cache(maxsize=1)
def document():
    """The OpenAPI 3.0 document (built once)."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "PIM Alumni API",
            "version": "1.0.0",
            "description": (
                "Read-only access to the MIDs of the Partnerska Inicjatywa Miast, their life status, "
                "plans, reporting rounds and yearly statistics. Every request but this document needs a "
                "personal API token (ministry and admin users): `Authorization: Bearer <token>`. "
                "Errors are JSON objects with `error` and `message`."
            ),
        },
        "security": [{"bearerAuth": []}],
        "paths": {
            "/api/v1/mids": _operation(
                "listMids", "MIDs with their life status, filtered and paginated",
                _ok("MidPage", "One page of MIDs, filtered and sorted as on the MID list."),
                [_query("edition", _ID_QUERY, "Edition id (see /api/v1/editions)."),
                 _query("network", _ID_QUERY, "Network id."),
                 _query("voivodeship", {"type": "string", "enum": [v.value for v in Voivodeship]},
                        "The participant's voivodeship."),
                 _query("status", _ref("Outcome"), "Only MIDs with this outcome (life status, or absorbed)."),
                 _query("size", {"type": "string", "enum": [b.value for b in SizeBand]},
                        "The participant's population band."),
                 _query("q", {"type": "string", "maxLength": p.MAX_QUERY_LENGTH},
                        "Text in the MID's title or the participant's name."),
                 _query("sort", {"type": "string", "enum": list(SORTS), "default": "participant"}, "Order by."),
                 _query("dir", {"type": "string", "enum": ["asc", "desc"], "default": "asc"}, "Direction."),
                 _query("page", {"type": "integer", "minimum": 1, "maximum": p.MAX_PAGE, "default": 1}, "Page."),
                 _query("per_page", {"type": "integer", "minimum": 1, "maximum": p.MAX_PER_PAGE,
                                     "default": p.DEFAULT_PER_PAGE}, "MIDs per page.")]),
            "/api/v1/mids/{mid_id}": _operation(
                "getMid", "One MID with its actions and milestones",
                _ok("MidDetail", "The MID."),
                [_path("mid_id", _ID_QUERY, "The MID's id.")], not_found=True),
            "/api/v1/rounds": _operation(
                "listRounds", "Reporting rounds and how complete their reporting is",
                _ok("RoundList", "Every round, newest first.")),
            "/api/v1/statistics/{year}": _operation(
                "getYearStatistics", "A year in numbers, per network and in total",
                _ok("YearStatistics", "The year's statistics."),
                [_path("year", {"type": "integer", "minimum": p.FIRST_YEAR, "maximum": p.LAST_YEAR},
                       "The workshop year (from the year before's workshop to this year's, or the "
                       "calendar year where no workshop is set); 404 for a year not yet begun.")],
                not_found=True),
            "/api/v1/editions": _operation(
                "listEditions", "Editions and their networks (the ids the MID filters take)",
                _ok("EditionList", "Every edition, oldest first.")),
            "/api/v1/extensions": _operation(
                "listExtensions", "Cities' requests for more time in a round, and the ministry's decisions",
                _ok("ExtensionList", "Every request, newest first.")),
        },
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "A personal API token."}},
            "schemas": _SCHEMAS,
            "responses": _RESPONSES,
        },
    }
