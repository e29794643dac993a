"""Fusion: each linking rule, each figure rule, the store round trip and one end-to-end run."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from eventwire import fuse, tallies
from eventwire.export import write_incidents
from eventwire.models import Actor, Article, Claim, Claimant, Event, Extraction, Figure, Place, Span
from eventwire.store import Filters, Store

D = dt.date(2021, 3, 9)
TOWN = Place(text="Maarat", name="Maarat", geonameid=1, lat=35.64, lon=36.67, country_code="SY",
             admin1="Idlib", resolution=4, feature_code="PPL")
TOWN_NEAR = Place(text="Quarter", name="Quarter", geonameid=2, lat=35.66, lon=36.69, country_code="SY",
                  admin1="Idlib", resolution=4, feature_code="PPL")
TOWN_FAR = Place(text="Hama", name="Hama", geonameid=3, lat=35.13, lon=36.75, country_code="SY",
                 admin1="Hama", resolution=4, feature_code="PPLA")
PROVINCE = Place(text="Idlib province", name="Idlib", geonameid=4, lat=35.8, lon=36.6, country_code="SY",
                 admin1="Idlib", resolution=2, feature_code="ADM1")
OTHER_PROVINCE = Place(text="Hama province", name="Hama", geonameid=5, lat=35.2, lon=36.9, country_code="SY",
                       admin1="Hama", resolution=2, feature_code="ADM1")
ARMY = Actor(text="the army", name="Syrian Arab Army", id="mil-syr")


def ev(eid: str, text: str, *, event: str = "ASSAULT", etype: str | None = "Explosions/Remote violence",
       sub: str | None = None, place: Place | None = TOWN, date: dt.date | None = D,
       precision: str = "day", kind: str = "exact", actors: list[Actor] | None = None,
       fatalities: int | None = None, figures: list[str] | None = None) -> Event:
    return Event(id=eid, article_id=eid.split("-e")[0], event=event, event_type=etype, sub_event_type=sub,
                 event_loc=place, date=date, end_date=date, date_precision=precision,  # type: ignore[arg-type]
                 date_kind=kind, actor=actors or [], fatalities=fatalities,  # type: ignore[arg-type]
                 figures=figures or [], evidence=[Span(start=0, end=len(text), text=text)], confidence=0.8)


def cand(event: Event, published: dt.date | None = D) -> fuse.Candidate:
    return fuse.Candidate(event, published, fuse.event_order(event, published))


MARKET_A = "A barrel bomb struck the vegetable market in Maarat killing eleven shoppers, rescuers said."
MARKET_B = "Eleven shoppers died when a barrel bomb hit the crowded vegetable market of Maarat on Tuesday."
CLINIC = "Rebels fired mortar rounds at the clinic in the eastern quarter, wounding two nurses."


# --- linking rules -------------------------------------------------------------------------------------


def test_type_rule() -> None:
    assert fuse.type_score(ev("a-e1", MARKET_A), ev("b-e1", MARKET_B)) == 1.0
    battle = ev("b-e1", MARKET_B, etype="Battles")
    assert fuse.type_score(ev("a-e1", MARKET_A), battle) == pytest.approx(0.6)
    protest = ev("b-e1", "Crowds marched through the square.", event="PROTEST", etype="Protests")
    assert fuse.type_score(ev("a-e1", MARKET_A), protest) is None
    air = ev("a-e1", MARKET_A, sub="Air/drone strike")
    shelling = ev("b-e1", MARKET_B, sub="Shelling/artillery/missile attack")
    assert fuse.type_score(air, shelling) == pytest.approx(0.7)


def test_place_rule_depends_on_precision() -> None:
    assert fuse.place_score(TOWN, TOWN) == 1.0
    assert fuse.place_score(TOWN, TOWN_NEAR) == 0.8  # about 3 km apart
    assert fuse.place_score(TOWN, TOWN_FAR) is None  # about 57 km apart
    assert fuse.place_score(TOWN, PROVINCE) == 0.3  # a town in the province named
    assert fuse.place_score(TOWN, OTHER_PROVINCE) is None
    assert fuse.place_score(TOWN, None) is None


def test_date_rule_depends_on_precision_and_kind() -> None:
    a = ev("a-e1", MARKET_A)
    assert fuse.date_score(a, ev("b-e1", MARKET_B)) == 1.0
    assert fuse.date_score(a, ev("b-e1", MARKET_B, date=D + dt.timedelta(days=1))) == 0.7
    assert fuse.date_score(a, ev("b-e1", MARKET_B, date=D + dt.timedelta(days=4))) is None
    week = ev("b-e1", MARKET_B, date=D + dt.timedelta(days=3), precision="week")
    assert fuse.date_score(a, week) == 0.3
    published = ev("b-e1", MARKET_B, date=D + dt.timedelta(days=1), kind="publication")
    assert fuse.date_score(a, published) == 0.4  # weaker evidence
    background = ev("b-e1", MARKET_B, date=dt.date(2011, 3, 15), precision="decade")
    assert fuse.date_score(a, background) is None


def test_update_opens_the_date_window() -> None:
    first = ev("a-e1", MARKET_A)
    later = ev("b-e1", "The death toll rose to 19 in the Maarat market attack, rescuers said.",
               date=D + dt.timedelta(days=5), kind="publication")
    assert fuse.is_update(later)
    assert fuse.date_score(first, later) is not None
    plain = ev("b-e1", "Shoppers returned to the Maarat market.", date=D + dt.timedelta(days=5),
               kind="publication")
    assert not fuse.is_update(plain)
    assert fuse.date_score(first, plain) is None


def test_actor_and_text_rules() -> None:
    assert fuse.actor_score(ev("a-e1", MARKET_A, actors=[ARMY]), ev("b-e1", MARKET_B, actors=[ARMY])) == 0.5
    assert fuse.actor_score(ev("a-e1", MARKET_A), ev("b-e1", MARKET_B, actors=[ARMY])) == 0.0
    idf = fuse.Idf([MARKET_A, MARKET_B, CLINIC])
    assert idf.cosine(MARKET_A, MARKET_B) > 0.3
    assert idf.cosine(MARKET_A, CLINIC) < 0.1
    assert fuse.text_similarity(MARKET_A, MARKET_B) > fuse.text_similarity(MARKET_A, CLINIC)


def test_link_groups_reports_and_keeps_other_incidents_apart() -> None:
    events = [
        cand(ev("a-e1", MARKET_A, fatalities=11)),
        cand(ev("b-e1", MARKET_B, place=TOWN_NEAR, fatalities=11)),
        cand(ev("c-e1", CLINIC, etype="Battles")),
        cand(ev("d-e1", MARKET_B, place=TOWN_FAR)),
    ]
    event_level = fuse.LinkConfig(report_level=False)
    links = fuse.link(events, event_level)
    assert links["a-e1"] == links["b-e1"]
    assert links["c-e1"] != links["a-e1"]
    assert links["d-e1"] != links["a-e1"]
    assert links["a-e1"] == fuse.incident_id("a-e1")  # founded by the earliest report
    assert fuse.link(list(reversed(events)), event_level) == links  # deterministic


# --- figure rules --------------------------------------------------------------------------------------


def claim(fid: str, best: int, claimant: str | None, day: int, qualifier: str | None = None) -> Claim:
    return Claim(figure_id=fid, article_id=fid.split("-")[0], kind="killed", claimant=claimant, best=best,
                 low=best, qualifier=qualifier, reported=dt.date(2021, 3, day), source="outlet-" + fid[0])


def test_later_claim_by_same_claimant_supersedes() -> None:
    fig = tallies.incident_figure("killed", [claim("a-f1", 9, "the Observatory", 9),
                                             claim("b-f1", 16, "the Observatory", 10)])
    first = next(c for c in fig.claims if c.figure_id == "a-f1")
    assert first.superseded_by == "b-f1"
    assert fig.best == 16 and fig.low == 16
    assert not fig.conflicting


def test_low_best_high_and_conservative() -> None:
    fig = tallies.incident_figure("killed", [
        claim("a-f1", 12, "the governor", 9), claim("b-f1", 12, "the civil defence", 9),
        claim("c-f1", 20, "activists", 10), claim("d-f1", 9, "state media", 10),
    ])
    assert (fig.low, fig.best, fig.high, fig.conservative) == (9, 12, 20, 9)
    assert fig.conflicting
    assert len(fig.claims) == 4


def test_qualifiers_decide_conflicts() -> None:
    agree = [claim("a-f1", 16, "the Observatory", 9, "at least"), claim("b-f1", 20, "rescuers", 9)]
    assert not tallies.conflicting(agree)
    disagree = [claim("a-f1", 16, "the Observatory", 9), claim("b-f1", 20, "rescuers", 9)]
    assert tallies.conflicting(disagree)
    about = [claim("a-f1", 100, "the UN", 9, "about"), claim("b-f1", 110, "rescuers", 9)]
    assert not tallies.conflicting(about)
    assert tallies.most_common([5, 7, 7, 9]) == 7
    assert tallies.most_common([5, 9]) == 5  # lower median of a tie


# --- store, API, CLI formats, end to end -----------------------------------------------------------------


def _figure(fid: str, best: int, claimant: str, qualifier: str | None = None) -> Figure:
    return Figure(id=fid, article_id=fid.split("-f")[0], kind="killed", low=best, best=best,
                  qualifier=qualifier, place=TOWN, claimant=Claimant(name=claimant, text=claimant))


def test_fuse_store_incremental_series_and_totals(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.sqlite")
    art_a = Article(id="a", text=MARKET_A, published=D, source="Outlet A")
    art_b = Article(id="b", text=MARKET_B, published=D + dt.timedelta(days=1), source="Outlet B")
    ex_a = Extraction(article=art_a, events=[ev("a-e1", MARKET_A, figures=["a-f1"])],
                      figures=[_figure("a-f1", 11, "rescuers")])
    store.write([ex_a], extractor_version="test")
    first = fuse.fuse(store)
    assert first.incidents == 1
    ex_b = Extraction(article=art_b, events=[ev("b-e1", MARKET_B, figures=["b-f1"])],
                      figures=[_figure("b-f1", 14, "the Observatory", "at least")])
    store.write([ex_b], extractor_version="test")
    second = fuse.fuse(store)
    assert (second.linked, second.incidents, second.new_incidents) == (1, 1, 0)
    [incident] = store.incidents()
    assert {r.article_id for r in incident.reports} == {"a", "b"}
    [killed] = incident.figures
    assert [c.claimant for c in killed.claims] == ["rescuers", "the Observatory"]
    assert (killed.low, killed.high, killed.conservative) == (11, 14, 11)
    assert fuse.fuse(store, rebuild=True).incidents == 1
    assert store.incidents()[0].id == incident.id  # the same id again
    assert store.incidents(Filters(article_id="b"))[0].id == incident.id
    assert store.incidents(Filters(kind="displaced")) == []
    points = tallies.series(store, "Maarat", "killed")
    assert [(p.claimant, p.best) for p in points] == [("rescuers", 11), ("the Observatory", 14)]
    assert tallies.totals(store, Filters(country="SY"))["killed"]["incidents"] == 1
    out = io.StringIO()
    write_incidents(store.incidents(), "json", out)
    data = json.loads(out.getvalue())
    assert [r["article_id"] for r in data[0]["reports"]] == ["a", "b"]
    for fmt in ("table", "jsonl", "csv", "geojson"):
        out = io.StringIO()
        assert write_incidents(store.incidents(), fmt, out) == 1
        assert incident.id in out.getvalue() or fmt == "table"


def test_end_to_end_two_articles(tmp_path: Path) -> None:
    from eventwire.cli import main
    from eventwire.extract import Extractor, Resources

    first = Article(id="one", published=dt.date(2019, 7, 22), source="Wire One", text=(
        "A car bomb exploded near the Ariha bakery in Idlib province on Monday, killing at least 9 people, "
        "the civil defence said."))
    second = Article(id="two", published=dt.date(2019, 7, 23), source="Wire Two", text=(
        "A car bomb that exploded near the Ariha bakery in Idlib province on Monday killed 13 people, the "
        "Syrian Observatory for Human Rights said on Tuesday, raising an earlier toll."))
    extractor = Extractor(Resources.load())
    db = tmp_path / "e2e.sqlite"
    with Store.open(db) as store:
        store.write([extractor.extract(first), extractor.extract(second)], extractor_version="test")
        fuse.fuse(store)
        shared = [i for i in store.incidents() if {r.article_id for r in i.reports} == {"one", "two"}]
        assert shared, [[(r.article_id, r.evidence) for r in i.reports] for i in store.incidents()]
        claims = [c for f in shared[0].figures if f.kind == "killed" for c in f.claims]
        assert {c.best for c in claims} >= {9, 13}
    assert main(["incidents", "--db", str(db), "--format", "csv", "--no-fuse"]) == 0


# --- v2 rules: date window widened by the publication gap, ledes, report groups, exports, CLI ---------------


def test_date_window_widens_with_the_publication_gap() -> None:
    a = ev("a-e1", MARKET_A)
    three_later = ev("b-e1", MARKET_B, date=D + dt.timedelta(days=3))
    assert fuse.date_score(a, three_later, D, D) is None  # same-day reports three days apart: two incidents
    widened = fuse.date_score(a, three_later, D, D + dt.timedelta(days=6))
    assert widened == pytest.approx(0.2)  # a report six days later may have resolved "Tuesday" otherwise
    far = ev("b-e1", MARKET_B, date=D + dt.timedelta(days=9))
    assert fuse.date_score(a, far, D, D + dt.timedelta(days=30)) is None  # the widening is capped


def test_similar_ledes_override_a_misresolved_place() -> None:
    lede = "Barrel bombs hit the vegetable market of Maarat on Tuesday, killing eleven shoppers."
    a = fuse.Candidate(ev("a-e1", MARKET_A), D, ("", "a", 1), lede)
    wrong_place = Place(text="Maarat", name="Maarat", geonameid=9, lat=31.9, lon=35.2, country_code="PS",
                        resolution=4, feature_code="PPL")
    b_event = ev("b-e1", MARKET_B, place=wrong_place)
    same_lede = fuse.Candidate(b_event, D, ("", "b", 1), lede + " Rescuers said.")
    other_lede = fuse.Candidate(b_event, D, ("", "b", 1), "Talks on a ceasefire opened in Geneva.")
    idf = fuse.Idf([lede, CLINIC, "Talks on a ceasefire opened in Geneva.", MARKET_A, MARKET_B])
    assert fuse.link_score(a, same_lede, fuse.LinkConfig(), idf) is not None
    assert fuse.link_score(a, other_lede, fuse.LinkConfig(), idf) is None


def test_report_groups_keep_background_apart() -> None:
    lead = cand(ev("a-e1", MARKET_A))
    repeat = cand(ev("a-e2", MARKET_B, place=PROVINCE))  # the same strike, told at province level
    background = cand(ev("a-e3", "Barrel bombs fell on the town in 2014 too.", date=dt.date(2014, 1, 1),
                         precision="year"))
    groups = fuse.report_groups([background, repeat, lead])
    assert [[c.event.id for c in g] for g in groups] == [["a-e1", "a-e2"], ["a-e3"]]
    linker = fuse.Linker(fuse.LinkConfig(group_reports=True, report_level=False), fuse.Idf([MARKET_A, MARKET_B]))
    links = linker.add_report([lead, repeat, background])
    assert links["a-e1"] == links["a-e2"] != links["a-e3"]


def test_event_exports_carry_incident_ids() -> None:
    from eventwire.export import write_events

    event = ev("a-e1", MARKET_A)
    links = {("a", "a-e1"): "inc-123"}
    for fmt, needle in (("csv", "inc-123"), ("json", '"incident_id": "inc-123"'),
                        ("plover", '"link": "inc-123"'), ("acled", "[incident: inc-123]")):
        out = io.StringIO()
        assert write_events([(event, None)], fmt, out, links) == 1
        assert needle in out.getvalue(), fmt
    out = io.StringIO()
    write_events([(event, None)], "plover", out, {})
    assert json.loads(out.getvalue())["link"] is None


def test_cli_ingest_fuses_and_serves_series_and_totals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from eventwire.cli import main

    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("A car bomb exploded near the Ariha bakery in Idlib province on Monday, killing at least 9 "
                   "people, the civil defence said.", encoding="utf-8")
    two.write_text("A car bomb that exploded near the Ariha bakery in Idlib province on Monday killed 13 "
                   "people, the Syrian Observatory for Human Rights said.", encoding="utf-8")
    db = str(tmp_path / "cli.sqlite")
    for f, day in ((one, "2019-07-22"), (two, "2019-07-23")):
        assert main(["-q", "ingest", str(f), "--db", db, "--published", day]) == 0
    capsys.readouterr()
    assert main(["events", "--db", db, "--format", "csv"]) == 0
    rows = list(__import__("csv").DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and all(r["incident_id"].startswith("inc-") for r in rows)
    assert len({r["incident_id"] for r in rows}) < len(rows)  # the two reports share an incident
    assert main(["figures", "--db", db, "--totals", "--format", "json"]) == 0
    sums = json.loads(capsys.readouterr().out)
    assert sums["killed"]["incidents"] == 1 and sums["killed"]["claims"] >= 2
    with Store.open(db) as store:
        [incident] = store.incidents()
    assert incident.place is not None
    assert main(["figures", "--db", db, "--series", "--place", incident.place.text.upper(), "--kind", "killed",
                 "--format", "json"]) == 0
    assert {p["best"] for p in json.loads(capsys.readouterr().out)} >= {9, 13}
    assert main(["fuse", "--db", db, "--rebuild"]) == 0
    assert main(["figures", "--db", db, "--series"]) == 2  # --series needs --place
