"""Flask extensions, created once and bound to the app in create_app."""

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
csrf = CSRFProtect()


class RouteLimiter(Limiter):
    """Flask-Limiter, checked only where a limit is declared.

    Flask-Limiter checks every request of the app in a hook of its own, even with no default
    limits; that check cost about a tenth of a bare request's CPU. Here a view's `@limiter.limit`
    checks itself (the decorator does), and a blueprint limited with `limiter.limit(...)(bp)` checks
    through `check_blueprint(bp)`; every other request skips the limiter. Sign-in and password
    links are limited by training/accounts/signin.py, not here.
    """

    def init_app(self, app) -> None:
        super().init_app(app)
        hooks = app.before_request_funcs.get(None, [])
        if self._check_request_limit in hooks:
            hooks.remove(self._check_request_limit)

    def check_blueprint(self, bp) -> None:
        """Check the limits of `bp` before its own hooks run, on its requests only."""
        bp.before_request_funcs.setdefault(None, []).insert(0, lambda: self._check_request_limit())


limiter = RouteLimiter(key_func=get_remote_address, default_limits=[])
migrate = Migrate()
