"""Detect the engagements an article reports, their kind, participants and date.

Every sentence is scanned for trigger phrases (patterns.json) of the four kinds; each trigger gives a
``Candidate`` read from its clause: participants (leader mentions of the clause, "his"/"he",
"the two leaders"), date (a date expression of the clause that is not the date of a statement:
"said on Wednesday"), modality (planned: "will meet", "agreed to hold", "looks forward to";
negated: "did not speak"; prior: "last met", "their meeting in Busan last month", a date well before
the article's), and whether the clause reports the engagement (a verb: "met", "spoke by phone",
"held talks") or only refers back to it ("during the call", "after Monday's meeting").

Candidates that report an engagement between two or more leaders become events; same kind (or an
unknown kind), same participants and compatible dates make one event. Back-references merge into
the event they refer to; the others feed prior and planned meetings (kg.extract.meetings).
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache

from ..model import Engagement, TimeValue
from ..nlp.dates import META_LINE, MONTHS, WEEKDAYS, DateMention, parse_iso
from ..nlp.phrases import AnyOf
from ..nlp.text import plain
from ..registry import extractors
from .base import OFFICE_COUNTRY, Candidate, EventDraft, ExtractContext

TYPE_RANK = {"VideoCall": 0, "PhoneCall": 1, "Letter": 2, "Meeting": 3, "Unknown": 4}
_PRON_SUBJ = re.compile(r"^\s*(?:[A-Z][\w ]{0,25},\s*)?(?:he|she)\b", re.IGNORECASE)
_POSS = re.compile(r"\b(his|her|their|our|my|its)\s+(?:[\w'’-]+\s+){0,4}$", re.IGNORECASE)
_SUBORD_BREAK = re.compile(r"where|when|which|who|after|before|since|following|amid|while|as|until|ahead", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|we|my|our|me|us)\b")
_ABBR_DOT = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Gen|Jr|Sr|U\.S|U\.K|U\.N|H\.E|a\.m|p\.m)\.")
_HABITUAL = re.compile(r"^[^.;]{0,60}?\b(?:on (?:multiple|several|many|numerous|two|three|four|five|various) occasions|"
                       r"(?:several|many|multiple|two|three|four|five|six|numerous|dozens\s+of|(?:more|fewer)\s+than\s+"
                       r"(?:\d+|\w+)|\d+) times|repeatedly|regularly)\b", re.I)


def _nodots(t: str) -> str:
    """'Mr.', 'U.S.' without their periods (same length), so that a modality window does not stop there."""
    return _ABBR_DOT.sub(lambda m: m.group(0).replace(".", " "), t) if "." in t else t


_SPAN_AFTER = re.compile(r"\b(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+"
                         r"(?P<unit>day|week|month|year)s?\s+after\s+(?:(?:his|her|their|the|a|an)\s+)?"
                         r"(?:[\w'’-]+\s+){0,3}$", re.I)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def _back(anchor: str | None, n: str, unit: str) -> str | None:
    """The month (or, for years, the year) ``n`` units before an ISO date: "a month after his
    visit" in September is August; days and weeks are not counted more precisely than their month."""
    d = parse_iso(anchor)
    if d is None:
        return None
    k = _NUMBERS.get(n.lower()) or (int(n) if n.isdigit() else 0)
    unit = unit.lower()
    if not k:
        return None
    if unit == "year":
        return f"{d.year - k:04d}"
    if unit == "month":
        m = d.year * 12 + d.month - 1 - k
        return f"{m // 12:04d}-{m % 12 + 1:02d}"
    return (d - timedelta(days=k * (7 if unit == "week" else 1))).isoformat()[:7]


_DEATH_OF = re.compile(r"\b(?:death|deaths|passing|demise|funeral|assassination|killing|murder|loss|memory|burial)\s+of\s+"
                       r"(?:the\s+)?(?:late\s+)?(?:[A-Z][\w.'’-]*\s+){0,3}$", re.I)
# "crossed the border on Friday to meet Moon", "flew to Kyiv to meet Zelenskyy": the journey was
# made, and the meeting with it (a plan says so before: "will fly to Kyiv to meet")
_JOURNEYED = r"arrived|travell?ed|flew|went|came|crossed|headed|journeyed|drove|walked|stopped|landed|stepped|rushed"
_WENT_TO = re.compile(r"\b(?:" + _JOURNEYED + r")\b[^.;]{0,80}?\bto\s+(?:[\w'’-]+\s+)?$", re.I)
_MOVED = re.compile(r"\b(?:" + _JOURNEYED + r"|visited|(?:was|were)\s+in)\b", re.I)
# "..., where he held talks": the traveller goes on
_WHERE_MOVER = re.compile(r"\s*(?:he|she|they|the\s+(?:two\s+)?(?:leaders|presidents|prime\s+ministers)|both)\b", re.I)
# "hold talks when Kishida travels to Washington next month": the trip's date
_WHEN_NEXT = re.compile(r",?\s*(?:when|as|while|during)\s+(?=[^.;]*?\b(?:travels?|visits?|comes?|arrives?|goes|flies|"
                        r"is\s+in|attends?|makes?\s+(?:a|an|his|her)\b))", re.I)
# "On the eve of the call with X, ...", "Ahead of the summit with X, ...": another occasion's lead
_EVE_LEAD = re.compile(r"\s*(?:(?P<eve>on\s+the\s+eve\s+of|(?:a|one|the)\s+day\s+(?:before|ahead\s+of))|ahead\s+of|"
                       r"prior\s+to|in\s+the\s+run-up\s+to|(?:hours|shortly|just|days)\s+(?:before|after)|after|following)"
                       r"\s+(?:the|his|her|their|a|an)\s+[^,;.]{0,80}?\b(?:conversation|call|talks|meeting|summit|visit)\b"
                       r"[^,;.]{0,60},\s*", re.I)
# "thanked Putin for sending a message": a message sent before (a letter's back-reference)
_THANKED_FOR = re.compile(r"\b(?:thank(?:ed|s|ing)?|grateful|gratitude|appreciat\w+)\b[^.;]{0,60}?\bfor\s+"
                          r"(?:(?:sending|his|her|their|the|its|a|an|having\s+sent)\s+)?(?:[\w-]+\s+){0,3}$", re.I)
# a closing attribution: ", Kim said.", ", the spokesman Peskov told reporters."
_SAID_TAIL = re.compile(r",\s*(?:the\s+)?(?:[\w.'’-]+\s+){1,5}?(?:said|says|told\s+(?:\w+\s+){0,2}?\w+|added|noted)"
                        r"\s*[.!\"”]?\s*$")


@lru_cache(maxsize=4)
def _group_subject(group_refs: str) -> re.Pattern:
    """The group right before its verb: "the two leaders had a warm exchange", "The two men also
    spoke in November" (the grammar's group words, "they", "the pair", a few adverbs)."""
    return re.compile(r"\b(?:" + group_refs + r"|the\s+pair|they)\s+(?:(?:also|last|previously|had|have|has|first|"
                      r"briefly|already|then)\s+){0,2}$", re.I)
_STATED = r"said|says|stated|announced|confirmed|reported|disclosed|revealed|told\s+(?:reporters|journalists)"
# "the Kremlin on Monday said Putin had spoken with Xi": reported speech, the news of the day
_SAID_HAD = re.compile(r"\b(?:" + _STATED + r")\b"
                       r"(?:\s+(?:on\s+)?\w+day)?(?:\s+that)?\s+(?:(?:(?:[A-Z][\w.'’-]*|of|the)\s+){1,6}|(?:he|she|they)\s+)"
                       r"had\s+(?:\w+ly\s+)?$")
# the caption of a file or handout photo: what it shows is not the news, nor a meeting the news recalls
_FILE_PHOTO = re.compile(r"\bImage\s+Source\s*:|/\s*FILE\b|\(File(?:\s+photo)?\)|\b[Ff]ile\s+photo\b|"
                         r"\b[Aa]\s+handout\s+(?:picture|photo|image)\b|\bin\s+this\s+file\s+(?:photo|picture)\b")
_FILE_PHOTO_WORDS = AnyOf("file|handout|image source")
# an undated article's past period after the engagement word: "the summit held in Italy last month"
_PAST_PERIOD = re.compile(r"\blast\s+(?:month|year)\b|\b(?:months|years)\s+ago\b|\bearlier\s+this\s+(?:month|year)\b", re.I)
# a present perfect over several engagements: "has had telephonic conversations with", "have held talks"
_HAS_HAD_PLURAL = re.compile(r"\b(?:has|have)\s+(?:also\s+|already\s+|since\s+)?(?:had|held)\s+(?:[\w-]+\s+){0,2}$", re.I)
# "Though the pair have spoken by phone", "have already met": background
_CONCEDED_PERFECT = re.compile(r"(?:\b(?:though|although|even\s+though|while)\b[^,;]{0,80}?\b(?:have|has)|\b(?:have|has)\s+"
                               r"(?:already|previously|often|repeatedly|before))\s+(?:[\w-]+\s+){0,3}$", re.I)
# a clause that only says what may happen ("Erdogan may discuss with Putin at the summit")
_MODAL_WORD = re.compile(r"\b(?:may|might|could|would|will|should|can|shall)\b")  # (not the month "May")
# "expected to have talks with X, in addition to holding a meeting with Y": both planned
_PLAN_IN_ADDITION = re.compile(r"\b(?:will|expected\s+to|scheduled\s+to|set\s+to|due\s+to|plans?\s+to|going\s+to)\b"
                               r"[^.;]{0,120}?\b(?:in\s+addition\s+to|as\s+well\s+as|besides|along\s+with|apart\s+from)\s+"
                               r"(?:holding|having|hosting|attending|meeting)\s+(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}$", re.I)
# "X and Y, on Sunday discussed ... during their phone conversation": the pair's own engagement
_PAIR_DID = re.compile(r",?\s*(?:(?:on\s+)?\w+day\s+|also\s+|today\s+|yesterday\s+)?(?:discussed|agreed|exchanged|reviewed|"
                       r"talked|spoke|stressed|underlined|reaffirmed|welcomed|addressed|focused)\b[^.;]{0,120}$", re.I)
# "exchanged messages": a letter each way
_EXCHANGED = re.compile(r"exchang(?:ed|es|e|ing)\b", re.I)
# "meet the challenges", "met its targets": no meeting
_MEET_THING = re.compile(r"\s+(?:(?:the|these|those|its|their|our|his|her|all|any|new|common|shared|global|growing|"
                         r"each\s+other's|people's)\s+)*(?:[\w-]+\s+){0,2}?(?:challenges?|needs?|demands?|targets?|goals?|"
                         r"expectations?|requirements?|deadlines?|obligations?|standards?|criteria|threats?|commitments?|"
                         r"aspirations?|conditions?|costs?|interests?)\b", re.I)
# "During the call, Modi sent his congratulations": said in the call, no letter
_IN_THE_CALL = re.compile(r"\b(?:during|in|on|over)\s+(?:the|their|this|that)\s+(?:[\w-]+\s+){0,2}"
                          r"(?:call|conversation|talks|meeting|phone|video)\b", re.I)
# the words between a pair and its verb: "Putin and Netanyahu have discussed"
_HAVE_BEFORE = re.compile(r"(?:\s+(?:have|had|also|on\s+\w+day|\w+day))+\s+$", re.I)
# "conveyed a message" in a call's readout: said in the call
_HANDED = r"conveyed|conveys|delivered|delivers|passed|extended|extends|offered|offers"
_SPOKEN_MESSAGE = re.compile(r"(?:" + _HANDED + r")\b", re.I)
# "X wrote a letter to Y", "X extended his congratulations to Y": the subject sent it
_SENT_BY_SUBJECT = re.compile(r"\b(?:wrote|writes|sent|sends|penned|addressed|" + _HANDED + r")\b", re.I)
# a lede's subject right before its day: "Hollande and Cameron tried Tuesday"
_NEXT_TO_DATE = re.compile(r"\s*,?\s*(?:(?!that\b|which\b|who\b)[a-z]+\s+){0,2}(?:on\s+)?")
# "The call came two days after ..., and after a phone conversation with Trump": what it followed
_CAME_AFTER = re.compile(r"\b(?:came|comes|come|followed|follows|took\s+place|was\s+held)\b[^.;]{0,30}?\bafter\b", re.I)
_BARE_VERBS = {"meet", "hold", "visit", "speak", "talk", "host", "receive", "call", "have", "sign", "attend"}
_MODAL_AND = re.compile(r"\b(?:will|shall|would|'ll|’ll|going\s+to|plans?\s+to|expected\s+to|set\s+to|due\s+to|is\s+to|"
                        r"are\s+to|(?:agreed|agree|agrees|decided|pledged|vowed|promised|hoped?|hopes|wish(?:ed|es)?|"
                        r"intends?|intended|planned|aim(?:ed|s)?)\s+to)\s+[^.;]{0,120}?\band\s+(?:then\s+|also\s+|later\s+)?$", re.I)
