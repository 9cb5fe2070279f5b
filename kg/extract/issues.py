"""Issues raised in each engagement and who raised them.

Keywords are the SKOS labels (prefLabel, altLabel, hiddenLabel) of ontology/issues.ttl. A keyword
counts only in a sentence of the engagement's part of the article that has a speaker among the
participants: the subject of a speech or discussion verb ("Xi stressed ...", "Trump said"), "For
his part, X", "X said" after a quote, "he"/"she" after a named speaker, a side ("the Chinese
side"), or "the two leaders" / "both sides" / "they" (every participant). Sentences in the same
paragraph continue the last speaker. Mutual verbs ("exchanged views on", "discussed") make every
participant a speaker. Words inside a person's title ("Ukrainian President ...") and comparisons
("since World War II") are not topics; sentences with no speaker (background) give no issue.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import IssueMention
from ..nlp.dates import META_LINE
from ..nlp.gates import Gated
from ..nlp.mentions import country_key
from ..nlp.phrases import PhraseMatcher
from ..nlp.text import plain
from ..registry import extractors
from ..vocab import Vocabulary
from .base import OFFICE_COUNTRY, EventDraft, ExtractContext
from .initiator import side_participant

_LEAD = re.compile(r"^\s*(?:(?:(?:During|On|In|For|According to|Regarding|As for|As|At|After|Before|Following|Moreover|"
                   r"Meanwhile|Also|However|Furthermore|Additionally|Earlier|Later|Today|Yesterday|Separately|Besides|"
                   r"Then|Now|Similarly|Likewise|Thus|Therefore|Speaking|Taking|Addressing|Referring|With|Under|"
                   r"Through|Over|Amid|Since|When|While|By|From|Turning to|Against|Besides|Finally|Lastly|Further|"
                   r"Concerning|Regarding|Touching on|Talking about|Asked about|Along with|In addition to|Apart from|"
                   r"Aside from|Beyond)\b[^,]{0,70}|[A-Z]?[a-z]+ly),\s*"
                   # a label before the sentence: "The big picture: ...", "Details: ..."
                   r"|(?:[A-Z][\w’']*(?:\s+[\w’']+){0,2}):\s+(?=[A-Z])"
                   # "During the telephone talk the sides ...": the occasion without its comma
                   r"|(?:During|In|At|Over)\s+(?:the|their|this|a|an)\s+(?:[\w-]+\s+){0,3}?(?:talks?|call|conversation|"
                   r"meeting|summit|negotiations|discussions?|exchange)\s+(?=(?:the|both|they|he|she)\b|[A-Z]))+")
# a wire story's dateline before the first sentence's subject: "WOODSIDE, Calif. (AP) - ",
# "BEIJING, Nov. 24 (Xinhua) -- ", "MOSCOW, July 2. /TASS/. "
_DATELINE_LEAD = re.compile(r"^\s*[A-Z][A-Z.'’ -]*[A-Z.](?:,\s*[A-Z][a-z]{1,8}\.?)?(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
                            r"(?:,\s*\d{4})?)?\.?\s*(?:(?:\([\w .&'’-]{1,30}\)|/[\w .-]{1,20}/)\.?\s*(?:--?|[–—:])?|--?|[–—:])\s+")
_OPEN_QUOTE = re.compile(r"\s*[\"“‘']?\s*")
_PRON = re.compile(r"^\s*(?:he|she|the (?:leader|president|premier|chancellor|prime minister)\b)", re.I)
_FIRST = re.compile(r"^\s*(?:I|we)\b")
_SIDE = re.compile(r"\b(?:the\s+)?([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?)\s+side\b")
_FOR_PART = Gated(r"\bfor (?:his|her|its|their) part\b", re.I)
_MUTUAL = Gated(r"\b(?:exchang(?:ed|e|es|ing) (?:views|perspectives|opinions|ideas|notes)|discuss(?:ed|es|ing)?|"
                     # what the two signed: "signed cooperation documents in the fields of trade and tourism"
                     r"signed|inked|(?:attended|witnessed)\s+the\s+signing\s+of|"
                     r"held (?:\w+ )?talks on|focused on|"
                     # "had a candid and in-depth exchange on", "held extensive discussions about"
                     r"(?:had|held|have|hold|has) (?:an? )?[\"“]?(?:[\w-]+,? (?:and )?){0,4}?"
                     r"(?:exchanges?|discussions?)(?: of views)? (?:on|about|over|regarding|concerning))\b", re.I)


# up to 120 characters of the same clause (not past ", after ...", ", when ...")
_WITHIN_CLAUSE = r"(?:(?!,\s*(?:after|when|while|as|but|before|since|which|who|following|amid)\b)[^.;]){0,120}?"
# "X spoke with Y (by phone on Friday) about Z": what both talked about
# "X held talks with Y (in Beijing) on Z": the same, where "on" is not a day or "on the sidelines"
_TALKED_ABOUT = Gated(r"\b(?:(?:spoke|spoken|talked|speaks|talks|conferred|consulted)\s+(?:by\s+(?:tele)?phone\s+)?"
                      r"with\b" + _WITHIN_CLAUSE + r"\b(?:about|regarding|concerning)"
                      r"|(?:held|had|hold|holds|holding)\s+(?:[\w-]+\s+){0,2}?(?:talks|discussions|(?:a|an)\s+(?:[\w-]+\s+){0,2}?"
                      r"(?:meeting|conversation|call|discussion))\s+with\b"
                      + _WITHIN_CLAUSE + r"\b(?:about|regarding|concerning|"
                      r"(?:on|over)(?!\s+(?:the\s+)?(?:sidelines|margins|phone|telephone|line|video|eve|occasion|"
                      r"(?:same|following|previous|next)\s+day|[A-Z][a-z]+day|\d+|January|February|March|April|May|June|July|"
                      r"August|September|October|November|December|this|that|last|its|his|her|their)\b)))\b", re.I)
# between the leaders of a subject: "and", a comma, an honorific, after the office's country
_SUBJECT_GAP = re.compile(OFFICE_COUNTRY + r"\s*(?:(?:,|and|both)?\s*(?:(?:Mr|Mrs|Ms|Dr|Mme)\.?\s+)?|"
                          # "... and newly sworn in Japanese Prime Minister Shigeru Ishiba"
                          r"(?:,\s*)?and\s+(?:(?:newly|recently|visiting|outgoing|incoming|new|sworn|in|elected|re-elected|"
                          r"appointed)\s+)+)")
_OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")
_JUST_BEFORE_VERB = re.compile(r"\s+(?:(?:also|then|later|further|again|\w+ly)\s+)?")
_THEY_BOTH = re.compile(r"\s*(?:they|both)\b", re.I)
_THE_SIDE = re.compile(r"\s*the\s+([\w.'’-]+(?:\s+[\w.'’-]+)?)\s+side\b", re.I)
_OFFICIAL_SUBJECT = re.compile(r"\s*(?:(?:the|a|an)\s+)?(?:[A-Z][\w]+\s+){0,2}(?:spokes\w+|ministry|minister|secretary|official|"
                               r"office|kremlin|white house|government|statement|readout|media|agency|elysee|élysée|presidency|palace|"
                               r"downing street|blue house|sources?|diplomats?|aides?|officials)", re.I)
# the engagement itself as the subject of what was talked about: both sides' topics
_TALK_NOUN = r"(?:call|conversation|talks|meeting|discussions?|summit|exchange|visit)"
_FOCUSED = r"(?:focus(?:ed|sed|ing|sing|es)?|centred|centered|centering|centring|concentrated|concentrating)"
# "The conversation covered North Korea": the sentence's subject
_TALKS_COVERED = re.compile(r"\s*(?:the|their|this|that|today's|the\s+leaders'|[A-Z][\w-]+(?:'s|’s))\s+(?:[\w-]+\s+){0,2}" + _TALK_NOUN +
                            r"\s+(?:also\s+|mainly\s+|largely\s+)?(?:" + _FOCUSED +
                            r"|covered|touched|dealt|addressed|included|revolved|saw|sees|(?:is|are|was|were)\s+"
                            r"(?:expected|set|likely)\s+to\s+(?:see|cover|include|address|focus))\b", re.I)
# "Biden's call with Xi on Tuesday, their first since ..., focused on Taiwan": before a keyword
_CALL_FOCUSED = re.compile(r"\b" + _TALK_NOUN + r"\b[^.;]{0,120}?\b" + _FOCUSED + r"\s+(?:on|upon)\b", re.I)
# the topic as the subject, the engagement as the object: "Tensions over Taiwan ... dominated a call between"
_DOMINATED = re.compile(r"\b(?:dominated|dominate|dominates|topped|top|tops|headlined|overshadowed|were\s+(?:at\s+)?"
                        r"(?:the\s+)?(?:focus|centre|center|heart)\s+of|(?:was|were)\s+(?:high|top)\s+on\s+the\s+agenda\s+of|"
                        r"(?:was|were)\s+(?:the\s+)?(?:main|key|chief)\s+(?:topics?|focus|issues?)\s+(?:of|at|during))\s+"
                        r"(?:the|a|an|their|his|her|this|today's|\w+day's)\s+(?:[\w'’-]+\s+){0,3}?" + _TALK_NOUN + r"s?\b",
                        re.I)
_THE_TALKS_END = re.compile(r"\b(?:the|their)\s+(?:[\w'’-]+\s+){0,3}?" + _TALK_NOUN + r"s?$", re.I)
_OUR_TALKS = re.compile(r"\b(?:the|their|with)\s+$", re.I)
_AGENDA = re.compile(r"\b(?:talks|meeting|call|conversation|summit|discussions?|consultations|visit|agenda|topics|issues)\b"
                     r"[^.;]{0,80}?\b(?:(?:are|were|is|was)\s+(?:also\s+)?(?:expected|likely|set|due|scheduled)\s+to\s+"
                     r"(?:cover|focus\s+on|include|address|touch\s+on|feature|center\s+on|centre\s+on)|included|include|"
                     r"will\s+(?:cover|focus\s+on|include|address))\b", re.I)
# "Topics that Trump was expected to raise with Merz": whose agenda it was
_RAISER = re.compile(r"\bthat\s+(?:(?:President|Prime\s+Minister|Chancellor|Mr\.?|Mrs\.?|Ms\.?)\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*"
                     r"\s+(?:was|is|were)\s+(?:expected|set|due|likely)\s+to\s+raise\b")
_IN_THE_MESSAGE = re.compile(r"\b(?:in|In)\s+(?:his|her|the|this|that|its)\s+(?:[\w-]+\s+){0,2}(?:message|letter|telegram|cable|reply)\b")
_MESSAGE_SAYING = re.compile(r"[^.;,]{0,80},\s+(?:congratulating|wishing|expressing|thanking|conveying|hoping|saying|offering|"
                             r"extending|voicing|stressing|noting|praising|calling)\b")
_ACCORDING_TO = re.compile(r"according to\s+$", re.I)


@lru_cache(maxsize=16)
def _speech_rx(speech: str, where: str) -> re.Pattern:
    """Regexes built around the speech-verb pattern of patterns.json (compiled once, not per sentence):
    a capitalised subject before it, a speech verb ending a text, one beginning a text."""
    if where == "capitalised_subject":
        return re.compile(r"\s*(?:[A-Z][a-z]+\s+){1,3}(?:" + speech + r")")
    if where == "before":
        return re.compile(r"(?:" + speech + r")\s*(?:,\s*)?$", re.I)
    # ("Putin allegedly said", "Xi also stressed": an adverb between the name and its verb)
    return re.compile(r"\s*(?:(?:also|allegedly|reportedly|further|again|then|later|earlier|later\s+on)\s+)?(?:" + speech + r")\b",
                      re.I)


_PASSIVE = Gated(r"\b(?:was|were)\s+(?:also\s+)?(?:discussed|talked about|touched upon|taken up|reviewed|considered|"
                      r"examined|addressed|explored|on the agenda)\b", re.I)
# a readout's impersonal lead before the topic: "Special attention was paid to ...", "It was noted
# that ...", "Current issues of ... were considered"
_PASSIVE_LEAD = re.compile(r"\b(?:(?:attention|emphasis|priority|consideration)\s+(?:was|were)\s+(?:also\s+)?(?:paid|given|"
                           r"devoted|placed)\s+to|it\s+was\s+(?:also\s+)?(?:noted|stressed|emphasi[sz]ed|underlined|agreed|"
                           r"pointed\s+out)\s+(?:with\s+satisfaction\s+)?that)\b[^.;]*$", re.I)


_CACHE: dict[int, tuple[Vocabulary, tuple]] = {}


def _issue_rx(vid: int, vocab: Vocabulary) -> PhraseMatcher:
    hit = _CACHE.get(vid)
    if hit is not None and hit[0] is vocab:
        return hit[1]
    if len(_CACHE) > 8:
        _CACHE.clear()
    res = _build_issue_rx(vocab)
    _CACHE[vid] = (vocab, res)
    return res


def _build_issue_rx(vocab: Vocabulary):
    pm: PhraseMatcher[str] = PhraseMatcher()
    for issue in vocab.issues:
        for lab in issue.labels():
            lab = plain(lab.strip().strip('"'))
            if not lab:
                continue
            exact = bool(re.fullmatch(r"[A-Z0-9.+-]{2,6}", lab) or re.fullmatch(r"[A-Z][a-z]?[A-Z]\w*", lab))
            pm.add(lab, issue.id, "exact" if exact else "any")
    return pm


def find_keywords(text: str, vocab: Vocabulary) -> list[tuple[int, int, str]]:
    """Issue keywords (SKOS labels) in ``text``: (start, end, issue id)."""
    pm = _issue_rx(id(vocab), vocab)
    return [(a, b, iid) for a, b, _, iid in pm.finditer(text)]


def find_keywords_in(text: str, start: int, end: int, vocab: Vocabulary) -> list[tuple[int, int, str]]:
    """``find_keywords(text[start:end], vocab)`` for a sentence of a document text: the same keywords
    (offsets relative to ``start``), read from the document's tokens (kg.nlp.phrases)."""
    pm = _issue_rx(id(vocab), vocab)
    return [(a - start, b - start, iid) for a, b, _, iid in pm.finditer_span(text, start, end)]


