"""What the response coach says about a reply: its findings and the verdict."""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Finding:
    """One problem with a reply.

    `start`/`end` is the character span of the reply it is about (end exclusive), so
    `reply[start:end]` is the offending text. A missing good practice has no text to point at:
    its span is 0..0.
    """

    rule: str
    category: str  # leak, tone, practice, situation or length
    severity: str  # block or warn
    start: int
    end: int
    message: str


@dataclass(frozen=True)
class Result:
    """The verdict on a reply: it passes when no finding blocks it."""

    passed: bool
    findings: list[Finding]

    def to_dict(self) -> dict:
        return {"passed": self.passed, "findings": [asdict(f) for f in self.findings]}
