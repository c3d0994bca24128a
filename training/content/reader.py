"""Turn a content directory, or one file's text, into validated content (format: content/README.md)."""

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from training.content import material, periods, translation_files, yamlfile
from training.content import quiz as quizzes
from training.content.fields import check_fields, key_line
from training.content.files import (
    COVERS_RE,
    MAX_HEADING,
    MAX_SECTION_ID,
    SECTION_RE,
    CoachRulesFile,
    CourseFile,
    ItemFile,
    Library,
    PolicyFile,
    Problem,
    Section,
    _Report,
    check_id,
    check_lengths,
    check_text,
    read_text,
    require,
    retrain_flag,
    source_hash,
    split_front_matter,
)
from training.content.yamlfile import line_of, strip_lines

POLICY_FIELDS = {"id": str, "title": str, "version": (str, int, float), "effective": dt.date,
                 "grace_days": int}  # fmt: skip
COURSE_FIELDS = {"id": str, "title": str, "items": list, "audience": (str, list), "due_days": int}
LESSON_FIELDS = {"id": str, "title": str, "covers": list}
QUIZ_FIELDS = {"id": str, "title": str, "covers": list, "pass_mark": int, "steps": list}


@dataclass
class Parsed:
    """One file's text parsed on its own: `value` is None whenever `problems` is not empty."""

    value: PolicyFile | CourseFile | ItemFile | None
    problems: list[Problem]


def parse_policy_text(text: str, name: str) -> Parsed:
    """Validate a policy's text as if it were the file `name` (e.g. `policies/social-media.md`)."""
    library, report = _single(name)
    if check_text(text, report):
        _parse_policy(library, report, text, PurePosixPath(name).stem)
    return Parsed(next(iter(library.policies.values()), None), library.problems)


def parse_course_text(text: str, name: str) -> Parsed:
    """Validate a course's text as if it were the file `name` (`courses/<course-id>/course.md`)."""
    library, report = _single(name)
    if check_text(text, report):
        _read_course(library, report, text, PurePosixPath(name).parent.name)
    return Parsed(next(iter(library.courses.values()), None), library.problems)


def parse_item_text(text: str, name: str, sections: set[str] | None = None) -> Parsed:
    """Validate a lesson (`courses/<course>/<id>.md`) or quiz (`….quiz.yaml`) given as text.

    With `sections` ("policy#section" ids), `covers` must name one of them, as `content check`
    requires of the whole library.
    """
    library, report = _single(name)
    path = PurePosixPath(name)
    if check_text(text, report):
        if path.name.endswith(".quiz.yaml"):
            _parse_quiz(library, report, text, path.name.removesuffix(".quiz.yaml"), path.parent.name)
        else:
            _parse_lesson(library, report, text, path.stem, path.parent.name)
    item = next(iter(library.items.values()), None)
    if item is not None and sections is not None:
        _check_covers(item, sections, report)
    return Parsed(None if library.problems else item, library.problems)


def _single(name: str) -> tuple[Library, _Report]:
    library = Library()
    return library, _Report(library, name)


def read_library(root: Path) -> Library:
    """Read every file under `root`; problems are collected, never raised."""
    library = Library()
    root = Path(root)
    if not root.is_dir():
        library.problems.append(Problem(str(root), None, "content directory not found"))
        return library
    for path in sorted((root / "policies").glob("*.md")):
        if translation_files.translation_name(path.name):
            translation_files.read(library, root, path, _rel(root, path), "policy")
        else:
            _read_policy(library, root, path)
    for course_dir in sorted(p for p in (root / "courses").glob("*") if p.is_dir()):
        _read_course_dir(library, root, course_dir)
    _cross_check(library, root)
    translation_files.check_against_sources(library, root)
    _read_coach_rules(library, root)
    material.read(library, root, _rel(root, root / material.FILE_NAME))
    return library


def _read_coach_rules(library: Library, root: Path) -> None:
    """Keep the response coach's rules as written, when the folder has them; the coach checks them."""
    path = root / "coach.yaml"
    if not path.exists():
        return
    rel = _rel(root, path)
    text = read_text(path, root, _Report(library, rel))
    if text is not None:
        library.coach = CoachRulesFile(source=text, source_hash=source_hash(text), path=rel)


def _rel(root: Path, path: Path) -> str:
    return str(path.relative_to(root.parent) if root.parent in path.parents else path)


def _read_policy(library: Library, root: Path, path: Path) -> None:
    report = _Report(library, _rel(root, path))
    text = read_text(path, root, report)
    if text is not None:
        _parse_policy(library, report, text, path.stem)


