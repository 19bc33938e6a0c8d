"""The `alumni` commands, added to the app's Flask CLI (`flask --app alumni ...` works too).

One module per area holds its commands in ``COMMANDS``; ``AREAS`` lists those modules.
The console script itself is ``alumni.__main__.main``.
"""

from . import connections, core, export, imports, operations

AREAS = (core, operations, imports, connections, export)


def init_app(app):
    for module in AREAS:
        for command in module.COMMANDS:
            app.cli.add_command(command)
