"""kg eval: hand-computed counts on a fixture, agreement with the reference scorer, and a quality floor."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.evaluate import evaluate, evaluate_dir, predict_dir, predictions_from_list

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
DEV = Path(__file__).parents[1].parent / "shared" / "eval" / "dev"
SCORER = DEV.parent / "score.py"
FLOOR = 0.94  # extraction F1 on the dev set; raise it as the extractor improves


def test_hand_computed_counts_on_fixture():
    preds = predictions_from_list(json.loads((FIXTURES / "basic_predictions.json").read_text()))
    report = evaluate(FIXTURES / "basic", preds)
    got = {f: (t.tp, t.fp, t.fn) for f, t in report.tallies.items()}
    assert got == {
        "events": (1, 0, 1), "type": (1, 0, 1), "date": (1, 0, 1), "participants": (2, 0, 2),
        "initiator": (0, 0, 1), "issues": (1, 1, 1), "issue_speakers": (1, 1, 2),
        "prior_meetings": (1, 0, 0), "planned_meetings": (0, 1, 0),
    }
    assert report.documents == 2
    p, r, f = report.field_scores()["participants"]
    assert (p, r) == (1.0, 0.5) and abs(f - 2 / 3) < 1e-9
    assert any("meet_b: missed event" in e for e in report.errors)


def test_missing_document_is_reported():
    report = evaluate(FIXTURES / "basic", {})
    assert any("no prediction" in e for e in report.errors)
    assert report.tallies["events"].fn == 2


def test_evaluate_dir_runs_the_extractor_on_fixture():
    report = evaluate_dir(FIXTURES / "basic")
    assert report.documents == 2
    assert report.tallies["events"].tp == 2
    assert report.tallies["initiator"].tp == 1


def _scorer_json(gold: Path, preds: list[dict], tmp_path: Path) -> dict:
    pred_file = tmp_path / "pred.json"
    pred_file.write_text(json.dumps(preds), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCORER), str(gold), str(pred_file), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.skipif(not SCORER.exists(), reason="shared scorer not available")
def test_agrees_with_reference_scorer_on_fixture(tmp_path):
    preds = json.loads((FIXTURES / "basic_predictions.json").read_text())
    ref = _scorer_json(FIXTURES / "basic", preds, tmp_path)
    ours = evaluate(FIXTURES / "basic", predictions_from_list(preds))
    assert round(ours.f1, 3) == round(ref["f1"], 3)


@pytest.mark.skipif(not DEV.exists(), reason="dev set not available")
def test_agrees_with_reference_scorer_on_dev_and_meets_floor(tmp_path):
    preds, _ = predict_dir(DEV)
    ref = _scorer_json(DEV, preds, tmp_path)
    ours = evaluate(DEV, predictions_from_list(preds))
    assert round(ours.f1, 3) == round(ref["f1"], 3)
    for field, (p, r, f) in ours.field_scores().items():
        assert round(f, 3) == round(ref["fields"][field]["f1"], 3), field
        assert round(p, 3) == round(ref["fields"][field]["precision"], 3), field
    assert ours.f1 >= FLOOR, ours.format(show_errors=True)
