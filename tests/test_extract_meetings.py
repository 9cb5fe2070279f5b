"""Prior and planned meetings (sentences written for the tests)."""

from tests.extract_helpers import doc, events, extract, one

CALL = "Xi Jinping spoke with Emmanuel Macron by phone on Monday.\n"


def test_prior_meeting_with_place_and_relative_date():
    e = one(CALL + "Xi recalled their meeting in Shanghai last month.")
    assert [(m["place"], m["date"]) for m in e["prior_meetings"]] == [("Shanghai", "2025-10")]


def test_planned_visit():
    e = one(CALL + "Macron said he looks forward to his state visit to China next year.")
    assert [(m["place"], m["date"]) for m in e["planned_meetings"]] == [("China", "2026")]


def test_plan_that_is_the_reported_engagement_is_not_listed():
    e = one("Xi Jinping met Emmanuel Macron in Beijing on Monday. The two leaders will hold talks again "
            "over dinner.")
    assert e["planned_meetings"] == []


def test_vague_plural_reference_is_not_a_prior_meeting():
    e = one(CALL + "Xi said the consensus of their various meetings should be implemented.")
    assert e["prior_meetings"] == []


def test_in_contact_until_gives_a_prior_call():
    e = one(CALL + "The two presidents had been in regular contact until March 2023.")
    assert [m["date"] for m in e["prior_meetings"]] == ["2023-03"]


def test_two_prior_meetings_in_one_sentence():
    e = one(CALL + "They met in Berlin in 2019 and then in Madrid (2021).")
    assert sorted((m["place"], m["date"]) for m in e["prior_meetings"]) == [("Berlin", "2019"), ("Madrid", "2021")]


def test_coordinated_prior_meetings_each_keep_their_own_date():
    """The clause's most precise date belongs to the second place, not the first."""
    e = one(CALL + "The two leaders previously met in Osaka in 2019, and again in Rome in October 2021.")
    assert sorted((m["place"], m["date"]) for m in e["prior_meetings"]) == [("Osaka", "2019"), ("Rome", "2021-10")]
    e = one(CALL + "Macron and Xi had met in Paris in 2019 and in Beijing in 2023.")
    assert sorted((m["place"], m["date"]) for m in e["prior_meetings"]) == [("Beijing", "2023"), ("Paris", "2019")]


def test_a_coordinated_verb_or_person_is_not_another_meeting():
    e = one(CALL + "They last met in Berlin in 2019 and discussed trade in Madrid.")
    assert [(m["place"], m["date"]) for m in e["prior_meetings"]] == [("Berlin", "2019")]
    e = one(CALL + "Xi last met Macron and Scholz in Berlin in 2019.")
    assert [m["place"] for m in e["prior_meetings"]] == ["Berlin"]


def test_plural_meetings_at_a_named_place_are_one_occasion():
    e = one(CALL + 'Xi said: "Our recent meetings in Shanghai produced important results."')
    assert [m["place"] for m in e["prior_meetings"]] == ["Shanghai"]


def test_repeated_visits_are_too_vague():
    e = one(CALL + "Macron has visited China on multiple occasions.")
    assert e["prior_meetings"] == []


def test_earlier_call_in_past_perfect_is_a_prior_of_the_same_pair():
    e = one("On Saturday, President Joe Biden returned Prime Minister Narendra Modi's phone call. "
            "Prime Minister Modi had called President Biden on Friday to congratulate him.", "2022-03-06")
    assert [m["date"] for m in e["prior_meetings"]] == ["2022-03-04"]


def test_planned_visit_after_an_abbreviated_title():
    e = one(CALL + "Teams should work to ensure a fruitful visit by Mr. Macron to China later this year.")
    assert [m["place"] for m in e["planned_meetings"]] == ["China"]



def test_country_pair_is_not_a_meeting_place():
    from tests.extract_helpers import doc, extract, one

    e = one("President Lula da Silva held a phone call with President Emmanuel Macron on Monday. "
            "Macron praised the results of the visit and ideas for Brazil-France ties.")
    assert [m["place"] for m in e["prior_meetings"]] in ([], [None])
    e = one("Prime Minister Narendra Modi spoke by phone with President Joe Biden on Monday. "
            "Biden recalled his visit to India and the India-US partnership.")
    assert [m["place"] for m in e["prior_meetings"]] == ["India"]


