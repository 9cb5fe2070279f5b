"""Prior and planned meetings referred to in the article.

Prior: an engagement clause with a past cue ("last met", "their meeting in Busan last month",
"recalled his visit", "since the Anchorage summit") or a date well before the article's, or a
reference to another kind of engagement than the one reported ("our meeting in Busan" in a call
readout); also "in contact until September 2022", "last spoke in May", "for the first time since
May" (a prior engagement of the reported kind, dated then). Planned: "will visit", "agreed to hold",
"looks forward to meeting", "the upcoming state visit". Rules:
- at least one named principal ("their" counts); default participants: the engagement's;
- a reference with no place, no date and no identifying word ("last", "first", "just") is too vague;
- a plan that is the reported engagement itself (same leaders, same kind) is not a planned meeting,
  nor is an earlier leg of the same trip a prior one;
- mentions of one occasion merge (compatible place and date; the most specific place is kept);
- attached to the event whose part of the text refers to it, and to every other event between
  the same leaders.
"""

from __future__ import annotations

import re

from ..model import MeetingRef, TimeValue
from ..nlp.dates import find_dates, parse_iso
from ..nlp.text import plain
from ..registry import extractors
from .base import Candidate, EventDraft, ExtractContext
from .engagements import _THANKED_FOR, find_place

_VAGUE = re.compile(r"\b(?:various|several|many|numerous|multiple|all|frequent|regular|repeated|previous \w+s)\b", re.I)
# "their various meetings", "several previous calls" (not "continue their regular dialogue and meet soon")
_VAGUE_BEFORE = re.compile(_VAGUE.pattern + r"\s+(?:[\w'’-]+\s+){0,2}$", re.I)
_IDENT = re.compile(r"\b(?:last|first|second|third|previous|latest|recent|recently|just|most recent|earlier|that|"
                    r"not long ago|immediately)\b", re.I)
_CONTACT = re.compile(r"\b(?:in\s+(?:\w+\s+)?(?:contact|touch)|last\s+(?:spoke|talked|met|communicated|had\s+(?:a\s+)?"
                      r"(?:call|conversation|talks))|(?:the\s+)?first\s+(?:\w+\s+){0,3}"
                      r"(?:(?:between|of|for)\s+(?:the\s+)?(?:two|both)\s+(?:\w+\s+)?)?since|"
                      r"(?:ha(?:ve|s|d)\s+not|ha(?:ve|s|d)n['’]t|never)\s+(?:(?:met|spoken|talked)\s+(?:\w+\s+){0,3}?|"
                      r"held\s+(?:\w+\s+){0,3}?)since)\b", re.I)


# "... in Bali in 2022 and (then|again|later|also) in Johannesburg in 2023": another occasion
_COORD = re.compile(r"(?:,\s*|\s+)(?:and|as\s+well\s+as)\s+(?:(?:then|again|later|also|subsequently|once\s+more)\s+)?"
                    r"(?=(?:in|at)\s+\S|[A-Z]|on\s+the\s+(?:sidelines|margins)\s+of\b)"
                    # "-- on the sidelines of the EAS in Singapore in November 2018, on the sidelines of G20 in Osaka ..."
                    r"|,\s*(?=on\s+the\s+(?:sidelines|margins)\s+of\b)", re.I)


_GROUP_AFTER = re.compile(r"[^.;]{0,60}?\b(?:where|at which|during which|in which|when)\s+(?:the\s+two|both|the)\s+"
                          r"(?:leaders|presidents|heads\s+of\s+state|sides|men|counterparts)\b", re.I)


def _occasion(ctx: ExtractContext, label: str, place: str | None, d, parts: list[str], relation: str,
              evidence, typ: str) -> MeetingRef:
    """A referenced occasion at ``place`` dated by the mention ``d`` (or undated)."""
    return MeetingRef(label=label, place=place,
                      date=TimeValue(d.value if d else None, d.expression if d else None, ctx.anchor_value),
                      participants=list(parts), relation=relation, evidence=evidence, type=typ)


