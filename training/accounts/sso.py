"""Single sign-on with OpenID Connect: the company's provider says who is signing in.

Authlib's Flask client runs the authorization code flow against OIDC_ISSUER (read from its
discovery document on the first sign-in). Before leaving for the provider it keeps a random
`state`, a `nonce` and a PKCE code verifier in this browser's session; on the way back the state
must match one kept (and is dropped, so a callback works once), the provider must accept the code
with the verifier, and the ID token must be signed by the provider's keys, name this issuer, this
client as its audience and the nonce, and not be expired. Anything else is a `SsoRefused` whose
message the refusal page shows. Who the person is then is `sso_people`'s concern.
"""

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app, request, session
from flask_babel import gettext
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError

from training.accounts.safety import safe_next
from training.errors import DomainError
from training.i18n import N_

CLIENT = "company"
NEXT = "_sso_next"
# Seconds an ID token's times may be off from this server's clock (Authlib's own default).
LEEWAY = 120
TIMEOUT = 10  # seconds to wait for the provider's discovery, token, keys and userinfo answers


class SsoRefused(DomainError):
    """A company sign-in that is refused; `reason` is the one recorded with the refused sign-ins."""

    def __init__(self, reason: str, message: str, email: str = "", status: int = 403):
        super().__init__(message)
        self.reason, self.email, self.status = reason, email, status


def check_settings(config) -> None:
    """Raise RuntimeError naming what is wrong when the single sign-on settings do not fit together."""
    if config["OIDC_ISSUER"] and not (config["OIDC_CLIENT_ID"] and config["OIDC_CLIENT_SECRET"]):
        raise RuntimeError("OIDC_ISSUER is set: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set too")
    if not config["LOCAL_LOGIN"] and not config["OIDC_ISSUER"]:
        raise RuntimeError("LOCAL_LOGIN=0 leaves no way to sign in unless OIDC_ISSUER is set")
    if "openid" not in config["OIDC_SCOPE"].split():
        raise RuntimeError("OIDC_SCOPE must include 'openid'")


def init_app(app: Flask) -> None:
    """Register the provider's client when OIDC_ISSUER is set."""
    check_settings(app.config)
    oauth = OAuth(app)
    app.extensions["sso"] = oauth
    issuer = app.config["OIDC_ISSUER"]
    if issuer:
        oauth.register(
            CLIENT,
            client_id=app.config["OIDC_CLIENT_ID"],
            client_secret=app.config["OIDC_CLIENT_SECRET"],
            server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={
                "scope": app.config["OIDC_SCOPE"],
                "code_challenge_method": "S256",
                "timeout": TIMEOUT,
            },  # fmt: skip
        )


def enabled() -> bool:
    return bool(current_app.config["OIDC_ISSUER"])


def provider_name() -> str:
    return current_app.config["OIDC_PROVIDER_NAME"]


def _client():
    return current_app.extensions["sso"].create_client(CLIENT)


def begin(redirect_uri: str, next_path: str | None):
    """Return the redirect to the provider's sign-in page, keeping state, nonce and verifier here."""
    # One sign-in at a time per browser: each kept state would otherwise grow the session cookie.
    for key in [k for k in session if k.startswith(f"_state_{CLIENT}_")]:
        session.pop(key)
    session[NEXT] = safe_next(next_path) or ""
    try:
        return _client().authorize_redirect(redirect_uri)
    except requests.RequestException:
        raise _unreachable() from None


def finish() -> tuple[dict, str | None]:
    """Check the provider's answer to this browser and return (the person's claims, where to go next)."""
    name = provider_name()
    client = _client()
    issuer = current_app.config["OIDC_ISSUER"].rstrip("/")
    options = {
        "iss": {"essential": True, "values": [issuer, issuer + "/"]},
        "aud": {"essential": True, "value": client.client_id},
    }
    try:
        token = client.authorize_access_token(claims_options=options, leeway=LEEWAY)
        claims = _with_userinfo(client, token, name)
    except MismatchingStateError:
        raise SsoRefused("sso_state", gettext(STATE).format(name=name), status=400) from None
    except OAuthError as exc:
        raise _provider_said(exc, name) from None
    except ExpiredTokenError:
        raise SsoRefused("sso_expired", gettext(EXPIRED).format(name=name)) from None
    except ClaimError as exc:
        if exc.claim in ("aud", "azp"):
            raise SsoRefused("sso_audience", gettext(AUDIENCE).format(name=name)) from None
        raise SsoRefused("sso_invalid_token", gettext(INVALID).format(name=name)) from None
    except JoseError:
        raise SsoRefused("sso_invalid_token", gettext(INVALID).format(name=name)) from None
    except requests.RequestException:
        raise _unreachable() from None
    return claims, session.pop(NEXT, "") or None


def _with_userinfo(client, token: dict, name: str) -> dict:
    """Return the ID token's claims, completed by the userinfo endpoint's about the same person."""
    if "userinfo" not in token:  # no ID token at all: this is not an OpenID Connect answer
        raise SsoRefused("sso_invalid_token", gettext(INVALID).format(name=name))
    claims = dict(token["userinfo"])
    if client.load_server_metadata().get("userinfo_endpoint"):
        extra = client.userinfo(token=token)
        if extra.get("sub") != claims["sub"]:  # OpenID Connect Core 5.3.2: another person's answer
            raise SsoRefused("sso_invalid_token", gettext(INVALID).format(name=name))
        claims = {**extra, **claims}
    return claims


def _provider_said(exc: OAuthError, name: str) -> SsoRefused:
    """Turn the provider's error (at the callback or from its token endpoint) into a refusal."""
    if request.args.get("error"):
        detail = (exc.description or exc.error or "")[:200]
        return SsoRefused("sso_provider_error", gettext(PROVIDER_ERROR).format(name=name, detail=detail))
    return SsoRefused("sso_token_refused", gettext(CODE_REFUSED).format(name=name))


def _unreachable() -> SsoRefused:
    return SsoRefused("sso_unreachable", gettext(UNREACHABLE).format(name=provider_name()), status=503)


STATE = N_(
    "This answer from {name} does not belong to a sign-in started in this browser: it was used "
    "already, it is too old, or it was started somewhere else. Nobody was signed in. "
    "Start again from the sign-in page."
)
CODE_REFUSED = N_(
    "{name} refused to complete this sign-in: its one-time code was used already or has expired. "
    "Nobody was signed in. Start again from the sign-in page."
)
AUDIENCE = N_(
    "The sign-in token from {name} was issued for another application, not for this one. "
    "Nobody was signed in. Ask your administrator to check the single sign-on settings."
)
EXPIRED = N_(
    "The sign-in token from {name} has expired. Nobody was signed in. Start again from the "
    "sign-in page; if this happens again, the clocks of this site and of {name} disagree."
)
INVALID = N_(
    "The sign-in token from {name} did not pass its checks (signature, issuer or nonce). "
    "Nobody was signed in. Start again from the sign-in page."
)
PROVIDER_ERROR = N_("{name} did not sign you in: {detail}. Nobody was signed in.")
UNREACHABLE = N_("{name} cannot be reached right now. Try again in a few minutes.")
