"""Ingest stage: every format, every kind of bad file, and a property test on arbitrary bytes.

Fixtures are written into tmp_path by the tests themselves, so no binary files are committed.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import IngestError
from kg.ingest import DEFAULT_MAX_BYTES, discover, ingest, read_document
from kg.ingest.base import FORBIDDEN_CHARS
from kg.model import Document, Skipped
from kg.registry import readers

REPO = Path(__file__).resolve().parents[1]
SAFE_ID = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,100}"
ARTICLE = ("President Xi Jinping held telephone talks with President Donald Trump on Monday. "
           "The two leaders discussed trade and the situation on the Korean Peninsula.\n")


class Warnings(list):
    def __call__(self, message: str) -> None:
        self.append(message)


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def read(folder: Path, name: str, content: bytes | str, **kw) -> tuple[Document, Warnings]:
    warn = Warnings()
    return read_document(write(folder, name, content), folder, warn=warn, **kw), warn


def reason(folder: Path, name: str, content: bytes | str, **kw) -> str:
    with pytest.raises(IngestError) as info:
        read(folder, name, content, **kw)
    assert info.value.path == name
    return info.value.reason


# --- formats --------------------------------------------------------------------------------------

def test_plain_text(tmp_path):
    doc, warn = read(tmp_path, "seed_xi_trump_2017_04_24_wire.txt", ARTICLE)
    assert doc.id == "seed_xi_trump_2017_04_24_wire"
    assert doc.source == "seed_xi_trump_2017_04_24_wire.txt"
    assert doc.text == ARTICLE
    assert doc.media_type == "text/plain"
    assert doc.published is None
    assert len(doc.sha256) == 64
    assert warn == []


def test_text_suffix_and_markdown(tmp_path):
    assert read(tmp_path, "a.text", ARTICLE)[0].media_type == "text/plain"
    md = "# Xi and Trump\n\n**BEIJING** - " + ARTICLE
    doc, _ = read(tmp_path, "b.md", md)
    assert doc.media_type == "text/markdown" and doc.text == md


def test_markdown_front_matter(tmp_path):
    doc, _ = read(tmp_path, "c.md", "---\ntitle: Phone talks\ndate: 2019-12-20\n---\n" + ARTICLE)
    assert doc.published == "2019-12-20" and doc.title == "Phone talks"


def test_metadata_date_line_sets_published_and_stays_in_text(tmp_path):
    text = " date 2025-11-24 - Advertisement -\n\nBEIJING, Nov 24 (APP): " + ARTICLE
    doc, _ = read(tmp_path, "app.txt", text)
    assert doc.published == "2025-11-24"
    assert doc.text == text  # offsets of the extractor are against the original text
    assert read(tmp_path, "m.txt", " date 2019-06 President Trump wrote a letter.")[0].published == "2019-06"


def test_date_only_from_leading_metadata(tmp_path):
    assert read(tmp_path, "d.txt", "BEIJING, date 2019-12-20 " + ARTICLE)[0].published is None
    assert read(tmp_path, "e.txt", "date 2019-13-40 " + ARTICLE)[0].published is None  # not a date


def test_crlf_normalized_and_nfc(tmp_path):
    doc, _ = read(tmp_path, "f.txt", "Caf\u0065\u0301 talks\r\nline two\rline three")
    assert doc.text == "Caf\u00e9 talks\nline two\nline three"


def test_html_main_text_title_date_url(tmp_path):
    html = f"""<!doctype html><html><head><meta charset="utf-8"><title>Site | Phone talks</title>
    <meta property="article:published_time" content="2019-12-20T21:00:00+08:00">
    <link rel="canonical" href="https://www.example.org/news/xi-trump">
    <script>var x = "<div><div><div>";</script></head>
    <body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article><h1>Xi Jinping Holds Telephone Talks with Trump</h1>
    <p>{ARTICLE}</p><p>{ARTICLE}</p></article><footer>Copyright</footer></body></html>"""
    doc, warn = read(tmp_path, "page.html", html)
    assert "President Xi Jinping held telephone talks" in doc.text
    assert "<p>" not in doc.text and "var x" not in doc.text
    assert doc.media_type == "text/html"
    assert doc.published == "2019-12-20"
    assert doc.url == "https://www.example.org/news/xi-trump"
    assert doc.title and "Telephone Talks" in doc.title


def test_html_date_not_taken_from_body_text(tmp_path):
    html = f"<html><body><article><p>On December 20, 2019, {ARTICLE}</p><p>{ARTICLE}</p></article></body></html>"
    assert read(tmp_path, "nodate.htm", html)[0].published is None


def test_html_declared_charset(tmp_path):
    html = ('<html><head><meta charset="gb2312"></head><body><article><p>'
            + "习近平同特朗普通电话。" * 20 + "</p></article></body></html>").encode("gb18030")
    doc, warn = read(tmp_path, "zh.html", html)
    assert "习近平同特朗普通电话" in doc.text
    assert warn == []


def test_html_javascript_url_is_dropped(tmp_path):
    html = (f'<html><head><link rel="canonical" href="javascript:alert(1)"></head>'
            f'<body><article><p>{ARTICLE * 3}</p></article></body></html>')
    assert read(tmp_path, "js.html", html)[0].url is None


def test_html_fallback_when_trafilatura_finds_nothing(tmp_path):
    doc, _ = read(tmp_path, "short.html", "<html><head><title>T</title></head><body><p>Xi called Trump.</p></body></html>")
    assert doc.text == "Xi called Trump."


def test_broken_html_still_read(tmp_path):
    broken = f"<html><body><div><p>{ARTICLE}<b>unclosed <i>tags</div></span></table><p>{ARTICLE}"
    doc, _ = read(tmp_path, "broken.html", broken)
    assert "telephone talks" in doc.text


def test_html_without_text(tmp_path):
    assert reason(tmp_path, "empty.html", "<html><head><script>x()</script></head><body></body></html>") \
        == "no article text"


def test_deeply_nested_html_refused(tmp_path):
    deep = "<html><body>" + "<div>" * 5000 + ARTICLE + "</div>" * 5000 + "</body></html>"
    assert "nested too deeply" in reason(tmp_path, "deep.html", deep)


def test_moderately_nested_html_accepted(tmp_path):
    nested = "<html><body>" + "<div>" * 150 + f"<p>{ARTICLE}</p>" * 3 + "</div>" * 150 + "</body></html>"
    assert "telephone talks" in read(tmp_path, "ok.html", nested)[0].text


def test_unclosed_optional_tags_do_not_count_as_depth(tmp_path):
    html = "<html><body><ul>" + "<li>item <p>para " * 400 + f"</ul><article><p>{ARTICLE}</article></body></html>"
    read(tmp_path, "lists.html", html)


def test_json(tmp_path):
    payload = {"text": ARTICLE, "published": "2017-04-24", "url": "https://example.org/a",
               "title": "Xi, Trump talk"}
    doc, warn = read(tmp_path, "a.json", json.dumps(payload))
    assert (doc.text, doc.published, doc.url, doc.title, doc.media_type) == (
        ARTICLE, "2017-04-24", "https://example.org/a", "Xi, Trump talk", "application/json")
    assert warn == []


def test_json_bom_stripped(tmp_path):
    doc, _ = read(tmp_path, "bom.json", b"\xef\xbb\xbf" + json.dumps({"text": ARTICLE}).encode())
    assert doc.text == ARTICLE


def test_json_bad_published_warns_and_is_ignored(tmp_path):
    doc, warn = read(tmp_path, "p.json", json.dumps({"text": ARTICLE, "published": "last Monday"}))
    assert doc.published is None
    assert len(warn) == 1 and "p.json" in warn[0] and "not an ISO date" in warn[0]


def test_json_deep_nesting(tmp_path):
    deep = '{"text": "x", "a": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert "nested too deeply" in reason(tmp_path, "deep.json", deep)


def test_json_brackets_inside_strings_are_not_depth(tmp_path):
    doc, _ = read(tmp_path, "s.json", json.dumps({"text": "[" * 500 + " " + ARTICLE}))
    assert doc.text.startswith("[[[")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_nan(tmp_path, constant):
    assert constant in reason(tmp_path, "nan.json", '{"text": "%s", "score": %s}' % (ARTICLE.strip(), constant))


def test_json_duplicate_keys(tmp_path):
    assert "duplicate key 'text'" in reason(tmp_path, "dup.json", '{"text": "one article", "text": "another"}')


def test_json_lone_surrogate(tmp_path):
    assert "lone surrogate" in reason(tmp_path, "sur.json", '{"text": "Xi \\ud800 Trump"}')


@pytest.mark.parametrize("content, expected", [
    ("[1, 2]", "must be an object"),
    ('{"title": "x"}', 'no "text" field'),
    ('{"text": 42}', "must be a string"),
    ('{"text": "   "}', '"text" is empty'),
    ('{"text": "x",}', "invalid JSON"),
    ('{"text": "x", "n": ' + "1" * 5000 + "}", "invalid JSON"),
])
def test_json_bad_shapes(tmp_path, content, expected):
    assert expected in reason(tmp_path, "bad.json", content)


# --- encodings ------------------------------------------------------------------------------------

def test_utf8_bom_removed(tmp_path):
    assert read(tmp_path, "bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode())[0].text == ARTICLE


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(tmp_path, encoding):
    text = "Xi Jinping – “talks” with Trump, 习近平"
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    doc, warn = read(tmp_path, "u16.txt", raw)
    assert doc.text == text and warn == []


def test_utf16_broken_is_undecodable(tmp_path):
    assert "undecodable" in reason(tmp_path, "odd.txt", b"\xff\xfeX\x00i\x00\x00\xd8")


def test_latin1_text(tmp_path):
    doc, warn = read(tmp_path, "latin1.txt", "Président Macron à Pékin, Ålesund".encode("latin-1"))
    assert doc.text == "Président Macron à Pékin, Ålesund"
    assert warn == ["latin1.txt: decoded as cp1252 (not valid UTF-8)"]


def test_cp1252_smart_quotes(tmp_path):
    doc, warn = read(tmp_path, "win.txt", "Xi said “steady” – and ‘positive’ …".encode("cp1252"))
    assert doc.text == "Xi said “steady” – and ‘positive’ …"
    assert warn == ["win.txt: decoded as cp1252 (not valid UTF-8)"]


def test_latin1_fallback_when_not_cp1252(tmp_path):
    # 0x81 is undefined in cp1252; latin-1 maps it to a C1 control, which is then removed.
    doc, warn = read(tmp_path, "raw.txt", b"Caf\xe9 talks \x81 held")
    assert doc.text == "Café talks  held"
    assert any("latin-1" in w for w in warn) and any("removed 1 control character" in w for w in warn)


# --- bad files ------------------------------------------------------------------------------------

def test_empty(tmp_path):
    assert reason(tmp_path, "empty.txt", b"") == "empty file"


def test_whitespace_only(tmp_path):
    assert reason(tmp_path, "blank.txt", " \n\t\r\n \u00a0 ") == "whitespace-only file"


@pytest.mark.parametrize("raw, kind", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
    (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
    (b"\x1f\x8b\x08\x00", "GZIP archive"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
])
def test_binary_renamed_txt(tmp_path, raw, kind):
    assert reason(tmp_path, "article.txt", raw) == f"binary file ({kind})"


def test_nul_bytes_are_binary(tmp_path):
    assert reason(tmp_path, "nul.txt", b"Xi\x00Trump") == "binary file (contains NUL bytes)"


def test_mostly_control_characters_are_binary(tmp_path):
    assert reason(tmp_path, "ctl.txt", bytes(range(1, 32)) * 20 + b"text").startswith("binary file")


def test_unsupported_suffix_lists_registry(tmp_path):
    supported = ", ".join(readers.names())
    assert reason(tmp_path, "report.pdf", b"%PDF-1.4") == f"unsupported file type '.pdf' (supported: {supported})"
    for suffix in (".htm", ".html", ".json", ".md", ".txt"):
        assert suffix in supported


def test_too_large_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:  # 40 MB sparse file: costs no disk, would cost time if read
        f.truncate(40 * 1024 * 1024)
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    started = time.monotonic()
    with pytest.raises(IngestError) as info:
        read_document(big, tmp_path)
    assert info.value.reason == f"file too large ({40 * 1024 * 1024} bytes; limit {DEFAULT_MAX_BYTES})"
    assert reads == [] and time.monotonic() - started < 1


def test_small_max_bytes(tmp_path):
    assert reason(tmp_path, "a.txt", "x" * 101, max_bytes=100).startswith("file too large (101 bytes")
    assert read(tmp_path, "b.txt", "x" * 100, max_bytes=100)[0].text == "x" * 100


def test_reads_at_most_max_bytes_plus_one(tmp_path, monkeypatch):
    """Even when stat's size is stale (a file still growing), reading stops at max_bytes + 1."""
    path = write(tmp_path, "grow.txt", "y" * 5000)

    def shrunk(st: os.stat_result) -> os.stat_result:
        return os.stat_result((*st[:6], 10, *st[7:]))  # index 6 is st_size

    real_stat, real_fstat, real_read = os.stat, os.fstat, os.read
    monkeypatch.setattr(os, "stat", lambda *a, **kw: shrunk(real_stat(*a, **kw)))
    monkeypatch.setattr(os, "fstat", lambda fd: shrunk(real_fstat(fd)))
    read_sizes: list[int] = []
    monkeypatch.setattr(os, "read", lambda fd, n: read_sizes.append(n) or real_read(fd, n))
    with pytest.raises(IngestError) as info:
        read_document(path, tmp_path, max_bytes=100)
    assert "grew while being read" in info.value.reason
    assert 0 < sum(read_sizes) <= 101


