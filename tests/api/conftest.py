"""Fixtures for the API: an admin, tokens of each scope, and a client that sends a token."""

import pytest

from training.api import tokens


@pytest.fixture
def admin(make_user):
    return make_user(email="admin@example.com", name="Ada Admin", roles="admin")


@pytest.fixture
def make_token(admin):
    """Create a token: make_token(scopes=("read",), days=90) returns the plain token."""

    def make(scopes=("read", "write"), name="HR system", days=90, actor=None):
        return tokens.create(actor or admin, name, list(scopes), days).token

    return make


class Api:
    """The test client with `Authorization: Bearer <token>` on every request."""

    def __init__(self, client, token):
        self.client, self.token = client, token

    def open(self, method, path, **kwargs):
        headers = {"Authorization": f"Bearer {self.token}"} | kwargs.pop("headers", {})
        return self.client.open("/api/v1" + path, method=method, headers=headers, **kwargs)

    def get(self, path, **kwargs):
        return self.open("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.open("POST", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.open("DELETE", path, **kwargs)


@pytest.fixture
def api(client, make_token):
    """A client holding a read and write token."""
    return Api(client, make_token())


@pytest.fixture
def reader(client, make_token):
    """A client holding a read-only token."""
    return Api(client, make_token(scopes=("read",), name="Reporting"))


def assert_problem(response, status):
    """The answer is an RFC 9457 problem with this status."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["type"] and body["title"] and body["detail"]
    return body
