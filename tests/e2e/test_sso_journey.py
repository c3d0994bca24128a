"""Single sign-on in Chromium against a real OpenID provider (oidc-provider under Node.js).

Each test starts the provider and the app on free ports, and signs in through the provider's own
sign-in and consent pages. Refusals come from the provider's real behaviour: a token for another
client, a provider whose clock is hours behind (its ID tokens are expired when they arrive), a
callback address used twice, and an authorization request whose nonce or PKCE challenge was changed
on its way to the provider (so the token's nonce, or the code's challenge, is not this browser's).
"""

import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET, client, running_provider
from tests.conftest import PASSWORD
from tests.e2e.conftest import serve
from tests.e2e.test_accessibility import violations
from training import create_app
from training.accounts import users
from training.db import db
from training.models import SignInFailure, User

pytestmark = pytest.mark.e2e

COMPANY = "Example Corp"
SIGN_IN_WITH = f"Sign in with {COMPANY}"


@dataclass
class Site:
    url: str
    app: object

    @property
    def callback(self) -> str:
        return self.url + "/login/sso/callback"

    def people(self) -> dict[str, User]:
        with self.app.app_context():
            found = {u.email: u for u in db.session.scalars(select(User))}
            db.session.expunge_all()
            return found

    def refusals(self) -> list[str]:
        with self.app.app_context():
            return list(db.session.scalars(select(SignInFailure.reason).order_by(SignInFailure.id)))


@contextmanager
def sso_site(database_url, tmp_path, provider=None, **config):
    """Serve the app with single sign-on against a provider started for it.

    `provider`: the provider's settings (see running_provider), or a function of the app's callback
    address that returns them.
    """
    holder = {}
    # The provider must know the app's callback and the app the provider's address: bind first.
    server = serve(lambda env, start: holder["app"](env, start))
    url = f"http://127.0.0.1:{server.server_port}"
    callback = url + "/login/sso/callback"
    settings = provider(callback) if callable(provider) else provider or {}
    try:
        with running_provider(tmp_path, callback, **settings) as running:
            app = create_app({
                "SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "RATELIMIT_ENABLED": False,
                "FAST_PASSWORD_HASHES": True, "BASE_URL": url, "OIDC_ISSUER": running.issuer,
                "OIDC_CLIENT_ID": CLIENT_ID, "OIDC_CLIENT_SECRET": CLIENT_SECRET,
                "OIDC_PROVIDER_NAME": COMPANY, **config,
            })  # fmt: skip
            app.instance_path = str(tmp_path / "instance")
            holder["app"] = app
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            try:
                yield Site(url, app)
            finally:
                server.shutdown()
                with app.app_context():
                    db.engine.dispose()
    finally:
        server.server_close()  # its socket, also when the provider did not start


def add_person(site: Site, email: str, **kwargs) -> None:
    with site.app.app_context():
        users.create_user(email, kwargs.pop("name", "Someone"), PASSWORD, **kwargs)


def sign_in_at_provider(page, login: str, consent: bool = True) -> None:
    """On the provider's own pages: sign in as `login` (any password), then consent."""
    page.get_by_placeholder("Enter any login").fill(login)
    page.get_by_placeholder("and password").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    if consent:
        page.get_by_role("button", name="Continue").click()


def start(page, site: Site) -> None:
    page.goto(site.url + "/login")
    page.get_by_role("link", name=SIGN_IN_WITH).click()


