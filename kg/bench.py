"""``kg bench``: a synthetic but realistic corpus, a full build on it, and the figures that matter.

The corpus generator writes N articles (about 1.5-2.5 KB each) from its own sentence templates
over the vocabulary DATA (``kg.vocab.load_vocabulary()``): leaders with the office they held on
the article's date, phone calls, video calls, meetings and letters in several phrasings, who
asked for them, date expressions (weekdays, yesterday, last month, explicit dates, wire
datelines), issues raised by one or both leaders under their SKOS labels, earlier and planned
meetings at places, several engagements per article and noise paragraphs. Article ``i`` depends
only on ``(seed, i)``, so a corpus is deterministic and growing it (the incremental step) leaves
the first N articles unchanged. Each generated engagement is also returned as a small gold record,
so the templates can be checked against kg's extractor (an independent sanity check).

The benchmark is a script, never a timed test. It prints a readable summary on stderr and the
JSON (also written to ``OUT/bench.json``) on stdout.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import re
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .store import loader_env
from .vocab import Office, Person, Place, Vocabulary, load_vocabulary

# --------------------------------------------------------------------------------------------------
# Corpus generator
# --------------------------------------------------------------------------------------------------

LEADER_TITLES = ("President", "Prime Minister", "Chancellor", "Premier", "King", "Queen", "Emir",
                 "Crown Prince", "Supreme Leader", "Emperor")
START = _dt.date(2010, 1, 1)
END = _dt.date(2025, 12, 31)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
AGENCIES = ("Xinhua", "Reuters", "AP", "AFP", "TASS", "Kyodo", "Yonhap", "PTI", "APP", "Anadolu")
SUMMITS = ("G20 summit", "APEC leaders' meeting", "BRICS summit", "NATO summit", "G7 summit",
           "East Asia Summit", "UN General Assembly", "SCO summit")
_THE = ("United ", "Netherlands", "Philippines", "Czech Republic", "Democratic ", "Central African",
        "Dominican Republic", "Bahamas", "Gambia", "Maldives", "Holy See", "Republic of")

NOISE = (
    "Stock markets in the region closed slightly higher, with investors watching energy prices and the outlook for interest rates.",
    "The weather service forecast light rain over the weekend, with temperatures expected to fall by several degrees.",
    "Officials at the foreign ministry declined to give further details when asked by reporters.",
    "The statement was published on the ministry's website and carried by state media in several languages.",
    "Analysts said the exchange reflected a cautious effort by both governments to keep channels of communication open.",
    "A spokesperson later told a regular press briefing that both sides had agreed to stay in close contact.",
    "Local newspapers gave the story prominent coverage on their front pages the following morning.",
    "The national football team is preparing for a qualifying match later in the season, the sports ministry said.",
    "Observers noted that the tone of the official readout was warmer than in previous statements.",
    "The central bank left its benchmark rate unchanged, citing steady growth and easing inflation.",
    "Several think tanks published commentaries on the significance of the exchange for regional stability.",
    "Opposition lawmakers called for more transparency about the government's diplomatic agenda.",
    "Festival organisers said record numbers of visitors were expected at the cultural events this month.",
    "The currency traded in a narrow range against the dollar during the afternoon session.",
    "Diplomatic sources said working-level contacts had intensified in recent weeks.",
    "Editors' note: this article has been updated with additional background information.",
    "The full text of the readout runs to several pages and covers a wide range of topics.",
    "Commentators on social media reacted with a mix of optimism and scepticism.",
)


STATEMENTS = (
    "{S} said the two countries should strengthen strategic communication and deepen mutual trust.",
    "{S} noted that relations between the two countries had maintained a sound momentum of development.",
    "{S} thanked {O} for the warm words and said {C} was ready to work with all partners.",
    "{S} said that the two sides should respect each other's core interests and properly manage differences.",
    "{S} stressed that dialogue and consultation were the only viable way forward.",
    "{S} said that {C} attached great importance to its relationship with the partner country.",
    "{S} welcomed the progress made by the working groups of both governments since the last exchange.",
)


@dataclass
class Leader:
    person: Person
    office: Office
    country: Place

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def short(self) -> str:
        fam = self.person.family_name
        if fam and fam != self.person.name:
            return f"{self.office.title} {fam}" if len(self.office.title) < 16 else fam
        return self.person.name


@dataclass
class GoldEngagement:
    type: str
    participants: list[str]
    date: str | None
    initiator: str | None = None
    issues: list[str] = field(default_factory=list)
    prior: list[str] = field(default_factory=list)  # place names
    planned: list[str] = field(default_factory=list)


@dataclass
class Article:
    index: int
    filename: str
    published: str
    text: str  # the file's content as written
    gold: list[GoldEngagement]


class CorpusGenerator:
    """Deterministic article factory: ``article(i)`` depends only on (seed, i)."""

    def __init__(self, seed: int = 7, vocab: Vocabulary | None = None):
        self.seed = seed
        self.vocab = vocab or load_vocabulary()
        v = self.vocab
        self.offices: list[tuple[Person, Office, Place]] = []
        for p in v.people:
            for o in p.offices:
                c = v.place_by_key(o.country) if o.country else None
                if c is not None and o.title in LEADER_TITLES:
                    self.offices.append((p, o, c))
        self.cities: dict[str, list[Place]] = {}
        self.places_all: list[Place] = []
        for pl in v.places:
            if pl.kind in ("City", "Venue"):
                self.places_all.append(pl)
                top = pl
                for anc in v.ancestors(pl):
                    top = anc
                if top.kind == "Country":
                    self.cities.setdefault(top.key, []).append(pl)
        self.issues = [i for i in v.issues]

    # -- helpers ----------------------------------------------------------------------------------
    def _leaders_on(self, day: str) -> list[Leader]:
        out: dict[str, Leader] = {}
        for p, o, c in self.offices:
            if o.held_on(day) and p.key not in out:
                out[p.key] = Leader(p, o, c)
        return sorted(out.values(), key=lambda L: L.person.key)

    @staticmethod
    def _country_name(c: Place) -> str:
        return f"the {c.name}" if c.name.startswith(_THE) else c.name

    def _full(self, L: Leader, rnd: random.Random) -> str:
        c = L.country
        demonym = c.demonyms[0] if c.demonyms else None
        forms = [f"{L.office.title} {L.name} of {self._country_name(c)}"]
        if demonym:
            forms.append(f"{demonym} {L.office.title} {L.name}")
        return rnd.choice(forms)

    def _city(self, L: Leader, rnd: random.Random) -> Place | None:
        cs = self.cities.get(L.country.key)
        return rnd.choice(cs) if cs else None

    @staticmethod
    def _fmt_date(d: _dt.date, rnd: random.Random) -> str:
        return rnd.choice([f"{MONTHS[d.month - 1]} {d.day}, {d.year}", f"{d.day} {MONTHS[d.month - 1]} {d.year}"])

    def _when(self, pub: _dt.date, rnd: random.Random) -> tuple[str, str | None]:
        """A date expression for an engagement reported in an article published on ``pub``."""
        mode = rnd.choices(["weekday", "yesterday", "today", "explicit", "last_month", "earlier"],
                           weights=[30, 15, 10, 30, 10, 5])[0]
        if mode == "weekday":
            d = pub - _dt.timedelta(days=rnd.randint(1, 6))
            return f"on {WEEKDAYS[d.weekday()]}", d.isoformat()
        if mode == "yesterday":
            d = pub - _dt.timedelta(days=1)
            return "yesterday", d.isoformat()
        if mode == "today":
            return "today", pub.isoformat()
        if mode == "explicit":
            d = pub - _dt.timedelta(days=rnd.randint(0, 9))
            return f"on {self._fmt_date(d, rnd)}", d.isoformat()
        if mode == "last_month":
            first = pub.replace(day=1) - _dt.timedelta(days=1)
            return "last month", f"{first.year:04d}-{first.month:02d}"
        return "earlier this month", f"{pub.year:04d}-{pub.month:02d}"

    # -- sentences ----------------------------------------------------------------------------------
    def _engagement_sentence(self, kind: str, A: Leader, B: Leader, when: str, place: Place | None,
                             rnd: random.Random) -> tuple[str, str | None]:
        a, b = self._full(A, rnd), self._full(B, rnd)
        bs = B.short
        at = f" in {place.name}" if place else ""
        if kind == "PhoneCall":
            opts = [
                (f"{a} held a phone call with {b} {when}.", None),
                (f"{a} spoke with {b} by telephone {when}.", None),
                (f"{a} had a telephone conversation with {b} {when}.", None),
                (f"{a} received a phone call from {b} {when}.", B.name),
                (f"At the request of {b}, {a} held telephone talks with {bs} {when}.", B.name),
                (f"{a} held telephone talks with {b} {when} at the request of the {B.country.demonyms[0] if B.country.demonyms else B.country.name} side.", B.name),
                (f"{a} made a phone call to {b} {when}.", A.name),
                (f"{a} phoned {b} {when}.", A.name),
            ]
        elif kind == "VideoCall":
            opts = [
                (f"{a} held talks with {b} via video link {when}.", None),
                (f"{a} and {b} held a virtual meeting {when}.", None),
                (f"{a} had a video call with {b} {when}.", None),
                (f"At the request of {b}, {a} held a video call with {bs} {when}.", B.name),
            ]
        elif kind == "Meeting":
            opts = [
                (f"{a} met with {b}{at} {when}.", None),
                (f"{a} held talks with {b}{at} {when}.", None),
                (f"{a} met {b} on the sidelines of the {rnd.choice(SUMMITS)}{at} {when}.", None),
                (f"{a} hosted {b} for talks{at} {when}.", None),
            ]
        else:  # Letter
            opts = [
                (f"{a} sent a congratulatory letter to {b} {when}.", A.name),
                (f"{a} sent a message of condolence to {b} {when}.", A.name),
                (f"{a} wrote to {b} {when}, according to a statement.", A.name),
            ]
        return rnd.choice(opts)

    def _issue_sentences(self, A: Leader, B: Leader, kind: str, rnd: random.Random) -> tuple[list[str], list[str]]:
        picked = rnd.sample(self.issues, k=rnd.randint(1, 3))
        out, ids = [], []
        for iss in picked:
            label = rnd.choice((iss.pref_label, *iss.alt_labels)) if iss.alt_labels else iss.pref_label
            ids.append(iss.id)
            S = rnd.choice((A, B))
            out.append(rnd.choice([
                f"{S.short} said that {label} remained an important part of the bilateral agenda.",
                f"{S.short} raised the issue of {label}.",
                f"{S.short} stressed the importance of cooperation on {label}.",
                f"The two leaders discussed {label} and agreed to continue consultations.",
                f"They also exchanged views on {label}.",
                f"On the question of {label}, {S.short} outlined the position of {self._country_name(S.country)}.",
            ]))
        for _ in range(rnd.randint(1, 2)):
            S = rnd.choice((A, B))
            out.append(rnd.choice(STATEMENTS).format(S=S.short, O=(B if S is A else A).short,
                                                     C=self._country_name(S.country)))
        return out, ids

    def _meeting_refs(self, A: Leader, B: Leader, rnd: random.Random) -> tuple[list[str], list[str], list[str]]:
        sents, prior, planned = [], [], []
        if rnd.random() < 0.45:
            pl = rnd.choice(self.places_all)
            expr = rnd.choice(["last year", "last month", f"in {rnd.choice(MONTHS)} last year", "two years ago"])
            at = "at" if pl.kind == "Venue" else "in"
            sents.append(rnd.choice([
                f"{A.short} recalled the meeting with {B.short} {at} {pl.name} {expr}.",
                f"Both leaders recalled their meeting {at} {pl.name} {expr} and the consensus reached there.",
            ]))
            prior.append(pl.name)
        if rnd.random() < 0.35:
            pl = self._city(rnd.choice((A, B)), rnd) or rnd.choice(self.places_all)
            expr = rnd.choice(["next month", "later this year", "next year", "in the coming weeks"])
            at = "at" if pl.kind == "Venue" else "in"
            sents.append(rnd.choice([
                f"{B.short} expressed the hope to meet {A.short} {at} {pl.name} {expr}.",
                f"The two leaders agreed to meet {at} {pl.name} {expr}.",
            ]))
            planned.append(pl.name)
        return sents, prior, planned

    # -- the article ---------------------------------------------------------------------------
    def article(self, i: int) -> Article:
        rnd = random.Random(self.seed * 1_000_003 + i)
        span = (END - START).days
        for _ in range(50):
            pub = START + _dt.timedelta(days=rnd.randint(0, span))
            leaders = self._leaders_on(pub.isoformat())
            if len(leaders) >= 4:
                break
        A = rnd.choice(leaders)
        others = [L for L in leaders if L.country.key != A.country.key] or [L for L in leaders if L is not A]
        paragraphs: list[str] = []
        gold: list[GoldEngagement] = []
        n_eng = rnd.choices([1, 2, 3], weights=[50, 35, 15])[0]
        partners = rnd.sample(others, k=min(n_eng, len(others)))
        kinds = ["PhoneCall", "VideoCall", "Meeting", "Letter"]
        first_kind = None
        noise = list(NOISE)
        rnd.shuffle(noise)
        for k, B in enumerate(partners):
            kind = rnd.choices(kinds, weights=[45, 15, 30, 10])[0]
            first_kind = first_kind or kind
            when, value = self._when(pub, rnd)
            place = self._city(rnd.choice((A, B)), rnd) if kind == "Meeting" else None
            sent, initiator = self._engagement_sentence(kind, A, B, when, place, rnd)
            if k > 0:
                if sent.startswith("At "):
                    sent = "at " + sent[3:]
                sent = rnd.choice(["Separately, ", "In a separate engagement, ", "Also, "]) + sent
            issue_sents, issue_ids = self._issue_sentences(A, B, kind, rnd)
            ref_sents, prior, planned = self._meeting_refs(A, B, rnd)
            paragraphs.append(sent)
            body = issue_sents + ref_sents
            rnd.shuffle(body)
            while body:
                take = rnd.randint(1, 2)
                paragraphs.append(" ".join(body[:take]))
                body = body[take:]
            if rnd.random() < 0.5:
                paragraphs.append(noise.pop())
            gold.append(GoldEngagement(kind, sorted([A.name, B.name]), value, initiator, sorted(set(issue_ids)),
                                       prior, planned))
        # dateline on the first paragraph, wire style
        if rnd.random() < 0.5:
            city = self._city(A, rnd)
            if city is not None:
                mon = MONTHS[pub.month - 1][:3]
                paragraphs[0] = f"{city.name.upper()}, {mon} {pub.day} ({rnd.choice(AGENCIES)}) -- {paragraphs[0]}"
        target = rnd.randint(1500, 2200)
        while sum(len(p) + 2 for p in paragraphs) < target and noise:
            pos = rnd.randint(1, len(paragraphs))
            paragraphs.insert(pos, noise.pop())
        while sum(len(p) + 2 for p in paragraphs) > 2400:
            noisy = [k for k, p in enumerate(paragraphs) if p in NOISE]
            if not noisy:
                break
            paragraphs.pop(noisy[-1])
        B0 = partners[0]
        title = {"PhoneCall": "holds phone talks with", "VideoCall": "holds video talks with",
                 "Meeting": "meets", "Letter": "sends letter to"}[first_kind or "PhoneCall"]
        title = f"{A.short} {title} {B0.short}"
        body = "\n\n".join(paragraphs) + "\n"
        fmt = rnd.choices(["md", "txt", "json"], weights=[60, 25, 15])[0]
        stem = f"bench_{i:06d}"
        if fmt == "md":
            text = f"---\ntitle: {title}\ndate: {pub.isoformat()}\n---\n\n# {title}\n\n{body}"
        elif fmt == "txt":
            text = f"date {pub.isoformat()}\n\n{title}\n\n{body}"
        else:
            text = json.dumps({"title": title, "published": pub.isoformat(), "text": body}, ensure_ascii=False, indent=1)
        return Article(i, f"{stem}.{fmt}", pub.isoformat(), text, gold)

    def write(self, folder: Path, start: int, stop: int) -> list[Article]:
        folder.mkdir(parents=True, exist_ok=True)
        arts = [self.article(i) for i in range(start, stop)]
        for a in arts:
            (folder / a.filename).write_text(a.text, encoding="utf-8")
        return arts


def generate_corpus(folder: Path, n: int, seed: int = 7, start: int = 0) -> list[Article]:
    """Write articles ``start .. start+n-1`` into ``folder``; returns them with their gold records."""
    return CorpusGenerator(seed).write(Path(folder), start, start + n)


def template_recall(articles: list[Article], extractions) -> dict:
    """Share of generated engagements kg's extractor found: same type and the same two participants
    (and, reported separately, the same date)."""
    by_file = {Path(x.document.source).name: x for x in extractions}
    total = found = dated = 0
    for a in articles:
        x = by_file.get(a.filename)
        got = [(e.type, tuple(sorted(e.participants)), e.date.value) for e in x.engagements] if x else []
        for g in a.gold:
            total += 1
            hits = [t for t in got if t[0] == g.type and set(g.participants) <= set(t[1])]
            if hits:
                found += 1
                if any(t[2] == g.date for t in hits):
                    dated += 1
    return {"engagements": total, "found": found, "found_with_date": dated,
            "recall": found / total if total else 0.0, "date_recall": dated / total if total else 0.0}


# --------------------------------------------------------------------------------------------------
# Measurement helpers
# --------------------------------------------------------------------------------------------------

class RssSampler:
    """Peak memory of this process (RSS) plus its children (PSS), sampled every ``interval`` s."""

    def __init__(self, interval: float = 0.5, pid: int | None = None):
        import psutil

        self._proc = psutil.Process(pid)
        self._psutil = psutil
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _mem(self, p) -> int:
        """Resident memory; for forked children their proportional share (PSS), so pages they
        share copy-on-write with the parent are not counted twice."""
        if p is self._proc:
            return p.memory_info().rss
        try:
            return p.memory_full_info().pss
        except (AttributeError, self._psutil.AccessDenied):
            return p.memory_info().rss

    def sample(self) -> int:
        total = 0
        try:
            total = self._mem(self._proc)
            for c in self._proc.children(recursive=True):
                try:
                    total += self._mem(c)
                except (self._psutil.NoSuchProcess, self._psutil.AccessDenied):
                    pass
        except self._psutil.Error:
            pass
        self.peak = max(self.peak, total)
        return total

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> "RssSampler":
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    @property
    def peak_mb(self) -> float:
        return round(self.peak / 2**20, 1)


class _Progress:
    def __init__(self, log: Callable[[str], None] | None, every: float = 5.0):
        self.log = log
        self.every = every
        self.last = 0.0
        self.messages: list[tuple[float, str]] = []
        self.end = 0.0

    def __call__(self, msg: str) -> None:
        now = time.perf_counter()
        self.messages.append((now, msg))
        if not msg.startswith("[") and self.log:
            self.log(f"  {msg}")
        elif self.log and now - self.last > self.every:
            self.last = now
            self.log(f"  {msg}")

    def extract_counts(self) -> tuple[int, int, float]:
        import re

        for _, m in reversed(self.messages):
            hit = re.match(r"extract: (\d+) cached, (\d+) extracted in ([\d.]+) s", m)
            if hit:
                return int(hit.group(1)), int(hit.group(2)), float(hit.group(3))
        return 0, 0, 0.0


# `kg build --formats` for the lean incremental step: every export but the two line-based dumps
# (N-Quads, N-Triples: 3.6 of the 5.4 GB of streamed exports at 100,000 articles)
LEAN_FORMATS = "turtle,trig,jsonld,graphml,html"


def _build_command(corpus: Path, out: Path, workers: int, progress: "_Progress",
                   *extra: str, sample: bool = True) -> tuple[dict, float | None]:
    """Run ``kg build`` in a process of its own, its progress lines fed to ``progress``; returns
    the stages' seconds (from its manifest) and its peak memory in MB (RSS + its children's), or
    None when not ``sample``d: a timed run is left alone, its peak is taken from a twin run."""
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "--workers", str(workers), *extra]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8", errors="replace")
    tail: list[str] = []
    # once a second: a forked child's PSS is read from its page tables, which holds up the
    # child's own allocations while it is read; every 0.2 s, that added ~4 s to a 100,000-article
    # +100 build (mean of four runs each: 41.1 s against 36.9 s unsampled, 35.4 s at 1 s)
    with (RssSampler(interval=1.0, pid=proc.pid) if sample else contextlib.nullcontext()) as rss:
        for line in proc.stderr:  # type: ignore[union-attr]
            line = line.rstrip("\n")
            tail = (tail + [line])[-20:]
            progress(line)
        proc.wait()
    if proc.returncode != 0:
        raise RuntimeError(f"kg build failed ({proc.returncode}): " + "\n".join(tail))
    stages = json.loads((out / "manifest.json").read_text(encoding="utf-8")).get("stage_seconds", {})
    return {k: round(v, 2) for k, v in stages.items()}, (rss.peak_mb if rss is not None else None)


def _timed(fn, *a, **kw):
    t = time.perf_counter()
    r = fn(*a, **kw)
    return r, time.perf_counter() - t


def query_params(articles: list[Article]) -> dict[str, dict[str, str]]:
    """Example parameters for each saved query, taken from the corpus (the commonest values)."""
    people: Counter = Counter()
    pairs: Counter = Counter()
    initiators: Counter = Counter()
    prior: Counter = Counter()
    mentioned: Counter = Counter()
    months: Counter = Counter()
    for a in articles:
        months[a.published[:7]] += 1
        for g in a.gold:
            people.update(g.participants)
            pairs[tuple(g.participants)] += 1
            if g.initiator and g.type in ("PhoneCall", "VideoCall"):
                initiators[g.initiator] += 1
            prior.update(g.prior)
            mentioned.update(g.prior + g.planned)
    top = people.most_common(1)[0][0] if people else "Xi Jinping"
    a, b = pairs.most_common(1)[0][0] if pairs else ("Xi Jinping", "Donald Trump")
    return {
        "person": {"person": top},
        "initiator": {"person": initiators.most_common(1)[0][0] if initiators else top},
        "pair": {"a": a, "b": b},
        "prior_place": {"place": prior.most_common(1)[0][0] if prior else "Beijing"},
        "place": {"place": mentioned.most_common(1)[0][0] if mentioned else "Beijing"},
        # the timeline of the busiest month: an analyst's period, not the whole corpus at once
        "period": ({"from": months.most_common(1)[0][0], "to": months.most_common(1)[0][0]} if months else {}),
    }


def _params_for(name: str, declared: dict[str, str], examples: dict[str, dict[str, str]]) -> dict[str, str]:
    if not declared:
        return {}
    if set(declared) == {"a", "b"}:
        return examples["pair"]
    if set(declared) == {"from", "to"}:
        return dict(examples.get("period", {}))
    if set(declared) == {"person"}:
        return examples["initiator"] if "request" in name else examples["person"]
    if set(declared) == {"place"}:
        return examples["prior_place"] if "refers" in name else examples["place"]
    out = {}
    for k in declared:  # a saved query added later: try the closest example value
        for ex in examples.values():
            if k in ex:
                out[k] = ex[k]
                break
        else:
            out[k] = "Xi Jinping"
    return out


def for_rdflib(q: str) -> str:
    """rdflib has no LATERAL (an Oxigraph extension kg's saved queries use for per-row optionals):
    give it the standard form - an OPTIONAL, or a plain group - with the same answers."""
    q = re.sub(r"LATERAL \{ (OPTIONAL \{.*\}) \}", r"\1", q)
    return q.replace("LATERAL {", "{")


def _rdflib_query_child(nq_path: str, q: str, conn) -> None:  # pragma: no cover - runs in a child
    q = for_rdflib(q)
    # without LATERAL, the timeline's period lookup casts strings made from unbound years: rdflib
    # logs a traceback for each ill-formed date it is asked to make (hundreds), which says nothing
    import logging

    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    try:
        from rdflib import Dataset

        ds = Dataset(default_union=True)
        ds.parse(nq_path, format="nquads")
        t = time.perf_counter()
        rows = list(ds.query(q))
        conn.send(("ok", (time.perf_counter() - t) * 1000, len(rows)))
    except Exception as e:  # noqa: BLE001
        conn.send(("error", f"{type(e).__name__}: {e}", 0))


def _rdflib_query(nq_path: Path, q: str, timeout: float) -> tuple[float | None, int | None]:
    from .query import call_in_child

    msg = call_in_child(_rdflib_query_child, (str(nq_path), q), timeout)
    if msg is None:
        return None, None
    return (round(msg[1], 1), msg[2]) if msg[0] == "ok" else (None, None)


# --------------------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------------------

_RDFLIB_PARSE = """
import sys, time
from rdflib import Graph
g = Graph()
t = time.perf_counter()
g.parse(sys.argv[1], format="nt")
print(len(g), time.perf_counter() - t)
"""

_KG_LOAD = """
import json, sys
from pathlib import Path
from kg.store import bulk_load
print(json.dumps(bulk_load(Path(sys.argv[1]), Path(sys.argv[2]))))
"""


def _kg_load(nquads: Path, store_dir: Path) -> dict:
    """kg's bulk loader as the build runs it: a process of its own, in the loader's environment
    (kg.store.loader_env); its figures (load_s, quads, count_s), the store removed afterwards."""
    shutil.rmtree(store_dir, ignore_errors=True)
    try:
        proc = subprocess.run([sys.executable, "-c", _KG_LOAD, str(nquads), str(store_dir)],
                              capture_output=True, text=True, env=loader_env(), check=True)
        return json.loads(proc.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(store_dir, ignore_errors=True)


def _fresh_rate(script: str, *args: Path) -> int | None:
    """Statements per second a script reports (count, seconds) from a process of its own."""
    proc = subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True, text=True)
    for a in args[1:]:
        shutil.rmtree(a, ignore_errors=True)
    try:
        n, sec = proc.stdout.split()[-2:]
        return round(int(n) / float(sec)) if float(sec) > 0 else None
    except ValueError:
        return None


def run_bench(articles: int = 1000, workers: int = 2, out: Path = Path("bench-out"), seed: int = 7, *,
              plain_subset: int = 200, plain_query_timeout: float = 20.0, baseline_max_triples: int = 2_000_000, query_timeout: float = 120.0,
              rate_samples: int = 3,
              log: Callable[[str], None] | None = None) -> dict:
    """Generate the corpus, build it, measure; returns the bench.json dict (also written to OUT)."""
    import pyoxigraph as ox
    from rdflib import Dataset, Graph

    from .export.base import BuildContext, default_exporters, write_blocks
    from .pipeline import build as run_build
    from .query import bind, saved_queries
    from .export.rdf_formats import NQUADS
    from .rdf.build import build_graphs
    from .resolve import resolve
    from .store import write_store

    log = log or (lambda m: None)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    corpus = out / "corpus"
    build_dir = out / "build"
    scratch = out / "scratch"
    for d in (corpus, build_dir, scratch):
        if d.exists():
            shutil.rmtree(d)
    scratch.mkdir()
    res: dict = {"articles": articles, "workers": workers, "seed": seed, "cpu_count": os.cpu_count()}
    from . import __version__

    res["kg_version"] = __version__

    # 1. corpus
    log(f"generating {articles} articles (seed {seed}) into {corpus}")
    gen = CorpusGenerator(seed)
    arts, gen_s = _timed(gen.write, corpus, 0, articles)
    res["generate_s"] = round(gen_s, 2)
    res["corpus_bytes"] = sum(len(a.text.encode()) for a in arts)
    res["avg_article_bytes"] = round(res["corpus_bytes"] / max(1, articles))
    for a in arts:  # the texts are on disk now; the bench process keeps only the gold answers
        object.__setattr__(a, "text", "")

    # 2. full build
    log(f"full build with {workers} worker(s)")
    warnings: list[str] = []
    prog = _Progress(log)
    with RssSampler() as rss:
        report, build_s = _timed(run_build, [corpus], build_dir, warn=warnings.append, progress=prog,
                                 workers=workers)
    prog.end = time.perf_counter()
    n_cached, n_extracted, extract_s = prog.extract_counts()
    log(f"full build: {build_s:.1f} s, extraction {extract_s:.1f} s, {report.quads} quads, "
        f"peak RSS {rss.peak_mb} MB")
    res.update({
        "build_s": round(build_s, 2),
        "documents": report.documents,
        "skipped": len(report.skipped),
        "warnings": len(warnings),
        "engagements": report.engagements,
        "triples": report.triples,
        "quads": report.quads,
        "extract_s": round(extract_s, 2),
        "extract_articles_per_s": round(n_extracted / extract_s, 1) if extract_s else None,
        "extract_articles_per_s_per_worker": round(n_extracted / extract_s / max(1, workers), 1) if extract_s else None,
        "build_peak_rss_mb": rss.peak_mb,
    })
    peak = rss.peak

    # 3. stages, as the build timed them (kg.pipeline.publish fills report.stages)
    stages = dict(report.stages)
    stages["extract"] = extract_s
    res["stages_s"] = {k: round(v, 2) for k, v in stages.items()}
    res["export_s"] = {k[len("export "):]: round(v, 2) for k, v in stages.items() if k.startswith("export ")}
    res["export_bytes"] = {k: v for k, v in sorted(report.files.items())}
    # in the build the loader process runs beside the GraphML and HTML exporters (its own wall
    # time, sharing 2 cores); the load rate itself is measured alone below (4.)
    res["build_store_load_s"] = round(stages.get("store load") or stages.get("store", 0.0), 2)
    from .ingest import ingest as _ingest
    from .vocab import load_vocabulary as _lv

    report.corpus = None  # the build's resolved corpus: the bench needs only its figures from here
    docs, _ = _ingest([corpus], warn=lambda m: None)
    docs = docs[:plain_subset]  # only the plain-way subset is used below
    vocab = _lv()

    # 4. the store against plain rdflib, on the same N-Triples (the build's graph.nt, or its first
    # ``baseline_max_triples`` lines), each parsed or loaded by a process of its own. The sample is
    # large enough for the loader to reach its steady state: it parses batches of a million
    # statements and builds each batch's index files on a thread of its own, so on a
    # 300,000-statement sample one thread works alone (~160k/s, against ~235k/s at 2 million).
    # rdflib parses at one rate at any size here (~22k/s at 0.3 and at 2 million).
    nt = build_dir / "graph.nt"
    sub = scratch / "baseline.nt"
    with open(nt, "rb") as src, open(sub, "wb") as dst:
        n_lines = 0
        for line in src:
            dst.write(line)
            n_lines += 1
            if n_lines >= baseline_max_triples:
                break
    res["baseline_lines"] = n_lines
    # each measured ``rate_samples`` times, alternately, and the median taken: on this VM either
    # rate moved ~10% from one run to the next (a load right after the machine idled was up to a
    # third slower: fresh pages cost the hypervisor), enough to move the ratio from 8x to 11x
    parse_rates: list[int] = []
    load_rates: list[int] = []
    for _ in range(max(1, rate_samples)):
        r = _fresh_rate(_RDFLIB_PARSE, sub)
        if r:
            parse_rates.append(r)
        sample = _kg_load(sub, scratch / "sample-store")
        if sample["load_s"]:
            load_rates.append(round(sample["quads"] / sample["load_s"]))
    res["baseline_parse_triples_per_s_samples"] = parse_rates
    res["store_triples_per_s_samples"] = load_rates
    res["baseline_parse_triples_per_s"] = round(statistics.median(parse_rates)) if parse_rates else None
    res["store_triples_per_s"] = round(statistics.median(load_rates)) if load_rates else None
    res["store_vs_baseline_ratio"] = (round(res["store_triples_per_s"] / res["baseline_parse_triples_per_s"], 2)
                                      if res["store_triples_per_s"] and res["baseline_parse_triples_per_s"] else None)
    sub.unlink()
    # what the build loads: every named graph's quads (six indexes a quad, three a triple), by
    # kg's loader (the same code and N-Quads as the build, on disk, with the distinct-quad count
    # it reports) while nothing else runs, in a process of its own as in the build
    loaded = _kg_load(build_dir / "graph.nq", scratch / "store-load")
    res["store_s"] = round(loaded["load_s"], 2)
    res["store_count_s"] = round(loaded["count_s"], 2)
    res["store_quads_per_s"] = round(loaded["quads"] / loaded["load_s"]) if loaded["load_s"] else None
    res["store_quads_vs_baseline_ratio"] = (
        round(res["store_quads_per_s"] / res["baseline_parse_triples_per_s"], 2)
        if res["store_quads_per_s"] and res["baseline_parse_triples_per_s"] else None)

    # 5. saved queries on the built store: the query itself on the opened store (best of 3, as
    # a server or notebook holding the store runs it), and the whole `kg query` command
    log("running the saved queries")
    from .rdf.namespaces import PREFIXES as _PREFIXES

    examples = query_params(arts)
    q_ms: dict[str, float | None] = {}
    q_cli_ms: dict[str, float | None] = {}
    q_rows: dict[str, int | None] = {}
    q_params: dict[str, dict[str, str]] = {}
    st = ox.Store.read_only(str(build_dir / "store"))
    for name, sq in saved_queries().items():
        params = _params_for(name, sq.params, examples)
        q_params[name] = params
        text = bind(sq.text, params, sq.params)
        best = None
        try:
            for _ in range(3):
                t0 = time.perf_counter()
                r = st.query(text, use_default_graph_as_union=True, prefixes=_PREFIXES)
                n = len(list(r))
                best = min(best or 1e9, time.perf_counter() - t0)
            q_ms[name] = round(best * 1000, 1)
            q_rows[name] = n
        except Exception as e:  # noqa: BLE001 - a failed query is reported, not fatal
            q_ms[name] = None
            q_rows[name] = None
            log(f"  query {name} failed: {e}")
        args = [sys.executable, "-m", "kg", "query", name, "--graph", str(build_dir), "--format", "csv",
                "--timeout", str(query_timeout)] + [a for k, v in sorted(params.items()) for a in ("--param", f"{k}={v}")]
        t0 = time.perf_counter()
        proc = subprocess.run(args, capture_output=True)
        q_cli_ms[name] = round((time.perf_counter() - t0) * 1000, 1) if proc.returncode == 0 else None
    del st
    res["queries_ms"] = q_ms
    res["queries_cli_ms"] = q_cli_ms  # includes starting Python, importing kg and opening the store
    res["queries_rows"] = q_rows
    res["query_params"] = q_params

    # 6. incremental: add 1% more articles and run `kg build` again, as a user does: in a
    # process of its own (run in here, a build shared the heap and the collector with everything
    # the bench holds from the full build, and was slower than the command for it)
    extra = max(1, articles // 100)
    log(f"incremental build: adding {extra} article(s)")
    more = gen.write(corpus, articles, articles + extra)
    prog2 = _Progress(log)
    # (its memory is its own: sampling it from here as a child of the bench added the bench's
    # own heap, and reading a big child's PSS twice a second held up its page faults)
    (inc_stages, inc_rss), inc_s = _timed(_build_command, corpus, build_dir, workers, prog2)
    peak = max(peak, inc_rss * 2**20)
    c2, e2, _ = prog2.extract_counts()
    log(f"incremental build: {inc_s:.1f} s ({c2} cached, {e2} extracted)")
    res["incremental_added"] = extra
    res["incremental_add_s"] = round(inc_s, 2)
    res["incremental_cached"] = c2
    res["incremental_extracted"] = e2
    res["incremental_stages_s"] = inc_stages
    res["incremental_peak_rss_mb"] = inc_rss
    # the issue's own yardstick: 100 articles more (a desk's day), on top of the 1% step. Timed
    # with nothing reading the build's memory, then 100 more with the sampler for the peak: reading
    # the PSS of a forked child walks its page tables while it takes copy-on-write faults, which
    # scattered the timed figure (34 to 42 s sampled, 30 to 32 s unsampled, same code and build)
    if articles >= 1000:
        log("incremental build: adding 100 article(s)")
        first = articles + extra
        gen.write(corpus, first, first + 100)
        prog3 = _Progress(log)
        (inc100_stages, _), inc100_s = _timed(_build_command, corpus, build_dir, workers, prog3, sample=False)
        log(f"incremental build (+100): {inc100_s:.1f} s")
        res["incremental_add_100_s"] = round(inc100_s, 2)
        res["incremental_100_stages_s"] = inc100_stages
        log("incremental build: adding 100 article(s), memory sampled")
        gen.write(corpus, first + 100, first + 200)
        (_, inc100_rss), sampled_s = _timed(_build_command, corpus, build_dir, workers, _Progress(log))
        peak = max(peak, inc100_rss * 2**20)
        log(f"incremental build (+100, memory sampled): {sampled_s:.1f} s, peak {inc100_rss} MB")
        res["incremental_add_100_sampled_s"] = round(sampled_s, 2)
        res["incremental_100_peak_rss_mb"] = inc100_rss
        # and 100 more with fewer exports (`kg build --formats`): how much of the time is writing
        log(f"incremental build: adding 100 article(s), --formats {LEAN_FORMATS}")
        gen.write(corpus, first + 200, first + 300)
        prog4 = _Progress(log)
        (lean_stages, lean_rss), lean_s = _timed(_build_command, corpus, build_dir, workers, prog4,
                                                 "--formats", LEAN_FORMATS)
        peak = max(peak, lean_rss * 2**20)
        log(f"incremental build (+100, --formats {LEAN_FORMATS}): {lean_s:.1f} s")
        res["incremental_add_100_lean_formats"] = LEAN_FORMATS
        res["incremental_add_100_lean_s"] = round(lean_s, 2)
        res["incremental_100_lean_stages_s"] = lean_stages
    res["peak_rss_mb"] = round(peak / 2**20, 1)

    # 7. the plain way on a subset: one process, rdflib in-memory graph for load, queries, export
    m = min(plain_subset, len(docs))
    log(f"the plain way (rdflib in memory, one process) on {m} articles")
    from .extract import extract

    subset = docs[:m]
    xs, px_s = _timed(lambda: [extract(d) for d in subset])
    sub_res = resolve(xs, vocab)
    sub_graphs = build_graphs(sub_res, vocab)
    nq_path = scratch / "subset.nq"
    write_blocks(sub_graphs, [(NQUADS, nq_path)])
    plain: dict = {"subset_articles": m, "extract_articles_per_s": round(m / px_s, 1) if px_s else None}
    # load
    pds = Dataset(default_union=True)
    _, pl_s = _timed(pds.parse, str(nq_path), format="nquads")
    n_sub = len(set(pds.quads((None, None, None, None))))
    plain["load_s"] = round(pl_s, 3)
    kst_dir = scratch / "subset-store"
    kst_dir.mkdir()
    (_, kl_s) = _timed(write_store, nq_path, kst_dir)
    plain["quads"] = n_sub
    plain["kg_store_load_s"] = round(kl_s, 3)
    # queries: rdflib (child, with a timeout) vs pyoxigraph (kg's store), same subset, in process
    kst = ox.Store.read_only(str(kst_dir / "store"))
    from .rdf.namespaces import PREFIXES

    pq, kq = {}, {}
    timed_out: list[str] = []
    sub_examples = query_params([a for a in arts if a.filename in {Path(d.source).name for d in subset}])
    for name, sq in saved_queries().items():
        text = bind(sq.text, _params_for(name, sq.params, sub_examples), sq.params)
        t = time.perf_counter()
        r = kst.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)
        _ = list(r) if not isinstance(r, bool) else r
        kq[name] = round((time.perf_counter() - t) * 1000, 1)
        pq[name], _n = _rdflib_query(nq_path, text, timeout=plain_query_timeout)
        if pq[name] is None:
            timed_out.append(name)
    del kst
    plain["queries_ms"] = pq
    plain["queries_timeout_s"] = plain_query_timeout
    plain["queries_timed_out"] = timed_out
    plain["kg_queries_ms"] = kq
    # exports: rdflib's own serializers vs kg's exporters, same subset
    pexp: dict[str, float] = {}
    pg = Graph()
    for s_, p_, o_, _g in pds.quads((None, None, None, None)):
        pg.add((s_, p_, o_))
    for fmt, fname in (("turtle", "graph.ttl"), ("trig", "graph.trig"), ("nquads", "graph.nq")):
        target = pg if fmt == "turtle" else pds
        _, s = _timed(target.serialize, destination=str(scratch / f"plain.{fname}"), format=fmt)
        pexp[fname] = round(s, 3)
    kexp: dict[str, float] = {}
    sctx = BuildContext(sub_graphs, sub_res, {"kg_version": __version__, "documents": m,
                                         "engagements": len(sub_res.engagements), "title": "bench"})
    for exp in default_exporters():
        if exp.filename in pexp:
            _, s = _timed(exp.export, sctx, scratch / f"kg.{exp.filename}")
            kexp[exp.filename] = round(s, 3)
    plain["export_s"] = pexp
    plain["kg_export_s"] = kexp
    res["plain"] = plain
    kg_extract = res["extract_articles_per_s"]
    res["vs_plain"] = {
        "extract_speedup": round(kg_extract / plain["extract_articles_per_s"], 2)
        if kg_extract and plain["extract_articles_per_s"] else None,
        "load_speedup": round(pl_s / kl_s, 2) if kl_s else None,
        # a query rdflib did not finish within the timeout counts at the timeout (a lower bound)
        "query_speedup": {k: (round((pq[k] or plain_query_timeout * 1000) / kq[k], 1) if kq.get(k) else None)
                          for k in kq},
        "export_ratio": {k: (round(kexp[k] / pexp[k], 2) if pexp.get(k) else None) for k in kexp},
    }
    del pds, pg, sub_graphs
    # 8. sanity: how many generated engagements kg's extractor finds (on the subset)
    res["template_recall"] = template_recall([a for a in arts[:m]], xs)
    shutil.rmtree(scratch, ignore_errors=True)
    (out / "bench.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    return res


def summary(res: dict) -> str:
    """A readable report of a bench.json dict."""
    lines = [
        f"kg bench: {res['articles']} articles ({res['avg_article_bytes']} B avg), {res['workers']} worker(s)",
        f"  full build          {res['build_s']:>9.2f} s   ({res['documents']} docs, {res['engagements']} engagements, "
        f"{res['triples']} triples)",
        f"  extraction          {res['extract_s']:>9.2f} s   {res['extract_articles_per_s']} articles/s "
        f"({res['extract_articles_per_s_per_worker']} per worker)",
        f"  stages (s)          " + ", ".join(f"{k} {v}" for k, v in res["stages_s"].items()),
        f"  exports (s)         " + ", ".join(f"{k} {v}" for k, v in res["export_s"].items()),
        f"  store load          {res['store_triples_per_s']} triples/s vs plain rdflib parse "
        f"{res['baseline_parse_triples_per_s']} triples/s, same {res.get('baseline_lines')} N-Triples lines, "
        f"each in a process of its own, median of {len(res.get('store_triples_per_s_samples') or [])}: "
        f"x{res['store_vs_baseline_ratio']}",
        f"  named graphs        {res.get('store_quads_per_s')} quads/s, the build's N-Quads alone: "
        f"x{res.get('store_quads_vs_baseline_ratio')} (in the build, beside GraphML and HTML: "
        f"{res['build_store_load_s']} s)",
        f"  incremental +{res['incremental_added']}     {res['incremental_add_s']:>9.2f} s   "
        f"({res['incremental_cached']} cached, {res['incremental_extracted']} extracted)"
        + (f"; +100: {res['incremental_add_100_s']:.2f} s" if "incremental_add_100_s" in res else "")
        + (f" ({res['incremental_add_100_sampled_s']:.2f} s with its memory sampled)"
           if "incremental_add_100_sampled_s" in res else "")
        + (f"; +100 without N-Quads/N-Triples: {res['incremental_add_100_lean_s']:.2f} s"
           if "incremental_add_100_lean_s" in res else "")
        + f" (each its own `kg build`, peak {max(res.get('incremental_peak_rss_mb') or 0, res.get('incremental_100_peak_rss_mb') or 0)} MB)",
        f"  peak RSS            {res['peak_rss_mb']:>9.1f} MB (build {res['build_peak_rss_mb']} MB, incl. children)",
        "  queries (ms)        " + ", ".join(f"{k} {v}" for k, v in res["queries_ms"].items()),
        f"  plain way on {res['plain']['subset_articles']} articles: extract x{res['vs_plain']['extract_speedup']}, "
        f"load x{res['vs_plain']['load_speedup']}, queries x"
        + ", ".join(f"{k} {v}" for k, v in res["vs_plain"]["query_speedup"].items()),
        f"  template recall     {res['template_recall']['recall']:.1%} of generated engagements found "
        f"({res['template_recall']['date_recall']:.1%} with the same date)",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - python -m kg.bench
    import argparse

    ap = argparse.ArgumentParser(prog="python -m kg.bench")
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("bench-out"))
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    res = run_bench(a.articles, a.workers, a.out, a.seed, log=lambda m: print(m, file=sys.stderr))
    print(summary(res), file=sys.stderr)
    print(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