# the bare verb of a trigger noun: "... and hold a meeting", "... and have talks"
_BARE_HOLD_A = re.compile(r"\b(?:hold|have|pay|make|conduct)\s+(?:(?:a|an|the|their|his|her)\s+)?(?:[\w-]+\s+){0,2}$", re.I)
_TIME_ASIDE = re.compile(r"\((?=[^()]{0,80}\))(?=[^()]*(?:\d|\btime\b))(?![^()]*\b(?:said|met|held|spoke|visited|told)\b)[^()]*\)")
_PASSIVE_BE = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", re.I)
_BY_HOST = re.compile(r"\s+by\s+(?:(?:the|his|her|their)\s+)?(?:[A-Z][\w.'’-]*\s+){0,4}")
_HELD_A = re.compile(r"\b(?:held|hold|holds|holding|had|have|has)\s+(?:a|an)\s+(?:[\w.'’-]+\s+){0,3}$", re.I)
# a named gathering still to come: "at the upcoming G7 Leaders' Summit", "look forward to ... at the Warsaw Summit"
_UPCOMING_GATHERING = re.compile(r"(?:\b(?:upcoming|forthcoming|coming|next)\s+(?:[\w'’.-]+\s+){0,4}"
                                 r"|\blook(?:s|ed|ing)?\s+forward\s+to\b[^.;]{0,80}?\b(?:at|in|during)\s+the\s+"
                                 r"(?:[\w'’.-]+\s+){0,4})$", re.I)
_RECENT = re.compile(r"\brecent(?:ly)?\b", re.I)
_JUST = re.compile(r"\bjust\b", re.I)  # "had just spoken": the reported call, on the day of the statement


# a clause opened by a finite verb after "X, Prime Minister of Japan," is the predicate, not an apposition
_VERB_START = (r"(?!(?:held|had|has|have|hold|holds|spoke|speaks|met|meets|talked|talks|said|says|told|made|sent|"
               r"wrote|received|receives|paid|pays|called|calls|phoned|telephoned|dialed|exchanged|discussed|agreed|"
               r"expressed|conducted|visited|visits|hosted|welcomed|arrived|noted|stressed|returned|is|was|will|would)\b)")
_APPOS = re.compile(r",\s+" + _VERB_START + r"(?:[a-z]|[A-Z][\w'’]*(?:'s|’s)\s)[^,]{0,90},")

# "Obama, who won a second, four-year term after a tight race, also spoke with Monti": a long aside,
# commas and all, up to the main clause's verb
_WHO_APPOS = re.compile(r",\s+who\s+[^;.:]{0,200}?,(?=\s+(?:also\s+|then\s+|later\s+|separately\s+|again\s+|"
                        r"subsequently\s+)?(?:spoke|met|held|had|said|told|called|phoned|telephoned|visited|hosted|"
                        r"received|welcomed|sent|wrote|talked|discussed|urged|thanked|agreed|dialed|dialled)\b)")


def _appositions(ctx: ExtractContext, s, ptext: str) -> list[tuple[int, int]]:
    """', China's most senior leader after President Xi,' right after a person: not part of the clause."""
    out = []
    for rx in (_APPOS, _WHO_APPOS):
        for m in rx.finditer(ptext):
            if any(p.end - s.start in (m.start(), m.start() - 1) for p in ctx.people_in(s.start, s.end)):
                out.append((m.start(), m.end()))
    return sorted(set(out))


@lru_cache(maxsize=512)
def _time_asides(ptext: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in _TIME_ASIDE.finditer(ptext)) if "(" in ptext else ()


@lru_cache(maxsize=512)
def _breaks(rx: re.Pattern, ptext: str) -> tuple[re.Match, ...]:
    return tuple(rx.finditer(ptext))


_SIDELINES_LEDE = re.compile(r"\b(?:on|at)\s+the\s+sidelines\s+of\b", re.I)
_BARE_CALL = re.compile(r"(?:[\w-]+\s+){0,2}?(?:call|calls|conversation|talk)|(?:spoke|speaks|speak|spoken|talked|talks)"
                        r"(?:\s+(?:with|to))?", re.I)
_THIS_VIDEO = re.compile(r"\b(?:this|today's|today’s)\s+(?:video[- ]?conference|video\s+call|virtual\s+(?:meeting|summit))\b|"
                         r"\bchance\s+to\s+meet\s+virtually\b|\b(?:are|is)\s+meeting\s+virtually\b", re.I)
_LEAD_SUBORDINATORS = {"after", "before", "following", "since", "amid", "ahead of", "prior to"}


def _clause(ctx: ExtractContext, ptext: str, a: int, b: int, skip=()) -> tuple[int, int, str]:
    """Clause bounds around [a, b) in a sentence and the break that opened it."""
    start, end, opener = 0, len(ptext), ""
    for m in _breaks(ctx.pats.clause_breaks, ptext):
        if any(x <= m.start() < y for x, y in skip):
            continue
        if m.group(0) in "()" and (re.match(r"\([\w.&'’-]{1,12}\)", ptext[m.start():m.start() + 14])
                                   or re.search(r"\([\w.&'’-]{1,12}\)$", ptext[max(0, m.start() - 13):m.end()])):
            continue  # "(G20)", "(KCNA)": an acronym in brackets does not break the clause
        if m.group(0) in "()" and any(x <= m.start() < y for x, y in _time_asides(ptext)):
            continue  # "(January 14, 1:30 a.m. Japan time)": a time aside does not break it either
        if m.group(0) == " since " and re.match(r"(?:taking|assuming|becoming|being|his|her|their)\b", ptext[m.end():]):
            continue  # "the first call since taking office with X"
        if m.end() <= a:
            start, opener = m.end(), m.group(0)
        elif m.start() >= b:
            end = m.start()
            break
    if opener.strip().lower() in _LEAD_SUBORDINATORS and not META_LINE.sub("", ptext[:start - len(opener)]).strip():
        # "After weeks of waiting, Ramaphosa has finally had his phone call with Zelensky": the
        # sentence's lead ends at its comma, and the main clause after it is no subordinate one
        comma = ptext.rfind(",", start, a)
        if comma >= 0:
            start, opener = comma + 1, ","
    return start, end, opener


def _statement_date(ptext: str, d: DateMention, speech: re.Pattern) -> bool:
    """'said on Wednesday', 'confirmed Sunday', 'told reporters on Monday': the date of a statement."""
    before = ptext[max(0, d.start - 40):d.start]
    return bool(re.search(r"\b(?:said|says|say|told \w+|told reporters|confirmed|announced|stated|added|noted|"
                          r"reported|wrote|posted|tweeted|declared|revealed|disclosed|explained|commented|"
                          r"remarked|insisted|claimed)\s+(?:on\s+|in\s+|this\s+|late\s+|early\s+)?" + _DAY_BRACKET,
                          before, re.I)) \
        or bool(_DATE_THEN_SAID.match(ptext, d.end))


def _within_week(value: str | None, anchor: str | None) -> bool:
    """A full date in the week up to the article's: the news of the day, not an earlier occasion."""
    a, v = parse_iso(anchor), parse_iso(value)
    return bool(a and v and value and len(value) == 10 and 0 <= (a - v).days <= 6)


# "on Friday (Mar. 29)": the date in brackets after a weekday is the same day's
_DAY_BRACKET = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s*\(\s*)?$"
_DET_BEFORE_DATE = re.compile(r"\b(?:the|their|its|his|her|this|that|last|[A-Z][\w]+['’]s?)\s+$")
_DATE_NAMES_ANOTHER = re.compile(r"\s+(?!(?:meeting|meetings|call|calls|phone|telephone|video|talks|summit|visit|"
                                 r"conversation|conversations|letter|message|session|encounter|virtual)\b)[a-z]{3,}")
_DATED_AS = re.compile(r"\s*,?\s*(?:was|is|,)?\s*(?:dated|addressed|written|signed|sent)\s+(?:on\s+)?", re.I)
_DAYS_EARLIER_LEAD = re.compile(r"\s*(?:(?P<n>a|one|two|three|\d)\s+days?\s+(?:earlier|before)|the\s+(?:previous|prior)\s+day|"
                                r"the\s+day\s+before),\s*", re.I)
# "earlier in the day", "later that day", "on the same day": the day of what the story told before
_SAME_DAY = re.compile(r"\b(?:(?:earlier|later)\s+(?:in\s+the|that|the\s+same)\s+(?:day|morning|afternoon|evening)|"
                       r"(?:on\s+)?the\s+same\s+day|that\s+same\s+day)\b", re.I)
_SUBJECT_LEAD = re.compile(r"\s*(?:(?:on|in|at|during|after|earlier|later|meanwhile|separately|also)\b[^,]{0,40},\s*)?"
                           r"(?:(?:the|[A-Z][\w.'’-]*['’]s)\s+)?", re.I)
_ANNOUNCED = re.compile(r"\b(?:announced|unveiled|disclosed|scheduled|planned|arranged)\s+(?:on\s+)?" + _DAY_BRACKET, re.I)


# "A readout ... Sunday night stated that", "the Kremlin on Monday said": the date before the verb
_DATE_THEN_SAID = re.compile(r"(?:\s+(?:night|morning|evening|afternoon))?\s+(?:" + _STATED + r"|told\s+\w+)\b", re.I)


# a relative clause of the engagement's own course, right after it
_HE_AND = re.compile(r"\b(?:he|she)\s+and\s+(?=(?:the\s+)?[A-Z])")
_SENT_TO = re.compile(r"\s*(?:was|were|has\s+been|had\s+been)\s+(?:also\s+)?(?:sent|addressed|delivered|conveyed)\s+to\b", re.I)
_AFTER_CLAUSE = re.compile(r",?\s+(?:after|following)\s+(?=the\b)", re.I)
_ITS_OWN_CLAUSE = re.compile(r"\s*,?\s*(?:that|which)\s+((?:lasted|took\s+place|was\s+held|were\s+held|happened|"
                            r"ran|went\s+on|began|started)\b)", re.I)


_SINCE_PHRASE = re.compile(r"\bsince\s+(?:(?:his|her|their|taking|assuming|becoming|being|the)\s+)?(?:[\w'’-]+\s+){0,4}$",
                           re.I)


def _pick_date(ctx: ExtractContext, s, ptext: str, cl: tuple[int, int], a: int, future: bool) -> DateMention | None:
    every = ctx.dates_in(s, future)
    ds = [d for d in every if not _statement_date(ptext, d, ctx.pats.speech)]
    inside = [d for d in ds if cl[0] <= d.start < cl[1]]
    named = [d for d in inside if _DATE_NAMES_ANOTHER.match(ptext, d.end) and _DET_BEFORE_DATE.search(ptext, 0, d.start)]
    if named and len(named) < len(inside):
        # "spoke by phone Sunday about hostages taken during their October 7 attack": a date that
        # names another event is not the engagement's
        inside = [d for d in inside if d not in named]
    # "for the first time since taking office last week": the day of something else it counts from
    def _since_counts_from(d: DateMention) -> bool:
        # (after the engagement word, and its first date only: "since a virtual summit in November"
        # dates that summit)
        m = _SINCE_PHRASE.search(ptext, max(0, d.start - 45, a), d.start)
        return bool(m) and not any(m.start() < e.start < d.start for e in every)

    inside = [d for d in inside if not _since_counts_from(d)]
    aside = [d for d in inside if any(x <= d.start < y for x, y in _time_asides(ptext))]
    if aside and len(aside) < len(inside):
        inside = [d for d in inside if d not in aside]  # the other time zone's date, in brackets
    if not inside and (rel := _ITS_OWN_CLAUSE.match(ptext, cl[1])):
        # "held a phone conversation that lasted two hours on Tuesday": the relative clause tells
        # of the engagement itself
        _, rel_end, _ = _clause(ctx, ptext, rel.start(1), rel.end(1))
        inside = [d for d in ds if cl[1] <= d.start < rel_end]
    if not inside and (aft := _AFTER_CLAUSE.match(ptext, cl[1])):
        # "held bilateral meetings ... after the conclusion of the summit's session on Friday": the
        # day of what it followed, when only a weekday is told
        _, aft_end, _ = _clause(ctx, ptext, aft.end(), aft.end() + 1)
        inside = [d for d in ds if aft.end() <= d.start < aft_end and d.kind == "weekday"]
    if not inside:
        if not future:
            # "Trump said on Thursday he had a phone call with Xi": no later than the statement
            # (also told before "that": "Trump said Thursday that he and Putin had agreed during a call")
            lo = 0 if ptext[max(0, cl[0] - 6):cl[0]].lower() == " that " else cl[0]
            said = [d for d in every if lo <= d.start < a and d.kind in ("weekday", "relative")
                    and d.value and len(d.value) == 10 and d not in ds]
            if said:
                return said[-1]
            # "X spoke with Y on the sidelines of the summit, a spokesman said Sunday": no later
            # than the statement, and a report tells of the day's
            said = [d for d in every if d.start >= a and d.kind in ("weekday", "relative")
                    and d.value and len(d.value) == 10 and d not in ds
                    and not _ANNOUNCED.search(ptext, max(0, d.start - 40), d.start)]
            # (not "Prabowo's visit to China was first announced on Friday": told before it was made)
            if said:
                return said[0]
        return None
    # "Upon receiving a letter from X on April 20, Y sent his reply on Thursday": the trigger's own segment
    seg_a = max(cl[0], ptext.rfind(",", 0, a) + 1)
    nxt = ptext.find(",", a)
    seg_b = min(cl[1], nxt if nxt >= 0 else len(ptext))
    own = [d for d in inside if seg_a <= d.start < seg_b]
    if own and len(own) < len(inside):
        inside = own
    if future:
        # "X on Friday called Y ... and the two agreed to meet at the summit": Friday is the call's
        cut = max([m.end() for m in _NEW_SUBJECT.finditer(ptext, cl[0], a)], default=-1)
        inside = [d for d in inside if d.start >= cut]
        if not inside:
            return None
    rank = {"explicit": 0, "weekday": 1, "relative": 1, "year": 2}

    def key(d: DateMention):
        prec = len(d.value or "")
        return (rank.get(d.kind, 3), -prec, abs(d.start - a))
    best = sorted(inside, key=key)[0]
    return best


