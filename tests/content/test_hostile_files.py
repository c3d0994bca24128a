"""Hostile content files: YAML bombs, links out of the folder, BOMs and foreign line ends."""

import os
import re
import shutil
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from tests.content.test_content import CASES, FIXTURES, POLICY, QUIZ, SECRETS, check, count, replace
from training.content import versions, yamlfile
from training.models import CoachRulesVersion, CourseVersion, ItemVersion, PolicyVersion

ALIASES = "YAML anchors and aliases (&name / *name) are not allowed in content files"
OUTSIDE = "links to a file outside the content folder; only files inside it are read"


@pytest.fixture
def tree(tmp_path):
    """A private copy of the valid fixture library, under tmp_path/content."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    return root


def alias_bomb(levels: int) -> str:
    """YAML lines whose last key expands to 9**levels strings (a "billion laughs")."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def plant_in_front_matter(root: Path, yaml_lines: str) -> None:
    """Add YAML lines to the lesson's front matter, from line 5."""
    replace(root, SECRETS, "covers: [demo#secrets]\n", "covers: [demo#secrets]\n" + yaml_lines)


def published() -> tuple[int, int, int, int]:
    return count(PolicyVersion), count(CourseVersion), count(ItemVersion), count(CoachRulesVersion)


@contextmanager
def deadline(seconds: float):
    """Fail, rather than hang, when the block runs longer than `seconds`."""

    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds:.1f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def generous_bound(runner, root: Path) -> float:
    """Ten times what checking the valid library takes here, and at least two seconds."""
    start = time.perf_counter()
    assert check(runner, root).exit_code == 0
    return max(2.0, 10 * (time.perf_counter() - start))


def where(rel: Path, line: int | None = None) -> str:
    """The start of a problem `content check` prints about `rel`, a path inside the tree."""
    return f"content/{rel.as_posix()}" + (f":{line}:" if line else ":")


# The loader refuses what would make it slow or store what the database cannot keep.


@pytest.fixture
def built(monkeypatch):
    """Record the line of every YAML document the loader goes on to build (and build nothing).

    Recording rather than raising keeps a regression quick to report: pytest would print the
    bomb's node, whose repr expands every alias.
    """
    lines = []

    def record(loader, node):
        lines.append(node.start_mark.line + 1)
        return {}

    monkeypatch.setattr(yaml.constructor.BaseConstructor, "construct_document", record)
    return lines


def test_an_alias_bomb_is_refused_before_anything_is_built(built):
    with pytest.raises(yamlfile.YamlError, match=re.escape(ALIASES)) as refused:
        yamlfile.load(alias_bomb(30), first_line=5)
    assert refused.value.line == 5
    assert built == []


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\nb: &name 2\n", 2),
        ("a: 1\nb:\n  - c\n  - *name\n", 4),
        ("base: {x: 1}\nother:\n  <<: *base\n", 3),
        ("--- &doc\na: 1\n", 1),
    ],
    ids=["anchor", "alias", "merge-alias", "document-anchor"],
)
def test_any_anchor_or_alias_is_refused_with_its_line(built, text, line):
    with pytest.raises(yamlfile.YamlError, match=re.escape(ALIASES)) as refused:
        yamlfile.load(text)
    assert refused.value.line == line
    assert built == []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: " + "[" * 100_000 + "]" * 100_000, 1, "nested more than 20 deep"),
        (
            "".join(" " * n + f"k{n}:\n" for n in range(21)) + " " * 21 + "x: 1\n",
            21,
            "nested more than 20 deep",
        ),
        # The mapping, its key and the list are three values; the 10,001st is on line 9,999.
        ("a:\n" + "  - x\n" * 20_000, 9_999, "more than 10,000 values"),
        ("a: " + "x" * (1024 * 1024), None, "the limit is 1,048,576 (1 MiB)"),
        ("a: 1\nb: !!binary aGVsbG8=\n", 2, "the YAML type 'binary' is not allowed"),
        ("a: 1\nb: !!set {x, y}\n", 2, "the YAML type 'set' is not allowed"),
    ],
    ids=["deep-flow", "deep-block", "many-values", "too-big", "binary", "set"],
)
def test_oversized_or_unstorable_yaml_is_refused_before_it_is_built(built, text, line, message):
    with pytest.raises(yamlfile.YamlError, match=re.escape(message)) as refused:
        yamlfile.load(text)
    assert refused.value.line == line
    assert built == []


