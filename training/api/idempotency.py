"""Idempotency-Key on the POSTs that create: a repeated request gets the first one's answer.

The key is claimed (a row with status 0) and committed before the request is carried out, so a
second request with the same key while the first runs is refused with 409 instead of creating
twice. A key sent again with a different request is refused with 409. Only successful answers
are kept; after a failure the key is released and may be used again.
"""

import hashlib
from collections.abc import Callable

from flask import Response, json, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from training.api.problems import Problem
from training.db import db, utcnow
from training.models import ApiToken, IdempotentRequest

HEADER = "Idempotency-Key"
MAX_KEY = 200


def answer(token: ApiToken, carry_out: Callable[[], Response]) -> Response:
    """Carry out the request once per key and token; return the kept answer for a repeat."""
    key = request.headers.get(HEADER)
    if key is None:
        return carry_out()
    key = key.strip()
    if not 1 <= len(key) <= MAX_KEY or not key.isprintable():
        raise Problem(422, f"{HEADER} must be 1 to {MAX_KEY} printable characters.")
    digest = _request_hash()
    kept = _find(token.id, key)
    if kept is None:
        kept = _claim(token.id, key, digest)
        return _first_answer(kept, carry_out)
    if kept.request_hash != digest:
        raise Problem(409, f"This {HEADER} was used before with a different request.")
    if kept.status == 0:
        raise Problem(409, f"A request with this {HEADER} is still being answered; try again shortly.")
    headers = {"Idempotent-Replayed": "true"} | ({"Location": kept.location} if kept.location else {})
    return Response(json.dumps(kept.body), kept.status, headers, mimetype="application/json")


def _request_hash() -> str:
    text = f"{request.method} {request.path}\n".encode() + request.get_data()
    return hashlib.sha256(text).hexdigest()


def _find(token_id: int, key: str) -> IdempotentRequest | None:
    query = select(IdempotentRequest).where(
        IdempotentRequest.token_id == token_id, IdempotentRequest.key == key
    )
    return db.session.scalar(query)


def _claim(token_id: int, key: str, digest: str) -> IdempotentRequest:
    row = IdempotentRequest(token_id=token_id, key=key, request_hash=digest, status=0, created_at=utcnow())
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:  # another request claimed the key between our look and our claim
        db.session.rollback()
        raise Problem(
            409, f"A request with this {HEADER} is still being answered; try again shortly."
        ) from None
    return row


def _first_answer(row: IdempotentRequest, carry_out: Callable[[], Response]) -> Response:
    try:
        response = carry_out()
    except BaseException:
        db.session.rollback()
        _release(row.id)
        raise
    if 200 <= response.status_code < 300:
        row.status, row.body = response.status_code, response.get_json()
        row.location = response.headers.get("Location")
        db.session.commit()
    else:
        _release(row.id)
    return response


def _release(row_id: int) -> None:
    row = db.session.get(IdempotentRequest, row_id)
    if row is not None:
        db.session.delete(row)
        db.session.commit()
