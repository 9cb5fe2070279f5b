"""Who initiated an engagement (sentences written for the tests)."""

from tests.extract_helpers import events, one


def test_at_the_request_of_a_person_or_side():
    assert one("Xi Jinping held a phone call with Emmanuel Macron at the request of the French side "
               "on Monday.")["initiator"] == "Emmanuel Macron"
    assert one("At Macron's request, Xi Jinping spoke with Emmanuel Macron by phone on Monday.")["initiator"] \
        == "Emmanuel Macron"


def test_bare_request_means_the_other_party():
    assert one("On Monday, Xi Jinping held telephone talks with Joe Biden at request.", "2022-03-07")["initiator"] \
        == "Joe Biden"


def test_received_a_call_from():
    assert one("Narendra Modi received a phone call from Olaf Scholz on Monday.", "2022-03-07")["initiator"] \
        == "Olaf Scholz"


def test_caller_verb():
    assert one("Emmanuel Macron phoned Vladimir Putin on Monday.")["initiator"] == "Emmanuel Macron"


def test_initiated_by_country_side():
    assert one("The telephone call between Vladimir Putin and Emmanuel Macron on Monday was initiated by "
               "the Russian side.")["initiator"] == "Vladimir Putin"


def test_invitation_for_a_visit():
    assert one("Narendra Modi arrived in Moscow on a state visit at the invitation of Vladimir Putin on "
               "Monday.")["initiator"] == "Vladimir Putin"


def test_no_initiator_when_text_does_not_say():
    assert one("Vladimir Putin had a phone call with Emmanuel Macron on Monday.")["initiator"] is None
    # hosting alone is not an invitation
    assert one("Xi Jinping welcomed Emmanuel Macron in Beijing on Monday and the two leaders held talks.")[
        "initiator"] is None


def test_on_the_initiative_of_a_side_and_a_sides_initiative():
    for s in ("Vladimir Putin had a telephone conversation with Barack Obama on the American side's initiative.",
              "Vladimir Putin had a telephone conversation with Barack Obama on the initiative of the American side.",
              "Vladimir Putin spoke by phone with Barack Obama upon the request of the US side."):
        assert one(s)["initiator"] == "Barack Obama", s


def test_received_a_call_today_from_names_the_caller():
    e = one("Prime Minister Narendra Modi received a telephone call today from President Volodymyr Zelenskyy.",
            "2023-06-10")
    assert e["initiator"] == "Volodymyr Zelenskyy"
    e = one("Narendra Modi received a phone call on Friday from Joe Biden.", "2023-06-10")
    assert e["initiator"] == "Joe Biden"


def test_recalled_is_no_call():
    e = one("Vladimir Putin held talks with Xi Jinping in Beijing on Thursday. Xi recalled Putin's visit to "
            "China last October.", "2024-05-17")
    assert e["initiator"] is None
    e = one("Xi Jinping spoke with Emmanuel Macron by phone on Monday. Xi recalled the meeting with Macron in "
            "Guangzhou last year.", "2024-05-07")
    assert e["initiator"] is None


def test_at_his_request_is_the_party_just_named():
    e = one("On March 10, 2014, Chinese President Xi Jinping held a telephone talk with U.S. President Barack "
            "Obama at his request.", "2014-03-11")
    assert e["initiator"] == "Barack Obama"
    e = one("President Barack Obama held a telephone talk with Chinese President Xi Jinping at his request on "
            "Monday.", "2014-03-11")
    assert e["initiator"] == "Xi Jinping"
    # no one named before it: no guess
    e = one("At his request, Xi Jinping and Barack Obama spoke by phone on Monday.", "2014-03-11")
    assert e["initiator"] is None


def test_called_a_president_elect_names_the_caller():
    e = one("US President Donald Trump called French president-elect Emmanuel Macron on Monday to congratulate "
            "him on his victory in the election, press secretary Sean Spicer told journalists.", "2017-05-09")
    assert e["type"] == "PhoneCall" and e["date"] == "2017-05-08"
    assert e["initiator"] == "Donald Trump"
    # an appeal is no call
    assert events("Donald Trump called for new elections in Venezuela on Monday.", "2017-05-09") == []


