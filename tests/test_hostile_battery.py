"""Cases of the hostile battery (issue 11) that no other test held on its own; SECURITY.md lists them all.

- Every form of every route refuses a post without its CSRF token, and nothing is written.
- A name or department typed as markup is shown as text on every page that shows it.
- Fifty learners submitting quizzes at once lose nothing.
- Twenty identical submissions at once (a form sent from twenty tabs) store one row.
Run them on PostgreSQL too (TEST_DATABASE_URL).
"""

import threading
from collections.abc import Callable

from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tests.test_mass_assignment import changes, snapshot
from tests.test_route_roles import ACCESS, TOKEN, address, cookie_client, routes  # noqa: F401 - fixture
from training.db import db
from training.learning import attempts
from training.models import Attempt, AttemptAnswer, AttemptResult, Completion, User
from training.status import assignments

GOOD_PATH = [("first", ["kind"]), ("third", ["name", "dm"]), ("last", ["social"])]
SCRIPT_NAME = '<script>alert("name")</script>'
MARKUP_DEPARTMENT = "<b onmouseover=alert(1)>Sales</b>"


def test_every_form_refuses_a_post_without_its_csrf_token(app, client, make_user, library):
    admin = make_user(email="all@example.com", roles="admin hr editor")
    other = make_user(email="other@example.com", name="Otto Other")
    theirs = attempts.start_attempt(admin, "basics-quiz", "mine")
    assert client.post("/login", data={"email": admin.email, "password": PASSWORD}).status_code == 302
    app.config["WTF_CSRF_ENABLED"] = True
    # The API takes no cookies, so needs no CSRF token: a session's post there is a 401 (the route walk).
    posts = [endpoint for endpoint, method in routes(app) if method == "POST" and ACCESS[endpoint] != TOKEN]
    assert len(posts) >= 25 and "auth.login" in posts and "learn.answer" in posts
    before = snapshot()
    wrong = []
    for endpoint in posts:
        url = address(app, endpoint, "POST", theirs.id, other.id)
        form = {"step_id": "first", "choice": "kind", "token": "t", "confirm": "y", "text": "x", "save": "1"}
        response = client.post(url, data=form | {"email": admin.email, "password": PASSWORD})
        if ACCESS.get(endpoint) == TOKEN and response.status_code == 401:
            continue  # the API takes no session, so it needs no CSRF token either: 401 is as safe
        if response.status_code != 400 or "Form expired" not in response.get_data(as_text=True):
            wrong.append(f"POST {url} ({endpoint}, {ACCESS.get(endpoint)}): {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert changes(before) == {}


def test_a_name_typed_as_markup_is_shown_as_text_everywhere(client, make_user, library):
    person = make_user(email="mallory@example.com", name=SCRIPT_NAME, department=MARKUP_DEPARTMENT)
    newcomer = User(email="new@example.com", name=SCRIPT_NAME, department=MARKUP_DEPARTMENT)
    db.session.add(newcomer)
    db.session.commit()
    hr = make_user(email="hr@example.com", roles="hr editor")
    assignments.assign_many(hr, "basics", "everyone", [], due_days=10)
    attempts.start_attempt(person, "basics-quiz", "x")
    client.post("/login", data={"email": person.email, "password": PASSWORD})
    pages = {"/": client.get("/").get_data(as_text=True)}
    client.post("/logout")
    client.post("/login", data={"email": hr.email, "password": PASSWORD})
    for url in (
        "/hr/", "/hr/people", f"/hr/people/{person.id}", "/hr/invitations", "/hr/outdated", "/hr/insight",
        f"/hr/evidence?email={person.email}", "/hr/assignments", "/hr/people/deactivated",
    ):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.get_data(as_text=True)
    for url, page in pages.items():
        assert "<script>alert" not in page and "<b onmouseover" not in page, url
    escaped = "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;"
    shown = [url for url, page in pages.items() if escaped in page]
    assert {"/", "/hr/people", f"/hr/people/{person.id}", "/hr/invitations"} <= set(shown)


def crowd(count: int, work: Callable[[int], None]) -> list[BaseException]:
    """Run `work(0..count-1)` in `count` threads released at once; return what they raised."""
    db.session.remove()  # release this thread's connection before the crowd arrives
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=120)
            work(index)
        except BaseException as exc:  # collected and reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def signed_in(app, email: str):
    client = app.test_client()  # a CookieClient: the fixture `client` set the class
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def test_fifty_learners_submitting_at_once_lose_nothing(app, client, library, make_user):
    clients = [signed_in(app, make_user(email=f"c{n}@example.com").email) for n in range(50)]
    server_errors = []

    def learner(index: int) -> None:
        client = clients[index]
        started = client.post("/quizzes/basics-quiz/start", data={"token": f"t{index}"})
        attempt = started.headers["Location"]
        for step, choices in GOOD_PATH:
            response = client.post(attempt, data={"step_id": step, "choice": choices})
            if response.status_code != 303:
                server_errors.append(response.status_code)

    assert crowd(50, learner) == []
    assert server_errors == []
    assert (count(Attempt), count(AttemptResult), count(Completion)) == (50, 50, 50)
    assert count(AttemptAnswer) == 50 * len(GOOD_PATH)


def test_twenty_identical_submissions_at_once_store_one_row(app, client, library, make_user):
    email = make_user(email="clicker@example.com").email
    clients = [signed_in(app, email) for _ in range(20)]  # twenty tabs of one person
    locations = []

    def start(index: int) -> None:
        response = clients[index].post("/quizzes/basics-quiz/start", data={"token": "same-token"})
        locations.append((response.status_code, response.headers.get("Location")))

    assert crowd(20, start) == []
    assert count(Attempt) == 1
    [attempt_id] = db.session.scalars(select(Attempt.id)).all()
    assert set(locations) == {(302, f"/attempts/{attempt_id}")}

    answers = []

    def answer(index: int) -> None:
        response = clients[index].post(f"/attempts/{attempt_id}", data={"step_id": "first", "choice": "kind"})
        answers.append(response.status_code)

    assert crowd(20, answer) == []
    assert answers == [303] * 20
    assert count(AttemptAnswer) == 1
