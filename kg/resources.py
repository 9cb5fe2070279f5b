"""Find data shipped with kg (ontology, saved queries) both from a checkout and from an installed wheel."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path


@lru_cache(maxsize=None)
def ontology_dir() -> Path:
    try:
        path = Path(str(resources.files("kg.ontology")))
        if (path / "kg.ttl").exists() or (path / "issues.ttl").exists():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "ontology"


def ontology_file(name: str) -> Path:
    return ontology_dir() / name


def queries_dir() -> Path:
    return Path(__file__).resolve().parent / "query" / "queries"
