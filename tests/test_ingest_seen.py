"""kg.ingest.seen: files that stat says did not change are not read again, and nothing a change
makes is missed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kg.cache import CACHE_DIR
from kg.ingest import ingest, read_texts
from kg.ingest import seen as seen_mod
from kg.ingest.seen import FILE, ReadCache
from kg.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "inputs").glob("seed_*.txt"))


def _old(path: Path) -> None:
    """Give a file a modification time well in the past (its change time stays now: the tests
    that record it use ``settled``)."""
    t = time.time() - 3600
    os.utime(path, (t, t))


@pytest.fixture
def settled(monkeypatch):
    """Files written by a test are seconds old at most: let the record take them anyway (the
    racy rule has a test of its own)."""
    monkeypatch.setattr(seen_mod, "RACY_NS", 0)


def _corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for p in SAMPLES[:3]:
        (src / p.name).write_bytes(p.read_bytes())
        _old(src / p.name)
    (src / "sub").mkdir()
    (src / "sub" / "note.md").write_text("# Leaders talk\n\nPresident Xi Jinping spoke with President Joe Biden "
                                         "by phone on Monday.\n", encoding="utf-8")
    _old(src / "sub" / "note.md")
    return src


def test_unchanged_files_come_without_reading(tmp_path, settled):
    src = _corpus(tmp_path)
    plain, _ = ingest([src])
    first = ReadCache(tmp_path / "c")
    docs1, _ = ingest([src], seen=first)
    assert first.unread == {} and docs1 == plain
    assert (tmp_path / "c" / FILE).is_file()
    again = ReadCache(tmp_path / "c")
    docs2, skipped = ingest([src], seen=again)
    assert skipped == []
    assert sorted(again.unread) == list(range(len(plain)))
    # every field but the text is what reading gives
    assert [d.without_text() for d in docs2] == [d.without_text() for d in plain]
    assert all(d.text == "" for d in docs2)
    # and the text, when asked for, is what reading gives
    full = read_texts(docs2, list(range(len(docs2))), again)
    assert full == plain


def test_a_changed_file_is_read_again_even_with_its_old_size_and_time(tmp_path, settled):
    src = _corpus(tmp_path)
    ingest([src], seen=ReadCache(tmp_path / "c"))
    target = src / SAMPLES[0].name
    st = target.stat()
    data = target.read_bytes()
    changed = data.replace(b"Trump", b"Tramp", 1)
    assert changed != data and len(changed) == len(data)
    target.write_bytes(changed)
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))  # the same size and modification time
    cache = ReadCache(tmp_path / "c")
    docs, _ = ingest([src], seen=cache)
    i = next(i for i, d in enumerate(docs) if d.source == SAMPLES[0].name)
    assert i not in cache.unread and "Tramp" in docs[i].text  # the change time told
    assert len(cache.unread) == len(docs) - 1


def test_a_file_written_just_now_is_not_recorded(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(SAMPLES[0].read_bytes())  # now: a write in the same tick could follow
    ingest([src], seen=ReadCache(tmp_path / "c"))
    cache = ReadCache(tmp_path / "c")
    ingest([src], seen=cache)
    assert cache.unread == {}


def test_files_that_warn_or_fail_are_read_every_time(tmp_path, settled):
    src = _corpus(tmp_path)
    (src / "empty.txt").write_bytes(b"")
    (src / "bad.json").write_text('{"title": "x", "text": 5}', encoding="utf-8")
    _old(src / "empty.txt")
    _old(src / "bad.json")
    for _ in range(2):
        warnings: list[str] = []
        cache = ReadCache(tmp_path / "c")
        docs, skipped = ingest([src], seen=cache, warn=warnings.append)
        assert {s.source for s in skipped} == {"empty.txt", "bad.json"}
        assert sum("empty.txt" in w for w in warnings) == 1
    assert len(cache.unread) == len(docs)  # the good ones only


def test_a_lower_size_limit_applies_to_recorded_files(tmp_path, settled):
    src = _corpus(tmp_path)
    ingest([src], seen=ReadCache(tmp_path / "c"))
    docs, skipped = ingest([src], seen=ReadCache(tmp_path / "c"), max_bytes=2500, warn=lambda m: None)
    assert {s.source for s in skipped} == {p.name for p in SAMPLES[:3] if p.stat().st_size > 2500}
    assert skipped


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": 1, "fingerprint": "x", "files": {}}',
                                    b'{"format": 1, "files": []}'])
def test_a_damaged_or_foreign_record_means_reading_everything(tmp_path, settled, damage):
    src = _corpus(tmp_path)
    cache = ReadCache(tmp_path / "c")
    ingest([src], seen=cache)
    (tmp_path / "c" / FILE).write_bytes(damage)
    cache = ReadCache(tmp_path / "c")
    docs, _ = ingest([src], seen=cache)
    assert cache.unread == {} and docs == ingest([src])[0]


def test_damaged_entries_are_ignored_one_by_one(tmp_path, settled):
    import orjson

    src = _corpus(tmp_path)
    ingest([src], seen=ReadCache(tmp_path / "c"))
    data = orjson.loads((tmp_path / "c" / FILE).read_bytes())
    key = next(iter(data["files"]))
    data["files"][key][5] = "some text"  # an entry with text is not one this module wrote
    (tmp_path / "c" / FILE).write_bytes(orjson.dumps(data))
    cache = ReadCache(tmp_path / "c")
    docs, _ = ingest([src], seen=cache)
    assert len(cache.unread) == len(docs) - 1


def test_read_texts_refuses_a_file_that_changed_after_listing(tmp_path, settled):
    src = _corpus(tmp_path)
    ingest([src], seen=ReadCache(tmp_path / "c"))
    cache = ReadCache(tmp_path / "c")
    docs, _ = ingest([src], seen=cache)
    (src / SAMPLES[1].name).write_text("President Xi Jinping met President Lula on Monday.\n", encoding="utf-8")
    i = next(i for i, d in enumerate(docs) if d.source == SAMPLES[1].name)
    assert read_texts(docs, [i], cache) is None
    j = next(i for i, d in enumerate(docs) if d.source == SAMPLES[0].name)
    assert read_texts(docs, [j], cache)[j].text == SAMPLES[0].read_text(encoding="utf-8")


def test_a_deleted_files_entry_goes_with_the_next_build(tmp_path, settled):
    import orjson

    src = _corpus(tmp_path)
    ingest([src], seen=ReadCache(tmp_path / "c"))
    (src / SAMPLES[2].name).unlink()
    ingest([src], seen=ReadCache(tmp_path / "c"))
    files = orjson.loads((tmp_path / "c" / FILE).read_bytes())["files"]
    assert not any(k.endswith(SAMPLES[2].name) for k in files) and len(files) == 3


def _exports(out: Path) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in ("graph.ttl", "graph.trig", "graph.nq", "graph.graphml")}


def test_build_reads_the_text_of_unread_files_it_must_extract(tmp_path, settled):
    """The extraction cache lost (or another kg version): files the record knows are read after
    all, and the build is the one a clean build makes."""
    src = _corpus(tmp_path)
    out = tmp_path / "out"
    build([src], out, warn=lambda m: None, workers=1)
    assert (out / CACHE_DIR / FILE).is_file()
    for seg in (out / CACHE_DIR).glob("seg-*.jsonl"):
        seg.unlink()
    msgs: list[str] = []
    build([src], out, warn=lambda m: None, progress=msgs.append, workers=1)
    assert any(m.startswith("extract: 0 cached, 4 extracted") for m in msgs), msgs
    clean = tmp_path / "clean"
    build([src], clean, warn=lambda m: None, workers=1)
    assert _exports(out) == _exports(clean)


def test_build_with_a_file_changed_behind_the_record(tmp_path, settled, monkeypatch):
    """A file that changes between the listing and the reading of its text: everything is read
    again, and the build is the one of the files as they are then."""
    src = _corpus(tmp_path)
    out = tmp_path / "out"
    build([src], out, warn=lambda m: None, workers=1)
    for seg in (out / CACHE_DIR).glob("seg-*.jsonl"):
        seg.unlink()
    real = read_texts

    def change_then_read(docs, indexes, seen, **kw):
        (src / SAMPLES[0].name).write_text("President Xi Jinping met President Lula in Brasilia on Monday.\n",
                                           encoding="utf-8")
        return real(docs, indexes, seen, **kw)

    monkeypatch.setattr("kg.ingest.read_texts", change_then_read)
    build([src], out, warn=lambda m: None, workers=1)
    monkeypatch.undo()
    clean = tmp_path / "clean"
    build([src], clean, warn=lambda m: None, workers=1)
    assert _exports(out) == _exports(clean)
    assert "Lula" in (out / "graph.ttl").read_text(encoding="utf-8")