_SINCE_GAP = re.compile(r"\s*(?:the\s+|their\s+)?(?:\d{4}\s+)?(?:[\w-]+\s+){0,3}?(?:(?:in|at)\s+)?")


def _place_right_after(ctx: ExtractContext, s, t: str, a: int, end: int) -> str | None:
    """The place a "since" names first ("since Bali", "since the 2019 G20 summit in Osaka"), if a
    known one follows within a few words; else None (a clause: "since Biden said ...")."""
    first = min(((ps, pe) for ps, pe, pl in ctx.places_in(s.start + a, s.start + end)
                 if not isinstance(pl, str) and pl.kind != "Organization"), default=None)
    verb = _CLAUSE_VERB.search(t, a, first[1] - s.start + 10) if first is not None else None
    if verb and _OCCASION_NOUN.search(t, a, verb.end() + 12):
        verb = None  # "since the G20 summit hosted by India", "since the postponed summit": an occasion
    if verb or (first is not None and _POSSESSED_EVENT.match(t, first[1] - s.start)):
        return None  # "since Russia invaded Ukraine", "since Russia's invasion": no occasion of theirs
    if any(not isinstance(pl, str) and pl.kind != "Organization"
           and _SINCE_GAP.fullmatch(t, a, ps - s.start) for ps, _, pl in ctx.places_in(s.start + a, s.start + end)):
        return find_place(ctx, s, t, a, end)
    return None


_OCCASION_NOUN = re.compile(r"\b(?:summit|meeting|talks|visit|call|conference|forum|trip|tour)\b", re.I)
_POSSESSED_EVENT = re.compile(r"(?:'s|’s)\s+(?!(?:[\w-]+\s+){0,2}(?:visit|summit|meeting|talks|call|trip|tour|"
                              r"conference|forum)\b)")
# a verb after "since" makes it a clause: "since Russia invaded Ukraine", "since he took office"
_CLAUSE_VERB = re.compile(r"\b(?:[a-z]+ed|began|took|became|said|won|came|went|fell|broke|left|"
                          r"fought|launched|started|invaded|ended)\b")


def _first_date(ctx: ExtractContext, s, a: int, b: int):
    """The first date mention starting in ptext[a:b] of sentence ``s``, or None."""
    return next((d for d in ctx.dates_in(s) if a <= d.start < b and d.value), None)


def _coordinated(ctx: ExtractContext, s, a: int, end: int) -> list[tuple[int, str, object]]:
    """Occasions coordinated after a back-reference's own place, in ptext[a:end] of sentence
    ``s``, each (where its part starts, its place, its date or None): "met in Bali in 2022 and
    then in Johannesburg (2023)". A part must open with "in"/"at" and a place, or with a place
    the vocabulary knows."""
    t = ctx.pt(s)
    cuts = [m for m in _COORD.finditer(t, a, end)]
    out = []
    for k, m in enumerate(cuts):
        seg_b = cuts[k + 1].start() if k + 1 < len(cuts) else end
        head = re.match(r"(?:in|at|on\s+the\s+(?:sidelines|margins)\s+of)\s+", t[m.end():seg_b], re.I)
        if head is None and not any(ps == s.start + m.end() for ps, _, pl in ctx.places_in(s.start + m.end(), s.start + m.end() + 1)
                                    if not isinstance(pl, str)):
            continue
        place = find_place(ctx, s, t, m.end(), seg_b)
        if place is None or not re.match(r"(?:(?i:in|at|on\s+the\s+(?:sidelines|margins)\s+of)\s+)?(?:the\s+)?[A-Z]",
                                         t[m.end():seg_b]):
            continue
        out.append((m.start(), place, _first_date(ctx, s, m.end(), seg_b)))
    return out


