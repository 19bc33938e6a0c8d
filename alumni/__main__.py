"""The `alumni` console script, also run as `python -m alumni`."""

from flask.cli import FlaskGroup

from . import create_app


def main():
    """Run the `alumni` command line on a freshly built app."""
    cli = FlaskGroup(create_app=create_app, add_default_commands=False, add_version_option=False,
                     help="PIM Alumni: follow the life of the PIM MIDs.")
    cli.main(prog_name="alumni")


if __name__ == "__main__":
    main()
