"""Who a company sign-in is: the person with the verified email address, created when allowed.

Only an address the provider says is verified (`email_verified`) names a person: anyone can type
an unverified one into some provider's profile. A deactivated person stays out. With
OIDC_CREATE_USERS=1 an address nobody has becomes a new employee. When the settings name them,
the role claim (OIDC_ROLE_CLAIM, through OIDC_ROLE_MAP) and the department claim
(OIDC_DEPARTMENT_CLAIM) set the person's roles and department at every sign-in that carries them:
the company's directory is then the source of both, except that a claim never takes the admin
role from the only active administrator.
"""

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext
from sqlalchemy import select

from training.accounts import users
from training.accounts.sso import SsoRefused
from training.db import db, utcnow
from training.i18n import N_
from training.models import ROLES, User


@dataclass(frozen=True)
class ClaimRules:
    """What the settings say to do with a signed-in person's claims."""

    create_users: bool = False
    role_claim: str = ""
    role_map: tuple[tuple[str, str], ...] = ()  # (claim value, role); empty: values are role names
    department_claim: str = ""

    @classmethod
    def from_config(cls, config) -> "ClaimRules":
        return cls(
            create_users=bool(config["OIDC_CREATE_USERS"]),
            role_claim=config["OIDC_ROLE_CLAIM"],
            role_map=tuple(parse_role_map(config["OIDC_ROLE_MAP"]).items()),
            department_claim=config["OIDC_DEPARTMENT_CLAIM"],
        )


def init_app(app) -> None:
    """Keep the app's claim rules; a bad OIDC_ROLE_MAP stops the start with what is wrong."""
    try:
        app.extensions["sso_rules"] = ClaimRules.from_config(app.config)
    except ValueError as exc:
        raise RuntimeError(str(exc)) from None


def rules() -> ClaimRules:
    return current_app.extensions["sso_rules"]


def parse_role_map(text: str) -> dict[str, str]:
    """Read "Training-HR=hr, Training-Editors=editor" into {claim value: role}.

    Pairs are separated by commas, semicolons or new lines; raise ValueError naming a bad pair.
    """
    mapping = {}
    for pair in text.replace(";", ",").replace("\n", ",").split(","):
        if not pair.strip():
            continue
        value, sep, role = (part.strip() for part in pair.partition("="))
        if not sep or not value or not role:
            raise ValueError(f"OIDC_ROLE_MAP: {pair.strip()!r} is not 'claim value=role'")
        if role.lower() not in ROLES:
            raise ValueError(f"OIDC_ROLE_MAP: {pair.strip()!r} names no role (roles: {', '.join(ROLES)})")
        mapping[value] = role.lower()
    return mapping


def roles_from_claims(claims: dict, rules: ClaimRules) -> str | None:
    """Return the roles the claims give ("employee hr"), or None when they carry no role claim."""
    if not rules.role_claim or claims.get(rules.role_claim) is None:
        return None
    raw = claims[rules.role_claim]
    values = [str(v) for v in raw] if isinstance(raw, list) else str(raw).replace(",", " ").split()
    if rules.role_map:
        mapping = dict(rules.role_map)
        roles = {mapping[v] for v in values if v in mapping}
    else:
        roles = {v.lower() for v in values if v.lower() in ROLES}
    return users.parse_roles(" ".join(sorted(roles)))


def department_from_claims(claims: dict, rules: ClaimRules) -> str | None:
    """Return the department the claims give, or None when they carry none."""
    value = claims.get(rules.department_claim) if rules.department_claim else None
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return None
    return str(value).strip()[:100] or None


def verified_email(claims: dict, provider: str) -> str:
    """Return the claims' email address, normalised; refuse one missing or not verified."""
    raw = claims.get("email")
    try:
        email = users.normalise_email(raw) if isinstance(raw, str) and raw.strip() else ""
    except ValueError:
        email = ""
    if not email:
        raise SsoRefused("sso_no_email", gettext(NO_EMAIL).format(name=provider))
    # Some providers send the flag as the string "true"; anything else is not a verification.
    if claims.get("email_verified") not in (True, "true"):
        raise SsoRefused(
            "sso_unverified", gettext(UNVERIFIED).format(name=provider, email=email), email=email
        )
    return email


def sign_in(claims: dict, rules: ClaimRules, provider: str) -> User:
    """Return the active person these verified claims name, created or updated as the rules say."""
    email = verified_email(claims, provider)
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None and not rules.create_users:
        raise SsoRefused("sso_unknown_account", gettext(UNKNOWN).format(email=email), email=email)
    if user is not None and not user.active:
        raise SsoRefused("sso_deactivated", gettext(DEACTIVATED).format(email=email), email=email)
    now = utcnow()
    if user is None:
        name = str(claims.get("name") or "").strip()[:200] or email.partition("@")[0]
        user = User(email=email, name=name, roles="employee", department="", created_at=now,
                    department_since=now)  # fmt: skip
        db.session.add(user)
    roles = roles_from_claims(claims, rules)
    if roles is not None and user.id is not None and _last_admin(user) and "admin" not in roles.split():
        roles = users.parse_roles(roles + " admin")  # a claim never leaves the site without an admin
    if roles is not None and roles != user.roles:
        user.roles = roles  # ends the person's other sessions (models/people.py)
    department = department_from_claims(claims, rules)
    if department is not None and department != user.department:
        user.department, user.department_since = department, now
    db.session.commit()
    return user


def _last_admin(user: User) -> bool:
    """Say whether `user` is the only active administrator."""
    if "admin" not in user.role_set:
        return False
    others = select(User.id).where(User.active.is_(True), User.id != user.id, User.roles.contains("admin"))
    return db.session.scalar(others.limit(1)) is None


NO_EMAIL = N_(
    "{name} did not tell this site your email address, so it cannot tell who you are. "
    "Nobody was signed in. Ask your administrator to release the email claim to this site."
)
UNVERIFIED = N_(
    "{name} says your email address {email} is not verified, so it cannot be used to sign in "
    "here. Nobody was signed in. Verify the address with {name}, then try again."
)
UNKNOWN = N_("There is no account here for {email}. Nobody was signed in. Ask HR to add you.")
DEACTIVATED = N_(
    "The account for {email} is deactivated, so it cannot sign in. Ask HR if you think this is a mistake."
)
