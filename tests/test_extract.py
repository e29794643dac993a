"""Attribution, figures and events on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.extract import Extractor
from eventwire.models import Article, Event, Extraction, Figure

ANCHOR = dt.date(2019, 3, 15)


def run(extractor: Extractor, text: str, published: dt.date | None = ANCHOR) -> Extraction:
    return extractor.extract(Article(id="t", text=text, published=published))


def only_figure(x: Extraction, kind: str) -> Figure:
    found = [f for f in x.figures if f.kind == kind]
    assert len(found) == 1, [(f.kind, f.best, f.low) for f in x.figures]
    return found[0]


def event_with(x: Extraction, **want: object) -> Event:
    for e in x.events:
        if all(getattr(e, k) == v for k, v in want.items()):
            return e
    raise AssertionError(f"no event with {want}: {[(e.event, e.sub_event_type, e.trigger) for e in x.events]}")


# --- figures -------------------------------------------------------------------------------------------


def test_killed_with_qualifier_claimant_and_place(extractor: Extractor) -> None:
    x = run(extractor, "At least 35 civilians were killed in shelling on Idlib on Tuesday, "
                       "the Syrian Observatory for Human Rights said.")
    f = only_figure(x, "killed")
    assert (f.low, f.qualifier, f.population) == (35, "at least", "civilians")
    assert f.claimant is not None and "Observatory" in f.claimant.name
    assert f.place is not None and f.place.name is not None and "Idlib" in f.place.name
    assert f.period is not None and f.period.start == dt.date(2019, 3, 12)


def test_according_to_and_trapped(extractor: Extractor) -> None:
    x = run(extractor, "Around 4,000 families remain trapped in the besieged town of Madaya, according to UNICEF.")
    f = only_figure(x, "trapped")
    assert f.best == 4000 and f.qualifier == "around" and f.unit == "households"
    assert f.claimant is not None and f.claimant.name.startswith(("UNICEF", "United Nations Children"))


def test_word_numbers_and_displaced(extractor: Extractor) -> None:
    x = run(extractor, "Two million people have been displaced by the conflict in Yemen.")
    f = only_figure(x, "displaced")
    assert f.best == 2_000_000 and f.population == "people"
    assert f.place is not None and f.place.country_code == "YE"


def test_fighters_of_an_actor(extractor: Extractor) -> None:
    x = run(extractor, "Some 3,000 Houthi fighters are massed outside Hodeidah, a coalition spokesman said.")
    f = only_figure(x, "fighters")
    assert f.best == 3000
    assert f.population_actor is not None and "Houthi" in f.population_actor.name


def test_lengths_money_ages_and_years_are_not_figures(extractor: Extractor) -> None:
    x = run(extractor, "The 40km convoy, worth $5 million, left in 2015 carrying a man aged 45 and crossed "
                       "a 300m bridge.")
    assert x.figures == []


def test_hedge_is_kept(extractor: Extractor) -> None:
    x = run(extractor, "Officials said 60 people died in the floods, but the true toll could be much higher.")
    f = only_figure(x, "killed")
    assert f.hedge and "higher" in f.hedge


def test_elided_population_is_carried_from_the_sentence_before(extractor: Extractor) -> None:
    x = run(extractor, "The siege has been hardest on the civilians of the town. "
                       "Medics say that at least 90 were killed last month.")
    f = only_figure(x, "killed")
    assert f.population == "civilians" and f.low == 90
    assert f.period is not None and f.period.precision == "month"


# --- attribution ---------------------------------------------------------------------------------------


def test_pronoun_claimant_is_carried_back(extractor: Extractor) -> None:
    x = run(extractor, "The United Nations said aid convoys had reached Douma. "
                       "It said 12 aid workers were injured when the convoy was shelled.")
    f = only_figure(x, "injured")
    assert f.claimant is not None and f.claimant.name == "United Nations"


# --- events --------------------------------------------------------------------------------------------


def test_air_strike_with_actor_place_and_date(extractor: Extractor) -> None:
    x = run(extractor, "Russian warplanes bombed a market in Maarat al-Numan on Monday, killing 14 people, "
                       "rescue workers said.")
    e = event_with(x, sub_event_type="Air/drone strike")
    assert e.event == "ASSAULT" and e.mode == "aerial" and e.event_type == "Explosions/Remote violence"
    assert e.date == dt.date(2019, 3, 11) and e.date_precision == "day"
    assert e.fatalities == 14


def test_territory_taken_by_a_non_state_actor(extractor: Extractor) -> None:
    x = run(extractor, "Al-Shabaab fighters seized the town of Bulo Burde in 2016.")
    e = event_with(x, sub_event_type="Non-state actor overtakes territory")
    assert e.date == dt.date(2016, 1, 1) and e.date_precision == "year"
    assert any("Shabaab" in a.name for a in e.actor)


def test_future_and_negated_events_are_not_events(extractor: Extractor) -> None:
    x = run(extractor, "The army will attack the rebels next week. The rebels did not attack the base.")
    assert [e for e in x.events if e.event == "ASSAULT"] == []


def test_protest_and_arrests(extractor: Extractor) -> None:
    x = run(extractor, "Thousands of protesters marched in Khartoum on Thursday, and police arrested dozens "
                       "of demonstrators.")
    event_with(x, event="PROTEST", event_type="Protests")
    # ACLED codes arrests at a protest as the protest's intervention; PLOVER keeps the arrest a COERCE
    event_with(x, event="COERCE", sub_event_type="Protest with intervention")


def test_event_without_its_own_date_takes_the_publication_date(extractor: Extractor) -> None:
    x = run(extractor, "Boko Haram gunmen abducted 30 students from a school in Kankara, police said.")
    e = event_with(x, sub_event_type="Abduction/forced disappearance")
    assert e.date == ANCHOR and e.date_kind == "publication"


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_empty_text_is_an_error(extractor: Extractor, text: str) -> None:
    with pytest.raises(ValueError):
        run(extractor, text)


def test_every_evidence_span_matches_the_text(extractor: Extractor) -> None:
    text = ("Turkish troops shelled Kurdish positions near Afrin on Sunday, the Kurdish YPG said. "
            "Ten fighters were killed, and 2,000 residents fled their homes.")
    x = run(extractor, text)
    spans = [s for e in x.events for s in e.evidence] + [s for f in x.figures for s in f.evidence]
    assert spans
    for s in spans:
        assert text[s.start:s.end] == s.text
    for m in [*x.mentions.places, *x.mentions.actors]:
        assert m.start is not None and text[m.start:m.end] == m.text


def test_a_dateline_stands_apart_and_a_later_mention_refines_the_event(extractor: Extractor) -> None:
    x = run(extractor, "MOGADISHU, Somalia (AP) — A car bomb exploded outside a hotel in southern Somalia on "
                       "Sunday, killing at least nine people, police said.\n"
                       "The blast hit the Kismayo hotel in Kismayo city, a police officer said.\n"
                       "Al-Shabaab claimed responsibility for the bombing.")
    bombs = [e for e in x.events if e.sub_event_type == "Remote explosive/landmine/IED"]
    assert len(bombs) == 1, [(e.trigger, e.sub_event_type) for e in x.events]
    bomb = bombs[0]
    assert bomb.event_loc is not None and bomb.event_loc.name == "Kismayo"
    assert any("Shabaab" in a.name for a in bomb.actor)
    assert bomb.date == dt.date(2019, 3, 10)


def test_a_figure_without_its_own_population_shares_its_sentence_s(extractor: Extractor) -> None:
    x = run(extractor, "Gunmen killed 14 villagers and wounded dozens more in an attack in Zamfara state, "
                       "police said.")
    injured = only_figure(x, "injured")
    assert injured.population == "villagers" and injured.best == 12


def test_a_count_since_a_date_is_a_figure_not_an_event(extractor: Extractor) -> None:
    x = run(extractor, "Security forces have killed more than 500 protesters since the uprising began in "
                       "September 2022, a rights group said.")
    assert only_figure(x, "killed").low == 500
    assert not [e for e in x.events if e.fatalities == 500]


def test_displacement_in_its_many_wordings(extractor: Extractor) -> None:
    x = run(extractor, "About 900 people are staying in shelters after the floods. Some 4,000 families were "
                       "forced to flee. The storm destroyed 300 houses. Three million are internally displaced.")
    kinds = sorted((f.kind, f.best or f.low) for f in x.figures)
    assert ("displaced", 900) in kinds and ("displaced", 4000) in kinds and ("displaced", 3_000_000) in kinds
    houses = only_figure(x, "houses destroyed")
    assert houses.best == 300 and houses.unit == "buildings"


def test_displaced_said_on_the_number_housed_or_moved_to_safety(extractor: Extractor) -> None:
    x = run(extractor, "The war has left 2.4 million displaced by the fighting. Aid is short for hundreds of "
                       "thousands of people uprooted by the floods. Some 3,000 villagers housed in schools got "
                       "food. More than 12,000 people were moved to safety before the storm.")
    found = sorted((f.kind, f.best or f.low) for f in x.figures)
    assert ("displaced", 2_400_000) in found and ("displaced", 100_000) in found
    assert ("displaced", 3000) in found and ("displaced", 12_000) in found


def test_places_and_patients_are_not_displaced_people(extractor: Extractor) -> None:
    x = run(extractor, "About 700 people are sheltering in nine evacuation centres. Four patients were taken to "
                       "a hospital.")
    assert sorted((f.kind, f.best) for f in x.figures) == [("displaced", 700)]


def test_a_caption_glued_to_its_sentence_ends_it(extractor: Extractor) -> None:
    x = run(extractor, "The storm flattened the harbour and dozens of fishermen were evacuated.(Reuters Photo/Ann Lee) "
                       "Crews worked overnight.")
    f = only_figure(x, "displaced")
    assert (f.low, f.evidence[0].text) == (12, "dozens")


def test_a_headline_run_into_its_lede_does_not_count_the_lede(extractor: Extractor) -> None:
    x = run(extractor, "Fire hits suburb, 90 displaced Thousands of volunteers are helping to clear the debris.")
    assert [(f.kind, f.best, f.population) for f in x.figures] == [("displaced", 90, None)]


def test_registered_refugees_and_more_of_those_moved(extractor: Extractor) -> None:
    x = run(extractor, "Nearly 80,000 Sudanese are registered with UNHCR in the camps. Some 5,000 people have "
                       "registered as internally displaced. Officials evacuated 2,000 residents and will move "
                       "hundreds more by Friday. The army killed 3 rebels and took dozens more to a base.")
    found = sorted((f.kind, f.best) for f in x.figures)
    assert found == [("displaced", 100), ("displaced", 2000), ("displaced", 5000), ("killed", 3),
                     ("refugees", 80_000)]


def test_driven_from_home_left_without_shelter_and_seeking_refuge(extractor: Extractor) -> None:
    x = run(extractor, "The offensive has forced more than 90,000 people from their homes. Some 2,500 farmers "
                       "abandoned their villages. The earthquake left 8,000 families without shelter. About 600 "
                       "people took refuge in a mosque. Nearly 1,300 asylum seekers arrived in March.")
    found = sorted((f.kind, f.best or f.low) for f in x.figures)
    assert found == [("displaced", 600), ("displaced", 2500), ("displaced", 8000), ("displaced", 90_000),
                     ("refugees", 1300)]


def test_leaving_a_building_or_taking_positions_is_not_displacement(extractor: Extractor) -> None:
    x = run(extractor, "Some 40 delegates left the hall after the vote. About 20 soldiers took positions in the "
                       "school. Volunteers set up 15 refugee camps.")
    assert [f for f in x.figures if f.kind in ("displaced", "refugees")] == []


def test_a_displacement_toll_a_range_and_homes_lost(extractor: Extractor) -> None:
    x = run(extractor, "The number of people displaced by the drought has risen to 45,000. Between 3,000 and "
                       "4,000 residents fled their homes. Some 700 houses were washed away and the tremor "
                       "rendered 1,100 homes uninhabitable. Aid is scarce, with 1.5 million displaced by the floods "
                       "and 6.2 million in need of help.")
    found = sorted((f.kind, f.low or 0, f.best or 0, f.high or 0) for f in x.figures)
    assert found == [("displaced", 0, 45_000, 0), ("displaced", 0, 1_500_000, 0), ("displaced", 3000, 0, 4000),
                     ("houses destroyed", 0, 700, 0), ("houses destroyed", 0, 1100, 0)]


def test_totals_amounting_to_a_count(extractor: Extractor) -> None:
    x = run(extractor, "Refugees in the district now total more than 9,000. The dead totalled 31 by Monday. "
                       "Visitors to the park reached 20,000 last year.")
    found = sorted((f.kind, f.best or f.low) for f in x.figures)
    assert found == [("killed", 31), ("refugees", 9000)]
