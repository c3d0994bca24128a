"""New courses, lessons and quizzes; course settings and the order of items."""

import re

import pytest
from sqlalchemy import func, select

from tests.editor.test_editor_publish import do_publish, make_learners, outdated_count, publish_page, statuses
from training.content import versions
from training.db import db
from training.learning import courses as learning
from training.models import ContentDraft, CourseVersion


@pytest.fixture
def editor(make_user, auth, library):
    """A signed-in editor, with the test library imported."""
    user = make_user(email="ed@example.com", name="Eddie Editor", roles="editor")
    auth.login(user.email)
    return user


@pytest.fixture
def learners(make_user, library):
    return make_learners(make_user)


def test_new_lesson_joins_its_course_when_published(client, editor, learners, auth):
    response = client.post(
        "/editor/courses/basics/new/lesson",
        data={"item_id": "basics-extra", "title": "One more thing", "covers": ["demo#secrets"]},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/editor/items/basics-extra/edit"
    assert learning.course_view(learners["done"][0], "basics").status == "completed"
    review = publish_page(client, "items", "basics-extra").get_data(as_text=True)
    assert "This adds it to the end of the course “Basics”." in review
    assert outdated_count(review) == 2
    assert do_publish(client, "items", "basics-extra").status_code == 302
    course = versions.current(CourseVersion, "basics")
    assert course.items == ["basics-reading", "basics-secrets", "basics-quiz", "basics-extra"]
    assert course.note == "Added lesson basics-extra"
    assert statuses(learners) == ["outdated", "outdated", "in_progress"]


@pytest.mark.parametrize(
    ("item_id", "title", "message"),
    [
        ("Bad Id", "A title", "must use lowercase letters, digits"),
        ("basics-secrets", "A title", "a lesson or quiz &#39;basics-secrets&#39; exists already"),
        ("fine-id", "T" * 10_000, "Field cannot be longer than 300 characters."),
    ],
)
def test_a_new_item_with_bad_input_is_not_created(client, editor, item_id, title, message):
    response = client.post(
        "/editor/courses/basics/new/quiz",
        data={"item_id": item_id, "title": title, "covers": ["demo#secrets"]},
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ContentDraft)) == 0


NEW_COURSE = {
    "course_id": "press", "title": "Talking to the press", "summary": "Who answers journalists.",
    "audience": "Sales, Marketing", "due_days": "14", "description": "Short and *practical*.",
    "first_kind": "quiz", "item_id": "press-quiz", "item_title": "A journalist calls",
    "covers": ["demo#speaking"],
}  # fmt: skip


def test_new_course_is_published_with_its_first_quiz(client, editor, make_user, auth):
    response = client.post("/editor/courses/new", data=NEW_COURSE)
    assert response.status_code == 302
    index = client.get("/editor/").get_data(as_text=True)
    assert "Talking to the press" in index and "A journalist calls" in index
    assert publish_page(client, "courses", "press").status_code == 422  # published with its item
    review = publish_page(client, "items", "press-quiz").get_data(as_text=True)
    assert "The new course is published with it." in review
    assert do_publish(client, "items", "press-quiz").status_code == 302
    course = versions.current(CourseVersion, "press")
    assert (course.items, course.audience, course.due_days) == (["press-quiz"], ["Sales", "Marketing"], 14)
    assert db.session.scalar(select(func.count()).select_from(ContentDraft)) == 0
    make_user(email="sam@example.com", department="Sales")
    auth.logout()
    auth.login("sam@example.com")
    assert "Talking to the press" in client.get("/").get_data(as_text=True)


def test_discarding_a_new_course_discards_its_new_items(client, editor):
    client.post("/editor/courses/new", data=NEW_COURSE)
    client.post(
        "/editor/courses/press/new/lesson",
        data={"item_id": "press-more", "title": "More", "covers": ["demo#speaking"]},
    )
    page = client.get("/editor/courses/press/settings").get_data(as_text=True)
    state = dict(re.findall(r'name="(revision|number)" type="hidden" value="([^"]*)"', page))
    assert client.post("/editor/courses/press/discard", data=state).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ContentDraft)) == 0
    assert client.get("/editor/items/press-quiz/edit").status_code == 404


def test_reordering_items_is_a_course_draft_until_published(client, editor, learners):
    page = client.get("/editor/courses/basics/order").get_data(as_text=True)
    state = dict(re.findall(r'name="(revision|number)" value="([^"]*)"', page))
    response = client.post(
        "/editor/courses/basics/order", data={**state, "item_id": "basics-quiz", "offset": "-1"}
    )
    assert response.status_code == 302
    assert versions.current(CourseVersion, "basics").items[1] == "basics-secrets"
    review = publish_page(client, "courses", "basics").get_data(as_text=True)
    assert "Items, in order" in review
    assert outdated_count(review) == 0  # a new order is nothing to redo
    assert do_publish(client, "courses", "basics").status_code == 302
    course = versions.current(CourseVersion, "basics")
    assert course.items == ["basics-reading", "basics-quiz", "basics-secrets"]
    assert statuses(learners).count("outdated") == 0


def test_reordering_alone_leaves_people_who_completed_the_course_completed(client, editor, learners):
    page = client.get("/editor/courses/basics/order").get_data(as_text=True)
    state = dict(re.findall(r'name="(revision|number)" value="([^"]*)"', page))
    client.post("/editor/courses/basics/order", data={**state, "item_id": "basics-quiz", "offset": "-1"})
    assert do_publish(client, "courses", "basics").status_code == 302
    # Nothing the learners did went stale, and there is nothing they could redo.
    assert learning.course_view(learners["done"][0], "basics").stale == []
    assert statuses(learners) == ["completed", "completed", "in_progress"]


def test_a_move_from_a_stale_page_is_refused(client, editor):
    page = client.get("/editor/courses/basics/order").get_data(as_text=True)
    stale = dict(re.findall(r'name="(revision|number)" value="([^"]*)"', page))
    client.post("/editor/courses/basics/order", data={**stale, "item_id": "basics-quiz", "offset": "-1"})
    response = client.post(
        "/editor/courses/basics/order", data={**stale, "item_id": "basics-reading", "offset": "1"}
    )
    assert response.status_code == 302
    text = db.session.scalar(select(ContentDraft.text).where(ContentDraft.kind == "course"))
    assert "items: [basics-reading, basics-quiz, basics-secrets]" in text


def test_course_settings_preview_and_publish(client, editor):
    page = client.get("/editor/courses/basics/settings").get_data(as_text=True)
    state = dict(re.findall(r'name="(revision|number)" type="hidden" value="([^"]*)"', page))
    data = {**state, "title": "Basics, revised", "summary": "S", "audience": "all", "due_days": "20",
            "description": "Read **this**.<script>x()</script>"}  # fmt: skip
    preview = client.post("/editor/courses/basics/settings", data={**data, "preview": "1"}).get_data(
        as_text=True
    )
    assert "<strong>this</strong>" in preview and "<script>x()" not in preview
    assert db.session.scalar(select(func.count()).select_from(ContentDraft)) == 0
    assert client.post("/editor/courses/basics/settings", data={**data, "save": "1"}).status_code == 302
    assert do_publish(client, "courses", "basics").status_code == 302
    course = versions.current(CourseVersion, "basics")
    assert (course.number, course.title, course.due_days) == (2, "Basics, revised", 20)
