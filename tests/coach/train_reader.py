"""Train the coach's second reader (training/coach/reader.py) on the development sets.

Run from the project root after a development set changes: `.venv/bin/python -m tests.coach.train_reader`.
It writes training/coach/reader.joblib; tests/coach/test_reader.py fails while the shipped model
was trained on other replies than the development sets hold. The held-out set is never read.
"""

import hashlib
import json

import yaml

from tests.coach.quality import DEVELOPMENT_SETS, SETS
from training.coach import reader

GROUPS = ("good", "leak", "tone", "practice")  # the replies a reader learns from, by what is wrong


def examples() -> list[tuple[str, str]]:
    """Every (group, reply) of the development sets, in file order."""
    return [pair for _, pair in _examples()]


def sets() -> list[str]:
    """The development set of each of `examples()`, in the same order."""
    return [name for name, _ in _examples()]


def _examples() -> list[tuple[str, tuple[str, str]]]:
    pairs = []
    for name in DEVELOPMENT_SETS:
        data = yaml.safe_load(SETS[name].read_text(encoding="utf-8"))
        pairs += [(name, (group, entry["reply"])) for group in GROUPS for entry in data.get(group) or []]
    return pairs


def digest(pairs: list[tuple[str, str]]) -> str:
    return hashlib.sha256(json.dumps(pairs, ensure_ascii=False).encode()).hexdigest()


def main() -> None:
    import joblib

    pairs = examples()
    trained = reader.train(pairs, digest(pairs), sets())
    joblib.dump(trained, reader.MODEL, compress=3)
    size = reader.MODEL.stat().st_size
    print(
        f"trained on {len(pairs)} replies; thresholds {trained.thresholds};"
        f" {reader.MODEL.name} {size:,} bytes"
    )


if __name__ == "__main__":
    main()
