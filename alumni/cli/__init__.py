"""The `alumni` command line (the app's Flask CLI: `flask --app alumni ...` works too).

One module per area adds its commands; ``COMMAND_MODULES`` lists them.
"""

import importlib

from flask.cli import FlaskGroup

COMMAND_MODULES = ["core", "operations", "importapi", "export"]


def main():
    """Entry point of the `alumni` console script."""
    from .. import create_app

    cli = FlaskGroup(create_app=create_app, add_default_commands=False, add_version_option=False,
                     help="PIM Alumni: follow the life of the PIM MIDs.")
    cli.main(prog_name="alumni")


def init_app(app):
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        for command in module.COMMANDS:
            app.cli.add_command(command)
