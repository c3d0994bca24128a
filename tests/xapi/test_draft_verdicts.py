"""A draft reply's xAPI statement carries the response coach's whole verdict: passed and findings."""

import json

from tests.learning import test_drafts
from tests.learning.test_drafts import GOOD, LEAKY, start_at_draft, submit
from tests.xapi.lrs import problems

# The draft quiz of the draft tests, and a signed-in learner who takes it.
tree, app_config, learner = test_drafts.tree, test_drafts.app_config, test_drafts.learner
VERDICT = "https://training.example.com/xapi/extensions/coach-verdict"


def test_each_draft_reply_statement_carries_the_coach_verdict_with_its_findings(client, learner, runner, app):
    app.config["BASE_URL"] = "https://training.example.com"
    attempt = start_at_draft(client)
    submit(client, attempt, LEAKY, 1)
    submit(client, attempt, GOOD, 2)
    result = runner.invoke(args=["xapi", "export"])
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.output.splitlines()]
    assert found and all(problems(s) == [] for s in found)
    drafts = [s for s in found if s["verb"]["display"]["en-US"] == "responded"]
    assert [s["result"]["response"] for s in drafts] == [LEAKY, GOOD]
    leaky, good = (s["result"]["extensions"][VERDICT] for s in drafts)
    assert leaky["passed"] is False and good["passed"] is True
    order_number = next(f for f in leaky["findings"] if f["rule"] == "order-number")
    assert (order_number["severity"], LEAKY[order_number["start"] : order_number["end"]]) == (
        "block",
        "KH-4821937",
    )
    assert not any(f["severity"] == "block" for f in good["findings"])
    assert set(order_number) == {"rule", "category", "severity", "start", "end", "message"}
