"""Load for bench_web.py: `wrk` for GET pages, a bounded Python client for the quiz flow.

Everything here talks to 127.0.0.1 only, and every run stops after the seconds it is given.
Cookies are handled by hand because the server runs with SESSION_COOKIE_SECURE=1 (as in the
README's production command) while the benchmark speaks plain HTTP on the loopback.
"""

import http.client
import json
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from html import unescape
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

HOST = "127.0.0.1"
TIMEOUT = 60  # seconds: the longest one request may take before it counts as an error

# Counts answers other than 200 in every wrk thread, then prints one JSON line with the figures.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local bad_total = 0
  for _, thread in ipairs(threads) do bad_total = bad_total + thread:get("bad") end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "not_200": %d, ' ..
    '"socket_errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), bad_total,
    e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class Figures:
    """One path's result in one round: requests per second, latencies in ms, errors."""

    rate: float
    p50: float
    p99: float
    errors: int
    count: int


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(url: str, seconds: float, clients: int, cookie: str | None, workdir: Path) -> Figures:
    """GET `url` from `clients` connections for `seconds` with wrk; only 127.0.0.1 is allowed."""
    assert urlsplit(url).hostname == HOST, url
    script = workdir / "bench_web.lua"
    if not script.exists():
        script.write_text(WRK_SCRIPT)
    command = ["wrk", "-t", str(min(2, clients)), "-c", str(clients), "-d", f"{max(1, round(seconds))}s",
               "--timeout", f"{TIMEOUT}s", "-s", str(script)]  # fmt: skip
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run(command + [url], capture_output=True, text=True, timeout=seconds + TIMEOUT + 30)
    lines = [line for line in done.stdout.splitlines() if line.startswith('{"requests"')]
    if done.returncode or not lines:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout}\n{done.stderr}")
    found = json.loads(lines[-1])
    count = found["requests"]
    return Figures(
        rate=count / (found["duration_us"] / 1e6),
        p50=found["p50_us"] / 1000 if count else float("nan"),
        p99=found["p99_us"] / 1000 if count else float("nan"),
        errors=found["not_200"] + found["socket_errors"],
        count=count,
    )