def _most_specific(ctx: ExtractContext, places) -> str | None:
    if not places:
        return None
    best, depth = None, -1
    keys = {pl.key for pl in places}
    for pl in places:
        anc = ctx.vocab.ancestors(pl)
        d = len(anc)
        # a place that contains another mentioned place is less specific
        if any(q.within == pl.key or pl.key in {x.key for x in ctx.vocab.ancestors(q)} for q in places if q.key != pl.key):
            d -= 10
        if d > depth:
            best, depth = pl, d
    return best.name if best else None


_ADJ_FOLLOW = re.compile(r"[-\s]+(?!(?:and|in|on|at|for|to|with|by|from|last|this|next|earlier|later|during|"
                         r"since|after|before|or|was|is|where|which|when|while|amid|as|ahead|because|that|who|"
                         r"whose|over|through|under|until|recently|today|yesterday|tomorrow|were|are|has|had|"
                         r"have|will|would|early|late|mid|soon|again|then|shortly|sometime|around|within|possibly|probably|"
                         r"likely|once|also|via|of|amid|despite|alongside|together)\b)[a-z]")


def _adjectival_country(ctx: ExtractContext, ps: int, pe: int, pl) -> bool:
    """A country word used as an adjective ("the U.S. government", "Japan-U.S. talks") or as one
    half of a country pair ("US-China relations", "China-U.S. ties") names no meeting place."""
    if pl.kind != "Country":
        return False
    text = ctx.doc.text
    return bool(_ADJ_FOLLOW.match(text[pe:pe + 20]) or re.match(r"-[A-Z]", text[pe:pe + 2])
                or text[max(0, ps - 1):ps] == "-" or re.match(r"['’]s\s+[A-Z]", text[pe:pe + 4]))
    # ("Japan's Ishiba", "China's Xi Jinping": whose, not where)


_GO_TO = re.compile(r"\b(?:travel(?:s|led|ed|ling|ing)?|fl(?:y|ies|ew|ying)|go(?:es|ing)?|went|come|comes|came|coming|"
                    r"head(?:s|ed|ing)?|trip|journey)\s+(?:back\s+)?to\b\s*", re.I)
_NEXT_OCCASION = re.compile(r"\s*,?\s*and\s+(?:(?:also|then|later|had|have|last|first)\s+)?(?:met|meet|visited|held|hosted|"
                            r"spoke|talked|travel(?:l)?ed|saw)\b", re.I)
_STOPPED_IN = re.compile(r"\b(?:stopover|stop-over|stop|stay|arrived|landed|was|were)\s+in\b\s*", re.I)
_WELCOME_TO = re.compile(r"\s+(?:(?:[A-Z][\w.'’-]*|the|of)\s+){1,5}to\s+(?:visit|come|attend|pay|travel|make|join)\b")
_NAMING = re.compile(r"\s+(?:(?:his|her)\s+(?:[A-Z][\w.'’-]*\s+){0,3}counterpart,?\s+)?(?:(?:[A-Z][\w.'’-]*|of)\s+){1,5}(?:a|an|his|her|their|its|one|the\s+(?!phone|telephone)\w+\s+"
                     r"(?:of|for|in|and|who)\b|[\"“‘']|(?:an?\s+)?(?:old|good|great|dear|true|close)\b)\b")
_AFTER_IT = re.compile(r"\s*(?:(?:holding|having\s+held|having|a|an|their|two-day|lengthy|long|formal|informal|"
                       r"closed-door|bilateral|in-person|face-to-face|[\w-]+-hour)\s+){0,3}", re.I)
# what a leader said, then the occasion he said it at ("Biden said on Monday he would defend
# Taiwan, speaking at a news conference in Tokyo after talks with Kishida"): the modal is in what he
# said, not in the talks
_SPEECH_THEN_FRAME = re.compile(r"\b(?:said|says|told\s+(?:\w+\s+){0,2}?)(?:\s+on\s+\w+day)?\s+[^,;]*,\s*"
                                r"(?=(?:speaking|addressing|talking\s+to\s+reporters|in\s+remarks|"
                                r"at\s+a\s+(?:news|press)\s+conference)\b)", re.I)
_MAIN_MODAL = re.compile(r"\b(?:will|would|shall|going to|plans?\s+to|expected\s+to|set\s+to|due\s+to|could|(?-i:may)|"
                         r"might|should|must|if|unless|when|once)\b|['’]ll\b", re.I)
_TALK_VERBS = {"spoke", "spoken", "talked", "talking", "speaking", "conferring", "speaks", "talks", "speak", "talk"}
# a place right after the talk (no topic word before it: "spoke with X about the war in Gaza" is no
# place of theirs), or the sidelines of a gathering
_IN_PERSON = re.compile(r"^(?:[^.;,]*?\bon\s+the\s+sidelines\b|(?:\s+(?:(?:with|to)\s+)?(?:[A-Z][\w.'’-]*\s+){1,5})?"
                        r"(?:\s*(?:on|late|early)\s+[A-Z]\w+day\s+|\s+)?(?:in|at)\s+(?:the\s+)?[A-Z][\w'’-]+"
                        r"(?!\s+(?:war|crisis|conflict|situation|issue|question)))")  # (case-sensitive: names)
_HOSTED_FOR = re.compile(r"\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}(?:banquet|dinner|luncheon|lunch|breakfast|reception|"
                         r"ceremony)\s+(?:for|in\s+honou?r\s+of)\s+(?:(?:the|visiting)\s+)?(?:[A-Z][\w.'’-]*\s+){0,4}")
_ON_A_VISIT = re.compile(r"\b(?:is|are|was|were)\s+(?:now\s+|currently\s+)?on\s+(?:a|an|his|her|their)\s+(?:[\w-]+\s+){0,3}$",
                         re.I)
# "Speaking to reporters after his phone call with Xi on Sunday, Albanese said ...": the call
# told in passing, before the leader who speaks of it
_SPEAKING_AFTER = re.compile(r"^\W*(?:(?:speaking|talking)\s+(?:to|with|at)\s+(?:[\w'’-]+\s+){1,4}?)?(?:after|following)\s+"
                             r"(?:his|her|their|a|an|the)\s+(?:[\w'’-]+\s+){0,3}$", re.I)
_THEN_SAID = re.compile(r",\s*(?:[A-Z][\w.'’-]*\s+){1,6}(?:said|says|told)\b")
# "called French president-elect Emmanuel Macron", "called his US counterpart, Donald Trump,":
# titles between the verb and the one called
_CALLED_TITLE = re.compile(r"\s+(?:(?:the|his|her)\s+)?(?:[A-Z][\w.'’-]*\s+|(?i:president|prime\s+minister|chancellor|"
                           r"premier|leader)(?:-elect)?\s+|(?i:counterpart),?\s+){1,5}")
_WEEKS_BEFORE = re.compile(r"\b(?:last|past|previous)\s+week\b|\bweeks?\s+ago\b", re.I)
_AS_THEY = re.compile(r"(?:,\s*|\s)(?:as|when|while)\s+$", re.I)
_DURING = re.compile(r"\b(?:during|in|at|over|on\s+the\s+sidelines\s+of)\s+(?:the|their|a|an|his|her)\s+(?:[\w'’“”\"-]+\s+){0,3}$",
                     re.I)
_STAFF_SUBJECT = re.compile(r"\b(?:teams|officials|delegations|delegates|ministers|negotiators|aides|envoys|"
                            r"diplomats|representatives|advisers|advisors|staffs?|secretaries|lawmakers|"
                            r"ministries|governments)(?:\s+(?:of|from)\s+(?:the\s+)?(?:two|both)\s+(?:countries|sides|"
                            r"nations|governments))?\s+(?:(?:will|would|could|should|to|are|were|also|soon|then|"
                            r"later|have|had|has|be|been|expected|set|due|due\s+to|going|plan(?:ned|ning)?\s+to)\s+){0,4}$",
                            re.I)
_NEW_SUBJECT = re.compile(r"\b(?:and|but)\s+(?:the\s+(?:two|both)\b|they\b|both\b|he\b|she\b)", re.I)
_TALKS = re.compile(r"^(?:(?:held|had|hold|holds|holding)\s+(?:\w+\s+){0,2})?talks$", re.I)
_NEGATED_TRIGGER = re.compile(r"\b(?:not|never)\b|n['’]t\b", re.I)  # "had not held talks" is one trigger
_PLACE_BREAK = re.compile(r"\d|\b(?:and|or|then|but|before|after|since|until|while|when)\b", re.I)


# a place that speaks for a government, not where anything happened: "the White House said",
# "a Kremlin readout", "Downing Street's spokesman"
_SOURCE_AFTER = re.compile(r"(?:'s|’s)?\s+(?:(?:press\s+)?(?:spokes(?:man|woman|person)|statement|readout|press\s+(?:service|office|"
                           r"secretary|release)|official|officials|aide|aides|source|sources)\b|(?:\w+ly\s+)?(?:said|says|"
                           r"announced|confirmed|stated|reported|added|noted|disclosed|declined|denied)\b)")


# "tension with Taiwan", "talks on Ukraine", "concerns over Iran": a topic, not where it happened
_TOPIC_BEFORE = re.compile(r"\b(?:with|against|over|on|about|regarding|towards?)\s+(?:the\s+)?$", re.I)
_EVENT_NOUN = re.compile(r"\b(?:Group|Summit|Forum|Conference|Council|Assembly|Meeting|Session|Dialogue|Games|Congress|"
                         r"Festival|Expo|Leaders|Union|Organi[sz]ation|Alliance|Committee|Commission|Party|Week|Day)$")


def find_place(ctx: ExtractContext, s, ptext: str, a: int, b: int, *, strict: bool = False) -> str | None:
    """The most specific place of the first place phrase in ptext[a:b] (sentence-relative offsets):
    "in Bali, Indonesia" -> Bali, "in the Russian city of Kazan" -> Kazan."""
    pls = sorted(((ps - s.start, pe - s.start, pl) for (ps, pe, pl) in ctx.places_in(s.start + a, s.start + b)
                  if pl.kind != "Organization"
                  and not any(m.start <= ps < m.end for m in ctx.people_in(ps - 1000, ps + 1))
                  and not _adjectival_country(ctx, ps, pe, pl)
                  and not _SOURCE_AFTER.match(ctx.ptext, pe)
                  and not _TOPIC_BEFORE.search(ctx.ptext, max(0, ps - 16), ps)),
                 key=lambda x: x[0])
    # capitalised unknown places after "in"/"at" ("in Mahabalipuram")
    for m in re.finditer(r"\b(?:in|at)\s+(?:the\s+)?((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,2})", ptext[a:b]):
        cand = m.group(1)
        first = cand.split()[0]
        ca = a + m.start(1)
        if first.lower() in MONTHS or first.lower() in WEEKDAYS or any(pm.start <= s.start + ca < pm.end for pm in ctx.people):
            continue
        if re.match(r"(?:The|This|That|His|Her|Their|Our|Its|A|An)\b", cand) or re.search(r"(?:'s|’s)$", cand):
            continue
        if _EVENT_NOUN.search(cand):
            continue  # "at the Group of 20 Summit", "at the Raisina Dialogue": an occasion, not a place
        if any(ps <= ca < pe for ps, pe, _ in pls) or any(
                ps <= s.start + ca < pe for ps, pe, pl in ctx.places_in(s.start, s.start + ca + 1)
                if pl.kind == "Organization"):
            continue  # (a known organisation, "at the G20 summit", is no unknown place)
        if ctx.lex.country_rx.fullmatch(cand):
            continue
        pls.append((ca, ca + len(cand), cand))
    pls.sort(key=lambda x: x[0])
    if not pls:
        return None
    group = [pls[0]]
    for item in pls[1:]:
        gap = ptext[group[-1][1]:item[0]]
        # "Bali, Indonesia", "Kazan (Russia)", "the city of Kazan": one place phrase; "in Wuhan in
        # 2018 and in Chennai" names two places (kg.extract.meetings reads the coordinated one)
        if re.fullmatch(r"(?:'s|’s)?[\s,(\[]*(?:[\w'’-]+\s+){0,4}", gap) and len(gap) < 40 \
                and not _PLACE_BREAK.search(gap):
            group.append(item)
        else:
            break
    known = [x[2] for x in group if not isinstance(x[2], str)]
    unknown = [x[2] for x in group if isinstance(x[2], str)]
    if unknown and (not known or all(k.kind in ("Country", "Region") for k in known)):
        return unknown[0]
    return _most_specific(ctx, known)


def _add_or_merge(events: list[EventDraft], ev: EventDraft | None, c: Candidate, names: list[str]) -> None:
    """A candidate matching no event starts one; otherwise it adds to the event it matched."""
    if ev is not None:
        _merge(ev, c)
        return
    ev = EventDraft(type=c.type, participants=list(names), weak_only=c.weak)
    ev.date = TimeValue(c.date.value, c.date.expression, None) if c.date and c.date.value else None
    ev.sender = c.sender
    ev.candidates.append(c)
    events.append(ev)


