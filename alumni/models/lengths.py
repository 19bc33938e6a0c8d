"""The longest text each field of the programme's data may hold, in characters.

One place for the models, the web forms and the import, so that what one accepts the others
accept too. Short fields are VARCHAR columns of this size; free texts are TEXT columns, held
to their maximum by the forms and the import, which both read it here.
"""

MAX_LENGTH = {
    "participant.name": 200,
    "mid.title": 500,
    "mid.challenge": 10_000,
    "mid.goals": 10_000,
    "mid.stakeholders": 10_000,
    "mid.document_url": 1000,
    "mid.abandoned_reason": 2000,
    "mid.successor_strategy": 500,
    "action.title": 500,
    "action.description": 5000,
    "action.responsible_unit": 300,
    "action.funding_sources": 500,
    "milestone.title": 500,
    "milestone.evidence": 1000,
    "report.achievements": 10_000,
    "report.barriers_text": 10_000,
    "report.support_needed": 10_000,
    "report.good_practice": 10_000,
    "report.next_steps": 10_000,
    "report.review_comment": 5000,
    "reportactionupdate.comment": 2000,
    "reportfunding.source": 300,
    "indicator.name": 300,
    "indicator.unit": 30,
    "indicator.source": 2000,
    "indicatorvalue.comment": 1000,
}

# Any other cell an import reads (a status, a date, a code) is never longer than the longest text.
LONGEST = max(MAX_LENGTH.values())


def max_length(field):
    """The most characters ``field`` ("entity.name") may hold."""
    return MAX_LENGTH[field]
