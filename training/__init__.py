"""The training platform: create_app builds the Flask application."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from training import cli, config, i18n, schema, templating, web
from training.coach import catalogue as coach_catalogue
from training.db import configure_sqlite, db, keep_prepared_statements, report_unreachable
from training.extensions import csrf, limiter, login_manager, migrate
from training.status import reasons as redo_reasons

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app from environment settings, or from `test_config` in tests."""
    app = web.App(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(config.from_environment(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)
    if proxies := int(app.config["TRUSTED_PROXIES"]):
        # Only then is X-Forwarded-For believed: the client address comes from the proxies' entries.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    schema.revisions()  # read the migrations once, at start
    _init_extensions(app)
    templating.register(app)
    i18n.init_app(app)
    app.jinja_env.filters["coach_message"] = coach_catalogue.translated
    app.jinja_env.filters["reason"] = redo_reasons.shown  # why someone has something to redo
    web.register(app)
    _register_blueprints(app)
    _register_commands(app)
    return app


def _register_commands(app: Flask) -> None:
    from training.accounts import cli as accounts
    from training.coach import cli as coach
    from training.editor import cli as editor
    from training.evidence import cli as evidence
    from training.hr import cli as hr
    from training.status import cli as status
    from training.xapi import cli as xapi

    for package in (accounts, editor, status, coach, evidence, hr, xapi):
        for command in package.COMMANDS:
            app.cli.add_command(command if isinstance(command, cli.Group) else cli.checked(command))


def _init_extensions(app: Flask) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # PostgreSQL's JIT compiler takes over a second to compile the status query, whose cost
        # estimate crosses its threshold at a few thousand people; the query runs in far less.
        options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
        options.setdefault("connect_args", {}).setdefault("options", "-c jit=off")
    db.init_app(app)
    with app.app_context():
        report_unreachable(db.engine)
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)
        else:
            keep_prepared_statements(app, db.engine)
    migrate.init_app(
        app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from training.accounts import sessions, signin, sso, sso_people

    signin.init_app(app)
    sso.init_app(app)
    sso_people.init_app(app)
    login_manager.user_loader(sessions.load)


def _register_blueprints(app: Flask) -> None:
    from training.accounts import account_views as account
    from training.accounts import views as auth
    from training.api import admin_views as admin
    from training.api import scim_views as scim
    from training.api import views as api
    from training.certificates import views as certificates
    from training.editor import views as editor
    from training.hr import team_views as team
    from training.hr import views as hr
    from training.learning import policy_views as policies
    from training.learning import views as learn

    blueprints = (auth.bp, account.bp, learn.bp, policies.bp, certificates.bp, certificates.public)
    for blueprint in (*blueprints, editor.bp, hr.bp, team.bp, admin.bp, api.bp, scim.bp):
        app.register_blueprint(blueprint)
