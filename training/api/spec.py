"""Operations of the API: each validates its input with the schemas that the OpenAPI document shows.

`operation(...)` registers a view on the blueprint together with its description: the query and
body models parse and check the request before the view runs (a 422 lists every invalid field),
the token's scope is checked, and the view's returned model is sent as JSON. `openapi()` builds
the OpenAPI 3.1 document from the same list, so the document cannot drift from what is enforced.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint, Response, g, json, request
from pydantic import BaseModel, ValidationError

from training.api import idempotency
from training.api.problems import Problem

JSON = "application/json"


@dataclass
class Reply:
    description: str
    model: type[BaseModel] | None = None
    media: str = JSON
    also: tuple[str, ...] = ()  # other media types of the same answer, asked for by a parameter


@dataclass
class Operation:
    method: str
    rule: str
    endpoint: str
    summary: str
    scope: str
    query: type[BaseModel] | None
    body: type[BaseModel] | None
    replies: dict[int, Reply]
    idempotent: bool = False
    tags: list[str] = field(default_factory=list)


OPERATIONS: list[Operation] = []


def operation(
    bp: Blueprint,
    rule: str,
    method: str = "GET",
    *,
    summary: str,
    tag: str,
    replies: dict,
    scope: str = "read",
    query=None,
    body=None,
    idempotent: bool = False,
) -> Callable:
    """Register the decorated view for `method` on `rule`, checked and described as given."""

    def decorate(view):
        op = Operation(
            method,
            rule,
            f"{bp.name}.{view.__name__}",
            summary,
            scope,
            query,
            body,
            replies,
            idempotent,
            [tag],
        )
        OPERATIONS.append(op)

        @functools.wraps(view)
        def run(**kwargs):
            require_scope(scope)
            if query is not None:
                kwargs["query"] = parse(query, request.args.to_dict())
            if body is not None:
                kwargs["body"] = parse(body, json_body())
            if idempotent:
                return idempotency.answer(g.api_token, lambda: reply(view(**kwargs)))
            return reply(view(**kwargs))

        bp.add_url_rule(rule, view.__name__, run, methods=[method])
        return run

    return decorate


def require_scope(scope: str) -> None:
    if scope not in g.api_token.scope_set:
        raise Problem(403, f"This API token lacks the {scope!r} scope.")


def json_body():
    data = request.get_json(silent=True)
    if data is None:
        raise Problem(400, "Send a JSON object as the body, with Content-Type: application/json.")
    return data


def parse(model: type[BaseModel], data):
    """Return `data` checked as `model`, or raise a 422 listing each invalid field."""
    if not isinstance(data, dict):
        raise Problem(422, "The body must be a JSON object.")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [
            {"field": ".".join(str(p) for p in e["loc"]) or None, "detail": e["msg"]}
            for e in exc.errors(include_url=False, include_input=False)
        ]
        raise Problem(422, "The request is not valid; nothing was changed.", problems) from None


def reply(result) -> Response:
    """Turn a view's result (a model, or a model and a status, or a Response) into a response."""
    if isinstance(result, Response):
        return result
    model, status, headers = (*result, {})[:3] if isinstance(result, tuple) else (result, 200, {})
    return Response(json.dumps(model.model_dump(mode="json")), status, headers, mimetype=JSON)