# "X said (that) the (two) leaders discussed / spoke about ...", "X said the call went well and
# that they discussed ...": what both did
_TOGETHER_VERBS = (r"(?:spoke|talked|discussed|exchanged|agreed|touched|vowed|pledged|reaffirmed|stressed|underlined|"
                   r"emphasized|emphasised|noted|reviewed|announced|welcomed|committed|condemned|called|urged|"
                   r"expressed|highlighted|underscored|affirmed|signed|launched)\b")
_GROUP_DID = (r"(?:the\s+two(?:\s+(?:leaders|presidents|sides|heads\s+of\s+state|prime\s+ministers|countries))?|"
              r"the\s+(?:leaders|presidents|sides)|both(?:\s+leaders|\s+sides)?|they)"
              r"\s+(?:\w+\s+)?" + _TOGETHER_VERBS)
_REPORTED_GROUP = re.compile(r"\s*,?\s*(?:that\s+)?" + _GROUP_DID + r"|.*?\band\s+that\s+" + _GROUP_DID, re.I)
# an official's subject and its speech verb, up to what it says: "The statement said that ..."
_OFFICIAL_SAID_RX = r"[^.;]{0,80}?\b(?:said|says|stated|states|noted|added|reported|read|reads)\b,?\s+(?:that\s+)?"
_OFFICIAL_SAID = re.compile(_OFFICIAL_SAID_RX)
# "The statement said that when discussing X, the two leaders underscored ...": what both did
_OFFICIAL_TELLS_GROUP = re.compile(_OFFICIAL_SAID_RX + r"[^.;]{0,120}?\b" + _GROUP_DID, re.I)
# "... said Trump and Abe had reaffirmed ...": the verb after the named pair
_PAIR_VERB = re.compile(r"\s+(?:had\s+|have\s+|also\s+)*[\"“]?" + _TOGETHER_VERBS, re.I)
# "..., his office said, and the two agreed to ...": what follows is both leaders'
_AND_GROUP = Gated(r"(?:,|;)\s*(?:and|while)\s+" + _GROUP_DID, re.I)


