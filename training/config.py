"""Settings, read only from environment variables (documented in README)."""

import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url

from training.i18n import LANGUAGES


def _secret_key(instance_path: Path) -> str:
    """Return SECRET_KEY from the environment, or one generated once and kept in instance/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        # O_EXCL: if two workers start at once, only one writes and both read the same key.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


MiB = 1024 * 1024


def _language(name: str, default: str) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in LANGUAGES:
        raise RuntimeError(f"{name}={value!r}: the interface has the languages {', '.join(LANGUAGES)}")
    return value


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _make_sqlite_folder(database_url: str) -> None:
    """Create the folder of a SQLite database file, so a fresh clone can connect to it."""
    url = make_url(database_url)
    name = url.database or ""
    if url.get_backend_name() != "sqlite" or name in ("", ":memory:") or name.startswith("file:"):
        return
    Path(name).parent.mkdir(parents=True, exist_ok=True)


def from_environment(instance_path: Path) -> dict:
    """Build the Flask config mapping from the environment."""
    default_db = f"sqlite:///{instance_path / 'training.sqlite'}"
    database_url = os.environ.get("DATABASE_URL", default_db)
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    # SQLite opens a file but never makes its folder (instance/ is not in git): without this, a clone
    # with SECRET_KEY set (so nothing else writes to instance/) fails with "unable to open database file".
    _make_sqlite_folder(database_url)
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "CONTENT_DIR": os.environ.get("CONTENT_DIR", str(Path(__file__).parent.parent / "content")),
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000"),
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Per address on the public /verify/<code> page: enough for people, too few to guess codes.
        "VERIFY_RATE_LIMIT": os.environ.get("VERIFY_RATE_LIMIT", "30 per minute"),
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        # Failed sign-ins (accounts/signin.py): tight per account, looser per client address.
        "LOGIN_ACCOUNT_LIMIT": os.environ.get("LOGIN_ACCOUNT_LIMIT", "5 per 15 minutes"),
        "LOGIN_ADDRESS_LIMIT": os.environ.get("LOGIN_ADDRESS_LIMIT", "50 per 15 minutes"),
        # Requests to /api/v1/ per API token (training/api/views.py).
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "120 per minute"),
        # How many proxies in front of the app set X-Forwarded-For; 0 trusts no such header.
        "TRUSTED_PROXIES": _int("TRUSTED_PROXIES", 0),
        "SESSION_IDLE_MINUTES": _int("SESSION_IDLE_MINUTES", 8 * 60),
        "SESSION_ABSOLUTE_HOURS": _int("SESSION_ABSOLUTE_HOURS", 7 * 24),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": _int("MAIL_PORT", 25),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "0") == "1",
        "MAIL_FROM": os.environ.get("MAIL_FROM", "training@localhost"),
        "MAIL_TIMEOUT": _int("MAIL_TIMEOUT", 30),
        "INVITE_LINK_HOURS": _int("INVITE_LINK_HOURS", 72),
        "RESET_LINK_HOURS": _int("RESET_LINK_HOURS", 2),
        "REMINDER_ESCALATE_DAYS": _int("REMINDER_ESCALATE_DAYS", 7),
        # The dashboard's trend counts weeks not yet kept one at a time, newest first, and starts no
        # further week once this many seconds have gone (hr/trend.py); later views count the rest.
        "TREND_COUNT_SECONDS": float(os.environ.get("TREND_COUNT_SECONDS", "3")),
        "HR_DIGEST_TO": os.environ.get("HR_DIGEST_TO", ""),
        # Four-eyes publishing of policies where their front matter does not say (`four_eyes:`).
        "FOUR_EYES_PUBLISHING": os.environ.get("FOUR_EYES_PUBLISHING", "0") == "1",
        # Request bodies: a larger one is refused with 413 before it is read. The largest form sends a
        # content file (at most 1 MiB, content/files.py); past the limit the editor shows its own 413 page.
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 2 * MiB),
        "MAX_FORM_MEMORY_SIZE": _int("MAX_FORM_MEMORY_SIZE", MiB),  # one text part of a multipart form
        "MAX_FORM_PARTS": _int("MAX_FORM_PARTS", 200),
        # xAPI: the learning record store that `flask xapi send` posts statements to (README, xAPI).
        "XAPI_ENDPOINT": os.environ.get("XAPI_ENDPOINT", ""),
        "XAPI_USERNAME": os.environ.get("XAPI_USERNAME", ""),
        "XAPI_PASSWORD": os.environ.get("XAPI_PASSWORD", ""),
        # Single sign-on with OpenID Connect (accounts/sso.py; README, "Single sign-on").
        "OIDC_ISSUER": os.environ.get("OIDC_ISSUER", ""),
        "OIDC_CLIENT_ID": os.environ.get("OIDC_CLIENT_ID", ""),
        "OIDC_CLIENT_SECRET": os.environ.get("OIDC_CLIENT_SECRET", ""),
        "OIDC_PROVIDER_NAME": os.environ.get("OIDC_PROVIDER_NAME", "your company account"),
        "OIDC_SCOPE": os.environ.get("OIDC_SCOPE", "openid email profile"),
        "OIDC_CREATE_USERS": os.environ.get("OIDC_CREATE_USERS", "0") == "1",
        "OIDC_ROLE_CLAIM": os.environ.get("OIDC_ROLE_CLAIM", ""),
        "OIDC_ROLE_MAP": os.environ.get("OIDC_ROLE_MAP", ""),
        "OIDC_DEPARTMENT_CLAIM": os.environ.get("OIDC_DEPARTMENT_CLAIM", ""),
        # Signing in with a password on the sign-in page; 0 leaves single sign-on as the only way.
        "LOCAL_LOGIN": os.environ.get("LOCAL_LOGIN", "1") != "0",
        # The interface's language for people who chose none and whose browser asks for none the site has.
        "DEFAULT_LANGUAGE": _language("DEFAULT_LANGUAGE", "en"),
        # Tests only, and never from the environment: argon2's cheapest parameters, honoured only
        # when TESTING is set too (accounts/users.py). A deployment always hashes at full cost.
        "FAST_PASSWORD_HASHES": False,
    }
