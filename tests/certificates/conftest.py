"""Learners who complete the test library's course, and a copy of the library to change."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.realparts import missing
from training.editor import library as content_service
from training.learning import attempts
from training.learning import courses as learning
from training.models import Certificate

FIXTURES = Path(__file__).parents[1] / "fixtures"
GOOD_PATH = [("first", ["kind"]), ("third", ["name", "dm"]), ("last", ["social"])]


def pass_quiz(user, token: str = "first-try") -> None:
    attempt = attempts.start_attempt(user, "basics-quiz", f"{token}-{user.id}")
    for step_id, choices in GOOD_PATH:
        attempts.answer(user, attempt.id, step_id, choices)


def complete_course(user) -> None:
    learning.complete_lesson(user, "basics-reading")
    learning.complete_lesson(user, "basics-secrets")
    pass_quiz(user)


def certificates_of(user) -> list[Certificate]:
    from training.db import db

    return list(
        db.session.scalars(select(Certificate).where(Certificate.user_id == user.id).order_by(Certificate.id))
    )


class Library:
    """The test library in a folder of its own, imported; `change_secrets` publishes a material change."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copytree(FIXTURES / "content", root)
        content_service.import_directory(root)

    def change_secrets(self, words: str = "order number or email address.") -> None:
        lesson = self.root / "courses" / "basics" / "basics-secrets.md"
        lesson.write_text(lesson.read_text().replace("order number.", words))
        content_service.import_directory(self.root)


@pytest.fixture
def tree(app, tmp_path):
    return Library(tmp_path / "content")


@pytest.fixture
def learner(make_user, tree):
    return make_user(email="lee@example.com", name="Lee Learner", department="Customer Care")


@pytest.fixture
def hr(make_user, tree):
    return make_user(email="hr@example.com", name="Harriet Hr", roles="hr")


@pytest.fixture
def pdf_maker():
    """WeasyPrint with the Pango it draws with: skipped on a laptop without it, a failure in CI."""
    try:
        import weasyprint  # noqa: F401 - loading it is the check
    except OSError as exc:
        missing(f"Pango for WeasyPrint ({exc})", "apt-get install libpango-1.0-0 libpangoft2-1.0-0")
