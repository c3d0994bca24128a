"""Real gunicorn servers for tests: started as the README's production command, always stopped."""

import contextlib
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
WAIT = 60  # seconds: the longest a server may take to start, answer or stop


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict, log: Path, workers: int = 2) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start `gunicorn -w N app:app` on a free port; yield its address; stop it (killed if it hangs)."""
    port = free_port()
    command = [str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}", "app:app"]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            yield f"http://127.0.0.1:{port}", process
        finally:
            process.terminate()
            try:
                process.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=WAIT)


def healthz(process: subprocess.Popen, address: str, log: Path, until: int | None = None) -> tuple[int, str]:
    """Return the status and body of /healthz once the server answers (with `until`, that status)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped with status {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(address + "/healthz", timeout=5) as response:  # noqa: S310 - http only
                answer = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            answer = error.code, error.read().decode()
        except OSError:
            answer = None  # not listening yet
        if answer is not None and until in (None, answer[0]):
            return answer
        time.sleep(0.2)
    pytest.fail(f"{address} did not answer {until or ''} within {WAIT} s:\n{log.read_text()}")
