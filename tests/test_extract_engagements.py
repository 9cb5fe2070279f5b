"""Engagement detection: kinds, reported vs planned/denied/background, several per article.

Every sentence here is written for the test (none is copied from the evaluation articles).
"""

from tests.extract_helpers import doc, events, extract, one


def test_phone_call_phrasings():
    for text in ("Chinese President Xi Jinping spoke by phone with French President Emmanuel Macron on Friday.",
                 "Xi Jinping held telephone talks with Emmanuel Macron on Friday.",
                 "Emmanuel Macron phoned Xi Jinping on Friday to discuss trade.",
                 "Xi Jinping and Emmanuel Macron had a phone call on Friday."):
        e = one(text)
        assert e["type"] == "PhoneCall", text
        assert set(e["participants"]) == {"Xi Jinping", "Emmanuel Macron"}, text
        assert e["date"] == "2025-11-21", text


def test_video_call_and_virtual_summit():
    assert one("Prime Minister Narendra Modi held a virtual summit with Prime Minister Anthony Albanese "
               "on Monday.")["type"] == "VideoCall"
    assert one("Olaf Scholz and Joe Biden talked via video link on Monday.", "2022-03-09")["type"] == "VideoCall"


def test_in_person_meeting_with_title_only_mention():
    e = one("President Vladimir Putin met the Turkish President in Sochi on Monday.", "2023-09-04")
    assert e["type"] == "Meeting"
    assert set(e["participants"]) == {"Vladimir Putin", "Recep Tayyip Erdoğan"}


def test_letter_and_its_sender():
    e = one("Kim Jong Un sent a letter to Moon Jae-in last week.", "2019-01-10")
    assert e["type"] == "Letter" and e["initiator"] == "Kim Jong Un"


def test_planned_and_denied_engagements_are_not_events():
    assert events("Emmanuel Macron will visit Beijing next month to meet Xi Jinping.") == []
    assert events("Xi Jinping is expected to hold talks with Emmanuel Macron in April.") == []
    assert events("Emmanuel Macron did not speak with Xi Jinping.") == []


def test_background_meeting_is_not_an_event():
    evs = events("Xi Jinping spoke with Emmanuel Macron by phone on Monday. "
                 "The two leaders last met in Paris in May 2024.")
    assert len(evs) == 1 and evs[0]["type"] == "PhoneCall"


def test_two_engagements_in_one_article():
    evs = events("Narendra Modi spoke with Vladimir Putin by phone on Tuesday. "
                 "On Monday, Modi had held a phone call with Joe Biden.", "2024-08-27")
    pairs = {frozenset(e["participants"]) for e in evs}
    assert frozenset({"Narendra Modi", "Vladimir Putin"}) in pairs
    assert frozenset({"Narendra Modi", "Joe Biden"}) in pairs


def test_new_leader_named_with_a_title():
    e = one("Kenyan President William Ruto met Chinese President Xi Jinping in Beijing on Monday.")
    assert "William Ruto" in e["participants"] and "Xi Jinping" in e["participants"]


def test_unknown_leader_not_in_data_is_kept():
    e = one("Ruritanian President Jan Novak met Emmanuel Macron in Paris on Monday.")
    assert "Jan Novak" in e["participants"]


def test_spokespeople_are_not_participants():
    e = one("Xi Jinping spoke with Emmanuel Macron by phone on Monday, spokesperson Mao Ning said.")
    assert set(e["participants"]) == {"Xi Jinping", "Emmanuel Macron"}


def test_evidence_offsets_point_into_the_text():
    d = doc("Headline\nXi Jinping spoke with Emmanuel Macron by phone on Monday.")
    ex = extract(d)
    ev = ex.engagements[0].evidence
    assert d.text[ev.start:ev.end] == ev.text


def test_deterministic():
    text = "Xi Jinping spoke with Emmanuel Macron by phone on Monday. They discussed trade and Ukraine."
    assert events(text) == events(text)


def test_predicate_after_title_apposition_is_not_an_apposition():
    # "X, Prime Minister of Japan, held ... with Y": the verb phrase after the title is the predicate
    e = one("On Monday, Mr. Fumio Kishida, Prime Minister of Japan, held a telephone talk with "
            "the Honorable Joe Biden, President of the United States of America.", "2022-03-09")
    assert e["type"] == "PhoneCall"
    assert set(e["participants"]) == {"Fumio Kishida", "Joe Biden"}


def test_meeting_word_of_a_call_phrase_is_the_call():
    for text, typ in (("Mr. Fumio Kishida held a summit telephone talk with Joe Biden on Monday.", "PhoneCall"),
                      ("Olaf Scholz and Joe Biden are holding talks via a secure video channel on Monday.", "VideoCall")):
        evs = events(text, "2022-03-09")
        assert [e["type"] for e in evs] == [typ], (text, evs)


def test_telephonic_conversation_and_honorific_initials():
    e = one("Prime Minister Narendra Modi had a telephonic conversation today with H.E. Joe Biden, "
            "President of the United States.", "2022-03-09")
    assert e["type"] == "PhoneCall"
    assert set(e["participants"]) == {"Narendra Modi", "Joe Biden"}


def test_returned_call_is_reported_and_placed_by_the_subject():
    e = one("Late Saturday morning, President Joe Biden returned Prime Minister Narendra Modi's phone call.",
            "2022-03-06")
    assert e["type"] == "PhoneCall" and e["date"] == "2022-03-05"
    assert e["initiator"] == "Joe Biden"


def test_reply_letter_sender_is_the_subject_of_its_own_segment():
    evs = events("Upon receiving a personal letter from Moon Jae-in on April 20, Kim Jong Un sent his reply "
                 "letter on Thursday.", "2022-04-22")
    got = {(e["date"], e["initiator"]) for e in evs}
    assert got == {("2022-04-20", "Moon Jae-in"), ("2022-04-21", "Kim Jong Un")}, evs


def test_first_call_since_taking_office_is_the_reported_call():
    e = one("Prime Minister Fumio Kishida held the first telephone conversation since taking office with "
            "President Joe Biden on Tuesday.", "2021-10-05")
    assert e["type"] == "PhoneCall" and e["prior_meetings"] == []


def test_every_trigger_contains_a_stem_of_its_kind():
    # the stem pre-test skips a kind's trigger regex on sentences without one of its stems
    import re

    from kg.extract.base import load_patterns
    raw = load_patterns().raw
    for typ, lst in raw["triggers"].items():
        stem = re.compile(raw["trigger_stems"][typ], re.I)
        for rx in lst:
            assert stem.search(rx), (typ, rx)


def test_a_dateline_date_is_the_articles_not_the_calls():
    """'PARIS, March 9 (Agency) ... on Friday called': the call was on the Friday before the dateline."""
    text = ("PARIS, March 9 (Agency) French President Emmanuel Macron on Friday called up Prime Minister "
            "Narendra Modi to congratulate him, and the two leaders agreed to meet at the upcoming G20 summit in Rome.")
    x = extract(doc(text, "2024-03-09"))
    assert [(e.type, e.date.value) for e in x.engagements] == [("PhoneCall", "2024-03-08")]
    assert [(m.place, m.date.value) for m in x.engagements[0].planned_meetings] == [("Rome", None)]


def test_calling_someone_a_friend_is_no_call():
    assert events("Putin called Xi a dear friend in a speech on Monday.") == []
    assert events('Biden called Xi "a dictator" at a fundraiser on Tuesday.') == []
    e = one("Biden called Xi Jinping, the Chinese president, on Tuesday.")
    assert e["type"] == "PhoneCall"


def test_the_two_leaders_in_the_ledes_paragraph_are_the_ledes():
    """An engagement mentioned in passing does not take 'the two leaders' of the next sentence."""
    text = ("Vladimir Putin had a phone call on Tuesday with Narendra Modi. Modi visited Poland last week and "
            "discussed the war with Joe Biden on Monday. The latest conversation between the two leaders came "
            "days after Modi met Volodymyr Zelenskyy in Kyiv.")
    x = extract(doc(text, "2024-08-27"))
    by = {tuple(sorted(e.participants)): e for e in x.engagements}
    lede = by[("Narendra Modi", "Vladimir Putin")]
    assert [m.place for m in lede.prior_meetings] == ["Kyiv"]
    assert all(m.place != "Kyiv" for e in x.engagements if e is not lede for m in e.prior_meetings)
    text = ("Xi Jinping held talks with Vladimir Putin on Monday. On Sunday, Xi spoke by phone with Emmanuel Macron, "
            "and the two leaders discussed climate change.")
    x = extract(doc(text, "2024-08-27"))
    issues = {tuple(sorted(e.participants)): {m.issue for m in e.issues} for e in x.engagements}
    assert "ClimateChange" in issues[("Emmanuel Macron", "Xi Jinping")]