PHONE = "Xi Jinping spoke with Joe Biden by phone on Tuesday.\n"


def one_on(text, published="2024-04-02"):
    return one(text, published=published)


def test_first_since_a_place_names_the_earlier_meeting():
    e = one_on(PHONE + "It was their first meeting since Bali in 2022 and Johannesburg in 2023.")
    assert sorted((m["place"], m["date"]) for m in e["prior_meetings"]) == [("Bali", "2022"), ("Johannesburg", "2023")]
    e = one_on(PHONE + "It was the first meeting between the two leaders since the 2019 G20 summit in Osaka.")
    assert [(m["place"], m["date"]) for m in e["prior_meetings"]] == [("Osaka", "2019")]


def test_first_since_a_bare_month_dates_the_earlier_contact():
    x = extract(doc(PHONE + "It was the first video call between the two presidents since November.", "2024-04-02"))
    assert [(m.date.value, m.type) for m in x.engagements[0].prior_meetings] == [("2023-11", "VideoCall")]
    x = extract(doc(PHONE + "It was their first meeting since Bali.", "2024-04-02"))
    assert [(m.place, m.type) for m in x.engagements[0].prior_meetings] == [("Bali", "Meeting")]
    e = one_on(PHONE + "The call was their first conversation since November, when they met in Woodside.")
    assert [(m["place"], m["date"]) for m in e["prior_meetings"]] == [("Woodside", "2023-11")]


def test_the_first_visit_since_is_the_reported_one_not_an_earlierone():
    e = one_on(PHONE + "It was the first visit by a Chinese leader since 2015.")
    assert e["prior_meetings"] == []


def test_an_organisation_is_not_the_place_of_a_meeting():
    e = one_on(PHONE + "The two leaders last met in person at the G20 summit in Bali in November 2022.")
    assert [(m["place"], m["date"]) for m in e["prior_meetings"]] == [("Bali", "2022-11")]


def test_not_met_since_names_the_earlier_occasion():
    x = extract(doc(PHONE + "The two leaders had not spoken since their summit near San Francisco in November.",
                    "2024-04-02"))
    assert [(m.place, m.date.value, m.type) for m in x.engagements[0].prior_meetings] == [
        ("San Francisco", "2023-11", "Meeting")]
    e = one_on(PHONE + "The pair have not met since the 2019 G20 summit in Osaka.")
    assert [(m["place"], m["date"]) for m in e["prior_meetings"]] == [("Osaka", "2019")]


def test_a_negated_engagement_does_not_change_the_reportedone():
    """'haven't met', 'had not held talks': the call stays a call."""
    for s in ("The two leaders haven't met in person since Bali.", "They had not held talks since last July."):
        x = extract(doc(PHONE + s, "2024-04-02"))
        assert [e.type for e in x.engagements] == ["PhoneCall"], s


def test_talks_later_called_a_telephone_call_are_a_call():
    x = extract(doc("Xi and Trump held talks on Monday. Trump said the telephone call was very good.", "2025-11-25"))
    assert [e.type for e in x.engagements] == ["PhoneCall"]
    x = extract(doc("Xi and Putin held talks in Moscow on Tuesday. The phone call was friendly.", "2025-11-25"))
    assert [e.type for e in x.engagements] == ["Meeting"]  # talks somewhere are met in person


def test_a_meeting_where_the_two_leaders_did_something_is_theirs():
    e = one(PHONE + "Xi told Biden ties had improved after a meeting last month in South Korea where the two "
                    "leaders eased a trade war.", published="2024-04-02")
    assert [(m["place"], m["date"]) for m in e["prior_meetings"]] == [("South Korea", "2024-03")]


def test_an_invitation_for_a_visit_is_a_plan():
    e = one(PHONE + "Biden said he had invited Xi for a state visit in 2025.", published="2024-04-02")
    assert [m["date"] for m in e["planned_meetings"]] == ["2025"] and e["prior_meetings"] == []


def test_met_for_the_first_time_since_a_year_is_an_earlier_meeting():
    x = extract(doc(PHONE + "Xi and Biden met in March for the first time since 2019.", "2024-04-02"))
    assert ("2019", "Meeting") in [(m.date.value, m.type) for m in x.engagements[0].prior_meetings]