# A start tag of a form or a field, and one attribute in it (quoted either way, unquoted, or bare).
_FIELD_TAG = re.compile(r"<(form|input|textarea)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


class Forms:
    """The forms of a page: each one's action and its inputs (name, type, value), in page order.

    Found with two regular expressions rather than html.parser, which cost the quiz clients a
    tenth of the server's own CPU on this machine (the load must measure the server, not itself).
    """

    def __init__(self, html: str):
        self.forms: list[dict] = []
        for tag in _FIELD_TAG.finditer(html):
            kind = tag.group(1).lower()
            attrs = {
                name.lower(): unescape("".join(values))  # one of the three forms of value, or none
                for name, *values in _ATTRIBUTE.findall(tag.group(2))
            }
            if kind == "form":
                self.forms.append({"action": attrs.get("action") or "", "inputs": []})
            elif self.forms:
                field_kind = attrs.get("type", "text").lower() if kind == "input" else "textarea"
                self.forms[-1]["inputs"].append((attrs.get("name"), field_kind, attrs.get("value") or ""))

    def form(self, action_part: str) -> dict | None:
        return next((f for f in self.forms if action_part in f["action"]), None)

    def step_form(self) -> dict | None:
        """The first form that answers a quiz step (it carries the step's id)."""
        return next((f for f in self.forms if any(n == "step_id" for n, _, _ in f["inputs"])), None)


class Browser:
    """One signed-in person on one keep-alive connection, keeping cookies as a browser does."""

    def __init__(self, address: str):
        parts = urlsplit(address)
        assert parts.hostname == HOST, address
        self.port = parts.port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(
        self, method: str, path: str, form: dict | list | None = None, limit: int | None = None
    ) -> tuple[int, str, str]:
        """Send one request; return (status, Location, body), the body's first `limit` bytes if
        given (then the connection is closed). Reconnects once if the server had closed it."""
        body = urlencode(form, doseq=True) if form is not None else None
        headers = {"Cookie": self.cookie_header()} if self.cookies else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for retry in (False, True):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read(limit).decode(errors="replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
                if retry:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        if limit or response.getheader("Connection", "").lower() == "close":
            self.conn.close()  # gunicorn's sync workers close after every response
        target = urlsplit(response.getheader("Location", ""))  # the path and query, as a browser follows it
        location = target.path + (f"?{target.query}" if target.query else "")
        return response.status, location, text

    def sign_in(self, email: str, password: str) -> None:
        status, _, page = self.request("GET", "/login")
        csrf = dict((n, v) for n, _, v in Forms(page).forms[0]["inputs"])["csrf_token"]
        form = {"csrf_token": csrf, "email": email, "password": password}
        status, location, _ = self.request("POST", "/login", form)
        if status != 302 or location == "/login":
            raise RuntimeError(f"sign-in of {email} failed: {status} {location}")

    def close(self) -> None:
        self.conn.close()


class UnexpectedAnswer(Exception):
    pass


@dataclass
class QuizLoad:
    """What the quiz clients measured: every answer POST and every whole attempt, with errors."""

    answers: list[float] = field(default_factory=list)  # ms
    attempts: list[float] = field(default_factory=list)  # ms
    requests: int = 0
    attempt_requests: int = 0  # those of the whole attempts only
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def expect(answer: tuple[int, str, str], status: int) -> tuple[int, str, str]:
    if answer[0] != status:
        raise UnexpectedAnswer(f"expected {status}, got {answer[0]} {answer[1]}")
    return answer


def take_quiz(browser: Browser, quiz_id: str, load: QuizLoad, deadline: float) -> bool:
    """Take one whole attempt as a browser does: open, start, then answer each step; the page the
    answer redirects to shows its feedback above the next step, or the result. Return False when
    the deadline cut the attempt short."""
    local_answers, requests = [], 0

    def send(method, path, form=None, status=200):
        nonlocal requests
        if time.monotonic() > deadline:
            raise TimeoutError
        requests += 1
        return expect(browser.request(method, path, form), status)

    started = time.perf_counter()
    try:
        page = send("GET", f"/quizzes/{quiz_id}")[2]
        start = Forms(page).form("/start")
        location = send("POST", start["action"], _fields(start), status=302)[1]
        attempt_path = location
        page = send("GET", attempt_path)[2]
        while (step := Forms(page).step_form()) is not None:
            before = time.perf_counter()
            if step["action"].endswith("/draft"):
                location = _draft(send, step)
            else:
                action = step["action"] or attempt_path  # the step form posts to its own page
                location = send("POST", action, _fields(step, choose=True), status=303)[1]
                local_answers.append((time.perf_counter() - before) * 1000)
            page = send("GET", location)[2]
        if ": result" not in page:
            raise UnexpectedAnswer("the attempt ended without a result page")
    except TimeoutError:
        with load.lock:
            load.requests += requests
            load.answers += local_answers
        return False
    except (UnexpectedAnswer, OSError, http.client.HTTPException, TypeError, KeyError):
        with load.lock:
            load.errors += 1
            load.requests += requests
        return True
    with load.lock:
        load.requests += requests
        load.attempt_requests += requests
        load.answers += local_answers
        load.attempts.append((time.perf_counter() - started) * 1000)
    return True


def _fields(form: dict, choose: bool = False) -> list[tuple[str, str]]:
    """The form's hidden fields, and with `choose` the first choice shown (the attempt's own order)."""
    fields = [(n, v) for n, kind, v in form["inputs"] if kind == "hidden" and n]
    if choose:
        fields += [next((n, v) for n, kind, v in form["inputs"] if kind in ("radio", "checkbox"))]
    return fields


def _draft(send, form: dict) -> str:
    """Write a short reply at a draft step; move on if the coach does not pass it."""
    reply = "Thank you for telling us. We're sorry, and our customer care team will reply to you today."
    location = send("POST", form["action"], _fields(form) + [("reply", reply)], status=303)[1]
    if "answered=" in location:
        return location
    page = send("GET", location)[2]
    move_on = Forms(page).form("/move-on")
    return send("POST", move_on["action"], _fields(move_on), status=303)[1]


def run_quiz_clients(browsers: list[Browser], quiz_id: str, seconds: float) -> tuple[QuizLoad, float]:
    """Let each signed-in browser take attempts, back to back, for `seconds`; return the load and
    the time it took (the last attempts cut at the deadline are not counted as attempts)."""
    load = QuizLoad()
    deadline = time.monotonic() + seconds

    def client(browser: Browser) -> None:
        while time.monotonic() < deadline and take_quiz(browser, quiz_id, load, deadline):
            pass

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(b,), daemon=True) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + TIMEOUT + 30)
    return load, time.perf_counter() - started


def summary(samples: list[float], elapsed: float, errors: int) -> Figures:
    """Figures of a list of latencies (ms) measured over `elapsed` seconds."""
    if not samples:
        return Figures(0.0, float("nan"), float("nan"), errors, 0)
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return Figures(len(samples) / elapsed, statistics.median(ordered), p99, errors, len(samples))