def test_a_quoted_adjective_does_not_hide_the_reported_call():
    """'said on Tuesday he had a "very good" phone call with X on Monday' reports Monday's call."""
    text = ('Emmanuel Macron said on Wednesday he had a "very productive" phone call with Xi Jinping on Tuesday. '
            "Separately, Macron spoke with Vladimir Putin on Monday.")
    x = extract(doc(text, "2025-11-26"))
    got = sorted((tuple(sorted(e.participants)), e.type, e.date.value) for e in x.engagements)
    assert got == [(("Emmanuel Macron", "Vladimir Putin"), "PhoneCall", "2025-11-24"),
                   (("Emmanuel Macron", "Xi Jinping"), "PhoneCall", "2025-11-25")]


def test_two_leaders_who_spoke_or_talked_with_no_object():
    """'X and Y spoke/talked' names both parties as the subject: most often a call."""
    for text, date in (("Joe Biden and Xi Jinping talked for 90 minutes on Thursday evening, the White House said.",
                        "2025-11-20"),
                       ("Xi Jinping and Emmanuel Macron spoke earlier this week about trade tensions.", None),
                       ("Vladimir Putin and Narendra Modi spoke on Friday, the Kremlin said.", "2025-11-21")):
        e = one(text, "2025-11-21")
        assert e["type"] == "PhoneCall", text
        assert set(e["participants"]) in ({"Joe Biden", "Xi Jinping"}, {"Xi Jinping", "Emmanuel Macron"},
                                          {"Vladimir Putin", "Narendra Modi"}), text
        if date:
            assert e["date"] == date, text
        else:
            assert e["date"] == "2025-11", text
    # one leader speaking, or two speaking of something, is no engagement between them
    assert events("Joe Biden spoke on Friday about the economy.", "2025-11-21") == []
    assert events("Xi Jinping and Vladimir Putin spoke highly of each other in 2019 speeches.", "2025-11-21") == []


def test_had_just_spoken_reports_the_call():
    e = one("Volodymyr Zelensky said on Tuesday he had just spoken with President Emmanuel Macron about "
            "security guarantees.", "2025-03-04")
    assert set(e["participants"]) == {"Volodymyr Zelenskyy", "Emmanuel Macron"}
    assert e["date"] == "2025-03-04"
    # without "just", "had spoken" still refers back to an earlier call
    assert events("Volodymyr Zelensky said he had spoken with Emmanuel Macron in May.", "2025-11-04") == []


def test_a_hyphenated_adjective_after_held_their_first_keeps_the_meeting_reported():
    e = one("Joe Biden and Xi Jinping held their first in-person meeting in Bali on Monday.", "2022-11-15")
    assert e["type"] == "Meeting" and e["date"] == "2022-11-14"


def test_a_statement_date_dates_the_call_it_reports():
    e = one('Donald Trump said on Thursday he had a "very good" phone call with Xi Jinping.', "2025-06-06")
    assert e["date"] == "2025-06-05"
    # a date of the call itself wins
    e = one("Donald Trump said on Thursday he spoke with Xi Jinping by phone on Tuesday.", "2025-06-06")
    assert e["date"] == "2025-06-03"


def test_after_meeting_or_talks_reports_the_main_subjects_engagement():
    e = one("Donald Trump and Xi Jinping agreed on Saturday to restart trade talks after meeting on the "
            "sidelines of the summit.", "2019-06-30")
    assert e["type"] == "Meeting" and e["date"] == "2019-06-29"
    assert set(e["participants"]) == {"Donald Trump", "Xi Jinping"}
    e = one("Vladimir Putin and Xi Jinping signed a joint statement on Thursday after talks in Beijing.", "2024-05-17")
    assert e["type"] == "Meeting" and e["date"] == "2024-05-16"
    # a plan of the main clause is no report
    assert events("Donald Trump and Xi Jinping will sign the deal after talks in Beijing.", "2024-05-17") == []


def test_days_or_rounds_of_talks_are_a_meeting():
    e = one("Donald Trump and Xi Jinping wrapped up two days of talks at Mar-a-Lago on Friday.", "2017-04-08")
    assert e["type"] == "Meeting" and set(e["participants"]) == {"Donald Trump", "Xi Jinping"}


def test_talking_in_a_place_or_on_the_sidelines_is_face_to_face():
    assert one("Xi Jinping spoke with Emmanuel Macron in Paris on Monday.")["type"] == "Meeting"
    assert one("Xi Jinping talked with Narendra Modi on the sidelines of the summit on Monday.")["type"] == "Meeting"
    e = one("Xi Jinping and Narendra Modi agreed to ease border tensions after talking on the sidelines of the "
            "summit on Monday.")
    assert e["type"] == "Meeting" and set(e["participants"]) == {"Xi Jinping", "Narendra Modi"}
    # a place of the topic is not theirs; a talk with no place stays a call
    assert one("Xi Jinping spoke with Emmanuel Macron about the war in Ukraine on Monday.")["type"] == "PhoneCall"
    assert one("Xi Jinping spoke with Emmanuel Macron on Monday about the situation in Gaza.")["type"] == "PhoneCall"
    assert one("Xi Jinping spoke with Emmanuel Macron on Monday.")["type"] == "PhoneCall"


def test_a_visit_meeting_its_host():
    e = one("Joe Biden made a surprise visit to Kyiv on Monday, meeting President Volodymyr Zelenskyy and "
            "pledging more aid.", "2023-02-21")
    assert e["type"] == "Meeting" and set(e["participants"]) == {"Joe Biden", "Volodymyr Zelenskyy"}


def test_greetings_and_cards_are_letters_with_their_sender():
    # an exchange is two letters, each with its sender
    evs = events("Xi Jinping and Kim Jong Un exchanged New Year greetings on Wednesday.", "2025-01-01")
    assert sorted((e["type"], e["initiator"]) for e in evs) == [("Letter", "Kim Jong Un"), ("Letter", "Xi Jinping")]
    e = one("Kim Jong Un received a birthday greeting card from Vladimir Putin on Monday.", "2024-09-10")
    assert e["type"] == "Letter" and e["initiator"] == "Vladimir Putin"
    e = one("In a letter to Xi Jinping, Vladimir Putin expressed his hope for a successful Olympics.", "2022-02-15")
    assert e["type"] == "Letter" and e["initiator"] == "Vladimir Putin"


def test_calling_on_a_leader_is_a_visit_and_calling_on_him_to_act_is_an_appeal():
    e = one("Prime Minister Shehbaz Sharif called on President Xi Jinping at the Great Hall of the People on Friday.",
            "2024-06-08")
    assert e["type"] == "Meeting" and e["initiator"] is None
    assert one("Narendra Modi paid a courtesy call on Joe Biden at the White House on Friday.",
               "2024-06-08")["type"] == "Meeting"
    assert events("Xi Jinping called on President Joe Biden to lift the sanctions.", "2024-06-08") == []
    assert one("Xi Jinping called Joe Biden on Friday.", "2024-06-08")["type"] == "PhoneCall"


def test_an_engagement_told_only_in_passing_is_the_articles_own():
    e = one("Xi Jinping urged the U.S. side to stop arming Taiwan during the phone call with Joe Biden on Friday.",
            "2024-06-08")
    assert e["type"] == "PhoneCall" and e["date"] == "2024-06-07"
    e = one("Vladimir Putin told Narendra Modi on Friday that he understood India's concerns, as the two leaders "
            "met in Samarkand.", "2022-09-16")
    assert e["type"] == "Meeting" and set(e["participants"]) == {"Vladimir Putin", "Narendra Modi"}
    # beside a reported engagement, the same words still refer to another occasion
    evs = events("Xi Jinping spoke with Joe Biden by phone on Monday. Xi recalled that he had urged restraint "
                 "during their meeting in Bali.", "2024-06-08")
    assert [e["type"] for e in evs] == ["PhoneCall"]