def test_symlink_outside_root(tmp_path):
    outside = write(tmp_path, "secret.txt", ARTICLE)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    write(folder, "good.txt", ARTICLE)
    docs, skipped = ingest([folder], warn=Warnings())
    assert [d.source for d in docs] == ["good.txt"]
    assert skipped == [Skipped("link.txt", "symlink points outside the input folder")]


def test_symlink_inside_root_is_read(tmp_path):
    write(tmp_path, "real.txt", ARTICLE)
    (tmp_path / "alias.txt").symlink_to(tmp_path / "real.txt")
    assert read_document(tmp_path / "alias.txt", tmp_path).text == ARTICLE


def test_directory_named_like_file_is_ignored(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    write(tmp_path, "a.txt", ARTICLE)
    assert discover([tmp_path]) == [(tmp_path / "a.txt", tmp_path)]
    with pytest.raises(IngestError, match="is a directory"):
        read_document(tmp_path / "folder.txt", tmp_path)


def test_missing_file(tmp_path):
    docs, skipped = ingest([tmp_path / "nope.txt"], warn=Warnings())
    assert docs == [] and skipped == [Skipped("nope.txt", "file not found")]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path):
    path = write(tmp_path, "locked.txt", ARTICLE)
    path.chmod(0)
    try:
        with pytest.raises(IngestError, match="permission denied"):
            read_document(path, tmp_path)
    finally:
        path.chmod(0o644)


