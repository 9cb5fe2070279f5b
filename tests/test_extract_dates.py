"""Dates anchored on the article's date, and the article's own date (sentences written for the tests)."""

from kg.nlp.dates import find_anchor, find_dates
from kg.nlp.sentences import split_sentences
from tests.extract_helpers import events, one


def values(text, anchor="2025-11-24", future=False):
    return [d.value for d in find_dates(text, anchor, future=future)]


def test_weekday_is_most_recent_on_or_before_anchor():
    assert values("The two presidents spoke on Monday.") == ["2025-11-24"]  # the anchor is a Monday
    assert values("They met on Friday.") == ["2025-11-21"]


def test_relative_units_keep_their_precision():
    assert values("They met last month.") == ["2025-10"]
    assert values("They met earlier this month.") == ["2025-11"]
    assert values("A visit later this year.") == ["2025"]
    assert values("They spoke last year.") == ["2024"]
    assert values("He will visit next year.") == ["2026"]
    assert values("They spoke yesterday.") == ["2025-11-23"]
    assert values("The leaders talked today.") == ["2025-11-24"]
    assert values("He visited three days ago.") == ["2025-11-21"]


def test_month_without_year_past_and_future():
    assert values("They met in May.") == ["2025-05"]
    assert values("They will meet in May.", future=True) == ["2026-05"]
    assert values("at their summit last June", anchor="2019-06-30") == ["2018-06"]


def test_explicit_dates_in_common_formats():
    assert values("on November 14, 2022") == ["2022-11-14"]
    assert values("on 3 March 2021") == ["2021-03-03"]
    assert values("24/04/2017") == ["2017-04-24"]
    assert values("2022-03-09 19:47") == ["2022-03-09"]
    assert values("in October 2019") == ["2019-10"]
    assert values("on July 1") == ["2025-07-01"]
    assert values("Nov. 14") == ["2025-11-14"]


def test_place_names_are_not_months():
    assert values("his meeting at Mar-a-Lago") == []
    assert values("He may visit soon.") == []


def test_anchor_from_date_lines_and_datelines():
    assert find_anchor("Headline\n24/04/2017\n\nBody text.")[0].value == "2017-04-24"
    assert find_anchor("Story\n2022-03-09 19:47\nBody.")[0].value == "2022-03-09"
    assert find_anchor("PARIS, Nov 24 (AFP): Text.", "2025-11-24")[0].value == "2025-11-24"
    assert find_anchor("08:15 CET, May 3, 2024\nText")[0].value == "2024-05-03"
    # a dateline with no year takes it from the other dates of the text
    tv, _ = find_anchor("OSLO, June 18. /NTB/. They last met in September 2023 in Bergen.")
    assert tv.value == "2024-06-18"


def test_sentences_keep_offsets_and_abbreviations():
    text = "U.S. President Joe Biden met Mr. Xi on Monday. They talked.\nHeadline line"
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["U.S. President Joe Biden met Mr. Xi on Monday.", "They talked.", "Headline line"]
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_day_of_month_only_and_dotted_year_first_dates():
    assert values("The leaders met on the 10th.", "2023-09-12") == ["2023-09-10"]
    assert values("The leaders met on the 28th, officials said.", "2023-09-12") == ["2023-08-28"]
    assert values("They will meet on the 20th.", "2023-09-12", future=True) == ["2023-09-20"]
    assert values("the 4th of April") == ["2025-04-04"]  # not a day-of-month-only date
    assert values("Published 2023.09.10 18:04") == ["2023-09-10"]
    anchor, _ = find_anchor("Leaders meet\nPublished 2023.09.10 18:04\nThe two leaders met on Sunday.\n")
    assert anchor.value == "2023-09-10"


def test_last_weekday_dates_the_reported_call():
    """'held a phone call last Friday' reports the call (a date within the week), it is no back-reference."""
    from tests.extract_helpers import events

    evs = events("Biden and Xi held a phone call last Friday.", "2025-11-26")
    assert [(e["type"], e["date"]) for e in evs] == [("PhoneCall", "2025-11-21")]


def test_a_month_of_last_or_next_year_is_one_date():
    from kg.nlp.dates import find_dates

    got = [(d.expression, d.value) for d in find_dates("met in November last year and will meet in March next year",
                                                        "2025-11-26", anchor_year=2025)]
    assert got == [("in November last year", "2024-11"), ("in March next year", "2026-03")]