def test_a_lede_dated_weeks_before_the_article_is_its_report():
    e = one("President Andrés Manuel López Obrador met Premier Li Keqiang in Los Cabos on 24 February 2023.\n"
            "The two leaders discussed trade.", "2023-03-04")
    assert e["type"] == "Meeting" and e["date"] == "2023-02-24"
    e = one("Premier Wen Jiabao held telephone talks with President Mahmoud Abbas last month.", "2013-01-13")
    assert e["date"] == "2012-12"
    # a dated engagement later in the article, or beside a report of theirs, is an earlier occasion
    evs = events("Xi Jinping met Joe Biden in Bali on 14 November 2022.\nOn Monday, Xi Jinping and Joe Biden "
                 "spoke by phone.", "2023-06-06")
    assert [(e["type"], e["date"]) for e in evs] == [("PhoneCall", "2023-06-05")]
    e = one("Xi Jinping spoke with Joe Biden by phone on Monday.\nThe two leaders met in Bali on 14 November 2022.",
            "2023-06-06")
    assert e["type"] == "PhoneCall" and [m["place"] for m in e["prior_meetings"]] == ["Bali"]


def test_an_undated_headline_does_not_hide_the_dated_lede():
    e = one("Prime Minister Johnson holds phone talks with Prime Minister Trudeau\n"
            "British Prime Minister Boris Johnson had a telephone conversation with Canadian Prime Minister "
            "Justin Trudeau last month.", "2021-01-09")
    assert e["type"] == "PhoneCall" and e["date"] == "2020-12"


def test_the_lede_trusted_for_its_date_with_a_manner_phrase_or_a_non_ascii_dateline():
    e = one("President el-Sisi holds video talks with President Ma\nEgyptian President Abdel Fattah el-Sisi held "
            "talks with President Ma Ying-jeou of Taiwan via video link last month.", "2014-08-15")
    assert e["type"] == "VideoCall" and e["date"] == "2014-07" and e["prior_meetings"] == []
    e = one("BOGOTÁ, Jun 25 (Xinhua) -- Colombian President Gustavo Petro hosted Polish Prime Minister Donald Tusk "
            "for talks in Warsaw last month.", "2025-06-25")
    assert e["date"] == "2025-05"


def test_last_week_right_after_a_meeting_word_is_still_an_earlier_occasion():
    evs = events("Xi Jinping spoke with Joe Biden by phone on Monday. The two leaders met last week in Lima.",
                 "2024-11-25")
    assert [e["type"] for e in evs] == ["PhoneCall"]


def test_a_lede_with_a_manner_phrase_needs_no_headline():
    e = one("Egyptian President Abdel Fattah el-Sisi held talks with President Ma Ying-jeou of Taiwan via video "
            "link last month.", "2014-08-15")
    assert e["type"] == "VideoCall" and e["date"] == "2014-07"


def test_a_banquet_for_a_guest_and_a_visit_under_way():
    e = one("Xi Jinping hosted a welcome banquet for Emmanuel Macron in Beijing on Monday.")
    assert e["type"] == "Meeting" and set(e["participants"]) == {"Xi Jinping", "Emmanuel Macron"}
    e = one("Emmanuel Macron is on a three-day state visit to China, where he held talks with Xi Jinping on Monday.")
    assert e["type"] == "Meeting" and e["prior_meetings"] == []


def test_a_pair_subject_with_each_office_country():
    # "X of <country> and Y of <country> spoke": the pair is the subject of the talk verb
    e = one("President Lula of Brazil and President Gustavo Petro of Colombia spoke today about the Amazon.",
            "2023-07-04")
    assert e["type"] == "PhoneCall" and e["date"] == "2023-07-04"
    assert set(e["participants"]) == {"Luiz Inácio Lula da Silva", "Gustavo Petro"}
    assert events("President Lula of Brazil and President Gustavo Petro of Colombia spoke highly of the deal.",
                  "2023-07-04") == []


def test_a_relative_clause_of_the_call_dates_it():
    e = one("Emmanuel Macron and Olaf Scholz held a phone conversation that lasted an hour on Monday, "
            "the Elysee said.", "2023-03-08")
    assert e["date"] == "2023-03-06"
    # a relative clause about something else does not
    e = one("Emmanuel Macron held a phone conversation with Olaf Scholz that covered the energy deal signed "
            "on Monday.", "2023-03-08")
    assert e["date"] != "2023-03-06"


def test_a_courtesy_call_is_a_meeting_and_no_request():
    e = one("President Ferdinand Marcos Jr. received a courtesy call from Prime Minister Anthony Albanese "
            "at Malacanang Palace on Thursday.", "2023-09-08")
    assert e["type"] == "Meeting" and e["initiator"] is None
    assert e["date"] == "2023-09-07"
    e = one("President Ferdinand Marcos Jr. received a phone call from Prime Minister Anthony Albanese on Thursday.",
            "2023-09-08")
    assert e["type"] == "PhoneCall" and e["initiator"] == "Anthony Albanese"


def test_separate_calls_are_one_engagement_each():
    evs = events("Chancellor Olaf Scholz spoke separately by telephone on Sunday with President Emmanuel Macron "
                 "and Prime Minister Rishi Sunak.", "2023-10-10")
    assert sorted(sorted(e["participants"]) for e in evs) == [["Emmanuel Macron", "Olaf Scholz"],
                                                               ["Olaf Scholz", "Rishi Sunak"]]
    assert all(e["type"] == "PhoneCall" and e["date"] == "2023-10-08" for e in evs)
    evs = events("Narendra Modi held separate meetings with Joe Biden and Fumio Kishida in Hiroshima on Saturday.",
                 "2023-05-22")
    assert len(evs) == 2 and all(e["type"] == "Meeting" for e in evs)
    # without the word, one engagement of all three
    e = one("Xi Jinping held talks with Vladimir Putin and Recep Tayyip Erdogan in Samarkand on Thursday.",
            "2022-09-17")
    assert len(e["participants"]) == 3


def test_plural_phone_calls_are_no_caller():
    e = one("Emmanuel Macron held phone calls with Vladimir Putin on Sunday.", "2022-03-07")
    assert e["initiator"] is None
    assert one("Emmanuel Macron called Vladimir Putin on Sunday.", "2022-03-07")["initiator"] == "Emmanuel Macron"


def test_their_first_face_to_face_talks_report_the_meeting():
    e = one("Narendra Modi and Xi Jinping agreed on Wednesday to restore border patrols, in their first "
            "face-to-face talks in five years.", "2024-10-24")
    assert e["type"] == "Meeting" and e["date"] == "2024-10-23"
    assert set(e["participants"]) == {"Narendra Modi", "Xi Jinping"}
    e = one("Narendra Modi and Xi Jinping held their first in-person talks in five years on Wednesday.", "2024-10-24")
    assert e["type"] == "Meeting" and e["date"] == "2024-10-23"
    # talks of their negotiators are no meeting of theirs
    assert events("Narendra Modi and Xi Jinping agreed to resume their trade talks.", "2024-10-24") == []


def test_talks_after_which_a_leader_spoke_are_reported_despite_a_modal_in_what_he_said():
    e = one("SEOUL, May 21 (Reuters) - President Joe Biden said on Saturday he would not rule out meeting Kim "
            "Jong Un, speaking at a news conference after talks with South Korean President Yoon Suk Yeol.",
            "2022-05-21")
    assert e["type"] == "Meeting" and e["date"] == "2022-05-21"
    assert set(e["participants"]) == {"Joe Biden", "Yoon Suk Yeol"}
    # a plan stays a plan
    assert events("Joe Biden said he would call Yoon Suk Yeol after talks with Xi Jinping.", "2022-05-21") == []


def test_the_dead_take_no_part_in_a_condolence():
    e = one("Prime Minister Narendra Modi wrote to Acting President Mohammad Mokhber on Tuesday, mourning "
            "the death of President Ebrahim Raisi in a helicopter crash.", "2024-05-22")
    assert e["type"] == "Letter" and e["initiator"] == "Narendra Modi"
    assert set(e["participants"]) == {"Narendra Modi", "Mohammad Mokhber"}


def test_a_relative_clause_of_a_leader_tells_what_he_did():
    e = one("Fumio Kishida and Yoon Suk Yeol, who held an informal meeting on the sidelines of the summit on "
            "Sunday, discussed North Korea.", "2023-05-22")
    assert e["type"] == "Meeting" and e["date"] == "2023-05-21"
    assert set(e["participants"]) == {"Fumio Kishida", "Yoon Suk Yeol"}
    assert e["issue_speakers"] == {"KoreanPeninsula": ["Fumio Kishida", "Yoon Suk Yeol"]}
    e = one("Olaf Scholz, who spoke with Vladimir Putin by phone on Friday, said the war must end.", "2022-12-03")
    assert e["type"] == "PhoneCall" and e["date"] == "2022-12-02"
    assert set(e["participants"]) == {"Olaf Scholz", "Vladimir Putin"}
    # a plan in the relative clause stays a plan; an earlier meeting stays earlier
    assert events("Olaf Scholz, who will meet Vladimir Putin next week, said the war must end.", "2022-12-03") == []
    e = one("Olaf Scholz spoke with Xi Jinping on Friday. Xi, who met Scholz in Beijing in November, "
            "said trade was growing.", "2022-12-03")
    assert [(m["place"], m["date"]) for m in e["prior_meetings"]] == [("Beijing", "2022-11")]


