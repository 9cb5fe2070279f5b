"""People found by name, alias, title at the article date, and new leaders (sentences for the tests)."""

from kg.nlp.mentions import find_people, lexicon
from kg.vocab import load_vocabulary
from tests.extract_helpers import one


def people(text, date="2025-11-24"):
    lex = lexicon(load_vocabulary())
    return [m.people for m in find_people(text, lex, date)]


def test_titles_resolve_through_offices_valid_at_the_date():
    assert people("the U.S. President spoke", "2019-06-01") == [["Donald Trump"]]
    assert people("the U.S. President spoke", "2022-06-01") == [["Joe Biden"]]
    assert people("the Russian leader said") == [["Vladimir Putin"]]


def test_name_with_title_and_honorific():
    assert people("Chinese President Xi Jinping and Mr. Xi") == [["Xi Jinping"], ["Xi Jinping"]]


def test_plural_title():
    assert people("the presidents of Russia and France held talks") == [["Vladimir Putin", "Emmanuel Macron"]]


def test_new_person_with_leader_title():
    # Ruritania is not a country in the data: a president of it is still a new leader
    assert people("Ruritanian President Jan Novak") == [["Jan Novak"]]
    assert people("Kenyan President William Ruto") == [["William Ruto"]]


def test_title_words_do_not_cross_lines():
    assert people("the PRC.\n\nPresident Biden raised concerns", "2022-11-14") == [["Joe Biden"]]


def test_month_word_family_name_needs_a_title_or_the_full_name():
    assert ["Theresa May"] not in people("The leaders recalled the visit at the end of May.", "2019-06-11")
    assert ["Theresa May"] in people("Prime Minister May met Donald Trump.", "2019-06-11")


def test_no_new_person_from_a_title_case_headline():
    found = people("Kim Sends Goodbye Letter to South Korean President After Sister Threatens to Nuke Seoul",
                   "2022-04-22")
    assert not any("After" in n for ps in found for n in ps)


def test_bare_title_of_a_readout_is_the_leader_of_the_most_mentioned_other_country():
    text = ("The Prime Minister spoke to the President of the United States, Joe Biden, this evening. "
            "The leaders discussed UK-US cooperation and the strength of the UK economy.")
    assert ["Rishi Sunak"] in people(text, "2023-03-01")
    # a bare title that a named person of the document holds is left to coreference
    assert ["Rishi Sunak"] not in people("Prime Minister Narendra Modi met Joe Biden. The Prime Minister "
                                         "thanked the UK.", "2023-03-01")


def test_trie_regex_matches_like_the_sorted_alternation():
    import re

    from kg.nlp.phrases import trie_regex
    words = ["United States", "United States of America", "US", "U.S.", "USA", "America", "American", "Americans",
             "United Kingdom", "UK", "U.K."]
    plain_rx = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: -len(w))) + r")(?!\w)")
    trie_rx = re.compile(r"(?<!\w)(?:" + trie_regex(words) + r")(?!\w)")
    text = "The United States of America, the U.S. and USA; Americans, American, UK and U.K., United Kingdoms."
    assert [m.span() for m in trie_rx.finditer(text)] == [m.span() for m in plain_rx.finditer(text)]
    titles = re.compile(r"\b(?i:" + trie_regex(["leader", "Prime Minister"], ignore_case=True, space=r"\s+",
                                              suffix="s?") + r")\b")
    assert [m.group(0) for m in titles.finditer("the leaders and prime  ministers; Leader")] == \
        ["leaders", "prime  ministers", "Leader"]


def test_an_elect_or_former_title_is_not_the_office_holder_of_the_day():
    # on 2025-01-18 the U.S. President is Joe Biden; the President-elect is not
    assert people("Xi Jinping spoke with U.S. President-elect Donald Trump.", "2025-01-18") == \
        [["Xi Jinping"], ["Donald Trump"]]
    assert people("Xi Jinping met the former U.S. President in Beijing.", "2025-01-18") == [["Xi Jinping"]]
    assert people("Xi Jinping spoke with the U.S. President.", "2025-01-18") == [["Xi Jinping"], ["Joe Biden"]]


