"""Report-level fusion: report profiles, the evidence rules, and whole reports joining incidents."""

from __future__ import annotations

import datetime as dt

from eventwire import fuse
from eventwire import fuse_reports as fr
from eventwire.models import Event, Place, Span

D = dt.date(2022, 5, 3)
VILLAGE = Place(text="Tell Sawan", name="Tell Sawan", geonameid=11, lat=36.10, lon=37.20, country_code="SY",
                admin1="Aleppo", resolution=4, feature_code="PPL")
VILLAGE_NEAR = Place(text="Sawan Mill", name="Sawan Mill", geonameid=12, lat=36.11, lon=37.21, country_code="SY",
                     admin1="Aleppo", resolution=4, feature_code="PPL")
CITY = Place(text="Aleppo", name="Aleppo", geonameid=13, lat=36.20, lon=37.16, country_code="SY",
             admin1="Aleppo", resolution=4, feature_code="PPLA")
FAR_TOWN = Place(text="Busra", name="Busra", geonameid=14, lat=32.52, lon=36.48, country_code="SY",
                 admin1="Daraa", resolution=4, feature_code="PPL")

LEDE_A = ("Warplanes hit the grain silo at Tell Sawan\n"
          "An air strike on the grain silo of Tell Sawan killed at least 30 farm workers on Tuesday, medics said.")
LEDE_B = ("Silo strike toll climbs\n"
          "The death toll from Tuesday's air strike on the Tell Sawan grain silo rose to 40 farm workers.")
LEDE_C = ("Clashes at a checkpoint near Busra\n"
          "Two soldiers died when gunmen opened fire at an army checkpoint outside Busra, state television said.")


def ev(aid: str, n: int, text: str, *, start: int = 0, place: Place | None = VILLAGE, date: dt.date = D,
       precision: str = "day", figures: list[str] | None = None, event: str = "ASSAULT",
       etype: str = "Explosions/Remote violence") -> Event:
    return Event(id=f"{aid}-e{n}", article_id=aid, event=event, event_type=etype, event_loc=place, date=date,
                 end_date=date, date_precision=precision, date_kind="exact",  # type: ignore[arg-type]
                 figures=figures or [], evidence=[Span(start=start, end=start + len(text), text=text)],
                 confidence=0.8)


def cand(event: Event, context: str, published: dt.date = D,
         figures: tuple[tuple[str, int, int], ...] = ()) -> fuse.Candidate:
    return fuse.Candidate(event, published, fuse.event_order(event, published), context, figures)


def report_a() -> list[fuse.Candidate]:
    lead = cand(ev("a", 1, "An air strike on the grain silo killed at least 30 farm workers."), LEDE_A,
                figures=(("killed", 30, 30),))
    background = cand(ev("a", 2, "The silo had been shelled once before, in 2015.", start=900,
                         date=dt.date(2015, 1, 1), precision="year"), LEDE_A)
    return [lead, background]


def report_b(published: dt.date = D + dt.timedelta(days=1)) -> list[fuse.Candidate]:
    return [cand(ev("b", 1, "The toll from the air strike on the silo rose to 40.", place=VILLAGE_NEAR),
                 LEDE_B, published, figures=(("killed", 40, 40),))]


def report_c() -> list[fuse.Candidate]:
    return [cand(ev("c", 1, "Gunmen opened fire at the checkpoint, killing two soldiers.", place=FAR_TOWN,
                    event="FIGHT", etype="Battles"), LEDE_C, figures=(("killed", 2, 2),))]


def test_split_keeps_background_out_of_the_report() -> None:
    main, other = fr.split_report(report_a())
    assert [c.event.id for c in main] == ["a-e1"]
    assert [c.event.id for c in other] == ["a-e2"]
    profile = fr.profile(report_a())
    assert profile.families == {"violent"}
    assert [p.geonameid for p in profile.towns] == [11]
    assert profile.provinces == {("SY", "Aleppo")}
    assert profile.start is not None and profile.start <= D <= (profile.end or D)
    assert profile.figures == (fr.FigureValue("killed", 30, 30),)


