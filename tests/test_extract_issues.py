"""Issues (keywords from the SKOS labels) and who raised them (sentences written for the tests)."""

from tests.extract_helpers import one

CALL = "Xi Jinping spoke with Emmanuel Macron by phone on Monday.\n"


def speakers(e):
    return {k: set(v) for k, v in e["issue_speakers"].items()}


def test_named_speaker_and_pronoun_continuation():
    e = one(CALL + "Xi stressed that the Taiwan question concerns China's core interests.\n"
            "He added that tariffs hurt both sides.")
    assert speakers(e) == {"Taiwan": {"Xi Jinping"}, "TradeAndEconomy": {"Xi Jinping"}}


def test_both_leaders_discussed():
    e = one(CALL + "The two leaders discussed the Ukraine crisis and climate change.")
    assert speakers(e) == {"Ukraine": {"Xi Jinping", "Emmanuel Macron"},
                           "ClimateChange": {"Xi Jinping", "Emmanuel Macron"}}


def test_the_prime_ministers_or_premiers_are_both_participants():
    for group in ("The Prime Ministers", "The premiers", "Both heads of government"):
        e = one("Rishi Sunak spoke with Fumio Kishida by phone on Monday. "
                f"{group} agreed to deepen cooperation on climate change.")
        assert speakers(e) == {"ClimateChange": {"Rishi Sunak", "Fumio Kishida"}}, group


def test_for_his_part():
    e = one(CALL + "For his part, Macron raised the situation in Gaza.")
    assert speakers(e) == {"MiddleEast": {"Emmanuel Macron"}}


def test_background_and_other_speakers_give_no_issue():
    e = one(CALL + "Trade between the two countries has grown since 2020.\n"
            "A ministry spokesperson said Taiwan was not discussed.")
    assert e["issues"] == []


def test_words_in_titles_and_comparisons_are_not_topics():
    e = one("Emmanuel Macron met Ukrainian President Volodymyr Zelenskyy in Paris on Monday.\n"
            "Macron said Europe faces its worst crisis since World War II.")
    assert "HistoryWWII" not in e["issues"]


def test_side_means_that_country_participant():
    e = one(CALL + "The Chinese side stressed its position on the South China Sea.")
    assert speakers(e) == {"SouthChinaSea": {"Xi Jinping"}}


def test_discussing_in_the_report_sentence_makes_both_speakers():
    e = one("Fumio Kishida held talks with Joe Biden on Monday ahead of a summit, the two leaders discussing "
            "semiconductor export controls.", "2023-05-15")
    assert speakers(e) == {"Technology": {"Fumio Kishida", "Joe Biden"}}


def test_passive_discussion_makes_every_participant_a_speaker():
    e = one(CALL + "The latest developments in Syria were discussed.")
    assert speakers(e).get("MiddleEast") == {"Xi Jinping", "Emmanuel Macron"}


def test_said_that_the_leaders_discussed_makes_both_speakers():
    for s in ("Mr Biden said that the leaders spoke about purchases of soybeans.",
              "Biden said the call went well and that the two leaders discussed soybean purchases."):
        e = one("Biden and Xi spoke by phone on Monday. " + s)
        assert sorted(e["issue_speakers"].get("TradeAndEconomy", [])) == ["Joe Biden", "Xi Jinping"], s


def test_an_honorific_before_the_subject_keeps_the_speaker():
    e = one("Biden and Xi spoke by phone on Monday. Mr Xi raised Taiwan.")
    assert e["issue_speakers"]["Taiwan"] == ["Xi Jinping"]


def test_pyongyangs_missile_launches_are_the_korean_peninsula():
    e = one("Biden and Xi spoke by phone on Monday. They discussed Pyongyang's missile launches.")
    assert e["issues"] == ["KoreanPeninsula"]


def test_speaking_with_someone_about_a_topic_makes_both_speakers():
    for text in ("Joe Biden spoke with Fumio Kishida by phone on Friday about North Korea's missile launches.",
                 "Joe Biden talked with Fumio Kishida on Friday about trade and North Korea."):
        e = one(text, "2025-11-22")
        assert set(speakers(e)["KoreanPeninsula"]) == {"Joe Biden", "Fumio Kishida"}, text
    # what one of them said about it afterwards is still his alone
    e = one("Joe Biden spoke with Fumio Kishida by phone on Friday. Biden later said North Korea must stop "
            "its missile launches.", "2025-11-22")
    assert speakers(e)["KoreanPeninsula"] == {"Joe Biden"}