def test_prepositional_to_is_no_plan_and_future_visits_are_vague():
    x = extract(doc("Trump and Xi spoke by phone, with both leaders extending invitations for future visits. "
                    "Trump said, referring to his conversation with Xi, that it went well.", "2025-06-06"))
    e = x.engagements[0]
    assert e.type == "PhoneCall" and e.planned_meetings == []


def test_month_last_year_and_destination_before_the_visit():
    e = one_on(PHONE + "They last spoke in January, and met in Lima in November last year.")
    assert sorted((m["date"], m["place"] or "") for m in e["prior_meetings"]) == [("2023-11", "Lima"), ("2024-01", "")]
    e = one_on(PHONE + "Xi will travel to Washington for a state visit later next year.")
    assert [(m["place"], m["date"]) for m in e["planned_meetings"]] == [("Washington", "2025")]


def test_welcoming_someone_to_visit_is_no_reception():
    evs = events(PHONE + "Xi welcomed Biden to visit China.", "2024-04-02")
    assert [e["type"] for e in evs] == ["PhoneCall"]
    assert [m["place"] for m in evs[0]["planned_meetings"]] == ["China"]


def test_officials_meeting_is_not_a_leaders_planned_meeting():
    e = one("Donald Trump spoke with Xi Jinping by phone on Thursday, and the two leaders agreed that their "
            "teams would meet soon.", "2025-06-06")
    assert e["planned_meetings"] == []
    e = one("Donald Trump spoke with Xi Jinping by phone on Thursday. Trade ministers of both countries will "
            "meet in London next week.", "2025-06-06")
    assert e["planned_meetings"] == []
    # the leaders' own plan still counts
    e = one("Donald Trump spoke with Xi Jinping by phone on Thursday, and the two leaders agreed to meet in "
            "Beijing in April.", "2025-06-06")
    assert [(m["place"], m["date"]) for m in e["planned_meetings"]] == [("Beijing", "2026-04")]


def test_a_span_after_an_earlier_occasion_dates_it_back_from_the_report():
    e = one("Narendra Modi met Volodymyr Zelenskyy in New York on Monday, a month after his visit to Kyiv.",
             "2024-09-24")
    assert e["date"] == "2024-09-23"
    assert [(m["place"], m["date"]) for m in e["prior_meetings"]] == [("Kyiv", "2024-08")]
    e = one("Joe Biden met Xi Jinping in Lima on Saturday, a year after their summit in Woodside.", "2024-11-18")
    assert [(m["place"], m["date"]) for m in e["prior_meetings"]] == [("Woodside", "2023")]
    # a date of its own wins
    e = one("Joe Biden spoke with Xi Jinping on Tuesday, two weeks after their meeting in Bali on November 14.",
             "2022-11-30")
    assert [(m["place"], m["date"]) for m in e["prior_meetings"]] == [("Bali", "2022-11-14")]
    # no span: "after their meeting" tells of the reported meeting's course
    e = one("Joe Biden and Xi Jinping met in Bali on Monday. After their meeting, Biden said the talks were frank.",
             "2022-11-15")
    assert e["prior_meetings"] == []


def test_the_first_engagement_since_an_earlier_one_of_the_same_pair():
    e = one("Narendra Modi and Shehbaz Sharif held a video call on Friday, their first conversation since a "
            "virtual summit in November.", "2023-03-11")
    assert [(m["date"], sorted(m["participants"])) for m in e["prior_meetings"]] == [
        ("2022-11", ["Narendra Modi", "Shehbaz Sharif"])]
    e = one("Narendra Modi met Xi Jinping in Kazan on Wednesday. It was their first formal meeting since 2019, "
            "when they met in Mamallapuram.", "2024-10-24")
    assert [(m["place"], m["date"]) for m in e["prior_meetings"]] == [("Mahabalipuram", "2019")]


def test_since_a_clause_names_no_occasion():
    e = one("Narendra Modi told Vladimir Putin on Friday that the era is not one of war, in their first meeting "
            "since Russia invaded Ukraine.", "2022-09-17")
    assert e["prior_meetings"] == []
    e = one("Joe Biden spoke with Xi Jinping on Tuesday, their first call since Bali, where they agreed to talk "
            "more.", "2023-04-05")
    assert [m["place"] for m in e["prior_meetings"]] == ["Bali"]
    e = one("Joe Biden spoke with Narendra Modi on Tuesday, their first call since the G20 summit hosted by India.",
            "2023-10-10")
    assert [m["place"] for m in e["prior_meetings"]] == ["India"]