def test_place_evidence_town_beats_city_beats_province() -> None:
    idf = fuse.Idf([LEDE_A, LEDE_B, LEDE_C])
    incident = fr.IncidentProfile("i")
    incident.add(fr.profile(report_a()), idf)
    village = fr.profile(report_b())
    city = fr.profile([cand(ev("d", 1, "A strike hit the city.", place=CITY), LEDE_B)])
    province_only = Place(text="Aleppo province", name="Aleppo", geonameid=15, country_code="SY", admin1="Aleppo",
                          resolution=2, feature_code="ADM1")
    province = fr.profile([cand(ev("e", 1, "A strike hit the province.", place=province_only), LEDE_B)])
    far = fr.profile(report_c())
    scores = [fr.place_evidence(p, incident) for p in (village, city, province, far)]
    assert scores[0] > scores[1] > scores[2] > scores[3]
    assert fr.is_city(CITY) and not fr.is_city(VILLAGE)


def test_updated_toll_agrees_but_another_kind_does_not() -> None:
    at_least_30 = fr.FigureValue("killed", 30, 30)
    assert fr.figures_agree(at_least_30, fr.FigureValue("killed", 40, 40))  # "rose to 40"
    assert not fr.figures_agree(at_least_30, fr.FigureValue("killed", 400, 400))
    assert not fr.figures_agree(at_least_30, fr.FigureValue("injured", 30, 30))


def test_publication_gap_closes_the_date_window() -> None:
    idf = fuse.Idf([LEDE_A, LEDE_B])
    incident = fr.IncidentProfile("i")
    incident.add(fr.profile(report_a()), idf)
    assert fr.date_evidence(fr.profile(report_b()), incident) is not None
    late = fr.profile(report_b(published=D + dt.timedelta(days=40)))
    assert fr.date_evidence(late, incident) is None
    assert fr.report_score(late, incident, idf) is None


def test_an_update_joins_the_incident_and_another_story_opens_one() -> None:
    cands = [*report_a(), *report_b(), *report_c()]
    links = fuse.link(cands)
    assert links["a-e1"] == links["b-e1"] == fuse.incident_id("a-e1")  # the update joins the first report
    assert links["a-e2"] != links["a-e1"]  # the 2015 shelling stays out
    assert links["c-e1"] not in {links["a-e1"], links["a-e2"]}
    assert fuse.link(list(reversed(cands))) == links  # deterministic


def test_incremental_linker_matches_a_batch_run() -> None:
    cands = [*report_a(), *report_b(), *report_c()]
    idf = fuse.context_idf(cands)
    first = fuse.Linker(report_idf=idf)
    links = first.add_report(report_a())
    later = fuse.Linker(report_idf=idf)  # a new run that loads what the store holds
    later.load_report(report_a(), {("a", eid): cid for eid, cid in links.items()})
    links |= later.add_report(report_b())
    links |= later.add_report(report_c())
    assert links == fuse.link(cands)


def test_each_day_between_publications_costs_the_report_score() -> None:
    idf = fuse.Idf([LEDE_A, LEDE_B])
    incident = fr.IncidentProfile("i")
    incident.add(fr.profile(report_a()), idf)
    scores = [fr.report_score(fr.profile(report_b(published=D + dt.timedelta(days=n))), incident, idf)
              for n in (0, 1, 3)]
    assert all(s is not None for s in scores)
    assert scores[0] > scores[1] > scores[2]  # type: ignore[operator]
    assert fr.publication_gap(fr.profile(report_b(published=D + dt.timedelta(days=3))), incident) == 3
    flat = fr.ReportConfig(pub_gap_cost=0.0)
    assert fr.report_score(fr.profile(report_b(published=D + dt.timedelta(days=3))), incident, idf, flat) \
        == fr.report_score(fr.profile(report_b()), incident, idf, flat)


BUS_X = ("Bomber strikes a bus of fighters near the border camp\n"
         "A man wearing an explosive vest blew himself up on a bus carrying rebel fighters near the border camp "
         "on Tuesday.")
BUS_Y = ("Dozens of rebel fighters dead in bus blast\n"
         "More than thirty fighters were killed when a blast tore through their convoy at a crossing, a monitor said.")