def test_permission_denied_reported(tmp_path, monkeypatch):
    """Same path as above, simulated, so it is covered when the tests run as root."""
    path = write(tmp_path, "locked.txt", ARTICLE)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(IngestError, match="permission denied"):
        read_document(path, tmp_path)


def test_fifo_is_not_read(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(IngestError, match="not a regular file"):
        read_document(tmp_path / "pipe.txt", tmp_path)


def test_control_characters_removed_with_warning(tmp_path):
    doc, warn = read(tmp_path, "ctl.txt", "Xi\x01 spoke\x7f with\x85 Trump\x0b on\ufffe Monday.\uffff\t!")
    assert doc.text == "Xi spoke with Trump on Monday.\t!"
    assert warn == ["ctl.txt: removed 6 control characters that RDF cannot carry"]


# --- ids ------------------------------------------------------------------------------------------

def test_hostile_file_name_gives_safe_id(tmp_path):
    name = '"><img src=x onerror=alert(1)>.txt'
    doc, _ = read(tmp_path, name, ARTICLE)
    assert doc.source == name
    assert re.fullmatch(SAFE_ID, doc.id)
    assert "<" not in doc.id and '"' not in doc.id


@pytest.mark.parametrize("stem", ["..", "-rf", "x" * 200, "Pékin talks", "习近平", "a b", "\u202etxt"])
def test_odd_stems_give_safe_ids(tmp_path, stem):
    doc, _ = read(tmp_path, stem + ".txt", ARTICLE)
    assert re.fullmatch(SAFE_ID, doc.id), doc.id


def test_unprintable_file_names_are_escaped_in_source(tmp_path):
    name = os.fsdecode(b"bad\xff\nname.txt")
    write(tmp_path, name, ARTICLE)
    docs, _ = ingest([tmp_path], warn=Warnings())
    assert [d.source for d in docs] == ["bad\\xff\\x0aname.txt"]
    assert re.fullmatch(SAFE_ID, docs[0].id)


def test_file_without_suffix(tmp_path):
    assert reason(tmp_path, "README", ARTICLE).startswith("unsupported file type (no suffix) (supported: ")


def test_same_stem_gets_distinct_deterministic_ids(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "a.md", ARTICLE)
    write(tmp_path, "sub/a.txt", ARTICLE)
    write(tmp_path, "b.txt", ARTICLE)
    docs, _ = ingest([tmp_path], warn=Warnings())
    ids = {d.source: d.id for d in docs}
    assert len(set(ids.values())) == 4
    assert ids["b.txt"] == "b"
    assert ids["sub/a.txt"].startswith("a-") and ids["a.md"].startswith("a-")
    assert ids == {d.source: d.id for d in ingest([tmp_path], warn=Warnings())[0]}


def test_same_relative_path_under_two_roots(tmp_path):
    write(tmp_path, "one/a.txt", ARTICLE)
    write(tmp_path, "two/a.txt", ARTICLE)
    docs, _ = ingest([tmp_path / "one", tmp_path / "two"], warn=Warnings())
    assert [d.id for d in docs] == ["a", "a-2"]


# --- discovery and ingest -------------------------------------------------------------------------

def test_discover_order_and_filters(tmp_path):
    for name in ["b.txt", "a/z.txt", "a/b.txt", "A.txt", ".hidden.txt", ".git/x.txt", "x.gold.json", "c.json"]:
        write(tmp_path, name, ARTICLE)
    rel = [p.relative_to(tmp_path).as_posix() for p, root in discover([tmp_path])]
    assert rel == ["A.txt", "a/b.txt", "a/z.txt", "b.txt", "c.json"]
    assert all(root == tmp_path for _, root in discover([tmp_path]))


def test_discover_explicit_file_kept(tmp_path):
    path = write(tmp_path, "x.gold.json", "{}")
    assert discover([path]) == [(path, tmp_path)]


def test_ingest_folder_with_good_and_bad_files(tmp_path):
    write(tmp_path, "01_good.txt", ARTICLE)
    write(tmp_path, "02_empty.txt", b"")
    write(tmp_path, "03_good.json", json.dumps({"text": ARTICLE}))
    write(tmp_path, "04_image.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(tmp_path, "05_scan.pdf", b"%PDF-1.4")
    write(tmp_path, "06_good.html", f"<html><body><article><p>{ARTICLE * 3}</p></article></body></html>")
    write(tmp_path, "07_nan.json", '{"text": NaN}')
    warn = Warnings()
    docs, skipped = ingest([tmp_path], warn=warn)
    assert [d.source for d in docs] == ["01_good.txt", "03_good.json", "06_good.html"]
    assert [s.source for s in skipped] == ["02_empty.txt", "04_image.txt", "05_scan.pdf", "07_nan.json"]
    assert warn == [f"skipped {s.source}: {s.reason}" for s in skipped]


def test_sample_inputs_ingest_cleanly():
    warn = Warnings()
    docs, skipped = ingest([REPO / "inputs"], warn=warn)
    assert skipped == [] and warn == []
    assert len(docs) == 5
    by_id = {d.id: d for d in docs}
    assert by_id["seed_xi_trump_2025_11_24_app"].published == "2025-11-24"
    assert "seed_xi_trump_2017_04_24_wire" in by_id


# --- property -------------------------------------------------------------------------------------

_PREFIXES = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b" date 2020-01-02 ", b"<html><body><p>", b'{"text": "']


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(_PREFIXES), body=st.binary(max_size=400),
       text=st.text(max_size=200), suffix=st.sampled_from([".txt", ".md", ".html", ".json"]))