def find_candidates(ctx: ExtractContext, s) -> list[Candidate]:
    ptext = ctx.pt(s)
    pats = ctx.pats
    found: list[tuple[int, int, str, str]] = []
    low = ptext.lower()
    for typ, rx, stem in pats.triggers:
        if stem is not None and not stem.search(ptext, low):
            continue
        for m in rx.finditer(ptext):
            found.append((m.start(), m.end(), typ, m.group(0)))
    found.sort(key=lambda x: (TYPE_RANK[x[2]], -(x[1] - x[0]), x[0]))
    accepted: list[tuple[int, int, str, str]] = []
    for f in found:
        if any(not (f[1] <= g[0] or f[0] >= g[1]) for g in accepted):
            continue
        # "Phone" inside a person's name or title, or a place name ("Prime Minister's Office")
        accepted.append(f)
    accepted.sort()
    # "held a summit telephone talk", "holding talks via a video channel": the meeting word names the
    # call itself when a call word of the same phrase (no clause break between) says how it was held
    calls = [f for f in accepted if f[2] in ("PhoneCall", "VideoCall") and f[3].lower() not in pats.weak_words]
    absorbed: dict[int, str] = {}  # call word's start -> the meeting phrase it names ("held talks ... by phone")
    if calls:
        kept = []
        # a call phrase's end, grown by the meeting words it absorbs ("a video conference summit meeting")
        ends = {g[0]: g[1] for g in calls}
        for f in accepted:
            by = [g for g in calls if f[2] == "Meeting" and (
                (0 <= g[0] - f[1] <= 90 and not re.search(r"[.;:,()]|\band\b", ptext[f[1]:g[0]]))
                or (0 <= f[0] - ends[g[0]] <= 2))]
            if by:
                absorbed.setdefault(by[0][0], f[3])
                ends[by[0][0]] = max(ends[by[0][0]], f[1])
            else:
                kept.append(f)
        accepted = kept
    out: list[Candidate] = []
    if not accepted:
        return out
    sent_people = ctx.people_in(s.start, s.end)
    titlecase = None  # a headline in title case? (read only for a capitalised meeting word)
    appos = None
    for a, b, typ, word in accepted:
        abs_a = s.start + a
        if any(m.start <= abs_a < m.end for m in sent_people):
            continue
        if typ == "Meeting" and word[0].isupper() and a > 0 and re.search(r"(?:[A-Z][\w.]*|\b[A-Z][\w.]*\s+of\s+\d+)(?:'|’)?\s*$",
                                                                         ptext[:a]):
            if titlecase is None:
                words = re.findall(r"[A-Za-z][\w'’-]*", ptext)
                titlecase = len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > 0.6
            if not titlecase and not (_HELD_A.search(ptext, 0, a) and re.match(r"\s+with\b", ptext[b:])) \
                    and not _UPCOMING_GATHERING.search(ptext, max(0, a - 160), a):
                # part of a proper name: "the EU-China Leaders' Meeting", "the BRICS Summit"; but
                # "held a Japan-U.S. Summit Meeting with President Biden" is theirs, and "look forward
                # to meeting at the upcoming G7 Leaders' Summit" is their plan
                continue
        if appos is None:
            appos = _appositions(ctx, s, ptext)
        aside = next(((x, y) for x, y in appos if x <= a < y), None)
        who = _WHO_ASIDE.match(ptext, aside[0]) if aside else None
        if aside and not who:
            continue
        cs, ce, opener = _clause(ctx, ptext, a, b, appos)
        if who:
            # ", who held an informal meeting on Sunday,": an aside for the clause around it, and a
            # clause of its own for what it tells (its subject: the leader before it, see rel_who)
            cs, ce, opener = who.end(), aside[1] - 1, ", who"
        before, after = _nodots(ptext[cs:a]), _nodots(ptext[b:ce])
        lw = word.lower()
        if lw in ("called", "calls", "call") and _NAMING.match(ptext, b):
            continue  # "Putin called Xi a dear friend": naming, not a call
        if typ == "Letter" and _IN_THE_CALL.search(ptext, cs, a):
            continue  # "During the call, Modi sent his congratulations": said in the call, no letter
        if typ in ("PhoneCall", "VideoCall") and re.match(r"\s*(?:-\s*)?(?:interviews?|briefings?|press\s+conferences?|"
                                                          r"town\s+halls?|address|speech|hearing)\b", ptext[b:], re.I):
            continue  # "during a telephone interview with Fox Business", "a video address": no talks with a leader
        if lw == "press conference" and re.search(r"\b(?:his|her|its|a|the)\s+(?:[\w-]+\s+){0,2}$", ptext[:a]) \
                and not re.match(r"\s+(?:with|alongside)\b", ptext[b:]):
            continue  # "before the latter held his first press conference": one leader's, no engagement
        if lw in ("meet", "meets", "met", "meeting") and _MEET_THING.match(ptext, b):
            continue  # "meet the challenges together", "met its targets": no meeting
        if lw.startswith("welcom") and _WELCOME_TO.match(ptext, b):
            continue  # "Xi welcomed Biden to visit China": an invitation (the visit is a plan), no reception
        if _STAFF_SUBJECT.search(before):
            continue  # "their teams would meet soon": officials' talks (an issue), not the leaders'
        subj_text = ""
        # participants of the clause; a clause opened by "and" shares the sentence's subject
        cl_people = [m for m in sent_people if s.start + cs <= m.start < s.start + ce]
        if (tail := _SAID_TAIL.search(ptext)) and tail.start() > b:
            # "..., should Moon attend the event, Kim said.": who said it takes no part
            cl_people = [m for m in cl_people if m.start < s.start + tail.start()]
        day_before: tuple[str, ...] = ()
        if (lead := _EVE_LEAD.match(ptext, cs)) and lead.end() <= a:
            # "On the eve of the conversation with Putin, Scholz spoke with Zelensky": the occasion
            # it preceded is another's, its people are not this one's
            day_before = tuple(n for m in cl_people if m.start < s.start + lead.end() for n in m.people) \
                if lead.group("eve") else ()
            cl_people = [m for m in cl_people if m.start >= s.start + lead.end()]
        if opener.strip().startswith("and") and not [m for m in cl_people if m.start < s.start + a]:
            fs, fe, _ = _clause(ctx, ptext, 0, 1, appos)
            subj = [m for m in sent_people if s.start + fs <= m.start < s.start + min(fe, cs)]
            while not subj and fe < cs - len(opener):
                # past a dateline or an opening phrase with no one in it ("KYIV (Reuters) - ")
                fs, fe, _ = _clause(ctx, ptext, fe + 1, fe + 2, appos)
                subj = [m for m in sent_people if s.start + fs <= m.start < s.start + min(fe, cs)]
            listed = _listed(ptext, s.start, subj)
            # "Macron, Scholz and Draghi visited Kyiv and met Zelenskiy": a list subject, all of it;
            # else the subject and its partner ("Biden spoke with Xi and discussed Taiwan")
            cl_people = (listed if len(listed) > 2 else subj[:2]) + cl_people
            subj_text = ptext[fs:min(fe, cs)]
        rel_who = False
        if opener.strip(" ,").lower() == "who" and not [m for m in cl_people if m.start < s.start + a]:
            # "Putin and Obama, who had an informal meeting on the sidelines, ...": the relative
            # clause's subject is the leader (or pair) it follows
            head = cs - len(opener)
            ante = [m for m in sent_people if m.end <= s.start + head]
            if ante and _ANTECEDENT_END.fullmatch(ptext, ante[-1].end - s.start, head):
                pair = ante[-2:] if len(ante) >= 2 and _PAIR_GAP.fullmatch(
                    ptext, ante[-2].end - s.start, ante[-1].start - s.start) else ante[-1:]
                cl_people = pair + cl_people
                rel_who = True
        # "X and Y agreed on Saturday ... after meeting on the sidelines": the main clause's subject met
        told_after = None
        if opener.strip(" ,").lower() in ("after", "following") and _AFTER_IT.fullmatch(before) and not [
                m for m in cl_people if m.start < s.start + a]:
            ms, _, _ = _clause(ctx, ptext, max(0, cs - len(opener) - 1), max(1, cs - len(opener)), appos)
            main = ptext[ms:cs - len(opener)]
            subj = [m for m in sent_people if s.start + ms <= m.start < s.start + cs - len(opener)]
            frame = _SPEECH_THEN_FRAME.search(main)
            if frame:  # who spoke, not whom he spoke of
                subj = [m for m in subj if m.start < s.start + ms + frame.start()]
            if subj and not _MAIN_MODAL.search(_SPEECH_THEN_FRAME.sub(" ", main)) and not _CAME_AFTER.search(ptext, 0, max(0, cs - len(opener))):
                # (not "The call came two days after Duterte toured a warship, and after a phone
                # conversation with Trump": what the call followed)
                cl_people = subj[:2] + cl_people
                told_after = (ms, ce)
        btw = re.match(r"\s*between\s+", after)
        if btw and typ != "Unknown":
            cl_people = [m for m in cl_people if m.start >= s.start + b]
        # mentions inside an apposition after another mention ("Li, China's most senior leader after
        # President Xi Jinping, arrived") are not parties
        cl_people = _drop_appositions(ptext, s.start, cl_people)
        # "a message of condolence over the death of President Raisi": the dead take no part
        cl_people = [m for m in cl_people if not _DEATH_OF.search(ptext, max(0, m.start - s.start - 60), m.start - s.start)]
        is_visit = lw in pats.visit_words or lw.endswith("visit")
        if is_visit:
            hosts = [m for m in cl_people if m.start > s.start + b and re.search(
                r"\b(?:invitation of|hosted by|guest of|met|meet|meeting|with|welcomed by|received by)\b",
                ptext[b:m.start - s.start], re.I)]
            visitors = [m for m in cl_people if m.start < s.start + a or (
                m.start > s.start + b and re.fullmatch(r"\s+(?:to\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}\s+)?"
                                                       r"(?:(?:paid\s+)?by|of)\s+(?:(?:the|[A-Z][\w.'’-]*)\s+){0,3}",
                                                       ptext[b:m.start - s.start]))]
            # ("a visit by Mr. X", "the scheduled visit to China of the President of Russia")
            cl_people = visitors + hosts
        if typ == "PhoneCall" and lw.split()[0] in ("called", "rang", "calls", "rings") and not any(
                0 <= m.start - (s.start + b) <= 12 or (0 <= m.start - (s.start + b) <= 60 and _CALLED_TITLE.fullmatch(
                    ptext, b, m.start - s.start)) for m in sent_people):
            continue  # "called for", "called the move": not a call to a person
        if typ == "Meeting" and lw.split()[0] in ("called", "calls", "call", "calling"):
            # "called on Xi at the Great Hall": a visit; "called on Xi to end the war": an appeal
            obj = [m for m in sent_people if 0 <= m.start - (s.start + b) <= 25]
            if not obj or re.match(r"\s*,?\s*(?:to\s+[a-z]|for\b)", ptext[obj[0].end - s.start:]):
                continue
        if lw in pats.reception_words:
            # the received person right after the verb ("received Indian Prime Minister Modi"), not
            # "receiving a letter from X"
            obj = [m for m in cl_people if m.start >= s.start + b and (
                (m.start - (s.start + b) <= 25
                 and re.fullmatch(r"\s*(?:(?:the|his|her|their|visiting)\s+)?(?:[A-Z][\w.'’-]*\s+){0,4}",
                                  ptext[b:m.start - s.start]))
                or _HOSTED_FOR.fullmatch(ptext, b, m.start - s.start)  # "hosted a banquet for X"
                # "Meloni was received by President Trump": the host after "by"
                or (_PASSIVE_BE.search(before) and _BY_HOST.fullmatch(ptext, b, m.start - s.start)))]
            if not obj:
                continue
        if typ == "Unknown":
            # needs an explicit other party: "discussed ... with X", "spoke with X", or two
            # leaders as the subject of a bare talk verb ("Biden and Xi talked for 90 minutes")
            w = re.search(r"\b(?:with|to)\b", ptext[a:ce])
            objs = [m for m in cl_people if w and m.start >= s.start + a + w.start()]
            # "Putin and Netanyahu (have) discussed the situation in Syria": the pair did, together
            hv = _HAVE_BEFORE.search(ptext, 0, a)
            pair_discussed = lw == "discussed" and _pair_subject(ctx, ptext, s.start, cl_people, hv.start() if hv else a)
            if not objs and not pair_discussed and not (lw in ("spoke", "talked") and _pair_subject(ctx, ptext, s.start, cl_people, a)
                                 and not _SPOKE_OF.match(ptext, b)) and not (told_after and len(cl_people) >= 2) \
                    and not (lw.split()[0] in ("had", "held") and _group_subject(pats.raw["group_refs"]).search(before)) \
                    and not (lw in ("spoke", "talked") and _group_subject(pats.raw["group_refs"]).search(before)
                             and not _SPOKE_OF.match(ptext, b) and not re.match(r"\s+(?:to|about|at|for|out)\b", ptext[b:])):
                # ("The two men also spoke in November": the pair, one of the group words before the verb)
                continue  # (not "the two leaders had a warm exchange" either: the group is both parties)
            if lw.startswith("discuss") and not re.search(r"\bwith\b", ptext[b:ce]) and not pair_discussed:
                continue
        names: list[str] = []
        for m in cl_people:
            for n in m.people:
                if ctx.is_principal(n) and n not in names:
                    names.append(n)
        subject = [m for m in cl_people if m.start < s.start + a]
        if len(names) < 2 and subject and not any(ctx.is_principal(n) for m in subject for n in m.people):
            continue  # "Vice President Kamala Harris met Zelensky": another's engagement, no leader's
        group = bool(re.search(ctx.pats.group.pattern + r"|\b(?:they|their|them)\b", subj_text + " " + before, re.I)) or \
            bool(re.search(r"^\s*(?:between|of)\s+(?:the\s+)?(?:two|both)\b", after, re.I))
        # "his talks", "he met": the nearest person before
        poss = _POSS.search(before)
        pron = _PRON_SUBJ.match(before) if not names or all(m.start > s.start + a for m in cl_people) else None
        after_which = bool(opener.strip(" ,").lower() == "after" and re.match(r"\s*(?:which|that)\s+(?:he|she)\b", before, re.I))
        if after_which:
            # "X held a call with Y, after which he called Z": he is the main clause's subject
            first = next((m for m in sent_people if m.start < s.start + cs - len(opener)
                          and any(ctx.is_principal(n) for n in m.people)), None)
            if first is not None and first.people[0] not in names:
                names.insert(0, first.people[0])
        elif (poss and poss.group(1).lower() in ("his", "her")) or pron:
            prev = _previous_person(ctx, s.start + cs if poss is None else s.start + cs + poss.start())
            if prev and prev not in names:
                names.insert(0, prev)
        # "Trump said Thursday that he and Putin had agreed during a phone conversation": he is the one
        # the sentence named before
        he_and = _HE_AND.search(before)
        if he_and and len(names) < 2:
            prev = _previous_person(ctx, s.start + cs + he_and.start())
            if prev and prev not in names:
                names.insert(0, prev)
        if poss and poss.group(1).lower() in ("their", "our"):
            group = True
        quoted = ctx.in_quote(abs_a) or bool(_FIRST_PERSON.search(before))
        if re.search(r"\b(?:you|we|us|our)\b", ptext[cs:ce]):
            group = True
        # modality, read with the names blanked out (names are no grammar: "President To Lam wrote")
        words = _blank_names(before, s.start + cs, sent_people)
        status = "reported"
        if pats.negation_before.search(words[-40:]) or _NEGATED_TRIGGER.search(ptext[a:b]):
            status = "negated"
        elif pats.planned_before.search(words[-70:]) or (
                pats.planned_just_before.search(words[-30:]) and not _WENT_TO.search(words)) \
                or pats.planned_after.search(_squeeze_names(after, s.start + b, sent_people)):
            status = "planned"
        if typ == "Meeting" and lw in ("meet", "meets") and re.search(r"\b(?:to|will|would|could|can|(?-i:may)|might|shall)\s+(?:\w+\s+)?$", words, re.I) \
                and not (_WENT_TO.search(words) and not pats.planned_before.search(words[-70:])):
            status = "planned"
        if status == "reported" and _PLAN_IN_ADDITION.search(before):
            status = "planned"  # "is expected to have talks with X, in addition to holding a meeting with Y"
        if status == "reported" and lw.split()[0] in _BARE_VERBS and _MODAL_AND.search(before):
            status = "planned"  # "will travel to the United States this week and meet Biden on Wednesday"
        if status == "reported" and (hv := _BARE_HOLD_A.search(before)) and _MODAL_AND.search(before, 0, hv.start()):
            status = "planned"  # "would visit China from December 23 and hold a meeting with Xi"
        # back-reference or report
        # (a relative clause of its subject tells what it did: "Macron, who spoke with Putin on Sunday")
        subordinate = bool(opener and _SUBORD_BREAK.search(opener)) and not rel_who
        if subordinate and opener.strip(" ,").lower() == "where" and not re.search(r"\bhad\b", before, re.I) \
                and _WHERE_MOVER.match(before) and _MOVED.search(ptext, 0, max(0, cs - len(opener))) \
                and status == "reported":
            # "Scholz travelled to Beijing on Friday, where he held talks with Xi": what the journey was
            # for, told as it happened (not "..., where they had met in 2019")
            subordinate = False
        if subordinate and after_which and status == "reported" and not re.search(r"\bhad\b", before, re.I):
            # "Macron held a call with Putin, after which he called Zelenskyy": the next thing done,
            # told as it happened
            subordinate = False
        verb_form = lw.split()[0] in ("met", "meets", "meet", "visited", "visits", "hosted", "welcomed", "received",
                                       "arrived", "phoned", "telephoned", "dialed", "dialled", "held", "hold",
                                       "holds", "holding", "had", "spoke", "spoken", "speaks", "talked", "wrote", "sent",
                                       "sends", "exchanged", "discussed", "discusses", "receives", "took", "made",
                                       "placed", "returned", "initiated", "got", "delivered", "conveyed", "talk",
                                       "speak", "discuss", "called", "rang") or lw.endswith("phoned")
        if not verb_form and lw.split()[0] in ("was", "were", "got"):
            verb_form = True  # "Merkel was on the phone with Putin on Monday"
        if not verb_form and re.match(r"(?:held|hold|holds|holding|had|has|have|having)\b", absorbed.get(a, ""), re.I):
            verb_form = True  # "held talks with Macron by phone": the verb of the talks the call word names
        if not verb_form and is_visit and _ON_A_VISIT.search(before):
            verb_form = True  # "Macron is on a three-day state visit to China"
        if not verb_form:
            verb_form = bool(re.search(r"\b(?:" + pats.raw["engagement_verbs"] + r")\b(?:\s+(?!(?:during|after|before|of|about|"
                                       r"following|since|for|at|from|in|into|to|with|that|which|when)(?![\w-]))[\w'’.,\"“”-]+){0,6}\s*$",
                                       before, re.I)) or (bool(re.match(pats.raw["noun_subject_after"], after, re.I))
                                                          and not _DURING.search(before))
            # ("talks held on Monday" tells them; "agreed during their latest talks held earlier this
            # week" refers back to them)
        ref_det = bool(re.search(r"\b(?:the|their|his|her|our|this|that|latest|last|previous|during|after|"
                                 r"following|in|of|'s)\s+(?:[\w'’-]+\s+){0,2}$", before, re.I))
        primary = verb_form and not subordinate
        if not primary and not subordinate and re.search(r"\b(?:a|an)\s+(?:[\w'’-]+\s+){0,2}$", before, re.I) \
                and len([n for m in cl_people for n in m.people]) >= 2 \
                and not re.search(r"\b(?:during|through|over|throughout|since)\b[^,;]{0,60}$", before, re.I):
            # (not "the agreements made during a series of summits and a historic June meeting with X")
            primary = True  # "said in a joint press conference with X": an engagement told for the first time
        if not primary and not subordinate and status == "reported" and _DURING.search(before):
            subj = [m for m in cl_people if m.start < s.start + a]
            obj = [m for m in cl_people if m.start >= s.start + b and ctx.is_principal(m.people[0])]
            lede = s.index == next((x.index for x in ctx.sentences if ctx.people_in(x.start, x.end)), -1)
            if (len({n for m in subj for n in m.people if ctx.is_principal(n)}) >= 2 and _PAIR_DID.match(
                    ptext, subj[-1].end - s.start, a)) or (
                    lede and not quoted and subj and obj and re.match(r"\s+(?:with|to)\b", ptext[b:])):
                # (or the lede's "Xi hailed ... during a phone call with Duterte, state media reported")
                # "Zelensky and his French counterpart, Emmanuel Macron, on Sunday discussed Kyiv's
                # defence needs during their latest phone conversation": the pair's call, told here
                primary = True
        if not verb_form and not ref_det and not before.strip():
            primary = True  # a headline-like "Phone call between X and Y"
        if not verb_form and not primary and s.index == 0 and cs == 0 and len(names) >= 2:
            lead = _listed(ptext, s.start, [m for m in cl_people if m.start < s.start + a])
            if len(lead) >= 2 and not ptext[:lead[0].start - s.start].strip() \
                    and _POSS_GAP.fullmatch(ptext, lead[-1].end - s.start, a):
                primary = True  # a headline naming the pair first: "Trump, Zelenskiy meeting ends in shouting match"
        if told_after:
            primary = True
        recent = bool(_RECENT.search(before[-40:]))
        just = bool(_JUST.search(before[-40:]))
        future = status == "planned"
        date = _pick_date(ctx, s, ptext, (cs, ce), a, future) or (
            _pick_date(ctx, s, ptext, told_after, a, future) if told_after else None)
        if date is None and not future and _THE_REMARKS.search(before):
            # "Xi said on Monday ... Xi made the remarks in a phone conversation with To Lam": the
            # day of the remarks the sentences before tell
            date = _remarks_date(ctx, s)
        if date is None and (opener.strip(" ,").lower() in ("as", "when", "while") or after_which
                             or (opener.strip(" ,").lower() in ("and", "where") and not subordinate)) \
                and cs > len(opener):
            # "X and Y agreed Wednesday to ..., as the two leaders met for four hours": the day of
            # the clause it goes with ("arrived in Beijing on Friday and held talks with Xi", "...
            # on Friday, where he met Xi": the day of the journey it continues)
            ms, _, _ = _clause(ctx, ptext, cs - len(opener) - 1, cs - len(opener), appos)
            date = _pick_date(ctx, s, ptext, (ms, cs - len(opener)), a, future)
        day_lead = _DAYS_EARLIER_LEAD.match(ptext, cs) if s.index > 0 and status == "reported" else None
        if day_lead and date is None:
            # "On Saturday, Modi met ... A day earlier, he held talks with Trump": back from the day
            # the sentence before tells
            prev = ctx.sentences[s.index - 1]
            pds = [d for d in ctx.dates_in(prev, False) if d.value and len(d.value) == 10
                   and not _statement_date(ctx.pt(prev), d, pats.speech)]
            n = _NUMBERS.get((day_lead.group("n") or "one").lower()) or int(day_lead.group("n"))
            if pds and n:
                date = DateMention(day_lead.start(), day_lead.end(), day_lead.group(0).strip(" ,"),
                                   (parse_iso(pds[-1].value) - timedelta(days=n)).isoformat(), "relative")
        prior_cue = bool(pats.prior_cues.search(before[-45:])) and not re.search(r"\bfirst time\b", before[-45:], re.I)
        if day_lead and date is not None and _within_week(date.value, ctx.anchor_value):
            prior_cue = False  # (the news of the day before, not a back-reference)
        if prior_cue and re.search(r"\bfirst\s+(?:[\w-]+\s+){0,2}$", before, re.I) and not \
                pats.prior_cues.search(re.sub(r"\bfirst\s+(?:[\w-]+\s+){0,2}$", "", before)[-45:]):
            prior_cue = False  # "held the first telephone conversation since taking office"

        if status == "reported" and prior_cue and not (recent or just):
            status = "prior"
        if status == "reported" and re.search(r"^[^.;]{0,40}?\b(?:not long ago|ago|previously|"
                                              r"in the past)\b", after, re.I):
            status = "prior"
        if status == "reported" and _CONCEDED_PERFECT.search(before) and not (date is not None and _within_week(
                date.value, ctx.anchor_value)):
            status = "prior"  # "Though the pair have spoken by phone, it was Merz's first meeting": background
        if status == "reported" and not ctx.anchor_value and _PAST_PERIOD.search(ptext, a, ce):
            status = "prior"  # undated article: "the G-7 summit held in Italy last month" is still earlier
        if status == "reported" and _HAS_HAD_PLURAL.search(before) and (
                lw.split()[-1].endswith("s") or re.match(r"\s*(?:conversations|calls|talks|meetings|contacts)\b", after)):
            status = "prior"  # "he has had telephonic conversations with Putin, Xi and Biden": a summary
        if status == "reported" and typ == "Letter" and _THANKED_FOR.search(before):
            status = "prior"  # "Xi thanked Putin for sending a message of congratulations": an earlier one
        if status == "reported" and _HABITUAL.search(after):
            status = "prior"  # "visited North Korea on multiple occasions": background, and too vague
        if status == "reported" and re.match(r"^[\s,]*(?:last|previously|earlier|before)\b(?!\s+(?:monday|tuesday|"
                                             r"wednesday|thursday|friday|saturday|sunday|night|weekend|this|today|"
                                             r"on|in\s+the\s+day|month|year)\b)", after, re.I):
            status = "prior"
        if status == "reported" and re.search(r"\bhad\s+(?:\w+\s+)?$", before, re.I) and lw in (
                "met", "visited", "spoken with", "spoken to", "held", "called", "phoned", "telephoned", "rang") \
                and not re.search(r"\bhad\s+just\s+$", before, re.I) \
                and not (_SAID_HAD.search(ptext[max(0, a - 120):a]) and (date is None or _within_week(date.value, ctx.anchor_value))
                         and not re.search(r"\b(?:ever|never|already|before|previously|once|twice|times)\b", ptext[a:ce], re.I)):
            status = "prior"  # "had met": earlier; "had just spoken with": the call the story reports
            # (told as reported speech it is the news: "the Kremlin on Monday said Putin had spoken with Xi")
        if status == "reported" and date is None and opener.strip(" ,").lower() == "when":
            # "their first meeting since 2019, when they met in Osaka": the year it names is its date
            head = ptext[:cs - len(opener)].rstrip()
            named = [d for d in ctx.dates_in(s, False) if d.end == len(head) and d.value
                     and re.search(r"\b(?:since|in|back\s+in)\s+$", head[:d.start])]
            if named:
                status, date = "prior", named[-1]
        if status == "reported" and (span := _SPAN_AFTER.search(ptext, max(0, a - 70), a)):
            # "met Zelenskyy on Monday, a month after his visit to Kyiv": an earlier occasion, dated
            # back from the engagement the sentence reports (else from the article's date)
            status = "prior"
            if date is None or date.start < a:  # (a date of its own follows it: "his visit in August")
                main = next((c.date.value for c in reversed(out) if c.sentence is s and c.primary and c.date
                             and c.date.value and len(c.date.value) == 10), None)
                value = _back(main or ctx.anchor_value, span.group("n"), span.group("unit"))
                if value:
                    date = DateMention(span.start(), span.end(), span.group(0).strip(), value, "relative")
        # last, so that it is known when only its date makes a report an earlier occasion
        dated_before = False
        if status == "planned" and date is not None and date.value and ctx.anchor_value \
                and _before_anchor(date.value, ctx.anchor_value):
            status = "prior"  # a "plan" the text dates in the past: "in September 2023 when Kim paid another visit"
        if status == "reported" and date is not None and date.value and ctx.anchor_value and not (
                typ == "Letter" and _DATED_AS.match(ptext, b) and date.start >= b):
            # ("The letter was dated Oct. 9": the date of the letter the article reports, however old)
            if _before_anchor(date.value, ctx.anchor_value) or _WEEKS_BEFORE.search(date.expression or ""):
                # ("last week" is a month to the dates, but at least a week before the article)
                status = "prior"
                dated_before = True
        if rel_who and (date is None or not date.value or not cs <= date.start < ce
                        or _statement_date(ptext, date, pats.speech) or status not in ("reported", "prior")):
            # an undated relative clause is background ("Putin, who has met Xi more than 40 times,"),
            # read as an aside as before; a dated one tells what the leader did that day ("Scholz,
            # who spoke with Putin by phone on Friday, said") or earlier ("who met Xi in May")
            continue
        if rel_who and status == "prior":
            primary = dated_before = False  # an earlier occasion only: never the report itself
        if status in ("reported", "prior") and not names and not group and opener.strip(" ,").lower() in ("since", "when"):
            # "..., their first conversation since a virtual summit in November", "... since 2019,
            # when they met in Osaka": an earlier occasion of the pair the clause is attached to
            prev = next((c for c in reversed(out) if c.sentence is s and c.participants), None)
            if prev is not None and (status == "prior" or opener.strip(" ,").lower() == "since"):
                names, group, status = list(prev.participants), prev.group, "prior"
        if date is None and status == "planned" and (nxt := _WHEN_NEXT.match(ptext, ce)):
            # "are expected to hold talks when Kishida travels to Washington next month": the day
            # of the trip the plan is tied to
            _, ne, _ = _clause(ctx, ptext, nxt.end(), nxt.end() + 1, appos)
            date = _pick_date(ctx, s, ptext, (nxt.end(), ne), a, future)
        place = find_place(ctx, s, ptext, b, ce)
        if place is None and status in ("prior", "planned"):
            # "will travel to Washington for a state visit": the destination before the trigger;
            # "made a brief stopover in Berlin and met Merkel": the stop the clause before tells
            gone = list(_GO_TO.finditer(ptext, max(cs, ptext.rfind(",", 0, a) + 1), a)) or (
                list(_STOPPED_IN.finditer(ptext, ptext.rfind(",", 0, a) + 1, a)) if opener.strip() == "and" else [])
            if gone:
                place = find_place(ctx, s, ptext, gone[-1].end(), a)
        if place is None and status in ("prior", "planned") and not _NEXT_OCCASION.match(ptext, ce):
            # (not "They last spoke in January, and met in Lima": the place of the next occasion)
            place = find_place(ctx, s, ptext, ce, len(ptext))
        sender = None
        if typ == "Letter":
            sender = _letter_sender(ctx, s, ptext, a, b, cl_people)
        t = None if typ == "Unknown" else typ
        if t is None and lw.split()[0] in _TALK_VERBS and _IN_PERSON.search(after):
            t = "Meeting"  # "spoke with Macron in Paris", "talked on the sidelines of the summit": face to face
        if t == "Meeting" and _WENT_VIRTUAL.match(after):
            t = "VideoCall"  # "the pandemic forced their meeting to go virtual": held by video
        weak = lw in pats.weak_words
        if lw == "talks" and re.search(r"(?:\btheir|'s|’s|s'|s’)\s+$", before):
            primary = False  # "their talks in Moscow", "the two leaders' talks": an occasion referred to
        for parts in _separately(ptext, s.start, cs, ce, a, cl_people, names):
            out.append(Candidate(sentence=s, start=s.start + a, end=s.start + b, trigger=s.text[a:b], type=t, weak=weak,
                                 participants=parts, group=group, status=status, primary=primary, date=date,
                                 place=place, quoted=quoted, clause=(s.start + cs, s.start + ce), sender=sender,
                                 recent=recent, day_before=day_before if date is None else (),
                                 dated_before=dated_before and not quoted and (
                                     primary or lw.split()[0] in ("via", "by", "over", "through"))))
    return out


