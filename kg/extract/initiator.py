"""Who initiated each engagement, when the text says so.

"at the request of X" / "at X's request" / "at the latter's request"; "X held talks with Y at request"
(no object: the other party); "initiated by the French side" / "the French side's idea" / "at the
initiative of" (a country or side means that country's participant); "Y received a call from X",
"X called / phoned / dialed Y"; "thanked X for taking the initiative"; "at the invitation of X";
for letters and messages the sender. Hosting alone ("welcomed") is not an invitation.
"""

from __future__ import annotations

import re

from ..nlp.mentions import country_key
from ..nlp.phrases import AnyOf
from ..nlp.text import plain
from ..registry import extractors
from .base import EventDraft, ExtractContext
from .engagements import _NAMING  # one rule for "called X a friend", here and for the engagement

# ", Gustavo Petro, who called to explain ...": the caller is the one the relative clause follows
# (not "who called on Congress", "who called the move a mistake")
_WHO_CALLED = re.compile(r",\s+who\s+(?:had\s+)?(?:called|phoned|telephoned|rang|dialled|dialed|initiated\s+the\s+call)\b"
                         r"(?!\s+(?:on|for|it|him|her|them|the\s+(?:move|decision|attack)|\w+\s+an?\b))", re.I)


def side_participant(ctx: ExtractContext, ev: EventDraft, word: str) -> str | None:
    """The participant a country, side or capital stands for ("the French side", "Moscow", "U.S.")."""
    word = word.strip()
    word = re.sub(r"^(?:the)\s+", "", word, flags=re.I)
    word = re.sub(r"\s+side$", "", word, flags=re.I)
    key = country_key(ctx.lex, word)
    if key is None:
        pl = ctx.vocab.place(word)
        if pl is not None:
            if pl.kind == "Country":
                key = pl.key
            else:
                for anc in ctx.vocab.ancestors(pl):
                    if anc.kind == "Country":
                        key = anc.key
                        break
    if key is None:
        return None
    hits = [p for p in ev.participants if ctx.country_of(p) == key]
    return hits[0] if len(hits) == 1 else None


def _person_at(ctx: ExtractContext, ev: EventDraft, pos: int, window: int = 12, limit: int | None = None) -> str | None:
    """A participant mentioned starting at (or just after) absolute offset ``pos`` (before ``limit``)."""
    for m in ctx.people:
        # (or one that takes in the article the pattern ended on: "of [the President]")
        if (pos <= m.start <= pos + window or m.start < pos < m.end) and (limit is None or m.start < limit) \
                and m.person in ev.participants:
            return m.person
    return None


def _person_ending(ctx: ExtractContext, ev: EventDraft, pos: int, window: int = 3) -> str | None:
    for m in ctx.people:
        if pos - window <= m.end <= pos and m.person in ev.participants:
            return m.person
    return None


_CUE = AnyOf("request|invit|initiat|idea|propos|behest|suggest|call|phone|dial|rang|rings|letter|message|"
              "note|cable|telegram|wrote|writes|sent|correspondence|thank|grateful|gratitude")


def _for_what(nouns: str) -> re.Pattern:
    """What someone was thanked for, after the one thanked: "... Biden for the invitation"."""
    return re.compile(r"[^.;]{0,50}?\bfor\s+(?:the|his|her|their|this|a)\s+(?:[\w-]+\s+){0,2}?(?:" + nouns + r")\b", re.I)


_FOR_INVITATION = _for_what("invitation")
# ("thanked X for his warm congratulations": in a call, the congratulations it was placed to give)
_FOR_CALL = _for_what(r"call|phone\s+call|telephone\s+call|congratulations|congratulatory\s+call|good\s+wishes")


def _thanked_for(ctx: ExtractContext, ev: EventDraft, s, t: str, low: str, what: re.Pattern) -> str | None:
    """The participant thanked for what ``what`` names: the host who invited ("Petro thanked Biden for
    the invitation"), the one who called ("Sheinbaum thanked Lula for his call")."""
    for m in ctx.pats.initiator["thanked"].finditer(t, low=low):
        who = _person_at(ctx, ev, s.start + m.end(), limit=s.end)
        if who and what.match(t, m.end(), min(len(t), m.end() + 90)):
            return who
    return None


