"""The OpenAPI 3.1 document, built from the operations and the pydantic schemas they validate with."""

import re
from functools import lru_cache

from pydantic.json_schema import models_json_schema

from training.api import schemas
from training.api.idempotency import HEADER
from training.api.spec import OPERATIONS, Operation

REF = "#/components/schemas/{model}"
PROBLEM = {"$ref": "#/components/schemas/ProblemDetails"}
COMMON = {
    400: "The address or the query held a NUL character",
    401: "No working API token (missing, unknown, revoked or expired)",
    403: "The token lacks the scope this operation needs",
    429: "Too many requests with this token",
}


def document() -> dict:
    return _document()


@lru_cache(maxsize=1)
def _document() -> dict:
    models = {m for op in OPERATIONS for m in _models(op)} | {schemas.ProblemDetails}
    keyed, defs = models_json_schema(
        [
            (m, "validation" if _is_input(m) else "serialization")
            for m in sorted(models, key=lambda m: m.__name__)
        ],
        ref_template=REF,
    )
    paths: dict = {}
    for op in OPERATIONS:
        paths.setdefault(_path(op.rule), {})[op.method.lower()] = _operation(op, keyed)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Speak for the company: HR-system API",
            "version": "1",
            "description": "People, assignments, statuses, reports and evidence for HR systems. "
            "Send `Authorization: Bearer <token>`; an admin creates tokens at /admin/tokens.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "schemas": defs.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def _models(op: Operation) -> list:
    found = [r.model for r in op.replies.values() if r.model is not None]
    return found + ([op.body] if op.body else [])


def _is_input(model) -> bool:
    return any(op.body is model for op in OPERATIONS)


def _path(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


def _operation(op: Operation, keyed: dict) -> dict:
    mode = lambda m: "validation" if _is_input(m) else "serialization"  # noqa: E731
    params = [
        {"name": n, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
        for n in re.findall(r"<int:(\w+)>", op.rule)
    ]
    if op.query is not None:
        schema = op.query.model_json_schema(ref_template=REF)
        for name, prop in schema["properties"].items():
            prop = _not_null(prop)
            param = {
                "name": name,
                "in": "query",
                "required": name in schema.get("required", []),
                "schema": prop,
            }
            if "description" in prop:
                param["description"] = prop["description"]
            params.append(param)
    if op.idempotent:
        params.append(
            {
                "name": HEADER,
                "in": "header",
                "required": False,
                "schema": {"type": "string", "pattern": r"^[!-~]([ -~]{0,198}[!-~])?$"},
                "description": "Repeat a request safely: the same key gets the first answer again.",
            }
        )
    result = {
        "operationId": op.endpoint.partition(".")[2],
        "summary": op.summary,
        "tags": op.tags,
        "x-scope": op.scope,
        "parameters": params,
        "responses": {},
    }
    if op.body is not None:
        result["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": keyed[(op.body, mode(op.body))]}},
        }
    for status, reply in sorted(op.replies.items()):
        content = (
            {"schema": keyed[(reply.model, mode(reply.model))]}
            if reply.model
            else {"schema": {"type": "string"}}
        )
        others = {media: {"schema": {"type": "string"}} for media in reply.also}
        result["responses"][str(status)] = {
            "description": reply.description,
            "content": {reply.media: content} | others,
        }
    extra = dict(COMMON)
    if op.body is not None:
        extra[400] = (
            "The body is not a JSON object sent as application/json, or the address held a NUL character"
        )
    if op.idempotent:
        extra[409] = f"A request with this {HEADER} is being answered, or it came with another request"
    for status, text in sorted(extra.items()):
        result["responses"].setdefault(
            str(status), {"description": text, "content": {"application/problem+json": {"schema": PROBLEM}}}
        )
    return result


def _not_null(prop: dict) -> dict:
    """A query parameter is absent or a string, never null: drop pydantic's `null` branch."""
    branches = [b for b in prop.get("anyOf", []) if b != {"type": "null"}]
    if len(branches) != 1:
        return prop
    rest = {k: v for k, v in prop.items() if k != "anyOf" and not (k == "default" and v is None)}
    return branches[0] | rest
