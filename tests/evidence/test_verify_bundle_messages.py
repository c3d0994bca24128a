"""`flask evidence verify-bundle` says plainly what is wrong with a file that is not a good bundle."""

import pytest

from training.evidence.verify import Problem


def verify(runner, path):
    return runner.invoke(args=["evidence", "verify-bundle", str(path)])


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"name,email\nAnn,ann@example.com\n",
            "FIRST PROBLEM: the bundle: line 1 is not an evidence bundle header",
        ),
        (b"", "FIRST PROBLEM: the bundle: the file is empty, not an evidence bundle"),
        (
            b"\xff\xfe\x00b\x00u\x00n",
            "Error: junk.jsonl is not UTF-8 text (byte 0), so it is not an evidence bundle",
        ),
    ],
    ids=["csv", "empty", "not-utf8"],
)
def test_a_file_that_is_not_a_bundle_gets_a_clear_message(runner, tmp_path, content, expected):
    path = tmp_path / "junk.jsonl"
    path.write_bytes(content)
    result = verify(runner, path)
    assert result.exit_code == 1
    assert expected in result.output
    assert "None" not in result.output and "Traceback" not in result.output


def test_a_problem_about_the_bundle_names_no_record():
    assert str(Problem(None, "bundle", None, "line 3 is not a complete entry")) == (
        "the bundle: line 3 is not a complete entry"
    )


def test_problems_about_records_keep_their_entry_and_record():
    assert str(Problem(None, "attempt", 4, "this record is not in the ledger")) == (
        "no entry (attempt 4): this record is not in the ledger"
    )
    assert str(Problem(7, "completion", 2, "its content was altered")) == (
        "entry 7 (completion 2): its content was altered"
    )
