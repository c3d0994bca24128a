"""Browser tests: the real app served on a local port, driven through the system Chromium."""

import mimetypes
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import BaseWSGIServer, make_server

from tests.conftest import BUNDLED_CONTENT
from tests.e2e.pagecheck import HtmlBatch, Visits, replay_with_axe
from tests.realparts import missing
from training import create_app
from training.coach import reader
from training.coach import versions as coach_versions
from training.db import db
from training.editor import library as content_service

STATIC = (Path(__file__).parents[2] / "static").resolve()
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def serve(app) -> BaseWSGIServer:
    """A threaded development server on a free local port for `app`, not yet started.

    Static files are read here, whole, inside `with open`, and never reach the app: a file
    response that Flask drops (a request the browser sends as a test ends, while the test's
    database goes away under the app's hooks) is closed only by the garbage collector, whose
    warning then fails whichever test happens to run. Other bodies are read whole and closed
    before they are sent, so a connection the browser drops early leaks nothing either.
    """

    def whole_bodies(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/static/"):
            return _static_file(path.removeprefix("/static/"), start_response)
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return make_server("127.0.0.1", 0, whole_bodies, threaded=True)


def _static_file(name: str, start_response) -> list[bytes]:
    path = (STATIC / name).resolve()
    if not path.is_file() or STATIC not in path.parents:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    with path.open("rb") as handle:
        data = handle.read()
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(data)))])
    return [data]


