"""Resolution: context decides among same-named places; features fall back to their town."""

from __future__ import annotations

import pytest
from spacy.language import Language

from eventwire.gazetteer import Gazetteer
from eventwire.geocode import resolve_places
from eventwire.models import Place
from eventwire.places import find_toponyms


def resolve(nlp: Language, gaz: Gazetteer, text: str) -> list[Place]:
    doc = nlp(text)
    return resolve_places(find_toponyms(doc, gaz), gaz, text)


def first(found: list[Place], text: str) -> Place:
    return next(p for p in found if p.text == text)


def test_syria_iraq_and_a_province(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(
        nlp,
        gaz,
        "Kurdish-led fighters entered Raqqa's Old City and breached the Rafiqa Wall. "
        "Government troops advanced in Deir al-Zour province, far from Mosul in Iraq, "
        "while Syria and Iraq traded accusations.",
    )
    raqqa = first(found, "Raqqa")
    assert (raqqa.geonameid, raqqa.resolution, raqqa.geo_precision) == (172955, 4, 1)
    for feature in ("Old City", "Rafiqa Wall"):
        p = first(found, feature)
        assert (p.geonameid, p.name, p.resolution, p.geo_precision) == (172955, raqqa.name, 4, 1)
    province = first(found, "Deir al-Zour province")
    assert (province.geonameid, province.feature_code, province.resolution, province.geo_precision) == (
        170792,
        "ADM1",
        2,
        3,
    )
    assert first(found, "Mosul").geonameid == 99072
    assert first(found, "Iraq").geonameid == 99237 and first(found, "Iraq").resolution == 1
    assert first(found, "Syria").geonameid == 163843


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Fighting in Tripoli, Libya, killed 12 people.", "Tripoli", "LY"),
        ("Protesters gathered in Tripoli in northern Lebanon on Friday.", "Tripoli", "LB"),
        ("A tornado damaged homes in Paris, Texas, on Sunday.", "Paris", "US"),
        ("Thousands marched in Paris in France against the law.", "Paris", "FR"),
        ("Shelling hit Kharkiv overnight, Ukrainian officials said.", "Kharkiv", "UA"),
        ("Rebels advanced on Goma, in North Kivu province.", "Goma", "CD"),
        ("RSF fighters shelled El Fasher, the capital of North Darfur.", "El Fasher", "SD"),
        ("A car bomb exploded in Mogadishu, Somali police said.", "Mogadishu", "SO"),
        ("A blast hit a mosque in Kabul on Friday.", "Kabul", "AF"),
        ("Air strikes hit Idlib and Aleppo, Syrian activists said.", "Idlib", "SY"),
        ("Air strikes hit Idlib and Aleppo, Syrian activists said.", "Aleppo", "SY"),
        ("Israeli strikes hit Gaza City and Khan Younis.", "Khan Younis", "PS"),
    ],
)
def test_context_picks_the_country(nlp: Language, gaz: Gazetteer, text: str, name: str, country: str) -> None:
    p = first(resolve(nlp, gaz, text), name)
    assert p.country_code == country and p.resolution == 4 and p.lat is not None