def test_principals_who_hold_no_head_of_state_or_government_office_take_part():
    from tests.extract_helpers import one

    e = one("Donald Trump spoke by phone with Taiwan's President Tsai Ing-wen on Friday.", "2016-12-03")
    assert set(e["participants"]) == {"Donald Trump", "Tsai Ing-wen"}
    e = one("Xi Jinping held a video summit with Charles Michel and Ursula von der Leyen on Friday.", "2022-04-02")
    assert set(e["participants"]) == {"Xi Jinping", "Charles Michel", "Ursula von der Leyen"}
    e = one("Xi Jinping met Crown Prince Mohammed bin Salman in Riyadh on Thursday.", "2019-02-22")
    assert set(e["participants"]) == {"Xi Jinping", "Mohammed bin Salman"}
    # a generic title is still the ruler, not the crown prince
    assert people("the Saudi leader said", "2019-02-22") == [["Salman bin Abdulaziz Al Saud"]]


def test_a_country_whose_leader_heads_the_government():
    e = one("The leaders of South Korea and Japan exchanged views over the phone on Friday.", "2024-03-02")
    assert set(e["participants"]) == {"Yoon Suk Yeol", "Fumio Kishida"}
    e = one("Xi Jinping spoke with the German leader by phone on Friday.", "2024-03-02")
    assert set(e["participants"]) == {"Xi Jinping", "Olaf Scholz"}
    # where the head of state leads, still the head of state
    e = one("Olaf Scholz spoke with the French leader by phone on Friday.", "2024-03-02")
    assert set(e["participants"]) == {"Olaf Scholz", "Emmanuel Macron"}


def test_leaders_of_a_list_of_countries():
    assert people("The leaders of France, Germany and Italy arrived.", "2022-06-16") == [
        ["Emmanuel Macron", "Olaf Scholz", "Mario Draghi"]]
    assert people("The French, German and Italian leaders arrived.", "2022-06-16") == [
        ["Emmanuel Macron", "Olaf Scholz", "Mario Draghi"]]
    e = one("The leaders of France, Germany and Italy met President Volodymyr Zelenskiy in Kyiv on Thursday.",
            "2022-06-17")
    assert set(e["participants"]) == {"Emmanuel Macron", "Olaf Scholz", "Mario Draghi", "Volodymyr Zelenskyy"}


def test_a_new_leader_named_before_the_office():
    # (a head of government the people data does not hold)
    assert people("In his conversation with Xavier Espot Zamora, prime minister of Andorra, Xi said",
                  "2021-10-27") == [["Xavier Espot Zamora"], ["Xi Jinping"]]
    # a day or a known leader is no new name
    assert people("On Tuesday, the president of France said", "2021-10-27") == [["Emmanuel Macron"]]
    assert people("Xi met Emmanuel Macron, President of France, on Monday", "2021-10-27") == [
        ["Xi Jinping"], ["Emmanuel Macron"], ["Emmanuel Macron"]]


def test_a_seat_of_government_tells_whose_bare_title_it_is():
    # Singapore is only where another summit will be; Downing Street tells whose readout this is
    e = one("A Downing Street spokesperson said: The Prime Minister held a telephone call with US President "
            "Donald Trump this evening. The two leaders looked forward to the summit between President Trump "
            "and Kim Jong-un in Singapore.", "2018-05-11")
    assert set(e["participants"]) == {"Theresa May", "Donald Trump"}
    e = one('A Downing Street spokesman said: "The Prime Minister spoke to President Trump on Sunday. They '
            'discussed trade."', "2025-01-26")
    assert set(e["participants"]) == {"Keir Starmer", "Donald Trump"}
    assert e["date"] == "2025-01-26"
    # a title inside a building's name is no one
    assert people("The Prime Minister's Office of Japan said on Monday", "2022-09-05") == []
    assert people("Japan's Prime Minister said on Monday", "2022-09-05") == [["Fumio Kishida"]]


def test_another_countrys_leader_sharing_a_known_family_name():
    # only Malaysia's Anwar Ibrahim is known; the Maldives' president is a new leader
    assert people("Maldives President Ibrahim Mohamed Solih said", "2021-07-14") == [["Ibrahim Mohamed Solih"]]
    e = one("In a telephonic conversation, Prime Minister Narendra Modi and Maldivian President Ibrahim Mohamed "
            "Solih on Wednesday took stock of bilateral relations.", "2021-07-14")
    assert set(e["participants"]) == {"Narendra Modi", "Ibrahim Mohamed Solih"}
    # the known leader under his own country's title is still himself
    assert people("Malaysian Prime Minister Anwar Ibrahim said", "2023-07-14") == [["Anwar Ibrahim"]]


def test_a_month_after_a_preposition_is_no_person():
    assert people("On May 23, Fumio Kishida held a call with Anthony Albanese.", "2022-05-24") == [
        ["Fumio Kishida"], ["Anthony Albanese"]]
    assert people("Prime Minister May held a call with Donald Trump.", "2018-05-24") == [
        ["Theresa May"], ["Donald Trump"]]


