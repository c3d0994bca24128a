"""Tests of single rules check what the rules say; the second reader (coach/reader.py), a trained
model that reads every reply the rules let through, is switched off for them. The modules named in
WHOLE_COACH check the coach as learners meet it, reader and all."""

import pytest

from training.coach import reader

WHOLE_COACH = {"test_reader", "test_quality", "test_model_answers"}


@pytest.fixture(autouse=True)
def rules_alone(request, monkeypatch):
    if request.module.__name__.rsplit(".", 1)[-1] not in WHOLE_COACH:
        monkeypatch.setattr(reader, "read", lambda *args, **kwargs: [])
