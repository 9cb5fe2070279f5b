"""Cross-document resolution: people, engagements and referenced meetings."""

from kg.resolve import resolve
from kg.vocab import load_vocabulary

from .factories import disputed_pair, make_extraction


def test_same_call_from_two_outlets_is_one_engagement():
    c = resolve(disputed_pair(), load_vocabulary())
    assert len(c.engagements) == 1
    assert c.engagements[0].documents == ["cn_readout", "us_readout"]


def test_aliases_resolve_to_one_person():
    x = make_extraction("a", "Xi and Trump spoke.", [
        {"date": "2020-01-01", "participants": ["Xi", "Trump"], "initiator": "Donald J. Trump"}])
    y = make_extraction("b", "Xi Jinping and Donald Trump spoke.", [
        {"date": "2020-01-01", "participants": ["Xi Jinping", "Donald Trump"]}])
    c = resolve([x, y], load_vocabulary())
    assert sorted(p.name for p in c.people.values()) == ["Donald Trump", "Xi Jinping"]
    assert len(c.engagements) == 1


def test_unknown_person_short_name_joins_full_name():
    x = make_extraction("a", "t", [{"date": "2024-02-01", "participants": ["Xi Jinping", "Wanjiru Kamau"]},
                                   {"date": "2024-02-03", "participants": ["Xi Jinping", "Kamau"]}])
    c = resolve([x], load_vocabulary())
    assert "Wanjiru Kamau" in {p.name for p in c.people.values()}
    assert len({c.key_of["Kamau"], c.key_of["Wanjiru Kamau"]}) == 1


def test_meetings_merge_on_compatible_place_and_date():
    a = make_extraction("a", "t", [{"date": "2017-04-24", "participants": ["Xi Jinping", "Donald Trump"],
                                    "planned_meetings": [{"label": "visit to China", "place": "China", "date": "2017"}],
                                    "prior_meetings": [{"label": "Mar-a-Lago meeting", "place": "Mar-a-Lago", "date": "2017-04"}]}])
    b = make_extraction("b", "t", [{"date": "2017-10-25", "participants": ["Xi Jinping", "Donald Trump"],
                                    "planned_meetings": [{"label": "state visit", "place": "Beijing", "date": None}]}])
    c = make_extraction("c", "t", [{"date": "2017-11-29", "participants": ["Xi Jinping", "Donald Trump"],
                                    "prior_meetings": [{"label": "state visit to China", "place": "China", "date": "2017-11"}]}])
    corpus = resolve([c, a, b], load_vocabulary())
    china = [m for m in corpus.meetings if m.place == "beijing"]
    assert len(china) == 1 and len(china[0].mentions) == 3
    assert china[0].date.value == "2017-11"  # most specific date kept
    assert len(corpus.meetings) == 2  # Mar-a-Lago stays apart


def test_different_participants_or_places_do_not_merge():
    a = make_extraction("a", "t", [{"date": "2019-06-30", "participants": ["Donald Trump", "Kim Jong Un"],
                                    "prior_meetings": [{"label": "Hanoi summit", "place": "Hanoi", "date": "2019-02"},
                                                       {"label": "Singapore summit", "place": "Singapore", "date": "2018"}]}])
    b = make_extraction("b", "t", [{"date": "2019-06-30", "participants": ["Xi Jinping", "Kim Jong Un"],
                                    "prior_meetings": [{"label": "Hanoi", "place": "Hanoi", "date": "2019-02"}]}])
    corpus = resolve([a, b], load_vocabulary())
    assert len(corpus.meetings) == 3


def test_resolution_is_independent_of_input_order():
    xs = disputed_pair()
    k1 = [n.key for n in resolve(xs, load_vocabulary()).engagements]
    k2 = [n.key for n in resolve(list(reversed(xs)), load_vocabulary()).engagements]
    assert k1 == k2