def test_a_journey_made_to_meet_reports_the_meeting():
    e = one("Narendra Modi flew to Kyiv on Friday to meet Volodymyr Zelenskyy.", "2024-08-24")
    assert e["type"] == "Meeting" and e["date"] == "2024-08-23"
    assert set(e["participants"]) == {"Narendra Modi", "Volodymyr Zelenskyy"}
    assert events("Narendra Modi will fly to Kyiv on Friday to meet Volodymyr Zelenskyy.", "2024-08-20") == []
    assert events("Narendra Modi is expected to travel to Kyiv next week to meet Volodymyr Zelenskyy.",
                  "2024-08-20") == []


def test_a_modal_reaches_a_second_verb_joined_by_and():
    assert events("Chinese Premier Li Qiang will travel to New Zealand and Australia later this week and meet "
                  "Prime Minister Anthony Albanese on Monday in Canberra, the ministry said.", "2024-06-14") == []
    e = one("Li Qiang travelled to Australia and met Anthony Albanese in Canberra on Monday.", "2024-06-18")
    assert e["type"] == "Meeting" and e["date"] == "2024-06-17"


def test_talks_held_by_phone_or_video_link_named_after_the_other_party():
    for text, kind in (("Xi Jinping held talks with Emmanuel Macron by phone on Monday.", "PhoneCall"),
                       ("Xi Jinping held talks with Emmanuel Macron via video link on Monday.", "VideoCall"),
                       ("Xi Jinping had talks with Emmanuel Macron by telephone on Monday.", "PhoneCall")):
        e = one(text, "2023-03-21")
        assert e["type"] == kind and e["date"] == "2023-03-20", text
        assert set(e["participants"]) == {"Xi Jinping", "Emmanuel Macron"}, text


def test_may_the_name_and_the_month_is_no_modal():
    e = one("Theresa May met Xi Jinping in London on Saturday.", "2016-08-14")
    assert e["type"] == "Meeting" and e["date"] == "2016-08-13"
    e = one("On 3 May, Xi Jinping met Joe Biden in Bali.", "2016-05-05")
    assert e["date"] == "2016-05-03"
    assert events("Xi Jinping may meet Joe Biden in Bali.", "2016-05-05") == []


def test_a_call_word_after_a_long_name_still_names_the_talks():
    e = one("Chinese President Xi Jinping held talks with Prime Minister Theresa May of the United Kingdom via "
            "video link on Saturday.", "2016-08-14")
    assert e["type"] == "VideoCall" and e["date"] == "2016-08-13"


def test_on_the_phone_and_a_pair_possessing_the_call():
    e = one("Angela Merkel was on the phone with Vladimir Putin on Monday to discuss Libya.", "2020-05-12")
    assert e["type"] == "PhoneCall" and e["date"] == "2020-05-11"
    e = one("Olaf Scholz and Emmanuel Macron's phone call on Tuesday focused on Ukraine, a spokesman said.",
            "2024-01-10")
    assert e["type"] == "PhoneCall" and e["date"] == "2024-01-09"
    assert e["issue_speakers"] == {"Ukraine": ["Olaf Scholz", "Emmanuel Macron"]}


def test_a_readout_with_times_and_a_named_summit_meeting():
    # a ministry readout's opening: the date, the hour in two time zones, then the meeting by its name
    e = one("On March 3, commencing at 10:15 a.m. local time (March 4, 0:15 a.m. Japan time) for approximately "
            "50 minutes, Mr. ISHIBA Shigeru, Prime Minister of Japan, held a Japan-Philippines Summit Meeting "
            "with the Honorable Ferdinand Marcos Jr., President of the Philippines.", "2025-03-04")
    assert e["type"] == "Meeting" and e["date"] == "2025-03-03"
    assert set(e["participants"]) == {"Shigeru Ishiba", "Ferdinand Marcos Jr."}
    # a named gathering with no "held ... with" stays a name
    assert events("Leaders gathered for the Japan-ASEAN Summit Meeting in Tokyo on Sunday.", "2023-12-18") == []


def test_received_by_a_host_in_the_passive():
    e = one("Prime Minister Giorgia Meloni was received by President Joe Biden in the Oval Office on Friday.",
            "2024-03-02")
    assert e["type"] == "Meeting" and e["date"] == "2024-03-01"
    assert set(e["participants"]) == {"Giorgia Meloni", "Joe Biden"}


def test_background_relative_clauses_and_counted_meetings_report_nothing():
    # an undated or earlier relative clause is background, and a statement's day does not date it
    assert events("Vladimir Putin, who has met Xi Jinping more than 40 times, said on Monday that ties were "
                  "strong.", "2023-06-20") == []
    assert events("Vladimir Putin, who met Xi Jinping in Beijing in May, said on Monday that ties were strong.",
                  "2023-06-20") == []
    e = one("Xi Jinping spoke with Vladimir Putin by phone on Monday. Putin, who has met Xi more than 40 times, "
            "called him a dear friend.", "2023-06-20")
    assert e["type"] == "PhoneCall"
    assert events("Vladimir Putin has met Xi Jinping more than 40 times, the Kremlin said on Monday.",
                  "2023-06-20") == []


def test_an_aside_about_a_leader_does_not_cut_the_clause():
    e = one("Xi Jinping spoke by phone with Emmanuel Macron, who was in Paris, on Friday.", "2022-12-03")
    assert e["type"] == "PhoneCall" and e["date"] == "2022-12-02"


def test_a_list_subject_shares_its_second_verb():
    # every leader of the list met the host, not the first two; and a dateline does not hide them
    for text in ("Macron, Scholz and Draghi visited Kyiv on Thursday and met President Volodymyr Zelenskiy.",
                 "KYIV, June 16 (Reuters) - Macron, Scholz and Draghi visited Kyiv on Thursday and met "
                 "President Volodymyr Zelenskiy, pledging support."):
        e = one(text, "2022-06-17")
        assert e["type"] == "Meeting" and e["date"] == "2022-06-16"
        assert set(e["participants"]) == {"Emmanuel Macron", "Olaf Scholz", "Mario Draghi", "Volodymyr Zelenskyy"}
    # a subject and its partner still share it ("spoke with Xi ... and discussed")
    e = one("Joe Biden spoke with Xi Jinping on Monday and discussed Taiwan.", "2023-11-14")
    assert set(e["participants"]) == {"Joe Biden", "Xi Jinping"}


def test_a_call_told_before_the_leader_who_speaks_of_it():
    e = one("Speaking to reporters after his phone call with Chinese President Xi Jinping on Sunday, Prime "
            "Minister Anthony Albanese said trade was discussed.", "2023-05-22")
    assert e["type"] == "PhoneCall" and e["date"] == "2023-05-21"
    assert set(e["participants"]) == {"Xi Jinping", "Anthony Albanese"}
    e = one("After his talks with Chinese President Xi Jinping on Sunday, Albanese told reporters that trade "
            "was discussed.", "2023-05-22")
    assert e["type"] == "Meeting" and e["date"] == "2023-05-21"
    # an earlier one is background
    assert events("After his meeting with Chinese President Xi Jinping in 2019, Albanese said trade was "
                  "important.", "2023-05-22") == []


def test_his_calls_with_several_leaders_are_one_each():
    evs = events("BEIJING, Oct. 27 (Xinhua) -- Chinese President Xi Jinping called for deeper ties in his phone "
                 "conversations with the leaders of Pakistan and France on Tuesday respectively.", "2021-10-27")
    assert sorted(sorted(e["participants"]) for e in evs) == [["Emmanuel Macron", "Xi Jinping"],
                                                             ["Imran Khan", "Xi Jinping"]]
    assert {e["date"] for e in evs} == {"2021-10-26"}
    # one call of three
    e = one("Xi Jinping held a video call with Emmanuel Macron and Olaf Scholz on Tuesday.", "2021-10-27")
    assert set(e["participants"]) == {"Xi Jinping", "Emmanuel Macron", "Olaf Scholz"}


def test_a_place_that_speaks_is_no_place_of_the_engagement():
    x = extract(doc("Joe Biden spoke with Xi Jinping by phone on Monday, the White House said.", "2023-11-14"))
    assert [e.place for e in x.engagements] == [None]
    x = extract(doc("Theresa May spoke with Donald Trump on Monday, a Downing Street spokesman said.", "2018-05-08"))
    assert [e.place for e in x.engagements] == [None]
    x = extract(doc("Joe Biden hosted Xi Jinping at the White House on Monday.", "2023-11-14"))
    assert [e.place for e in x.engagements] == ["White House"]


