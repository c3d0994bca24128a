"""A client for a learning record store's statements resource (xAPI 1.0.3, POST /statements)."""

import base64
import http.client
import json
from collections.abc import Iterator
from urllib.parse import urlsplit

VERSION = "1.0.3"
TIMEOUT = 30  # seconds; a slow LRS is a failed try, retried later
SPLIT = {400, 409}  # the LRS refused one statement of the batch: find which


class Client:
    """Post statements with HTTP basic auth to `<endpoint>/statements`."""

    def __init__(self, endpoint: str, username: str, password: str, timeout: float = TIMEOUT):
        parts = urlsplit(endpoint.rstrip("/") + "/statements")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"XAPI_ENDPOINT must be an http or https address, not {endpoint!r}")
        self.parts, self.timeout = parts, timeout
        credentials = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        self.headers = {
            "Authorization": f"Basic {credentials}",
            "Content-Type": "application/json",
            "X-Experience-API-Version": VERSION,
        }

    def deliver(self, statements: list[dict]) -> Iterator[tuple[list[dict], str | None]]:
        """Yield (statements, None) for each group stored or already held, (statements, error) otherwise."""
        if not statements:
            return
        status, error = self._post(statements)
        if status in SPLIT and len(statements) > 1:
            middle = len(statements) // 2
            yield from self.deliver(statements[:middle])
            yield from self.deliver(statements[middle:])
        elif status in (200, 204, 409):  # 409: the LRS holds this id already, so it was sent before
            yield statements, None
        else:
            yield statements, error

    def _post(self, statements: list[dict]) -> tuple[int | None, str]:
        connection_class = (
            http.client.HTTPSConnection if self.parts.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_class(self.parts.hostname, self.parts.port, timeout=self.timeout)
        path = self.parts.path + (f"?{self.parts.query}" if self.parts.query else "")
        try:
            connection.request(
                "POST", path, body=json.dumps(statements).encode("utf-8"), headers=self.headers
            )
            response = connection.getresponse()
            body = response.read(2000).decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            return None, f"LRS unreachable: {exc}"
        finally:
            connection.close()
        return response.status, f"LRS answered {response.status}: {body.strip()[:500]}"
