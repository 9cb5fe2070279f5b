"""Saved queries, safe parameter binding and query errors."""

import json
import subprocess
import sys

import pytest

from kg.errors import QueryError, UsageError
from kg.pipeline import publish
from kg.query import bind, check_query, resolve_query, run, saved_queries

from .factories import disputed_pair, make_extraction

REQUIRED = {"timeline": ["from", "to"], "calls-requested-by": ["person"], "issues-raised-by": ["person"],
            "refers-back-to": ["place"], "engagements-between": ["a", "b"], "meeting-mentions": ["place"],
            "disputed": []}


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("qbuild")
    xs = disputed_pair()
    xs.append(make_extraction("visit", "Xi Jinping met Donald Trump in Beijing.", [{
        "type": "PhoneCall", "date": "2017-11-29", "participants": ["Xi Jinping", "Donald Trump"],
        "initiator": "Donald Trump",
        "prior_meetings": [{"label": "state visit", "place": "Beijing", "date": "2017-11"}]}]))
    xs.append(make_extraction("announce", "Trump will visit China.", [{
        "type": "PhoneCall", "date": "2017-04-24", "participants": ["Xi Jinping", "Donald Trump"],
        "planned_meetings": [{"label": "visit to China", "place": "China", "date": "2017"}],
        "prior_meetings": [{"label": "Mar-a-Lago meeting", "place": "Mar-a-Lago", "date": "2017-04"}]}]))
    publish(xs, out)
    return out


def q(build_dir, name, **params):
    text, declared = resolve_query(name)
    return run(build_dir, bind(text, params, declared))


def test_every_saved_query_has_a_header_and_its_parameters():
    saved = saved_queries()
    for name, params in REQUIRED.items():
        assert name in saved
        assert saved[name].description, name
        assert list(saved[name].params) == params


def test_calls_requested_by_matches_aliases_any_case(build_dir):
    for who in ("Donald Trump", "trump", "DONALD J. TRUMP"):
        cols, rows = q(build_dir, "calls-requested-by", person=who)
        dates = sorted(r[cols.index("date")] for r in rows)
        assert dates == ["2017-11-29", "2025-03-03"], who
    assert q(build_dir, "calls-requested-by", person="Xi Jinping")[1] == []


def test_injection_in_a_parameter_returns_nothing(build_dir):
    cols, rows = q(build_dir, "calls-requested-by", person='nobody" } UNION { ?s ?p ?o } #')
    assert rows == []
    cols, rows = q(build_dir, "issues-raised-by", person='x" || true || "')
    assert rows == []


def test_place_containment(build_dir):
    cols, rows = q(build_dir, "meeting-mentions", place="china")
    assert len({r[cols.index("meeting")] for r in rows}) == 1
    assert sorted(r[cols.index("relation")] for r in rows) == ["announces", "refersBackTo"]
    cols, rows = q(build_dir, "refers-back-to", place="Mar-a-Lago")
    assert [r[cols.index("date")] for r in rows] == ["2017-04-24"]
    cols, rows = q(build_dir, "refers-back-to", place="United States")
    assert [r[cols.index("date")] for r in rows] == ["2017-04-24"]


def test_disputed_shows_each_sources_claim(build_dir):
    cols, rows = q(build_dir, "disputed")
    got = {(r[cols.index("claim")], r[cols.index("value")], r[cols.index("assertedBy")]) for r in rows}
    assert ("initiator", "Donald Trump", "cn_readout.txt") in got
    assert ("issue", "Taiwan", "cn_readout.txt") in got
    assert ("issue", "Fentanyl", "us_readout.txt") in got
    assert ("issue speaker", "Taiwan: Xi Jinping", "cn_readout.txt") in got
    assert not any(c == "issue" and v.lower().startswith("trade") for c, v, _ in got)  # both assert trade


def test_corroborated_engagements_are_typed_in_the_resolved_graph(build_dir):
    """The build types an engagement several documents report kg:CorroboratedEngagement (disputed starts there)."""
    cols, rows = run(build_dir, "SELECT ?e ?g WHERE { GRAPH ?g { ?e a kg:CorroboratedEngagement } }")
    assert len(rows) == 1 and "2025-03-03" in rows[0][0]
    assert rows[0][1].strip("<>").startswith("https://w3id.org/kg/id/graph/resolved")


