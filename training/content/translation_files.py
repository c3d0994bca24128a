"""Translation files (`social-media.de.md`, `course.de.md`, `complaints-tone.de.md`,
`complaints-scenario.de.quiz.yaml`): read them and check that they match their source.

A translation holds only the words; everything else (covers, retraining, correct answers, branches,
the coach's settings of a draft step) comes from its source, so its front matter takes `id` and
`title` only (a course's `summary` too) and a quiz's steps and choices only their ids and texts.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from training.content import yamlfile
from training.content.files import (
    ID_RE,
    MAX_TITLE,
    SECTION_RE,
    Library,
    _Report,
    check_id,
    check_text,
    read_text,
    source_hash,
    split_front_matter,
)
from training.content.yamlfile import line_of, strip_lines

SOURCE_LANGUAGE = "en"  # the language the library is written in
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
# `<id>.<language>.md` and `<id>.<language>.quiz.yaml`; ids have no dot, so a dot means a language.
NAME_RE = re.compile(r"^(?P<id>[^.]+)\.(?P<language>[^.]+)(?P<ext>\.md|\.quiz\.yaml)$")
FRONT = {"policy": ("id", "title"), "course": ("id", "title", "summary"), "lesson": ("id", "title")}
QUIZ_KEYS = ("id", "title", "intro", "steps")
STEP_KEYS = ("id", "prompt", "guidance", "choices")
CHOICE_KEYS = ("id", "text", "feedback")
_HEADINGS = re.compile(r"^(#{1,6})\s")


@dataclass
class TranslationFile:
    kind: str  # "policy", "course" or "item"
    source_id: str
    language: str
    path: str
    title: str
    source: str
    source_hash: str
    form: str = ""  # "lesson" or "quiz" for an item
    body_md: str = ""  # a lesson's text, a course's description, a policy's introduction
    summary: str = ""
    sections: list = field(default_factory=list)  # a policy's [(id, heading, body_md, line)]
    quiz: dict | None = None
    line: int = 1
    course_id: str = ""  # the folder of a course's or an item's translation

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.source_id, self.language)


def translation_name(name: str) -> re.Match | None:
    """Return the parts of a translation's file name, or None for a source file."""
    return NAME_RE.match(name)


def read(library: Library, root: Path, path: Path, rel: str, kind: str, course_id: str = "") -> None:
    """Read one translation file into `library.translations`, reporting every problem."""
    report = _Report(library, rel)
    text = read_text(path, root, report)
    if text is not None:
        parse(library, report, text, path.name, kind, course_id)


def parse_text(text: str, name: str, kind: str, source) -> tuple[TranslationFile | None, list]:
    """Validate a translation given as text (the browser editor's), against its parsed `source`.

    `name` is its file's path in the library (`courses/<course>/<id>.de.md`); returns the
    translation, or None and the problems.
    """
    library = Library()
    course_id = PurePosixPath(name).parent.name if kind != "policy" else ""
    {"policy": library.policies, "course": library.courses, "item": library.items}[kind][source.id] = source
    if check_text(text, report := _Report(library, name)):
        parse(library, report, text, PurePosixPath(name).name, kind, course_id)
    check_against_sources(library, None)
    found = next(iter(library.translations.values()), None)
    return (None if library.problems else found), library.problems


def parse(library: Library, report: _Report, text: str, file_name: str, kind: str, course_id: str) -> None:
    """Parse a translation's text named `file_name` into `library.translations`."""
    parts = NAME_RE.match(file_name)
    if not LANGUAGE_RE.match(parts["language"]) or parts["language"] == SOURCE_LANGUAGE:
        language = parts["language"]
        report(None, f"{language!r} is not a language code for a translation (such as `de` or `pt-br`)")
        return
    if kind == "item" and parts["ext"] == ".quiz.yaml":
        found = _quiz(text, report, parts["id"])
    elif parts["ext"] == ".quiz.yaml":
        report(None, "only a quiz is written in YAML; this folder takes `.md` translations")
        return
    else:
        stem = course_id if kind == "course" else parts["id"]
        found = _markdown(text, report, stem, "lesson" if kind == "item" else kind)
    if found is None or report.count:
        return
    found.language, found.path, found.kind = parts["language"], report.path, kind
    found.source, found.source_hash = text, source_hash(text)
    found.course_id = course_id
    if found.key in library.translations:
        report(found.line, f"a second {parts['language']} translation of {found.source_id!r}")
        return
    library.translations[found.key] = found


