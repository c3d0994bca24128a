"""Gunicorn for bench_web.py: started on a free loopback port as the README's command, always stopped."""

import contextlib
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
WAIT = 60  # seconds: the longest a server may take to start or stop


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(target: str, log: Path, ready: str, env: dict, workers: int, threads: int) -> Iterator[str]:
    """Run `gunicorn -w N [--threads T] -b 127.0.0.1:PORT target`; yield its address once `ready`
    answers 200; stop it (killed if it hangs)."""
    port = free_port()
    command = [str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}", target]
    if threads > 1:
        command[1:1] = ["--threads", str(threads)]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            address = f"http://127.0.0.1:{port}"
            wait_until_ready(address + ready, process, log)
            yield address
        finally:
            process.terminate()
            try:
                process.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=WAIT)


def wait_until_ready(url: str, process: subprocess.Popen | None = None, log: Path | None = None) -> None:
    """Return once `url` answers 200; fail if the server stopped or took longer than WAIT."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with status {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback http only
                if response.status == 200:
                    return
        except (urllib.error.HTTPError, OSError):
            pass  # not listening yet, or not ready
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer 200 within {WAIT} s:\n{log.read_text() if log else ''}")