def _parse_policy(library: Library, report: _Report, text: str, stem: str) -> None:
    front, body, body_line = split_front_matter(text, report)
    check_fields(front, "policy", POLICY_FIELDS, text, report)
    if front is None or not require(front, POLICY_FIELDS, report):
        return
    check_id(front["id"], stem, report, line_of(front))
    check_lengths(front, report)
    if front["grace_days"] < 0:
        report(line_of(front), "`grace_days` must be zero or more")
    if "four_eyes" in front and not isinstance(front["four_eyes"], bool):
        report(line_of(front), "`four_eyes` must be true or false (a second editor approves each change)")
    intro, sections = _split_sections(body, body_line, report)
    if not sections:
        report(body_line, "a policy needs at least one `## Heading {#section-id}` section")
    if front["id"] in library.policies:
        report(line_of(front), f"duplicate policy id {front['id']!r}")
    if report.count:
        return
    meta = {k: v for k, v in strip_lines(front).items() if k not in POLICY_FIELDS}
    meta.pop("retrain", None)
    library.policies[front["id"]] = PolicyFile(
        id=front["id"], title=front["title"], label=str(front["version"]),
        effective=front["effective"], grace_days=front["grace_days"],
        retrain=retrain_flag(front, report), intro_md=intro.strip(), sections=sections,
        meta=_jsonable(meta), source_hash=source_hash(text), source=text,
    )  # fmt: skip


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _split_sections(body: str, first_line: int, report: _Report):
    """Split a policy body into its intro and `##` sections, checking the section ids."""
    intro: list[str] = []
    sections: list[Section] = []
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if not in_fence and line.startswith("## "):
            match = SECTION_RE.match(line)
            if not match:
                report(number, "a `##` section heading needs an id: `## Heading {#section-id}`")
                continue
            section_id = match["id"]
            if not COVERS_RE.match(f"p#{section_id}"):
                report(number, f"section id {section_id!r} must use lowercase letters, digits, -")
            elif len(section_id) > MAX_SECTION_ID:
                size = len(section_id)
                report(number, f"the section id is {size:,} characters; the limit is {MAX_SECTION_ID}")
            elif any(s.id == section_id for s in sections):
                report(number, f"duplicate section id {section_id!r}")
            if len(match["heading"]) > MAX_HEADING:
                size = len(match["heading"])
                report(number, f"the heading is {size:,} characters; the limit is {MAX_HEADING}")
            sections.append(Section(section_id, match["heading"], "", number))
        elif sections:
            sections[-1].body_md += line + "\n"
        else:
            intro.append(line)
    for section in sections:
        section.body_md = section.body_md.strip() + "\n"
    return "\n".join(intro), sections


def _read_course_dir(library: Library, root: Path, course_dir: Path) -> None:
    course_path = course_dir / "course.md"
    report = _Report(library, _rel(root, course_path))
    if not course_path.exists():
        report(None, "missing course.md in this course folder")
        return
    text = read_text(course_path, root, report)
    if text is not None:
        _read_course(library, report, text, course_dir.name)
    for path in sorted(course_dir.iterdir()):
        if path.name == "course.md" or path.is_dir():
            continue
        item_report = _Report(library, _rel(root, path))
        if translation_files.translation_name(path.name):
            kind = "course" if path.name.startswith("course.") else "item"
            translation_files.read(library, root, path, _rel(root, path), kind, course_dir.name)
        elif path.name.endswith(".quiz.yaml"):
            _read_quiz(library, root, item_report, path, course_dir.name)
        elif path.suffix == ".md":
            _read_lesson(library, root, item_report, path, course_dir.name)
        else:
            item_report(None, "unexpected file: lessons end in .md and quizzes in .quiz.yaml")


def _read_course(library: Library, report: _Report, text: str, folder: str) -> None:
    front, body, _ = split_front_matter(text, report)
    check_fields(front, "course", COURSE_FIELDS, text, report)
    if front is None or not require(front, COURSE_FIELDS, report):
        return
    line = line_of(front)
    check_id(front["id"], folder, report, line)
    check_lengths(front, report)
    audience = front["audience"]
    if isinstance(audience, str) and audience != "all":
        report(line, "`audience` must be `all` or a list of department names")
    if isinstance(audience, list) and not all(isinstance(a, str) and a for a in audience):
        report(line, "`audience` must list department names as text")
    if not all(isinstance(i, str) for i in front["items"]) or not front["items"]:
        report(line, "`items` must be a non-empty list of item ids")
    elif len(set(front["items"])) != len(front["items"]):
        report(line, "`items` lists the same item twice")
    if front["due_days"] < 0:
        report(line, "`due_days` must be zero or more")
    recertify = _recertify(front, text, report)
    if report.count:
        return
    library.courses[front["id"]] = CourseFile(
        id=front["id"], title=front["title"], summary=str(front.get("summary") or ""),
        description_md=body.strip(), items=list(front["items"]), audience=audience,
        due_days=front["due_days"], source_hash=source_hash(text), source=text, recertify=recertify,
    )  # fmt: skip


def _recertify(front: dict, text: str, report: _Report) -> periods.Period | None:
    """The course's `recertify_every`, reported on its own line when it is not a period."""
    if front.get("recertify_every") is None:
        return None
    try:
        return periods.parse(front["recertify_every"])
    except ValueError as exc:
        report(key_line(text, line_of(front), "recertify_every"), str(exc))
        return None


def _read_lesson(library: Library, root: Path, report: _Report, path: Path, course_id: str) -> None:
    text = read_text(path, root, report)
    if text is not None:
        _parse_lesson(library, report, text, path.stem, course_id)


