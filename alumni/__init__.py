"""PIM Alumni: follow the life of the City Partnership Initiative's MIDs."""

import os
from pathlib import Path

from flask import Flask

from .shipped import resource_dir


def create_app(config=None):
    """Build the app; ``config`` overrides the defaults and the ``ALUMNI_*`` environment."""
    # The instance folder (SQLite file, .eml mail) can live anywhere writable, e.g. a volume.
    instance_path = os.environ.get("ALUMNI_INSTANCE_PATH") or None
    app = Flask(__name__, template_folder=str(resource_dir("templates")), instance_relative_config=True,
                instance_path=instance_path and os.path.abspath(instance_path))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from . import audit, cli, config as config_module, db, i18n, logs, passwords, security, sessions, templating
    from .indicators import kept as kept_indicators
    from .life_status import counts as status_counts
    from .views import register_blueprints

    config_module.load_config(app, config)
    logs.init_app(app)
    passwords.init_app(app)
    db.init_app(app)
    audit.init_app(app)
    kept_indicators.init_app(app)
    status_counts.init_app(app)
    sessions.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    register_blueprints(app)
    cli.init_app(app)
    return app