def test_made_his_first_phone_call_to():
    e = one("President Yoon Suk Yeol on Nov. 7 made his first phone call to U.S. President-elect Donald Trump.",
            "2024-11-07")
    assert e["initiator"] == "Yoon Suk Yeol"


def test_thanks_for_the_invitation_name_the_host_who_invited():
    e = one("Petro in Washington\n\nGustavo Petro met Joe Biden at the White House on Thursday. Petro thanked Biden "
            "for the invitation to the Oval Office.", "2023-04-21")
    assert e["initiator"] == "Joe Biden"
    e = one("Macron hosts Scholz\n\nEmmanuel Macron hosted Olaf Scholz for dinner on Monday. Scholz thanked Macron "
            "for the talks.", "2022-07-05")
    assert e["initiator"] is None


def test_who_called_names_the_caller():
    e = one("Donald Trump held a phone conversation with Gustavo Petro on Wednesday.\n\n\"It was an honor to speak with "
            "the President of Colombia, Gustavo Petro, who called to explain the situation,\" Trump wrote.", "2026-01-08")
    assert e["initiator"] == "Gustavo Petro"
    # "who called on" is an appeal, "who called the move" a naming: no caller
    e = one("Donald Trump held a phone conversation with Gustavo Petro on Wednesday.\n\nTrump praised Gustavo Petro, "
            "who called on Congress to act.", "2026-01-08")
    assert e["initiator"] is None


def test_received_a_call_with_its_day_and_date_before_the_caller():
    assert one("Abdel Fattah el-Sisi received a phone call on Friday 16/8/2024 from Joe Biden to discuss Gaza.",
               "2024-08-17")["initiator"] == "Joe Biden"
    assert one("Abdel Fattah el-Sisi received a phone call on Friday, August 16, from Joe Biden.",
               "2024-08-17")["initiator"] == "Joe Biden"


def test_a_call_that_followed_ones_request_or_was_made_by_one():
    assert one("Cyril Ramaphosa held a telephone discussion with Vladimir Putin on Thursday. The discussion "
               "followed President Putin's request to brief him on the talks.", "2025-08-08")["initiator"] \
        == "Vladimir Putin"
    assert one("Narendra Modi spoke by phone with Li Keqiang on Thursday. The call by Li came a day after "
               "the new government took office.", "2014-05-30")["initiator"] == "Li Keqiang"
    assert one("Narendra Modi spoke by phone with Li Keqiang on Thursday. The call was made by the Chinese side.",
               "2014-05-30")["initiator"] == "Li Keqiang"
    assert one("On Thursday Li Keqiang conveyed his wishes during a call to his Indian counterpart Narendra Modi.",
               "2014-05-30")["initiator"] == "Li Keqiang"


def test_the_one_thanked_for_the_call_placed_it():
    assert one("Claudia Sheinbaum spoke by phone with Lula on Thursday. Sheinbaum thanked Lula for his call.",
               "2025-01-24")["initiator"] == "Luiz Inácio Lula da Silva"
    # thanked for something else said in the call: no caller
    assert one("Claudia Sheinbaum spoke by phone with Lula on Thursday. Sheinbaum thanked Lula for his support "
               "during the call.", "2025-01-24")["initiator"] is None


def test_thanked_for_his_congratulations_in_a_call_placed_it():
    assert one("Ferdinand Marcos Jr. spoke by phone with Fumio Kishida on Friday. Marcos thanked Kishida for his "
               "warm congratulations.", "2022-05-20")["initiator"] == "Fumio Kishida"


def test_telephones_in_the_present_names_the_caller():
    assert one("Imran Khan telephones Xi Jinping, discusses Afghanistan\n\nImran Khan held a telephone conversation "
               "with Xi Jinping on Tuesday.", "2021-10-26")["initiator"] == "Imran Khan"


def test_a_country_that_proposed_the_call_or_a_leader_who_initiated_it():
    assert one("Shinzo Abe and Justin Trudeau agreed in a telephone conversation on Tuesday to press the United States "
               "on climate change. Canada proposed the call, an official said.", "2017-06-07")["initiator"] == \
        "Justin Trudeau"
    assert one("Moon Jae-in and Donald Trump talked on the phone for some 30 minutes on Friday, which Trump initiated.",
               "2020-04-18")["initiator"] == "Donald Trump"