@pytest.fixture
def live_server(database_url, tmp_path):
    """Serve the app with the bundled content on 127.0.0.1 in a background thread.

    The coach's second reader is loaded first, and the imported rules compiled: loading the one
    (scikit-learn and the model) or compiling the other (thousands of patterns), seconds each on a
    busy machine, inside the server thread at a journey's first draft would hold the interpreter
    while the browser's driver, in this same process, waits on its own timeouts.
    """
    reader.load()
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True,
        "RATELIMIT_ENABLED": False, "CONTENT_DIR": str(BUNDLED_CONTENT), "FAST_PASSWORD_HASHES": True,
    })  # fmt: skip
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        content_service.import_directory(BUNDLED_CONTENT)
        coach_versions.current_rules(BUNDLED_CONTENT)  # kept per process, by version
    server = serve(app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.app = app
    server.url = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def chromium():
    """Playwright and the Chromium it drives, one for the test process (see `browser`)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python", "pip install -r requirements-dev.txt")
    if shutil.which(CHROMIUM) is None and shutil.which("chromium") is None:
        missing("Chromium", "apt-get install -y chromium (Debian package)")
    with sync_playwright() as playwright:
        shared = SharedChromium(playwright)
        yield shared
        shared.close()


class SharedChromium:
    """One headless Chromium for all the journeys of a test process, launched again when it has
    gone: once in CI the browser process died in the middle of a run, and every later journey on
    that worker failed to open a context, though only the test it died in had met the crash."""

    def __init__(self, playwright) -> None:
        self.playwright, self.instance = playwright, None

    def connected(self):
        if self.instance is None or not self.instance.is_connected():
            self.instance = self.playwright.chromium.launch(
                executable_path=shutil.which(CHROMIUM) or shutil.which("chromium"),
                headless=True, args=CHROMIUM_ARGS,
            )  # fmt: skip
        return self.instance

    def close(self) -> None:
        if self.instance is not None and self.instance.is_connected():
            self.instance.close()


@pytest.fixture
def browser(chromium):
    return chromium.connected()


@pytest.fixture(scope="session")
def checked_pages() -> set[str]:
    """The markup of every page already checked in this test process (see pagecheck.Visited.key)."""
    return set()


@pytest.fixture(scope="session")
def journey_html(tmp_path_factory):
    """The journeys' pages, validated by the Nu Html Checker in one run (Java is slow to start) when
    the test process ends: errors are reported at the teardown of its last test, naming each page."""
    batch = HtmlBatch(tmp_path_factory.mktemp("pages"))
    yield batch
    if batch.urls and (errors := batch.errors()):
        pytest.fail("the Nu Html Checker finds errors:\n" + "\n".join(errors), pytrace=False)


@pytest.fixture(autouse=True)
def journey_checks(request, checked_pages, journey_html):
    """Watch every browser context a journey opens; afterwards check each page it was shown.

    axe-core must find no WCAG 2.1 A/AA violation on any page, nothing may be requested from
    outside the site, and every page must be valid HTML (checked when the test process ends).
    """
    if "live_server" not in request.fixturenames:
        yield None
        return
    server, browser = request.getfixturevalue("live_server"), request.getfixturevalue("browser")
    visits, new_context = Visits(server.url), browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        visits.watch(context)
        return context

    browser.new_context = watched_context
    try:
        yield visits
    finally:
        del browser.new_context  # the instance attribute hid the method; the method is back
    assert visits.foreign == [], f"requests left the site: {visits.foreign}"
    fresh = {page.key: page for page in visits.pages if page.key not in checked_pages}
    checked_pages.update(fresh)
    for page in fresh.values():
        journey_html.add(page)
    if found := replay_with_axe(new_context, list(fresh.values())):
        pytest.fail(f"axe-core finds WCAG 2.1 A/AA violations: {found}", pytrace=False)


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.set_default_timeout(10000)
    tab = context.new_page()
    yield tab
    context.close()


def sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(base_url + "/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def play_quiz(page, quiz: dict) -> None:
    """Answer every step with its correct choices, clicking them by their visible labels; each
    answer leads to a page with its feedback above the next step or the result.

    A click that submits a form returns once the next page has started loading, not once it has
    been parsed: each round waits for the feedback on the step it answered (the page before shows
    the feedback on the step before that one) before asking what comes next.
    """
    import re

    from playwright.sync_api import expect

    answers = {s["id"]: [c["text"] for c in s["choices"] if c["correct"]] for s in quiz["steps"]}
    step = page.get_by_role("heading", name=re.compile(r"^Step \d+ of \d+"))
    result = page.get_by_role("heading", name=re.compile(r"^(Passed|Not passed yet): \d+%$"))
    for number in range(1, len(quiz["steps"]) + 2):
        expect(step.or_(result)).to_be_visible()
        if not step.is_visible():
            break
        step_id = page.locator("input[name=step_id]").input_value()
        for text in answers[step_id]:
            page.get_by_label(text, exact=True).check()
        page.get_by_role("button", name="Submit answer").click()
        expect(
            page.get_by_role("heading", level=2, name=f"Feedback on step {number}: Good call")
        ).to_be_visible()


def read_every_lesson(page, course_title: str) -> list[str]:
    """On a course page, open each lesson still to do and mark it read; return their titles."""
    from playwright.sync_api import expect

    course_heading = page.get_by_role("heading", level=1, name=course_title, exact=True)
    expect(course_heading).to_be_visible()  # the list is read at once: the page must be there
    lessons = page.locator("li.item-todo").filter(has_text="Lesson").get_by_role("link")
    titles = lessons.all_inner_texts()
    for title in titles:
        page.get_by_role("link", name=title, exact=True).click()
        page.get_by_role("button", name="Mark as read").click()
        expect(page.get_by_text("Lesson marked as read.")).to_be_visible()  # now on the next item
        page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=course_title).click()
        expect(course_heading).to_be_visible()
    return titles


def complete_course_in_browser(page, course_title: str, quiz: dict) -> None:
    """From the learner's home page: open the course, read its lessons, pass its quiz."""
    import re

    from playwright.sync_api import expect

    page.get_by_role("link", name=course_title).click()
    assert read_every_lesson(page, course_title), "the course has no lesson left to read"
    page.get_by_role("link", name=quiz["title"]).click()
    page.get_by_role("button", name=re.compile("Start")).click()
    play_quiz(page, quiz)
    expect(page.get_by_role("heading", name=re.compile(r"Passed: 100%"))).to_be_visible()


@pytest.fixture
def axe_page(browser):
    """A tab that lets axe-core's injected script run despite the site's CSP."""
    if not AXE.exists():
        missing("axe-core", "npm ci --prefix tests/e2e/axe (make test does it when npm is installed)")
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(10000)
    yield context.new_page()
    context.close()