_WHO_ASIDE = re.compile(r",\s+who\b", re.I)
_WENT_VIRTUAL = re.compile(r"^\s+(?:(?:to|was|were|had|has|have|be|been|being|would|will)\s+){0,2}(?:go|goes|going|went|gone|"
                           r"moved?|switched?|shifted?|held|take\s+place|took\s+place)\s+(?:to\s+)?(?:a\s+)?"
                           r"(?:virtual(?:ly)?\b(?!\s+reality)|online\b)", re.I)
_SEPARATE = re.compile(r"\bseparately\b|\bin\s+separate\s+(?:[\w-]+\s+){0,2}(?:calls|conversations|talks|meetings)\b|"
                       r"\bseparate\s+(?:[\w-]+\s+){0,2}(?:calls|conversations|meetings)\s+with\b|\brespectively\b|"
                       # "in his phone conversations with the leaders of Pakistan and France": one each
                       # "held impromptu phone calls with Scholz and Starmer": plural calls, one each
                       r"\b(?:his|her)\s+(?:[\w-]+\s+){0,2}(?:calls|conversations)\s+with\b|"
                       r"\b(?:phone|telephone|video)\s+(?:calls|conversations)\s+with\b|"
                       # "held bilateral meetings with his counterparts from Italy and Japan", "back-to-back
                       # bilaterals with Macron, Sunak and Zelensky"
                       r"\b(?:[\w-]+\s+)?(?:meetings|bilaterals|interactions)\s+with\b|\bback-to-back\b|"
                       # "Trump Meets Abe, Modi and Merkel on G-20 Sidelines": bilaterals on the sidelines
                       r"\b(?:met|meets|meet|meeting)\b[^.;]{0,80}\bsidelines\b|"
                       # "held talks with leaders of South Sudan, Sudan and Djibouti": one each
                       r"\b(?:with|from)\s+(?:the\s+)?(?:leaders|heads\s+of\s+(?:state|government)|presidents|prime\s+ministers)"
                       r"\s+of\b|"
                       # "received congratulatory calls from Moon, Mnangagwa and Nyusi": one call each
                       r"\b(?:[\w-]+\s+)?(?:calls|messages|letters)\s+from\b|"
                       # "spoke with world leaders on Tuesday, including Putin and Karzai": one call each
                       r"\b(?:leaders|counterparts|heads\s+of\s+(?:state|government))\b[^.;]{0,40}?,\s+including\b", re.I)


