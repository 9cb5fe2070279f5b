"""Finding people, countries and places in text, from the vocabulary data files.

A ``Lexicon`` is compiled once per ``Vocabulary`` (cached): one regex of every name and alias of
people.json, one of the office titles found in people.json (plus a few grammar nouns: "leader",
"counterpart"), one of country names and demonyms and one of place names from places.json.

``find_people(text, lex, date)`` returns person mentions with offsets:
- a name or alias ("Xi Jinping", "Xi", "Mr. Xi", "Kim Jong-un"), with any title and country words
  in front ("Chinese President Xi Jinping", "his French counterpart Emmanuel Macron");
- a title resolved through the offices valid on ``date`` ("the U.S. President", "Russian leader",
  "the President of the French Republic", "the presidents of Russia and France");
- a person not in the data but named with a leader's title and a country ("Kenyan President
  William Ruto", "Prime Minister Jane Doe of Ruritania"): a new person, full name as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..vocab import Person, Place, Vocabulary, fold
from .dates import MONTHS, WEEKDAYS
from .phrases import AnyOf, PhraseMatcher, trie_regex
from .text import plain

# grammar nouns that work like titles but name no office
GENERIC_TITLES = ("leader", "leaders", "counterpart", "counterparts", "peer", "head of state", "heads of state",
                  "head of government", "heads of government", "chief")
HONORIFICS = ("Mr", "Mrs", "Ms", "Madam", "Dr", "H.E.", "His Excellency", "Her Excellency", "Comrade")
# short forms of office titles used by the press
TITLE_SHORT = {"pm": "Prime Minister", "prez": "President"}
LEADER_ROLES = ("head_of_state", "head_of_government")
# a party to leaders' engagements who holds neither office, or not by that title: an acting president,
# a crown prince who rules, the presidents of the European Council and Commission, Taiwan's
# president. Not a "leader" for generic titles ("the Saudi leader") or bare-title resolution.
PRINCIPAL_ROLE = "principal"
_CAP_NAME = r"(?:[A-Z][a-z\u00C0-\u024F'’]+(?:-[A-Za-z\u00C0-\u024F]+)?|[A-Z]\.)"
_PLURAL_HINT = AnyOf("presidents|leaders|prime ministers|heads of|premiers|counterparts")
# capitalised words that follow a name without being more of it ("Ghani Thursday", "Putin Said"),
# besides the months and weekdays
_NOT_NAMES = frozenset("On In At And The But For With To As Said Says Told Will Would Has Had Was Is Administration "
                       "Government Cabinet".split())
def _not_a_name(word: str) -> bool:
    return word in _NOT_NAMES or word.lower() in MONTHS or word.lower() in WEEKDAYS


_TAIL = re.compile(r"(?:[ \t]+" + _CAP_NAME + r"){1,2}")


@dataclass
class PersonMention:
    start: int
    end: int
    text: str
    people: list[str]  # canonical names (several for "the presidents of Russia and France")
    kind: str  # "name" | "title" | "plural" | "new"
    country: str | None = None
    title: str | None = None
    core_start: int = -1  # where the name itself starts (after title words)

    @property
    def person(self) -> str | None:
        return self.people[0] if len(self.people) == 1 else None


@dataclass
class Lexicon:
    vocab: Vocabulary
    name_rx: re.Pattern
    name_index: dict[str, list[Person]]
    title_rx: re.Pattern
    plural_rx: re.Pattern
    country_index: dict[str, str]
    country_rx: re.Pattern
    place_rx: re.Pattern
    place_index: dict[str, Place]
    titles: set[str]
    leader_titles: set[str]
    name_matcher: object = None
    place_matcher: object = None
    title_word_rx: re.Pattern | None = None
    country_tail_rx: re.Pattern | None = None
    principals: set[str] = field(default_factory=set)
    person_by_name: dict[str, Person] = field(default_factory=dict)
    region_members: dict[str, set[str]] = field(default_factory=dict)
    country_of: dict[str, str] = field(default_factory=dict)  # place key -> key of the country it is in
    # country_key answers by word (a document names the same countries many times)
    country_keys: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)


def _flex(name: str) -> str:
    """Regex for a name: spaces and hyphens interchangeable, periods optional."""
    toks = re.split(r"[\s\-]+", plain(name).strip())
    parts = []
    for t in toks:
        parts.append(re.escape(t).replace(r"\.", r"\.?"))
    return r"[\s\-]+".join(parts)


def _alternation(words) -> str:
    uniq = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(_flex(w) for w in uniq)


_CACHE: dict[int, tuple[Vocabulary, Lexicon]] = {}


def lexicon(vocab: Vocabulary) -> Lexicon:
    """The compiled lexicon of a vocabulary (built once per Vocabulary object)."""
    hit = _CACHE.get(id(vocab))
    if hit is not None and hit[0] is vocab:
        return hit[1]
    if len(_CACHE) > 8:
        _CACHE.clear()
    lex = _build(vocab)
    _CACHE[id(vocab)] = (vocab, lex)
    return lex


_HONORIFIC_SPELLINGS = {"Sheikh ": ("Sheik ", "Shaikh "), "Al ": ("al-", "Al-", "al "), " al-": (" Al ", " al ", " Al-")}


def _spellings(name: str) -> set[str]:
    """A name and the spellings of its honorific and particles the press also uses ("Sheik Tamim
    bin Hamad al Thani" for "Sheikh Tamim bin Hamad Al Thani")."""
    out = {name}
    for k, alts in _HONORIFIC_SPELLINGS.items():
        for n in list(out):
            if k in n:
                out.update(n.replace(k, a) for a in alts)
    return out


def _build(vocab: Vocabulary) -> Lexicon:
    name_index: dict[str, list[Person]] = {}
    for p in vocab.people:
        forms = {v for n in (p.name, *p.aliases) for v in _spellings(n)}
        if p.family_name:
            forms.add(p.family_name)
        for n in forms:
            k = fold(plain(n))
            if not k:
                continue
            lst = name_index.setdefault(k, [])
            if p not in lst:
                lst.append(p)
    name_matcher: PhraseMatcher[str] = PhraseMatcher()
    seen_forms = set()
    for p in vocab.people:
        for n in (*(v for n in (p.name, *p.aliases) for v in _spellings(n)), p.family_name or ""):
            if n and n not in seen_forms:
                seen_forms.add(n)
                name_matcher.add(plain(n), fold(plain(n)), "cap")
    name_rx = re.compile(r"(?!)")

    titles: set[str] = set()
    leader_titles: set[str] = set()
    for p in vocab.people:
        for o in p.offices:
            titles.add(o.title)
            if o.role in LEADER_ROLES:
                leader_titles.add(o.title)
    title_words = sorted(titles | set(GENERIC_TITLES) | {t.upper() for t in TITLE_SHORT} | set(TITLE_SHORT.values()),
                         key=lambda w: -len(w))
    # prefix-tree alternations (kg.nlp.phrases.trie_regex): same matches as the sorted alternations, faster
    tw = trie_regex(title_words, ignore_case=True, space=r"\s+", suffix="s?")

    country_index: dict[str, str] = {}
    region_members: dict[str, set[str]] = {}
    for pl in vocab.places:
        if pl.kind == "Country":
            for w in (pl.name, *pl.aliases, *pl.demonyms):
                country_index.setdefault(fold(plain(w)), pl.key)
    # regions and organisations (EU / Europe): their member countries, for "the European side"
    for pl in vocab.places:
        if pl.kind in ("Organization", "Region") and pl.demonyms:
            members = {q.key for q in vocab.places if q.kind == "Country" and q.within == pl.key}
            for w in (pl.name, *pl.aliases, *pl.demonyms):
                region_members.setdefault(fold(plain(w)), set()).update(members)
    cwords = sorted({plain(w) for pl in vocab.places if pl.kind == "Country"
                     for w in (pl.name, *pl.aliases, *pl.demonyms)}, key=lambda w: -len(w))
    cforms = set()
    for w in cwords:
        cforms.add(w)
        if "." in w:
            cforms.add(w.replace(".", ""))
    cw = trie_regex(cforms)
    country_rx = re.compile(r"(?<![\w])(?:" + cw + r")(?![\w])")
    title_rx = re.compile(
        r"(?:(?P<det>[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur|[Mm]y|[Aa])\s+)?"
        r"(?:(?P<dem>" + cw + r")(?:'s)?[ \t]+)?"
        r"(?P<title>(?i:" + tw + r"))\b"
        r"(?:[ \t]+of[ \t]+(?:the[ \t]+)?(?P<of>" + cw + r")(?![\w]))?")
    title_word_rx = re.compile(r"\b(?i:" + tw + r")\b")
    country_tail_rx = re.compile(r"(?:(?P<det>\b[Tt]he|\b[Hh]is|\b[Hh]er|\b[Tt]heir|\b[Ii]ts|\b[Oo]ur|\b[Mm]y|\b[Aa])[ \t]+)?"
                                 r"(?:(?<![\w])(?P<dem>" + cw + r")(?:'s)?[ \t]+)?$")
    # "the French and German leaders", "the leaders of France, Germany and Italy": a list of
    # countries (or their adjectives) whose leaders are meant, each the holder of the title
    item = r"(?:the[ \t]+)?(?:" + cw + r")"
    countries = item + r"(?:[ \t]*,[ \t]*" + item + r")*,?[ \t]+and[ \t]+" + item
    plural_rx = re.compile(
        r"(?:[Tt]he\s+)?(?P<dl>" + countries + r")[ \t]+(?P<t1>(?i:presidents|leaders|prime ministers|heads of state|premiers|counterparts))\b"
        r"|(?:[Tt]he\s+)?(?P<t2>(?i:presidents|leaders|prime ministers|heads of state|heads of government|counterparts))\s+(?:of|from)\s+"
        r"(?P<cl>" + countries + r")(?![\w])")
    place_rx = re.compile(r"(?!)")
    place_matcher: PhraseMatcher[Place] = PhraseMatcher()
    for pl in vocab.places:
        for w in (pl.name, *pl.aliases):
            place_matcher.add(plain(w), pl, "exact" if w.isupper() and len(w) <= 4 else "cap")
    place_index = {}
    for pl in vocab.places:
        for w in (pl.name, *pl.aliases):
            place_index.setdefault(plain(w), pl)
    principals = {p.name for p in vocab.people
                  if any(o.role in LEADER_ROLES or o.role == PRINCIPAL_ROLE for o in p.offices) or not p.offices}
    return Lexicon(vocab=vocab, name_rx=name_rx, name_matcher=name_matcher, place_matcher=place_matcher, title_word_rx=title_word_rx,
                   country_tail_rx=country_tail_rx, name_index=name_index, title_rx=title_rx, plural_rx=plural_rx,
                   country_index=country_index, country_rx=country_rx, place_rx=place_rx, place_index=place_index,
                   titles=titles, leader_titles=leader_titles, principals=principals,
                   person_by_name={p.name: p for p in vocab.people}, region_members=region_members,
                   country_of=_countries_of(vocab))


def _countries_of(vocab: Vocabulary) -> dict[str, str]:
    by_key = {pl.key: pl for pl in vocab.places}
    out: dict[str, str] = {}
    for pl in vocab.places:
        seen, q = set(), pl
        while q is not None and q.kind != "Country" and q.key not in seen:
            seen.add(q.key)
            q = by_key.get(q.within) if q.within else None
        if q is not None and q.kind == "Country":
            out[pl.key] = q.key
    return out


def country_key(lex: Lexicon, word: str | None) -> str | None:
    if not word:
        return None
    hit = lex.country_keys.get(word, _UNSET)
    if hit is _UNSET:
        if len(lex.country_keys) > 20000:
            lex.country_keys.clear()
        hit = lex.country_keys[word] = _country_key(lex, word)
    return hit


def _country_key(lex: Lexicon, word: str) -> str | None:
    k = fold(plain(word))
    if k.endswith(" s") or k.endswith("s") and k[:-1] in lex.country_index and k not in lex.country_index:
        k = k[:-1].rstrip()
    return lex.country_index.get(k)


_TITLE_NORM: dict[tuple[int, str], str] = {}


def _norm_title(lex: Lexicon, t: str) -> str:
    key = (id(lex), t)
    if key not in _TITLE_NORM:
        _TITLE_NORM[key] = _norm_title_uncached(lex, t)
    return _TITLE_NORM[key]


def _norm_title_uncached(lex: Lexicon, t: str) -> str:
    t = " ".join(t.split())
    low = t.lower()
    if low in TITLE_SHORT:
        return TITLE_SHORT[low]
    for cand in lex.titles | set(TITLE_SHORT.values()):
        if cand.lower() == low or cand.lower() + "s" == low:
            return cand
    return low.rstrip("s") if low.endswith("s") and low[:-1] in GENERIC_TITLES else low


# given name and patronymic before a dynasty's name: "Faisal bin Farhan Al Saud", "Tamim bin Hamad Al Thani"
_PATRONYMIC_BEFORE = re.compile(r"\b[A-Z][\w'’-]+[ \t]+(?:bin|ibn|bint|Bin|Ibn)[ \t]+[A-Z][\w'’-]+[ \t]+$")
_HONORIFIC_JUST_BEFORE = re.compile(r"\b(?:Mrs?|Ms|Madam|Prime\s+Minister|PM)\.?\s+$")
_WORD_NAMES = {"may", "march", "june", "august", "april", "monday", "friday", "sunday", "to"}
_TITLE_BEFORE = re.compile(r"(?:\b(?:Mrs?|Ms|Dr|Madam|Minister|President|Premier|Chancellor|Secretary|Governor|"
                           r"Senator|Leader|PM)\.?|\b(?!(?:On|In|By|Since|Until|Till|From|Through|During|Before|After|"
                           r"Early|Late|Mid|Last|Next|This|That|Each|Every|End|Around|About|Of|For)\b)[A-Z][a-z]+)\s+$")
_HOLDERS: dict[tuple, Person | None] = {}
_UNSET = object()


def holder(lex: Lexicon, country: str | None, title: str, date: str | None,
           prefer: set[str] | None = None) -> Person | None:
    """Who held the office (or, for "leader"/"counterpart", any leading office) of ``country`` on ``date``."""
    if not country:
        return None
    key = (id(lex), country, title.lower(), date, frozenset(prefer or ()))
    if key in _HOLDERS:
        return _HOLDERS[key]
    if len(_HOLDERS) > 20000:
        _HOLDERS.clear()
    res = _holder(lex, country, title, date, prefer)
    _HOLDERS[key] = res
    return res


def _holder(lex: Lexicon, country: str, title: str, date: str | None,
            prefer: set[str] | None = None) -> Person | None:
    generic = title.lower() in GENERIC_TITLES or title.lower().rstrip("s") in GENERIC_TITLES
    place = lex.vocab.place_by_key(country) if generic else None
    leading = place.leader if place is not None else "head_of_state"
    cands: list[tuple[int, Person]] = []
    for p in lex.vocab.people:
        for o in p.offices:
            # (an undated article: one it names who held the office at any time, not only today's holder)
            if o.country != country or not (o.held_on(date) or (
                    not date and prefer and p.name in prefer and o == _last_leading(p))):
                continue
            if generic:
                if o.role in LEADER_ROLES:
                    rank = 0 if (prefer and p.name in prefer) else (1 if o.role == leading else 2)
                    cands.append((rank, p))
            elif fold(o.title) == fold(title):
                cands.append((0 if (prefer and p.name in prefer) else 1, p))
    if not cands and not generic and fold(title) == "premier":
        # "the Pakistani premier": the press's word for any head of government, not only the title
        cands = [(0 if (prefer and p.name in prefer) else 1, p) for p in lex.vocab.people for o in p.offices
                 if o.country == country and o.role == "head_of_government" and o.held_on(date)]
    if not cands:
        return None
    # same rank: the most recent holder (on the day of a handover, the new one)
    cands.sort(key=lambda x: (x[0], _neg_start(x[1], country, date)))
    if generic and len({p.name for _, p in cands}) > 1 and not (prefer and cands[0][1].name in prefer):
        # several leaders (president and prime minister): the one who leads, by the country's
        # "leader" in places.json (the head of state unless it says the head of government)
        return cands[0][1]
    return cands[0][1]


_PRINCIPAL_TITLES: dict[int, frozenset[str]] = {}


def _principal_titles(lex: Lexicon) -> frozenset[str]:
    """Titles of principals who hold no leading office by them ("Crown Prince"): a bare "the Crown
    Prince" is the one the article names."""
    got = _PRINCIPAL_TITLES.get(id(lex))
    if got is None:
        got = _PRINCIPAL_TITLES[id(lex)] = frozenset(
            o.title for p in lex.vocab.people for o in p.offices if o.role == PRINCIPAL_ROLE) - lex.leader_titles
    return got


@lru_cache(maxsize=None)
def _last_leading(p: Person):
    """The leading office a person held last (Putin's presidency, not his premiership before it)."""
    leading = [o for o in p.offices if o.role in LEADER_ROLES] or list(p.offices)
    return max(leading, key=lambda o: o.start or "") if leading else None


def _neg_start(p: Person, country: str, date: str | None) -> str:
    starts = [o.start or "" for o in p.offices if o.country == country and o.held_on(date)]
    latest = max(starts) if starts else ""
    return "".join(chr(0x10FFFF - ord(c)) for c in latest)


_PAIRED = re.compile(r"\s*(?:-|–|and|&)\s*(?:the\s+)?")


def _bare_title_holder(lex: Lexicon, ptext: str, title: str, date: str | None, named: list, venues: list,
                       others: list, doc_full: set[str]) -> tuple | None:
    """Who a bare "The President" is, and for which country: the one leader the article names who
    holds that title ("Cyril Ramaphosa travelled to Doha ... the President held a discussion with
    Sheikh Tamim"), else the holder for the country of _bare_title_country."""
    # (an undated article: the leading office a named leader held last, or holds, before today's
    # holders of some other country: "President Obama spoke with ... The President and Prime
    # Minister"; but not Putin for "the Prime Minister")
    def holds(p, o) -> bool:
        if date:
            return o.title == title and o.held_on(date)
        return o.title == title and (o == _last_leading(p) or o.end is None)

    held = [p for p in named if any(holds(p, o) for o in p.offices)]
    if held:
        if len(held) == 1 and (title in lex.leader_titles or title in _principal_titles(lex)):
            o = next(o for o in held[0].offices if holds(held[0], o))
            return held[0], o.country
        return None
    ck = _bare_title_country(lex, ptext, title, date, named, venues, others)
    h = holder(lex, ck, title, date, doc_full) if ck else None
    return (h, ck) if h is not None else None


def _bare_title_country(lex: Lexicon, ptext: str, title: str, date: str | None, named: list,
                        venues: list, others: list = ()) -> str | None:
    """The country a bare "The Prime Minister" stands for in a readout that never names its own leader: the
    most mentioned country (not a named leader's) that has a holder of that title on the date."""
    # a seat of government named ("Downing Street said", "the Kremlin said"): its country's
    for _, _, pl in venues:
        if pl.seat_of_government:
            k = lex.country_of.get(pl.key)
            if k and holder(lex, k, title, date) is not None:
                return k
    # (nor the country of a leader it meets: "The Prime Minister spoke to President Macron" is not
    # France's prime minister)
    own = {p.country for p in (*named, *others)}
    counts: dict[str, int] = {}
    found = [(m, country_key(lex, m.group(0))) for m in lex.country_rx.finditer(ptext)]
    for i, (m, k) in enumerate(found):
        if k and k not in own:
            counts[k] = counts.get(k, 0) + 1
            # "the UK and France", "UK-France Summit": paired with the other leader's country, it is
            # the readout's own side
            for j in (i - 1, i + 1):
                if 0 <= j < len(found) and found[j][1] in own:
                    a, b = (found[j][0], m) if j < i else (m, found[j][0])
                    if _PAIRED.fullmatch(ptext, a.end(), b.start()):
                        counts[k] += 3
    for k, _ in sorted(counts.items(), key=lambda kv: -kv[1]):
        if holder(lex, k, title, date) is not None:
            return k
    return None


_TITLE_JUST_BEFORE = re.compile(r"\b(President|Prime\s+Minister|Premier|Chancellor|King|Emir|Crown\s+Prince)\s+$")


def _pick(lex: Lexicon, cands: list[Person], doc_full: set[str], date: str | None,
          title: str | None = None) -> Person | None:
    if len(cands) == 1:
        return cands[0]
    named = [p for p in cands if p.name in doc_full]
    if len(named) == 1:
        return named[0]
    pool = named or cands
    if title and date:
        # "President Rajapaksa" in 2021: the Rajapaksa who was president then, not his brother
        titled = [p for p in pool if any(o.held_on(date) and o.title.lower() == title.lower() for o in p.offices)]
        if len(titled) == 1:
            return titled[0]
    current = [p for p in pool if any(o.held_on(date) for o in p.offices)] if date else []
    if current:
        return current[0]
    return pool[0]


# honorifics between a title and its name: "Mr.", and the styles of Malaysia and Brunei ("Prime
# Minister Datuk Seri Anwar Ibrahim", "Sultan Haji Hassanal Bolkiah")
_TITLE_GAP = re.compile(r"(?:,\s*|\s+)(?:(?:Mr|Mrs|Ms|Dr)\.?\s+|(?:(?:(?:Datuk|Dato['’]?)(?:\s+(?:Seri|Sri))?|Tan\s+Sri|Tun|"
                        r"Haji|Hajah)\s+)+)?")


def find_people(text: str, lex: Lexicon, date: str | None, ptext: str | None = None) -> list[PersonMention]:
    """Person mentions in a whole document text (offsets into ``text``)."""
    ptext = plain(text) if ptext is None else ptext
    raw: list[tuple[int, int, list[Person]]] = []
    for a, b, _, key in lex.name_matcher.finditer(ptext):
        cands = lex.name_index.get(key, [])
        if cands:
            raw.append((a, b, cands))
    # names written in full in the document disambiguate short forms ("Kim", "Li")
    doc_full = {c[0].name for (_, _, c) in raw if len(c) == 1}
    mentions: list[PersonMention] = []
    full_named = None
    skip_until = -1
    for s0, e0, cands in raw:
        if s0 < skip_until:
            continue
        tb = _TITLE_JUST_BEFORE.search(ptext, max(0, s0 - 25), s0) if len(cands) > 1 else None
        p = _pick(lex, cands, doc_full, date, tb.group(1) if tb else None)
        if p is None:
            continue
        if _PATRONYMIC_BEFORE.search(ptext, max(0, s0 - 60), s0) and p.family_name \
                and fold(ptext[s0:e0]) == fold(p.family_name):
            continue  # "Prince Faisal bin Farhan Al Saud": another of the dynasty, not the king
        if ptext[s0:e0].lower() in _WORD_NAMES:
            # "at the end of May": a family name that is also a month is a person only after a title or
            # when the full name is in the document; with a day after it, a date ("Sochi, Russia May 18")
            if re.match(r"[ \t]+\d{1,2}\b", ptext[e0:e0 + 4]) and not _HONORIFIC_JUST_BEFORE.search(ptext, max(0, s0 - 20), s0):
                continue
            if full_named is None:
                full_named = {c[0].name for (a, b, c) in raw if len(c) == 1 and " " in ptext[a:b].strip()}
            # (in a headline in title case every word is capitalised: "Makes Phone Call To Chinese President")
            if p.name not in full_named and (_titlecase_line(ptext, s0) or not _TITLE_BEFORE.search(ptext, max(0, s0 - 30), s0) or any(
                    b <= s0 and b >= s0 - 3 and not ptext[b:s0].strip() for _, b, _ in raw)):
                continue  # (nor after another's name: "Erdogan, Putin May Soon Hold Talks")
        # a known short name followed by more capitalised words of an unknown full name is another
        # person of the same family name ("Kim Jong Il" when only "Kim Jong Un" is known) unless it
        # is a misspelling of the full name
        tail = _TAIL.match(ptext, e0, e0 + 30)
        if tail and fold(ptext[s0:e0]) != fold(plain(p.name)):
            tail_end = tail.end() - e0
            full = ptext[s0:e0 + tail_end]
            ftoks = fold(full).split()
            ptoks = fold(plain(p.name)).split()
            if len(ftoks) >= 3 and ftoks[:2] == ptoks[:2] and ftoks != ptoks and len(ptoks) >= 3:
                # "Kim Jong Il" vs "Kim Jong Un": a different person of the family
                if not any(_similar(a, b) for a, b in zip(ftoks[2:], ptoks[2:])):
                    mentions.append(PersonMention(s0, e0 + tail_end, text[s0:e0 + tail_end], [full], "new",
                                                  core_start=s0))
                    continue
            if fold(ptext[s0:e0]) == fold(plain(p.name)).split()[0] and len(ftoks) >= 2:
                e0 = e0 + tail_end if _similar_name(ftoks, ptoks) else e0
            elif len(ftoks) == 2 and len(ptoks) >= 2 and ftoks[0] == ptoks[-1] and ftoks[1] not in ptoks \
                    and not _not_a_name(ptext[e0 + 1:e0 + tail_end].strip()) and not _titlecase_line(ptext, s0):
                # a family name written last, then another name: "Abdul Ghani Baradar", "Ghani Khan"
                # are not Ashraf Ghani (nor is "Khan" then Imran Khan)
                skip_until = e0 + tail_end
                continue
        mentions.append(PersonMention(s0, e0, text[s0:e0], [p.name], "name", country=p.country, core_start=s0))
    mentions.sort(key=lambda x: x.start)

    # titles in front of names, and titles standing for a person
    by_start = {m.start: m for m in mentions}
    taken = [(m.start, m.end) for m in mentions]
    extra: list[PersonMention] = []
    for m in _plural_matches(ptext, lex):
        words = _LIST_SEP.split(m.group("dl") or m.group("cl"))
        t = (m.group("t1") or m.group("t2") or "").lower()
        title = {"presidents": "President", "prime ministers": "Prime Minister", "premiers": "Premier"}.get(t, "leader")
        ppl = []
        for w in words:
            c = country_key(lex, _THE.sub("", w))
            h = c and (holder(lex, c, title, date, doc_full) or holder(lex, c, "leader", date, doc_full))
            if h and h.name not in ppl:
                ppl.append(h.name)
        # a country whose leader the data does not know ("Papua New Guinea") leaves the others
        if len(ppl) >= 2:
            extra.append(PersonMention(m.start(), m.end(), text[m.start():m.end()], ppl, "plural", title=title))
            taken.append((m.start(), m.end()))
    bare_holder = _UNSET  # title -> (its holder, country) for a bare "The Prime Minister", or None
    bare_ctx: tuple = ((),)
    venues = None
    for m in _title_matches(ptext, lex):
        ts, te = m.start(), m.end()
        # starting inside a name (e.g. a title word inside a name) or a plural mention
        if any(a <= ts < b for a, b in taken):
            continue
        if venues is None:
            venues = [(a, b, pl) for a, b, _, pl in lex.place_matcher.finditer(ptext) if pl.kind == "Venue"]
        if any(a <= ts < b for a, b, _ in venues):
            continue  # "the Prime Minister's Office of Japan said": a building, no one in it
        title_word = m.group("title")
        if title_word[0].islower() and not m.group("dem") and not m.group("of") and not m.group("det"):
            continue
        if _ELECT.match(ptext, m.end()) or _FORMER.search(ptext, max(0, ts - 12), ts):
            continue  # "President-elect Trump", "the former president": not the office's holder that day
        title = _norm_title(lex, title_word)
        cword = m.group("dem") or m.group("of")
        ckey = country_key(lex, cword)
        after = ptext[te:te + 80]
        # honorifics and commas between title and name: "President of the French Republic Emmanuel Macron"
        gap = _TITLE_GAP.match(after)
        nstart = te + (gap.end() if gap else 0)
        nm = by_start.get(nstart)
        if nm is not None and (gap and (gap.group(0).strip() in ("", "Mr.", "Mr") or "," not in gap.group(0)
                                        or m.group("dem") or m.group("det"))):
            tail = _TAIL.match(ptext, nm.end, nm.end + 40)
            if ckey and nm.country and ckey != nm.country and nm.kind == "name" and tail \
                    and " " not in ptext[nm.start:nm.end].strip():
                # "Maldives President Ibrahim Mohamed Solih" when only Malaysia's "Anwar Ibrahim" is
                # known: a family name of another country's leader, then more of an unknown name
                nm.end = tail.end()
                nm.people, nm.kind, nm.country = [ptext[nm.start:nm.end].strip()], "new", ckey
            nm.start = ts if not m.group("det") or m.group("det").lower() in ("his", "her", "their", "the", "its", "our", "my", "a") else ts
            nm.text = text[nm.start:nm.end]
            nm.title = title
            nm.country = nm.country or ckey
            continue
        # name written after "of COUNTRY": "Prime Minister Jane Doe of Ruritania" is handled below
        if title in lex.leader_titles or title in ("President", "Prime Minister", "Premier", "Chancellor"):
            nmatch = re.match(r"\s+((?:" + _CAP_NAME + r")(?:\s+" + _CAP_NAME + r"){1,3})", after)
            if nmatch and not title_word[0].islower() and not _titlecase_line(ptext, ts):
                name = nmatch.group(1)
                if not lex.country_rx.fullmatch(name) and plain(name) not in lex.place_index and name.split()[0] not in (
                        "Office", "Palace", "House", "Secretariat", "Council", "Ministry", "Minister") \
                        and not (set(name.split()) & _NOT_NAME_WORDS) \
                        and (m.group("dem") or m.group("of") or re.search(r"\b[A-Z][a-z]+(?:an|ese|ish|ic|i)[ \t]+$", ptext[max(0, ts - 30):ts])
                             or re.match(r"\s*(?:,\s*)?of\s+(?:the\s+)?", ptext[te + nmatch.end():te + nmatch.end() + 10])):
                    ofm = re.match(r"\s*,?\s*of\s+(?:the\s+)?(" + lex.country_rx.pattern + r")", ptext[te + nmatch.end():te + nmatch.end() + 60])
                    ck = ckey or (country_key(lex, ofm.group(1)) if ofm else None)
                    if ck is None:
                        # a country missing from the data, named by its adjective ("Ruritanian President")
                        adj = re.search(r"\b([A-Z][a-z]+(?:an|ese|ish|ic|i))[ \t]+$", ptext[max(0, ts - 30):ts])
                        ck = adj.group(1) if adj else None
                    if ck:
                        end = te + nmatch.end()
                        extra.append(PersonMention(ts, end, text[ts:end], [name.strip()], "new", country=ck,
                                                   title=title, core_start=te + nmatch.start(1)))
                        taken.append((ts, end))
                        continue
        if ckey and m.group("of") and (m.group("det") or "the").lower() == "the" and (
                title in lex.leader_titles or title in ("President", "Prime Minister", "Premier", "Chancellor")):
            # a name the data does not know, its office in apposition: "James Marape, prime minister
            # of Papua New Guinea"
            ap = _NAME_APPOSITION.search(ptext, max(0, ts - 60), ts)
            if ap and not any(a < ts and b > ap.start(1) for a, b in taken) and not (
                    set(ap.group(1).split()) & _NOT_NAME_WORDS) and not lex.country_rx.fullmatch(ap.group(1)) \
                    and plain(ap.group(1)) not in lex.place_index:
                ns = ap.start(1)
                extra.append(PersonMention(ns, te, text[ns:te], [ap.group(1)], "new", country=ckey, title=title,
                                           core_start=ns))
                taken.append((ns, te))
                continue
        if ckey is None and not m.group("dem") and title_word[0].isupper() and (
                title in lex.leader_titles or title in _principal_titles(lex)) \
                and (m.group("det") or "").lower() in ("the", "") and not re.match(r"\s*(?:of|'s)\b", after):
            if bare_holder is _UNSET:
                named = [lex.person_by_name[n] for n in doc_full if n in lex.person_by_name]
                bare_holder = {}
                bare_ctx = (named,)
            if title not in bare_holder:
                # "The Prime Minister met Italian Prime Minister Giorgia Meloni": not the named holder
                # of the title the same sentence names beside it
                sa = max(ptext.rfind(x, 0, ts) for x in ".!?\n") + 1
                sb = min([i for i in (ptext.find(x, te) for x in ".!?\n") if i >= 0] or [len(ptext)])
                beside = {n for mm in mentions if sa <= mm.start < sb for n in mm.people}
                # (but "President el-Sisi": the title of the name right after it)
                beside -= {n for mm in mentions if te <= mm.start <= te + 5 for n in mm.people}
                others = [p for p in bare_ctx[0] if p.name not in beside]
                bare_holder[title] = _bare_title_holder(lex, ptext, title, date, others, venues,
                                                        [p for p in bare_ctx[0] if p.name in beside], doc_full)
            if bare_holder[title]:
                h, ck = bare_holder[title]
                extra.append(PersonMention(ts, te, text[ts:te], [h.name], "title", country=ck, title=title,
                                           core_start=ts))
                taken.append((ts, te))
            continue
        if ckey:
            h = holder(lex, ckey, title, date, doc_full)
            if h is not None:
                extra.append(PersonMention(ts, te, text[ts:te], [h.name], "title", country=ckey, title=title,
                                           core_start=ts))
                taken.append((ts, te))
    mentions.extend(extra)
    mentions.sort(key=lambda x: (x.start, -x.end))
    # drop mentions nested in another
    out: list[PersonMention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            if m.end <= out[-1].end:
                continue
        out.append(m)
    return out


_NAME_APPOSITION = re.compile(r"(?<![\w.'’-])((?:" + _CAP_NAME + r")(?:[ \t]+" + _CAP_NAME + r"){1,3}),[ \t]*(?:the[ \t]+)?$")
_NOT_NAME_WORDS = {"On", "In", "At", "For", "With", "By", "From", "As", "After", "Before", "During", "Meanwhile",
                   "The", "This", "That", "Then", "Later", "Earlier", "Today", "Yesterday", "Also", "But", "And",
                   "When", "While", "However", "Separately", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
                   "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                   "November", "December", "Mr.", "Mrs.", "Ms.", "Dr.",
                   # a headline's verbs and nouns after a name: "Vladimir V. Talks With Putin"
                   "Talks", "Meets", "Meeting", "Summit", "Holds", "Says", "Calls", "Visits", "Visit", "Phone", "Call"}
_ELECT = re.compile(r"[-\s]?elect\b|[-\s]designate\b", re.I)
_FORMER = re.compile(r"\b(?:former|ex-|late|then-?)\s*$", re.I)


class _TitleMatch:
    """The parts of "[det] [country word] TITLE [of COUNTRY]" found around a title word."""

    def __init__(self, start: int, end: int, groups: dict):
        self._s, self._e, self._g = start, end, groups

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e

    def group(self, name: str):
        return self._g.get(name)


_OF_COUNTRY: dict[int, re.Pattern] = {}


def _title_matches(ptext: str, lex: Lexicon):
    of_rx = _OF_COUNTRY.get(id(lex))
    if of_rx is None:
        # "of the Republic of Latvia", "of the Kingdom of Thailand": the state's formal name
        of_rx = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?(?:(?:(?:Federal|Islamic|Democratic|Socialist|Arab|United|"
                           r"Hashemite|Plurinational|Bolivarian|Cooperative|Oriental)[ \t]+)*(?:Republic|Kingdom|State|"
                           r"Commonwealth|Sultanate|Emirate|Principality|Grand[ \t]+Duchy)[ \t]+of[ \t]+(?:the[ \t]+)?)?(?P<of>" + lex.country_rx.pattern[len("(?<![\\w])(?:"):-len(")(?![\\w])")] + r")(?![\w])")
        _OF_COUNTRY[id(lex)] = of_rx
    for m in lex.title_word_rx.finditer(ptext):
        ws, we = m.start(), m.end()
        window = ptext[max(0, ws - 45):ws]
        tail = lex.country_tail_rx.search(window)
        groups = {"title": m.group(0), "det": None, "dem": None, "of": None}
        start = ws
        if tail and tail.group(0):
            groups["det"], groups["dem"] = tail.group("det"), tail.group("dem")
            start = ws - len(window) + tail.start()
        of = of_rx.match(ptext, we)
        end = we
        if of:
            groups["of"] = of.group("of")
            end = of.end()
        yield _TitleMatch(start, end, groups)


_FUNCTION_WORDS = {"a", "an", "the", "to", "of", "in", "on", "at", "for", "with", "and", "or", "by", "from", "as", "vs"}


_LIST_SEP = re.compile(r"[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+")
_THE = re.compile(r"^the[ \t]+")
_PLURAL_SPAN = 170  # longer than any plural mention ("the presidents of <country> and <country>")


def _plural_matches(ptext: str, lex: Lexicon):
    """``lex.plural_rx.finditer(ptext)``, searched only around the plural title words every match contains."""
    hints = [h.span() for h in _PLURAL_HINT.finditer(ptext)]
    if not hints:
        return
    n = len(ptext)
    windows: list[list[int]] = []
    for hs, he in hints:
        lo, hi = max(0, hs - _PLURAL_SPAN), min(n, he + _PLURAL_SPAN)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    found: dict[int, re.Match] = {}
    for lo, hi in windows:
        for m in lex.plural_rx.finditer(ptext, lo, hi):
            if (hi == n or m.end() < hi - 1) and any(m.start() <= hs and m.end() >= he for hs, he in hints):
                found.setdefault(m.start(), m)
    last = -1
    for st in sorted(found):
        if st >= last:
            m = found[st]
            last = m.end()
            yield m


def _titlecase_line(ptext: str, pos: int) -> bool:
    """Is the line at ``pos`` a headline in title case ("Kim Sends Letter to President After Talks")?"""
    a = ptext.rfind("\n", 0, pos) + 1
    b = ptext.find("\n", pos)
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", ptext[a:b if b >= 0 else len(ptext)])
             if w.lower() not in _FUNCTION_WORDS]
    return len(words) >= 5 and sum(w[0].isupper() for w in words) / len(words) >= 0.95


def _similar(a: str, b: str) -> bool:
    return a == b or (len(a) >= 2 and len(b) >= 2 and (a.startswith(b) or b.startswith(a)))


def _similar_name(ftoks: list[str], ptoks: list[str]) -> bool:
    """'Kim Jon Un' ~ 'Kim Jong Un' (a typo), token by token."""
    if len(ftoks) != len(ptoks):
        return False
    return all(_similar(a, b) for a, b in zip(ftoks, ptoks))


def find_places(text: str, lex: Lexicon, ptext: str | None = None) -> list[tuple[int, int, Place]]:
    ptext = plain(text) if ptext is None else ptext
    return [(a, b, pl) for a, b, _, pl in lex.place_matcher.finditer(ptext)]
