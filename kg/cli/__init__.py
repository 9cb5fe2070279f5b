"""Command-line interface: a thin layer over the library.

Exit codes: 0 success; 1 runtime error (also malformed SPARQL and query timeouts); 2 bad usage
(click's convention; also unknown saved query, missing parameter, unknown build folder); 3 SHACL violations; 4 output folder locked
by another build; 5 ``--strict`` build with skipped files or warnings; 130 interrupted.
Results go to stdout; progress, warnings and errors go to stderr.
"""

from __future__ import annotations

import os
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


# What a command leaves for the process's end: a build's corpus, graph and projection are
# millions of objects, and freeing them one by one as the interpreter tears down took ~4 s at
# 100,000 articles, after the build was done. A command that puts its result here ends the
# process at once instead (its files are closed, its output flushed): the OS takes the memory back.
KEEP_UNTIL_EXIT: list = []


def main() -> None:
    try:
        cli(prog_name="kg")
    except SystemExit as e:  # click ends every command with sys.exit
        if not KEEP_UNTIL_EXIT:
            raise
        code = e.code
    else:
        code = 0
    if not KEEP_UNTIL_EXIT:
        return
    if code is not None and not isinstance(code, int):  # sys.exit("message"), as Python would print it
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code or 0)


from . import bench, commands  # noqa: E402,F401  (registers the commands)