def test_read_document_never_raises_anything_else(prefix, body, text, suffix):
    raw = prefix + text.encode("utf-8", "surrogatepass") + body
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(raw)
        try:
            doc = read_document(path, Path(folder), warn=lambda m: None)
        except IngestError:
            return
    assert not FORBIDDEN_CHARS.search(doc.text)
    assert "\r" not in doc.text and doc.text.strip()
    assert unicodedata.is_normalized("NFC", doc.text)
    assert re.fullmatch(SAFE_ID, doc.id)


def test_parallel_ingest_gives_the_same_documents_warnings_and_skips(tmp_path):
    """Big folders are read by several processes; ids (with clashes), order, warnings and skipped
    files are exactly those of one process."""
    for i in range(1100):
        sub = tmp_path / f"d{i % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"a{i // 3}.txt").write_text(f"Xi Jinping met Joe Biden on day {i}.\x07\n", encoding="utf-8")
    (tmp_path / "d0" / "a1.md").write_text("# a clash of stems\n\nText.\n", encoding="utf-8")
    (tmp_path / "d1" / "empty.txt").write_bytes(b"")
    (tmp_path / "d2" / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    runs = []
    for workers in (1, 2):
        notes: list[str] = []
        docs, skipped = ingest([tmp_path], warn=notes.append, workers=workers)
        runs.append((docs, skipped, notes))
    assert runs[0] == runs[1]
    docs, skipped, notes = runs[0]
    assert len(docs) == 1101 and len({d.id for d in docs}) == 1101
    assert [s.source for s in skipped] == ["d1/empty.txt", "d2/bin.txt"]
    assert sum("control character" in n for n in notes) == 1100


# --- fast paths give what the general ones give ------------------------------------------------

_FORBIDDEN_SAMPLES = "\x00\x01\x08\t\n\x0b\x0c\r\x0e\x1f \x7f\x80\x85\x9f\xa0\xc2\xe9\u00ff\u0301\u2028" \
                     "\ud7ff\ud800\udc80\udfff\ue000\ufeff\ufffd\ufffe\uffff\U0001f600"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from(_FORBIDDEN_SAMPLES), st.characters()), max_size=60))