def test_a_wire_dateline_does_not_hide_the_two_subjects():
    for lead in ("PARIS (Reuters) - ", "WOODSIDE, Calif. (AP) - ", "BEIJING, Nov. 24 (Xinhua) -- "):
        e = one(lead + "Xi Jinping and Emmanuel Macron met in Paris on Friday and agreed to expand trade.", "2025-11-24")
        assert speakers(e)["TradeAndEconomy"] == {"Xi Jinping", "Emmanuel Macron"}, lead


def test_and_the_two_agreed_after_one_leaders_clause_is_both_of_theirs():
    e = one("Yoon Suk Yeol held phone talks with Fumio Kishida on Tuesday, his office said, and the two agreed "
            "to strengthen cooperation against North Korea's nuclear threats.", "2024-05-21")
    assert speakers(e)["KoreanPeninsula"] == {"Yoon Suk Yeol", "Fumio Kishida"}
    # before that clause, the subject's own words stay his
    e = one("Yoon Suk Yeol held phone talks with Fumio Kishida on Tuesday and raised North Korea's missile "
            "launches, and the two agreed to meet again.", "2024-05-21")
    assert speakers(e)["KoreanPeninsula"] == {"Yoon Suk Yeol"}


def test_an_occasion_named_in_a_time_phrase_before_the_subject_is_no_topic():
    e = one("Joe Biden spoke with Narendra Modi by video on Monday. Ahead of the trade talks in Delhi, Modi "
            "thanked Biden for his support.", "2022-04-12")
    assert "TradeAndEconomy" not in e["issues"]
    # a topic lead is the speaker's topic
    e = one("Joe Biden spoke with Narendra Modi by video on Monday. On trade, Modi said both sides should do more.",
            "2022-04-12")
    assert speakers(e)["TradeAndEconomy"] == {"Narendra Modi"}


def test_a_speaker_moving_on_to_discuss_is_still_the_only_speaker():
    e = one('Joe Biden spoke with Narendra Modi by video on Monday. "We are natural partners," Modi said, '
            "moving on to discuss the situation in Ukraine.", "2022-04-12")
    assert speakers(e)["Ukraine"] == {"Narendra Modi"}


def test_one_student_is_no_people_to_people_exchange():
    e = one("Joe Biden spoke with Narendra Modi by video on Monday. Modi said one student had died in the region.",
            "2022-04-12")
    assert "PeopleToPeople" not in e["issues"]
    e = one("Joe Biden spoke with Narendra Modi by video on Monday. Modi called for more student exchanges.",
            "2022-04-12")
    assert "PeopleToPeople" in e["issues"]


def test_a_pair_subject_with_each_office_country_both_speak():
    e = one("President Lula of Brazil and President Gustavo Petro of Colombia spoke today about the pandemic.",
            "2023-07-04")
    assert speakers(e) == {"PublicHealth": {"Luiz Inácio Lula da Silva", "Gustavo Petro"}}


def test_had_an_exchange_on_makes_every_participant_a_speaker():
    e = one(CALL + "The two leaders had a candid and in-depth exchange on Taiwan and trade.")
    assert speakers(e) == {"Taiwan": {"Xi Jinping", "Emmanuel Macron"},
                           "TradeAndEconomy": {"Xi Jinping", "Emmanuel Macron"}}
    e = one(CALL + "They held extensive discussions about climate change.")
    assert speakers(e) == {"ClimateChange": {"Xi Jinping", "Emmanuel Macron"}}


def test_commitments_and_criticism_name_their_speaker():
    e = one(CALL + "Macron committed to a ceasefire in Ukraine.")
    assert speakers(e) == {"Ukraine": {"Emmanuel Macron"}}
    e = one(CALL + "Xi said trade was growing. Macron criticized the sanctions.")
    assert speakers(e) == {"TradeAndEconomy": {"Xi Jinping"}, "Sanctions": {"Emmanuel Macron"}}


