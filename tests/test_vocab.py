"""Checks on the vocabulary data under ontology/: issues.ttl, people.json, places.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg import vocab
from kg.vocab import ISSUE_NS, fold

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology"
SCHEMA = Path("/work/shared/eval/SCHEMA.md")

ISSUE_IDS = [
    "KoreanPeninsula", "Taiwan", "HongKong", "Xinjiang", "Tibet", "TradeAndEconomy", "Technology", "Ukraine",
    "MiddleEast", "SouthChinaSea", "Nonproliferation", "Fentanyl", "ClimateChange", "PublicHealth", "Military",
    "LawEnforcement", "PeopleToPeople", "HistoryWWII", "DialogueMechanisms", "HumanRights", "Sanctions",
]
ROLES = {"head_of_state", "head_of_government", "principal", "other"}
KINDS = {"Country", "City", "Region", "Venue", "Organization"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
QID = re.compile(r"^Q\d+$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    g.parse(ONTOLOGY / "issues.ttl", format="turtle")
    return g


@pytest.fixture(scope="module")
def people() -> list[dict]:
    return json.loads((ONTOLOGY / "people.json").read_text(encoding="utf-8"))["people"]


@pytest.fixture(scope="module")
def places() -> list[dict]:
    return json.loads((ONTOLOGY / "places.json").read_text(encoding="utf-8"))["places"]


@pytest.fixture(scope="module")
def voc() -> vocab.Vocabulary:
    vocab.load_vocabulary.cache_clear()
    return vocab.load_vocabulary()


# issues ---------------------------------------------------------------------------------------------
def _schema_issue_ids() -> list[str]:
    if not SCHEMA.exists():
        return ISSUE_IDS
    text = SCHEMA.read_text(encoding="utf-8")
    section = text.split("## ISSUES", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\|\s*([A-Za-z0-9]+)\s*\|", section, flags=re.M)[1:]  # skip the header row "ID"


def test_schema_issue_ids_match_expected():
    assert sorted(_schema_issue_ids()) == sorted(ISSUE_IDS)


def test_scheme_has_exactly_the_schema_issues(graph):
    scheme = URIRef(ISSUE_NS + "scheme")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    assert graph.value(scheme, SKOS.prefLabel) is not None
    concepts = {str(c)[len(ISSUE_NS):] for c in graph.subjects(RDF.type, SKOS.Concept)}
    assert concepts == set(_schema_issue_ids())
    tops = {str(c)[len(ISSUE_NS):] for c in graph.objects(scheme, SKOS.hasTopConcept)}
    assert tops == concepts


@pytest.mark.parametrize("issue_id", ISSUE_IDS)
def test_issue_concept_well_formed(graph, issue_id):
    c = URIRef(ISSUE_NS + issue_id)
    scheme = URIRef(ISSUE_NS + "scheme")
    assert (c, SKOS.inScheme, scheme) in graph
    assert (c, SKOS.topConceptOf, scheme) in graph
    assert str(graph.value(c, SKOS.notation)) == issue_id
    prefs = list(graph.objects(c, SKOS.prefLabel))
    assert len(prefs) == 1 and isinstance(prefs[0], Literal) and prefs[0].language == "en"
    alts = list(graph.objects(c, SKOS.altLabel))
    assert len(alts) >= 3
    assert all(isinstance(a, Literal) and a.language == "en" for a in alts)
    assert graph.value(c, SKOS.definition) is not None
    # SKOS: a label is not both preferred and alternative/hidden
    pref = str(prefs[0])
    others = [str(x) for x in (*alts, *graph.objects(c, SKOS.hiddenLabel))]
    assert pref not in others
    assert len(others) == len(set(others)), "duplicate labels"


def test_issue_labels_not_too_generic(voc):
    too_generic = {"cooperation", "relations", "peace", "security", "development", "stability", "situation",
                   "issues", "talks", "dialogue", "exchanges", "who", "health", "economy", "economic", "values"}
    for issue in voc.issues:
        for label in issue.labels():
            assert fold(label) not in too_generic, (issue.id, label)


def test_loader_reads_issues(voc):
    assert sorted(i.id for i in voc.issues) == sorted(ISSUE_IDS)
    taiwan = voc.issue("Taiwan")
    assert taiwan is not None and taiwan.iri == ISSUE_NS + "Taiwan"
    assert any(fold(lbl) == "taiwan strait" for lbl in taiwan.labels())
    assert any(fold(lbl) == "xizang" for lbl in voc.issue("Tibet").labels())


# places ---------------------------------------------------------------------------------------------
def test_place_keys_unique_and_safe(places):
    keys = [p["key"] for p in places]
    assert len(keys) == len(set(keys))
    for p in places:
        assert SLUG.match(p["key"]), p["key"]
        assert p["name"]
        assert p["kind"] in KINDS, p
        if p.get("wikidata"):
            assert QID.match(p["wikidata"]), p


def test_place_containment_known_and_acyclic(places):
    by_key = {p["key"]: p for p in places}
    for p in places:
        seen = {p["key"]}
        cur = p
        while cur.get("within"):
            assert cur["within"] in by_key, (cur["key"], cur["within"])
            assert cur["within"] not in seen, f"containment cycle at {p['key']}"
            seen.add(cur["within"])
            cur = by_key[cur["within"]]


def test_place_aliases_unambiguous(places):
    owner: dict[str, str] = {}
    for p in places:
        for n in (p["name"], *p.get("aliases", ())):
            f = fold(n)
            assert owner.setdefault(f, p["key"]) == p["key"], (n, owner[f], p["key"])


def test_country_demonyms_unambiguous(places):
    owner: dict[str, str] = {}
    for p in places:
        if p["kind"] != "Country":
            continue
        for d in p.get("demonyms", ()):
            f = fold(d)
            assert owner.setdefault(f, p["key"]) == p["key"], (d, owner[f], p["key"])


def test_place_coverage(places):
    keys = {p["key"] for p in places}
    countries = [p for p in places if p["kind"] == "Country"]
    assert len(countries) >= 60
    # every UN member state and the two observer states, by ISO code
    un = set("AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM CA CF TD "
             "CL CN CO KM CG CD CR CI HR CU CY CZ KP DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR GA GM GE DE GH GR GD "
             "GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KW KG LA LV LB LS LR LY LI LT LU MG MW MY "
             "MV ML MT MH MR MU MX FM MD MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT "
             "QA KR RO RU RW KN LC VC WS SM ST SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG "
             "TO TT TN TR TM TV UG UA AE GB US UY UZ VU VE VN YE ZM ZW VA PS".split())
    assert len(un) == 195
    assert un <= {p.get("iso") for p in countries}
    assert len(places) >= 120
    for k in ["china", "united-states", "russia", "united-kingdom", "france", "germany", "japan", "india", "brazil",
              "canada", "italy", "australia", "south-korea", "north-korea", "mexico", "indonesia", "turkey",
              "saudi-arabia", "south-africa", "argentina", "european-union", "ukraine", "israel", "pakistan",
              "beijing", "washington-dc", "white-house", "moscow", "kremlin", "busan", "panmunjom", "mar-a-lago",
              "anchorage", "bali", "kazan", "sochi", "canberra", "pyongyang", "singapore", "hanoi", "filoli"]:
        assert k in keys, k


def test_ancestors(voc):
    beijing = voc.place("Beijing")
    assert beijing is not None
    assert "china" in [p.key for p in voc.ancestors(beijing)]
    mal = voc.place("Mar-a-Lago")
    assert [p.key for p in voc.ancestors(mal)] == ["palm-beach", "florida", "united-states"]
    assert "united-states" in [p.key for p in voc.ancestors(voc.place("Anchorage"))]
    assert "south-korea" in [p.key for p in voc.ancestors(voc.place("Busan"))]
    assert voc.place("the Kremlin").key == "kremlin"


def test_demonyms(voc):
    assert voc.country_of_demonym("Chinese").key == "china"
    assert voc.country_of_demonym("U.S.").key == "united-states"
    assert voc.country_of_demonym("American").key == "united-states"
    assert voc.country_of_demonym("British").key == "united-kingdom"
    assert voc.country_of_demonym("South Korean").key == "south-korea"
    assert voc.country_of_demonym("DPRK").key == "north-korea"


# people ---------------------------------------------------------------------------------------------
def test_people_well_formed(people, places):
    place_keys = {p["key"] for p in places}
    keys = [p["key"] for p in people]
    assert len(keys) == len(set(keys))
    for p in people:
        assert SLUG.match(p["key"]), p["key"]
        assert p["name"], p
        assert p.get("country") in place_keys, (p["key"], p.get("country"))
        assert p.get("offices"), f"{p['key']} has no office"
        if p.get("wikidata"):
            assert QID.match(p["wikidata"]), p
        for o in p["offices"]:
            assert o["title"], p["key"]
            assert o["country"] in place_keys, (p["key"], o)
            assert o["role"] in ROLES, (p["key"], o)
            assert o.get("start") is None or ISO_DATE.match(o["start"]), (p["key"], o)
            assert o.get("end") is None or ISO_DATE.match(o["end"]), (p["key"], o)
            if o.get("start") and o.get("end"):
                assert o["start"] <= o["end"], (p["key"], o)


def test_no_alias_maps_to_two_people(people):
    owner: dict[str, str] = {}
    for p in people:
        for n in (p["name"], *p.get("aliases", ())):
            f = fold(n)
            assert owner.setdefault(f, p["key"]) == p["key"], (n, owner[f], p["key"])


def test_ambiguous_surnames_not_aliases(voc):
    for surname in ["Li", "Kim", "Lee", "Singh", "Khan", "Sharif", "Wang", "Fernandez", "Nguyen"]:
        assert voc.person(surname) is None, surname


def test_no_overlapping_terms_of_one_office(people):
    """Two people must not hold the same (country, title) on the same day, except on the handover day."""
    terms: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for p in people:
        for o in p["offices"]:
            terms.setdefault((o["country"], fold(o["title"])), []).append(
                (o.get("start") or "0000-00-00", o.get("end") or "9999-12-31", p["key"]))
    for (country, title), ts in terms.items():
        ts.sort()
        for (s1, e1, k1), (s2, e2, k2) in zip(ts, ts[1:]):
            if k1 != k2:
                assert s2 >= e1, f"{country}/{title}: {k1} until {e1} overlaps {k2} from {s2}"


def test_office_holders(voc):
    def holder(country, title, date):
        p = voc.office_holder(country, title, date)
        return p.name if p else None

    assert holder("united-states", "President", "2019-06-01") == "Donald Trump"
    assert holder("united-states", "President", "2022-03-01") == "Joe Biden"
    assert holder("united-states", "President", "2025-06-01") == "Donald Trump"
    assert holder("united-states", "President", "2012-06-01") == "Barack Obama"
    assert holder("china", "President", "2017-04-24") == "Xi Jinping"
    assert holder("china", "Premier", "2024-06-17") == "Li Qiang"
    assert holder("china", "Premier", "2015-01-01") == "Li Keqiang"
    assert holder("china", "Premier", "2010-01-01") == "Wen Jiabao"
    assert holder("russia", "President", "2010-01-01") == "Dmitry Medvedev"
    assert holder("russia", "Prime Minister", "2010-01-01") == "Vladimir Putin"
    assert holder("russia", "President", "2024-06-18") == "Vladimir Putin"
    assert holder("germany", "Chancellor", "2022-03-08") == "Olaf Scholz"
    assert holder("japan", "Prime Minister", "2025-05-23") == "Shigeru Ishiba"
    assert holder("south-korea", "President", "2019-06-30") == "Moon Jae-in"
    assert holder("united-kingdom", "Prime Minister", "2022-10-01") == "Liz Truss"
    assert holder("united-kingdom", "King", "2023-01-01") == "Charles III"
    assert holder("brazil", "President", "2024-01-01") == "Luiz Inácio Lula da Silva"
    assert holder("australia", "Prime Minister", "2024-06-17") == "Anthony Albanese"
    assert holder("european-union", "President of the European Commission", "2022-01-01") == "Ursula von der Leyen"
    assert holder("european-union", "President of the European Council", "2025-01-01") == "António Costa"


def test_g20_heads_covered(voc):
    """Every G20 member country has a head of state or government on a few sample dates."""
    g20 = ["argentina", "australia", "brazil", "canada", "china", "france", "germany", "india", "indonesia", "italy",
           "japan", "mexico", "russia", "saudi-arabia", "south-africa", "south-korea", "turkey", "united-kingdom",
           "united-states", "ukraine", "israel", "north-korea", "pakistan"]
    for date in ["2009-06-01", "2014-06-01", "2019-06-01", "2023-06-01", "2026-06-01"]:
        for country in g20:
            found = [p for p in voc.people for o in p.offices
                     if o.country == country and o.role in ("head_of_state", "head_of_government") and o.held_on(date)]
            assert found, f"no leader of {country} on {date}"


def test_person_lookup(voc):
    assert voc.person("Mr. Xi").name == "Xi Jinping"
    assert voc.person("Donald J. Trump").name == "Donald Trump"
    assert voc.person("Kim Jong-un").name == "Kim Jong Un"
    assert voc.person("Erdogan").name == "Recep Tayyip Erdoğan"
    assert voc.person("Zelensky").name == "Volodymyr Zelenskyy"
    assert voc.person("Lula").name == "Luiz Inácio Lula da Silva"
    assert voc.person("MBS").name == "Mohammed bin Salman"
    assert voc.person("Yoon Suk-yeol").name == "Yoon Suk Yeol"
    assert voc.person("President Putin").name == "Vladimir Putin"
