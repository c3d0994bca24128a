"""`content check` on misspelt fields and wrong types: reported with file and line, never a crash."""

import shutil
from pathlib import Path

import pytest
import yaml

from training.content.reader import parse_course_text, parse_item_text, parse_policy_text

FIXTURES = Path(__file__).parents[1] / "fixtures" / "content"
QUIZ = "courses/basics/basics-quiz.quiz.yaml"
LESSON = "courses/basics/basics-secrets.md"
COURSE = "courses/basics/course.md"
POLICY = "policies/demo.md"


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(FIXTURES, root)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    assert old in path.read_text(), old
    path.write_text(path.read_text().replace(old, new, 1))


def problems(runner, root: Path) -> list[str]:
    result = runner.invoke(args=["content", "check", str(root)])
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), result.output  # a clean exit, not a crash
    return result.output.splitlines()


MISSPELT = [
    pytest.param(
        QUIZ,
        "        next: third",
        "        nxt: third",
        14,
        "unknown field `nxt` in choice 'kind' of step 'first'; did you mean `next`?",
        id="choice-nxt",
    ),
    pytest.param(
        QUIZ,
        "pass_mark: 75",
        "pass_mark: 75\npass_mrk: 80",
        5,
        "unknown field `pass_mrk` in the quiz; did you mean `pass_mark`?",
        id="quiz-pass-mrk",
    ),
    pytest.param(
        QUIZ,
        "  - id: recover\n",
        "  - id: recover\n    guidence: Be calm.\n",
        20,
        "unknown field `guidence` in step 'recover'; did you mean `guidance`?",
        id="step-guidence",
    ),
    pytest.param(
        LESSON,
        "covers: [demo#secrets]",
        "covers: [demo#secrets]\nretrian: false",
        5,
        "unknown field `retrian` in the front matter; did you mean `retrain`?",
        id="lesson-retrian",
    ),
    pytest.param(
        COURSE,
        "due_days: 30",
        "due_day: 30",
        7,
        "unknown field `due_day` in the front matter; did you mean `due_days`?",
        id="course-due-day",
    ),
    pytest.param(
        POLICY,
        "grace_days: 10",
        "grace_days: 10\nconfidental_terms: [Aurora]",
        7,
        "unknown field `confidental_terms` in the front matter; did you mean `confidential_terms`?",
        id="policy-misspelt-terms",
    ),
    pytest.param(
        COURSE,
        "due_days: 30",
        "due_days: 30\ncolour: blue",
        8,
        "unknown field `colour` in the front matter "
        "(allowed: audience, due_days, id, items, recertify_every, summary",
        id="course-unknown-no-hint",
    ),
]


@pytest.mark.parametrize(("rel", "old", "new", "line", "message"), MISSPELT)
def test_check_reports_an_unknown_field_on_its_line(runner, tree, rel, old, new, line, message):
    edit(tree, rel, old, new)
    lines = problems(runner, tree)
    assert any(f"{rel}:{line}: {message}" in text for text in lines), lines


def test_misspelt_next_is_reported_not_silently_dropped(runner, tree):
    edit(tree, QUIZ, "        next: third", "        nxt: third")
    assert any("`nxt`" in line for line in problems(runner, tree))


def test_policy_may_keep_extra_fields_of_its_own(runner, tree):
    edit(tree, POLICY, "grace_days: 10", "grace_days: 10\nowner: Communications team")
    result = runner.invoke(args=["content", "check", str(tree)])
    assert result.exit_code == 0, result.output


def test_bundled_and_fixture_content_use_only_known_fields(runner):
    for root in (FIXTURES, Path(__file__).parents[2] / "content"):
        result = runner.invoke(args=["content", "check", str(root)])
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("[third, last]", "a list"),
        ("{step: third}", "a mapping"),
        ("3", "a number"),
        ("true", "true or false"),
    ],
)
def test_next_of_the_wrong_type_is_a_problem_not_a_crash(runner, tree, value, found):
    edit(tree, QUIZ, "        next: third", f"        next: {value}")
    lines = problems(runner, tree)
    wanted = f"{QUIZ}:10: `next` in step 'first' must be a step id or `end`, not {found}"
    assert any(wanted in line for line in lines), lines


def test_step_next_of_the_wrong_type_is_a_problem(runner, tree):
    edit(tree, QUIZ, "  - id: recover\n", "  - id: recover\n    next: [last]\n")
    assert any("`next` in step 'recover' must be a step id" in line for line in problems(runner, tree))


WRONG_VALUES = [None, "text", 7, 1.5, True, [], ["x"], [None], {}, {"a": 1}, [{"a": 1}], [7]]


def paths(data, prefix=()):
    """Every key path in `data`, the document itself included."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths(value, (*prefix, index))


def replaced(data, path, value):
    if not path:
        return value
    copy = yaml.safe_load(yaml.safe_dump(data))
    node = copy
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return copy


def front_matter_file(rel):
    text = (FIXTURES / rel).read_text()
    _, front, body = text.split("---", 2)
    return yaml.safe_load(front), body


def variants(data):
    for path in paths(data):
        for value in WRONG_VALUES:
            yield path, value, replaced(data, path, value)


@pytest.mark.parametrize(
    ("rel", "parse"),
    [
        (QUIZ, parse_item_text),
        (LESSON, parse_item_text),
        (COURSE, parse_course_text),
        (POLICY, parse_policy_text),
    ],
)
def test_validators_never_crash_on_wrong_types(rel, parse):
    """Put each wrong kind of value at every place in a valid file: problems, never exceptions."""
    if rel.endswith(".yaml"):
        data, render = yaml.safe_load((FIXTURES / rel).read_text()), yaml.safe_dump
    else:
        data, body = front_matter_file(rel)

        def render(value):
            return f"---\n{yaml.safe_dump(value)}---{body}"

    original = render(data)
    for path, value, changed in variants(data):
        text = render(changed)
        parsed = parse(text, rel)
        assert [str(p) for p in parsed.problems] or text == original or parsed.value is not None, (
            path,
            value,
        )
        if parsed.value is not None and not parsed.problems:
            _usable(parsed.value)


def _usable(value):
    """A value that passed validation has the types publishing relies on."""
    from training.content import publish

    if getattr(value, "quiz", None):
        publish.render_quiz(value.quiz)
    for name in ("covers", "items"):
        assert all(isinstance(v, str) for v in getattr(value, name, []) or [])
    if hasattr(value, "summary"):
        assert isinstance(value.summary, str)
    terms = (getattr(value, "meta", None) or {}).get("confidential_terms", [])
    assert isinstance(terms, list) and all(isinstance(t, str) for t in terms)


def test_the_editor_preview_reports_a_misspelt_field_too():
    text = (FIXTURES / QUIZ).read_text().replace("        next: third", "        nxt: third")
    parsed = parse_item_text(text, QUIZ)
    assert parsed.value is None
    assert [(p.line, p.message) for p in parsed.problems] == [
        (14, "unknown field `nxt` in choice 'kind' of step 'first'; did you mean `next`?")
    ]