def test_a_bracketed_local_time_does_not_cut_the_date_off():
    e = one("On April 10, commencing at 10:50 a.m. (local time) for approximately 70 minutes, Mr. KISHIDA Fumio, "
            "Prime Minister of Japan, held a Japan-U.S. Summit Meeting with the Honorable Joseph R. Biden, Jr., "
            "President of the United States of America.", "2024-04-11")
    assert e["type"] == "Meeting" and e["date"] == "2024-04-10"
    e = one("On May 23, from 6:10 p.m. for about 20 minutes, Mr. KISHIDA Fumio, Prime Minister of Japan, held a "
            "summit telephone talk with H.E. Mr. Anthony Albanese, Prime Minister of Australia.", "2022-05-24")
    assert e["type"] == "PhoneCall" and e["date"] == "2022-05-23"
    assert set(e["participants"]) == {"Fumio Kishida", "Anthony Albanese"}


def test_a_meeting_told_in_an_as_clause_takes_the_main_clauses_day():
    e = one("WOODSIDE, Calif. (AP) — President Joe Biden and Chinese President Xi Jinping agreed Wednesday to "
            "resume military-to-military communications, as the two leaders met for four hours at a historic "
            "estate south of San Francisco.", "2023-11-16")
    assert e["type"] == "Meeting" and e["date"] == "2023-11-15"
    # a visit told in a when-clause of a date before the article is an earlier occasion, not a plan
    x = extract(doc("Vladimir Putin arrived in Pyongyang on Tuesday at the invitation of Kim Jong Un. Relations "
                    "improved after the leaders' meeting in September 2023 when Kim paid another official visit "
                    "to Russia.", "2024-06-19"))
    assert [m.date.value for e in x.engagements for m in e.planned_meetings if m.date] == []


def test_a_visit_told_in_a_conversation_does_not_make_it_a_meeting():
    e = one("Joe Biden spoke with Narendra Modi on Monday. In his conversation with Biden, Modi briefed him on his "
            "recent visit to Poland.", "2024-08-27")
    assert e["type"] == "PhoneCall"
    assert set(e["participants"]) == {"Joe Biden", "Narendra Modi"}


def test_a_non_leaders_meeting_lends_nothing_to_a_leaders_call():
    e = one("Vice President Kamala Harris met Ukrainian President Volodymyr Zelensky on Thursday. Joe Biden spoke "
            "with Zelensky by phone later.", "2024-08-31")
    assert e["type"] == "PhoneCall"
    assert set(e["participants"]) == {"Joe Biden", "Volodymyr Zelenskyy"}


def test_agreed_on_the_sidelines_of_a_summit_is_their_meeting():
    e = one("JOHANNESBURG, Aug 24 (Reuters) - Chinese President Xi Jinping and Indian Prime Minister Narendra Modi "
            "agreed on the sidelines of the BRICS summit in Johannesburg on Thursday to intensify efforts to "
            "de-escalate tensions on their disputed border, India's foreign secretary said.", "2023-08-25")
    assert e["type"] == "Meeting" and e["date"] == "2023-08-24"
    assert set(e["participants"]) == {"Xi Jinping", "Narendra Modi"}


def test_a_headline_naming_the_pair_before_the_meeting_reports_it():
    e = one("Trump, Zelenskiy meeting ends in shouting match at White House\nWASHINGTON, Feb 28 (Reuters) - "
            "President Donald Trump berated Ukrainian President Volodymyr Zelenskiy in the Oval Office on Friday.",
            "2025-02-28")
    assert e["type"] == "Meeting" and e["date"] == "2025-02-28"
    assert set(e["participants"]) == {"Donald Trump", "Volodymyr Zelenskyy"}
    # further down an article, the same words refer back
    x = extract(doc("Joe Biden spoke with Volodymyr Zelenskiy by phone on Monday. Biden recalled the meeting. "
                    "Trump, Zelenskiy meeting at the White House in February ended badly.", "2025-03-04"))
    assert [e.type for e in x.engagements] == ["PhoneCall"]


def test_a_name_is_no_modal():
    # "To" in "To Lam" is no "to" of a plan
    e = one("Vietnamese President To Lam wrote to Colombian President Gustavo Petro on Monday, according to a "
            "statement.", "2024-07-25")
    assert e["type"] == "Letter" and e["date"] == "2024-07-22"
    assert set(e["participants"]) == {"To Lam", "Gustavo Petro"} and e["initiator"] == "To Lam"


def test_meetings_with_several_leaders_then_each_one_are_separate_meetings():
    evs = events("President Lula da Silva met with leaders of Spain, Japan and Mexico on the sidelines of the G20 "
                 "summit in Rio de Janeiro. Lula met with Spanish Prime Minister Pedro Sanchez on Monday, urging "
                 "closer ties. Lula also met with Japanese Prime Minister Shigeru Ishiba on trade.", "2024-11-19")
    # one meeting each, the leader of Mexico's too (the text says Lula met with the leaders of all three)
    assert sorted(tuple(sorted(e["participants"])) for e in evs) == [
        ("Claudia Sheinbaum", "Luiz Inácio Lula da Silva"), ("Luiz Inácio Lula da Silva", "Pedro Sánchez"),
        ("Luiz Inácio Lula da Silva", "Shigeru Ishiba")]
    assert all(e["type"] == "Meeting" for e in evs)


def test_plural_meetings_and_bilaterals_with_a_list_are_one_each():
    evs = events("Prime Minister Narendra Modi held bilateral meetings with his counterparts from Italy and Japan "
                 "after the summit session in Apulia on Friday.", "2024-06-15")
    assert sorted(tuple(sorted(e["participants"])) for e in evs) == [
        ("Fumio Kishida", "Narendra Modi"), ("Giorgia Meloni", "Narendra Modi")]
    assert {e["date"] for e in evs} == {"2024-06-14"}  # the weekday of what they followed
    evs = events("Chancellor Olaf Scholz held back-to-back bilaterals with French President Emmanuel Macron and "
                 "Italian Prime Minister Giorgia Meloni in Brussels.", "2024-06-27")
    assert sorted(tuple(sorted(e["participants"])) for e in evs) == [
        ("Emmanuel Macron", "Olaf Scholz"), ("Giorgia Meloni", "Olaf Scholz")]


def test_a_meeting_with_one_leader_then_the_two_leaders_is_the_protagonists():
    evs = events("Prime Minister Fumio Kishida meets G7 leaders\nPrime Minister Fumio Kishida held a series of "
                 "meetings in Hiroshima on May 19. Kishida met with German Chancellor Olaf Scholz. During a meeting "
                 "with Canadian Prime Minister Justin Trudeau, the two leaders welcomed progress on trade.",
                 "2023-05-20")
    assert sorted(tuple(sorted(e["participants"])) for e in evs) == [
        ("Fumio Kishida", "Justin Trudeau"), ("Fumio Kishida", "Olaf Scholz")]
    # with no one whose engagements the article tells, it stays unattached
    evs = events("During a meeting with Canadian Prime Minister Justin Trudeau, the two leaders welcomed progress.",
                 "2023-05-20")
    assert evs == []


def test_he_and_a_leader_are_the_one_named_before_and_that_leader():
    e = one("President Donald Trump said Thursday that he and Russian President Vladimir Putin had agreed during "
            "a “very productive” phone conversation to meet in Budapest.", "2025-10-17")
    assert e["type"] == "PhoneCall" and e["date"] == "2025-10-16"
    assert set(e["participants"]) == {"Donald Trump", "Vladimir Putin"}


def test_on_the_way_to_a_meeting_is_a_plan():
    e = one("Joe Biden spoke with Olaf Scholz by phone on Monday, as Scholz was en route to Washington, D.C., "
            "for a meeting with Biden on Friday.", "2024-02-06")
    assert e["type"] == "PhoneCall" and e["date"] == "2024-02-05"
    assert [m["date"] for m in e["planned_meetings"]] == ["2024-02-09"]


def test_a_message_sent_to_the_other_party_of_the_readout_is_a_letter_of_its_leader():
    evs = events("Vladimir Putin had a telephone conversation with President of Kazakhstan Kassym-Jomart Tokayev.\n\n"
                 "A message of congratulations was also sent to Kassym-Jomart Tokayev.", "2024-05-10")
    letter = [e for e in evs if e["type"] == "Letter"]
    assert len(letter) == 1 and letter[0]["initiator"] == "Vladimir Putin"
    assert set(letter[0]["participants"]) == {"Vladimir Putin", "Kassym-Jomart Tokayev"}


