"""A real OpenID provider for the single sign-on tests: tests/accounts/oidc/provider.mjs under Node.js.

`running_provider` starts it on a port the OS chooses, with the clients, accounts and twists the
test names, and stops it afterwards. Without Node.js or the installed package the test is skipped
on a laptop and fails in CI (tests/realparts.py).
"""

import json
import queue
import shutil
import subprocess
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.realparts import missing

HERE = Path(__file__).parent / "oidc"
SCRIPT = HERE / "provider.mjs"
CLIENT_ID = "training"
CLIENT_SECRET = "a client secret for the test provider only"  # noqa: S105 - a test value
START_SECONDS = 30  # a cold start on a busy 2-core machine; it answers in well under one normally

# The people of the provider, by the login name typed on its sign-in page.
ACCOUNTS = {
    "nova": {"email": "Nova@Example.com", "email_verified": True, "name": "Nova Newcomer",
             "department": "Customer Care", "groups": ["staff", "training-hr"]},
    "kim": {"email": "kim@example.com", "email_verified": True, "name": "Kim Known", "groups": ["staff"]},
    "uma": {"email": "uma@example.com", "email_verified": False, "name": "Uma Unverified"},
    "leo": {"email": "leo@example.com", "email_verified": True, "name": "Leo Leaver"},
}  # fmt: skip


@dataclass
class Provider:
    issuer: str
    process: subprocess.Popen


def client(client_id: str, redirect_uri: str) -> dict:
    return {
        "client_id": client_id, "client_secret": CLIENT_SECRET, "redirect_uris": [redirect_uri],
        "response_types": ["code"], "grant_types": ["authorization_code"],
        "token_endpoint_auth_method": "client_secret_basic",
    }  # fmt: skip


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        missing("Node.js", "apt-get install -y nodejs npm (Debian packages)")
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        missing("oidc-provider", "npm ci --prefix tests/accounts/oidc (make install-dev does it)")
    return node


def _first_line(stream, wait: float) -> str | None:
    """Return the first line the provider prints, or None if it prints none within `wait` seconds."""
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=wait)
    except queue.Empty:
        return None


@contextmanager
def running_provider(tmp_path: Path, redirect_uri: str, *, clients=None, aliases=None, clock_offset=0):
    """Run the provider for `redirect_uri` (client CLIENT_ID unless `clients` are given)."""
    node = _node()
    settings = {
        "clients": clients or [client(CLIENT_ID, redirect_uri)],
        "accounts": ACCOUNTS, "clientAliases": aliases or {}, "clockOffsetSeconds": clock_offset,
    }  # fmt: skip
    config = tmp_path / "provider.json"
    config.write_text(json.dumps(settings))
    process, issuer = _start(node, config, tmp_path)
    try:
        yield Provider(issuer=issuer, process=process)
    finally:
        _stop(process)


def _start(node: str, config: Path, tmp_path: Path) -> tuple[subprocess.Popen, str]:
    """Start the provider and return it with its issuer. A start that prints nothing within
    START_SECONDS is stopped and tried once more: once, in a full run of the suite, a provider
    printed nothing for 30 seconds (it had not reached its listen callback), where on its own it
    answers within a second."""
    tries = []
    for attempt in (1, 2):
        log_path = tmp_path / f"provider-{attempt}.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(  # noqa: S603 - our own script, with a path we wrote
                [node, str(SCRIPT), str(config)], cwd=HERE, stdout=subprocess.PIPE, stderr=log, text=True
            )
        line = _first_line(process.stdout, START_SECONDS) or ""
        if line.startswith("listening "):
            return process, line.split()[1]
        tries.append(f"{line!r} (exit {process.poll()}, see {log_path})")
        _stop(process)
    raise RuntimeError(f"the test provider did not start: {'; then '.join(tries)}")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stdout.close()