def test_a_plan_for_later_is_not_the_reported_engagement():
    e = one("Xi Jinping and Vladimir Putin held talks in Moscow on Monday. Putin accepted an invitation to visit "
            "China later this year.", "2023-03-21")
    assert [(m["place"], m["date"]) for m in e["planned_meetings"]] == [("China", "2023")]
    e = one("Xi Jinping held talks with Emmanuel Macron by phone on Monday. The two leaders agreed to meet in "
            "Beijing next month.", "2023-03-21")
    assert [(m["place"], m["date"]) for m in e["planned_meetings"]] == [("Beijing", "2023-04")]


def test_since_an_event_of_a_country_names_no_occasion():
    e = one("A phone call between Xi Jinping and Volodymyr Zelenskyy took place on Wednesday, the first since "
            "Russia's invasion.", "2023-04-27")
    assert e["prior_meetings"] == []


def test_a_meeting_last_week_is_an_earlier_occasion_of_todays_call():
    x = extract(doc("PARIS, Aug 30 - French President Emmanuel Macron held a telephone conversation with Ukrainian "
                    "President Volodymyr Zelenskyy on Thursday. Vladimir Putin and Macron met in southern France "
                    "last week.", "2019-08-30"))
    assert [(e.type, e.date.value) for e in x.engagements] == [("PhoneCall", "2019-08-29")]
    assert [(m.place, m.date.value if m.date else None) for m in x.engagements[0].prior_meetings] == [
        ("France", "2019-08")]
    # a lede that reports a meeting last week is still the report
    x = extract(doc("Vladimir Putin and Emmanuel Macron met in southern France last week, the Kremlin said on "
                    "Friday.", "2019-08-30"))
    assert [e.type for e in x.engagements] == ["Meeting"]


def test_a_visit_to_a_country_followed_by_a_time_word_has_that_place():
    for when in ("early next year", "soon", "again next year"):
        e = one(CALL + f"Macron will make a state visit to the United States {when}.")
        assert [m["place"] for m in e["planned_meetings"]] == ["United States"], when
    # an adjective still names no place: "a visit to discuss U.S. tariffs"
    e = one(CALL + "Macron will make a visit to discuss Chinese investment next year.")
    assert [m["place"] for m in e["planned_meetings"]] in ([None], [])


def test_a_plan_tied_to_a_trip_takes_the_trips_date():
    e = one(CALL + "The two leaders are expected to hold talks when Macron travels to Beijing next month.")
    assert [(m["place"], m["date"]) for m in e["planned_meetings"]] == [("Beijing", "2025-12")]


def test_thanks_for_a_message_is_for_an_earlier_one():
    evs = events("Vladimir Putin held a video call with Xi Jinping on Friday. Xi thanked Putin for sending a "
                 "message of congratulations after the party congress.", "2022-12-30")
    assert [(e["type"], e["date"]) for e in evs] == [("VideoCall", "2022-12-30")]
    assert [m["participants"] for m in evs[0]["prior_meetings"]] == [["Xi Jinping", "Vladimir Putin"]] or \
        [sorted(m["participants"]) for m in evs[0]["prior_meetings"]] == [["Vladimir Putin", "Xi Jinping"]]


def test_agreed_to_do_something_and_meet_is_a_plan():
    e = one(CALL + "During the call, the leaders agreed to continue their regular shuttle diplomacy and meet at "
            "the earliest opportunity.")
    assert e["type"] == "PhoneCall" and len(e["planned_meetings"]) == 1


def test_a_country_possessing_a_leader_is_not_a_place():
    e = one(CALL + "The two leaders agreed to hold a summit with Japan's Shigeru Ishiba next month.")
    assert all(m["place"] != "Japan" for m in e["planned_meetings"])


def test_a_list_of_occasions_on_the_sidelines_of_summits():
    e = one(CALL + "Xi and Macron have met on the sidelines of the G20 summit in Osaka in June 2019, on the "
            "sidelines of the G7 summit in Biarritz in August 2019 and on the margins of a summit in Bangkok in "
            "November 2019.")
    assert sorted((m["place"], m["date"]) for m in e["prior_meetings"]) == [
        ("Bangkok", "2019-11"), ("Biarritz", "2019-08"), ("Osaka", "2019-06")]