def test_a_participle_after_the_report_names_the_speakers():
    e = one("Xi Jinping and Emmanuel Macron met in Paris on Monday, agreeing to begin talks on arms control.")
    assert speakers(e) == {"Military": {"Xi Jinping", "Emmanuel Macron"}}
    e = one("Xi Jinping spoke with Emmanuel Macron on Monday, warning against any interference over Taiwan.")
    assert speakers(e) == {"Taiwan": {"Xi Jinping"}}


def test_the_country_of_a_wire_dateline_is_no_topic():
    e = one("TAIPEI, Taiwan (AP) - President Lai Ching-te met Paraguayan President Santiago Pena on Monday, "
            "pledging more trade.", "2024-05-21")
    assert speakers(e) == {"TradeAndEconomy": {"Lai Ching-te"}}
    # named in the story itself, it still is
    e = one("TAIPEI, Taiwan (AP) - President Lai Ching-te met Paraguayan President Santiago Pena on Monday, "
            "pledging support for Taiwan's place in world bodies.", "2024-05-21")
    assert "Taiwan" in speakers(e)


def test_the_country_of_an_office_is_no_topic():
    e = one("President Bashar al-Assad of Syria spoke with Prime Minister Narendra Modi of India by telephone "
            "on Monday. They discussed trade.", "2021-05-10")
    assert speakers(e) == {"TradeAndEconomy": {"Bashar al-Assad", "Narendra Modi"}}
    e = one("President Bashar al-Assad spoke with Prime Minister Narendra Modi by telephone on Monday. "
            "They discussed the future of Syria.", "2021-05-10")
    assert speakers(e) == {"MiddleEast": {"Bashar al-Assad", "Narendra Modi"}}


def test_a_verb_right_after_another_leader_is_that_leaders():
    e = one("Xi Jinping received a letter from Emmanuel Macron on Friday, in which Macron raised climate change.",
            "2023-07-15")
    assert speakers(e) == {"ClimateChange": {"Emmanuel Macron"}}
    e = one(CALL + "Xi, in the call with Macron, stressed that Taiwan is a red line.")
    assert speakers(e) == {"Taiwan": {"Xi Jinping"}}


def test_and_the_two_leaders_announced_makes_both_speakers():
    e = one("Joe Biden welcomed Fumio Kishida to the White House on Wednesday, and the two leaders announced "
            "closer defence cooperation.", "2024-04-11")
    assert speakers(e) == {"Military": {"Joe Biden", "Fumio Kishida"}}


def test_what_an_earlier_occasion_names_is_not_raised_now():
    e = one("Vladimir Putin and Barack Obama held a telephone conversation on Wednesday and discussed the Syrian "
            "crisis. Putin and Obama last held talks in November on the sidelines of the climate conference in "
            "Paris.", "2016-01-14")
    assert speakers(e) == {"MiddleEast": {"Vladimir Putin", "Barack Obama"}}
    assert [m["place"] for m in e["prior_meetings"]] == ["Paris"]
    # the same words in the call's own clause are the call's
    e = one("Vladimir Putin and Barack Obama discussed climate change by phone on Wednesday, their first call "
            "since meeting in Paris in November.", "2016-01-14")
    assert speakers(e) == {"ClimateChange": {"Vladimir Putin", "Barack Obama"}}


def test_modifiers_inside_a_pair_subject_and_the_call_as_subject():
    e = one("President Yoon Suk Yeol and newly sworn in Japanese Prime Minister Shigeru Ishiba agreed by phone on "
            "Wednesday to enhance coordinated responses to North Korea's provocations.", "2024-10-02")
    assert speakers(e) == {"KoreanPeninsula": {"Yoon Suk Yeol", "Shigeru Ishiba"}}
    e = one("President Yoon Suk Yeol made his first phone call to U.S. President-elect Donald Trump on Thursday. "
            "The conversation covered North Korea and its troops in Ukraine.", "2024-11-07")
    assert speakers(e) == {"KoreanPeninsula": {"Yoon Suk Yeol", "Donald Trump"},
                           "Ukraine": {"Yoon Suk Yeol", "Donald Trump"}}