def _parse_lesson(library: Library, report: _Report, text: str, stem: str, course_id: str) -> None:
    front, body, body_line = split_front_matter(text, report)
    check_fields(front, "lesson", LESSON_FIELDS, text, report)
    if front is None or not require(front, LESSON_FIELDS, report):
        return
    body, first_title = _lesson_headings(body)
    if first_title is not None:
        library.notes.append(Problem(report.path, body_line + first_title, LESSON_SHIFT_NOTE))
    _add_item(library, report, front, stem, course_id, "lesson", text, body_md=body.strip())


LESSON_SHIFT_NOTE = (
    "note: this lesson has a `#` heading; every heading is shown one level down (`#` as `##`, "
    "`##` as `###`), as the page supplies the lesson's title"
)
_HEADING = re.compile(r"#{1,6}(?!#)")


def lesson_body(body: str) -> str:
    """Return a lesson's text with its headings as the page shows them (see `_lesson_headings`)."""
    return _lesson_headings(body)[0]


def _lesson_headings(body: str) -> tuple[str, int | None]:
    """Shift the headings one level down when the text has a `#` heading; the page's h1 is the title.

    Return the body and the offset of its first `#` line (None, and the body untouched, when its
    headings already start at `##`). Markdown written elsewhere usually opens with `# Title`.
    """
    lines = body.split("\n")
    headings, in_fence = [], False
    for offset, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and _HEADING.match(line):
            headings.append(offset)
    first = next((o for o in headings if _HEADING.match(lines[o]).end() == 1), None)
    if first is None:
        return body, None
    for offset in headings:
        if not lines[offset].startswith("######"):  # h6 stays h6: there is no h7
            lines[offset] = "#" + lines[offset]
    return "\n".join(lines), first


def _read_quiz(library: Library, root: Path, report: _Report, path: Path, course_id: str) -> None:
    text = read_text(path, root, report)
    if text is not None:
        _parse_quiz(library, report, text, path.name.removesuffix(".quiz.yaml"), course_id)


def _parse_quiz(library: Library, report: _Report, text: str, stem: str, course_id: str) -> None:
    try:
        data = yamlfile.load(text)
    except yamlfile.YamlError as exc:
        report(exc.line, str(exc))
        return
    if not isinstance(data, dict):
        report(1, "a quiz file must be a YAML mapping with id, title, covers, pass_mark, steps")
        return
    check_fields(data, "quiz", QUIZ_FIELDS, text, report)
    if not require(data, QUIZ_FIELDS, report):
        return
    if not 0 <= data["pass_mark"] <= 100:
        report(line_of(data), "`pass_mark` must be a percentage from 0 to 100")
    for line, message in quizzes.validate_steps(data["steps"], line_of(data), text):
        report(line, message)
    _add_item(library, report, data, stem, course_id, "quiz", text, quiz=data)


def _add_item(library, report, data, stem, course_id, kind, text, body_md="", quiz=None):
    line = line_of(data)
    check_id(data["id"], stem, report, line)
    check_lengths(data, report)
    if data["id"] in library.items:
        other = library.items[data["id"]]
        report(line, f"duplicate item id {data['id']!r} (also in course {other.course_id!r})")
    if not data["covers"] or not all(isinstance(c, str) for c in data["covers"]):
        report(line, "`covers` must list at least one `policy-id#section-id`")
    if report.count:
        return
    clean = strip_lines(quiz) if quiz is not None else None
    library.items[data["id"]] = ItemFile(
        id=data["id"], course_id=course_id, kind=kind, title=data["title"],
        covers=list(data["covers"]), retrain=retrain_flag(data, report), source=text,
        source_hash=source_hash(text), body_md=body_md, quiz=clean,
    )  # fmt: skip
    library.items[data["id"]].line = line  # type: ignore[attr-defined]


def _cross_check(library: Library, root: Path) -> None:
    """Check references between files: covered sections and course items."""
    sections = {f"{p.id}#{s.id}" for p in library.policies.values() for s in p.sections}
    for item in library.items.values():
        _check_covers(item, sections, _Report(library, _item_path(root, item)))
    for course in library.courses.values():
        report = _Report(library, _rel(root, root / "courses" / course.id / "course.md"))
        for item_id in course.items:
            item = library.items.get(item_id)
            if item is None:
                report(None, f"item {item_id!r} is listed but no valid file defines it")
            elif item.course_id != course.id:
                report(None, f"item {item_id!r} belongs to course {item.course_id!r}")
        listed = set(course.items)
        for item in library.items.values():
            if item.course_id == course.id and item.id not in listed:
                report(None, f"item {item.id!r} has a file but is not listed in `items`")


def _check_covers(item: ItemFile, sections: set[str], report: _Report) -> None:
    for cover in item.covers:
        if not COVERS_RE.match(cover):
            report(item.line, f"covers entry {cover!r} must look like `policy-id#section-id`")
        elif cover not in sections:
            report(item.line, f"covers unknown policy section {cover!r}")


def _item_path(root: Path, item: ItemFile) -> str:
    name = f"{item.id}.quiz.yaml" if item.kind == "quiz" else f"{item.id}.md"
    return _rel(root, root / "courses" / item.course_id / name)