def test_cities_before_their_divisions_and_demonyms_to_countries(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(
        nlp, gaz, "Russian forces struck Kharkiv and the Kharkiv airport, Ukrainian officials said."
    )
    assert first(found, "Kharkiv").feature_code != "ADM1"
    airport = first(found, "Kharkiv airport")
    assert airport.geonameid == first(found, "Kharkiv").geonameid and airport.geo_precision == 2
    russian = first(found, "Russian")
    assert russian.country_code == "RU" and russian.resolution == 1 and russian.geo_precision == 3
    region = first(resolve(nlp, gaz, "Turkish troops shelled villages in northern Syria."), "northern Syria")
    assert region.geonameid == 163843 and region.resolution == 1


def test_unknown_names_say_why(nlp: Language, gaz: Gazetteer) -> None:
    p = Place(text="Qqqzzyx", start=0, end=7)
    out = resolve_places([p], gaz)
    assert out[0].geonameid is None and out[0].reason
    lone = resolve_places([Place(text="Old City", start=0, end=8)], gaz)
    assert lone[0].geonameid is None and lone[0].reason


def test_counties_states_and_the_article_s_own_state(nlp: Language, gaz: Gazetteer) -> None:
    text = (
        "Deputies in Rapides Parish arrested two men on Friday. The men, both of Pineville, La., were "
        "taken to the jail in Alexandria, where a judge set bond."
    )
    found = resolve(nlp, gaz, text)
    parish = first(found, "Rapides Parish")
    assert parish.feature_code == "ADM2" and parish.country_code == "US" and parish.admin1 == "Louisiana"
    assert (parish.resolution, parish.geo_precision, parish.geonameid) == (3, 2, None)
    assert parish.lat is not None and 30.5 < parish.lat < 32.0
    alexandria = first(found, "Alexandria")
    assert (alexandria.country_code, alexandria.admin1) == ("US", "Louisiana")


def test_country_points_and_continents(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(nlp, gaz, "Exports from Europe to the United States rose, traders in Egypt said.")
    us = first(found, "United States")
    assert us.lat is not None and us.lon is not None and 35 < us.lat < 42 and -102 < us.lon < -94
    europe = first(found, "Europe")
    assert europe.feature_code == "CONT" and europe.country_code in ("", None)


def test_near_spellings_only_in_the_article_s_countries(gaz: Gazetteer) -> None:
    # "Europe" has a near spelling (a Belgian village) that must not stand in for it, and a made-up name
    # with near spellings elsewhere stays unresolved rather than wrong.
    out = resolve_places([Place(text="Qarzinova province", start=0, end=18)], gaz)
    assert out[0].geonameid is None or out[0].feature_code == "ADM1"
    out = resolve_places([Place(text="Syria", start=0, end=5), Place(text="Dayr az Zor", start=10, end=21)], gaz,
                         "Syria and Dayr az Zor")
    assert out[1].country_code == "SY"


def test_one_name_one_place_settled_by_its_container(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(
        nlp,
        gaz,
        "The festival opens in Paris, Texas, on Friday. Organisers said Paris expects more visitors "
        "than last year, and Paris hotels are full.",
    )
    assert {p.admin1 for p in found if p.text == "Paris"} == {"Texas"}


def test_repeated_mentions_do_not_vouch_for_themselves(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(
        nlp,
        gaz,
        "Deputies in Clarke County arrested a man on Friday. Clarke County officials said the man was "
        "taken to Athens, Georgia, and later to Augusta. The Clarke County jail is full.",
    )
    assert {p.admin1 for p in found if p.text in ("Clarke County", "Augusta")} == {"Georgia"}


def test_a_feature_named_after_a_town_of_the_article_is_in_it(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(
        nlp, gaz, "Police in Boise said the injured were taken to Hartford Hospital, where Hartford officials met them."
    )
    assert first(found, "Hartford Hospital").admin1 == "Connecticut"


def test_a_comma_in_a_list_is_no_container(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(nlp, gaz, "Flights to Washington, New York and Boston were cancelled on Friday.")
    assert first(found, "Washington").feature_code == "PPLC"


def test_a_division_holding_a_town_of_the_article_is_near_it(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(
        nlp, gaz, "Flights from Baltimore and Annapolis to Eureka were cancelled as California burned."
    )
    assert first(found, "California").feature_code == "ADM1"


def test_a_state_the_article_names_outweighs_a_cluster_of_guesses(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(
        nlp,
        gaz,
        "Schools in Madison County, Greene County, Warren County and Montgomery County closed on Monday. "
        "Ohio officials opened shelters.",
    )
    assert {p.admin1 for p in found if p.text.endswith("County")} == {"Ohio"}


def test_a_country_named_in_a_local_story_is_the_country(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(nlp, gaz, "Officials in Augusta, Waterville and Bangor said exports to China fell.")
    assert first(found, "China").feature_code == "PCLI"
    assert first(found, "Waterville").admin1 == "Maine"


def test_a_named_part_of_a_place_is_placed_at_the_place(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(nlp, gaz, "Storms knocked out power across North Texas and Northeast Ohio on Monday.")
    assert first(found, "North Texas").admin1 == "Texas"
    assert first(found, "Northeast Ohio").admin1 == "Ohio"


def test_a_name_opening_an_unknown_organisation_places_it(gaz: Gazetteer) -> None:
    text = "Deputies of the Tarrant County Sheriff's Office and the Fort Worth Fire Brigade met in Texas."
    names = ["Tarrant County Sheriff's Office", "Fort Worth Fire Brigade", "Texas"]
    toponyms = [Place(text=n, start=text.index(n), end=text.index(n) + len(n)) for n in names]
    found = resolve_places(toponyms, gaz, text)
    assert (found[0].feature_code, found[0].admin1) == ("ADM2", "Texas")
    assert (found[1].name, found[1].admin1) == ("Fort Worth", "Texas")


def test_a_division_by_its_own_name_outweighs_a_town_of_that_name(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(nlp, gaz, "A tourist was arrested in Wyoming last week.")
    assert (first(found, "Wyoming").feature_code, first(found, "Wyoming").admin1) == ("ADM1", "Wyoming")
    found = resolve(nlp, gaz, "Flights to Washington, New York and Boston were cancelled on Friday.")
    assert first(found, "Washington").feature_code == "PPLC"  # a big city of that name is the name's


def test_names_that_lie_together_vouch_for_each_other(nlp: Language, gaz: Gazetteer) -> None:
    # of all the Parises and Henry Counties, only the Tennessee ones are neighbours
    found = resolve(nlp, gaz, "Firefighters from Paris and Henry County put out the blaze on Tuesday.")
    assert {(p.text, p.admin1) for p in found} == {("Paris", "Tennessee"), ("Henry County", "Tennessee")}
    # a capital's name is the capital, however close its namesake towns lie together (Athens and Rome, Texas)
    found = resolve(nlp, gaz, "The U.S. embassy in Italy said the tourists from Rome and Athens were safe.")
    assert [first(found, n).country_code for n in ("Italy", "Rome", "Athens")] == ["IT", "IT", "GR"]


def test_a_school_or_hospital_is_at_the_place_it_is_named_after(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(nlp, gaz, "Doctors at Huntsville Hospital said two men were hurt in the crash near Decatur.")
    hospital = first(found, "Huntsville Hospital")
    assert (hospital.name, hospital.admin1, hospital.geo_precision) == ("Huntsville", "Alabama", 1)
    # a bare direction word opening a name it does not know is no place ("South" is a region of Cameroon)
    region = first(resolve(nlp, gaz, "Volunteers fighting for South Ossetia arrived on Monday."), "South Ossetia")
    assert region.country_code != "CM"


def test_an_ocean_after_the_is_no_town_of_that_name(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(
        nlp,
        gaz,
        "The Iowa fishermen said the storm formed over the Atlantic and crossed the Gulf of Mexico "
        "before it reached Des Moines.",
    )
    ocean = first(found, "Atlantic")
    assert (ocean.name, ocean.feature_code, ocean.geonameid, ocean.resolution, ocean.geo_precision) == (
        "Atlantic Ocean", "OCN", None, 1, 3,
    )
    assert first(found, "Gulf of Mexico").feature_code == "GULF"
    assert first(found, "Des Moines").country_code == "US"


def test_world_regions_and_former_countries_resolve_coarsely(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(
        nlp, gaz, "Refugees from the Soviet Union settled across the Middle East and in the Nile Delta.",
    )
    soviet, mideast, delta = (first(found, t) for t in ("Soviet Union", "Middle East", "Nile Delta"))
    assert (soviet.feature_code, soviet.geo_precision) == ("PCLH", 3)
    assert (mideast.feature_code, mideast.country_code, mideast.resolution) == ("RGN", "", 1)
    assert (delta.feature_code, delta.country_code, delta.resolution, delta.geo_precision) == ("DLTA", "EG", 2, 3)


def test_a_country_is_at_geonames_point_for_it(nlp: Language, gaz: Gazetteer) -> None:
    canada = first(resolve(nlp, gaz, "Wildfires burned across Canada on Tuesday."), "Canada")
    assert (round(canada.lat or 0, 1), round(canada.lon or 0, 1)) == (60.1, -113.6)


def test_a_name_opening_a_longer_one_is_one_place_with_it(nlp: Language, gaz: Gazetteer) -> None:
    # "Hanover Town Hall" is the Hanover of the article, not a second vote for the Jamaican parish
    text = (
        "Police in Hanover said a car hit the steps of Hanover Town Hall on Monday. "
        "The driver, from Bethel, Vt., was not hurt, Hanover officers said."
    )
    found = resolve(nlp, gaz, text)
    assert {(p.name, p.admin1) for p in found if p.text.startswith("Hanover")} == {("Hanover", "New Hampshire")}


def test_contested_regions_islands_and_mountain_ranges_are_places(nlp: Language, gaz: Gazetteer) -> None:
    text = (
        "Volunteers returned to South Ossetia on Monday. Shells fell on the Golan Heights, army units moved "
        "into the Nuba Mountains and ferries to Borneo were halted. Police in Dagestan detained four men."
    )
    found = resolve(nlp, gaz, text)
    codes = {p.text: (p.feature_code, p.country_code, p.geo_precision) for p in found}
    assert codes["South Ossetia"] == ("RGN", "GE", 3)
    assert codes["Golan Heights"][:2] == ("RGN", "SY")
    assert codes["Nuba Mountains"][:2] == ("MTS", "SD")
    assert codes["Borneo"][:2] == ("ISL", "")
    assert codes["Dagestan"][:2] == ("ADM1", "RU")  # "Dagestan, Respublika" by its short name


def test_a_country_by_its_short_name_beats_a_village_so_named(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(nlp, gaz, "Russian diplomats in Moscow said the UK had expelled two of their staff.")
    assert (first(found, "UK").country_code, first(found, "UK").feature_code) == ("GB", "PCLI")


def test_regional_demonyms_are_their_continents_and_regions(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(
        nlp, gaz, "European ministers met on Monday as Kurdish fighters and Latin American envoys waited in Geneva."
    )
    european, kurdish = first(found, "European"), first(found, "Kurdish")
    assert (european.use, european.name, european.feature_code) == ("demonym", "Europe", "CONT")
    assert (kurdish.name, kurdish.feature_code) == ("Kurdistan", "RGN")
    assert first(found, "Latin American").name == "Latin America"
    assert first(found, "Geneva").use == "literal"


def test_a_country_or_state_keeps_its_name_from_towns_once_called_so(nlp: Language, gaz: Gazetteer) -> None:
    # Valle Vista, California was once called Florida; a Californian story does not make "Florida" it
    found = resolve(nlp, gaz, "Firefighters in Riverside, California said the crew flew home to Florida on Sunday.")
    assert (first(found, "Florida").name, first(found, "Florida").feature_code) == ("Florida", "ADM1")
    # a state by its own name does not outrank the country of that name in a Caucasus story
    found = resolve(nlp, gaz, "Azerbaijan accused Armenia of moving troops through Georgia, officials in Baku said.")
    assert first(found, "Georgia").country_code == "GE"
    # two direction words open a part of the place they qualify
    found = resolve(nlp, gaz, "Floods cut off villages across North West England on Tuesday.")
    assert first(found, "North West England").admin1 == "England"


def test_a_capital_of_a_country_the_article_names_is_the_capital(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(
        nlp, gaz,
        "WASHINGTON (AP) - Flights from Philadelphia, Scranton and Wilkes-Barre to Moscow were halted, "
        "the State Department said, after Russia closed its airspace.",
    )
    assert (first(found, "Moscow").country_code, first(found, "Moscow").feature_code) == ("RU", "PPLC")


def test_a_state_or_country_coordinated_with_another_is_of_its_rank(nlp: Language, gaz: Gazetteer) -> None:
    # Wales is also a village in England; "England and Wales" are two divisions
    found = resolve(nlp, gaz, "Police numbers in England and Wales have fallen by a fifth since 2010.")
    assert (first(found, "Wales").feature_code, first(found, "Wales").admin1) == ("ADM1", "Wales")
    found = resolve(nlp, gaz, "Tech firms moved jobs from states such as California or Washington last year.")
    assert first(found, "Washington").feature_code == "ADM1"


def test_airports_and_bases_known_by_their_own_names(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(nlp, gaz, "A rocket hit Ain al-Asad air base in Anbar, and drones struck Hmeimim in Latakia.")
    base = first(found, "Ain al-Asad air base")
    assert (base.feature_code, base.country_code, base.admin1, base.geo_precision) == ("AIRB", "IQ", "Al Anbār", 1)
    assert (first(found, "Hmeimim").feature_code, first(found, "Hmeimim").country_code) == ("AIRB", "SY")
    # a bare airport name is the airport in a British story, the town of that name in a Floridian one
    found = resolve(nlp, gaz, "Flights from Heathrow were cancelled, a spokesman for London's mayor said.")
    assert (first(found, "Heathrow").feature_code, first(found, "Heathrow").country_code) == ("AIRP", "GB")
    found = resolve(nlp, gaz, "Residents of Heathrow and Sanford said the storm spared Orlando.")
    assert (first(found, "Heathrow").feature_code, first(found, "Heathrow").admin1) == ("PPL", "Florida")


def test_a_feature_of_no_known_town_falls_back_to_the_division_it_is_in(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(nlp, gaz, "Drones attacked the Qwertz air base in Latakia province on Sunday.")
    base = first(found, "Qwertz air base")
    assert (base.feature_code, base.admin1, base.resolution, base.geo_precision) == ("ADM1", "Al Lādhiqīyah", 2, 3)
    assert base.reason is None


def test_an_avenue_named_after_a_town_elsewhere_is_in_the_article_s_town(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(
        nlp, gaz, "Firefighters in Miami Beach were called to a hotel on Collins Avenue late on Saturday, "
        "and traffic on Biscayne Boulevard was stopped for an hour."
    )
    for street in ("Collins Avenue", "Biscayne Boulevard"):
        p = first(found, street)
        assert (p.name, p.admin1, p.resolution) == ("Miami Beach", "Florida", 4)


def test_a_country_is_no_town_of_its_name_in_a_local_story(nlp: Language, gaz: Gazetteer) -> None:
    text = ("Customs officers in Houston and Beaumont, Texas, seized a shipment of fake phones from China, "
            "and Harris County deputies said more shipments from China were expected.")
    assert first(resolve(nlp, gaz, text), "China").feature_code == "PCLI"
    text = "United States officials in Washington, D.C., said the United States would send envoys to London."
    assert first(resolve(nlp, gaz, text), "London").country_code == "GB"
    home = ("US", "MN")  # a Jordan, Minnesota, weekly's "Jordan" is its town
    text = "The Jordan City Council and the Scott County board met on Monday; Jordan will repave two streets."
    jordan = next(p for p in resolve_places(find_toponyms(nlp(text), gaz), gaz, text, home) if p.text == "Jordan")
    assert (jordan.country_code, jordan.admin1) == ("US", "Minnesota")


def test_canadian_provinces_and_spaced_state_abbreviations(nlp: Language, gaz: Gazetteer) -> None:
    found = resolve(nlp, gaz, "Floods closed roads near London, Ont., and in Kamloops, B.C., while a storm "
                    "hit Charleston, W. Va., on Sunday.")
    assert (first(found, "London").country_code, first(found, "London").admin1) == ("CA", "Ontario")
    assert first(found, "B.C.").name == "British Columbia"
    assert first(found, "Charleston").admin1 == "West Virginia"


def test_a_place_inside_a_longer_name_the_gazetteer_lacks(gaz: Gazetteer) -> None:
    text = "The State of Vermont, the Port of Los Angeles, Western Mass. and Politics Ukraine."
    names = ["State of Vermont", "Port of Los Angeles", "Western Mass.", "Politics Ukraine"]
    toponyms = [Place(text=n, start=text.index(n), end=text.index(n) + len(n), use="literal") for n in names]
    found = {p.text: p for p in resolve_places(toponyms, gaz, text)}
    assert (found["State of Vermont"].name, found["State of Vermont"].feature_code) == ("Vermont", "ADM1")
    assert found["Port of Los Angeles"].admin1 == "California"
    assert found["Western Mass."].name == "Massachusetts"
    assert found["Politics Ukraine"].feature_code == "PCLI"
