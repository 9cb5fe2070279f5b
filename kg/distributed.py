"""Extraction on an existing Dask cluster (``kg build --engine dask --address tcp://host:8786``).

Documents are sent in small batches (one task each), results are put back in input order, so the
output is identical to a local build with one worker. The workers must have the same kg version
installed (they import ``kg.extract``); the vocabulary is loaded once per worker process and kept.
Needs the optional dependency ``distributed`` (``pip install 'kg[scale]'``).
"""

from __future__ import annotations

from typing import Callable

from .errors import KgError, UsageError
from .model import Document, Extraction

BATCH = 16  # documents per task: big enough to amortise scheduling, small enough to balance


def _extract_batch(batch: list[tuple[int, Document]]) -> list[tuple[int, Extraction]]:
    from .extract import extract

    return [(i, extract(d)) for i, d in batch]


def extract_dask(docs: list[Document], address: str | None, progress: Callable[[Document], None] | None = None,
                 *, batch: int = BATCH, timeout: float = 30.0) -> list[Extraction]:
    """Run ``kg.extract.extract`` over ``docs`` on the Dask cluster at ``address``, in input order."""
    try:
        from distributed import Client, as_completed
    except ImportError:  # pragma: no cover - depends on the environment
        raise KgError("--engine dask needs the 'distributed' package: pip install 'kg[scale]' "
                      "(or 'dask[distributed]')") from None
    if not address:
        raise UsageError("--engine dask needs --address (the scheduler, e.g. tcp://127.0.0.1:8786)")
    if not docs:
        return []
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError) as e:
        raise KgError(f"cannot reach the Dask scheduler at {address}: {e}") from None
    out: list[Extraction | None] = [None] * len(docs)
    try:
        indexed = list(enumerate(docs))
        batches = [indexed[k:k + batch] for k in range(0, len(indexed), max(1, batch))]
        futures = client.map(_extract_batch, batches, pure=False)
        try:
            for fut in as_completed(futures):
                for i, x in fut.result():
                    out[i] = x
                    if progress:
                        progress(docs[i])
        except Exception as e:  # noqa: BLE001 - a worker failure becomes one clear error
            for f in futures:
                f.cancel()
            raise KgError(f"extraction failed on the Dask cluster: {type(e).__name__}: {e}") from None
    finally:
        client.close()
    missing = [docs[i].source for i, x in enumerate(out) if x is None]
    if missing:  # pragma: no cover - as_completed yields every future or raises
        raise KgError(f"the Dask cluster returned no result for {len(missing)} document(s), e.g. {missing[0]}")
    return out  # type: ignore[return-value]
