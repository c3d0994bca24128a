"""The training platform: create_app builds the Flask application."""

from pathlib import Path

from flask import Flask, render_template

from training import cli, config, errors, schema, templating
from training.db import configure_sqlite, db
from training.extensions import csrf, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app from environment settings, or from `test_config` in tests."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(config.from_environment(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)
    schema.revisions()  # read the migrations once, at start
    _init_extensions(app)
    templating.register(app)
    _register_blueprints(app)
    _register_errors(app)
    _register_commands(app)
    return app


def _register_commands(app: Flask) -> None:
    from training.accounts import cli as accounts
    from training.coach import cli as coach
    from training.editor import cli as editor
    from training.evidence import cli as evidence
    from training.hr import cli as hr
    from training.status import cli as status

    for package in (accounts, editor, status, coach, evidence, hr):
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
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)
    migrate.init_app(
        app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from training.models import User

    @login_manager.user_loader
    def load_user(user_id: str):
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        return user if user is not None and user.active else None


def _register_blueprints(app: Flask) -> None:
    from training.accounts import views as auth
    from training.editor import views as editor
    from training.hr import views as hr
    from training.learning import policy_views as policies
    from training.learning import views as learn

    for blueprint in (auth.bp, learn.bp, policies.bp, editor.bp, hr.bp):
        app.register_blueprint(blueprint)
    app.before_request(_require_schema)
    app.after_request(_security_headers)


_schema_ready = set()


def _require_schema():
    """Refuse to serve pages until `flask db upgrade` has brought the schema to the newest migration.

    Tests skip the check (their databases are migrated by conftest) unless SCHEMA_CHECK is set.
    """
    from flask import current_app

    key = current_app.config["SQLALCHEMY_DATABASE_URI"]
    wanted = current_app.config.get("SCHEMA_CHECK", not current_app.config.get("TESTING"))
    if key in _schema_ready or not wanted:
        return None
    problem = schema.problem(db.session.connection())
    if problem is None:
        _schema_ready.add(key)
        return None
    current_app.logger.warning(problem)
    db.session.rollback()
    return render_template("errors/not_migrated.html", problem=problem), 503


def _security_headers(response):
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


ERROR_PAGES = {
    400: ("Form expired", "The form was too old or incomplete. Go back, reload the page and try again."),
    403: ("Not allowed", "Your account does not have access to this page."),
    404: ("Page not found", "There is nothing at this address."),
    429: ("Too many attempts", "Too many attempts. Wait a minute and try again."),
    500: ("Something went wrong", "The error was logged. Nothing was saved."),
}


def _error_page(code: int, message: str | None = None):
    title, default = ERROR_PAGES.get(code, ("That did not work", ""))
    return render_template("errors/error.html", code=code, title=title, message=message or default), code


def _register_errors(app: Flask) -> None:
    from flask_wtf.csrf import CSRFError

    for code in (403, 404, 429):
        app.register_error_handler(code, lambda error, code=code: _error_page(code))

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return _error_page(500)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _error_page(400)

    @app.errorhandler(errors.DomainError)
    def domain_error(error):
        db.session.rollback()
        code = {errors.NotFound: 404, errors.Forbidden: 403, errors.Conflict: 409}.get(type(error), 400)
        return _error_page(code, str(error))
