"""Command-line interface: a thin layer over the library.

Exit codes: 0 success; 1 runtime error (also malformed SPARQL and query timeouts); 2 bad usage
(click's convention; also unknown saved query, missing parameter, unknown build folder); 3 SHACL violations; 4 output folder locked
by another build; 5 ``--strict`` build with skipped files or warnings; 130 interrupted.
Results go to stdout; progress, warnings and errors go to stderr.
"""

from __future__ import annotations

import sys

import click

from .. import __version__
from ..errors import KgError

EPILOG = ("Exit codes: 0 ok; 1 runtime error, malformed SPARQL or query timeout; 2 bad usage, unknown "
          "saved query, missing parameter or unknown build folder; 3 SHACL violations; 4 output folder "
          "locked by another build; 5 --strict build that skipped files or warned; 130 interrupted.")
CONTEXT = {"help_option_names": ["-h", "--help"]}


class KgGroup(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as e:
            click.echo(f"kg: error: {e}", err=True)
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            sys.exit(130)


@click.group(cls=KgGroup, context_settings=CONTEXT, no_args_is_help=True, epilog=EPILOG)
@click.version_option(__version__, "--version", prog_name="kg")
def cli() -> None:
    """kg: turn readouts and wire stories of leaders' engagements into a knowledge graph."""


def main() -> None:
    cli(prog_name="kg")


from . import bench, commands  # noqa: E402,F401  (registers the commands)
