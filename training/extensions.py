"""Flask extensions, created once and bound to the app in create_app."""

from time import monotonic

from flask import current_app, g, request, session
from flask_babel import gettext
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from training.i18n import N_

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = N_("Please sign in to see that page.")
login_manager.localize_callback = gettext  # in the visitor's language
login_manager.session_protection = "strong"


class FormTokens(CSRFProtect):
    """Flask-WTF's CSRF protection, whose hook skips requests that change nothing at once.

    Its hook looks up the view's exemptions before it looks at the method, on every request: here a
    method outside WTF_CSRF_METHODS (GET, HEAD, OPTIONS) returns first, and every other request runs
    the hook as Flask-WTF wrote it.
    """

    def init_app(self, app) -> None:
        super().init_app(app)
        hooks = app.before_request_funcs[None]
        (index,) = (i for i, hook in enumerate(hooks) if hook.__name__ == "csrf_protect")
        protect = hooks[index]

        def csrf_protect():
            if request.method in app.config["WTF_CSRF_METHODS"]:
                return protect()
            return None

        hooks[index] = csrf_protect
        app.extensions[SIGNED_TOKENS] = {}
        app.before_request(_signed_token)
        app.after_request(_keep_signed_token)


# A form token is the session's own random token, signed with the time: signing it costs more than
# the rest of a kept page (issue 17), and a person's pages come seconds apart. So the token signed
# for a session is given again to its pages for TOKEN_REUSE seconds (never past that: each page's
# token still has nearly all of WTF_CSRF_TIME_LIMIT ahead of it). It is only ever given to a request
# carrying the same session, whose own token it signs.
TOKEN_REUSE = 60
SIGNED_TOKENS = "signed_form_tokens"  # {session's token: (signed, when signed)} on the app
SIGNED_KEPT = 4096  # sessions' tokens kept; all are forgotten when it is full
REUSED = "_form_token_reused"


def _signed_token() -> None:
    """Give this request the token signed for its session in the last TOKEN_REUSE seconds, if any."""
    if request.endpoint == "static":  # no form, and its answer should not vary by session
        return
    name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    raw = session.get(name)
    kept = current_app.extensions[SIGNED_TOKENS].get(raw) if isinstance(raw, str) else None
    if kept is not None and monotonic() - kept[1] < TOKEN_REUSE:
        setattr(g, name, kept[0])  # where Flask-WTF's generate_csrf keeps the request's token
        setattr(g, REUSED, True)


def _keep_signed_token(response):
    """Keep the token this request signed, for its session's next pages."""
    name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    signed, raw = g.get(name), session.get(name)
    if signed is not None and isinstance(raw, str) and not g.get(REUSED):
        kept = current_app.extensions[SIGNED_TOKENS]
        if len(kept) >= SIGNED_KEPT:
            kept.clear()
        kept[raw] = (signed, monotonic())
    return response


csrf = FormTokens()


class RouteLimiter(Limiter):
    """Flask-Limiter, checked only where a limit is declared.

    Flask-Limiter checks every request of the app in a hook of its own, even with no default
    limits; that check cost about a tenth of a bare request's CPU. Here a view's `@limiter.limit`
    checks itself (the decorator does), and a blueprint limited with `limiter.limit(...)(bp)` checks
    through `check_blueprint(bp)`; every other request skips the limiter. Sign-in and password
    links are limited by training/accounts/signin.py, not here.

    Its response hook writes X-RateLimit headers, which are off here (RATELIMIT_HEADERS_ENABLED),
    and charges limits declared with `deduct_when`, which this app has none of: without headers the
    hook is dropped too (as is its teardown), and `limit` and `shared_limit` refuse `deduct_when`
    so that no limit can count on it.
    """

    def init_app(self, app) -> None:
        super().init_app(app)
        hooks = app.before_request_funcs.get(None, [])
        if self._check_request_limit in hooks:
            hooks.remove(self._check_request_limit)
        if not self._headers_enabled:
            after = app.after_request_funcs.get(None, [])
            after[:] = [hook for hook in after if getattr(hook, "args", None) != (self,)]
        # Its teardown empties the request's limiter state, kept on Flask's request context: that
        # context ends with the request anyway.
        teardown = app.teardown_request_funcs.get(None, [])
        if self._Limiter__release_context in teardown:
            teardown.remove(self._Limiter__release_context)

    def limit(self, *args, **kwargs):
        _refuse_deduct_when(kwargs)
        return super().limit(*args, **kwargs)

    def shared_limit(self, *args, **kwargs):
        _refuse_deduct_when(kwargs)
        return super().shared_limit(*args, **kwargs)

    def check_blueprint(self, bp) -> None:
        """Check the limits of `bp` before its own hooks run, on its requests only."""
        bp.before_request_funcs.setdefault(None, []).insert(0, lambda: self._check_request_limit())


def _refuse_deduct_when(kwargs: dict) -> None:
    if kwargs.get("deduct_when") is not None:
        raise TypeError("deduct_when needs Flask-Limiter's response hook, which RouteLimiter drops")


limiter = RouteLimiter(key_func=get_remote_address, default_limits=[])
migrate = Migrate()