def test_a_plan_to_meet_in_another_city_is_not_the_meeting_reported():
    e = one("Gentiloni in Jeddah\n\nItalian Prime Minister Paolo Gentiloni met with Crown Prince Muhammad bin Nayef of "
            "Saudi Arabia in Jeddah on Sunday. Crown Prince Muhammad bin Nayef expressed the hope to meet Gentiloni "
            "in Riyadh in the coming weeks.", "2016-12-22")
    assert [m["place"] for m in e["planned_meetings"]] == ["Riyadh"]


def test_seeing_one_another_and_a_scheduled_visit_are_plans():
    e = one("Sunak, Scholz talk\n\nRishi Sunak spoke with Olaf Scholz by phone on Wednesday. The leaders looked forward "
            "to seeing one another in person at the G20 Summit in India next month.", "2023-08-02")
    assert [(m["place"], m["date"]) for m in e["planned_meetings"]] == [("India", "2023-09")]
    e = one("Medvedev meets Hu\n\nDmitry Medvedev met Hu Jintao in Tashkent on Thursday. The scheduled visit to China "
            "of the President of Russia was also discussed.", "2010-06-11")
    assert [(m["place"], sorted(m["participants"])) for m in e["planned_meetings"]] == [
        ("China", ["Dmitry Medvedev", "Hu Jintao"])]


def test_last_spoke_and_could_meet_are_two_occasions_each_with_its_own_date_and_place():
    e = one("Joe Biden and Xi Jinping spoke by phone on Thursday.\n\nThey last spoke on March 18 and could see each other "
            "in person in November at the Group of 20 Summit, the G-20, in Indonesia.", "2022-07-28")
    assert [(m["place"], m["date"]) for m in e["prior_meetings"]] == [(None, "2022-03-18")]
    assert [(m["place"], m["date"]) for m in e["planned_meetings"]] == [("Indonesia", "2022-11")]


def test_a_country_after_with_or_on_is_a_topic_not_the_place():
    e = one("Biden and Xi agree to meet\n\nJoe Biden and Xi Jinping spoke by phone on Thursday about tension with "
            "Taiwan and agreed to meet to discuss tensions over Taiwan.", "2022-07-28")
    assert [m["place"] for m in e["planned_meetings"]] == [None]
    e = one("Joe Biden and Xi Jinping spoke by phone on Thursday and agreed to meet in Indonesia.", "2022-07-28")
    assert [m["place"] for m in e["planned_meetings"]] == ["Indonesia"]


def test_the_two_men_also_spoke_in_an_earlier_month_is_a_prior_call():
    e = one("Justin Trudeau and Donald Trump spoke by phone Saturday.\n\nThe two men also spoke in November after "
            "Trump's election victory.", "2017-01-21")
    assert [m["date"] for m in e["prior_meetings"]] == ["2016-11"]
    e = one("Justin Trudeau and Donald Trump spoke by phone Saturday.\n\nThey spoke to reporters afterwards. The two "
            "men spoke about trade.", "2017-01-21")
    assert e["prior_meetings"] == [] and e["planned_meetings"] == []


def test_agreed_to_hold_further_discussions_is_a_plan_and_who_said_it_takes_no_part():
    e = one("Moon Jae-in and Donald Trump held a phone conversation on Tuesday.\n\nMoon and Trump also agreed to hold "
            "further discussions on the sidelines of the UN General Assembly in New York, should Moon attend the "
            "event, Kim said.", "2018-09-04")
    assert [(m["place"], sorted(m["participants"])) for m in e["planned_meetings"]] == [
        ("New York", ["Donald Trump", "Moon Jae-in"])]


def test_one_leaders_own_press_conference_is_no_meeting():
    e = one("Joko Widodo called Anwar Ibrahim on the phone on Thursday to congratulate him, just before the latter "
            "held his first press conference as prime minister.", "2022-11-24")
    assert e["type"] == "PhoneCall" and e["prior_meetings"] == [] and e["planned_meetings"] == []
    e = one("Joko Widodo held a press conference with Anwar Ibrahim in Jakarta on Thursday.", "2022-11-24")
    assert e["type"] == "Meeting"