def test_last_night_and_earlier_this_week_date_the_reported_call():
    from tests.extract_helpers import events

    evs = events("Xi Jinping and Emmanuel Macron spoke by phone last night.", "2025-11-26")
    assert [(e["type"], e["date"]) for e in evs] == [("PhoneCall", "2025-11-25")]
    evs = events("Xi Jinping and Emmanuel Macron spoke by phone earlier this week.", "2025-11-26")
    assert [(e["type"], e["date"]) for e in evs] == [("PhoneCall", "2025-11")]


def test_the_weekend_is_the_month_of_its_saturday_and_sunday():
    # 2025-11-24 is a Monday: the weekend before it is November 22-23
    assert values("They held talks over the weekend.") == ["2025-11"]
    assert values("The two spoke last weekend.") == ["2025-11"]
    assert values("They spoke this past weekend.", anchor="2025-12-01") == ["2025-11"]
    # a weekend across two months says only the year; a coming one when the verb is future
    assert values("They met over the weekend.", anchor="2025-06-02") == ["2025"]  # May 31 - June 1
    assert values("They will meet this weekend.", future=True) == ["2025-11"]  # Nov 29-30
    assert values("They will meet at the weekend.", anchor="2025-12-25", future=True) == ["2025-12"]


def test_a_us_state_in_a_dateline_ends_no_sentence():
    texts = [s.text for s in split_sentences("WOODSIDE, Calif. (AP) - Joe Biden met Xi Jinping. They spoke for hours.")]
    assert texts == ["WOODSIDE, Calif. (AP) - Joe Biden met Xi Jinping.", "They spoke for hours."]
    # elsewhere the abbreviation may end a sentence
    assert len(split_sentences("They met in Seattle, Wash. The next day they flew home.")) == 2


def test_an_abbreviated_month_with_a_day_range_is_its_first_day():
    assert values("They met from Sept. 18-20.", anchor="2018-09-20") == ["2018-09-18"]
    assert values("They will meet from Oct. 3 to 5.", anchor="2018-09-20", future=True)[0] == "2018-10-03"


def test_days_and_weekdays_relative_to_a_named_week():
    assert values("They spoke the day before yesterday.") == ["2025-11-22"]
    assert values("They will meet the day after tomorrow.", future=True) == ["2025-11-26"]
    # the anchor is a Friday: "Tuesday last week" is not this week's Tuesday
    assert values("They spoke on Tuesday last week.", anchor="2025-11-28") == ["2025-11-18"]
    assert values("They will meet on Monday next week.", anchor="2025-11-26", future=True) == ["2025-12-01"]
    assert values("They spoke earlier in the week.", anchor="2025-11-27") == ["2025-11"]


def test_an_undated_report_takes_the_statement_day_after_it():
    e = one("Vladimir Putin spoke with Recep Tayyip Erdogan on the sidelines of the summit in Astana, "
            "a Kremlin spokesman said Thursday.", "2024-07-05")
    assert e["date"] == "2024-07-04"
    # a date of its own wins
    e = one("Vladimir Putin met Recep Tayyip Erdogan last Monday, a Kremlin spokesman said Thursday.", "2024-07-05")
    assert e["date"] == "2024-07-01"


def test_a_leading_date_stamp_is_the_articles_date_not_the_engagements():
    e = one("date 2025-05-14 Chinese President Xi Jinping held talks with Brazilian President Luiz Inacio Lula da "
            "Silva in Beijing on Tuesday.", None)
    assert e["date"] == "2025-05-13"


def test_made_the_remarks_in_a_call_is_the_day_the_remarks_were_made():
    e = one("Xi and To Lam talk\n\nChina and Vietnam should work together, President Xi Jinping said on Monday.\n\n"
            "Xi made the remarks in a phone conversation with To Lam.", "2026-01-27")
    assert e["type"] == "PhoneCall" and e["date"] == "2026-01-26"


def test_the_day_a_visit_was_announced_is_not_its_day():
    e = one("Prabowo meets Xi\n\nPrabowo Subianto met with Xi Jinping in a rare visit to China.\n\nPrabowo's visit "
            "to China was first announced on Friday (Mar. 29), a spokesperson said.\n\nIn the meeting on Apr. 1, "
            "Xi said that China is ready to cooperate.", "2024-04-02")
    assert e["date"] == "2024-04-01"


def test_a_date_naming_another_event_is_not_the_engagements():
    e = one("Biden, Netanyahu talk\n\nJoe Biden spoke with Benjamin Netanyahu by phone Sunday about hostages taken "
            "during their October 7 attack on Israel, the White House said.", "2024-04-29")
    assert e["date"] == "2024-04-28"
    # a date naming the meeting itself still dates it
    e = one("Biden, Netanyahu meet\n\nThe leaders held their October 7 meeting in Washington, the White House said.",
            "2024-10-09")
    assert e["date"] == "2024-10-07"


