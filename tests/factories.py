"""Build Extractions by hand, so graph/resolve/export/query tests do not depend on extractor quality."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from kg.model import Document, Engagement, Evidence, Extraction, IssueMention, MeetingRef, TimeValue


def _ev(doc_id: str, text: str, needle: str | None) -> Evidence:
    start = text.find(needle) if needle else 0
    if start < 0:
        start = 0
    end = start + len(needle) if needle and needle in text else min(len(text), 40)
    return Evidence(doc_id, text[start:end], start, end)


def make_extraction(doc_id: str, text: str, events: list[dict], published: str | None = None,
                    source: str | None = None) -> Extraction:
    doc = Document(id=doc_id, text=text, source=source or f"{doc_id}.txt", published=published,
                   sha256=hashlib.sha256(text.encode()).hexdigest())
    engs = []
    for e in events:
        ev = _ev(doc_id, text, e.get("evidence"))
        issues = [IssueMention(i, list(e.get("issue_speakers", {}).get(i, [])), _ev(doc_id, text, e.get("issue_evidence", {}).get(i)))
                  for i in e.get("issues", [])]

        def mk(m, rel):
            return MeetingRef(m.get("label", "meeting"), m.get("place"), TimeValue(m.get("date")),
                              list(m.get("participants", e["participants"])), rel, _ev(doc_id, text, m.get("evidence")))

        engs.append(Engagement(
            document=doc_id, type=e.get("type", "PhoneCall"),
            date=TimeValue(e.get("date"), e.get("date_expression", "on Monday"), published),
            participants=list(e["participants"]), evidence=ev, initiator=e.get("initiator"),
            initiator_evidence=_ev(doc_id, text, e.get("initiator_evidence")) if e.get("initiator") else None,
            issues=issues, prior_meetings=[mk(m, "prior") for m in e.get("prior_meetings", [])],
            planned_meetings=[mk(m, "planned") for m in e.get("planned_meetings", [])]))
    return Extraction(doc, engs)


# Two short readouts of one call that disagree (written for the tests, not taken from any article).
CN_READOUT = ("BEIJING, March 3 -- President Xi Jinping spoke on the phone with U.S. President Donald Trump "
              "on Monday at the latter's request. Xi stressed that the Taiwan question is the most important "
              "issue. The two presidents also discussed trade.")
US_READOUT = ("WASHINGTON -- President Donald Trump and President Xi Jinping spoke by telephone on Monday. "
              "The leaders discussed trade and fentanyl.")


def disputed_pair() -> list[Extraction]:
    cn = make_extraction("cn_readout", CN_READOUT, [{
        "type": "PhoneCall", "date": "2025-03-03", "participants": ["Xi Jinping", "Donald Trump"],
        "initiator": "Donald Trump", "initiator_evidence": "at the latter's request",
        "evidence": "President Xi Jinping spoke on the phone",
        "issues": ["Taiwan", "TradeAndEconomy"],
        "issue_speakers": {"Taiwan": ["Xi Jinping"], "TradeAndEconomy": ["Xi Jinping", "Donald Trump"]},
        "issue_evidence": {"Taiwan": "Xi stressed", "TradeAndEconomy": "also discussed trade"},
    }], published="2025-03-03")
    us = make_extraction("us_readout", US_READOUT, [{
        "type": "PhoneCall", "date": "2025-03-03", "participants": ["Donald Trump", "Xi Jinping"],
        "evidence": "spoke by telephone on Monday",
        "issues": ["TradeAndEconomy", "Fentanyl"],
        "issue_speakers": {"TradeAndEconomy": ["Donald Trump", "Xi Jinping"], "Fentanyl": ["Donald Trump", "Xi Jinping"]},
        "issue_evidence": {"TradeAndEconomy": "discussed trade", "Fentanyl": "fentanyl"},
    }], published="2025-03-03")
    return [cn, us]


class SharedLog:
    """A list that forked processes append to as well (an incremental build writes its GraphML
    and its page side by side, the page in a forked process): values go to a file, one JSON
    line each, and ``take`` returns them all and starts over."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def append(self, value) -> None:
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(value) + "\n")

    def take(self) -> list:
        if not self.path.exists():
            return []
        values = [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines()]
        self.path.unlink()
        return values