def find_initiator(ctx: ExtractContext, ev: EventDraft, s) -> str | None:
    P = ctx.pats.initiator
    t = ctx.pt(s)
    low = t.lower()  # shared by the pre-tests of the regexes below (kg.nlp.gates)
    if not _CUE.search(t, low):
        return None
    base = s.start
    in_s = [m for m in ctx.people_in(s.start, s.end) if m.person in ev.participants]
    # "at the request of X", "initiated by X", "the call by Li" / "was made by the Chinese side"
    for key in ("request_of", "invitation_of", "initiated_by", "call_by"):
        for m in P[key].finditer(t, low=low):
            if key == "invitation_of" and ev.type not in ("Meeting", None):
                continue
            who = _person_at(ctx, ev, base + m.end(), limit=s.end)
            if who:
                return who
            w = re.match(r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})(?:\s+side)?", t[m.end():])
            if w:
                who = side_participant(ctx, ev, w.group(1))
                if who:
                    return who
    thanked_for = _FOR_INVITATION if ev.type in ("Meeting", None) else (
        _FOR_CALL if ev.type in ("PhoneCall", "VideoCall") else None)
    if thanked_for is not None and (who := _thanked_for(ctx, ev, s, t, low, thanked_for)):
        return who
    for m in P["request_latter"].finditer(t, low=low):
        order = [x.person for x in in_s if x.start < base + m.start()]
        uniq = list(dict.fromkeys(order))
        if len(uniq) >= 2:
            return uniq[-1] if "latter" in m.group(0).lower() else uniq[0]
    for m in P["request_poss"].finditer(t, low=low):
        who = _person_ending(ctx, ev, base + m.start("who") + len(m.group("who")), window=2)
        if who:
            return who
        who = side_participant(ctx, ev, m.group("who"))
        if who:
            return who
    for m in P["side_idea"].finditer(t, low=low):
        # the match starts as far left as it can ("... with Obama on the American side's
        # initiative"): the side is named by its last words
        words = m.group("who").split()
        for k in range(1, min(4, len(words)) + 1):
            who = side_participant(ctx, ev, " ".join(words[-k:]))
            if who:
                return who
    for m in P["request_bare"].finditer(t, low=low):
        # "X held talks with Y at request": the party that is not the subject
        uniq = list(dict.fromkeys(x.person for x in in_s))
        if len(uniq) == 2:
            return uniq[1]
        if len(uniq) > 2:
            return None
    for m in P["request_pron"].finditer(t, low=low):
        # "Xi held a telephone talk with Obama at his request": the one just named, the other party
        before = [x for x in in_s if x.end <= base + m.start()]
        if len(dict.fromkeys(x.person for x in before)) >= 2:
            return before[-1].person
    for m in P["proposed_the_call"].finditer(t, low=low):
        # "Canada proposed the call", "Trudeau requested the conversation": the subject just before
        who = _person_ending(ctx, ev, base + m.start(), window=6)
        if who is None:
            w = re.search(r"(?:the\s+)?([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})(?:\s+side)?\s+$", t[:m.start()])
            who = side_participant(ctx, ev, w.group(1)) if w else None
        if who:
            return who
    for m in P["which_initiated"].finditer(t):
        who = _person_at(ctx, ev, base + m.start("who"), window=4, limit=s.end)
        if who:
            return who  # "talked on the phone for 30 minutes, which Trump initiated"
    for m in P["took_initiative"].finditer(t, low=low):
        who = _person_ending(ctx, ev, base + m.start(), window=6)
        if who is None:
            subj = [x for x in in_s if x.end <= base + m.start()]
            who = subj[-1].person if subj else None
        if who:
            return who
    for m in P["received_call"].finditer(t, low=low):
        who = _person_at(ctx, ev, base + m.end(), window=40, limit=s.end)
        if who:
            return who
    for m in _WHO_CALLED.finditer(t):
        who = _person_ending(ctx, ev, base + m.start(), window=3)
        if who:
            return who  # "to speak with the President of Colombia, Gustavo Petro, who called to explain"
    for m in P["caller_verbs"].finditer(t, low=low):
        obj = _person_at(ctx, ev, base + m.end(), window=25, limit=s.end)
        if obj is None:
            continue
        if _NAMING.match(t, m.end()):
            continue  # "Xi called Merkel a friend of the Chinese people": naming, no call
        subj = [x for x in in_s if x.end <= base + m.start() and x.person != obj]
        if subj:
            return subj[-1].person
    return None


@extractors.register("initiator")
class Initiator:
    name = "initiator"

    def __call__(self, ctx: ExtractContext) -> None:
        for i, ev in enumerate(ctx.events):
            if ev.engagement is None:
                continue
            if ev.type == "Letter":
                if ev.sender in ev.participants:
                    ev.engagement.initiator = ev.sender
                    ev.engagement.initiator_evidence = ev.engagement.evidence
                continue
            own = sorted({c.sentence.index for c in ev.candidates})
            seg = [s.index for s in ctx.sentences if ctx.sentence_event.get(s.index) == i]
            for idx in own + [x for x in seg if x not in own]:
                s = ctx.sentences[idx]
                who = find_initiator(ctx, ev, s)
                if who:
                    ev.engagement.initiator = who
                    ev.engagement.initiator_evidence = ctx.evidence(s)
                    break
