"""How the muc4 suite maps our output onto MUC-4 slots, and the killing nouns it needed (own sentences)."""

from __future__ import annotations

import datetime as dt

from eventwire.evaluate.muc4 import incident_type, incidents, main_incident, victim_counts
from eventwire.extract import Extractor
from eventwire.models import Actor, Article, Event, Figure, Period, Span


def _event(sub: str, conf: float, sentence: str = "", event: str = "ASSAULT") -> Event:
    evidence = [Span(start=0, end=len(sentence), text=sentence)] if sentence else []
    return Event(id=f"e{conf}", article_id="a", event=event, sub_event_type=sub, confidence=conf,
                 evidence=evidence)


def _figure(kind: str, best: int | None, sentence: str = "a made-up sentence", *, low: int | None = None,
            qualifier: str | None = None, population: str | None = "people", sector: str | None = None,
            period: Period | None = None) -> Figure:
    actor = Actor(text=population or "", name=population or "", sector=sector) if sector else None
    return Figure(id=f"f{kind}{best}{low}{sector}", article_id="a", kind=kind, best=best, low=low,
                  qualifier=qualifier, population=population, population_actor=actor, period=period,
                  evidence=[Span(start=0, end=1, text="x"), Span(start=0, end=len(sentence), text=sentence)])


def test_clashes_are_not_incidents_and_do_not_set_the_type() -> None:
    clash = _event("Armed clash", 0.9)
    kidnap = _event("Abduction/forced disappearance", 0.4)
    assert incidents([clash, _event("Armed clash", 0.5), _event("Attack", 0.3, event="ACCUSE")]) == []
    assert main_incident([clash, kidnap]) is kidnap
    assert main_incident([clash]) is clash
    assert main_incident([]) is None


def test_property_destruction_is_typed_by_its_instrument() -> None:
    sub = "Looting/property destruction"
    assert incident_type(_event(sub, 0.5, "A car bomb exploded outside the bank, wrecking its front.")) == "bombing"
    assert incident_type(_event(sub, 0.5, "Masked men set fire to three buses in the terminal.")) == "arson"
    assert incident_type(_event(sub, 0.5, "Rioters smashed the windows of the town hall.")) == "attack"
    assert incident_type(_event("Air/drone strike", 0.5, "Planes dropped bombs on the hamlet.")) == "attack"


def test_victim_counts_keep_incident_victims_only() -> None:
    assert victim_counts([_figure("killed", 4), _figure("injured", 1), _figure("arrested", 30)]) == {4}
    assert victim_counts([_figure("killed", None, low=6, qualifier="at least")]) == {6}
    # A vague plural is MUC-4's PLURAL, not a number.
    assert victim_counts([_figure("injured", None, low=3, qualifier="several")]) == set()
    assert victim_counts([_figure("killed", 1000, qualifier="thousands")]) == set()
    # A tally over months is not one incident.
    quarter = Period(start=dt.date(1990, 1, 1), end=dt.date(1990, 3, 31))
    assert victim_counts([_figure("killed", 250, period=quarter)]) == set()
    # Casualties inflicted in combat are guerrilla warfare, not terrorism.
    combat = "The rebels said they inflicted 7 casualties on the army."
    assert victim_counts([_figure("casualties", 7, combat)]) == set()
    assert victim_counts([_figure("casualties", 7, "The blast at the market caused 7 casualties.")]) == {7}


def test_armed_forces_count_only_beside_other_victims() -> None:
    soldiers = _figure("killed", 5, population="army", sector="MIL")
    assert victim_counts([soldiers]) == set()
    assert victim_counts([soldiers, _figure("killed", 3, population="peasants")]) == {3, 5}


def test_killing_nouns_give_figures(extractor: Extractor) -> None:
    x = extractor.extract(Article(id="t", text="The bishop condemned the assassination of four teachers in the "
                                               "mountain village last week.", published=dt.date(1990, 5, 2)))
    assert [(f.kind, f.best) for f in x.figures if f.kind == "killed"] == [("killed", 4)]
    x = extractor.extract(Article(id="t", text="Relatives demanded justice after the kidnapping of three "
                                               "engineers near the dam.", published=dt.date(1990, 5, 2)))
    assert [(f.kind, f.best) for f in x.figures if f.kind == "abducted"] == [("abducted", 3)]