def expect_refused(page, words: str) -> None:
    expect(page.get_by_role("heading", level=1, name="Sign-in refused")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(words)


def test_first_sign_in_creates_the_person_with_roles_and_department_from_claims(page, database_url, tmp_path):
    settings = {
        "OIDC_CREATE_USERS": True, "OIDC_ROLE_CLAIM": "groups", "OIDC_ROLE_MAP": "training-hr=hr",
        "OIDC_DEPARTMENT_CLAIM": "department", "LOCAL_LOGIN": False,
    }  # fmt: skip
    with sso_site(database_url, tmp_path, **settings) as site:
        page.goto(site.url + "/login")
        expect(page.get_by_label("Password")).to_have_count(0)  # LOCAL_LOGIN=0: no password form
        page.get_by_role("link", name=SIGN_IN_WITH).click()
        sign_in_at_provider(page, "nova")
        expect(page.get_by_role("heading", level=1, name="My training")).to_be_visible()
        nova = site.people()["nova@example.com"]
        assert (nova.name, nova.roles, nova.department) == ("Nova Newcomer", "employee hr", "Customer Care")
        assert nova.password_hash is None
        page.goto(site.url + "/hr/")
        expect(page.get_by_role("heading", level=1, name="Completion dashboard")).to_be_visible()  # hr


def test_a_known_person_is_matched_and_unverified_deactivated_or_unknown_ones_are_refused(
    browser, database_url, tmp_path
):
    with sso_site(database_url, tmp_path) as site:
        add_person(site, "kim@example.com", name="Kim Known", department="Sales")
        add_person(site, "leo@example.com", name="Leo Leaver")
        with site.app.app_context():
            leo = db.session.scalar(select(User).where(User.email == "leo@example.com"))
            leo.active = False
            db.session.commit()
        outcomes = {}
        for login in ("kim", "uma", "leo", "nova"):
            context = browser.new_context()  # each person in a browser of their own
            context.set_default_timeout(10000)
            page = context.new_page()
            start(page, site)
            sign_in_at_provider(page, login)
            heading = page.get_by_role("heading", level=1, name=re.compile("^(My training|Sign-in refused)$"))
            expect(heading).to_be_visible()  # back on this site, whichever way it went
            outcomes[login] = (heading.inner_text(), page.content())
            context.close()
        assert outcomes["kim"][0] == "My training"
        assert (
            outcomes["uma"][0] == "Sign-in refused"
            and "uma@example.com is not verified" in outcomes["uma"][1]
        )
        assert outcomes["leo"][0] == "Sign-in refused" and "is deactivated" in outcomes["leo"][1]
        assert outcomes["nova"][0] == "Sign-in refused" and "no account here" in outcomes["nova"][1]
        people = site.people()
        assert set(people) == {"kim@example.com", "leo@example.com"}  # nobody created, no duplicate
        assert people["kim@example.com"].department == "Sales"  # no department claim configured
        assert site.refusals() == ["sso_unverified", "sso_deactivated", "sso_unknown_account"]


def test_a_replayed_callback_is_refused(page, browser, database_url, tmp_path):
    with sso_site(database_url, tmp_path) as site:
        add_person(site, "kim@example.com")
        start(page, site)
        sign_in_at_provider(page, "kim", consent=False)
        # A copy of this browser's session while the sign-in is under way, as someone could keep it.
        kept = page.context.cookies(site.url)
        with page.expect_request(lambda request: request.url.startswith(site.callback)) as answer:
            page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", level=1, name="My training")).to_be_visible()
        callback = answer.value.url

        page.goto(callback)  # the same answer again in the same browser: its state was used up
        expect_refused(page, "does not belong to a sign-in started in this browser")

        other = browser.new_context()  # the kept session: the provider refuses the code a second time
        other.set_default_timeout(10000)
        other.add_cookies(kept)
        replay = other.new_page()
        replay.goto(callback)
        expect_refused(replay, "its one-time code was used already")
        replay.goto(site.url + "/")
        expect(replay.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
        other.close()
        assert site.refusals() == ["sso_state", "sso_token_refused"]


def test_a_token_for_another_audience_is_refused(page, database_url, tmp_path):
    def provider_for(callback):
        # The provider issues the app's sign-ins as client "other-app": its tokens name that audience.
        return {"clients": [client("other-app", callback)], "aliases": {CLIENT_ID: "other-app"}}

    with sso_site(database_url, tmp_path, provider=provider_for) as site:
        add_person(site, "kim@example.com")
        start(page, site)
        sign_in_at_provider(page, "kim")
        expect_refused(page, "was issued for another application")
        assert site.refusals() == ["sso_audience"]


def test_an_expired_token_is_refused(axe_page, database_url, tmp_path):
    """Also: axe-core finds nothing on the sign-in page with its company button, nor on the refusal."""
    page = axe_page
    with sso_site(database_url, tmp_path, provider={"clock_offset": -2 * 3600}) as site:
        add_person(site, "kim@example.com")
        page.goto(site.url + "/login")
        found = {"login": violations(page)}
        page.get_by_role("link", name=SIGN_IN_WITH).click()
        sign_in_at_provider(page, "kim")
        expect_refused(page, "has expired")
        found["refusal"] = violations(page)
        page.goto(site.url + "/")
        expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
        assert site.refusals() == ["sso_expired"]
        assert {where: v for where, v in found.items() if v} == {}


def tamper_with_authorization(page, site: Site, name: str, value: str) -> None:
    """Change one parameter of the app's authorization request on its way to the provider.

    The app answers /login/sso with a redirect to the provider; the browser gets that redirect with
    the parameter changed (the session cookie the app set is passed on as it is).
    """

    def rewrite(route):
        response = route.fetch(max_redirects=0)
        url = urlsplit(response.headers["location"])
        query = dict(parse_qsl(url.query)) | {name: value}
        headers = response.headers | {"location": urlunsplit(url._replace(query=urlencode(query)))}
        route.fulfill(response=response, headers=headers)

    page.route(re.compile("^" + re.escape(site.url + "/login/sso") + r"(\?|$)"), rewrite)


def test_a_token_carrying_another_sign_ins_nonce_is_refused(page, database_url, tmp_path):
    # The provider signs an ID token with the nonce it was sent: not the one this browser keeps.
    with sso_site(database_url, tmp_path) as site:
        add_person(site, "kim@example.com")
        tamper_with_authorization(page, site, "nonce", "a-nonce-from-another-sign-in")
        start(page, site)
        sign_in_at_provider(page, "kim")
        expect_refused(page, "did not pass its checks")
        assert site.refusals() == ["sso_invalid_token"]


def test_a_code_whose_pkce_challenge_is_not_this_browsers_is_refused(page, database_url, tmp_path):
    # The provider binds the code to the challenge it was sent; this browser's verifier does not match.
    with sso_site(database_url, tmp_path) as site:
        add_person(site, "kim@example.com")
        tamper_with_authorization(page, site, "code_challenge", "A" * 43)
        start(page, site)
        sign_in_at_provider(page, "kim")
        expect_refused(page, "refused to complete this sign-in")
        assert site.refusals() == ["sso_token_refused"]
