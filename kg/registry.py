"""Named registries for pluggable parts (extractors, readers, exporters).

Like rdflib's plugin table and spaCy's registry: a new exporter or extractor is one module plus
one ``@registry.register("name")`` line; third-party packages add theirs through the entry-point
groups ``kg.extractors``, ``kg.readers`` and ``kg.exporters``.
"""

from __future__ import annotations

from importlib import metadata
from typing import Callable, Generic, TypeVar

from .errors import UsageError

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str, entry_point_group: str):
        self.kind = kind
        self.group = entry_point_group
        self._items: dict[str, T] = {}
        self._loaded_entry_points = False

    def register(self, name: str, obj: T | None = None) -> Callable[[T], T] | T:
        def deco(o: T) -> T:
            self._items[name] = o
            return o

        return deco(obj) if obj is not None else deco

    def _load_entry_points(self) -> None:
        if self._loaded_entry_points:
            return
        self._loaded_entry_points = True
        try:
            eps = metadata.entry_points(group=self.group)
        except TypeError:  # pragma: no cover - Python < 3.10 API
            eps = metadata.entry_points().get(self.group, [])  # type: ignore[attr-defined]
        for ep in eps:
            if ep.name not in self._items:
                self._items[ep.name] = ep.load()

    def get(self, name: str) -> T:
        self._load_entry_points()
        try:
            return self._items[name]
        except KeyError:
            raise UsageError(
                f"Unknown {self.kind} {name!r}. Available: {', '.join(self.names())}") from None

    def names(self) -> list[str]:
        self._load_entry_points()
        return sorted(self._items)

    def items(self) -> list[tuple[str, T]]:
        return [(n, self._items[n]) for n in self.names()]

    def __contains__(self, name: str) -> bool:
        self._load_entry_points()
        return name in self._items


extractors: Registry = Registry("extractor", "kg.extractors")
readers: Registry = Registry("reader", "kg.readers")
exporters: Registry = Registry("exporter", "kg.exporters")