class _Speakers:
    """Who speaks in each sentence of one event's part of the text."""

    def __init__(self, ctx: ExtractContext, ev: EventDraft):
        self.ctx = ctx
        self.ev = ev
        self.last: list[str] | None = None
        self.last_para = -1
        self.last_index = -10

    def _group_names(self) -> list[str]:
        return list(self.ev.participants)

    def _mentions(self, s):
        return self.ctx.people_in(s.start, s.end)

    def sentence(self, s) -> list[str] | None:
        ctx, ev = self.ctx, self.ev
        t = ctx.pt(s)
        parts = set(ev.participants)
        ments = self._mentions(s)
        speech = ctx.pats.speech
        result: list[str] | None = None
        unknown_subject = False
        low = t.lower()  # shared by the pre-tests of the gated regexes (kg.nlp.gates)
        m_fp = _FOR_PART.search(t, low=low)
        if m_fp:
            after = [m for m in ments if m.start >= s.start + m_fp.end()]
            if after and after[0].person in parts:
                result = [after[0].person]
        if result is None:
            # (past the page's " date YYYY-MM-DD " line that opens the first sentence)
            meta = META_LINE.match(t)
            m0 = meta.end() if meta else 0
            dl = _DATELINE_LEAD.match(t, m0)
            lead = _LEAD.match(t, dl.end() if dl else m0)
            body_start = lead.end() if lead and len(lead.group(0)) < 60 else (dl.end() if dl else m0)
            # a quote that opens on its subject ('"The two presidents agreed to ...," the spokesperson
            # said'): the subject is inside the quote
            body_start = _OPEN_QUOTE.match(t, body_start).end()
            body = t[body_start:]
            # subject: mentions joined by "and"/"," at the start of the clause
            subj: list[str] = []
            pos = body_start
            for m in ments:
                if m.start - s.start < pos:
                    continue
                gap = t[pos:m.start - s.start]
                if gap.strip(" ,") not in ("", "and", "both", "the", "both the") and not _SUBJECT_GAP.fullmatch(gap):
                    break
                subj.extend(m.people)
                pos = m.end - s.start
            # the tests below run only as far as the first branch that applies
            verb_after = None
            if subj:
                said = speech.search(t, pos, pos + 110, low=low) or _MUTUAL.search(t, pos, pos + 110, low=low)
                # "X received a letter from Y, in which Y thanked ...": the verb is another's
                verb_after = bool(said) and not any(
                    m.start - s.start >= pos and m.end - s.start <= said.start()
                    and _JUST_BEFORE_VERB.fullmatch(t, m.end - s.start, said.start()) for m in ments)
            if subj and verb_after:
                result = [n for n in subj if n in parts] or None
                said = speech.search(t, pos, pos + 110, low=low)
                if said and _REPORTED_GROUP.match(t, said.end()):
                    result = self._group_names()  # "Trump said the leaders spoke about X": both of them
                if result is None:
                    unknown_subject = True
            elif _TALKS_COVERED.match(body):
                result = self._group_names()  # "The conversation covered North Korea": both sides' topics
            else:
                gm = ctx.pats.group.match(body, low=low) or _THEY_BOTH.match(body)
                if gm and verb_after is None:
                    verb_after = bool(speech.search(t, pos, pos + 110, low=low)) or bool(_MUTUAL.search(t, pos, pos + 110, low=low))
                if gm and (verb_after or speech.search(body, low=low)):
                    result = self._group_names()
                elif sm := (_SIDE.match(body) or _THE_SIDE.match(body)):
                    result = self._side(sm.group(1), t)
                elif _PRON.match(body) and (speech.search(body, low=low) or _MUTUAL.search(body, low=low)):
                    result = self.last if self.last and len(self.last) == 1 else self._prev_single(s)
                    if result and not set(result) <= parts:
                        result = None
                elif (official := bool(_OFFICIAL_SUBJECT.match(body))) and _OFFICIAL_TELLS_GROUP.match(body):
                    result = self._group_names()  # "The statement said that ..., the two leaders underscored X"
                elif official and (pair := self._told_pair(t, s.start, body_start, ments, parts)):
                    result = pair  # "The White House said Trump and Abe had reaffirmed ..."
                elif official or _speech_rx(speech.pattern, "capitalised_subject").match(body):
                    unknown_subject = True
        if result is None and not unknown_subject:
            # "..., X said." / '"...", said X' / "according to X"
            for m in ments:
                if m.person not in parts:
                    continue
                rel = m.start - s.start
                if _speech_rx(speech.pattern, "before").search(t[max(0, rel - 25):rel]) or \
                        _speech_rx(speech.pattern, "after").match(t[m.end - s.start:]) or \
                        _ACCORDING_TO.search(t[max(0, rel - 15):rel]):
                    if rel > 0 or speech.search(t, low=low):
                        result = [m.person]
                        break
        if result is None and not unknown_subject:
            if s.paragraph == self.last_para and self.last:
                result = self.last
            elif self.last and s.index - self.last_index <= 1 and (_FIRST.match(t) or ctx.in_quote(s.start)):
                result = self.last
        if result:
            self.last = result
            self.last_para = s.paragraph
            self.last_index = s.index
        elif unknown_subject:
            self.last = None
        return result

    @staticmethod
    def _told_pair(t: str, s_start: int, body_start: int, ments, parts: set[str]) -> list[str] | None:
        """The participants an official says did something together: "The White House said Trump and
        Abe had reaffirmed their commitment to ..." """
        said = _OFFICIAL_SAID.match(t, body_start)
        if not said:
            return None
        names: list[str] = []
        pos = said.end()
        for m in ments:
            rel = m.start - s_start
            if rel < pos:
                continue
            if t[pos:rel].strip(" ,") not in ("", "and", "both", "the") and not _SUBJECT_GAP.fullmatch(t[pos:rel]):
                break
            names.extend(n for n in m.people if n in parts)
            pos = m.end - s_start
        if len(set(names)) < 2 or not _PAIR_VERB.match(t, pos):
            return None
        return list(dict.fromkeys(names))

    def _prev_single(self, s) -> list[str] | None:
        for m in sorted((m for m in self.ctx.people if m.end <= s.start), key=lambda m: -m.start):
            if m.person in self.ev.participants:
                return [m.person]
        return None

    def _side(self, word: str, t: str) -> list[str] | None:
        who = side_participant(self.ctx, self.ev, word)
        if who:
            return [who]
        # a side that is not one participant's country ("the European side"): the participants whose
        # country is not named as the other party in the sentence
        named = {country_key(self.ctx.lex, m.group(0)) for m in self.ctx.lex.country_rx.finditer(t)}
        rest = [p for p in self.ev.participants if self.ctx.country_of(p) not in named]
        if rest and len(rest) < len(self.ev.participants):
            return rest
        return None