def test_timeline_long_period_scans_and_matches(build_dir):
    """A period over ten years is read by scanning the dates; it lists the same rows as the lookup path."""
    cols, every = q(build_dir, "timeline")
    dated = sorted(r[cols.index("engagement")] for r in every if r[cols.index("date")])
    _, long = q(build_dir, "timeline", **{"from": "2000", "to": "2030"})
    assert sorted(r[cols.index("engagement")] for r in long) == dated
    _, short = q(build_dir, "timeline", **{"from": "2017", "to": "2025"})
    assert sorted(r[cols.index("engagement")] for r in short) == dated
    assert long == short


def test_errors_are_one_line(build_dir):
    with pytest.raises(QueryError, match="malformed SPARQL"):
        run(build_dir, "SELECT ?x WHERE { ?x ")
    with pytest.raises(UsageError, match="Available"):
        resolve_query("no-such-query")
    text, declared = resolve_query("calls-requested-by")
    with pytest.raises(UsageError, match="missing parameter"):
        bind(text, {}, declared)
    with pytest.raises(UsageError, match="no build"):
        run(build_dir / "nope", "SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="SERVICE"):
        check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
    check_query('SELECT * WHERE { ?s ?p "SERVICE" }')  # a string is not a keyword


def test_timeout_stops_a_slow_query(build_dir):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with pytest.raises(QueryError, match="timed out"):
        run(build_dir, slow, timeout=0.5)


def test_cli_query_formats_and_exit_codes(build_dir):
    kg = [sys.executable, "-m", "kg"]
    r = subprocess.run(kg + ["query", "calls-requested-by", "--param", "person=Trump", "--format", "json",
                             "--graph", str(build_dir)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)) == 2
    r = subprocess.run(kg + ["query", "SELECT ?x WHERE {", "--graph", str(build_dir)], capture_output=True, text=True)
    assert r.returncode == 1 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = subprocess.run(kg + ["query", "calls-requested-by", "--graph", str(build_dir)], capture_output=True, text=True)
    assert r.returncode == 2 and "missing parameter" in r.stderr
    r = subprocess.run(kg + ["query", "--list"], capture_output=True, text=True)
    assert r.returncode == 0 and "meeting-mentions" in r.stdout and "--param place" in r.stdout


def test_timeline_period_is_optional_and_inclusive(build_dir):
    """from/to may be left out (every engagement, dated or not); to=2017 includes all of 2017."""
    cols, every = q(build_dir, "timeline")
    dates = [r[cols.index("date")] for r in every]
    assert len(every) >= 2 and "2017-11-29" in dates
    _, y2017 = q(build_dir, "timeline", **{"from": "2017", "to": "2017"})
    assert sorted(r[cols.index("date")] for r in y2017) == sorted(d for d in dates if d and d.startswith("2017"))
    _, none = q(build_dir, "timeline", **{"from": "2017-11-30", "to": "2017-12"})
    assert all(not (r[cols.index("date")] or "").startswith("2017-11-29") for r in none)
    _, after = q(build_dir, "timeline", **{"from": "2018"})
    assert all((r[cols.index("date")] or "") >= "2018" for r in after)
    assert len(after) == len([d for d in dates if d and d >= "2018"])


def test_lookup_keys_find_people_by_folded_spelling(build_dir):
    """kg:lookupKey literals let the saved queries match 'ERDOĞAN', 'erdogan' or 'Erdogan' alike."""
    cols, rows = q(build_dir, "calls-requested-by", person="donald   TRUMP")
    assert rows, "whitespace and case are folded like the stored keys"


def test_disputed_lists_a_fact_a_report_states_twice_once(tmp_path):
    """Two mentions of one issue by one speaker in a report give one row per pair of reports."""
    from kg.model import Evidence, IssueMention

    xs = disputed_pair()
    cn = xs[0].engagements[0]
    taiwan = next(m for m in cn.issues if m.issue == "Taiwan")
    text = xs[0].document.text
    at = text.index("The two presidents")  # another sentence of the same report says it again
    cn.issues.append(IssueMention(taiwan.issue, list(taiwan.speakers), Evidence(xs[0].document.id, text[at:], at, len(text))))
    publish(xs, tmp_path)
    text, declared = resolve_query("disputed")
    cols, rows = run(tmp_path, bind(text, {}, declared))
    assert rows and len(rows) == len({tuple(r) for r in rows})
    assert [r for r in rows if r[cols.index("claim")] == "issue" and r[cols.index("value")] == "Taiwan"]
