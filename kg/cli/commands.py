"""The kg commands. Each one parses options, calls the library, and prints."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click

from ..errors import UsageError, ValidationFailed
from . import CONTEXT, cli


def _err(msg: str) -> None:
    click.echo(msg, err=True)


@cli.command(context_settings=CONTEXT)
@click.argument("input_dir", required=False, default="inputs", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="exports", show_default=True, type=click.Path(path_type=Path),
              help="Output folder for the exports, the store and manifest.json.")
@click.option("--max-bytes", default=10 * 1024 * 1024, show_default=True, type=click.IntRange(min=1),
              help="Skip input files larger than this (checked before reading).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Extraction processes (default: all cores). Output is identical for any number.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where extraction runs: local processes, or an existing Dask cluster (--address).")
@click.option("--address", default=None, help="Dask scheduler address for --engine dask (tcp://host:8786).")
@click.option("--store", "store_url", default=None,
              help="Also load the graph into a SPARQL 1.1 Graph Store Protocol endpoint at this URL.")
@click.option("--formats", default=None, metavar="LIST",
              help="Exports to write, comma-separated names or media types (see 'kg plugins'; default: "
                   "all). Exports left out are removed from the output folder; the store is always kept.")
@click.option("--strict", is_flag=True, help="Exit 5 when any file was skipped or any warning was given.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors and the summary line on stderr.")
def build(input_dir: Path, out_dir: Path, max_bytes: int, workers: int | None, engine: str,
          address: str | None, store_url: str | None, formats: str | None, strict: bool, quiet: bool) -> None:
    """Build the knowledge graph from the articles in INPUT_DIR (default: inputs/)."""
    from ..pipeline import build as run_build

    if not input_dir.exists():
        raise UsageError(f"input folder not found: {input_dir}")
    chosen = _export_names(formats) if formats is not None else None
    report = run_build([input_dir], out_dir, warn=lambda m: _err(f"warning: {m}"),
                       progress=None if quiet else (lambda m: _err(m)), max_bytes=max_bytes,
                       workers=workers, engine=engine, address=address, store_url=store_url,
                       exporters=chosen)
    _err(f"built {out_dir}: {report.summary()} in {report.seconds:.1f} s")
    from . import KEEP_UNTIL_EXIT

    KEEP_UNTIL_EXIT.append(report)  # not freed object by object: see kg.cli.main
    if strict and (report.skipped or report.warnings):
        _err(f"kg: --strict: {len(report.skipped)} file(s) skipped, {len(report.warnings)} warning(s)")
        sys.exit(5)


def _export_names(spec: str) -> list[str]:
    """The exporters a ``--formats`` list names (by name or media type), as exporter names."""
    from ..export.base import default_exporters
    from ..registry import exporters

    known = default_exporters()
    names: list[str] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        exp = exporters.get(part) if part in exporters else None
        if exp not in known:
            raise UsageError(f"unknown export format {part!r} (one of: {', '.join(e.name for e in known)})")
        names.append(exp.name)  # type: ignore[union-attr]
    if not names:
        raise UsageError("--formats names no export (one of: " + ", ".join(e.name for e in known) + ")")
    return names


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="json: a list of {document, events} in the format of the eval SCHEMA; table: one line per event.")
@click.option("--max-bytes", default=10 * 1024 * 1024, show_default=True, type=click.IntRange(min=1),
              help="Skip input files larger than this.")
def extract(paths: tuple[Path, ...], fmt: str, max_bytes: int) -> None:
    """Extract engagements from articles (files or folders) and print them."""
    from ..extract import extract as run_extract
    from ..ingest import ingest

    for p in paths:
        if not p.exists():
            raise UsageError(f"no such file or folder: {p}")
    docs, _ = ingest(list(paths), max_bytes=max_bytes, warn=lambda m: _err(f"warning: {m}"))
    out = []
    for d in docs:
        x = run_extract(d)
        out.append({"document": Path(d.source).stem, "events": [e.to_schema() for e in x.engagements]})
    if fmt == "json":
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    rows = [["document", "type", "date", "participants", "initiator", "issues"]]
    for d in out:
        for e in d["events"]:
            rows.append([d["document"], e["type"], e["date"] or "", "; ".join(e["participants"]),
                         e["initiator"] or "", "; ".join(e["issues"])])
    click.echo(_table(rows[0], rows[1:]))


def _table(header: list[str], rows: list[list]) -> str:
    cells = [[("" if c is None else str(c)).replace("\n", " ") for c in r] for r in [header, *rows]]
    widths = [min(60, max(len(r[i]) for r in cells)) for i in range(len(header))]
    def fmt(r):
        return "  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(r, widths)).rstrip()
    lines = [fmt(cells[0]), "  ".join("-" * w for w in widths)]
    lines += [fmt(r) for r in cells[1:]]
    return "\n".join(lines)


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in params:
        if "=" not in p:
            raise UsageError(f"--param must be KEY=VALUE, got {p!r}")
        k, v = p.split("=", 1)
        out[k.strip()] = v
    return out


@cli.command(context_settings=CONTEXT)
@click.argument("query", required=False)
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Query parameter, bound as an RDF literal (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Output format of the results.")
@click.option("--graph", "graph_dir", default="exports", show_default=True, type=click.Path(path_type=Path),
              help="Build folder to query (its store, or graph.trig).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Stop a query that runs longer than this many seconds.")
@click.option("--list", "list_", is_flag=True, help="List the saved queries and their parameters.")
def query(query: str | None, params: tuple[str, ...], fmt: str, graph_dir: Path, timeout: float,
          list_: bool) -> None:
    """Run SPARQL over the last build: a saved query NAME, a FILE.rq, or query text."""
    from ..query import bind, resolve_query, run, saved_queries

    if list_:
        for q in saved_queries().values():
            ps = " ".join(f"[{k}=…]" if k not in q.required else f"{k}=…" for k in q.params)
            click.echo(f"{q.name}{' ' + ps if ps else ''}\n    {q.description}")
            for k, h in q.params.items():
                click.echo(f"    --param {k}=VALUE  {h}")
        return
    if not query:
        raise UsageError("give a saved query name, a .rq file or SPARQL text (or --list)")
    text, declared = resolve_query(query)
    text = bind(text, _parse_params(params), declared)
    cols, rows = run(graph_dir, text, timeout=timeout)
    if fmt == "json":
        click.echo(json.dumps([dict(zip(cols, r)) for r in rows], indent=2, ensure_ascii=False))
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        w.writerows([["" if c is None else c for c in r] for r in rows])
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(_table(cols, rows))
        _err(f"{len(rows)} row(s)")


@cli.command(context_settings=CONTEXT)
@click.argument("input_dir", required=False, default="inputs", type=click.Path(path_type=Path))
@click.option("--format", "fmt", required=True, help="Exporter name or media type (see 'kg plugins').")
@click.option("-o", "--output", default="-", show_default=True, help="Output file, or - for stdout.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
def export(input_dir: Path, fmt: str, output: str, force: bool) -> None:
    """Extract INPUT_DIR and write one export format (to a file or stdout)."""
    import tempfile

    from ..export.base import BuildContext, default_exporters
    from ..extract import extract as run_extract
    from ..ingest import ingest
    from ..rdf.build import build_graphs
    from ..registry import exporters
    from ..resolve import resolve
    from ..vocab import load_vocabulary

    default_exporters()
    exp = exporters.get(fmt)
    if output != "-" and Path(output).exists() and not force:
        raise UsageError(f"{output} exists (use --force to overwrite)")
    docs, _ = ingest([input_dir], warn=lambda m: _err(f"warning: {m}"))
    vocab = load_vocabulary()
    corpus = resolve([run_extract(d) for d in docs], vocab)
    ctx = BuildContext(build_graphs(corpus, vocab), corpus, {"documents": len(docs)})
    if output == "-":
        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp) / exp.filename
            exp.export(ctx, p)
            sys.stdout.buffer.write(p.read_bytes())
    else:
        exp.export(ctx, Path(output))
        _err(f"wrote {output}")


@cli.command(context_settings=CONTEXT)
@click.argument("build_dir", required=False, default="exports", type=click.Path(path_type=Path))
def validate(build_dir: Path) -> None:
    """Check the last build against the SHACL shapes of the ontology (exit 3 on violations)."""
    from ..validate import validate_build

    conforms, text = validate_build(build_dir)
    if conforms:
        _err(f"{build_dir}: conforms to the kg shapes")
        return
    click.echo(text)
    raise ValidationFailed(f"{build_dir} does not conform to the kg shapes (violations above)")


@cli.command(name="eval", context_settings=CONTEXT)
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--show-errors", is_flag=True, help="Print every error line before the figures.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_(gold_dir: Path, show_errors: bool, as_json: bool) -> None:
    """Score extraction against NAME.txt + NAME.gold.json pairs: precision, recall, F1 per field."""
    from ..evaluate import evaluate_dir

    if not any(gold_dir.glob("*.gold.json")):
        raise UsageError(f"{gold_dir} holds no NAME.gold.json files")
    report = evaluate_dir(gold_dir)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
        return
    click.echo(report.format(show_errors=show_errors))


@cli.command(context_settings=CONTEXT)
def plugins() -> None:
    """List the registered extractors, readers and exporters."""
    from ..export.base import default_exporters
    from ..registry import exporters, extractors, readers

    import kg.extract  # noqa: F401
    import kg.ingest  # noqa: F401

    default_exporters()
    click.echo("extractors: " + ", ".join(extractors.names()))
    click.echo("readers:    " + ", ".join(readers.names()))
    click.echo("exporters:")
    for name, exp in exporters.items():
        if "/" not in name:
            click.echo(f"  {name:<10} {exp.media_type:<28} {exp.filename:<14} {exp.description}")
