"""Event typing: phrasal triggers, ACLED's protest ladder, chemical weapons, attacks on civilian places,
unopposed territory and labour strikes. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from eventwire.events import _embedded
from eventwire.extract import Extractor
from eventwire.models import Article, Event

ANCHOR = dt.date(2024, 5, 1)


def events(extractor: Extractor, text: str) -> list[Event]:
    return extractor.extract(Article(id="t", text=text, published=ANCHOR)).events


def subs(extractor: Extractor, text: str) -> list[str | None]:
    return [e.sub_event_type for e in events(extractor, text)]


def top(extractor: Extractor, text: str) -> Event:
    found = events(extractor, text)
    assert found, text
    return max(found, key=lambda e: e.confidence)


@pytest.mark.parametrize(("text", "sub"), [
    ("Police opened fire on a bus in the north of the city on Monday.", "Attack"),
    ("Rebels set up a new base near the town of Kidal.", "Headquarters or base established"),
    ("The army took control of the town of Marawi after fierce fighting.", "Government regains territory"),
    ("Government forces used chlorine gas in an attack on Douma.", "Chemical weapon"),
    ("Rebels fired shells filled with poisonous gas at the district.", "Chemical weapon"),
    ("Gunmen attacked a hotel in the city of Bamako.", "Attack"),
])
def test_phrasal_triggers_weapons_and_targets(extractor: Extractor, text: str, sub: str) -> None:
    assert top(extractor, text).sub_event_type == sub, subs(extractor, text)


def test_territory_taken_after_a_withdrawal_is_a_non_violent_transfer(extractor: Extractor) -> None:
    e = top(extractor, "Militants took over the village after government troops withdrew.")
    assert e.sub_event_type == "Non-violent transfer of territory"


def test_a_government_taking_over_is_no_territory(extractor: Extractor) -> None:
    assert "Non-state actor overtakes territory" not in subs(
        extractor, "Aid will stay frozen until a new government takes over.")


def test_set_up_without_a_base_is_no_event(extractor: Extractor) -> None:
    assert subs(extractor, "The ministry set up a committee on Monday.") == []


@pytest.mark.parametrize("text", [
    "Teachers went on strike on Monday over unpaid salaries.",
    "Thousands of workers staged a general strike in the capital.",
])
def test_labour_strikes_are_protests(extractor: Extractor, text: str) -> None:
    found = events(extractor, text)
    assert [(e.event, e.sub_event_type) for e in found] == [("PROTEST", "Peaceful protest")]


@pytest.mark.parametrize(("text", "sub", "plover"), [
    ("Protesters blocked roads and burned tyres in the capital.", "Violent demonstration", "PROTEST"),
    ("Police detained dozens of protesters in the capital on Sunday.", "Protest with intervention", "COERCE"),
    ("Security forces violently dispersed a peaceful protest, injuring dozens.",
     "Excessive force against protesters", "COERCE"),
    ("Thousands of people took to the streets of the capital on Friday.", "Peaceful protest", "PROTEST"),
    ("Riot police fired tear gas at a peaceful march in the capital.", "Protest with intervention", None),
    ("Demonstrators rallied in the square and later clashed with police.", "Violent demonstration", None),
])
def test_protest_ladder(extractor: Extractor, text: str, sub: str, plover: str | None) -> None:
    found = events(extractor, text)
    assert any(e.sub_event_type == sub and (plover is None or e.event == plover) for e in found), \
        [(e.event, e.sub_event_type) for e in found]
    assert top(extractor, text).sub_event_type == sub


@pytest.mark.parametrize(("text", "event"), [
    ("The rebels said they will release the kidnapped workers on Friday.", "AGREE"),
    ("The government is willing to withdraw its troops from the border region.", "AGREE"),
    ("The ministry said it will impose a curfew on the northern districts.", "THREATEN"),
])
def test_promised_and_announced_acts(extractor: Extractor, text: str, event: str) -> None:
    assert top(extractor, text).event == event


def test_negated_future_act_is_no_event(extractor: Extractor) -> None:
    assert events(extractor, "The army will not attack the town.") == []
    # a negated cooperative act is a refusal (PLOVER's REJECT), not nothing
    assert [e.event for e in events(extractor, "The army will not withdraw from the town.")] == ["REJECT"]


@pytest.mark.parametrize(("text", "event"), [
    ("Japan provided food aid to the flooded provinces on Monday.", "AID"),
    ("Britain expelled three Russian diplomats on Tuesday.", "SANCTION"),
    ("The governor lifted the curfew in the capital on Sunday.", "CONCEDE"),
    ("The two countries restored diplomatic ties on Friday.", "SUPPORT"),
    ("Opposition leaders called for new elections on Monday.", "REQUEST"),
])
def test_verbs_settled_by_their_object_and_new_verbs(extractor: Extractor, text: str, event: str) -> None:
    assert top(extractor, text).event == event, [(e.event, e.trigger) for e in events(extractor, text)]


def test_a_wished_for_noun_event_did_not_happen(extractor: Extractor) -> None:
    assert all(e.event != "ACCUSE" for e in events(extractor, "The president vowed a full investigation."))


def test_the_saying_outranks_the_act_it_agrees_to(extractor: Extractor) -> None:
    assert top(extractor, "The government agreed to reopen the border crossing on Monday.").event == "AGREE"


@pytest.mark.parametrize(("text", "sub"), [
    ("Hundreds of students staged a sit-in outside the ministry on Monday.", "Peaceful protest"),
    ("A suspected thief was set ablaze by an angry mob in the market.", "Mob violence"),
    ("Militants have taken five villagers from their homes in the district.", "Abduction/forced disappearance"),
    ("The army formed a new brigade in the northern province on Monday.", "Change to group/activity"),
    ("Government soldiers raped women as they dispersed protesters in the capital.", "Sexual violence"),
    ("Gunmen attacked the school on Monday, abducting 20 pupils.", "Abduction/forced disappearance"),
    ("US troops withdrew from a military base near the border on Monday.", "Change to group/activity"),
    ("The strikes were carried out by Russian warplanes on Monday.", "Air/drone strike"),
])
def test_more_acled_sub_event_rules(extractor: Extractor, text: str, sub: str) -> None:
    assert top(extractor, text).sub_event_type == sub, [(e.sub_event_type, e.trigger, e.confidence)
                                                         for e in events(extractor, text)]


@pytest.mark.parametrize(("text", "event"), [
    ("The minister said that Ruritania must hand over the suspects.", "REQUEST"),
    ("About 300 farmers blocked the main highway into the city on Monday.", "PROTEST"),
    ("The rebels tried to assassinate the governor on Monday.", "ASSAULT"),
    ("Norway launched a mediation effort between the two parties on Monday.", "CONSULT"),
    ("Peru lodged a formal complaint with Chile on Monday.", "ACCUSE"),
])
def test_obligations_blockades_attempts_and_nominal_events(extractor: Extractor, text: str, event: str) -> None:
    assert top(extractor, text).event == event, [(e.event, e.trigger) for e in events(extractor, text)]


def test_an_act_one_is_about_to_do_or_would_find_is_no_event(extractor: Extractor) -> None:
    assert events(extractor, "Ruritania is about to restore full diplomatic ties with Freedonia.") == []
    assert events(extractor, "The level was lower than what one would find in a banana.") == []


@pytest.mark.parametrize(("text", "sub"), [
    ("Thousands rallied in the capital against the government's plan for mass arrests of migrants.",
     "Peaceful protest"),
    ("Students staged demonstrations against gun violence in several cities.", "Peaceful protest"),
    ("Police fired rubber bullets and tear gas at protesters in the capital.", "Protest with intervention"),
    ("Police fired tear gas at the crowd of protesters, live television footage showed.",
     "Protest with intervention"),
    ("Opposition fighters retook the town from government forces on Thursday.",
     "Non-state actor overtakes territory"),
    ("Forces loyal to the government seized control of the port from the rebels.", "Government regains territory"),
    ("Government forces advanced into the northern district on Sunday.", "Government regains territory"),
])
def test_protest_and_territory_refinements(extractor: Extractor, text: str, sub: str) -> None:
    assert top(extractor, text).sub_event_type == sub, [(e.sub_event_type, e.trigger, e.confidence)
                                                         for e in events(extractor, text)]


def test_a_named_subject_outside_the_registry_is_not_anonymous(extractor: Extractor) -> None:
    assert top(extractor, "President Joe Bloggs has banned opposition candidates from the election.").event == \
        "COERCE"


def test_a_weapon_modifier_the_parser_hung_elsewhere(extractor: Extractor) -> None:
    e = top(extractor, "The militia used poison gas shells against the villages last week.")
    assert e.sub_event_type == "Chemical weapon"


def test_territory_taken_after_the_other_side_pulled_out(extractor: Extractor) -> None:
    e = top(extractor, "The rebels captured the town after government troops pulled out of it.")
    assert e.sub_event_type == "Non-violent transfer of territory"


@pytest.mark.parametrize(("text", "sub"), [
    ("Anti-government protesters shut down roads in the capital on Sunday.", "Violent demonstration"),
    ("Protesters chanted slogans in the main square on Sunday.", "Peaceful protest"),
    ("Hardcore protesters threw petrol bombs at the police.", "Violent demonstration"),
    ("Gunmen set the market on fire on Sunday night.", "Looting/property destruction"),
])
def test_protesters_acts_and_incendiaries(extractor: Extractor, text: str, sub: str) -> None:
    assert top(extractor, text).sub_event_type == sub, [(e.sub_event_type, e.trigger) for e in events(extractor, text)]


def test_a_future_visit_is_an_agreement_to_cooperate(extractor: Extractor) -> None:
    assert top(extractor, "The Ruritanian foreign minister Jan Novak will visit Freedonia in June.").event == "AGREE"


def test_the_noun_a_verbal_event_agrees_to_is_its_content(nlp: Language) -> None:
    doc = nlp("Chile agreed to Swiss mediation in the dispute.")
    agreed, mediation = doc[1], doc[4]
    assert _embedded(mediation, {agreed.i})
    assert not _embedded(doc[7], set())


@pytest.mark.parametrize(("text", "event"), [
    ("Chile said it is prepared to lift the ban on the opposition party.", "AGREE"),
    ("Chile will allow the refugees to return home.", "AGREE"),
    ("The rebels declared a unilateral ceasefire on Wednesday.", "RETREAT"),
    ("The army lifted the blockade on the northern town on Friday.", "RETREAT"),
    ("Thousands of Ruritanians sought refuge in Freedonia last month.", "REQUEST"),
    ("Chile ended its mediation efforts between the two parties on Monday.", "SANCTION"),
    ("Peru expelled the United Nations inspectors on Monday.", "SANCTION"),
    ("Peru's troops remained on alert along the border on Monday.", "MOBILIZE"),
    ("The police launched an investigation into crimes committed during the 1990-1995 war.", "ACCUSE"),
])
def test_more_plover_readings(extractor: Extractor, text: str, event: str) -> None:
    assert top(extractor, text).event == event, [(e.event, e.trigger, e.confidence) for e in events(extractor, text)]


@pytest.mark.parametrize(("text", "sub"), [
    ("Police conducted raids to detain opposition leaders on Monday.", "Arrests"),
    ("Militants arrived on motorcycles and opened fire, scattering terrified residents.", "Attack"),
    ("The army attacked the rebel group, shelling one of their camps on Monday.",
     "Shelling/artillery/missile attack"),
    ("The artillery units pounded rebel positions near the village on Monday.",
     "Shelling/artillery/missile attack"),
])
def test_raids_scattered_residents_and_shelling(extractor: Extractor, text: str, sub: str) -> None:
    assert top(extractor, text).sub_event_type == sub, [(e.sub_event_type, e.trigger) for e in events(extractor, text)]


@pytest.mark.parametrize(("text", "sub"), [
    ("Government troops withdrew from the northern base on Monday.", "Change to group/activity"),
    ("US forces withdrew from the port city on Monday.", "Change to group/activity"),
    ("Army troops withdrew from the town on Monday, and the rebels took control of it.",
     "Non-violent transfer of territory"),
    ("Troops carried out the violent dispersal of the sit-in outside the ministry.", "Protest with intervention"),
])
def test_withdrawals_and_the_state_s_violence(extractor: Extractor, text: str, sub: str) -> None:
    assert any(e.sub_event_type == sub for e in events(extractor, text)), \
        [(e.sub_event_type, e.trigger) for e in events(extractor, text)]


def test_what_protesters_did_is_no_more_than_a_protest(extractor: Extractor) -> None:
    text = "Stone-throwing protesters clashed with police on Sunday. Demonstrators returned to the square on Monday."
    assert top(extractor, text).sub_event_type == "Violent demonstration"


@pytest.mark.parametrize("text", [
    "Peru lodged an official protest with Chile on Monday.",
    "Peru protested that Chilean troops had crossed the border.",
])
def test_a_protest_lodged_or_said_is_an_accusation(extractor: Extractor, text: str) -> None:
    assert top(extractor, text).event == "ACCUSE", [(e.event, e.trigger) for e in events(extractor, text)]


@pytest.mark.parametrize(("text", "sub"), [
    ("Army troops freed several villages from the militants on Wednesday.", "Government regains territory"),
    ("The rebel fighters entered the town before dawn and met no resistance.",
     "Non-violent transfer of territory"),
    ("The rebels will advance on the capital after seizing the airport on Sunday.",
     "Non-state actor overtakes territory"),
])
def test_freed_entered_and_seized_before_a_future_act(extractor: Extractor, text: str, sub: str) -> None:
    assert sub in subs(extractor, text), [(e.sub_event_type, e.trigger) for e in events(extractor, text)]


def test_entering_talks_is_no_territory(extractor: Extractor) -> None:
    assert all(e.event_type != "Battles" for e in events(extractor, "The two parties entered talks on Monday."))


@pytest.mark.parametrize(("text", "event", "sub"), [
    ("Army troops entered a village near the capital on Sunday and raped several women.", "ASSAULT",
     "Sexual violence"),
    ("The prisoner died as a result of torture in police custody.", "ASSAULT", "Attack"),
    ("Peru violated the ceasefire with Ecuador on Monday.", "ASSAULT", None),
    ("The army forced out more than 1,000 refugees from the camp on Wednesday.", "ASSAULT", None),
])
def test_conjoined_specific_acts_and_more_assaults(extractor: Extractor, text: str, event: str,
                                                   sub: str | None) -> None:
    e = top(extractor, text)
    assert (e.event, e.sub_event_type) == (event, sub), [(x.event, x.sub_event_type) for x in events(extractor, text)]


@pytest.mark.parametrize(("text", "event"), [
    ("Peru says it will not accept any more refugees from Ruritania.", "REJECT"),
    ("The governor announced that he will extend the curfew in the capital.", "THREATEN"),
    ("Vietnamese-led forces have retaken a strategic village after fighting with guerrillas who overran it "
     "late last month.", "ASSAULT"),
])
def test_refusals_threats_and_a_month_in_a_relative_clause(extractor: Extractor, text: str, event: str) -> None:
    assert top(extractor, text).event == event, [(e.event, e.trigger) for e in events(extractor, text)]


def test_serious_injuries_make_excessive_force(extractor: Extractor) -> None:
    text = "Serious injuries were reported among the demonstrators as the authorities suppressed the protest."
    assert "Excessive force against protesters" in subs(extractor, text), subs(extractor, text)


@pytest.mark.parametrize(("text", "sub"), [
    ("Rebels used rocket-propelled grenades to shoot down an army helicopter on Friday.",
     "Shelling/artillery/missile attack"),
    ("A missile hit the air base on Monday, destroying several helicopters.", "Shelling/artillery/missile attack"),
])
def test_a_weapon_hit_is_a_target_not_the_means(extractor: Extractor, text: str, sub: str) -> None:
    assert top(extractor, text).sub_event_type == sub, [(e.sub_event_type, e.trigger) for e in events(extractor, text)]


@pytest.mark.parametrize(("text", "event", "sub"), [
    ("Turkish jets destroyed weapon depots near the border on Sunday.", "ASSAULT", "Air/drone strike"),
    ("Ruritania formally withdrew from the missile treaty with Freedonia on Thursday.", "SANCTION", "Agreement"),
])
def test_destroyed_from_the_air_and_withdrawn_from_a_pact(extractor: Extractor, text: str, event: str,
                                                          sub: str) -> None:
    e = top(extractor, text)
    assert (e.event, e.sub_event_type) == (event, sub), [(x.event, x.sub_event_type) for x in events(extractor, text)]


@pytest.mark.parametrize(("text", "event"), [
    ("The Kenyan army suspended patrols in the district after a convoy was attacked by gunmen.", "SANCTION"),
    ("Russia is suing Ukraine over a pipeline that was blown up by saboteurs last year.", "ACCUSE"),
])
def test_the_main_clause_act_outranks_a_subordinate_one(extractor: Extractor, text: str, event: str) -> None:
    assert top(extractor, text).event == event, [(e.event, e.trigger, e.confidence) for e in events(extractor, text)]


def test_a_subordinate_act_alone_keeps_its_rank(extractor: Extractor) -> None:
    text = "Two soldiers were wounded after gunmen ambushed their patrol."
    assert top(extractor, text).confidence >= 0.5, [(e.event, e.confidence) for e in events(extractor, text)]


@pytest.mark.parametrize(("text", "event"), [
    ("Norwegian engineers arrived in Kabul on a three-day visit.", "CONSULT"),
    ("Kenyan doctors donated 200 kg of food to the hospital.", "AID"),
    ("Dutch volunteers handed over 300 kg of medicine to a clinic in Aleppo.", "AID"),
    ("Doctors from two Swiss charities delivered tents and blankets to the camp.", "AID"),
])
def test_a_doer_named_by_nationality_and_a_measured_object(extractor: Extractor, text: str, event: str) -> None:
    assert top(extractor, text).event == event, [(e.event, e.trigger) for e in events(extractor, text)]


def test_an_unnamed_doer_of_an_act_acled_does_not_code_gives_no_event(extractor: Extractor) -> None:
    assert events(extractor, "Local doctors handed over 300 kg of medicine to a clinic in the town.") == []


@pytest.mark.parametrize(("text", "event"), [
    ("The council decided to lift the curfew in the capital.", "CONCEDE"),
    ("President Kaunda is prepared to lift the ban on the party.", "AGREE"),
    ("The ministry said the rebels must agree to the new plan.", "REQUEST"),
    ("Kenya said the army must be ready to withdraw from the town.", "REQUEST"),
    ("The two sides failed to reach an agreement on Sunday.", "REJECT"),
    ("Nigeria will withdraw its troops from the mission unless the rebels disarm.", "THREATEN"),
    ("The rebels vowed to fight until they capture the capital.", "THREATEN"),
    ("The Kenyan foreign minister left for Addis Ababa on Monday for talks with Ethiopia.", "AGREE"),
])
def test_decided_offered_obliged_failed_and_conditional_acts(extractor: Extractor, text: str, event: str) -> None:
    assert top(extractor, text).event == event, [(e.event, e.trigger) for e in events(extractor, text)]


def test_what_was_demanded_or_put_off_did_not_happen(extractor: Extractor) -> None:
    demanded = events(extractor, "The United Nations demanded that Ethiopia withdraw its troops from the border town.")
    assert [e.event for e in demanded] == ["REQUEST"]
    assert events(extractor, "The Kenyan delegation postponed its meeting with the rebels.") == []
    vowed = events(extractor, "The rebels vowed to fight until they capture the capital.")
    assert all(e.event_type != "Battles" for e in vowed), [(e.event, e.sub_event_type) for e in vowed]


@pytest.mark.parametrize(("text", "event"), [
    ("Kenya's main newspaper defied a government ban on Monday.", "REJECT"),
    ("French farmers said they would blockade the capital next week.", "THREATEN"),
    ("The Iranian government has been pressuring the union to end the strike.", "REQUEST"),
    ("UN helicopters evacuated the wounded from the town.", "AID"),
    ("Kenyan police officers abused detainees in the prison, Amnesty said.", "ASSAULT"),
    ("Russian hackers defaced hundreds of government websites.", "COERCE"),
    ("President Museveni defended the minister against the accusations.", "SUPPORT"),
    ("Protesters defied the curfew in the capital on Sunday.", "PROTEST"),
])
def test_more_plover_verbs(extractor: Extractor, text: str, event: str) -> None:
    assert top(extractor, text).event == event, [(e.event, e.trigger) for e in events(extractor, text)]


@pytest.mark.parametrize(("text", "event"), [
    ("The Kenyan government dismissed an allegation that its troops had seized the town.", "REJECT"),
    ("Kenyan union officials demanded help from the ministry in regaining control of the factory.", "REQUEST"),
])
def test_the_content_of_a_verbal_act_ranks_below_the_act(extractor: Extractor, text: str, event: str) -> None:
    assert top(extractor, text).event == event, [(e.event, e.trigger, e.confidence) for e in events(extractor, text)]


def test_a_clause_after_a_threat_is_no_content_of_it(extractor: Extractor) -> None:
    found = events(extractor, "The rebels will advance on the capital after seizing the airport on Sunday.")
    seized = next(e for e in found if e.event == "ASSAULT")
    assert seized.confidence >= max(e.confidence for e in found), [(e.event, e.confidence) for e in found]


def test_a_reporting_verb_that_is_itself_a_verbal_act_is_kept_when_nothing_else_is_told(
        extractor: Extractor) -> None:
    warned = "Kenya's interior minister warned that police will no longer tolerate marches by the group."
    assert [e.event for e in events(extractor, warned)] == ["THREATEN"]
    said = "Kenya's interior minister said that police will no longer tolerate marches by the group."
    assert events(extractor, said) == []


@pytest.mark.parametrize(("text", "event"), [
    ("The Kenyan president issued a reminder to Ethiopia that it must cooperate with UN monitors inspecting "
     "the camps.", "REQUEST"),
    ("Both the army and the rebels are guilty of violating the ceasefire, the monitors said.", "ASSAULT"),
])
def test_an_obligation_told_by_a_noun_and_the_subject_of_guilty_of(extractor: Extractor, text: str,
                                                                   event: str) -> None:
    assert top(extractor, text).event == event, [(e.event, e.trigger) for e in events(extractor, text)]