# "X said, moving on to discuss Y": what X did, not a mutual discussion
_SAID_THEN = re.compile(r"\b(?:said|says|added|noted|stressed),?\s+(?:(?:before|after|then|and|while|moving|going|"
                        r"on|to)\s+){1,3}$", re.I)
# a time phrase before the subject: "Preceding the 2+2 dialogue, ...", "Ahead of the G20 summit, ..."
_CONTEXT_LEAD = re.compile(r"(?:^|,\s*)(?:preceding|ahead\s+of|prior\s+to|in\s+the\s+run-up\s+to|on\s+the\s+eve\s+of|"
                           r"on\s+the\s+sidelines\s+of|at\s+the\s+(?:start|end|beginning|opening|close)\s+of)\b[^,]{0,80},",
                           re.I)


def _in_context_lead(ctx: ExtractContext, s, t: str, a: int) -> bool:
    """Is the keyword at ``a`` inside a time phrase set off before the sentence's first person?"""
    first = next((m.start - s.start for m in ctx.people_in(s.start, s.end)), None)
    if first is None or a >= first:
        return False
    return any(m.start() <= a < m.end() <= first for m in _CONTEXT_LEAD.finditer(t, 0, first))


_LONGEST_MENTION = 1000  # characters: the mentions that can cover a position start this far before it