def test_where_after_a_journey_reports_the_meeting_on_the_journeys_day():
    e = one("German Chancellor Olaf Scholz travelled to Beijing on Friday, where he held talks with Chinese "
            "President Xi Jinping.", "2022-11-08")
    assert e["type"] == "Meeting" and e["date"] == "2022-11-04"
    assert set(e["participants"]) == {"Olaf Scholz", "Xi Jinping"}
    # a place the pair had met before is a back-reference, not a second report
    evs = events("Joe Biden spoke with Xi Jinping by phone on Friday. Biden flew to Bali last year, where "
                 "he had met Xi for the first time as president.", "2022-11-08")
    assert [e["type"] for e in evs] == ["PhoneCall"]


def test_a_verb_coordinated_with_a_journey_takes_its_day():
    e = one("Olaf Scholz arrived in Beijing on Friday and held talks with Xi Jinping.", "2022-11-08")
    assert e["type"] == "Meeting" and e["date"] == "2022-11-04"


def test_a_story_about_a_fresh_meeting_told_in_passing_reports_it():
    e = one("The two countries failed to sign an agreement after a Friday meeting between Donald Trump and "
            "Volodymyr Zelenskiy turned into a shouting match.", "2025-03-01")
    assert e["type"] == "Meeting" and e["date"] == "2025-02-28"
    # an occasion long before the article, or one it tells as background, is no report
    assert events("Relations have improved after a meeting between Joe Biden and Xi Jinping in Bali last "
                  "November.", "2023-03-01") == []
    assert events("Trade has grown since their last meeting, a Friday meeting between Donald Trump and "
                  "Volodymyr Zelenskiy.", "2025-03-01") == []


def test_on_the_eve_of_another_engagement_is_the_day_before_and_not_its_people():
    evs = events("Olaf Scholz had a telephone conversation with Vladimir Putin on November 15. On the eve of "
                 "the conversation with Putin, Scholz spoke by phone with Volodymyr Zelensky.", "2024-11-15")
    assert sorted((e["date"], tuple(sorted(e["participants"]))) for e in evs) == [
        ("2024-11-14", ("Olaf Scholz", "Volodymyr Zelenskyy")), ("2024-11-15", ("Olaf Scholz", "Vladimir Putin"))]
    evs = events("Olaf Scholz had a telephone conversation with Vladimir Putin on November 15. Ahead of the "
                 "call with Putin, Scholz spoke with Emmanuel Macron.", "2024-11-15")
    assert sorted(tuple(sorted(e["participants"])) for e in evs) == [
        ("Emmanuel Macron", "Olaf Scholz"), ("Olaf Scholz", "Vladimir Putin")]


def test_a_story_of_the_day_about_a_meeting_planned_that_day_reports_it():
    e = one("Narendra Modi will hold a virtual summit with Scott Morrison on Thursday, the ministry said.",
            "2020-06-04")
    assert e["type"] == "VideoCall" and e["date"] == "2020-06-04"
    # a plan for another day stays a plan
    assert events("Narendra Modi will hold a virtual summit with Scott Morrison on Friday, the ministry said.",
                  "2020-06-04") == []


def test_a_readout_dated_before_its_verb_dates_the_exchange_it_tells():
    e = one("Starmer pays tribute to Trump\n\n"
            "Keir Starmer paid tribute to Donald Trump in his first phone conversation with the US President.\n"
            "A readout from Downing Street Sunday night stated that the two leaders had a warm exchange.\n"
            "The call began on a more personal note as Trump expressed his condolences.", "2025-01-27")
    assert e["type"] == "PhoneCall" and e["date"] == "2025-01-26"
    # the Kremlin's statement day is no later than the call it tells of
    e = one("The Kremlin on Monday said Vladimir Putin had spoken with Xi Jinping.", "2025-01-29")
    assert e["date"] == "2025-01-27"


def test_a_long_who_aside_keeps_the_leader_before_it_as_the_subject():
    evs = events("Barack Obama, who won a second, four-year term after a tight race against Mitt Romney, also "
                 "spoke with Mario Monti on Tuesday.", "2012-11-13")
    assert [(e["type"], e["date"], sorted(e["participants"])) for e in evs] == [
        ("PhoneCall", "2012-11-13", ["Barack Obama", "Mario Monti"])]


def test_leaders_including_several_are_one_call_each():
    evs = events("Barack Obama spoke with world leaders on Tuesday, including Russian President Vladimir Putin and Afghan President Hamid Karzai, "
                 "the White House said.", "2012-11-13")
    assert sorted(tuple(sorted(e["participants"])) for e in evs) == [
        ("Barack Obama", "Hamid Karzai"), ("Barack Obama", "Vladimir Putin")]


def test_a_conceded_present_perfect_is_background():
    evs = events("Trump meets Merz\n\nDonald Trump met Friedrich Merz at the White House on Thursday. Though the "
                 "pair have spoken by phone, it was their first meeting.", "2025-06-05")
    assert [e["type"] for e in evs] == ["Meeting"]
    # the present perfect of a wire lede is the news
    e = one("Xi meets Putin\n\nXi Jinping has held talks with Vladimir Putin in Moscow.", "2023-03-21")
    assert e["type"] == "Meeting" and e["date"] == "2023-03-21"


def test_a_possible_call_is_no_report():
    for text in ("Erdogan, Putin May Soon Hold Telephone Conversation\n\nNo date has been set, a source said.",
                 "Title\n\nTelephone conversations between Turkish President Recep Tayyip Erdogan and Russian President "
                 "Vladimir Putin could take place in the near future, a source said.",
                 "Title\n\nErdogan may discuss with Putin the results of his talks at the G20 summit in India."):
        assert events(text, "2023-09-11") == [], text


def test_an_undated_caption_of_an_earlier_meeting_is_that_meeting():
    evs = events("Title\n\nLast Monday, Putin and Erdogan met in the Russian city of Sochi.\n"
                 "Russian President Vladimir Putin met with Turkish President Recep Tayyip Erdogan in Sochi.",
                 "2023-09-11")
    assert evs == []


def test_a_day_earlier_is_back_from_the_day_told_before():
    evs = events("Modi at the G20\n\nOn Saturday, Narendra Modi met Brazilian President Jair Bolsonaro on the "
                 "sidelines of the summit. A day earlier, he held talks with global leaders, including US President "
                 "Donald Trump and Russian President Vladimir Putin.", "2019-06-29")
    assert sorted((e["date"], tuple(sorted(e["participants"]))) for e in evs) == [
        ("2019-06-28", ("Donald Trump", "Narendra Modi")), ("2019-06-28", ("Narendra Modi", "Vladimir Putin")),
        ("2019-06-29", ("Jair Bolsonaro", "Narendra Modi"))]


def test_a_headline_meeting_the_body_tells_was_virtual_is_that_video_call():
    e = one("Biden and Kishida hold their first official meeting\n\nJoe Biden and Fumio Kishida held their first "
            "official meeting virtually on Friday.", "2022-01-21")
    assert e["type"] == "VideoCall" and e["date"] == "2022-01-21"


def test_a_meeting_in_a_list_of_what_happened_during_the_year_is_no_report():
    e = one("Kim writes to Moon\n\nKim Jong Un yesterday sent a letter to Moon Jae-in.\n\nMoon said Kim expressed "
            "willingness to carry out the agreements he made this year during a series of summits and a historic "
            "meeting with US President Donald Trump.", "2018-12-31")
    assert e["type"] == "Letter"


def test_informal_interactions_with_several_leaders_are_one_meeting_each():
    evs = events("Modi at the G20\n\nNarendra Modi had informal interactions with US President Joe Biden and French "
                 "President Emmanuel Macron on the sidelines of the G20 summit on Tuesday.\n\nModi is expected to have "
                 "talks with Macron, in addition to holding a meeting with Indonesian President Joko Widodo on "
                 "Wednesday.", "2022-11-15")
    assert sorted((e["date"], tuple(sorted(e["participants"]))) for e in evs) == [
        ("2022-11-15", ("Emmanuel Macron", "Narendra Modi")), ("2022-11-15", ("Joe Biden", "Narendra Modi"))]


