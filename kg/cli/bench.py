"""``kg bench``: generate a synthetic corpus, build it, and print the figures (see kg/bench.py)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import CONTEXT, cli


@cli.command(context_settings=CONTEXT)
@click.option("--articles", default=1000, show_default=True, type=click.IntRange(min=1),
              help="Number of generated articles.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1),
              help="Extraction processes for the build.")
@click.option("--out", "out_dir", default="bench-out", show_default=True, type=click.Path(path_type=Path),
              help="Working folder: corpus/, build/ and bench.json (corpus/ and build/ are replaced).")
@click.option("--seed", default=7, show_default=True, type=int, help="Corpus seed (same seed, same corpus).")
@click.option("--plain-subset", default=300, show_default=True, type=click.IntRange(min=1),
              help="Articles for the 'plain way' comparison (rdflib in memory, one process).")
def bench(articles: int, workers: int, out_dir: Path, seed: int, plain_subset: int) -> None:
    """Benchmark a full build, an incremental build, the store, queries and exports.

    Prints a readable summary on stderr and the JSON (also written to OUT/bench.json) on stdout.
    """
    from ..bench import run_bench, summary

    res = run_bench(articles, workers, out_dir, seed, plain_subset=plain_subset,
                    log=lambda m: click.echo(m, err=True))
    click.echo(summary(res), err=True)
    click.echo(json.dumps(res, indent=2))
