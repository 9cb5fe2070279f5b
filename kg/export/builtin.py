"""Registers the exporters that ship with kg (each one line, like third-party ones)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import rdf_formats  # noqa: F401  (turtle, trig, jsonld, nquads, ntriples)
from .base import BuildContext, Exporter, register_exporter
from .graphml import write_graphml


def write_html(ctx: BuildContext, path: Path) -> None:
    from .html import _code, write_html as _write
    from .netx import engagement_index, record_members, record_signatures

    owners = ctx.owner_signatures
    records = record_signatures(ctx.corpus, owners) if owners else {}
    owned = list(owners)  # (the signatures themselves are not needed again: ~60 MB at 100k)
    del owners
    ctx.__dict__.pop("owner_signatures", None)

    def block_signature(ids: list[str]) -> bytes | None:
        """A detail block's records' signatures, with the page's code (None if one has none)."""
        sigs = [records.get(i) for i in ids]
        if None in sigs:
            return None
        return hashlib.blake2b(_code().encode() + b"".join(sigs), digest_size=16).digest()  # type: ignore[arg-type]

    def made_for(ids: set[str]) -> object:
        """The projection with only the engagements ``ids`` (and what their records show) made."""
        keep = set(ids).union(*record_members(ctx.corpus, ids).values())
        return ctx.projection_without({n for n in owned if n not in keep})

    _write(lambda: ctx.projection, path, title=ctx.meta.get("title", "kg: leaders' engagements"),
           meta={k: v for k, v in ctx.meta.items() if k in ("kg_version", "documents", "engagements")},
           block_signature=block_signature if records else None,
           previous=Path(ctx.previous_dir) / Path(path).name if ctx.previous_dir else None,
           engagements=lambda: engagement_index(ctx.corpus), made_for=made_for if records else None)
    ctx.corpus.__dict__.pop("meeting_iris_mentioned", None)  # (made for the page: memory for the rest)


GRAPHML = register_exporter(Exporter("graphml", "graph.graphml", "application/graphml+xml", write=write_graphml,
                                     description="People, engagements, meetings, issues as GraphML (the networkx projection)"))
HTML = register_exporter(Exporter("html", "graph.html", "text/html", write=write_html,
                                  description="Interactive offline graph viewer (pyvis / vis-network)"))