def test_a_pair_that_discussed_something_during_their_call_reports_the_call():
    evs = events("Zelensky, Macron talk\n\nUkrainian President Volodymyr Zelensky and his French counterpart, Emmanuel "
                 "Macron, on Sunday discussed Kyiv's key defense needs during their latest phone conversation.\n\n"
                 "He said both sides agreed on a prisoner swap during their latest talks held earlier this week.",
                 "2025-07-27")
    assert [(e["type"], e["date"]) for e in evs] == [("PhoneCall", "2025-07-27")]
    assert evs[0]["issue_speakers"]["Military"] == ["Volodymyr Zelenskyy", "Emmanuel Macron"]


def test_an_exchange_of_messages_is_two_letters_and_meeting_a_challenge_is_no_meeting():
    evs = events("Li, Prayut exchange messages\n\nChinese Premier Li Keqiang exchanged congratulatory messages on "
                 "Wednesday with his Thai counterpart, Prayut Chan-o-cha.\n\nPrayut said the two countries should "
                 "meet the challenges together.", "2020-07-02")
    assert sorted((e["type"], e["initiator"]) for e in evs) == [
        ("Letter", "Li Keqiang"), ("Letter", "Prayut Chan-o-cha")]


def test_congratulations_exchanged_are_letters_and_sent_during_a_call_are_not():
    evs = events("Xi, Macron exchange congratulations\n\nChinese President Xi Jinping on Saturday exchanged "
                 "congratulations with his French counterpart, Emmanuel Macron, on the anniversary of ties.",
                 "2024-01-28")
    assert sorted((e["type"], e["initiator"], e["date"]) for e in evs) == [
        ("Letter", "Emmanuel Macron", "2024-01-27"), ("Letter", "Xi Jinping", "2024-01-27")]
    evs = events("Modi, Biden talk\n\nNarendra Modi spoke with Joe Biden by phone on Monday. During the call, Modi "
                 "sent his congratulations to Biden.", "2024-01-02")
    assert [e["type"] for e in evs] == ["PhoneCall"]


def test_a_pair_that_discussed_something_reports_their_engagement():
    e = one("Putin, Netanyahu talk\n\nThe Kremlin says Vladimir Putin and Israeli Prime Minister Benjamin Netanyahu "
            "have discussed the situation in Syria.\n\nThe Kremlin said the leaders discussed it on a Friday call.",
            "2018-06-15")
    assert (e["type"], e["date"]) == ("PhoneCall", "2018-06-15")
    assert events("Title\n\nAnalysts said Syria was discussed.", "2018-06-15") == []


def test_a_state_visit_over_several_days_is_dated_by_its_first():
    e = one("Ramaphosa in Doha\n\nCyril Ramaphosa travelled to Doha for a state visit from 14-15 November. During the "
            "state visit, the President held a bilateral discussion with Sheik Tamim bin Hamad al Thani.",
            "2023-11-16")
    assert e["type"] == "Meeting" and e["date"] == "2023-11-14"
    assert set(e["participants"]) == {"Cyril Ramaphosa", "Tamim bin Hamad Al Thani"}


def test_a_message_conveyed_in_the_readout_of_a_call_is_said_in_the_call():
    evs = events("Kishida, Joko talk\n\nPrime Minister Fumio Kishida held a telephone talk with President Joko Widodo "
                 "on November 18. In response, President Joko conveyed a message of congratulations on Mr. Kishida's "
                 "appointment.", "2021-11-18")
    assert [e["type"] for e in evs] == ["PhoneCall"]
    # a message sent is a letter of its own
    evs = events("Xi, Biden talk\n\nXi Jinping held a phone call with Joe Biden on Monday. Xi also sent a message "
                 "of congratulations to Biden.", "2021-11-18")
    assert sorted(e["type"] for e in evs) == ["Letter", "PhoneCall"]


def test_the_lede_told_during_a_call_reports_it_and_what_the_call_came_after_does_not():
    evs = events("Xi hails dialogue\n\nChinese President Xi Jinping hailed the dialogue over the South China Sea during a "
                 "phone call with Philippine President Rodrigo Duterte, state media reported.\n\nThe call came two days "
                 "after Duterte toured a Chinese warship, and after a phone conversation with United States President "
                 "Donald Trump.", "2017-05-05")
    assert [sorted(e["participants"]) for e in evs] == [["Rodrigo Duterte", "Xi Jinping"]]
    assert evs[0]["issue_speakers"] == {"SouthChinaSea": ["Xi Jinping"]}


def test_called_his_counterpart_is_a_call_to_that_counterpart():
    for text in ("Chilean President Gabriel Boric called his Argentine counterpart, Javier Milei, on Sunday.",
                 "Gabriel Boric called his counterpart Javier Milei on Sunday to discuss the border.",
                 "Gabriel Boric rang his Argentine counterpart Javier Milei on Sunday."):
        e = one(text, "2024-03-12")
        assert e["type"] == "PhoneCall" and e["initiator"] == "Gabriel Boric", text
        assert set(e["participants"]) == {"Gabriel Boric", "Javier Milei"} and e["date"] == "2024-03-10", text
    # naming and a counterpart's words are no call
    assert events("Gabriel Boric called his Argentine counterpart Javier Milei a friend.", "2024-03-12") == []
    assert events("Gabriel Boric called his Argentine counterpart's remarks unfortunate on Sunday.", "2024-03-12") == []


def test_earlier_in_the_day_is_the_day_of_the_engagement_told_before():
    for lead in ("Boric spoke earlier in the day with Brazilian President Luiz Inacio Lula da Silva.",
                 "Later that day, Boric held a phone call with Brazilian President Luiz Inacio Lula da Silva.",
                 "On the same day, Boric spoke by phone with Brazilian President Luiz Inacio Lula da Silva."):
        evs = events("Chilean President Gabriel Boric and Argentine President Javier Milei spoke by phone on Saturday "
                     "about the border.\n\n" + lead, "2024-03-12")
        assert sorted((e["date"], sorted(e["participants"])[0]) for e in evs) == [
            ("2024-03-09", "Gabriel Boric"), ("2024-03-09", "Gabriel Boric")], lead
        assert {len(e["participants"]) for e in evs} == {2}, lead
    # with nothing dated before it, the article's day
    e = one("Boric spoke earlier in the day with Brazilian President Luiz Inacio Lula da Silva.", "2024-03-12")
    assert e["date"] == "2024-03-12"


def test_a_meeting_held_by_video_conference_or_gone_virtual_is_a_video_call():
    e = one("Fumio Kishida had a video conference summit meeting with U.S. President Joe Biden on Friday.", "2022-01-22")
    assert e["type"] == "VideoCall" and e["date"] == "2022-01-21"
    e = one("Joe Biden and Justin Trudeau agreed on a roadmap, as the pandemic forced their meeting to go virtual on "
            "Tuesday.", "2022-01-22")
    assert e["type"] == "VideoCall" and e["date"] == "2022-01-18"
    assert one("Joe Biden met Justin Trudeau in Ottawa on Tuesday to discuss virtual reality.",
               "2022-01-22")["type"] == "Meeting"


def test_phone_calls_in_the_plural_with_two_leaders_are_one_call_each():
    evs = events("Iranian President Masoud Pezeshkian held impromptu phone calls with German Chancellor Olaf Scholz "
                 "and British Prime Minister Keir Starmer on Monday.", "2024-08-13")
    assert sorted(tuple(sorted(e["participants"])) for e in evs) == [
        ("Keir Starmer", "Masoud Pezeshkian"), ("Masoud Pezeshkian", "Olaf Scholz")]
    # one call of three stays one
    e = one("Masoud Pezeshkian held a phone call with Olaf Scholz and Keir Starmer on Monday.", "2024-08-13")
    assert len(e["participants"]) == 3


def test_extended_congratulations_and_in_his_telegram_name_the_letter_and_its_sender():
    for text in ("Gabriel Boric extended his congratulations to his Argentine counterpart Javier Milei on his "
                 "election, his office said.",
                 "In his telegram, Gabriel Boric congratulated Javier Milei on his election.",
                 "In a telegram of congratulations, Gabriel Boric wished Javier Milei success."):
        e = one(text, "2023-11-20")
        assert e["type"] == "Letter" and e["initiator"] == "Gabriel Boric", text
        assert set(e["participants"]) == {"Gabriel Boric", "Javier Milei"}, text
    # said in a call the article reports: part of that call, no letter
    evs = events("Gabriel Boric held a phone call with Javier Milei on Monday. Boric extended his congratulations "
                 "to Milei on his election.", "2023-11-20")
    assert [e["type"] for e in evs] == ["PhoneCall"]


def test_condolences_conveyed_in_a_call_readout_are_said_in_the_call():
    evs = events("Narendra Modi had a telephone conversation today with Donald Trump.\n\nThe Prime Minister conveyed "
                 "deep condolences for the loss of lives in the United States.\n\nModi also extended his condolences "
                 "to Trump for the victims of the storm in Texas on March 22.", "2020-04-04")
    assert len(evs) == 1 and evs[0]["type"] == "PhoneCall" and evs[0]["prior_meetings"] == []