def test_text_cleaning_fast_paths_match_the_regexes(text):
    """count_forbidden (bytes.translate on UTF-8), the ASCII/NFC shortcuts and clean_body must give
    exactly what the plain regex + unicodedata steps give, on ASCII, non-ASCII, C1, noncharacters
    and lone surrogates alike."""
    from kg.ingest.base import (BINARY_CONTROL_RATIO, clean_body, clean_text, count_forbidden,
                                has_lone_surrogate, strip_forbidden)

    assert count_forbidden(text) == len(FORBIDDEN_CHARS.findall(text))
    assert strip_forbidden(text) == FORBIDDEN_CHARS.subn("", text)
    assert has_lone_surrogate(text) == bool(re.search("[\ud800-\udfff]", text))
    lf = text.replace("\r\n", "\n").replace("\r", "\n")
    stripped, n = FORBIDDEN_CHARS.subn("", lf)
    assert clean_text(text) == (unicodedata.normalize("NFC", stripped), n)
    if lf and n and n / len(lf) > BINARY_CONTROL_RATIO:
        with pytest.raises(IngestError, match="control characters"):
            clean_body(text, source="x")
    else:
        assert clean_body(text, source="x") == (unicodedata.normalize("NFC", stripped), n)


@pytest.mark.parametrize("text", [ARTICLE, ARTICLE.replace("talks", "Gespräche"), "Cafe\u0301\r\n" * 40,
                                  "x\x01y\x85z\ufffe" * 30, "\xa0\u00c2\u0080 Pékin " * 50, "a\ud800b"])
