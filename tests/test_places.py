"""Toponym recognition: entities, features, regions, divisions, demonyms, modifiers and metonyms."""

from __future__ import annotations

from spacy.language import Language

from eventwire.gazetteer import Gazetteer
from eventwire.models import Place
from eventwire.places import demonyms, find_toponyms


def places(nlp: Language, gaz: Gazetteer, text: str) -> dict[str, Place]:
    doc = nlp(text)
    found = find_toponyms(doc, gaz)
    for p in found:
        assert p.start is not None and p.end is not None and text[p.start : p.end] == p.text
    return {p.text: p for p in found}


def test_features_even_when_spacy_mislabels_them(nlp: Language, gaz: Gazetteer) -> None:
    found = places(
        nlp, gaz, "Kurdish-led fighters pushed into Raqqa's Old City after breaching the Rafiqa Wall."
    )
    assert {"Raqqa", "Old City", "Rafiqa Wall"} <= set(found)
    assert "Raqqa's Old City" not in found


def test_names_spacy_calls_people_when_they_stand_where_places_stand(nlp: Language, gaz: Gazetteer) -> None:
    found = places(
        nlp,
        gaz,
        "Israeli strikes on Gaza City and Khan Younis killed dozens, while Egypt kept "
        "the Rafah crossing shut.",
    )
    assert {"Gaza City", "Khan Younis", "Rafah crossing", "Egypt"} <= set(found)
    assert found["Israeli"].use == "demonym"
    people = places(nlp, gaz, "Paris Hilton said Jordan Peterson visited Houston.")
    assert set(people) == {"Houston"}


def test_regions_divisions_and_grown_names(nlp: Language, gaz: Gazetteer) -> None:
    found = places(
        nlp,
        gaz,
        "Turkish troops shelled villages near Tal Abyad in northern Syria, and government "
        "forces entered Deir al-Zour province.",
    )
    assert {"Tal Abyad", "northern Syria", "Deir al-Zour province"} <= set(found)
    assert found["Turkish"].use == "demonym"


def test_uses(nlp: Language, gaz: Gazetteer) -> None:
    found = places(nlp, gaz, "Damascus said the US-backed alliance had not entered Manbij.")
    assert found["Damascus"].use == "metonymic"
    assert found["US"].use == "modifier"
    assert found["Manbij"].use == "literal"
    assert places(nlp, gaz, "Ukrainian forces shelled Donetsk.")["Ukrainian"].use == "demonym"


def test_demonym_table_covers_every_country() -> None:
    table = demonyms()
    assert table["syrian"] == "SY" and table["iraqis"] == "IQ" and table["turks"] == "TR"
    assert table["american"] == "US" and table["british"] == "GB" and table["congolese"] in {"CD", "CG"}
    assert len(set(table.values())) > 220


def test_no_place_in_plain_prose(nlp: Language, gaz: Gazetteer) -> None:
    assert places(nlp, gaz, "The talks in June were long, and Government officials said little.") == {}


def test_people_are_not_places(nlp: Language, gaz: Gazetteer) -> None:
    found = places(
        nlp,
        gaz,
        "The city hired Dana Hopkins as manager in Denver. According to Hopkins, the budget is balanced. "
        "Police handed the case to Sgt. Moore and Mrs. Lansing.",
    )
    assert "Denver" in found
    assert not {"Hopkins", "Sgt", "Mrs."} & set(found)


def test_languages_are_not_demonyms(nlp: Language, gaz: Gazetteer) -> None:
    found = places(nlp, gaz, "Lessons are taught in English at the school in Denver.")
    assert "Denver" in found
    assert "English" not in found


def test_unknown_single_words_and_common_nouns_are_not_places(nlp: Language, gaz: Gazetteer) -> None:
    assert set(places(nlp, gaz, "The budget was cut under Pawlenty, officials in Denver said.")) == {"Denver"}
    assert set(places(nlp, gaz, "He sat on the veranda in Denver.")) == {"Denver"}


def test_the_longest_place_opening_an_organisation(nlp: Language, gaz: Gazetteer) -> None:
    found = places(nlp, gaz, "The South Charleston Police Department arrested two men.")
    assert set(found) == {"South Charleston"} and found["South Charleston"].use == "modifier"


def test_datelines(nlp: Language, gaz: Gazetteer) -> None:
    found = places(nlp, gaz, "Budget vote delayed. MANSFIELD — The City Council put off its vote on Tuesday.")
    assert found["MANSFIELD"].use == "literal"
    assert "SPRINGFIELD" in places(nlp, gaz, "SPRINGFIELD, Ill. (AP) - Lawmakers met on Monday.")
    found = places(nlp, gaz, "Aid stalled. BUNIA, March 4 (Thomson Reuters Foundation) - Aid agencies said so.")
    assert found["BUNIA"].use == "literal"  # a wire service's dateline, with its date
    assert places(nlp, gaz, "Muscat: The city's film festival opened on Monday.")["Muscat"].use == "literal"
    assert not places(nlp, gaz, "Update: The council met again on Monday.")
    # a page that drops the dash after the agency still opens with its dateline, whole
    assert "SANTO DOMINGO" in places(nlp, gaz, "SANTO DOMINGO (AP) Heavy rain flooded the capital on Sunday.")
    assert "NATO" not in places(nlp, gaz, "NATO (the alliance) Members met in Brussels.")


def test_other_mentions_of_a_place_the_article_names(nlp: Language, gaz: Gazetteer) -> None:
    found = [p for p in find_toponyms(nlp("Residents of Boise were told. Boise Mayor Lauren McLean spoke."), gaz)]
    assert [(p.text, p.use) for p in found] == [("Boise", "literal"), ("Boise", "modifier")]


def test_acronyms_known_only_as_small_places_codes(nlp: Language, gaz: Gazetteer) -> None:
    found = places(nlp, gaz, "Officials met with the volunteers of PRIDE, and grants went to TIF in Denver.")
    assert set(found) == {"Denver"}


def test_an_organisation_opens_with_a_place_by_its_own_name(nlp: Language, gaz: Gazetteer) -> None:
    assert "First" not in places(nlp, gaz, "Employees of the First Bank of Princeton were unhurt.")
    found = places(nlp, gaz, "The Minnesota Department of Transportation closed the road.")
    assert found["Minnesota"].use == "modifier"


def test_a_mislabelled_name_must_be_a_place_by_its_very_spelling(nlp: Language, gaz: Gazetteer) -> None:
    # GeoNames knows "Tri-State" only by a near spelling (a village "Trei Sate"): an organisation here
    found = places(nlp, gaz, "Fans travelled from Tri-State to watch the game in Dallas.")
    assert set(found) == {"Dallas"}


def test_united_opens_an_organisation_unless_the_whole_is_a_place(nlp: Language, gaz: Gazetteer) -> None:
    assert set(places(nlp, gaz, "Volunteers from United Way delivered food in Dallas.")) == {"Dallas"}
    found = places(nlp, gaz, "Envoys met in Moscow, far from the United States.")
    assert "United States" in found