def _separately(ptext: str, base: int, cs: int, ce: int, a: int, people, names: list[str]) -> list[list[str]]:
    """"X spoke separately with Y and Z", "in separate calls with Y and Z": one engagement of X
    with each of them, not one of all three."""
    if len(names) < 3 or not _SEPARATE.search(ptext, cs, ce):
        return [names]
    subject = [n for m in people if m.end <= base + a for n in m.people if n in names]
    if not subject and not any(names[0] in m.people for m in people if m.start >= base + a):
        subject = [names[0]]  # "he held talks with global leaders, including ...": he, named before
    if len(set(subject)) != 1:
        return [names]
    return [[subject[0], n] for n in names if n != subject[0]]


_SPOKE_OF = re.compile(r"\s+(?:\w+ly\s+)?(?:of|out|up|highly|warmly\s+of|at\s+(?:a|an|the)\b)", re.I)
_ANTECEDENT_END = re.compile(OFFICE_COUNTRY + r"\s*")
_PAIR_GAP = re.compile(OFFICE_COUNTRY + r"\s*(?:,\s*)?(?:and|&)\s+(?:(?:the|[A-Z][\w.'’-]*)\s+){0,3}")
_PAIR_VERB_GAP = re.compile(OFFICE_COUNTRY + r"\s*(?:\w+ly\s+|also\s+|again\s+)?")


_LIST_GAP = re.compile(OFFICE_COUNTRY + r"\s*(?:,\s*(?:(?:and|&)\s+)?|(?:and|&)\s+)(?:(?:the|[A-Z][\w.'’-]*)\s+){0,3}")


_POSS_GAP = re.compile(r"(?:'s|’s)?\s*")


def _blank_names(text: str, start: int, people) -> str:
    """``text`` (starting at document offset ``start``) with every person mention in it replaced by
    x's of the same length."""
    end = start + len(text)
    inside = [m for m in people if m.start < end and m.end > start]
    if not inside:
        return text
    chars = list(text)
    for m in inside:
        for i in range(max(m.start, start) - start, min(m.end, end) - start):
            if not chars[i].isspace():
                chars[i] = "x"
    return "".join(chars)


def _squeeze_names(text: str, start: int, people) -> str:
    """``text`` with every person mention (titles and all) written as one letter: how far a word
    is from the trigger is not a matter of how long the names between them are."""
    end = start + len(text)
    inside = sorted((m for m in people if m.start >= start and m.end <= end), key=lambda m: m.start)
    if not inside:
        return text
    out, pos = [], 0
    for m in inside:
        if m.start - start < pos:
            continue
        out.append(text[pos:m.start - start])
        out.append("X")
        pos = m.end - start
    out.append(text[pos:])
    return "".join(out)


_THE_REMARKS = re.compile(r"\b(?:made|delivered|gave|offered)\s+(?:the|these|those|his|her|its|their)\s+(?:[\w-]+\s+)?"
                          r"(?:remarks|comments|statement|statements|speech|proposals?)\b|\bwas\s+speaking\b", re.I)


def _remarks_date(ctx: ExtractContext, s) -> DateMention | None:
    """The date of the statement ("said on Monday") in the two sentences before ``s``."""
    for prev in ctx.sentences[max(0, s.index - 2):s.index][::-1]:
        pt = ctx.pt(prev)
        said = [d for d in ctx.dates_in(prev, False) if d.value and len(d.value) == 10
                and _statement_date(pt, d, ctx.pats.speech)]
        if said:
            return said[-1]
    return None


def _listed(ptext: str, base: int, people) -> list:
    """The leaders listed first, one after another: "Macron, Scholz and Draghi"."""
    run = people[:1]
    for m in people[1:]:
        if not _LIST_GAP.fullmatch(ptext, run[-1].end - base, m.start - base):
            break
        run.append(m)
    return run


def _pair_subject(ctx: ExtractContext, ptext: str, base: int, people, a: int) -> bool:
    """Two leaders joined by "and" right before the verb: "Xi and Macron (also) spoke"."""
    before = [m for m in people if m.end <= base + a]
    if len(before) < 2:
        return False
    x, y = before[-2], before[-1]
    if not _PAIR_VERB_GAP.fullmatch(ptext[y.end - base:a]):
        return False
    if not _PAIR_GAP.fullmatch(ptext[x.end - base:y.start - base]):
        return False
    return all(ctx.is_principal(n) for n in (*x.people, *y.people))


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _before_anchor(value: str, anchor: str) -> bool:
    """Is a date (any precision) clearly earlier than the article date (more than a week)?"""
    if len(value) == 10:
        d, a = parse_iso(value), parse_iso(anchor)
        return bool(d and a and (a - d).days > 7)
    return value < anchor[:len(value)]


_APPOS_SEG = re.compile(r",\s+(?!who\b)" + _VERB_START + r"(?:[a-z]|[A-Z][\w'’]*(?:'s|’s)\s)[^,]*$")


def _drop_appositions(ptext: str, base: int, people):
    """Without the mentions inside an apposition after another mention: "Li, China's most senior
    leader after President Xi Jinping, arrived". Such a mention follows the last comma before it,
    right after another mention, so only that one is tested (a clause listing thousands of names
    stays linear)."""
    by_end: dict[int, list] = {}
    for o in people:
        by_end.setdefault(o.end - base, []).append(o)
    out = []
    for m in people:
        rel = m.start - base
        c = ptext.rfind(",", 0, rel)
        drop = c >= 0 and any(o is not m for o in by_end.get(c, ())) and "," in ptext[m.end - base:m.end - base + 40] \
            and _APPOS_SEG.match(ptext, c, rel) is not None
        if not drop:
            out.append(m)
    return out


def _previous_person(ctx: ExtractContext, pos: int) -> str | None:
    """Whom "he" / "his" stands for: the subject of the sentence before when the pronoun opens its
    own ("On Saturday, Modi met Bolsonaro. A day earlier, he held talks": Modi), else the nearest
    leader named before it."""
    here = next((x for x in ctx.sentences if x.start <= pos < x.end), None)
    if here is not None and here.index > 0 and not ctx.people_in(here.start, pos) \
            and ctx.ptext.count(",", here.start, pos) <= 1 and ";" not in ctx.ptext[here.start:pos]:
        # (the pronoun opens its sentence, after a lead phrase at most: "A day earlier, he ...")
        prev = ctx.sentences[here.index - 1]
        pt = ctx.pt(prev)
        lead = _SUBJECT_LEAD.match(pt)
        first = next((m for m in ctx.people_in(prev.start, prev.end) if len(m.people) == 1), None)
        if first is not None and lead and first.start - prev.start <= lead.end() + 40 \
                and ctx.is_principal(first.people[0]):
            return first.people[0]
    for m in sorted((m for m in ctx.people if m.end <= pos), key=lambda m: -m.start):
        if len(m.people) == 1 and ctx.is_principal(m.people[0]):
            return m.people[0]
    return None