def test_count_forbidden_on_long_text(text):
    from kg.ingest.base import count_forbidden

    assert count_forbidden(text) == len(FORBIDDEN_CHARS.findall(text))


def test_folder_fast_path_matches_read_document(tmp_path):
    """Files found in a folder are read without resolve(); each must give the Document (or the
    refusal) and the warnings that read_document's general path gives."""
    from kg.ingest import _discover, _read_chunk

    root = tmp_path / "in"
    contents = {
        "plain.txt": ARTICLE, "nfd.md": "Cafe\u0301 " + ARTICLE, "ctl.txt": "Xi\x01 spoke\x85 " + ARTICLE,
        "crlf.txt": "a\r\nb\rc " + ARTICLE, "latin.txt": "Pékin".encode("latin-1"), "empty.txt": b"",
        "front.md": "---\ntitle: T\x01  x\ndate: 2019-12\nurl: javascript:x\n---\n" + ARTICLE,
        "a.json": json.dumps({"text": "Gespräche " + ARTICLE, "title": "Caf\u0065\u0301"}),
        "sub/deeper/n.txt": ARTICLE, "sub/x.json": '{"text": NaN}', "bin.txt": b"\x89PNG\r\n\x1a\n\x00",
        "page.html": f"<html><body><article><p>{ARTICLE * 3}</p></article></body></html>",
        "u16.txt": "Xi 习近平".encode("utf-16"), "ws.txt": " \n\t", "big.txt": "y" * 5000,
    }
    for name, content in contents.items():
        write(root, name, content)
    write(tmp_path, "outside.txt", ARTICLE)
    (root / "link_in.txt").symlink_to(root / "plain.txt")
    (root / "link_out.txt").symlink_to(tmp_path / "outside.txt")
    items = _discover([root], print)
    assert sum(rel is not None for _, _, rel in items) == len(contents)  # all regular files
    fast = _read_chunk((items, 1000))
    for (path, _, _), result in zip(items, fast):
        warn = Warnings()
        try:
            expected = (read_document(Path(path), root, max_bytes=1000, warn=warn), None)
        except IngestError as e:
            expected = (None, Skipped(e.path, e.reason))
        got = result if len(result) == 3 else (result, None, [])
        row, skip, notes = got
        assert (Document(*row) if row else None, Skipped(*skip) if skip else None) == expected, path
        assert notes == warn, path


