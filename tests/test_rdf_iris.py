"""IRIs are minted from normalised keys only, and always pass a strict independent check."""

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.rdf import iris


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_slug_of_any_text_makes_a_valid_iri(text):
    s = iris.slug(text)
    assert s and len(s) <= 80
    node = iris.person("p-" + s)
    ox.NamedNode(str(node))  # raises on an invalid IRI


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=100))
def test_unsafe_segments_are_refused(text):
    try:
        node = iris.document(text)
    except iris.IriError:
        return
    ox.NamedNode(str(node))
    assert "<" not in str(node) and '"' not in str(node) and " " not in str(node)


def test_hostile_names_never_reach_iris():
    for hostile in ['"><img src=x onerror=alert(1)>', "<script>alert(1)</script>", "a b", "x\ny", "\u202eevil"]:
        with pytest.raises(iris.IriError):
            iris.document(hostile)
        ox.NamedNode(str(iris.person("p-" + iris.slug(hostile))))


def test_slug_is_stable_and_distinct():
    assert iris.slug("Recep Tayyip Erdoğan") == "recep-tayyip-erdogan"
    assert iris.slug("習近平") != iris.slug("普京")
    assert iris.slug("x" * 500) != iris.slug("x" * 499)
    assert iris.engagement("PhoneCall", "2017-04-24", "k") == iris.engagement("PhoneCall", "2017-04-24", "k")
    assert "undated" in str(iris.engagement("PhoneCall", "not a date", "k"))


def test_wikidata_ids_are_checked():
    assert str(iris.wikidata("Q15031")) == "http://www.wikidata.org/entity/Q15031"
    with pytest.raises(iris.IriError):
        iris.wikidata("Q1> <x")


@pytest.mark.parametrize("bad", ["0\n", "abc\n", "Q5\n", "2020-01-01\n"])
def test_a_final_newline_is_refused(bad):
    """``$`` matches before a final newline: the checks must cover the whole string."""
    with pytest.raises(iris.IriError):
        iris.document(bad)
    with pytest.raises(iris.IriError):
        iris.time_instant(bad)
    with pytest.raises(iris.IriError):
        iris.wikidata(bad)
    assert "\n" not in str(iris.engagement("PhoneCall", bad, "k"))