def test_a_stopover_before_and_met_is_where_they_met():
    e = one("Narendra Modi held talks with Angela Merkel in New Delhi on Friday.\n\nIn April last year, Modi made a brief "
            "stopover in Berlin and met Merkel after his visit to Sweden and Britain.", "2019-11-01")
    assert [(m["place"], m["date"]) for m in e["prior_meetings"]] == [("Berlin", "2018-04")]


def test_the_two_leaders_talks_in_a_city_are_an_earlier_occasion():
    for text, date in (("Xi recalled the two leaders' talks in Moscow in March.", "2023-03"),
                       ("Xi said the consensus reached at their talks in Moscow must be implemented.", None)):
        e = one("Xi Jinping held a phone call with Vladimir Putin on Wednesday.\n\n" + text, "2023-12-20")
        assert e["type"] == "PhoneCall", text
        assert [(m["place"], m["date"]) for m in e["prior_meetings"]] == [("Moscow", date)], text
    # the talks the article reports, referred to again: no earlier occasion, no second event
    evs = events("Xi Jinping held talks with Vladimir Putin in Beijing on Wednesday.\n\nDuring their talks in Beijing, "
                 "the leaders discussed trade.", "2023-12-20")
    assert len(evs) == 1 and evs[0]["prior_meetings"] == []


def test_a_named_gathering_still_to_come_is_the_pairs_plan():
    evs = events("Rishi Sunak held a call with Giorgia Meloni this morning. Both leaders said they look forward to "
                 "discussing migration at the upcoming G7 Leaders' Summit in Italy in June.", "2024-04-25")
    assert len(evs) == 1 and [m["date"] for m in evs[0]["planned_meetings"]] == ["2024-06"]
    # a named gathering told as done is no engagement of its own, nor a plan
    evs = events("Xi Jinping met Vladimir Putin at the BRICS Summit in Kazan on Wednesday.", "2024-10-24")
    assert len(evs) == 1 and evs[0]["planned_meetings"] == [] and evs[0]["date"] == "2024-10-23"


def test_looking_forward_to_welcoming_a_leader_is_a_planned_meeting():
    evs = events("Justin Trudeau spoke with Donald Trump today. The Prime Minister noted that he looks forward to "
                 "welcoming President Trump and the other G7 Leaders in Charlevoix on June 8-9, 2018.", "2018-05-14")
    assert len(evs) == 1 and evs[0]["type"] == "PhoneCall"
    assert [m["date"] for m in evs[0]["planned_meetings"]] == ["2018-06-08"]


def test_previously_marks_an_earlier_meeting():
    # undated, so that only the word tells it
    evs = events("Vladimir Putin and Xi Jinping held talks via video link on Friday.\n\nPreviously Putin and Xi met "
                 "face to face in Samarkand.", None)
    assert [e["type"] for e in evs] == ["VideoCall"]
    assert [m["place"] for m in evs[0]["prior_meetings"]] == ["Samarkand"]


def test_a_present_perfect_over_several_engagements_is_background():
    evs = events("Cyril Ramaphosa spoke with Volodymyr Zelensky by phone on Wednesday. Ramaphosa, who has earlier "
                 "written on social media that he has had telephonic conversations with Russia's President Vladimir "
                 "Putin, China's Xi Jinping and US President Joe Biden, on Thursday confirmed the call.", "2022-04-21")
    assert [sorted(e["participants"]) for e in evs] == [["Cyril Ramaphosa", "Volodymyr Zelenskyy"]]


def test_undated_a_summit_held_last_month_is_still_earlier():
    text = ("Shinzo Abe and Justin Trudeau agreed in a telephone conversation Tuesday to press the United States on "
            "climate change. At this year's G-7 summit held in Italy last month, Abe and Trudeau were among the "
            "leaders affirming their commitment.")
    evs = events(text, None)
    assert [e["type"] for e in evs] == ["PhoneCall"]
    assert [m["place"] for m in evs[0]["prior_meetings"]] == ["Italy"]


def test_a_file_photos_caption_is_no_meeting_recalled():
    evs = events(" date 2023-06-08 Follow us on Image Source : AP/FILE Narendra Modi shakes hands with Mohammed bin "
                 "Salman before the start of their meeting in New Delhi.\n\nNarendra Modi on Thursday spoke with "
                 "Mohammed bin Salman by phone.", "2023-06-08")
    assert [(e["type"], e["prior_meetings"]) for e in evs] == [("PhoneCall", [])]