def test_folder_swapped_for_symlink_after_discovery_is_refused(tmp_path):
    """The fast path trusts no listing: a sub-folder or a file replaced by a symlink to somewhere
    outside the root between discovery and reading is still refused."""
    from kg.ingest import _discover, _read_chunk

    root = tmp_path / "in"
    write(root, "sub/a.txt", ARTICLE)
    write(root, "b.txt", ARTICLE)
    write(tmp_path, "elsewhere/a.txt", "secret")
    write(tmp_path, "secret.txt", "secret")
    items = _discover([root], print)
    assert [rel for _, _, rel in items] == ["b.txt", "sub/a.txt"]
    (root / "sub" / "a.txt").unlink()
    (root / "sub").rmdir()
    (root / "sub").symlink_to(tmp_path / "elsewhere")
    (root / "b.txt").unlink()
    (root / "b.txt").symlink_to(tmp_path / "secret.txt")
    results = _read_chunk((items, DEFAULT_MAX_BYTES))
    assert [r[1] for r in results] == [("b.txt", "symlink points outside the input folder"),
                                       ("sub/a.txt", "path resolves outside the input folder")]


def test_discover_sorts_by_path_components(tmp_path):
    names = ["a/b.txt", "a-b.txt", "a.txt", "a b/c.txt", "a0.txt", "ab/x.txt", "a/b/c.txt", "a/b-c.txt",
             "é.txt", "Z.txt", "a/b/c/d.txt", "a/b c.txt", "a!.txt", "sub.d/x.txt", "sub/x.txt", "sub-1.txt"]
    for name in names:
        write(tmp_path, name, ARTICLE)
    listed = [p.relative_to(tmp_path) for p, _ in discover([tmp_path])]
    assert listed == sorted((Path(n) for n in names), key=lambda p: p.parts)


def test_json_with_two_byte_order_marks(tmp_path):
    """The decoder is built once; json.loads' own BOM check is kept, with its message."""
    raw = b"\xef\xbb\xbf\xef\xbb\xbf" + json.dumps({"text": ARTICLE}).encode()
    with pytest.raises(json.JSONDecodeError) as info:
        json.loads(raw.decode("utf-8-sig"), parse_constant=float)
    assert reason(tmp_path, "bom2.json", raw) == f"invalid JSON ({info.value.msg} at line 1 column 1)"


def test_document_without_text_keeps_every_other_field():
    """without_text is positional for speed: it must follow the fields (a new field fails here)."""
    import dataclasses

    from kg.model import Document

    values = {f.name: f"v-{f.name}" for f in dataclasses.fields(Document)}
    d = Document(**values)
    bare = d.without_text()
    assert bare.text == "" and dataclasses.replace(d, text="") == bare