def test_the_bare_title_beside_another_countrys_holder_is_the_readouts_own_leader():
    e = one("The Prime Minister met Italian Prime Minister Giorgia Meloni in Downing Street this morning. They "
            "discussed migration.", "2025-03-02")
    assert set(e["participants"]) == {"Keir Starmer", "Giorgia Meloni"}
    # a title right before its name is that name's
    e = one("At the request of President Abdel Fattah el-Sisi of Egypt, Singaporean Prime Minister Lee Hsien Loong "
            "held telephone talks with President el-Sisi at the Kremlin on Wednesday.", "2014-10-09")
    assert set(e["participants"]) == {"Abdel Fattah el-Sisi", "Lee Hsien Loong"}


def test_a_new_leader_after_title_of_the_formal_state_name():
    e = one("On September 25, Prime Minister Fumio Kishida sent a congratulatory letter to H.E. Ms. Evika Siliņa, "
            "Prime Minister of the Republic of Latvia, following her appointment.", "2023-09-25")
    assert e["type"] == "Letter" and e["initiator"] == "Fumio Kishida"
    assert any("Sili" in n for n in e["participants"])
    e = one("The Prime Minister welcomed the Prime Minister of Greece Kyriakos Mitsotakis to Downing Street this "
            "morning.", "2024-12-03")
    assert set(e["participants"]) == {"Keir Starmer", "Kyriakos Mitsotakis"}


def test_a_family_name_that_is_a_word_right_after_another_name_is_no_person():
    from kg.nlp.mentions import find_people, lexicon
    from kg.vocab import load_vocabulary

    lex = lexicon(load_vocabulary())
    found = [m.people for m in find_people("Erdogan, Putin May Soon Hold Talks", lex, "2017-09-11")]
    assert ["Theresa May"] not in found
    found = [m.people for m in find_people("Prime Minister May met Xi Jinping.", lex, "2017-09-11")]
    assert ["Theresa May"] in found


def test_a_bare_prime_minister_meeting_a_foreign_leader_is_of_the_readouts_own_country():
    e = one("PM meets Macron\n\nThe Prime Minister met French President Emmanuel Macron at the G7 Summit today.\n\n"
            "They discussed how the UK and France can continue to support Ukraine's defence and Ukraine's "
            "recovery, and the invasion of Ukraine.", "2023-05-20")
    assert set(e["participants"]) == {"Rishi Sunak", "Emmanuel Macron"}


def test_a_title_before_a_shared_family_name_tells_which_holder():
    from kg.nlp.mentions import find_people, lexicon
    from kg.vocab import load_vocabulary

    lex = lexicon(load_vocabulary())
    assert [m.people for m in find_people("President Rajapaksa met Modi.", lex, "2021-05-01")][0] == [
        "Gotabaya Rajapaksa"]
    assert [m.people for m in find_people("Prime Minister Rajapaksa met Modi.", lex, "2021-05-01")][0] == [
        "Mahinda Rajapaksa"]


def test_a_family_name_followed_by_another_name_is_someone_else():
    from tests.extract_helpers import events as _events

    assert _events("Taliban co-founder Mullah Abdul Ghani Baradar met Qatari Emir Tamim bin Hamad Al Thani in Doha "
                   "on Friday.", "2021-08-20") == []
    evs = _events("Donald Trump held talks with Ashraf Ghani on Friday. Trump also met Ghani Khan, a businessman.",
                  "2019-08-20")
    assert [sorted(e["participants"]) for e in evs] == [["Ashraf Ghani", "Donald Trump"]]
    # a weekday or a verb after the name is no other name
    e = _events("Donald Trump held talks with Afghan President Ashraf Ghani on Friday. Ghani Thursday said peace was "
                "near.", "2019-08-20")
    assert [sorted(x["participants"]) for x in e] == [["Ashraf Ghani", "Donald Trump"]]


def test_an_undated_readouts_bare_titles_are_the_leaders_it_named():
    # no date anywhere: "The President" is the president the readout named, not today's holder of
    # the office in the last country mentioned
    e = one("President Obama spoke with Prime Minister Cameron of the United Kingdom. They discussed the costs "
            "to Russia.\n\nThe President and Prime Minister also discussed the situation in Gaza.", None)
    assert set(e["participants"]) == {"Barack Obama", "David Cameron"}
    assert e["issue_speakers"]["MiddleEast"] == ["Barack Obama", "David Cameron"]