def _letter_sender(ctx, s, ptext, a, b, cl_people) -> str | None:
    pats = ctx.pats.initiator
    # "a letter from X", "X's letter"
    m = pats["letter_from"].search(ptext, max(0, a - 5))
    if m and m.start() <= b + 5:
        after = [p for p in cl_people if p.start >= s.start + m.end() - 1]
        if after:
            return after[0].person
    poss = re.search(r"(?:'s|’s)\s+(?:\w+\s+){0,2}$", ptext[:a])
    if poss:
        owner = [p for p in cl_people if p.end <= s.start + poss.start() + 1 and p.end >= s.start + poss.start() - 1]
        if owner:
            return owner[0].person
    # "X wrote a letter to Y", "X sent a message": the subject
    if _SENT_BY_SUBJECT.search(ptext, max(0, a - 30), b):
        subj = [p for p in cl_people if p.start < s.start + a]
        # "Upon receiving a letter from X, Y sent his reply": the subject of the trigger's own segment
        seg = [p for p in subj if p.start >= s.start + ptext.rfind(",", 0, a) + 1]
        if seg:
            return seg[0].person
        if subj:
            return subj[0].person
    if re.search(r"\b(?:received|receives|got|gets)\b", ptext[max(0, a - 30):a], re.I):
        after = [p for p in cl_people if p.start >= s.start + b]
        if after:
            return after[0].person
    # "In a letter to Xi, Putin expressed ...": the subject after the phrase
    if re.search(r"\b(?:in|with|through)\s+(?:a|an|his|her)\s+(?:[\w-]+\s+){0,2}$", ptext[:a], re.I):
        comma = ptext.find(",", b)
        # ("In a letter to Xi, Putin ...", "In his telegram of congratulations, Tokayev ...")
        if comma >= 0 and re.match(r"\s*(?:to\s+[^,;.]{2,80}|of\s+(?:congratulations?|condolences?|greetings?|thanks))?$",
                                   ptext[b:comma]):
            nxt = [p for p in ctx.people_in(s.start + comma, s.end)]
            if nxt and re.fullmatch(r"[,\s]*(?:(?:the|[A-Z][\w.'’-]*)\s+){0,4}", ptext[comma:nxt[0].start - s.start]):
                return nxt[0].person
    return None


def _type_ok(ev: EventDraft, c: Candidate) -> bool:
    if ev.type is None or c.type is None:
        return True
    if ev.type == c.type:
        return True
    return (ev.weak_only and ev.type == "PhoneCall") or (c.weak and c.type == "PhoneCall" and ev.type != "Letter")


def _date_ok(ev: EventDraft, c: Candidate) -> bool:
    if c.date is None or c.date.value is None or ev.date is None or ev.date.value is None:
        return True
    a, b = ev.date.value, c.date.value
    return a.startswith(b) or b.startswith(a)


def _merge(ev: EventDraft, c: Candidate) -> None:
    ev.candidates.append(c)
    if c.type is not None:
        if ev.type is None or (ev.weak_only and not c.weak) or (
                not c.weak and TYPE_RANK[c.type] < TYPE_RANK[ev.type] and ev.type == "Meeting" and c.type == "VideoCall"):
            ev.type = c.type
            ev.weak_only = c.weak
    if c.date is not None and c.date.value:
        if ev.date is None or ev.date.value is None or (len(c.date.value) > len(ev.date.value) and c.date.value.startswith(ev.date.value)):
            ev.date = TimeValue(c.date.value, c.date.expression, None)
    for n in c.participants:
        if n not in ev.participants and not c.group:
            pass
    if c.sender and not ev.sender:
        ev.sender = c.sender


def _resolve_group(ctx: ExtractContext, c: Candidate, current: EventDraft | None) -> list[str]:
    names = list(c.participants)
    if c.group and len(names) < 2:
        if current is not None:
            for n in current.participants:
                if n not in names:
                    names.append(n)
        else:
            prev: list[str] = []
            for m in sorted((m for m in ctx.people if m.end <= c.start), key=lambda m: -m.start):
                for n in m.people:
                    if ctx.is_principal(n) and n not in prev:
                        prev.append(n)
                if len(prev) >= 2:
                    break
            for n in prev:
                if n not in names:
                    names.append(n)
    return names


