"""`kg eval`: score extracted events against gold annotations (format of shared/eval/SCHEMA.md).

The figures are those of the reference scorer (shared/eval/score.py): events aligned one-to-one by
participants, type and date; per-field tp/fp/fn; the headline is the unweighted mean of the
per-field F1 scores, micro-averaged over documents.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .model import Document

FIELDS = ["events", "type", "date", "participants", "initiator", "issues",
          "issue_speakers", "prior_meetings", "planned_meetings"]
_TITLES = {"president", "mr", "mrs", "ms", "dr", "premier", "prime", "minister", "chancellor",
           "king", "queen", "jr", "sr", "general", "secretary", "his", "her", "excellency"}
_VARIANTS = {"zelenskyy": "zelensky", "zelenskiy": "zelensky", "zelenskyi": "zelensky", "zelenskij": "zelensky"}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w\s]", " ", text.replace("-", " "))


def _tokens(name: str | None) -> frozenset[str]:
    if not name:
        return frozenset()
    return frozenset(_VARIANTS.get(t, t) for t in _fold(name).split() if t not in _TITLES and len(t) > 1)


def same_person(a: str | None, b: str | None) -> bool:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    small, big = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return small <= big


def _place_tokens(place: str | None) -> set[str]:
    return set(_fold(place or "").split()) - {"the", "of"}


def same_place(a: str | None, b: str | None) -> bool:
    ta, tb = _place_tokens(a), _place_tokens(b)
    return bool(ta) and bool(tb) and (ta <= tb or tb <= ta)


def date_ok(gold, pred) -> bool:
    if gold is None:
        return pred is None
    return pred is not None and str(pred).startswith(str(gold))


def dates_compatible(a, b) -> bool:
    if a is None or b is None:
        return True
    a, b = str(a), str(b)
    return a.startswith(b) or b.startswith(a)


def person_set(names) -> list[str]:
    out: list[str] = []
    for n in names or []:
        if _tokens(n) and not any(same_person(n, m) for m in out):
            out.append(n)
    return out


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def prf(self) -> tuple[float, float, float]:
        if self.tp + self.fp + self.fn == 0:
            return 1.0, 1.0, 1.0
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class EvalReport:
    tallies: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    errors: list[str] = field(default_factory=list)
    documents: int = 0
    seconds: float = 0.0

    def field_scores(self) -> dict[str, tuple[float, float, float]]:
        return {f: self.tallies[f].prf() for f in FIELDS}

    @property
    def f1(self) -> float:
        rows = self.field_scores()
        return sum(f for _, _, f in rows.values()) / len(rows)

    def to_dict(self) -> dict:
        return {"documents": self.documents, "f1": round(self.f1, 4),
                "fields": {k: {"precision": p, "recall": r, "f1": f, "tp": self.tallies[k].tp,
                               "fp": self.tallies[k].fp, "fn": self.tallies[k].fn}
                           for k, (p, r, f) in self.field_scores().items()}}

    def format(self, show_errors: bool = False) -> str:
        lines = []
        if show_errors:
            lines.extend("  " + e for e in self.errors)
        lines.append(f"{'field':<18}{'P':>7}{'R':>7}{'F1':>7}   tp/fp/fn")
        for f, (p, r, f1) in self.field_scores().items():
            t = self.tallies[f]
            lines.append(f"{f:<18}{p:7.3f}{r:7.3f}{f1:7.3f}   {t.tp}/{t.fp}/{t.fn}")
        lines.append(f"extraction F1 {self.f1:.3f} over {self.documents} documents")
        return "\n".join(lines)


def _match_sets(gold: list, pred: list, same) -> tuple[int, int, int]:
    free = list(pred)
    tp = 0
    for g in gold:
        for i, p in enumerate(free):
            if same(g, p):
                tp += 1
                del free[i]
                break
    return tp, len(free), len(gold) - tp


def _similarity(g: dict, p: dict) -> float:
    gp, pp = person_set(g.get("participants")), person_set(p.get("participants"))
    shared = sum(1 for a in gp if any(same_person(a, b) for b in pp))
    union = len(gp) + len(pp) - shared
    score = shared / union if union else 0.0
    score += 0.5 * (g.get("type") == p.get("type"))
    score += 0.5 * dates_compatible(g.get("date"), p.get("date"))
    return score


def _align(gold: list[dict], pred: list[dict]):
    pairs = sorted(((_similarity(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
                   reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched = []
    for score, gi, pi in pairs:
        if score < 0.5 or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matched.append((gold[gi], pred[pi]))
    return (matched, [g for i, g in enumerate(gold) if i not in used_g],
            [p for i, p in enumerate(pred) if i not in used_p])


def _speaker_pairs(event: dict) -> list[tuple[str, str]]:
    return [(issue, s) for issue, speakers in (event.get("issue_speakers") or {}).items()
            for s in person_set(speakers)]


def _meeting_same(g: dict, p: dict) -> bool:
    place_ok = not g.get("place") or same_place(g.get("place"), p.get("place"))
    return place_ok and dates_compatible(g.get("date"), p.get("date"))


def _score_pair(t: dict[str, Tally], g: dict, p: dict, errors: list[str], doc: str) -> None:
    gp, pp = person_set(g.get("participants")), person_set(p.get("participants"))
    tp, fp, fn = _match_sets(gp, pp, same_person)
    t["participants"].add(tp, fp, fn)
    strict = (g.get("type") == p.get("type") and date_ok(g.get("date"), p.get("date")) and fp == 0 and fn == 0)
    if strict:
        t["events"].add(tp=1)
    else:
        t["events"].add(fp=1, fn=1)
    if g.get("type") == p.get("type"):
        t["type"].add(tp=1)
    else:
        t["type"].add(fp=1, fn=1)
        errors.append(f"{doc}: type {p.get('type')!r}, gold {g.get('type')!r}")
    if date_ok(g.get("date"), p.get("date")):
        t["date"].add(tp=1 if g.get("date") else 0)
    else:
        t["date"].add(fp=int(p.get("date") is not None), fn=int(g.get("date") is not None))
        errors.append(f"{doc}: date {p.get('date')!r}, gold {g.get('date')!r}")
    gi, pi = g.get("initiator"), p.get("initiator")
    if gi and pi and same_person(gi, pi):
        t["initiator"].add(tp=1)
    elif gi or pi:
        t["initiator"].add(fp=int(bool(pi)), fn=int(bool(gi)))
        errors.append(f"{doc}: initiator {pi!r}, gold {gi!r}")
    gs, ps = set(g.get("issues") or []), set(p.get("issues") or [])
    t["issues"].add(len(gs & ps), len(ps - gs), len(gs - ps))
    if gs != ps:
        errors.append(f"{doc}: issues missing {sorted(gs - ps)}, extra {sorted(ps - gs)}")
    counts = _match_sets(_speaker_pairs(g), _speaker_pairs(p), lambda a, b: a[0] == b[0] and same_person(a[1], b[1]))
    t["issue_speakers"].add(*counts)
    if counts[1] or counts[2]:
        errors.append(f"{doc}: issue_speakers {sorted(_speaker_pairs(p))}, gold {sorted(_speaker_pairs(g))}")
    for fld in ("prior_meetings", "planned_meetings"):
        gm, pm = g.get(fld) or [], p.get(fld) or []
        counts = _match_sets(gm, pm, _meeting_same)
        t[fld].add(*counts)
        if counts[1] or counts[2]:
            errors.append(f"{doc}: {fld} {[(m.get('place'), m.get('date')) for m in pm]}, "
                          f"gold {[(m.get('place'), m.get('date')) for m in gm]}")


def _score_unmatched(t: dict[str, Tally], event: dict, side: str) -> None:
    key = "fp" if side == "pred" else "fn"
    t["events"].add(**{key: 1})
    t["type"].add(**{key: 1})
    t["date"].add(**{key: int(event.get("date") is not None)})
    t["participants"].add(**{key: len(person_set(event.get("participants")))})
    t["initiator"].add(**{key: int(bool(event.get("initiator")))})
    t["issues"].add(**{key: len(set(event.get("issues") or []))})
    t["issue_speakers"].add(**{key: len(_speaker_pairs(event))})
    t["prior_meetings"].add(**{key: len(event.get("prior_meetings") or [])})
    t["planned_meetings"].add(**{key: len(event.get("planned_meetings") or [])})


def _stem(name: str) -> str:
    stem = Path(str(name)).name
    for suffix in (".txt", ".html", ".htm", ".md", ".json"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    return stem


def predictions_from_list(data) -> dict[str, list[dict]]:
    """[{"document": ..., "events": [...]}, ...] (or {"documents": [...]}) -> {stem: events}."""
    if isinstance(data, dict):
        data = data.get("documents", [])
    out: dict[str, list[dict]] = {}
    for doc in data:
        name = doc.get("document") or doc.get("source") or doc.get("path") or ""
        out.setdefault(_stem(name), []).extend(doc.get("events") or [])
    return out


def evaluate(gold_dir: Path, predictions: dict[str, list[dict]]) -> EvalReport:
    report = EvalReport()
    golds = sorted(Path(gold_dir).glob("*.gold.json"))
    report.documents = len(golds)
    for gold_file in golds:
        doc = gold_file.name[: -len(".gold.json")]
        gold = json.loads(gold_file.read_text(encoding="utf-8")).get("events", [])
        if doc not in predictions:
            report.errors.append(f"{doc}: no prediction for this document")
        matched, lone_gold, lone_pred = _align(gold, predictions.get(doc, []))
        for g, p in matched:
            _score_pair(report.tallies, g, p, report.errors, doc)
        for g in lone_gold:
            _score_unmatched(report.tallies, g, "gold")
            report.errors.append(f"{doc}: missed event {g.get('type')} {g.get('date')} {g.get('participants')}")
        for p in lone_pred:
            _score_unmatched(report.tallies, p, "pred")
            report.errors.append(f"{doc}: extra event {p.get('type')} {p.get('date')} {p.get('participants')}")
    return report


_META_DATE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b")


def read_document(path: Path, root: Path | None = None) -> Document:
    """A Document for one article: kg.ingest.read_document when available, else plain text."""
    try:
        from .ingest import read_document as _read  # type: ignore[attr-defined]
    except ImportError:
        _read = None
    if _read is not None:
        try:
            return _read(path, root or path.parent)
        except TypeError:
            return _read(path)
    text = path.read_text(encoding="utf-8")
    m = _META_DATE.match(text)
    return Document(id=path.stem, text=text, source=path.name, published=m.group(1) if m else None)


def predict_dir(gold_dir: Path, vocab=None) -> tuple[list[dict], float]:
    from .extract import extract_to_schema

    gold_dir = Path(gold_dir)
    out = []
    t0 = time.perf_counter()
    for gold_file in sorted(gold_dir.glob("*.gold.json")):
        stem = gold_file.name[: -len(".gold.json")]
        for suffix in (".txt", ".md", ".html", ".htm", ".json"):
            path = gold_dir / (stem + suffix)
            if path.exists() and not path.name.endswith(".gold.json"):
                break
        else:
            continue
        doc = read_document(path, gold_dir)
        res = extract_to_schema(doc, vocab)
        res["document"] = stem
        out.append(res)
    return out, time.perf_counter() - t0


def evaluate_dir(gold_dir: Path, vocab=None) -> EvalReport:
    """Run ingest + extract on every NAME.txt that has NAME.gold.json and score the result."""
    preds, secs = predict_dir(gold_dir, vocab)
    report = evaluate(Path(gold_dir), predictions_from_list(preds))
    report.seconds = secs
    return report