def test_what_the_call_focused_on_is_both_sides():
    e = one("Biden's call with Xi on Tuesday, their first since they met in Woodside, California, in November, "
            "focused on Taiwan and fentanyl.", "2024-04-02")
    assert speakers(e) == {"Taiwan": {"Joe Biden", "Xi Jinping"}, "Fentanyl": {"Joe Biden", "Xi Jinping"}}
    # a leader set off by commas and a participle is no pair subject
    e = one("Vladimir Putin held talks with Xi Jinping in Beijing on Thursday. Putin, visiting Xi, said Ukraine "
            "was discussed.", "2024-05-17")
    assert speakers(e) == {"Ukraine": {"Vladimir Putin"}}


def test_talks_with_someone_on_a_topic_are_both_sides():
    for s in ("Olaf Scholz held talks with Xi Jinping on the war in Ukraine on Friday.",
              "Olaf Scholz held a meeting with Xi Jinping in Beijing on Friday over the war in Ukraine."):
        e = one(s, "2022-11-08")
        assert speakers(e) == {"Ukraine": {"Olaf Scholz", "Xi Jinping"}}, s
    # "on" a day, or a topic raised by one side after a comma, is not what both talked about
    e = one("Olaf Scholz held talks with Xi Jinping on Friday, after Xi had warned about Taiwan.", "2022-11-08")
    assert speakers(e).get("Taiwan") != {"Olaf Scholz", "Xi Jinping"}


def test_talks_on_a_numbered_date_name_no_topic():
    e = one("Angela Merkel held telephone talks with Prime Minister Benjamin Netanyahu of Israel on 27 October "
            "2019 at the request of the Israeli side.", "2019-10-31")
    assert "MiddleEast" not in e["issues"]


def test_phrases_of_readouts_for_mechanisms_exchanges_and_the_economy():
    e = one(CALL + "The two leaders agreed to continue their shuttle diplomacy and to expand cultural and "
            "humanitarian cooperation and stability of the oil market.")
    assert set(e["issues"]) == {"DialogueMechanisms", "PeopleToPeople", "TradeAndEconomy"}


def test_a_topic_word_in_an_office_name_is_no_topic():
    e = one(CALL + "Xi congratulated the Indonesian Defence Minister on winning the election.")
    assert "Military" not in e["issues"]
    e = one(CALL + "Xi said the Minister of Defence would visit. The two leaders discussed defence cooperation.")
    assert e["issues"] == ["Military"]


def test_the_agenda_of_an_engagement_under_way_is_its_issues():
    e = one("Putin meets bin Salman\n\nVladimir Putin met Mohammed bin Salman in Riyadh on Friday.\n"
            "The talks are expected to cover the war in Ukraine and trade relations.", "2022-04-16")
    assert speakers(e) == {"Ukraine": {"Vladimir Putin", "Mohammed bin Salman"},
                           "TradeAndEconomy": {"Vladimir Putin", "Mohammed bin Salman"}}
    e = one("Trump meets Merz\n\nDonald Trump met Friedrich Merz at the White House on Thursday.\n"
            "Topics that Mr Trump was expected to raise with Mr Merz included Germany's defense spending and trade, "
            "a White House official said.", "2025-06-05")
    assert speakers(e) == {"Military": {"Donald Trump"}, "TradeAndEconomy": {"Donald Trump"}}
    e = one(CALL + "Stock markets included energy firms and trade companies.")
    assert e["issues"] == []


def test_what_a_letter_says_is_its_senders():
    e = one("Kim congratulates Putin\n\nKim Jong Un sent a message to Vladimir Putin, congratulating him on the 75th "
            "anniversary of the Soviet victory in the Great Patriotic War.", "2020-05-09")
    assert speakers(e) == {"HistoryWWII": {"Kim Jong Un"}}
    # background around a letter is nobody's
    e = one("Trump writes to Kim\n\nDonald Trump recently wrote a letter to Kim Jong Un.\n\nSince 2017 Trump has "
            "tried to get Pyongyang to denuclearize.", "2019-06-23")
    assert e["issues"] == []


def test_an_occasion_lead_without_its_comma_keeps_the_subject():
    e = one(CALL + "During the telephone talk the sides expressed satisfaction with the growth of trade.")
    assert speakers(e) == {"TradeAndEconomy": {"Xi Jinping", "Emmanuel Macron"}}
    e = one(CALL + "In the conversation Xi stressed that the Taiwan question concerns China's core interests.")
    assert speakers(e) == {"Taiwan": {"Xi Jinping"}}


