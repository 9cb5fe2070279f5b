"""Each SHACL shape has a good and a bad fixture; a clean build validates."""

import pytest
from rdflib import Graph

from kg.validate import validate_build, validate_graph
from kg.resources import ontology_file

PREFIXES = """
@prefix kg: <https://w3id.org/kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://example.org/> .
"""
BASE = """
:xi a kg:Person ; rdfs:label "Xi Jinping" .
:trump a kg:Person ; rdfs:label "Donald Trump" .
:doc a kg:Document ; kg:sourceFile "a.txt" ; kg:sha256 "%s" .
:ev a kg:Evidence ; kg:document :doc ; kg:quote "They spoke." ; kg:startOffset 0 ; kg:endOffset 11 .
:beijing a kg:Place ; rdfs:label "Beijing" .
:taiwan a skos:Concept .
""" % ("a" * 64)

GOOD = {
    "engagement": ':call a kg:PhoneCall, kg:ReportedEngagement ; rdfs:label "call" ; kg:participant :xi, :trump ; '
                  'kg:date "2017-04-24"^^xsd:date ; kg:reportedIn :doc ; kg:evidence :ev .',
    "meeting": ':m a kg:Meeting, kg:ReferencedEngagement ; rdfs:label "visit" ; kg:participant :xi ; '
               'kg:place :beijing ; kg:date "2017-11"^^xsd:gYearMonth .',
    "mention": ':mm a kg:IssueMention ; kg:issue :taiwan ; kg:speaker :xi ; kg:evidence :ev .',
    "evidence": ':ev2 a kg:Evidence ; kg:document :doc ; kg:quote "x" ; kg:startOffset 3 ; kg:endOffset 4 .',
    "document": ':doc2 a kg:Document ; kg:sourceFile "b.txt" .',
    "person": ':p a kg:Person ; rdfs:label "P" .',
    "place": ':pl a kg:Place ; rdfs:label "Busan" ; kg:within :beijing .',
    "corroborated": ':doc2 a kg:Document ; kg:sourceFile "b.txt" . '
                    ':call a kg:PhoneCall, kg:ReportedEngagement, kg:CorroboratedEngagement ; rdfs:label "call" ; '
                    'kg:participant :xi, :trump ; kg:reportedIn :doc, :doc2 ; kg:evidence :ev .',
}
BAD = {
    "engagement": ':call a kg:ReportedEngagement ; rdfs:label "call" ; kg:date "yesterday" ; kg:reportedIn :doc ; kg:evidence :ev .',
    "meeting": ':m a kg:Meeting, kg:ReferencedEngagement ; rdfs:label "visit" ; kg:participant :xi ; '
               'kg:place :beijing, :doc .',
    "mention": ':mm a kg:IssueMention ; kg:speaker :doc ; kg:evidence :ev .',
    "evidence": ':ev2 a kg:Evidence ; kg:document :doc ; kg:quote "x" ; kg:startOffset -3 .',
    "document": ':doc2 a kg:Document ; kg:sha256 "nothex" .',
    "person": ':p a kg:Person .',
    "place": ':pl a kg:Place ; rdfs:label "Busan" ; kg:within :doc .',
    "corroborated": ':call a kg:PhoneCall, kg:ReportedEngagement, kg:CorroboratedEngagement ; rdfs:label "call" ; '
                    'kg:participant :xi, :trump ; kg:reportedIn :doc ; kg:evidence :ev .',
}


def _graph(extra: str) -> Graph:
    g = Graph().parse(ontology_file("kg.ttl"), format="turtle")
    g.parse(data=PREFIXES + BASE + extra, format="turtle")
    return g


@pytest.mark.parametrize("shape", sorted(GOOD))
def test_good_fixture_conforms(shape):
    conforms, text = validate_graph(_graph(GOOD[shape]))
    assert conforms, text


@pytest.mark.parametrize("shape", sorted(BAD))
def test_bad_fixture_is_reported(shape):
    conforms, text = validate_graph(_graph(BAD[shape]))
    assert not conforms
    assert "Constraint Violation" in text


def test_built_graph_validates(tmp_path):
    from kg.pipeline import publish
    from .factories import disputed_pair

    publish(disputed_pair(), tmp_path)
    conforms, text = validate_build(tmp_path)
    assert conforms, text
