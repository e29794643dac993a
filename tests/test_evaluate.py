"""The scoring code of ``eventwire.evaluate`` on small made-up inputs (no evaluation data is used here)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from eventwire.evaluate import main, run_suite
from eventwire.evaluate.case2021 import label_of, predict
from eventwire.evaluate.common import (
    SuiteResult,
    accuracy,
    confusions,
    fold,
    overlaps,
    per_class_f1,
    prf,
    sha256_files,
    text_overlap,
    weighted_f1,
)
from eventwire.evaluate.gate import PinError, compare, empty_baseline, failed, floor_pin, update_pins
from eventwire.evaluate.petrarch import read_mapping, read_records, to_plover
from eventwire.evaluate.plover import current, side_scores
from eventwire.evaluate.timex import norm_value, parse_tml, value_right
from eventwire.extract import Extractor
from eventwire.models import Actor, Article, Event, Extraction, TimeMention


def test_weighted_f1_by_hand() -> None:
    gold = ["A", "A", "A", "B"]
    pred: list[str | None] = ["A", "A", "B", None]
    # A: p=2/2, r=2/3, f=0.8 (support 3); B: p=0/1, r=0, f=0 (support 1)
    assert weighted_f1(gold, pred) == pytest.approx(0.8 * 3 / 4)
    table = per_class_f1(gold, pred)
    assert table["A"][:2] == pytest.approx((1.0, 2 / 3))
    assert table["B"] == (0.0, 0.0, 0.0, 1)
    assert accuracy(gold, pred) == 0.5
    assert confusions(gold, pred) == [("A", "B", 1), ("B", "-", 1)]


def test_weighted_f1_restricted_classes_and_edges() -> None:
    gold = ["A", "X", "B"]
    pred: list[str | None] = ["A", "A", "B"]
    assert weighted_f1(gold, pred, classes={"A", "B"}) == pytest.approx(1.0)
    assert weighted_f1(gold, pred) < 1.0
    assert weighted_f1([], []) == 0.0
    with pytest.raises(ValueError):
        per_class_f1(["A"], [])
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    assert prf(1, 2, 4) == pytest.approx((0.5, 0.25, 1 / 3))


def test_spans_and_names() -> None:
    assert overlaps((0, 5), (4, 9))
    assert not overlaps((0, 5), (5, 9))
    assert fold("  Al-Shabaab  Fighters ") == "al shabaab fighters"
    assert text_overlap("the Kenyan army", "Kenyan army")
    assert not text_overlap("", "army")
    assert not text_overlap("navy", "army")


def test_checksum_changes_with_content(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("one", encoding="utf-8")
    first = sha256_files([f], tmp_path)
    f.write_text("two", encoding="utf-8")
    assert sha256_files([f], tmp_path) != first


def _event(event: str, sub: str | None, conf: float) -> Event:
    return Event(id=f"e{conf}", article_id="a", event=event, sub_event_type=sub, confidence=conf)


def test_case2021_label_of_most_confident_event() -> None:
    assert label_of("Air/drone strike") == "AIR_STRIKE"
    assert label_of("Peaceful protest") == "PEACE_PROTEST"
    assert label_of(None) is None
    art = Article(id="a", text="made up")
    x = Extraction(article=art, events=[_event("ASSAULT", "Armed clash", 0.6),
                                        _event("ASSAULT", "Air/drone strike", 0.9)])
    assert predict(x) == "AIR_STRIKE"
    assert predict(Extraction(article=art)) is None


TML = """<?xml version="1.0" ?><TimeML><DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2010-03-10" functionInDocument="CREATION_TIME">March 10, 2010</TIMEX3></DCT>
<TEXT>The mayor &amp; council met on <TIMEX3 tid="t1" type="DATE" value="2010-03-08">Monday</TIMEX3> and
will vote <TIMEX3 tid="t2" type="DATE" value="2010-XX-XX">this year</TIMEX3>
<TIMEX3 tid="t3" type="DATE" value="PRESENT_REF">now</TIMEX3>.</TEXT></TimeML>"""


def test_parse_tml_offsets_point_into_the_plain_text() -> None:
    anchor, text, timexes = parse_tml(TML)
    assert anchor is not None and anchor.isoformat() == "2010-03-10"
    assert "&amp;" not in text and "mayor & council" in text
    assert [text[s:e] for s, e, _, _ in timexes] == ["Monday", "this year", "now"]
    assert [v for *_, v in timexes] == ["2010-03-08", "2010-XX-XX", "PRESENT_REF"]


def _tm(value: str | None) -> TimeMention:
    return TimeMention(text="x", start=0, end=1, value=value)


def test_timex_value_at_gold_precision() -> None:
    assert norm_value("2010-XX-XX") == "2010"
    assert norm_value("2010-03-08TNI") == "2010-03-08"
    assert norm_value("2010-W2") == "2010-W02"
    assert value_right("2010-XX-XX", _tm("2010"))
    assert value_right("2010", _tm("2010-06-01"))  # ours finer: cut to the gold year
    assert value_right("2010-03", _tm("2010-03-08"))
    assert not value_right("2010-03-08", _tm("2010-03"))  # ours coarser: wrong
    assert not value_right("2010-03-08", _tm("2010-03-09"))
    assert not value_right("2010", _tm(None))
    assert value_right("2010-03-08", _tm("2010-03-08/2010-03-09"))


def test_timex_unknown_parts_and_range_endpoints() -> None:
    assert norm_value("2010-WXX") == "2010" and norm_value("2010-QX") == "2010"
    assert norm_value("2010-12-XX") == "2010-12"
    assert value_right("2010-WXX", _tm("2010-W14"))  # "last week": a week of 2010, ours that week
    assert value_right("2010-QX", _tm("2010-Q3")) and value_right("2010-QX", _tm("2010"))
    assert value_right("2010", _tm("2010-SU")) and value_right("2010", _tm("2010-H1"))
    assert not value_right("2010-Q3", _tm("2010"))  # ours coarser: still wrong
    assert not value_right("2010-03", _tm("2010-W10"))  # a week is not cut to a month
    assert value_right("199X", _tm("1995")) and not value_right("199X", _tm("2001"))
    # "between 1994 and 1997": two gold TIMEX3s, one range of ours
    assert value_right("1997", _tm("1994/1997")) and value_right("1994", _tm("1994/1997"))
    assert not value_right("1996", _tm("1994/1997"))


def test_plover_old_names_and_actor_sides() -> None:
    assert current("DEMAND") == "REQUEST" and current("FIGHT") == "ASSAULT" and current("AID") == "AID"
    iso3 = frozenset({"KEN", "SOM"})
    ours = [Actor(text="Kenyan troops", name="Kenya Defence Forces", country="KEN")]
    assert side_scores([{"actorText": "Kenyan", "code": "KENMIL"}], ours, iso3) == (True, True)
    assert side_scores([{"actorText": "Somali", "code": "SOM"}], ours, iso3) == (False, False)
    assert side_scores([{"actorText": "UN", "code": "IGOUNO"}], ours, iso3) == (False, None)


def test_cameo_to_plover_mapping_by_longest_prefix() -> None:
    mapping = read_mapping("# comment\n19: ASSAULT\n190: ASSAULT,  ,\n04: CONSULT\n042: CONSULT, visit, # a visit\n")
    assert mapping == {"19": "ASSAULT", "190": "ASSAULT", "04": "CONSULT", "042": "CONSULT"}
    assert to_plover("0421", mapping) == "CONSULT"
    assert to_plover("195", mapping) == "ASSAULT"
    assert to_plover("903", mapping) is None


def test_petrarch_records_made_up() -> None:
    xml = """<Validation><Sentences>
    <Sentence date="20010203" id="T-1" category="X"><EventCoding sourcecode="AAA" targetcode="BBB" eventcode="042">
    </EventCoding><Text>The envoy of Aland visited Borduria.</Text></Sentence>
    <Sentence date="20010203" id="T-2" category="X"><EventCoding noevents="True"></EventCoding>
    <Text>Nothing happened there.</Text></Sentence></Sentences></Validation>"""
    recs = read_records(xml, {"04": "CONSULT"})
    assert [(r[0], r[3], r[4]) for r in recs] == [("T-1", {"CONSULT"}, False), ("T-2", set(), True)]
    assert recs[0][2] is not None and recs[0][2].isoformat() == "2001-02-03"


def test_absent_data_is_skipped_not_passed(tmp_path: Path) -> None:
    r = run_suite("case2021", tmp_path, lambda: pytest.fail("no extractor needed"), None)
    assert r.skipped == "data absent" and not r.metrics
    out = tmp_path / "r.json"
    assert main(["timex", "--data", str(tmp_path), "--json", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["skipped"] == "data absent"


def test_case2021_suite_end_to_end_on_made_up_snippets(tmp_path: Path, extractor: Extractor) -> None:
    d = tmp_path / "case2021-task2"
    d.mkdir()
    rows = ["id\tEventSnippet\tSubType",
            "1\tHundreds of teachers marched peacefully through the capital on Tuesday to demand higher pay.\t"
            "PEACE_PROTEST",
            "2\tThe weather was mild and the market opened as usual.\tARMED_CLASH"]
    (d / "dev.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = run_suite("case2021", tmp_path, lambda: extractor, None)
    assert r.counts["snippets"] == 2 and r.data_sha256
    assert r.counts["no_label"] >= 1  # nothing happens in the second snippet
    assert 0.0 <= r.metrics["weighted_f1"] <= 0.5  # the second is wrong whatever the first gets
    buf = io.StringIO()
    from eventwire.evaluate import render

    render(r, buf)
    assert "weighted_f1" in buf.getvalue()


# --- the gate ------------------------------------------------------------------------------------------

PINNED: dict[str, tuple[str, ...]] = {"s": ("f1", "acc")}


def _res(f1: float, acc: float, sha: str = "abc", limit: int | None = 10) -> SuiteResult:
    return SuiteResult(suite="s", metrics={"f1": f1, "acc": acc}, data_sha256=sha, limit=limit)


def _pinned(f1: float = 0.5, acc: float = 0.6) -> dict[str, Any]:
    b = empty_baseline()
    update_pins(b, [_res(f1, acc)], PINNED)
    return b


def test_pins_are_floored_and_gate_passes_on_equal_scores() -> None:
    assert floor_pin(0.50049) == 0.5 and floor_pin(0.4999) == 0.499
    b = _pinned(0.5004, 0.6)
    assert b["suites"]["s"]["pins"] == {"f1": 0.5, "acc": 0.6}
    lines = compare(b, [_res(0.5004, 0.6)])
    assert not failed(lines) and {x.status for x in lines} == {"ok"}


def test_gate_fails_below_pin_beyond_tolerance_only() -> None:
    b = _pinned()
    assert not failed(compare(b, [_res(0.4985, 0.6)]))  # within 0.002
    lines = compare(b, [_res(0.49, 0.6)])
    assert failed(lines)
    assert [x.metric for x in lines if x.status == "below"] == ["f1"]


def test_changed_data_or_limit_is_not_comparable_and_absent_data_is_skipped() -> None:
    b = _pinned()
    assert [x.status for x in compare(b, [_res(0.9, 0.9, sha="other")])] == ["not comparable"]
    assert failed(compare(b, [_res(0.9, 0.9, limit=20)]))
    lines = compare(b, [SuiteResult(suite="s", skipped="data absent")])
    assert [x.status for x in lines] == ["skipped"] and not failed(lines)
    assert [x.status for x in compare(b, [SuiteResult(suite="t", metrics={"f1": 1.0})])] == ["unpinned"]


def test_raising_is_free_lowering_needs_flag_and_reason() -> None:
    b = _pinned()
    assert update_pins(b, [_res(0.7, 0.6)], PINNED) == ["s.f1: 0.5 -> 0.7"]
    with pytest.raises(PinError):
        update_pins(b, [_res(0.6, 0.6)], PINNED)
    with pytest.raises(PinError):
        update_pins(b, [_res(0.6, 0.6)], PINNED, lower=True)
    update_pins(b, [_res(0.6, 0.6)], PINNED, lower=True, reason="trade-off for recall")
    assert b["suites"]["s"]["pins"]["f1"] == 0.6
    assert b["history"][-1]["reason"] == "trade-off for recall"
    with pytest.raises(PinError):
        update_pins(b, [_res(0.1, 0.1, sha="new")], PINNED)
    update_pins(b, [_res(0.1, 0.1, sha="new")], PINNED, reason="data set re-released")
    assert b["suites"]["s"]["data_sha256"] == "new"
    assert not failed(compare(b, [_res(0.1, 0.1, sha="new")]))


def test_idmc_merges_annotators_and_reads_fact_kinds() -> None:
    from eventwire.evaluate.idmc import merge

    spans = [(10, 30, "more than 500 people", "PERSON"), (20, 30, "500 people", "PERSON"),
             (50, 62, "80 families", "HOUSEHOLD")]
    facts = [(0, 40, "EVACUATED"), (45, 70, "REFUGEE")]
    qs = merge(spans, facts)
    assert [(q.start, q.end) for q in qs] == [(10, 30), (50, 62)]
    assert qs[0].texts == {"more than 500 people", "500 people"} and qs[0].kinds == {"displaced"}
    assert qs[1].units == {"households"} and qs[1].kinds == {"refugees"}
    assert qs[0].states_amount and qs[1].states_amount


def test_idmc_quantities_that_state_no_amount() -> None:
    from eventwire.evaluate.idmc import merge

    qs = merge([(0, 9, "residents", "PERSON"), (20, 26, "houses", "BUILDING_STRUCTURE"),
                (30, 45, "hundreds of homes", "BUILDING_STRUCTURE"), (50, 70, "three quarters of it", "PERSON"),
                (80, 95, "10% of them", "PERSON")], [])
    assert [q.states_amount for q in qs] == [False, False, True, True, True]


def test_muc4_keys_baseline_and_types() -> None:
    from eventwire.evaluate.muc4 import baseline_counts, incident_type, key_counts

    key = ("0.  MESSAGE: ID                    TST9-MUC4-0001\n"
           "21. HUM TGT: NUMBER                4: \"FARMERS\"\n"
           "                                   1: \"A JUDGE\"\n"
           "24. HUM TGT: TOTAL NUMBER          12\n"
           "0.  MESSAGE: ID                    TST9-MUC4-0002\n"
           "21. HUM TGT: NUMBER                PLURAL: \"GUARDS\"\n")
    assert key_counts(key) == {"TST9-MUC4-0001": {4, 12}, "TST9-MUC4-0002": set()}
    assert baseline_counts("gunmen shot three unarmed peasants and 12 soldiers; 1990 was bad") == {3, 12}
    assert incident_type(_event("ASSAULT", "Remote explosive/landmine/IED", 0.5)) == "bombing"
    assert incident_type(_event("ASSAULT", "Abduction/forced disappearance", 0.5)) == "kidnapping"
    assert incident_type(_event("ASSAULT", "Armed clash", 0.5)) == "attack"


def test_fusion_cache_key_follows_the_code_not_only_the_stage_names(tmp_path: Path) -> None:
    from eventwire.evaluate.fusion import code_digest

    (tmp_path / "events.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "triggers.tsv").write_text("kill\tASSAULT\n", encoding="utf-8")
    (tmp_path / "evaluate").mkdir()
    (tmp_path / "evaluate" / "fusion.py").write_text("Y = 1\n", encoding="utf-8")
    first = code_digest(tmp_path)
    (tmp_path / "evaluate" / "fusion.py").write_text("Y = 2\n", encoding="utf-8")  # scoring code: same key
    assert code_digest(tmp_path) == first
    (tmp_path / "data" / "triggers.tsv").write_text("kill\tASSAULT\nshell\tASSAULT\n", encoding="utf-8")
    second = code_digest(tmp_path)
    assert second != first
    (tmp_path / "events.py").write_text("X = 2\n", encoding="utf-8")
    assert code_digest(tmp_path) != second
