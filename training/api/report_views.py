"""API operations on what people did: statuses, the completion report, acknowledgements, evidence."""

import json

from flask import Response, request, stream_with_context, url_for

from training.api import cursors, records, schemas
from training.api.people import as_schema
from training.api.people_views import person_or_404
from training.api.spec import Reply, operation
from training.api.views import bp
from training.evidence import bundles
from training.status import report

PROBLEM_JSON = "application/problem+json"
NOT_FOUND = {404: Reply("No such person", schemas.ProblemDetails, PROBLEM_JSON)}
INVALID = {422: Reply("Invalid request", schemas.ProblemDetails, PROBLEM_JSON)}
NDJSON = "application/x-ndjson"


@operation(
    bp,
    "/people/<int:user_id>/statuses",
    summary="A person's status on each assigned course",
    tag="Status",
    replies={200: Reply("Statuses", schemas.PersonStatuses)} | NOT_FOUND,
)
def person_statuses(user_id: int):
    person = person_or_404(user_id)
    return schemas.PersonStatuses(person=as_schema(person), statuses=records.statuses(user_id))


@operation(
    bp,
    "/reports/completion",
    summary="The completion report, streamed as NDJSON or CSV",
    tag="Status",
    query=schemas.ReportQuery,
    replies={
        200: Reply(
            "One row per person and assigned course; a `Link: rel=next` header when more pages follow",
            schemas.ReportRow,
            NDJSON,
            ("text/csv",),
        )
    }
    | INVALID,
)
def completion_report(query: schemas.ReportQuery):
    filters = report.PeopleFilter(department=query.department, course=query.course, status=query.status)
    offset = cursors.decode(query.cursor, "offset")
    headers = {}
    if query.limit is not None and offset + query.limit < report.count(filters):
        args = request.args.to_dict() | {"cursor": cursors.encode(offset=offset + query.limit)}
        headers["Link"] = f'<{url_for("api.completion_report", **args)}>; rel="next"'
    rows = report.completion_rows(filters, offset, query.limit)
    if query.format == "csv":
        return Response(stream_with_context(report.as_csv(rows)), headers=headers, mimetype="text/csv")
    return Response(stream_with_context(_ndjson(rows)), headers=headers, mimetype=NDJSON)


def _ndjson(rows):
    """One ReportRow per line, the report's own values (as the CSV has them)."""
    for row in rows:
        yield json.dumps({c: row[c] for c in report.COLUMNS}, ensure_ascii=False) + "\n"


@operation(
    bp,
    "/acknowledgements",
    summary="List policy acknowledgements, oldest first, in pages",
    tag="Status",
    query=schemas.AcknowledgementQuery,
    replies={200: Reply("A page of acknowledgements", schemas.AcknowledgementList)} | INVALID,
)
def list_acknowledgements(query: schemas.AcknowledgementQuery):
    after = cursors.decode(query.cursor, "after")
    items, more = records.acknowledgements(query.email, query.policy, after, query.limit)
    next_cursor = cursors.encode(after=items[-1].id) if more else None
    return schemas.AcknowledgementList(items=items, next_cursor=next_cursor)


@operation(
    bp,
    "/people/<int:user_id>/evidence",
    summary="A person's evidence bundle (JSON lines)",
    tag="Status",
    replies={200: Reply("The header line, then one ledger entry per line", None, NDJSON)} | NOT_FOUND,
)
def person_evidence(user_id: int):
    person = person_or_404(user_id)
    filename = f"evidence-{person.id}.jsonl"
    return Response(
        stream_with_context(bundles.bundle_lines(person)),
        mimetype=NDJSON,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
