"""Date expressions anchored on the article's own date.

``find_dates(text, anchor)`` finds explicit dates ("November 14, 2022", "24/04/2017",
"2022-03-09", "Nov. 14", "July 2000", "in 2019") and relative ones ("today", "on Monday",
"last month", "earlier this year", "last June", "three days ago") in a short piece of text and
resolves them against the anchor (an ISO date) with the precision the words support.
``find_anchor(text, published)`` finds the article's own date: metadata, a leading
"date YYYY-MM-DD" line, a standalone date line ("24/04/2017", "2022-03-09 19:47",
"15:41 JST, May 23, 2025") or a dateline ("BEIJING, Nov 24 (APP)", "MOSCOW, July 2. /TASS/").

Regexes do the finding (fast, no search over whole texts); python-dateutil does the calendar
arithmetic (weekdays, month and year offsets).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateutil.relativedelta import relativedelta, MO, TU, WE, TH, FR, SA, SU

from ..model import TimeValue

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_WD_REL = [MO, TU, WE, TH, FR, SA, SU]
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None}

_MON = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|"
        r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)(?![-\w])")
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# (name, regex); the first (leftmost, then longest) match wins at each position.
_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b"),
    ("ymd", r"\b(?P<year>(?:19|20)\d\d)[./](?P<m>[01]?\d)[./](?P<d>[0-3]?\d)\b"),
    ("slash", r"\b(?P<a>[0-3]?\d)[/.](?P<b>[01]?\d)[/.](?P<year>(?:19|20)\d\d)\b"),
    ("mdy", r"\b" + _MON + r"\s+" + _DAY + r"(?:\s*[-\u2013]\s*[0-3]?\d)?(?:,\s*|\s+)" + _YEAR + r"\b"),
    ("dmy", r"\b" + _DAY + r"(?:\s*[-\u2013]\s*[0-3]?\d)?\s+(?:of\s+)?" + _MON + r",?\s+" + _YEAR + r"\b"),
    ("my", r"\b" + _MON + r",?\s+(?:of\s+)?" + _YEAR + r"\b"),
    ("md", r"\b" + _MON + r"\s+" + _DAY + r"(?![\d:])\b"),
    ("dm", r"\b" + _DAY + r"\s+(?:of\s+)?" + _MON + r"\b"),
    # "on the 10th": a day of the article's month (the press of Korea and Japan writes so)
    ("dom", r"\bon\s+the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)(?=\s*(?:[.,;:(]|$|and\b|\(local))"),
    ("ago", r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
            r"(?P<unit>day|week|month|year)s?\s+ago\b"),
    ("rel_unit", r"\b(?P<which>last|past|previous|this|next|coming|earlier this|later this|early this|"
                 r"earlier in the|later in the|early in the|late in the|"
                 r"late this|previously this|at the end of this|at the beginning of this|"
                 r"at the start of this|end of this|beginning of this|the end of this|"
                 r"the beginning of this|the start of this|the previous|the past|the coming|the next)\s+"
                 r"(?P<unit>week|month|year)\b"),
    ("weekend", r"\b(?P<which>this past|the past|the previous|the coming|the following|last|this|next|the)\s+"
                r"week-?ends?\b"),
    ("day_word", r"\b(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow|this morning|this afternoon|this evening|"
                 r"earlier today|earlier in the day|later today|later in the day|(?:late\s+)?last\s+night)\b"),
    ("rel_mon", r"\b(?P<which>last|this|next|earlier in|later in|early|late|mid-|in mid-|in early|in late|"
                r"in|since|until|till|by|from|of|during|before|after)\s*" + _MON + r"(?!\.?[\s,]+(?:[0-3]?\d(?:st|nd|rd|th)?\b|(?:19|20)\d\d))\b"),
    ("weekday", r"\b(?:(?P<which>last|this|next|on|since|until|by|this past|the previous|the following)\s+)?" + _WD + r"\b"),
    ("year", r"(?<![\d$\u20ac\u00a3.,/-])\b" + _YEAR + r"\b(?![\d%/]|[.,]\d|\s*(?:percent|per cent|billion|million|troops|people|km))"),
]
_RX = re.compile("|".join(f"(?P<_{name}>{rx.replace('(?P<', f'(?P<{name}_')})" for name, rx in _PATTERNS),
                 re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets inside the text given to find_dates (add the sentence start yourself)
    end: int
    expression: str
    value: str | None
    kind: str  # "explicit" | "relative" | "weekday" | "year"

    def time(self, anchor: str | None) -> TimeValue:
        return TimeValue(self.value, self.expression, anchor)


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _span(first: dt.date, last: dt.date) -> str | None:
    """A few days with no day named: the month they share, else their year, else nothing."""
    if (first.year, first.month) == (last.year, last.month):
        return _ym(first.year, first.month)
    return str(first.year) if first.year == last.year else None


def parse_iso(value: str | None) -> dt.date | None:
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _g(m: re.Match, name: str, key: str) -> str | None:
    return m.group(f"{name}_{key}")


_US_CLOCK = re.compile(r",?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*[AaPp]\.?[Mm]\b")


def _resolve(name: str, m: re.Match, anchor: dt.date | None, anchor_year: int | None,
             future: bool) -> tuple[str | None, str]:
    """Value and kind of one match."""
    low = m.group(0).lower()
    if name == "iso":
        d = _date(int(_g(m, name, "year")), int(_g(m, name, "m")), int(_g(m, name, "d")))
        return (_iso(d) if d else None), "explicit"
    if name == "ymd":
        d = _date(int(_g(m, name, "year")), int(_g(m, name, "m")), int(_g(m, name, "d")))
        return (_iso(d) if d else None), "explicit"
    if name == "slash":
        a, b, y = int(_g(m, name, "a")), int(_g(m, name, "b")), int(_g(m, name, "year"))
        # day first (the common form outside the US) unless that is impossible, or a US 12-hour
        # clock follows ("1/7/2020, 10:05:30 PM": January 7)
        if "/" in m.group(0) and _US_CLOCK.match(m.string, m.end()):
            d = _date(y, a, b) or _date(y, b, a)
        else:
            d = _date(y, b, a) or _date(y, a, b)
        return (_iso(d) if d else None), "explicit"
    if name in ("mdy", "dmy"):
        mon = MONTHS[_g(m, name, "mon").lower().rstrip(".")]
        d = _date(int(_g(m, name, "year")), mon, int(_g(m, name, "day")))
        return (_iso(d) if d else None), "explicit"
    if name == "my":
        mon = MONTHS[_g(m, name, "mon").lower().rstrip(".")]
        return _ym(int(_g(m, name, "year")), mon), "explicit"
    if name in ("md", "dm"):
        monword = _g(m, name, "mon")
        if monword.lower() == "may" and name == "md" and monword[0] == "m":
            return None, "none"  # "may 5" as a verb is not a date
        mon = MONTHS[monword.lower().rstrip(".")]
        day = int(_g(m, name, "day"))
        year = anchor.year if anchor else anchor_year
        if year is None:
            return None, "explicit"
        d = _date(year, mon, day)
        if d and anchor:
            if not future and d > anchor + dt.timedelta(days=7):
                d = _date(year - 1, mon, day)
            elif future and d < anchor - dt.timedelta(days=7):
                d = _date(year + 1, mon, day)
        return (_iso(d) if d else None), "explicit"
    if name == "year":
        return _g(m, name, "year"), "year"
    if name == "dom":
        if anchor is None:
            return None, "explicit"
        day = int(_g(m, name, "day"))
        base = anchor.replace(day=1)
        if future and day < anchor.day:
            base = base + relativedelta(months=1)
        elif not future and day > anchor.day + 1:
            base = base - relativedelta(months=1)
        d = _date(base.year, base.month, day)
        return (_iso(d) if d else None), "explicit"
    if anchor is None:
        if name == "rel_unit" and anchor_year and _g(m, name, "unit").lower() == "year":
            which = _g(m, name, "which").lower()
            off = -1 if which in ("last", "past", "previous", "the previous", "the past") else (
                1 if which in ("next", "coming", "the coming", "the next") else 0)
            return str(anchor_year + off), "relative"
        return None, "relative"
    if name == "ago":
        n = NUMBERS.get(_g(m, name, "n").lower(), None) if not _g(m, name, "n").isdigit() else int(_g(m, name, "n"))
        if n is None:
            return None, "relative"
        unit = _g(m, name, "unit").lower()
        if unit == "day":
            return _iso(anchor - dt.timedelta(days=n)), "relative"
        if unit == "week":
            d = anchor - dt.timedelta(weeks=n)
            return _ym(d.year, d.month), "relative"
        if unit == "month":
            d = anchor - relativedelta(months=n)
            return _ym(d.year, d.month), "relative"
        return str(anchor.year - n), "relative"
    if name == "rel_unit":
        which = " ".join(_g(m, name, "which").lower().split())
        unit = _g(m, name, "unit").lower()
        if which.startswith("the ") and which not in ("the previous", "the past", "the coming", "the next"):
            which = "this"
        off = -1 if which in ("last", "past", "previous", "the previous", "the past") else (
            1 if which in ("next", "coming", "the coming", "the next") else 0)
        if unit == "year":
            return str(anchor.year + off), "relative"
        if unit == "month":
            d = anchor + relativedelta(months=off)
            return _ym(d.year, d.month), "relative"
        # week: the month of that week when the whole week lies in one month, else None
        ref = anchor + dt.timedelta(weeks=off)
        monday = ref - dt.timedelta(days=ref.weekday())
        sunday = monday + dt.timedelta(days=6)
        if off == 0:
            sunday = min(sunday, anchor) if not future else sunday
            monday = max(monday, anchor) if future else monday
        return _span(monday, sunday), "relative"
    if name == "weekend":
        # a Saturday and a Sunday: the month they share (an engagement over several days is dated
        # by its month unless the text names its first day), else their year
        which = " ".join(_g(m, name, "which").lower().split())
        if future or which in ("next", "the coming", "the following"):
            sat = anchor + relativedelta(weekday=SA(+1))
            if which == "next" and anchor.weekday() >= 5:
                sat += dt.timedelta(days=7)
        else:
            sat = anchor + relativedelta(weekday=SA(-1))
            if which == "last" and anchor.weekday() >= 5:
                sat -= dt.timedelta(days=7)
        return _span(sat, sat + dt.timedelta(days=1)), "relative"
    if name == "day_word":
        w = " ".join(low.split())
        if w.startswith("the day "):
            return _iso(anchor + dt.timedelta(days=-2 if w.endswith("yesterday") else 2)), "relative"
        if w == "yesterday" or w.endswith("last night"):
            return _iso(anchor - dt.timedelta(days=1)), "relative"
        if w == "tomorrow":
            return _iso(anchor + dt.timedelta(days=1)), "relative"
        return _iso(anchor), "relative"
    if name == "rel_mon":
        which = " ".join(_g(m, name, "which").lower().split())
        monword = _g(m, name, "mon")
        if monword.lower() == "may" and monword[0] == "m":
            return None, "none"
        if monword.lower().rstrip(".") in ("mar", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "jan", "feb", "apr", "sept") \
                and not monword.endswith(".") and monword[0].islower():
            return None, "none"
        mon = MONTHS[monword.lower().rstrip(".")]
        y = anchor.year
        if which == "last":
            y = anchor.year if mon < anchor.month else anchor.year - 1
        elif which == "next":
            y = anchor.year if mon > anchor.month else anchor.year + 1
        elif which == "this":
            y = anchor.year
        elif which in ("since", "earlier in", "before", "until", "till"):
            y = anchor.year if mon <= anchor.month else anchor.year - 1
        else:
            if future:
                y = anchor.year if mon >= anchor.month else anchor.year + 1
            else:
                y = anchor.year if mon <= anchor.month else anchor.year - 1
        return _ym(y, mon), "relative"
    if name == "weekday":
        which = (_g(m, name, "which") or "").lower()
        wd = WEEKDAYS[_g(m, name, "wd").lower()]
        if which in ("next", "the following") or (future and which not in ("last", "the previous", "this past", "since")):
            d = anchor + relativedelta(weekday=_WD_REL[wd](+1))
            if which == "next" and d == anchor:
                d = anchor + dt.timedelta(days=7)
        else:
            d = anchor + relativedelta(weekday=_WD_REL[wd](-1))
            if which in ("last", "the previous") and (anchor - d).days < 1:
                d = d - dt.timedelta(days=7)
        return _iso(d), "weekday"
    return None, "none"


_SINGLE = [(name, re.compile(f"(?P<_{name}>{rx.replace('(?P<', f'(?P<{name}_')})", re.IGNORECASE))
           for name, rx in _PATTERNS]
_NEEDS = {  # a cheap test that a pattern can match at all
    "iso": re.compile(r"\d-\d"), "ymd": re.compile(r"\d\d[./]\d"), "slash": re.compile(r"\d[/.]\d"),
    "mdy": re.compile(r"\d"), "dmy": re.compile(r"\d"), "my": re.compile(r"\d"), "md": re.compile(r"\d"),
    "dm": re.compile(r"\d"), "dom": re.compile(r"\d(?:st|nd|rd|th)\b"), "year": re.compile(r"(?:19|20)\d\d"),
    "ago": re.compile(r"\bago\b", re.I), "weekend": re.compile(r"week-?end", re.I), "rel_unit": re.compile(r"\b(?:week|month|year)\b", re.I),
    "day_word": re.compile(r"today|tonight|yesterday|tomorrow|last\s+night|this (?:morning|afternoon|evening)|earlier in the day|"
                           r"later in the day", re.I),
    "rel_mon": re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I),
    "weekday": re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.I),
}


@lru_cache(maxsize=2048)
def _scan(text: str) -> tuple[re.Match, ...]:
    """Matches of the date patterns, leftmost first, earlier patterns first at one position, no overlaps."""
    found = []
    for order, (name, rx) in enumerate(_SINGLE):
        need = _NEEDS.get(name)
        if need is not None and not need.search(text):
            continue
        for m in rx.finditer(text):
            found.append((m.start(), order, m))
    found.sort(key=lambda x: (x[0], x[1]))
    out, end = [], -1
    for start, _, m in found:
        if start >= end:
            out.append(m)
            end = m.end()
    return tuple(out)


# a year used as an adjective of a thing, not an occasion: "its 2015 nuclear deal", "the 2022 law"
_ATTRIBUTIVE_BEFORE = re.compile(r"\b(?:its|their|his|her|the|a|an|this|that|our)\s+$|['’]s\s+$", re.I)
_NOUN_AFTER = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*")
_OCCASION_WORD = re.compile(r"\b(?:summit|meeting|meetings|talks|visit|trip|call|conversation|election|elections|"
                            r"inauguration|war|invasion|conference|forum|games|olympics|session|tour|congress)\b", re.I)


def find_dates(text: str, anchor: str | None, *, future: bool = False,
               anchor_year: int | None = None) -> list[DateMention]:
    """Date expressions in ``text`` resolved against ``anchor`` (ISO date or None)."""
    a = parse_iso(anchor)
    if anchor_year is None and anchor and len(anchor) >= 4 and anchor[:4].isdigit():
        anchor_year = int(anchor[:4])
    out: list[DateMention] = []
    for m in _scan(text):
        name = next(iter(m.re.groupindex))[1:]
        value, kind = _resolve(name, m, a, anchor_year, future)
        if kind == "none":
            continue
        if kind == "year" and _ATTRIBUTIVE_BEFORE.search(text, max(0, m.start() - 12), m.start()) \
                and (nxt := _NOUN_AFTER.match(text, m.end())) and not _OCCASION_WORD.search(nxt.group(0)):
            continue  # "its 2015 nuclear deal": the deal's year, no date of anything the text reports
        out.append(DateMention(m.start(), m.end(), m.group(0), value, kind))
    return _with_relative_week(text, _with_relative_year(text, _first_day_of_ranges(text, out)), a)


# "from 14-15 November", "on 14 and 15 November": a span of days is dated by its first
_DAY_RANGE_BEFORE = re.compile(r"(?<![\d.,/:])([0-3]?\d)\s*(?:-|–|—|to|and|&)\s*$")


def _first_day_of_ranges(text: str, found: list[DateMention]) -> list[DateMention]:
    out = []
    for d in found:
        m = _DAY_RANGE_BEFORE.search(text, max(0, d.start - 12), d.start) if d.kind == "explicit" else None
        if m and d.value and len(d.value) == 10 and re.match(r"[0-3]?\d\b", d.expression):
            day = int(m.group(1))
            if 1 <= day < int(d.value[8:10]):
                d = DateMention(m.start(1), d.end, text[m.start(1):d.end], f"{d.value[:8]}{day:02d}", d.kind)
        out.append(d)
    return out


_REL_WEEK = re.compile(r"\s*(?:of\s+)?(?:(last|previous)|(next|the\s+following))\s+week\b", re.I)


def _with_relative_week(text: str, found: list[DateMention], anchor: dt.date | None) -> list[DateMention]:
    """"on Tuesday last week", "Monday next week": that weekday of that week (Monday to Sunday)."""
    if anchor is None:
        return found
    out: list[DateMention] = []
    for d in found:
        prev = out[-1] if out else None
        m = _REL_WEEK.fullmatch(text, prev.end, d.end) if prev is not None and prev.kind == "weekday" else None
        if m:
            wd = WEEKDAYS[re.search(r"[A-Za-z]+day", prev.expression).group(0).lower()]
            monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=-1 if m.group(1) else 1)
            out[-1] = DateMention(prev.start, d.end, text[prev.start:d.end], _iso(monday + dt.timedelta(days=wd)),
                                  "weekday")
            continue
        out.append(d)
    return out


_REL_YEAR = re.compile(r"(?:last|this|next|the\s+previous|the\s+following)\s+year$", re.I)
_YEAR_DIGITS = re.compile(r"\b(?:19|20)\d\d\b")


def _with_relative_year(text: str, found: list[DateMention]) -> list[DateMention]:
    """"in November last year", "on March 3 next year": one date, the month (day) of that year."""
    out: list[DateMention] = []
    for d in found:
        prev = out[-1] if out else None
        if prev is not None and prev.value and d.value and len(d.value) == 4 and len(prev.value) in (7, 10) \
                and _REL_YEAR.search(d.expression) and not _YEAR_DIGITS.search(prev.expression) \
                and re.fullmatch(r"\s*(?:of\s+)?|\s*,\s*", text[prev.end:d.start]):
            value = d.value + prev.value[4:]
            if len(value) == 10 and parse_iso(value) is None:
                out.append(d)
                continue
            out[-1] = DateMention(prev.start, d.end, text[prev.start:d.end], value, "relative")
            continue
        out.append(d)
    return out


# --- the article's own date ------------------------------------------------------------------------

META_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
_DATELINE = re.compile(
    r"^\s*(?:date\s+\d{4}-\d{2}-\d{2}\s+)?(?:[-\w\s]{0,40}?\s)?(?P<place>[A-Z\u00C0-\u00DE][\w.'\u2019-]+(?:\s+[A-Z\u00C0-\u00DE][\w.'\u2019-]+){0,3})"
    r"(?:\s*\[[^\]]{1,40}\])?\s*,\s*" + _MON.replace("(?P<mon>", "(?P<dmon>") +
    r"\s+(?P<dday>[0-3]?\d)(?:,?\s+(?P<dyear>(?:19|20)\d\d))?\s*(?:\(|\.|:|\u2014|-|/)")


def _dateline(text: str) -> tuple[re.Match, int] | None:
    """The dateline among the first lines ("NEW DELHI, May 25 (IANS)") and where its line starts."""
    pos = 0
    for ln in text[:1500].split("\n")[:12]:
        mm = _DATELINE.match(ln)
        if mm:
            return mm, pos
        pos += len(ln) + 1
    return None


def dateline_span(text: str) -> tuple[int, int] | None:
    """Where the date of a dateline sits in ``text``: the article's date, not an engagement's
    (the call it reports "on Friday" was the day before)."""
    found = _dateline(text)
    if found is None:
        # "date 2025-05-14 Chinese President Xi Jinping held talks ... on Tuesday": a leading stamp
        # on the first line is the article's date too
        m = META_LINE.match(text)
        return (m.start(1), m.end(1)) if m else None
    mm, pos = found
    return pos + mm.start("dmon"), pos + (mm.end("dyear") if mm.group("dyear") else mm.end("dday"))


def find_anchor(text: str, published: str | None = None) -> tuple[TimeValue | None, int | None]:
    """The article's date (TimeValue with its expression) and a fallback year for year-less dates.

    Order of reliability: metadata ``published`` (day precision), a leading "date YYYY-MM-DD" line,
    a standalone date line near the top, a dateline (year from the above or from the other dates
    of the text), the first full date in the text (weak).
    """
    head = text[:1500]
    lines = [ln for ln in head.split("\n")]
    meta = None
    m = META_LINE.match(text)
    if m:
        meta = m.group(1)
    pub = published if published and len(published) >= 10 else None
    standalone = None
    for ln in lines[:15]:
        s = ln.strip()
        if not s or len(s) > 70:
            continue
        ds = [d for d in find_dates(s, None) if d.kind == "explicit" and d.value and len(d.value) == 10]
        if not ds:
            continue
        rest = s[:ds[0].start] + s[ds[0].end:]
        words = re.findall(r"[A-Za-z]{3,}", rest)
        words = [w for w in words if w.lower() not in WEEKDAYS and w.lower() not in (
            "updated", "published", "posted", "date", "jst", "ist", "gmt", "utc", "est", "edt", "cet", "bst",
            "last", "time", "source", "print", "font", "size", "pst", "msk", "hkt", "cst")]
        if len(words) <= 1:
            standalone = (ds[0].value, s)
            break
    base = pub or meta or (standalone[0] if standalone else None)
    found = _dateline(text)
    dl = found[0] if found else None
    years = [int(y) for y in re.findall(r"(?<![\d$])\b((?:19|20)\d\d)\b(?![\d%])", text)]
    if base:
        expr = "published" if base in (pub,) else ("date line" if base == meta else standalone[1])
        return TimeValue(base, expr, None), int(base[:4])
    if dl:
        mon = MONTHS[dl.group("dmon").lower().rstrip(".")]
        day = int(dl.group("dday"))
        if dl.group("dyear"):
            d = _date(int(dl.group("dyear")), mon, day)
        else:
            # year from the other dates of the text: the latest year mentioned, moved on by one
            # when a dated mention of that year lies after the dateline's month.
            full = [x for x in find_dates(text, None) if x.value and len(x.value) >= 7]
            if not years:
                return TimeValue(None, dl.group(0).strip(), None), None
            y = max(years)
            later = [x for x in full if x.value[:4] == str(y) and int(x.value[5:7]) > mon]
            if later:
                y += 1
            d = _date(y, mon, day)
        if d:
            return TimeValue(_iso(d), dl.group(0).strip(), None), d.year
    # weak: the first full date in the text
    for x in find_dates(text[:4000], None):
        if x.kind == "explicit" and x.value and len(x.value) == 10:
            return TimeValue(x.value, x.expression, None), int(x.value[:4])
    return None, (max(years) if years else None)


@lru_cache(maxsize=4096)
def weekday_of(iso: str) -> int | None:
    d = parse_iso(iso)
    return d.weekday() if d else None