def test_a_readouts_impersonal_passive_is_both_sides():
    for text in ("Current issues of climate change were considered.",
                 "Special attention was paid to climate change and the energy transition.",
                 "It was noted with satisfaction that cooperation on climate change is growing."):
        assert speakers(one(CALL + text)) == {"ClimateChange": {"Xi Jinping", "Emmanuel Macron"}}, text
    # a statement of fact is nobody's topic
    assert speakers(one(CALL + "Trade has grown by 3 percent since January.")) == {}


def test_the_talks_focusing_on_a_topic_are_both_sides_agenda():
    e = one("Vladimir Putin and Alexander Lukashenko are meeting on Valaam Island on Friday.\n\nThe talks will be held "
            "one-on-one, with discussions focusing on bilateral relations and economic cooperation.", "2025-08-01")
    assert speakers(e) == {"TradeAndEconomy": {"Vladimir Putin", "Alexander Lukashenko"}}
    e = one("Vladimir Putin met Alexander Lukashenko on Friday.\n\nAnalysts' discussions focused on trade.", "2025-08-01")
    assert speakers(e) == {}


def test_topics_that_dominated_the_call_are_both_sides():
    e = one("Tensions over Taiwan, the war in Ukraine and clashes over the economy dominated a call between "
            "Joe Biden and Xi Jinping on Thursday.", "2022-07-29")
    assert speakers(e) == {k: {"Joe Biden", "Xi Jinping"} for k in ("Taiwan", "Ukraine", "TradeAndEconomy")}
    e = one("Joe Biden spoke with Xi Jinping on Thursday.\n\nTariffs dominated the news this week as markets fell.",
            "2022-07-29")
    assert speakers(e) == {}


def test_a_quote_opening_on_its_subject_keeps_the_subject():
    e = one(CALL + '"The two presidents agreed to work toward a tariff agreement," the spokesperson said.')
    assert speakers(e) == {"TradeAndEconomy": {"Xi Jinping", "Emmanuel Macron"}}
    e = one(CALL + "“Macron raised the war in Ukraine,” an aide told reporters.")
    assert speakers(e) == {"Ukraine": {"Emmanuel Macron"}}
    # a quote that opens on no leader is still the one named after it
    e = one(CALL + '"China opposes Taiwan independence," Xi said.')
    assert speakers(e) == {"Taiwan": {"Xi Jinping"}}


def test_the_economy_in_its_common_phrasings_is_trade_and_economy():
    for phrase in ("the economic impacts of the pandemic", "the economic relationship", "post-pandemic economic recovery",
                   "the concerns of investors"):
        e = one(CALL + f"The two leaders discussed {phrase}.")
        assert speakers(e)["TradeAndEconomy"] == {"Xi Jinping", "Emmanuel Macron"}, phrase


def test_a_statement_telling_what_the_two_leaders_did_is_both_sides():
    e = one(CALL + "The statement said that when discussing bilateral cooperation, the two leaders underscored "
            "the growth in trade.")
    assert speakers(e) == {"TradeAndEconomy": {"Xi Jinping", "Emmanuel Macron"}}
    # what the statement itself says, no leader's
    e = one(CALL + "The statement said trade between the two countries grew last year.")
    assert e["issues"] == []


def test_cited_names_a_speaker_and_a_virus_outbreak_is_public_health():
    e = one(CALL + "The French president cited actions to combat the climate crisis.")
    assert speakers(e) == {"ClimateChange": {"Emmanuel Macron"}}
    e = one(CALL + "Macron raised the virus outbreak.")
    assert speakers(e) == {"PublicHealth": {"Emmanuel Macron"}}


def test_topics_that_dominated_the_discussions_of_this_part_are_both_sides():
    e = one(CALL + "The issues including cooperation on business, trade and commerce dominated the discussions.")
    assert speakers(e) == {"TradeAndEconomy": {"Xi Jinping", "Emmanuel Macron"}}
    # what dominated something else is no topic of theirs
    e = one(CALL + "Trade disputes dominated the headlines.")
    assert e["issues"] == []