def _markdown(text: str, report: _Report, stem: str, form: str) -> TranslationFile | None:
    front, body, body_line = split_front_matter(text, report)
    if front is None or not _front(front, FRONT[form], report, stem):
        return None
    found = TranslationFile(
        kind="", source_id=front["id"], language="", path="", title=front["title"], source="",
        source_hash="", form=form if form == "lesson" else "", body_md=body.strip(),
        summary=str(front.get("summary") or ""), line=line_of(front) or 1,
    )  # fmt: skip
    if form == "policy":
        found.body_md, found.sections = _policy_sections(body, body_line, report)
    return found


def _front(front: dict, allowed: tuple, report: _Report, stem: str) -> bool:
    line = line_of(front)
    for key in front:
        if key != yamlfile.LINE and key not in allowed:
            report(line, f"a translation takes only {', '.join(f'`{a}`' for a in allowed)}; "
                         f"`{key}` comes from the source file")  # fmt: skip
    for key in ("id", "title"):
        if not isinstance(front.get(key), str) or not front[key].strip():
            report(line, f"missing required field `{key}`")
    if report.count:
        return False
    check_id(front["id"], stem, report, line)
    if len(front["title"]) > MAX_TITLE:
        report(line, f"`title` is {len(front['title']):,} characters; the limit is {MAX_TITLE}")
    return not report.count


def _policy_sections(body: str, first_line: int, report: _Report):
    intro, sections, in_fence = [], [], False
    for offset, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if not in_fence and line.startswith("## "):
            match = SECTION_RE.match(line)
            if match is None:
                message = "a `##` section heading needs its source's id: `## Heading {#id}`"
                report(first_line + offset, message)
                continue
            sections.append([match["id"], match["heading"], "", first_line + offset])
        elif sections:
            sections[-1][2] += line + "\n"
        else:
            intro.append(line)
    return "\n".join(intro).strip(), [(i, h, b.strip() + "\n", n) for i, h, b, n in sections]


def _quiz(text: str, report: _Report, stem: str) -> TranslationFile | None:
    try:
        data = yamlfile.load(text)
    except yamlfile.YamlError as exc:
        report(exc.line, str(exc))
        return None
    if not isinstance(data, dict):
        report(1, "a quiz translation must be a YAML mapping with id, title, steps")
        return None
    line = line_of(data)
    _keys(data, QUIZ_KEYS, report, line, "the quiz")
    front = {k: v for k, v in data.items() if k in ("id", "title", yamlfile.LINE)}
    if not _front(front, ("id", "title"), report, stem):
        return None
    steps = data.get("steps")
    if not isinstance(steps, list) or not steps:
        report(line, "`steps` must list the source's steps, each with its `id`")
        return None
    for step in steps:
        _step(step, report, line)
    if report.count:
        return None
    quiz = strip_lines(data)
    return TranslationFile(
        kind="", source_id=data["id"], language="", path="", title=data["title"], source="",
        source_hash="", form="quiz", quiz=quiz, line=line or 1,
    )  # fmt: skip


