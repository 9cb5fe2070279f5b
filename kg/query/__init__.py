"""SPARQL over the last build, with saved analyst queries and safe parameters.

Parameters are bound as RDF terms: each becomes a ``VALUES ?param_NAME { "…" }`` block whose
literal is serialised by pyoxigraph (quotes, backslashes and newlines escaped), inserted where a
saved query says ``# kg:bind`` (or at the end of an ad-hoc query). User text is never pasted
into query syntax. Federated ``SERVICE`` calls are refused: pyoxigraph would follow them.
Queries run in a child process so ``--timeout`` can stop them.
"""

from __future__ import annotations

import multiprocessing as mp
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import QueryError, UsageError
from ..rdf.namespaces import PREFIXES
from ..resources import queries_dir

BIND_MARK = "# kg:bind"


@dataclass(frozen=True)
class SavedQuery:
    name: str
    description: str
    params: dict[str, str]  # name -> help
    text: str
    path: Path

    @property
    def required(self) -> list[str]:
        return [k for k, h in self.params.items() if not is_optional(h)]


def is_optional(help_text: str) -> bool:
    """A parameter whose help starts with "optional" may be left out (it is bound as UNDEF)."""
    return help_text.lower().startswith("optional")


def _parse_header(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    desc: list[str] = []
    params: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        m = re.match(r"param\s+(\w+)\s*:\s*(.*)", body)
        if m:
            params[m.group(1)] = m.group(2)
        elif body and not body.startswith("kg:"):
            desc.append(body)
    return SavedQuery(path.stem, " ".join(desc), params, text, path)


def saved_queries() -> dict[str, SavedQuery]:
    return {p.stem: _parse_header(p) for p in sorted(queries_dir().glob("*.rq"))}


def _literal(value: str) -> str:
    import pyoxigraph as ox

    return str(ox.Literal(value))


_STRIP = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*')


def check_query(text: str) -> None:
    skeleton = _STRIP.sub(" ", text)
    if re.search(r"\bSERVICE\b", skeleton, re.I):
        raise QueryError("SERVICE (federated query) is disabled: kg queries only the local build")


def bind(text: str, params: dict[str, str], declared: dict[str, str] | None = None) -> str:
    """Insert VALUES blocks for the parameters (as escaped RDF literals)."""
    undef: list[str] = []
    if declared is not None:
        undef = [p for p, h in declared.items() if p not in params and is_optional(h)]
        missing = [p for p, h in declared.items() if p not in params and not is_optional(h)]
        if missing:
            raise UsageError(f"missing parameter(s): {', '.join(missing)} "
                             f"(give --param {missing[0]}=VALUE)")
        unknown = [p for p in params if p not in declared]
        if unknown:
            raise UsageError(f"unknown parameter(s): {', '.join(unknown)}; this query takes: "
                             f"{', '.join(declared) or 'none'}")
    for k in params:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,40}", k):
            raise UsageError(f"bad parameter name {k!r}")
    if not params and not undef:
        return text.replace(BIND_MARK, "")
    from ..vocab import fold

    # ?param_NAME is the value as given; ?key_NAME the same folded like kg:lookupKey literals
    # ("Erdoğan" -> "erdogan"), so a query can find a person or place with one index lookup
    blocks = " ".join([f"VALUES (?param_{k} ?key_{k}) {{ ({_literal(v)} {_literal(fold(v))}) }}"
                       for k, v in sorted(params.items())]
                      + [f"VALUES (?param_{k} ?key_{k}) {{ (UNDEF UNDEF) }}" for k in sorted(undef)])
    if BIND_MARK in text:
        return text.replace(BIND_MARK, blocks)
    names = " ".join(f"?param_{k}" for k in sorted(params))
    vals = " ".join(_literal(params[k]) for k in sorted(params))
    return text + f"\nVALUES ({names}) {{ ({vals}) }}\n"


def _run_child(store_dir: str, query: str, conn) -> None:
    try:
        from ..store import open_store

        store = open_store(Path(store_dir))
        res = store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
        if hasattr(res, "variables"):
            cols = [v.value for v in res.variables]
            rows = [[_plain(sol[c]) for c in cols] for sol in res]
            conn.send(("ok", cols, rows))
        elif isinstance(res, bool):
            conn.send(("ok", ["result"], [[str(res).lower()]]))
        else:  # CONSTRUCT / DESCRIBE
            rows = [[_plain(t.subject), _plain(t.predicate), _plain(t.object)] for t in res]
            conn.send(("ok", ["subject", "predicate", "object"], rows))
    except SyntaxError as e:
        conn.send(("syntax", str(e).splitlines()[0] if str(e) else "syntax error"))
    except Exception as e:  # noqa: BLE001 - reported to the parent as one line
        conn.send(("error", f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"))
    finally:
        conn.close()


def _plain(term) -> str | None:
    if term is None:
        return None
    return term.value


def call_in_child(target, args: tuple, timeout: float):
    """Run ``target(*args, conn)`` in a forked process; its one message, or None on timeout.

    A separate process is the only way to stop pyoxigraph (or rdflib) in the middle of a query.
    """
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=target, args=(*args, child), daemon=True)
    proc.start()
    child.close()
    if not parent.poll(timeout):
        proc.kill()
        proc.join()
        return None
    try:
        msg = parent.recv()
    except EOFError:
        msg = ("error", "query process died")
    proc.join()
    return msg


def run(store_dir: Path, query: str, *, timeout: float = 30.0) -> tuple[list[str], list[list[str | None]]]:
    check_query(query)
    if not Path(store_dir).is_dir():
        raise UsageError(f"no build found in {store_dir} (run 'kg build' first or give --graph DIR)")
    if not ((Path(store_dir) / "store").is_dir() or (Path(store_dir) / "graph.trig").is_file()):
        raise UsageError(f"{store_dir} holds no kg build (no store/ and no graph.trig)")
    msg = call_in_child(_run_child, (str(store_dir), query), timeout)
    if msg is None:
        raise QueryError(f"query timed out after {timeout:g} s")
    if msg[0] == "ok":
        return msg[1], msg[2]
    if msg[0] == "syntax":
        raise QueryError(f"malformed SPARQL: {msg[1]}")
    raise QueryError(f"query failed: {msg[1]}")


def resolve_query(spec: str) -> tuple[str, dict[str, str] | None]:
    """NAME of a saved query, a path to a .rq file, or SPARQL text -> (text, declared params)."""
    saved = saved_queries()
    if spec in saved:
        return saved[spec].text, saved[spec].params
    p = Path(spec)
    if spec.endswith(".rq") or (len(spec) < 4096 and "\n" not in spec and p.suffix and p.exists()):
        if not p.is_file():
            raise UsageError(f"query file not found: {spec}")
        return p.read_text(encoding="utf-8"), None
    if re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", spec, re.I):
        return spec, None
    raise UsageError(f"unknown saved query {spec!r}. Available: {', '.join(saved)}")