@extractors.register("engagements")
class Engagements:
    name = "engagements"

    def __call__(self, ctx: ExtractContext) -> None:
        cands: list[Candidate] = []
        for s in ctx.sentences:
            if _FILE_PHOTO_WORDS.search(s.text) and _FILE_PHOTO.search(s.text):
                continue  # "Image Source : AP/FILE ...", "A handout picture shows ...": an older photo's caption
            cands.extend(find_candidates(ctx, s))
        ctx.candidates = cands
        self._trust_the_lede(ctx, cands)
        events: list[EventDraft] = []
        current: EventDraft | None = None
        # pass 1: clauses that report an engagement between two or more leaders; an engagement told
        # in a leader's own words ("I just held a meeting with him in Sochi") of another kind than
        # the ones the article reports is a back-reference
        plain_types = {c.type for c in cands if c.status == "reported" and c.primary and not c.quoted
                       and len(c.participants) >= 2}
        for c in cands:
            if c.status != "reported" or not c.primary:
                continue
            if c.quoted and plain_types and c.type not in plain_types:
                c.primary = False
                continue
            names = _resolve_group(ctx, c, self._lede_for_group(events, c) or current)
            if len(names) < 2:
                continue
            c.participants = names
            if (c.date is None or not c.date.value) and c.place and any(
                    p.status == "prior" and p.type == c.type and p.place == c.place and set(p.participants) == set(names)
                    and p.date is not None and p.date.value for p in cands):
                # "Putin met with Erdogan in Sochi" (a caption) where the text tells that the two "met in
                # Sochi last Monday": that earlier occasion again, not a report of its own
                c.status, c.primary = "prior", False
                continue
            talk = next((e for e in events if e.type in ("PhoneCall", "VideoCall", "Meeting")
                         and set(e.participants) == set(names)), None) if c.type == "Letter" else None
            if talk is not None and _SPOKEN_MESSAGE.match(c.trigger) and not (c.date and c.date.value):
                # "In response, President Joko conveyed a message of congratulations" in the readout of
                # their call: said in the call, not a letter
                talk.candidates.append(c)
                continue
            ev = self._match(events, c, names, exact=True)
            _add_or_merge(events, ev, c, names)
            current = ev
        # pass 2: back-references, single-party mentions, priors and plans, in text order
        pending: list[Candidate] = []
        passing: list[Candidate] = []  # dated back-references and plans, for _lede_in_passing
        placed = {id(x) for e in events for x in e.candidates}  # (pass 2 adds each one only when it reads it)
        for c in cands:
            if c.status == "reported" and c.primary and id(c) in placed:
                continue
            cur = self._lede_for_group(events, c) or self._event_at(events, c.start)
            names = _resolve_group(ctx, c, cur)
            c.participants = names
            if c.type == "Letter" and cur is not None and cur.type in ("PhoneCall", "VideoCall", "Meeting") \
                    and _SPOKEN_MESSAGE.match(c.trigger) and names and set(names) <= set(cur.participants) \
                    and c.status in ("reported", "prior") and not c.quoted:
                # "The Prime Minister conveyed deep condolences for the loss of lives" in the readout of
                # their call, "extended his condolences ... the attack in Moscow on March 22": said in
                # it (the date is the tragedy's), no letter
                cur.candidates.append(c)
                continue
            if c.type == "Letter" and cur is not None and cur.type == "Letter" and c.date is not None \
                    and c.date.value and c.status in ("reported", "prior") and not c.quoted \
                    and set(names) <= set(cur.participants) \
                    and _DATED_AS.match(ctx.ptext, c.end) and c.date.start >= c.end - c.sentence.start:
                # "The letter was dated Oct. 9": the date of the letter reported, whatever else dated it
                c.status = "reported"
                _merge(cur, c)
                cur.date = TimeValue(c.date.value, c.date.expression, None)
                continue
            if c.status == "reported":
                if c.type == "Letter" and len(names) == 1 and cur is not None and len(cur.participants) == 2 \
                        and names[0] in cur.participants and _SENT_TO.match(ctx.doc.text, c.end, c.sentence.end):
                    # "A message of congratulations was also sent to Narendra Modi" after the readout of
                    # Putin's call with him: the message is Putin's
                    c.sender = next(n for n in cur.participants if n != names[0])
                    names = c.participants = [c.sender, *names]
                    ev = self._match(events, c, names, exact=True)
                    _add_or_merge(events, ev, c, names)
                    continue
                ev = self._match(events, c, names, exact=False, current=cur)
                if ev is not None:
                    if self._different_occasion(ctx, ev, c):
                        c.status = "prior"
                        ctx.meeting_mentions.append((c, events.index(ev)))
                        continue
                    _merge(ev, c)
                    continue
                if cur is not None and c.type and cur.type and c.type != cur.type and not c.weak and \
                        names and set(names) <= set(cur.participants):
                    if c.type in ("PhoneCall", "VideoCall") and cur.type == "Meeting" and not c.place \
                            and not (c.date and c.date.value) and cur.candidates and all(
                                _TALKS.search(x.trigger) and not x.place for x in cur.candidates if x.type == "Meeting"):
                        # "held talks ... the telephone call was very good": talks by phone, not a meeting
                        cur.type = c.type
                        _merge(cur, c)
                        continue
                    c.status = "prior"
                    ctx.meeting_mentions.append((c, events.index(cur)))
                    continue
                # (the separate calls of one sentence are each told in passing: "in his phone
                # conversations with the leaders of Pakistan and France on Tuesday respectively")
                if (not events or all(x.sentence is c.sentence for e in events for x in e.candidates)) \
                        and not c.quoted and len(names) >= 2 \
                        and not _MODAL_WORD.search(plain(ctx.doc.text[c.clause[0]:c.start])) and (
                        _DURING.search(plain(ctx.doc.text[c.clause[0]:c.start]))
                        or (c.group and _AS_THEY.search(ctx.doc.text[max(0, c.clause[0] - 8):c.clause[0]]))
                        or (_SPEAKING_AFTER.match(plain(ctx.doc.text[c.sentence.start:c.start]))
                            and _THEN_SAID.search(ctx.doc.text, c.end, c.sentence.end)
                            and not (c.date and c.date.value and ctx.anchor_value
                                     and _before_anchor(c.date.value, ctx.anchor_value)))):
                    # "Xi urged ... during the phone call with Biden on Friday", "Putin told Modi ...,
                    # as the two leaders met in Samarkand", and no other report: the article's own
                    # engagement, told in passing
                    _add_or_merge(events, None, c, names)
                    continue
                hub = self._protagonist(ctx, cands, c, names)
                if hub is not None:
                    # "During a meeting with Canadian Prime Minister Justin Trudeau, the two leaders
                    # welcomed ..." in a report of Kishida's meetings: his meeting with Trudeau
                    names = c.participants = [hub, *names]
                    ev = self._match(events, c, names, exact=True)
                    _add_or_merge(events, ev, c, names)
                    continue
                if c.quoted or not c.primary:
                    # (a day the article gives no date to resolve is no sign of an earlier occasion)
                    if (c.place or (c.date and (c.date.value or ctx.anchor_value))) and not (
                            c.date and c.date.value and ctx.anchor_value and c.date.value.startswith(ctx.anchor_value)):
                        c.status = "prior"
                        ctx.meeting_mentions.append((c, events.index(cur) if cur else None))
                        passing.append(c)
                        continue
                pending.append(c)
            elif c.status in ("prior", "planned"):
                ctx.meeting_mentions.append((c, events.index(cur) if cur else None))
                if c.status == "planned":
                    passing.append(c)
        if not events:
            for c in pending:
                if len(c.participants) >= 2 and not _MODAL_WORD.search(plain(ctx.doc.text[c.clause[0]:c.start])):
                    ev = self._match(events, c, c.participants, exact=True)
                    _add_or_merge(events, ev, c, c.participants)
        if not events:
            c = self._lede_in_passing(ctx, passing)
            if c is not None:
                # "The US and Ukraine failed to sign ... after a Friday meeting between Trump and
                # Zelenskiy" in Saturday's paper: a story that reports nothing else is about that
                ctx.meeting_mentions = [(x, i) for x, i in ctx.meeting_mentions if x is not c]
                c.status = "reported"
                _add_or_merge(events, None, c, c.participants)
        # "Xi met with leaders of Vietnam, South Korea and Japan" and then a meeting with each of them:
        # the first tells the separate meetings in one, it is none of its own
        for other in list(events):
            subs = [ev for ev in events if ev is not other and len(ev.participants) >= 2
                    and set(ev.participants) < set(other.participants) and ev.type in (other.type, None)]
            if len({frozenset(ev.participants) for ev in subs}) >= 2:
                for ev in subs:
                    if (ev.date is None or not ev.date.value) and other.date is not None and other.date.value:
                        ev.date = other.date
                events.remove(other)
        # a headline naming fewer parties ("Xi attends video summit with German leader") is the same event
        for ev in list(events):
            for other in events:
                if other is ev or ev not in events:
                    continue
                if set(ev.participants) < set(other.participants) and (ev.type == other.type or ev.type is None) \
                        and (ev.date is None or other.date is None or _compatible(ev.date.value, other.date.value)):
                    for c in ev.candidates:
                        _merge(other, c)
                    events.remove(ev)
                    break
        # "On the eve of the conversation with Putin, Scholz spoke with Zelensky": the day before that one
        for ev in events:
            c = next((c for c in ev.candidates if c.day_before), None)
            if c is not None and (ev.date is None or not ev.date.value):
                other = next((o for o in events if o is not ev and o.date is not None and o.date.value
                              and len(o.date.value) == 10 and set(c.day_before) <= set(o.participants)), None)
                if other is not None:
                    ev.date = TimeValue((parse_iso(other.date.value) - timedelta(days=1)).isoformat(), "the day before")
        self._same_day(ctx, events)
        self._virtual_headline(events)
        self._held_virtually(ctx, events)
        self._split_exchanges(events)
        # undecided kinds: talk verbs and "conversation" are most often calls, but not in a story of
        # talks on the sidelines of a summit ("Abiy conferred with leaders on the sidelines of the AU
        # summit ... Abiy also discussed with Djiboutian President Guelleh")
        on_sidelines = bool(_SIDELINES_LEDE.search(ctx.doc.text, 0, 700))
        for ev in events:
            if ev.type is None:
                ev.type = "Meeting" if on_sidelines else "PhoneCall"
            if ev.date is None or ev.date.value is None:
                ev.date = self._default_date(ctx, ev)
            else:
                ev.date = TimeValue(ev.date.value, ev.date.expression, ctx.anchor_value)
            first = next((c for c in ev.candidates if c.primary), ev.first)
            ev.engagement = Engagement(document=ctx.doc.id, type=ev.type, date=ev.date,
                                       participants=list(ev.participants), evidence=ctx.evidence(first.sentence),
                                       place=next((c.place for c in ev.candidates if c.place and c.primary), None))
        ctx.events = events
        self._segments(ctx, events)

    @staticmethod
    def _virtual_headline(events: list[EventDraft]) -> None:
        """An engagement whose kind the text leaves open, beside the video call of the same pair: that
        video call. A headline's "meeting" ("Biden and Kishida hold their first official meeting" /
        "held their first official meeting virtually on Friday"), or a "call" of unsaid kind
        ("Merkel holds farewell call with Xi" / "spoke with Xi in a farewell video call")."""
        def open_kind(ev: EventDraft) -> bool:
            if ev.type == "Meeting":
                return not (ev.date is not None and ev.date.value) and not any(
                    c.place or c.sentence.index > 1 for c in ev.candidates)
            return ev.type == "PhoneCall" and all(_BARE_CALL.fullmatch(c.trigger) for c in ev.candidates)

        for ev in list(events):
            if not open_kind(ev):
                continue
            other = next((o for o in events if o is not ev and o.type == "VideoCall"
                          and set(o.participants) == set(ev.participants)
                          and (ev.date is None or o.date is None or _compatible(ev.date.value, o.date.value))), None)
            if other is not None:
                other.candidates.extend(ev.candidates)
                events.remove(ev)

    @staticmethod
    def _held_virtually(ctx: ExtractContext, events: list[EventDraft]) -> None:
        """The one meeting an article reports, placed nowhere, that its own words call "this video
        conference" or a chance "to meet virtually": held by video (a leader's opening remarks)."""
        if len(events) != 1 or events[0].type != "Meeting" or any(c.place for c in events[0].candidates):
            return
        if _THIS_VIDEO.search(ctx.doc.text):
            events[0].type = "VideoCall"

    @staticmethod
    def _split_exchanges(events: list[EventDraft]) -> None:
        """"Li exchanged congratulatory messages with Prayut": two letters, each with its sender."""
        for ev in list(events):
            if ev.type == "Letter" and len(ev.participants) == 2 \
                    and any(_EXCHANGED.match(c.trigger) for c in ev.candidates):
                twin = EventDraft(type="Letter", participants=list(ev.participants[::-1]),
                                  candidates=list(ev.candidates), date=ev.date, weak_only=ev.weak_only)
                ev.sender, twin.sender = ev.participants[0], ev.participants[1]
                events.insert(events.index(ev) + 1, twin)

    @staticmethod
    def _lede_in_passing(ctx: ExtractContext, passing: list[Candidate]) -> Candidate | None:
        """The first engagement of two named leaders told in passing in the opening sentences and
        dated within the week before the article (a fresh occasion, not a background one), or
        planned for the article's own day."""
        anchor = ctx.anchor_value
        if not anchor or len(anchor) != 10:
            return None
        for c in passing:
            if c.sentence.index > 2 or c.quoted or c.type is None or c.type == "Letter":
                continue
            if len([n for n in c.participants if ctx.is_principal(n)]) < 2:
                continue
            d = c.date.value if c.date else None
            if not d or len(d) != 10:
                continue
            if c.status == "planned" and (d != anchor or not c.primary):
                continue  # (a plan for the article's own day is under way: "will hold talks on Thursday")
            if _within_week(d, anchor) and not ctx.pats.prior_cues.search(plain(ctx.doc.text[c.clause[0]:c.start])):
                return c
        return None

    @staticmethod
    def _trust_the_lede(ctx: ExtractContext, cands: list[Candidate]) -> None:
        """An article published days or weeks after the engagement it reports ("X met Y in Los Cabos
        on 24 February" in a March story): its lede's dated report is the report, not a mention
        of an earlier occasion. The lede: the first clause of the opening sentences that tells an
        engagement between two named leaders with a verb, and the first date in the article."""
        for c in cands:
            if c.sentence.index > 3:
                return
            if not (c.primary or c.dated_before) or c.quoted \
                    or len([n for n in c.participants if ctx.is_principal(n)]) < 2 or c.date is None or not c.date.value:
                continue  # (an undated headline: the lede comes next)
            if c.dated_before and c.date.kind in ("explicit", "relative") and not any(
                    x.date is not None and x.date.value and x.start < c.start for x in cands) and not any(
                    x.status == "reported" and x.primary and x.date is not None and x.date.value
                    and set(x.participants) == set(c.participants) for x in cands):
                # (unless the article reports a dated engagement of theirs too)
                c.status, c.primary = "reported", True
            return

    @staticmethod
    def _segments(ctx: ExtractContext, events: list[EventDraft]) -> None:
        """Every sentence belongs to one event: a sentence that mentions an event belongs to it; a
        paragraph follows its first such sentence; other paragraphs continue the previous one; the
        opening paragraphs belong to the first event."""
        if not events:
            return
        own: dict[int, int] = {}
        for i, e in enumerate(events):
            for c in e.candidates:
                own.setdefault(c.sentence.index, i)
        first_s = min(own) if own else 0
        para_event: dict[int, int] = {}
        for s in ctx.sentences:
            if s.index in own and s.paragraph not in para_event:
                para_event[s.paragraph] = own[s.index]
        cur = 0
        seen_first = False
        for s in ctx.sentences:
            if s.index in own:
                cur = own[s.index]
                ctx.sentence_event[s.index] = cur
                continue
            if s.paragraph in para_event and s.index > first_s:
                p_ev = para_event[s.paragraph]
                # the lede paragraph of the first event keeps it
                if any(own.get(x.index) == 0 for x in ctx.sentences if x.paragraph == s.paragraph):
                    p_ev = 0
                cur = p_ev
            ctx.sentence_event[s.index] = cur

    @staticmethod
    def _same_day(ctx: ExtractContext, events: list[EventDraft]) -> None:
        """"X and Y spoke by phone Sunday ... X spoke earlier in the day with Z": the day of the
        engagement told before it, not the article's (a story tells the day it reports on first)."""
        for ev in events:
            if ev.date is not None and ev.date.value:
                continue
            here = ev.first.sentence.index
            said = next((m for c in ev.candidates if (m := _SAME_DAY.search(ctx.pt(c.sentence)))), None)
            if said is None:
                continue
            before = [o for o in events if o is not ev and o.date is not None and o.date.value
                      and len(o.date.value) == 10 and o.first.sentence.index < here]
            if before:
                other = max(before, key=lambda o: o.first.sentence.index)
                ev.date = TimeValue(other.date.value, said.group(0))

    @staticmethod
    def _default_date(ctx: ExtractContext, ev: EventDraft) -> TimeValue:
        a = ctx.anchor_value
        if a is None:
            return TimeValue(None, None, None)
        if any(c.recent for c in ev.candidates):
            return TimeValue(a[:7], "recently", a)
        lede = Engagements._lede_day(ctx, ev)
        if lede is not None:
            # "Hollande and Cameron tried Tuesday to laugh off ... Hollande also met the Queen": the
            # day the story is about
            return TimeValue(lede.value, lede.expression, a)
        return TimeValue(a, "article date", a)

    @staticmethod
    def _lede_day(ctx: ExtractContext, ev: EventDraft) -> DateMention | None:
        """The weekday or relative day the opening sentence of the story gives what the event's
        leaders did ("Hollande and Cameron tried Tuesday to ..."), in the week before the article."""
        for s in ctx.sentences[:8]:
            ds = ctx.dates_in(s, False)
            if not ds or not ctx.people_in(s.start, s.end):
                continue  # (a headline, a byline's stamp "AFP · 11 Jul 2012, 09:11")
            d = ds[0]
            if d.kind not in ("weekday", "relative") or not _within_week(d.value, ctx.anchor_value):
                return None
            pt = ctx.pt(s)
            before = ctx.people_in(s.start, s.start + d.start)
            for k in range(len(before)):
                run = _listed(pt, s.start, before[k:])  # the subject: "Hollande and Cameron tried Tuesday"
                if _NEXT_TO_DATE.fullmatch(pt, run[-1].end - s.start, d.start):
                    return d if any(n in ev.participants for m in run for n in m.people) else None
            return None
        return None

    @staticmethod
    def _lede_for_group(events: list[EventDraft], c: Candidate) -> EventDraft | None:
        """The lede's engagement, for "the two leaders" in a later sentence of the lede's paragraph:
        theirs, not those of an engagement the paragraph mentions in passing ("Modi ... discussed
        Ukraine with Biden on Monday. The latest conversation between the two leaders ...")."""
        if not events or not c.group or len(c.participants) >= 2:
            return None
        lede = events[0].first.sentence
        if c.sentence.paragraph != lede.paragraph or c.sentence.index == lede.index:
            return None
        if any(x.sentence.index == c.sentence.index and x is not c for e in events[1:] for x in e.candidates):
            return None  # "... spoke with Macron, and the two leaders discussed Ukraine": that call's
        return events[0]

    @staticmethod
    def _event_at(events: list[EventDraft], pos: int) -> EventDraft | None:
        best = None
        for ev in events:
            first = min(c.start for c in ev.candidates if c.primary) if any(c.primary for c in ev.candidates) else ev.first.start
            if first <= pos and (best is None or first >= best[0]):
                best = (first, ev)
        if best is None:
            return events[0] if events else None
        return best[1]

    @staticmethod
    def _match(events: list[EventDraft], c: Candidate, names: list[str], *, exact: bool,
               current: EventDraft | None = None) -> EventDraft | None:
        sname = set(names)
        order = ([current] if current is not None else []) + [e for e in events if e is not current]
        for ev in order:
            pe = set(ev.participants)
            if exact:
                if pe != sname:
                    continue
            else:
                if not sname or not sname <= pe:
                    continue
            if not _type_ok(ev, c) or not _date_ok(ev, c):
                continue
            if ev.type == "Letter" and c.type == "Letter" and ev.sender and c.sender and ev.sender != c.sender:
                continue
            return ev
        return None

    @staticmethod
    def _protagonist(ctx: ExtractContext, cands: list[Candidate], c: Candidate, names: list[str]) -> str | None:
        """The leader whose engagements the article tells one after another, for an engagement "with X"
        that names no one else and is then "the two leaders"' own: the one party of the reports
        before it (counted over them, and clearly the most named)."""
        if len(names) != 1 or c.quoted or c.type not in ("Meeting", "PhoneCall", "VideoCall") or (
                c.date and c.date.value and ctx.anchor_value and _before_anchor(c.date.value, ctx.anchor_value)):
            return None
        text = ctx.doc.text
        if ctx.people_in(c.sentence.start, c.start) or not re.match(r"\s+with\b", text[c.end:c.end + 8]):
            return None
        other = [m for m in ctx.people_in(c.end, c.sentence.end) if names[0] in m.people]
        if not other or not ctx.pats.group.search(text, other[0].end, c.sentence.end):
            return None
        counts: dict[str, int] = {}
        for x in cands:
            if x is c:
                break
            if x.status == "reported" and x.primary:
                for n in set(x.participants):
                    if ctx.is_principal(n):
                        counts[n] = counts.get(n, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][0] == names[0] or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        return ranked[0][0]

    @staticmethod
    def _different_occasion(ctx: ExtractContext, ev: EventDraft, c: Candidate) -> bool:
        """A reference of another kind with its own place ('our meeting in Busan' in a call readout)."""
        if c.type is not None and ev.type is not None and c.type != ev.type and not c.weak and not ev.weak_only:
            return bool(c.place) or c.quoted or not c.primary
        if (ev.type is None or ev.weak_only) and c.type == "Meeting" and c.place and not c.primary:
            return True  # "his recent visit to Ukraine" told in a conversation
        return False
