"""PIM Alumni: follow the life of the City Partnership Initiative's MIDs."""

from pathlib import Path

from flask import Flask

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name):
    """A folder shipped beside the package (source checkout) or inside it (wheel)."""
    beside = _PACKAGE.parent / name
    return beside if beside.is_dir() else _PACKAGE / f"_{name}"


def create_app(config=None):
    """Build the app; ``config`` overrides the defaults and the ``ALUMNI_*`` environment."""
    app = Flask(__name__, template_folder=str(resource_dir("templates")), instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from . import audit, cli, config as config_module, db, i18n, passwords, security, sessions  # noqa: F401
    from .views import register_blueprints

    config_module.load_config(app, config)
    passwords.init_app(app)
    db.init_app(app)
    sessions.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    register_blueprints(app)
    cli.init_app(app)
    return app
