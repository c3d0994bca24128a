"""Read and validate the content directory; every problem is reported with file and line."""

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from training.content import yamlfile
from training.content.periods import Period
from training.content.yamlfile import line_of

MAX_FILE_BYTES = yamlfile.MAX_BYTES  # 1 MiB
# The longest values the database stores (String columns of the content models).
MAX_TITLE, MAX_LABEL, MAX_HEADING, MAX_SECTION_ID = 300, 50, 300, 100
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
SECTION_RE = re.compile(r"^##\s+(?P<heading>.+?)\s*\{#(?P<id>[^}\s]*)\}\s*$")
COVERS_RE = re.compile(r"^(?P<policy>[a-z0-9-]+)#(?P<section>[a-z0-9-]+)$")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class Section:
    id: str
    heading: str
    body_md: str
    line: int

    @property
    def text_hash(self) -> str:
        return text_hash(f"{self.heading}\n{self.body_md}")


@dataclass
class PolicyFile:
    id: str
    title: str
    label: str
    effective: dt.date
    grace_days: int
    retrain: bool
    intro_md: str
    sections: list[Section]
    meta: dict
    source_hash: str
    source: str = ""


@dataclass
class CourseFile:
    id: str
    title: str
    summary: str
    description_md: str
    items: list[str]
    audience: str | list[str]
    due_days: int
    source_hash: str
    source: str = ""
    recertify: Period | None = None  # a completion expires after it; None: never


@dataclass
class ItemFile:
    id: str
    course_id: str
    kind: str  # "lesson" or "quiz"
    title: str
    covers: list[str]
    retrain: bool
    source: str
    source_hash: str
    body_md: str = ""
    quiz: dict | None = None

    @property
    def text_hash(self) -> str:
        """Hash what the item teaches: not its covers, its retrain flag or its whitespace."""
        if self.quiz is None:
            return text_hash(f"{self.title}\n{self.body_md}")
        taught = {k: v for k, v in self.quiz.items() if k not in ("covers", "retrain")}
        return text_hash(json.dumps(_collapsed(taught), sort_keys=True, default=str, ensure_ascii=False))


def _collapsed(value):
    """Return `value` with the whitespace inside every string collapsed, at any depth."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict):
        return {k: _collapsed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_collapsed(v) for v in value]
    return value


@dataclass
class CoachRulesFile:
    """The response coach's rules (coach.yaml) as written; `training.coach.rules` validates them."""

    source: str
    source_hash: str
    path: str = "coach.yaml"


@dataclass
class Library:
    policies: dict[str, PolicyFile] = field(default_factory=dict)
    courses: dict[str, CourseFile] = field(default_factory=dict)
    items: dict[str, ItemFile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # worth saying, never a reason to refuse
    coach: CoachRulesFile | None = None
    # Carried material hashes from material.yaml: {"policies": {id: {section: hash}}, "items": {id: hash}}
    material: dict = field(default_factory=lambda: {"policies": {}, "items": {}})
    # {(kind, source id, language): TranslationFile}: `policy`, `course` or `item` in another language
    translations: dict = field(default_factory=dict)


def text_hash(text: str) -> str:
    """Hash text after collapsing whitespace, so re-wrapping a paragraph changes nothing."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode()).hexdigest()


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class _Report:
    """Collects problems for one file."""

    def __init__(self, library: Library, path: str):
        self.library, self.path, self.count = library, path, 0

    def __call__(self, line: int | None, message: str) -> None:
        self.library.problems.append(Problem(self.path, line, message))
        self.count += 1


def read_text(path: Path, root: Path, report: _Report) -> str | None:
    """Return the normalised text of a file inside `root`, or None after reporting why it cannot be read."""
    if not inside(path, root):
        report(None, "links to a file outside the content folder; only files inside it are read")
        return None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report(None, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} (1 MiB)")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        report(None, f"cannot read the file: {exc.strerror or exc}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = normalise(raw[: exc.start].decode("utf-8")).count("\n") + 1
        report(line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})")
        return None
    text = normalise(text)
    return text if check_text(text, report) else None


def inside(path: Path, root: Path) -> bool:
    """Whether `path` lies inside `root` once every symbolic link and `..` of both is resolved."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def normalise(text: str) -> str:
    """Return text as content is parsed and stored: no byte order mark, every line ending LF."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def check_text(text: str, report: _Report) -> bool:
    """Report text too large to store, or holding NUL characters (no database keeps them)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        report(None, f"the text is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} (1 MiB)")
        return False
    if "\x00" in text:
        report(text.count("\n", 0, text.index("\x00")) + 1, "the text contains a NUL character")
        return False
    return True


def check_lengths(data: dict, report: _Report) -> None:
    """Report a `title` or policy `version` longer than the database keeps."""
    for name, limit in (("title", MAX_TITLE), ("version", MAX_LABEL)):
        value = data.get(name)
        if isinstance(value, str) and len(value) > limit:
            report(line_of(data), f"`{name}` is {len(value):,} characters; the limit is {limit}")


def split_front_matter(text: str, report: _Report) -> tuple[dict | None, str, int]:
    """Return (front matter, body, line where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        report(1, "missing front matter: the file must start with a line `---`")
        return None, text, 1
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        report(1, "front matter is not closed by a line `---`")
        return None, text, 1
    try:
        data = yamlfile.load("\n".join(lines[1:end]), first_line=2)
    except yamlfile.YamlError as exc:
        report(exc.line, str(exc))
        return None, "", end + 2
    if not isinstance(data, dict):
        report(2, "front matter must be a YAML mapping of `field: value`")
        return None, "", end + 2
    return data, "\n".join(lines[end + 1 :]), end + 2


def require(data: dict, fields: dict[str, type | tuple], report: _Report) -> bool:
    """Report each missing or mistyped field; return True if all are present and typed."""
    ok = True
    line = line_of(data)
    for name, kind in fields.items():
        if name not in data or data[name] is None or data[name] == "":
            report(line, f"missing required field `{name}`")
            ok = False
        elif not isinstance(data[name], kind) or (kind is int and isinstance(data[name], bool)):
            report(line, f"field `{name}` has the wrong type ({type(data[name]).__name__})")
            ok = False
    return ok


def check_id(value: str, expected: str, report: _Report, line: int | None) -> None:
    if not ID_RE.match(value):
        report(line, f"id {value!r} must use lowercase letters, digits and hyphens")
    elif value != expected:
        report(line, f"id {value!r} does not match the file or folder name {expected!r}")


def retrain_flag(data: dict, report: _Report) -> bool:
    value = data.get("retrain", True)
    if not isinstance(value, bool):
        report(line_of(data), "`retrain` must be true or false")
        return True
    return value