def test_the_premier_of_a_country_without_that_title_is_its_head_of_government():
    lex = lexicon(load_vocabulary())
    text = "The Pakistan premier phoned Sheikh Hasina. The Indian premier met the Japanese premier."
    found = [m.people for m in find_people(text, lex, "2020-07-23")]
    assert found == [["Imran Khan"], ["Sheikh Hasina"], ["Narendra Modi"], ["Shinzo Abe"]]
    # where "Premier" is the title, its holder; where a president leads, still the head of government
    assert [m.people for m in find_people("The Chinese premier phoned Hasina.", lex, "2020-07-23")][0] == ["Li Keqiang"]
    assert [m.people for m in find_people("The French premier met the Russian premier.", lex, "2020-07-23")] == \
        [["Jean Castex"], ["Mikhail Mishustin"]]


def test_an_undated_articles_title_is_the_holder_it_names_not_todays():
    e = one("Anthony Albanese met Chinese Premier Li Keqiang at a gala dinner. Albanese spoke to the Chinese "
            "premier for four minutes via interpreters.", None)
    assert sorted(e["participants"]) == ["Anthony Albanese", "Li Keqiang"]


def test_undated_the_office_a_named_leader_held_last_not_an_earlier_one():
    lex = lexicon(load_vocabulary())
    # Putin was prime minister once; undated, "the Prime Minister" beside him is not Putin
    text = "The Prime Minister spoke to Joe Biden. They discussed ensuring Putin fails in this war."
    assert "Vladimir Putin" not in [m.people[0] for m in find_people(text, lex, None)][:1]
    assert [m.people for m in find_people("Vladimir Putin spoke with the Russian Prime Minister.", lex, None)][1] \
        == ["Mikhail Mishustin"]


def test_malay_honorifics_between_title_and_name():
    lex = lexicon(load_vocabulary())
    text = "Prime Minister Datuk Seri Anwar Ibrahim met Shehbaz Sharif in Riyadh. They discussed Israeli strikes."
    assert [m.people for m in find_people(text, lex, "2024-04-29")] == [["Anwar Ibrahim"], ["Shehbaz Sharif"]]


def test_a_family_name_that_is_a_function_word_needs_the_full_name():
    lex = lexicon(load_vocabulary())
    people = lambda t: [m.people[0] for m in find_people(t, lex, "2024-08-28")]  # noqa: E731
    assert people("HRH Crown Prince Makes Phone Call To Chinese President") == ["Xi Jinping"]
    assert people("To date, Xi has met Biden twice.") == ["Xi Jinping", "Joe Biden"]
    assert people("To Lam met Xi Jinping. To said the talks went well.") == ["To Lam", "Xi Jinping", "To Lam"]


def test_a_bare_crown_prince_is_the_one_the_article_names():
    lex = lexicon(load_vocabulary())
    text = "Mohammed bin Salman made a phone call today to President Xi Jinping. HRH the Crown Prince expressed thanks."
    assert [m.people[0] for m in find_people(text, lex, "2023-03-28")][-1] == "Mohammed bin Salman"
    # none named: nobody
    assert find_people("The Crown Prince was not there.", lex, "2023-03-28") == []


def test_may_with_a_day_after_it_is_a_date():
    lex = lexicon(load_vocabulary())
    people = lambda t: [m.people[0] for m in find_people(t, lex, "2018-05-21")]  # noqa: E731
    assert people("Merkel spoke with Putin after their meeting in Sochi, Russia May 18, 2018.") == \
        ["Angela Merkel", "Vladimir Putin"]
    assert people("Prime Minister May 18 months ago met Xi.")[0] == "Theresa May"


def test_a_headline_word_after_a_name_is_no_part_of_a_new_name():
    lex = lexicon(load_vocabulary())
    text = "Biden called on Russian President Vladimir V. Talks with Putin are expected."
    assert "Vladimir V. Talks" not in [n for m in find_people(text, lex, "2021-12-07") for n in m.people]


def test_another_of_the_dynasty_is_not_the_king():
    lex = lexicon(load_vocabulary())
    people = lambda t: [n for m in find_people(t, lex, "2022-09-29") for n in m.people]  # noqa: E731
    assert people("Marcos met Prince Faisal bin Farhan Al Saud, the foreign minister.") == ["Ferdinand Marcos Jr."]
    assert people("King Salman bin Abdulaziz Al Saud received him.") == ["Salman bin Abdulaziz Al Saud"]