def _step(step, report: _Report, quiz_line: int | None) -> None:
    line = line_of(step, quiz_line)
    if not isinstance(step, dict) or not isinstance(step.get("id"), str):
        report(line, "each step must be a mapping with the `id` of a step of the source")
        return
    _keys(step, STEP_KEYS, report, line, f"step {step['id']!r}")
    if not isinstance(step.get("prompt"), str) or not step["prompt"].strip():
        report(line, f"step {step['id']!r} needs its `prompt` translated")
    for choice in step.get("choices") or []:
        where = line_of(choice, line)
        if not isinstance(choice, dict) or not isinstance(choice.get("id"), (str, int)):
            report(where, f"each choice of step {step['id']!r} needs the `id` of a choice of the source")
            continue
        _keys(choice, CHOICE_KEYS, report, where, f"choice {choice['id']!r} of step {step['id']!r}")
        for key in ("text", "feedback"):
            if not isinstance(choice.get(key), str) or not choice[key].strip():
                report(where, f"choice {choice['id']!r} of step {step['id']!r} needs its `{key}` translated")


def _keys(data: dict, allowed: tuple, report: _Report, line: int | None, where: str) -> None:
    for key in data:
        if key != yamlfile.LINE and key not in allowed:
            report(line, f"{where} takes only {', '.join(f'`{a}`' for a in allowed)} in a translation; "
                         f"`{key}` comes from the source quiz")  # fmt: skip


def check_against_sources(library: Library, root: Path | None) -> None:
    """Report each translation whose source is missing, or whose sections, steps or choices differ."""
    for found in library.translations.values():
        report = _Report(library, found.path)
        if found.kind == "policy":
            source = library.policies.get(found.source_id)
            if source is None:
                report(found.line, f"translates policy {found.source_id!r}, which has no valid file")
            else:
                _same_ids(report, found.line, "sections", [s.id for s in source.sections],
                          [s[0] for s in found.sections])  # fmt: skip
        elif found.kind == "course":
            if found.source_id not in library.courses:
                report(found.line, f"translates course {found.source_id!r}, which has no valid course.md")
        else:
            _check_item(library, found, report)


def _check_item(library: Library, found: TranslationFile, report: _Report) -> None:
    source = library.items.get(found.source_id)
    if source is None or source.kind != found.form or source.course_id != found.course_id:
        what = f"{found.form} {found.source_id!r}"
        report(found.line, f"translates {what}, which has no valid file in this folder")
        return
    if found.form == "lesson":
        before, after = _heading_levels(source.body_md), _heading_levels(found.body_md)
        if before != after:
            report(found.line, f"the source's headings are {_levels(before)} but the translation's are "
                               f"{_levels(after)}: translate each section under its own heading")  # fmt: skip
        return
    steps = {s["id"]: s for s in source.quiz["steps"]}
    _same_ids(report, found.line, "steps", list(steps), [s["id"] for s in found.quiz["steps"]])
    for step in found.quiz["steps"]:
        original = steps.get(step["id"])
        if original is None:
            continue
        theirs = [str(c["id"]) for c in original.get("choices") or []]
        _same_ids(report, found.line, f"choices of step {step['id']!r}", theirs,
                  [str(c["id"]) for c in step.get("choices") or []])  # fmt: skip
        if original.get("kind") == "draft" and "guidance" in original and not step.get("guidance"):
            report(found.line, f"step {step['id']!r} needs its `guidance` translated")


def _same_ids(report: _Report, line: int, what: str, source: list[str], translated: list[str]) -> None:
    missing = [i for i in source if i not in translated]
    extra = [i for i in translated if i not in source]
    if missing:
        report(line, f"{what} missing from the translation: {', '.join(missing)}")
    if extra:
        report(line, f"{what} the source does not have: {', '.join(extra)}")
    if not missing and not extra and source != translated:
        report(line, f"{what} are in another order than in the source ({', '.join(source)})")


def _heading_levels(body: str) -> list[int]:
    levels, in_fence = [], False
    for line in body.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and (match := _HEADINGS.match(line)):
            levels.append(len(match[1]))
    # Relative levels: a lesson written from `#` is shown one level down, as its source may be.
    return [n - min(levels) + 2 for n in levels]


def _levels(levels: list[int]) -> str:
    return " ".join("#" * n for n in levels) if levels else "none"


__all__ = ["ID_RE", "SOURCE_LANGUAGE", "TranslationFile", "check_against_sources", "read", "translation_name"]