def test_greeting_a_leader_somewhere_is_meeting_them():
    e = one("Donald Trump greeted Norwegian Prime Minister Jonas Gahr Store at the White House on Thursday.", "2025-04-24")
    assert e["type"] == "Meeting" and set(e["participants"]) == {"Donald Trump", "Jonas Gahr Støre"}
    e = one("Donald Trump sent New Year greetings to Xi Jinping on Thursday.", "2025-04-24")
    assert e["type"] == "Letter"


def test_offered_condolences_to_a_leader_is_a_message_unless_said_in_a_call():
    e = one("Vladimir Putin has offered his condolences to Italian Prime Minister Paolo Gentiloni over a deadly "
            "avalanche.", "2017-01-20")
    assert e["type"] == "Letter" and e["initiator"] == "Vladimir Putin"
    evs = events("Vladimir Putin held a phone call with Paolo Gentiloni on Friday. Putin offered his condolences to "
                 "Gentiloni over the avalanche.", "2017-01-20")
    assert [e["type"] for e in evs] == ["PhoneCall"]


def test_a_lead_after_phrase_before_the_comma_leaves_the_main_clause_a_report():
    e = one("After weeks of waiting, Cyril Ramaphosa has finally had his phone call with Ukrainian president "
            "Volodymyr Zelensky on Wednesday.", "2022-04-21")
    assert e["type"] == "PhoneCall" and e["date"] == "2022-04-20"
    assert set(e["participants"]) == {"Cyril Ramaphosa", "Volodymyr Zelenskyy"}
    # an "after" clause that holds the engagement is still what came before
    e = one("Cyril Ramaphosa held talks with Volodymyr Zelensky in Kyiv on Wednesday.\n\nAfter their phone call in "
            "March, the two leaders had agreed to meet.", "2022-04-21")
    assert e["type"] == "Meeting" and e["date"] == "2022-04-20"


def test_a_leaders_meeting_whose_remarks_call_it_this_video_conference_is_a_video_call():
    e = one("Opening Remarks at the Singapore-Australia Leaders' Meeting with Prime Minister Lee Hsien Loong and Prime "
            "Minister Scott Morrison\n\nThank you, Prime Minister. We are holding this video conference instead of my "
            "visit.", "2020-03-23")
    assert e["type"] == "VideoCall"
    e = one("Lee Hsien Loong met Scott Morrison on Monday.\n\nThey agreed to hold a video conference next year.",
            "2020-03-23")
    assert e["type"] == "Meeting"


def test_a_call_of_unsaid_kind_is_the_video_call_the_text_tells_of():
    evs = events("Merkel holds farewell call with Chinese President Xi\n\nChancellor Angela Merkel spoke with Chinese "
                 "President Xi Jinping in a farewell video call on Wednesday.\n\nDuring the call, Xi reportedly called "
                 "Merkel a \"friend of the Chinese people.\"", "2021-10-13")
    assert [(e["type"], e["date"], e["initiator"]) for e in evs] == [("VideoCall", "2021-10-13", None)]
    # a phone call stays one
    evs = events("Merkel holds farewell phone call with Xi\n\nAngela Merkel spoke with Xi Jinping by phone on Wednesday, "
                 "a week after their video call.", "2021-10-13")
    assert [e["type"] for e in evs] == ["PhoneCall"]


def test_meeting_several_leaders_on_the_sidelines_is_one_meeting_each_and_a_phone_interview_is_no_call():
    evs = events("Trump Meets Abe, Modi and Merkel on G-20 Sidelines\n\nDonald Trump met Shinzo Abe, Narendra Modi and "
                 "Angela Merkel on the sidelines of the summit on Friday.", "2019-06-28")
    assert sorted(tuple(sorted(e["participants"])) for e in evs) == [
        ("Angela Merkel", "Donald Trump"), ("Donald Trump", "Narendra Modi"), ("Donald Trump", "Shinzo Abe")]
    e = one("Donald Trump met Shinzo Abe in Osaka on Friday.\n\nTrump said during a telephone interview with Fox "
            "Business News on Wednesday that Japan must pay more.", "2019-06-28")
    assert e["prior_meetings"] == []


def test_talks_of_unsaid_kind_in_a_story_of_the_sidelines_of_a_summit_are_meetings():
    evs = events("Abiy Ahmed conferred with African leaders on the sidelines of the African Union summit in Addis Ababa "
                 "today.\n\nAbiy held talks with leaders of Kenya and Djibouti on peace.\n\nAbiy also discussed "
                 "with Djiboutian President Ismail Omar Guelleh the status of joint projects.", "2020-02-10")
    assert {e["type"] for e in evs} == {"Meeting"}
    assert {tuple(sorted(e["participants"])) for e in evs} == {
        ("Abiy Ahmed", "Uhuru Kenyatta"), ("Abiy Ahmed", "Ismaïl Omar Guelleh")}
    # elsewhere a bare talk verb stays a call
    assert one("Abiy Ahmed discussed with Djiboutian President Ismail Omar Guelleh the status of joint projects on "
               "Monday.", "2020-02-10")["type"] == "PhoneCall"


def test_a_meeting_held_in_a_journey_still_to_come_is_planned():
    evs = events("Shinzo Abe held a telephone talk with Donald Trump on Saturday. Abe stated that he would visit "
                 "China from December 23 and hold a meeting with President Xi Jinping.", "2019-12-21")
    assert [(e["type"], sorted(e["participants"])) for e in evs] == [("PhoneCall", ["Donald Trump", "Shinzo Abe"])]
    assert [m["date"] for m in evs[0]["planned_meetings"]] == ["2019-12-23"]
    # told as done, the same words report the meeting
    evs = events("Shinzo Abe travelled to China on Monday and held a meeting with President Xi Jinping.", "2019-12-21")
    assert [(e["type"], e["date"]) for e in evs] == [("Meeting", "2019-12-16")]


def test_what_he_did_after_which_is_the_next_engagement_reported():
    evs = events("French President Emmanuel Macron held a telephone conversation with Vladimir Putin on Sunday, after "
                 "which he called his Ukrainian counterpart Volodymyr Zelenskyy.", "2022-02-21")
    assert sorted((e["date"], sorted(e["participants"])) for e in evs) == [
        ("2022-02-20", ["Emmanuel Macron", "Vladimir Putin"]), ("2022-02-20", ["Emmanuel Macron", "Volodymyr Zelenskyy"])]
    # what someone else did after it, or what had happened, is no second report
    evs = events("Macron met Putin on Sunday, after which Putin flew home.", "2022-02-21")
    assert len(evs) == 1


def test_an_undated_articles_engagement_told_in_passing_with_a_weekday_is_still_reported():
    # no date to resolve "on Monday" against: that is no sign of an earlier occasion
    evs = events("Emmanuel Macron urged Iran to revive the nuclear deal in a phone call with Ebrahim Raisi on Monday.", None)
    assert [(e["type"], e["date"]) for e in evs] == [("PhoneCall", None)]
    evs = events("Emmanuel Macron urged Iran to revive the nuclear deal in a phone call with Ebrahim Raisi on Monday.",
                 "2021-08-10")
    assert [(e["type"], e["date"]) for e in evs] == [("PhoneCall", "2021-08-09")]


def test_calls_received_from_several_presidents_are_one_call_each():
    evs = events("On Tuesday, Narendra Modi received congratulatory calls from the Presidents of South Korea, Zimbabwe "
                 "and Mozambique, a statement said.", "2019-06-05")
    assert sorted(sorted(e["participants"]) for e in evs) == [
        ["Emmerson Mnangagwa", "Narendra Modi"], ["Filipe Nyusi", "Narendra Modi"], ["Moon Jae-in", "Narendra Modi"]]
    assert {e["type"] for e in evs} == {"PhoneCall"} and {e["date"] for e in evs} == {"2019-06-04"}


def test_welcoming_a_leaders_commitment_is_no_meeting():
    evs = events("In their first phone talks on Wednesday, Fumio Kishida and Giorgia Meloni pledged cooperation. "
                 "Congratulating her on her inauguration, Kishida welcomed Meloni's commitment to Ukraine.", "2022-11-03")
    assert [e["type"] for e in evs] == ["PhoneCall"]
    assert [e["type"] for e in events("Joe Biden welcomed Fumio Kishida to the White House on Friday.", "2023-01-14")] \
        == ["Meeting"]