def _masked(ctx: ExtractContext, s, a: int, b: int, t: str) -> bool:
    pos = s.start + a
    if any(m.start <= pos and s.start + b <= m.end for m in ctx.people_in(pos - _LONGEST_MENTION, pos + 1)):
        return True
    if any(0 <= pos - m.end <= 9 and _OF_THE.fullmatch(ctx.ptext, m.end, pos) for m in ctx.people_in(s.start, s.end)):
        return True  # "President Volodymyr Zelenskyy of Ukraine": the office's country, no topic
    if re.search(r"\bsince\s+(?:the\s+)?$", t[max(0, a - 12):a], re.I):
        return True
    if a < 40 and (dl := _DATELINE_LEAD.match(t)) and b <= dl.end():
        return True  # "KYIV, Ukraine (AP) -", "TAIPEI, Taiwan (Reuters) -": where it was filed, no topic
    if _OFFICE_AFTER.match(t, b) or _OFFICE_BEFORE.search(t, max(0, a - 30), a):
        return True  # "the Indonesian Defence Minister", "Minister of Defence": an office's name, no topic
    if re.search(r"(?:an|ese|ish|i)$", t[a:b]) and (words := _EPITHET_GAP.match(t, b)) \
            and any(m.start == s.start + words.end() for m in ctx.people_in(s.start, s.end)):
        return True  # "North Korean dictator Kim Jong-un", "Ukrainian leader Zelensky": who he is, no topic
    return False