def test_what_the_meeting_saw_or_is_expected_to_see_is_its_agenda():
    e = one("Narendra Modi met Lawrence Wong on Thursday. The meeting saw the signing of agreements in sectors "
            "including space technology.", "2025-09-05")
    assert speakers(e) == {"Technology": {"Narendra Modi", "Lawrence Wong"}}


def test_what_the_two_signed_is_both_sides_and_wished_or_took_note_names_a_speaker():
    e = one(CALL + "According to state media, the two sides signed cooperation documents in the fields of trade and "
            "tourism.")
    assert speakers(e) == {"TradeAndEconomy": {"Xi Jinping", "Emmanuel Macron"},
                           "PeopleToPeople": {"Xi Jinping", "Emmanuel Macron"}}
    e = one(CALL + "Macron also wished China success in fighting the COVID-19 pandemic.")
    assert speakers(e) == {"PublicHealth": {"Emmanuel Macron"}}
    e = one(CALL + "The leaders took note of the active people-to-people exchanges.")
    assert speakers(e) == {"PeopleToPeople": {"Xi Jinping", "Emmanuel Macron"}}


def test_an_official_telling_what_the_named_pair_did_makes_both_speakers():
    e = one(CALL + 'The Elysee said Xi and Macron had "reaffirmed their commitment to peace on the Korean Peninsula."')
    assert speakers(e) == {"KoreanPeninsula": {"Xi Jinping", "Emmanuel Macron"}}
    # what the official says one of them will do is no topic they raised
    e = one(CALL + "The Elysee said Macron would raise North Korea next time.")
    assert e["issues"] == []


def test_a_label_or_a_lead_before_the_subject_keeps_it():
    e = one(CALL + "The big picture: The two leaders pledged to overcome the COVID-19 pandemic.")
    assert speakers(e) == {"PublicHealth": {"Xi Jinping", "Emmanuel Macron"}}
    e = one(CALL + "Along with Venezuela, they spoke about the Middle East.")
    assert speakers(e) == {"MiddleEast": {"Xi Jinping", "Emmanuel Macron"}}
    e = one(CALL + 'The two leaders had an "extensive exchange of views on climate action.')
    assert speakers(e) == {"ClimateChange": {"Xi Jinping", "Emmanuel Macron"}}


def test_the_pages_date_line_does_not_hide_the_first_sentences_subject():
    from tests.extract_helpers import events

    evs = events(" date 2017-06-07 Shinzo Abe and Justin Trudeau agreed in a telephone conversation Tuesday to press "
                 "the United States on climate change.", "2017-06-07")
    assert speakers(evs[0]) == {"ClimateChange": {"Shinzo Abe", "Justin Trudeau"}}


def test_a_nationality_before_a_named_person_is_who_he_is():
    e = one(" date 2019-06-23 Donald Trump recently wrote a letter to North Korean dictator Kim Jong-un, Mike Pompeo "
            "confirmed on Sunday.", "2019-06-23")
    assert e["issues"] == []
    # a topic followed by "with" and the person is still a topic
    e = one(CALL + "Macron discussed the situation of Ukraine with Xi.")
    assert "Ukraine" in e["issues"]


def test_more_ways_of_telling_who_raised_what():
    # an adverb between the name and "said" after what was said
    e = one(CALL + "Russia is open to dialogue to resolve the crisis in Ukraine, Macron allegedly said.")
    assert speakers(e) == {"Ukraine": {"Emmanuel Macron"}}
    # "commended"
    e = one(CALL + "Xi also commended Macron on the fight against the coronavirus.")
    assert speakers(e) == {"PublicHealth": {"Xi Jinping"}}
    # a source that says what the two discussed
    e = one(CALL + "A French source said they discussed issues including economic development and defence.")
    assert speakers(e) == {"TradeAndEconomy": {"Xi Jinping", "Emmanuel Macron"},
                           "Military": {"Xi Jinping", "Emmanuel Macron"}}
    # what a leader's visit saw
    e = one("Narendra Modi met Emmanuel Macron in Paris on Friday. Modi's visit also saw the two countries agree on "
            "defense deals.", "2023-07-15")
    assert speakers(e) == {"Military": {"Narendra Modi", "Emmanuel Macron"}}
