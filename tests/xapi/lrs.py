"""A real HTTP learning record store for tests: checks each statement against the xAPI 1.0.3 rules.

It runs http.server in a thread on 127.0.0.1 and a free port. `down = True` makes it answer 503
until it recovers. It stores each statement id once; a statement it already holds is answered with
409, as a strict LRS does, and counts every statement it takes in, so a test sees anything stored twice.
"""

import base64
import contextlib
import json
import re
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
TOP_LEVEL = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority",
             "version", "attachments"}  # fmt: skip
USERNAME, PASSWORD = "lrs-user", "lrs-secret"


def is_iri(value) -> bool:
    parts = urlsplit(value) if isinstance(value, str) else None
    return bool(parts and parts.scheme in ("http", "https") and parts.netloc and " " not in value)


def problems(statement) -> list[str]:
    """Return what breaks the xAPI 1.0.3 rules in one statement (the parts this product sends)."""
    if not isinstance(statement, dict):
        return ["a statement must be an object"]
    found = [f"unknown property {key}" for key in statement.keys() - TOP_LEVEL]
    if not UUID.match(str(statement.get("id", ""))):
        found.append("id must be a UUID")
    found += _actor(statement.get("actor"))
    verb = statement.get("verb") or {}
    if not is_iri(verb.get("id")):
        found.append("verb id must be an IRI")
    display = verb.get("display")
    if not (isinstance(display, dict) and display and all(isinstance(v, str) for v in display.values())):
        found.append("verb display must be a language map")
    target = statement.get("object") or {}
    if target.get("objectType", "Activity") != "Activity" or not is_iri(target.get("id")):
        found.append("object must be an Activity whose id is an IRI")
    found += _result(statement.get("result", {}))
    extensions = (statement.get("context") or {}).get("extensions", {})
    found += [f"extension key {key} must be an IRI" for key in extensions if not is_iri(key)]
    found += _timestamp(statement.get("timestamp"))
    return found


def _actor(actor) -> list[str]:
    if not isinstance(actor, dict):
        return ["actor must be an object"]
    mbox = actor.get("mbox")
    account = actor.get("account")
    if mbox is not None and account is not None:
        return ["actor must have one identifier"]
    if mbox is not None:
        return [] if re.match(r"^mailto:[^@\s]+@[^@\s]+$", mbox) else ["actor mbox must be a mailto IRI"]
    if isinstance(account, dict) and is_iri(account.get("homePage")) and account.get("name"):
        return []
    return ["actor must have an mbox or an account"]


def _result(result) -> list[str]:
    found = []
    score = result.get("score")
    if score is not None:
        scaled = score.get("scaled")
        if scaled is not None and not (isinstance(scaled, int | float) and -1 <= scaled <= 1):
            found.append("result.score.scaled must be a number in [-1, 1]")
        raw = score.get("raw")
        if raw is not None and not score.get("min", raw) <= raw <= score.get("max", raw):
            found.append("result.score.raw must lie between min and max")
    for key in ("success", "completion"):
        if key in result and not isinstance(result[key], bool):
            found.append(f"result.{key} must be true or false")
    if "response" in result and not isinstance(result["response"], str):
        found.append("result.response must be a string")
    extensions = result.get("extensions", {})
    found += [f"result extension key {key} must be an IRI" for key in extensions if not is_iri(key)]
    return found


def _timestamp(value) -> list[str]:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return ["timestamp must be ISO 8601"]
    return [] if moment.tzinfo is not None else ["timestamp must say its time zone"]


class Lrs:
    def __init__(self):
        self.down = False
        self.stored: dict[str, dict] = {}
        self.accepted: Counter = Counter()  # statement id -> times taken in; more than 1 is a bug
        self.posts = 0
        self.posted: Counter = Counter()  # statement id -> times it came in a POST, whatever the answer
        self.rejected: list[str] = []
        self.refuse: set[str] = set()  # statement ids answered with 400, as if they broke a rule
        self.on_post = None  # called in the server's thread while a request waits for its answer

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/xapi"

    def take(self, headers, body: bytes) -> tuple[int, object]:
        """Answer one POST /xapi/statements as an LRS would."""
        self.posts += 1
        if self.on_post is not None:
            self.on_post()
        if self.down:
            return 503, {"error": "down for maintenance"}
        expected = "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
        if headers.get("Authorization") != expected:
            return 401, {"error": "wrong credentials"}
        if headers.get("X-Experience-API-Version") != "1.0.3":
            return 400, {"error": "X-Experience-API-Version must be 1.0.3"}
        batch = json.loads(body)
        batch = batch if isinstance(batch, list) else [batch]
        self.posted.update(s.get("id") for s in batch if isinstance(s, dict))
        found = [f"{s.get('id')}: {p}" for s in batch for p in problems(s)]
        found += [f"{s['id']}: refused by the test" for s in batch if s.get("id") in self.refuse]
        if len({s["id"] for s in batch}) != len(batch):
            found.append("the batch holds one id twice")
        if found:
            self.rejected += found
            return 400, {"error": found}
        if any(s["id"] in self.stored for s in batch):
            return 409, {"error": "a statement with this id is stored already"}
        self.stored.update({s["id"]: s for s in batch})
        self.accepted.update(s["id"] for s in batch)
        return 200, [s["id"] for s in batch]


@contextlib.contextmanager
def running() -> Iterator[Lrs]:
    lrs = Lrs()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            if self.path != "/xapi/statements":
                status, answer = 404, {"error": "no such resource"}
            else:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, answer = lrs.take(self.headers, body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):  # keep the test output quiet
            pass

    lrs.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=lrs.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield lrs
    finally:
        lrs.server.shutdown()
        lrs.server.server_close()
        thread.join(timeout=60)