def test_the_letter_was_dated_gives_the_letters_date():
    e = one("Trump's letter to Erdogan\n\nIn a letter to Turkish President Recep Tayyip Erdogan, President Donald Trump "
            "told Erdogan not to be a tough guy.\n\nThe letter was dated October 9.\n\nSchumer said Trump handed out "
            "copies of the letter during a meeting with lawmakers on Wednesday.", "2019-10-16")
    assert e["type"] == "Letter" and e["date"] == "2019-10-09"


def test_an_undated_letter_the_news_reports_is_of_the_articles_day():
    e = one("Putin sends telegram to Kim\n\nRussian President Vladimir Putin has sent a telegram to North Korean leader "
            "Kim Jong Un on the occasion of Liberation Day.", "2022-08-15")
    assert e["type"] == "Letter" and e["date"] == "2022-08-15"
    # a letter "recently" sent is of the month
    e = one("Trump and Kim\n\nDonald Trump recently wrote a letter to Kim Jong Un.", "2019-06-23")
    assert e["date"] == "2019-06"


def test_an_undated_engagement_is_of_the_day_the_lede_gives_its_leaders():
    evs = events("Hollande and Cameron laugh off differences\n\nAFP · 11 Jul 2012, 09:11\n\nFrench President Francois "
                 "Hollande and British Prime Minister David Cameron tried Tuesday to laugh off differences.\n\n"
                 "Hollande also met Queen Elizabeth II at Windsor Castle on his visit.", "2012-07-11")
    assert [(e["date"], sorted(e["participants"])) for e in evs] == [
        ("2012-07-10", ["Elizabeth II", "François Hollande"])]
    # a day the lede gives something else does not
    e = one("Emmanuel Macron held a phone conversation with Olaf Scholz that covered the energy deal signed "
            "on Monday.", "2023-03-08")
    assert e["date"] == "2023-03-08"


def test_a_slash_date_before_a_12_hour_clock_is_month_first():
    from kg.nlp.dates import find_dates

    assert [d.value for d in find_dates("Posted 1/7/2020, 10:05:30 PM", None)] == ["2020-01-07"]
    assert [d.value for d in find_dates("Posted 1/7/2020", None)] == ["2020-07-01"]  # day first otherwise
    assert [d.value for d in find_dates("Posted 1.7.2020, 10:05 PM", None)] == ["2020-07-01"]  # dots: European
    assert [d.value for d in find_dates("on 13/7/2020 at 9:00 am", None)] == ["2020-07-13"]  # only one reading


def test_a_year_used_as_the_adjective_of_a_thing_is_no_date():
    from kg.nlp.dates import find_dates

    assert find_dates("urged Iran to revive its 2015 nuclear deal", None) == []
    assert find_dates("Iran's 2015 agreement with world powers", None) == []
    # of an occasion it dates it
    assert [d.value for d in find_dates("since their 2018 summit in Singapore", None)] == ["2018"]
    # undated, the call is not dated by the deal's year
    e = one("Emmanuel Macron urged Iran to revive its 2015 nuclear deal, the Elysee said Monday in a statement issued "
            "shortly after a phone call between Macron and his Iranian counterpart Ebrahim Raisi.", None)
    assert e["date"] is None


def test_a_month_and_an_ordinal_day_are_one_date():
    assert [d.value for d in find_dates("On the evening of June 9th, Xi spoke with Ramaphosa.", "2023-06-10")] == \
        ["2023-06-09"]


def test_sentences_run_together_by_a_scraper_are_split_but_names_and_domains_kept():
    texts = lambda t: [s.text for s in split_sentences(t)]  # noqa: E731
    assert texts("He took office last week.Presidential spokesperson Kang said so.") == \
        ["He took office last week.", "Presidential spokesperson Kang said so."]
    assert texts("Visit Censor.NET for more.") == ["Visit Censor.NET for more."]
    assert texts("The U.S.Army said it.") == ["The U.S.Army said it."]
    e = one("Lee Jae-myung spoke over the phone with Anthony Albanese on Thursday.The two leaders agreed to cooperate "
            "on clean energy.", "2025-06-13")
    assert e["issue_speakers"] == {"ClimateChange": ["Lee Jae-myung", "Anthony Albanese"]}


def test_the_day_something_else_happened_since_which_is_not_the_calls():
    e = one("Lee Jae-myung spoke over the phone with Anthony Albanese for the first time since taking office last week.",
            "2025-06-13")
    assert e["date"] == "2025-06-13"
    # a day of its own after that still dates it
    e = one("Xi Jinping and Vladimir Putin held their first call on Friday since the summit in September.", "2022-12-31")
    assert e["date"] == "2022-12-30"