def test_a_shared_distinctive_sub_event_type_lowers_the_text_bar() -> None:
    idf = fuse.Idf([LEDE_A, LEDE_B, LEDE_C, BUS_X, BUS_Y])
    assert fr.ReportConfig().distinct_min_text <= idf.cosine(BUS_X, BUS_Y) < fr.ReportConfig().min_text

    def report(aid: str, lede: str, sub: str) -> fr.ReportProfile:
        event = ev(aid, 1, lede.split("\n")[1]).model_copy(update={"sub_event_type": sub})
        return fr.profile([cand(event, lede, figures=(("killed", 30, 30),))])

    incident = fr.IncidentProfile("i")
    incident.add(report("x", BUS_X, "Suicide bomb"), idf)
    assert report("y", BUS_Y, "Suicide bomb").sub_types == {"Suicide bomb"}
    assert fr.report_score(report("y", BUS_Y, "Suicide bomb"), incident, idf) is not None
    assert fr.report_score(report("z", BUS_Y, "Remote explosive/landmine/IED"), incident, idf) is None
    generic = fr.IncidentProfile("g")
    generic.add(report("x", BUS_X, "Attack"), idf)  # a generic sub-type is no evidence
    assert fr.report_score(report("y", BUS_Y, "Attack"), generic, idf) is None


def test_lede_days_two_or_more_apart_count_against() -> None:
    idf = fuse.Idf([LEDE_A, LEDE_B])
    incident = fr.IncidentProfile("i")
    incident.add(fr.profile(report_a()), idf)  # the strike on Tuesday D
    assert incident.days == {D}  # the 2015 background shelling is no day of the incident

    def report(day: dt.date, text: str = "Warplanes struck the grain silo again, killing 12.") -> fr.ReportProfile:
        return fr.profile([cand(ev("s", 1, text, date=day), LEDE_A, published=day)])

    config = fr.ReportConfig()
    same, next_day, later = (fr.date_evidence(report(D + dt.timedelta(days=n)), incident) for n in (0, 1, 2))
    assert same == config.same_day and next_day == config.next_day
    assert later == config.day_conflict and later < 0 < config.same_day  # the next strike, not this one
    update = report(D + dt.timedelta(days=2), "The death toll rose to 40 after the strike on the silo.")
    assert update.update and fr.date_evidence(update, incident) != config.day_conflict


def test_an_update_pays_nothing_for_coming_days_later() -> None:
    idf = fuse.Idf([LEDE_A, LEDE_B])
    incident = fr.IncidentProfile("i")
    incident.add(fr.profile(report_a()), idf)

    def update(published: dt.date) -> fr.ReportProfile:
        text = "The death toll rose to 40 after the air strike on the silo."
        return fr.profile([cand(ev("u", 1, text, place=VILLAGE_NEAR), LEDE_B, published, (("killed", 40, 40),))])

    later = update(D + dt.timedelta(days=3))
    assert later.update and fr.publication_gap(later, incident) == 3
    assert fr.report_score(later, incident, idf) == fr.report_score(update(D), incident, idf)


def test_the_incident_keeps_the_day_most_of_its_reports_tell() -> None:
    idf = fuse.Idf([LEDE_A, LEDE_B])
    incident = fr.IncidentProfile("i")
    later = D + dt.timedelta(days=4)
    for aid, day in (("p", D), ("q", D), ("r", later)):  # "r" told the next bombing and slipped in
        incident.add(fr.profile([cand(ev(aid, 1, "A bomb hit the silo, killing 12.", date=day), LEDE_A, day)]), idf)
    assert incident.days == {D}
    next_bombing = fr.profile([cand(ev("s", 1, "A bomb hit the silo, killing 6.", date=later), LEDE_A, later)])
    assert fr.date_evidence(next_bombing, incident) == fr.ReportConfig().day_conflict


def test_the_figures_of_a_report_are_its_ledes() -> None:
    lead = cand(ev("f", 1, "A bomb in the market killed six people on Tuesday."), LEDE_A, figures=(("killed", 6, 6),))
    recalled = cand(ev("f", 2, "Days earlier a blast on the road had killed 120.", start=2000), LEDE_A,
                    figures=(("killed", 120, 120),))
    profile = fr.profile([lead, recalled])
    assert [c.event.id for c in profile.main] == ["f-e1", "f-e2"]  # both tell a violent event that day
    assert profile.figures == (fr.FigureValue("killed", 6, 6),)
    bare = cand(ev("g", 1, "A bomb went off in the market on Tuesday."), LEDE_A)
    toll = cand(ev("g", 2, "The blast killed six people.", start=900), LEDE_A, figures=(("killed", 6, 6),))
    assert fr.profile([bare, toll]).figures == (fr.FigureValue("killed", 6, 6),)  # none in the lede
