"""Edit content files in tests the way an editor would, new version label included."""

import re


def bump_version(text: str) -> str:
    """Return a policy file's text with the number at the end of its `version:` label counted up."""

    def bump(match: re.Match) -> str:
        return f"{match['head']}{int(match['number']) + 1}{match['tail']}"

    bumped, count = re.subn(r"^(?P<head>version: ['\"]?[^'\"\n]*?)(?P<number>\d+)(?P<tail>['\"]?)$", bump,
                            text, count=1, flags=re.M)  # fmt: skip
    assert count == 1, "no `version:` line ending in a number"
    return bumped