@pytest.mark.parametrize(
    ("text", "line"),
    [("a: 1\nb: 2\na: 3\n", 3), ("rules:\n  - id: x\n    patterns: [a]\n    patterns: [b]\n", 4)],
    ids=["top-level", "inside-a-list"],
)
def test_a_key_given_twice_is_refused_with_its_line(text, line):
    """PyYAML keeps the last of two equal keys without a word: a doubled `patterns:` in coach.yaml
    dropped a rule's first patterns unnoticed."""
    with pytest.raises(yamlfile.YamlError, match="given twice in the same mapping") as refused:
        yamlfile.load(text)
    assert refused.value.line == line


def test_yaml_at_the_limits_loads():
    nested = "a: " + "[" * 19 + "1" + "]" * 19
    many = "a:\n" + "  - x\n" * 9_997  # 10,000 values with the mapping, its key and the list
    assert yamlfile.load(nested)["a"] == [[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]
    assert len(yamlfile.load(many)["a"]) == 9_997


# Through `content check` and `content import`: one problem with file and line, nothing published.


def test_check_refuses_an_alias_bomb_in_front_matter_quickly(runner, tree):
    bound = generous_bound(runner, tree)
    plant_in_front_matter(tree, alias_bomb(10))
    with deadline(bound):
        result = check(runner, tree)
    assert result.exit_code != 0
    assert f"{where(SECRETS, 5)} {ALIASES}" in result.output.splitlines()


def test_import_of_an_alias_bomb_in_a_quiz_publishes_nothing(runner, tree):
    bound = generous_bound(runner, tree)
    replace(tree, QUIZ, "pass_mark:", alias_bomb(10) + "pass_mark:")
    with deadline(bound):
        result = runner.invoke(args=["content", "import", str(tree)])
    assert result.exit_code != 0
    assert "nothing was imported" in result.output
    assert f"{where(QUIZ, 4)} {ALIASES}" in result.output
    assert published() == (0, 0, 0, 0)


def test_check_refuses_a_depth_bomb_in_front_matter(runner, tree):
    plant_in_front_matter(tree, "deep: " + "[" * 50_000 + "]" * 50_000 + "\n")
    result = check(runner, tree)
    assert result.exit_code != 0
    assert f"{where(SECRETS, 5)} lists and mappings nested more than 20 deep" in result.output


def test_a_policy_field_of_a_type_json_cannot_keep_is_refused_before_import(runner, tree):
    replace(tree, POLICY, "grace_days: 10\n", "grace_days: 10\nowner: !!binary aGVsbG8=\n")
    result = runner.invoke(args=["content", "import", str(tree)])
    assert result.exit_code != 0
    assert f"{where(POLICY, 7)} the YAML type 'binary' is not allowed" in result.output
    assert published() == (0, 0, 0, 0)


# Byte order marks and Windows or old Mac line ends read as if the file had neither.


def content_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def rewrite(root: Path, change) -> None:
    for path in content_files(root):
        path.write_bytes(change(path.read_bytes()))


def with_bom(raw: bytes) -> bytes:
    return "\ufeff".encode() + raw


@pytest.mark.parametrize(
    "change",
    [with_bom, lambda raw: raw.replace(b"\n", b"\r\n"), lambda raw: raw.replace(b"\n", b"\r")],
    ids=["bom", "crlf", "cr"],
)
def test_bom_and_line_ends_change_nothing_on_import(runner, tree, change):
    assert runner.invoke(args=["content", "import", str(tree)]).exit_code == 0
    source = (tree / SECRETS).read_text()
    rewrite(tree, change)
    assert check(runner, tree).exit_code == 0, check(runner, tree).output
    result = runner.invoke(args=["content", "import", str(tree)])
    assert result.exit_code == 0, result.output
    assert "0 new version(s), 5 unchanged" in result.output
    assert versions.current(ItemVersion, "basics-secrets").source == source


def problems_of(runner, root: Path) -> list[str]:
    """The problems `content check` prints, with byte counts and offsets (which differ) masked."""
    lines = [line for line in check(runner, root).output.splitlines() if line.startswith("content/")]
    return [re.sub(r"\b[\d,]+ bytes|offset \d+", "#", line) for line in lines]


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"], ids=["crlf", "cr"])
def test_line_ends_keep_every_problem_and_its_line(runner, tmp_path, newline):
    """Each broken file of test_content's CASES gives the same problems, at the same lines."""
    for breaker, *_ in CASES:
        trees = {}
        for name in ("lf", "other"):
            trees[name] = tmp_path / breaker.__name__ / name / "content"
            shutil.copytree(FIXTURES / "content", trees[name])
            breaker(trees[name])
        rewrite(trees["other"], lambda raw: raw.replace(b"\n", newline))
        expected = problems_of(runner, trees["lf"])
        assert expected, breaker.__name__
        assert problems_of(runner, trees["other"]) == expected, breaker.__name__


# Every file read is resolved; one that lies outside the content folder is refused by name.


def link_out(root: Path, rel: Path, relative: bool = False) -> Path:
    """Move `rel` (a file or folder) outside `root` and leave a symbolic link to it in its place."""
    outside = root.parent / "outside" / rel.name
    outside.parent.mkdir(exist_ok=True)
    shutil.move(root / rel, outside)
    target = os.path.relpath(outside, (root / rel).parent) if relative else outside
    (root / rel).symlink_to(target)
    return outside


@pytest.mark.parametrize(
    ("linked", "relative", "refused"),
    [
        (SECRETS, False, [SECRETS]),
        (SECRETS, True, [SECRETS]),  # a `..` path: ../../../outside/basics-secrets.md
        (POLICY, False, [POLICY]),
        (QUIZ.parent, False, [QUIZ.parent / "course.md", QUIZ, SECRETS]),
        (POLICY.parent, True, [POLICY]),
    ],
    ids=["lesson", "lesson-dotdot", "policy", "course-folder", "policies-folder"],
)
def test_a_link_out_of_the_folder_is_refused_by_name_and_nothing_is_published(
    runner, tree, linked, relative, refused
):
    link_out(tree, linked, relative)
    result = check(runner, tree)
    assert result.exit_code != 0
    for rel in refused:
        assert f"{where(rel)} {OUTSIDE}" in result.output.splitlines()
    result = runner.invoke(args=["content", "import", str(tree)])
    assert "nothing was imported" in result.output
    assert published() == (0, 0, 0, 0)


@pytest.mark.parametrize("name", ["coach.yaml", "material.yaml"])
def test_coach_rules_or_material_linked_from_outside_are_refused(runner, tree, name):
    outside = tree.parent / "outside.yaml"
    outside.write_text("policy: policies/demo.md\nrules: []\n")
    (tree / name).symlink_to(outside)
    result = runner.invoke(args=["content", "import", str(tree)])
    assert f"{where(Path(name))} {OUTSIDE}" in result.output.splitlines()
    assert published() == (0, 0, 0, 0)


def test_a_link_that_leads_nowhere_is_a_problem_not_a_crash(runner, tree):
    (tree / SECRETS).unlink()
    (tree / SECRETS).symlink_to(tree / "gone.md")
    result = check(runner, tree)
    assert result.exit_code == 1
    assert f"{where(SECRETS)} cannot read the file: No such file or directory" in result.output


def test_links_that_stay_inside_the_folder_are_read(runner, tree, tmp_path):
    (tree / "shared").mkdir()
    shutil.move(tree / SECRETS, tree / "shared" / SECRETS.name)
    (tree / SECRETS).symlink_to(Path("../../shared") / SECRETS.name)
    (tmp_path / "current").symlink_to(tree, target_is_directory=True)  # as a deployment might
    result = runner.invoke(args=["content", "import", str(tmp_path / "current")])
    assert result.exit_code == 0, result.output
    assert published() == (1, 1, 3, 0)
