"""A test client whose every request has an app context of its own, as it has in production.

The `app` fixture keeps one app context open for the whole test, and Flask reuses an open one for
each request, so `g` (where Flask-Login caches the signed-in person) would carry over from one
request, or one client, to the next. Session tests need each request to load its person afresh:
they import `fresh_client`, which replaces the `client` fixture in their module.
"""

import pytest
from flask.testing import FlaskClient


class FreshClient(FlaskClient):
    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(name="client")
def fresh_client(app):
    """Every client of this app, this one and those of `app.test_client()`, is a FreshClient."""
    app.test_client_class = FreshClient
    return app.test_client()