_SINCE_NOUN = re.compile(r"\s*(?:the|their|his|her|its|that)\s+(?:[\w-]+\s+){0,3}?"
                         r"(summit|meeting|visit|talks|(?:video\s+|phone\s+)?call|conversation)\b", re.I)


def _contact_kind(words: str) -> str | None:
    """The kind of engagement "last met", "first phone call since" name (None: the reported one's)."""
    w = words.lower()
    if "video" in w:
        return "VideoCall"
    if re.search(r"\b(?:met|meeting|summit|visit|face-to-face|in-person|in person)\b", w):
        return "Meeting"
    if re.search(r"\b(?:call|phone|conversation|spoke|spoken|talked)\b", w):
        return "PhoneCall"
    return None


_CLAUSE_END = re.compile(r"[.;:]\s|[.;:]$|\s[-–—]\s|,\s+(?:when|where|which|who|as|while|but)\b")


def _clause_end(t: str, a: int) -> int:
    """Where the clause going on at ``a`` ends (a stop, a dash, a comma before a relative clause)."""
    m = _CLAUSE_END.search(t, a)
    return m.start() if m else len(t)


def _compatible_dates(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    return a.startswith(b) or b.startswith(a)


def _place_compatible(ctx: ExtractContext, a: str | None, b: str | None) -> tuple[bool, str | None]:
    if not a or not b:
        return True, a or b
    if a == b:
        return True, a
    pa, pb = ctx.vocab.place(a), ctx.vocab.place(b)
    if pa and pb:
        if pb.key in {x.key for x in ctx.vocab.ancestors(pa)}:
            return True, a
        if pa.key in {x.key for x in ctx.vocab.ancestors(pb)}:
            return True, b
    return False, None


def _country_of(ctx: ExtractContext, pl):
    return pl if pl.kind == "Country" else next((x for x in ctx.vocab.ancestors(pl) if x.kind == "Country"), None)


def _elsewhere(ctx: ExtractContext, a: str, b: str) -> bool:
    """Two known places that cannot be one occasion's: two cities neither inside the other, or
    places in two different countries ("a visit to China" and talks in Tashkent)."""
    pa, pb = ctx.vocab.place(a), ctx.vocab.place(b)
    if not pa or not pb or _place_compatible(ctx, a, b)[0]:
        return False
    if pa.kind == pb.kind == "City":
        return True
    ca, cb = _country_of(ctx, pa), _country_of(ctx, pb)
    return bool(ca and cb and ca.key != cb.key)


def _label(c: Candidate, place: str | None) -> str:
    word = " ".join(c.trigger.split()).lower()
    return f"{word} in {place}" if place else word


def _merge_into(ctx: ExtractContext, lst: list[MeetingRef], ref: MeetingRef) -> None:
    for r in lst:
        ok, place = _place_compatible(ctx, r.place, ref.place)
        if ok and _compatible_dates(r.date.value, ref.date.value) and set(r.participants) & set(ref.participants):
            r.place = place
            if ref.date.value and (r.date.value is None or len(ref.date.value) > len(r.date.value)):
                r.date = ref.date
            return
    lst.append(ref)


@extractors.register("meetings")
class Meetings:
    name = "meetings"

    def __call__(self, ctx: ExtractContext) -> None:
        refs: list[tuple[MeetingRef, int | None, bool]] = []
        for c, ei in ctx.meeting_mentions:
            ei = ctx.sentence_event.get(c.sentence.index, ei)
            ev = ctx.events[ei] if ei is not None and ei < len(ctx.events) else None
            for ref in self._ref(ctx, c, ev):
                refs.append((ref, ei, c.group or bool(c.participants)))
        refs.extend(self._contact_refs(ctx))
        for ref, ei, _ in refs:
            targets = set()
            if ei is not None and ei < len(ctx.events):
                targets.add(ei)
            if len(ref.participants) >= 2:
                for j, ev in enumerate(ctx.events):
                    if set(ref.participants) <= set(ev.participants):
                        targets.add(j)
            for j in sorted(targets):
                ev = ctx.events[j]
                if ev.engagement is None or any(self._same_as_event(ctx, e, ref) for e in ctx.events
                                                if ref.relation == "planned" or e is ev):
                    continue
                lst = ev.engagement.prior_meetings if ref.relation == "prior" else ev.engagement.planned_meetings
                _merge_into(ctx, lst, MeetingRef(ref.label, ref.place, ref.date, list(ref.participants), ref.relation,
                                                 ref.evidence, ref.type))

    def _ref(self, ctx: ExtractContext, c: Candidate, ev: EventDraft | None) -> list[MeetingRef]:
        """The occasion the mention refers to, and any others its clause coordinates with it."""
        if c.type is None or (c.type == "Letter" and c.status == "planned"):
            return []  # discussion verbs and plans to write are not meetings
        named = [n for n in c.participants if ctx.is_principal(n)]
        if not named and not c.group and not (c.status == "prior" and _GROUP_AFTER.match(
                plain(ctx.doc.text[c.end:c.sentence.end]))):  # "a meeting in Busan where the two leaders ..."
            return []
        if ev is None:
            if len(named) < 2:
                return []
            parts = named
        elif not named or set(named) <= set(ev.participants):
            parts = list(ev.participants)
        else:
            parts = named + [n for n in ev.participants if n not in named and len(named) < 2]
            parts = list(dict.fromkeys(parts))
        if c.status == "prior" and re.search(r"\bfirst\s+(?:[\w-]+\s+){0,2}$", plain(ctx.doc.text[c.clause[0]:c.start]), re.I) \
                and re.match(r"[^.;]{0,60}?\bsince\b", ctx.doc.text[c.end:c.sentence.end], re.I):
            return []  # "the first visit by a Chinese leader since 2015" is this one (the "since" part: _contact_refs)
        trig = c.trigger.lower()
        plural = trig.endswith("s") and trig.rstrip("s") in ("meeting", "call", "conversation", "letter", "visit")
        tail = plain(ctx.doc.text[c.end:c.clause[1]])
        if re.search(r"^[^.;]{0,60}?\b(?:on (?:multiple|several|many|numerous|various) occasions|repeatedly)\b", tail, re.I):
            return []
        if _VAGUE_BEFORE.search(plain(ctx.doc.text[max(c.clause[0], c.start - 40):c.start])) or (plural and not c.place):  # "our meetings at Mar-a-Lago": one occasion
            return []
        if c.status == "prior" and not c.place and not (c.date and c.date.value) and not _IDENT.search(
                plain(ctx.doc.text[c.clause[0]:c.end])) and not (
                c.type == "Letter" and _THANKED_FOR.search(plain(ctx.doc.text[c.clause[0]:c.start]))):
            return []  # (the message one thanks the other for is one identifiable occasion)
        date = c.date.value if c.date else None
        if c.status == "planned" and c.date and c.date.kind == "weekday" and ev is not None:
            date = c.date.value
        expression = c.date.expression if c.date else None
        more = _coordinated(ctx, c.sentence, c.end - c.sentence.start, min(c.clause[1], c.sentence.end) - c.sentence.start) \
            if c.status == "prior" and c.place else []
        if more and c.date and c.date.start >= more[0][0]:
            # the clause's best date belongs to a later place ("in Bali in 2022 and in
            # Johannesburg in August 2023"): the first place's is the one before it, if any
            d = _first_date(ctx, c.sentence, c.end - c.sentence.start, more[0][0])
            date, expression = (d.value, d.expression) if d else (None, None)
        typ = c.type or "Meeting"
        relation = "prior" if c.status == "prior" else "planned"
        refs = [MeetingRef(label=_label(c, c.place), place=c.place, date=TimeValue(date, expression, ctx.anchor_value),
                           participants=parts, relation=relation, evidence=ctx.evidence(c.sentence), type=typ)]
        refs.extend(_occasion(ctx, _label(c, place), place, d, parts, relation, ctx.evidence(c.sentence), typ)
                    for _, place, d in more if place != c.place)
        return refs

    def _same_as_event(self, ctx: ExtractContext, ev: EventDraft, ref: MeetingRef) -> bool:
        """A plan or a back-reference that is the reported engagement itself (or part of its trip)."""
        same_people = set(ref.participants) == set(ev.participants)
        evd = ev.date.value if ev.date else None
        if ref.relation == "planned":
            if ref.date.value and re.search(r"\b(?:later|next|coming|following)\b", ref.date.expression or "", re.I) \
                    and not (evd and len(ref.date.value) == 10 and ref.date.value == evd):
                return False  # talks on Monday, "a visit to China later this year": another, later occasion
            evp = ev.engagement.place if ev.engagement is not None else None
            if ref.place and evp and _elsewhere(ctx, ref.place, evp):
                return False  # "met in Jeddah on Sunday ... hopes to meet him in Riyadh": another
            if same_people and ref.type == ev.type:
                if ref.date.value is None or evd is None:
                    return True
                a, b = parse_iso(ref.date.value), parse_iso(evd)
                if a and b and abs((a - b).days) <= 7:
                    return True
                if _compatible_dates(ref.date.value, evd):
                    return True
            return False
        # prior: an earlier leg of the same trip (a few days before, in a participant's country); an
        # earlier call or letter days before is another engagement
        if ref.date.value and evd and not (ref.type in ("PhoneCall", "VideoCall", "Letter") and ref.date.value != evd):
            a, b = parse_iso(ref.date.value), parse_iso(evd)
            if a and b and 0 <= (b - a).days <= 7:
                return True
            if ref.date.value == evd:
                return True
        return False

    def _contact_refs(self, ctx: ExtractContext) -> list[tuple[MeetingRef, int | None, bool]]:
        out = []
        for s in ctx.sentences:
            ei = ctx.sentence_event.get(s.index)
            if ei is None:
                continue
            ev = ctx.events[ei]
            t = ctx.pt(s)
            for m in _CONTACT.finditer(t):
                since = m.group(0).lower().endswith("since")
                # "since" stays in: it makes a bare month a date ("first call since November")
                at = m.end() - 5 if since else m.end()
                tail = t[at:m.end() + 40]
                ds = [d for d in find_dates(tail, ctx.anchor_value, anchor_year=ctx.anchor_year)
                      if d.start <= 12 + m.end() - at and d.value]
                d = ds[0] if ds else None
                # "the first meeting since Bali (in 2022)": the place right after "since"; "since
                # their summit near San Francisco in November": that occasion's kind and date
                seg_end = _clause_end(t, m.end())
                place = _place_right_after(ctx, s, t, m.end(), seg_end) if since else None
                noun = _SINCE_NOUN.match(t, m.end()) if since else None
                if d is None and noun:
                    d = _first_date(ctx, s, m.end(), seg_end)
                if d is None and place is None:
                    continue
                if d and ev.date and ev.date.value and ev.date.value.startswith(d.value):
                    continue
                label = " ".join(m.group(0).split())
                # its kind: the occasion named after "since", the words matched, the verb before them
                # ("met last month for the first time since 2019"), or the reported engagement's
                kind = (_contact_kind(noun.group(1)) if noun else None) or _contact_kind(label) or \
                    _contact_kind(t[max(0, m.start() - 30):m.start()]) or ev.type or "PhoneCall"
                found = [(place, d)]
                if place is not None:
                    found += [(other, od) for _, other, od in _coordinated(ctx, s, m.end(), seg_end)]
                out.extend((_occasion(ctx, label, p, pd, ev.participants, "prior", ctx.evidence(s), kind), ei, True)
                           for p, pd in found)
        return out