# the common nouns between a nationality and a name ("dictator", "strongman", "opposition leader")
_EPITHET_GAP = re.compile(r"\s+(?:(?!(?:with|and|or|of|to|in|on|for|by|at|the|a|an|from|as|that|who)\b)[a-z][\w-]*\s+){1,2}")


_OFFICE_AFTER = re.compile(r"\s*(?:Minister|Ministry|Secretary|Department|Ministers|minister|ministry|ministers|"
                           r"secretary|department)\b")
_OFFICE_BEFORE = re.compile(r"\b(?:Minister|Ministry|Secretary|Department|Commissioner)\s+(?:of|for)\s+(?:the\s+)?$")


@extractors.register("issues")
class Issues:
    name = "issues"

    def __call__(self, ctx: ExtractContext) -> None:
        kw_cache: dict[int, list] = {}
        # the clauses that tell an earlier occasion ("Putin and Obama last held talks in November on
        # the sidelines of the climate conference"): what they name after its verb was that
        # occasion's, not raised in the engagement the article reports
        earlier = [(c.start, c.clause[1]) for c, _ in ctx.meeting_mentions if c.status == "prior" and c.primary]
        for i, ev in enumerate(ctx.events):
            if ev.engagement is None:
                continue
            sp = _Speakers(ctx, ev)
            own = {c.sentence.index for c in ev.candidates}
            for s in ctx.sentences:
                if ctx.sentence_event.get(s.index) != i and s.index not in own:
                    continue
                t = ctx.pt(s)
                kws = kw_cache.get(s.index)
                if kws is None:
                    kws = kw_cache[s.index] = [k for k in find_keywords_in(ctx.ptext, s.start, s.end, ctx.vocab)
                                               if not _masked(ctx, s, k[0], k[1], t)]
                speakers = sp.sentence(s)
                if not kws:
                    continue
                for a, b, iid in kws:
                    if any(x <= s.start + a < y for x, y in earlier) and not any(
                            x <= s.start + a < y for x, y in (c.clause for c in ev.candidates)):
                        continue
                    if _in_context_lead(ctx, s, t, a):
                        continue  # "Preceding the 2+2 dialogue, Modi thanked Biden": an occasion around it
                    who = speakers
                    mut = list(_MUTUAL.finditer(t, 0, a))
                    mutual_ok = who is not None or s.index in own or bool(
                        mut and ctx.pats.group.search(t, 0, mut[-1].start()))
                    if mut and mutual_ok and re.search(r"\b(?:exchang|discuss)", mut[-1].group(0), re.I) \
                            and not _SAID_THEN.search(t, 0, mut[-1].start()):
                        # "exchanged views on X" / "discussed X with Y": every participant
                        if not re.search(r"[.;]", t[mut[-1].end():a]):
                            who = list(ev.participants)
                    both = list(_AND_GROUP.finditer(t, 0, a)) if who is not None or s.index in own else []
                    if both and not re.search(r"[.;]", t[both[-1].end():a]):
                        who = list(ev.participants)
                    talked = list(_TALKED_ABOUT.finditer(t, 0, a)) if mutual_ok or who is not None else []
                    if talked and not re.search(r"[.;]", t[talked[-1].end():a]) and any(
                            m.person in ev.participants for m in ctx.people_in(s.start + talked[-1].start(),
                                                                               s.start + talked[-1].end())):
                        who = list(ev.participants)
                    focused = [f for f in _CALL_FOCUSED.finditer(t, 0, a) if mutual_ok or who is not None
                               or _OUR_TALKS.search(t, 0, f.start())]  # ("with discussions focusing on X")
                    if focused and not re.search(r"[.;]", t[focused[-1].end():a]):
                        who = list(ev.participants)  # "Biden's call with Xi on Tuesday ... focused on Taiwan"
                    if not who and (dom := _DOMINATED.search(t, b)) and not re.search(r"[.;]", t[b:dom.start()]) \
                            and (s.index in own or _THE_TALKS_END.search(t, dom.start(), dom.end())
                                 or any(m.person in ev.participants for m in ctx.people_in(s.start + dom.end(), s.end))):
                        # ("... dominated the discussions": the talks of this part of the article)
                        who = list(ev.participants)  # "Taiwan and the economy dominated a call between Biden and Xi"
                    agenda = list(_AGENDA.finditer(t, 0, a)) if not who else []
                    if agenda and not re.search(r"[.;]", t[agenda[-1].end():a]):
                        # "The talks are expected to cover the war in Ukraine", "Topics that Trump was
                        # expected to raise with Merz included trade": the agenda of the engagement
                        raiser = _RAISER.search(t, agenda[-1].start(), agenda[-1].end())
                        named = [m.person for m in ctx.people_in(s.start + raiser.start(), s.start + raiser.end())
                                 if m.person in ev.participants] if raiser else []
                        who = named[:1] or list(ev.participants)
                    if not who and ev.type == "Letter" and ev.sender in ev.participants and (
                            any(c.type == "Letter" and c.sentence.index == s.index and _MESSAGE_SAYING.match(
                                t, c.end - s.start, a) for c in ev.candidates) or _IN_THE_MESSAGE.search(t, 0, a)):
                        # "Kim sent a message to Putin, congratulating him on the anniversary of the
                        # victory in the Great Patriotic War": what the letter says is its sender's
                        who = [ev.sender]
                    if not who and ((_PASSIVE.search(t, b) and not re.search(r"[.;]", t[b:_PASSIVE.search(t, b).start()]))
                                    or _PASSIVE_LEAD.search(t, 0, a)):
                        who = list(ev.participants)  # "The situation in Syria was discussed": both sides
                    if not who:
                        continue
                    ev.engagement.issues.append(IssueMention(iid, list(who), ctx.evidence(s)))
