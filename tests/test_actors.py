"""The actor registry and actor recognition, on sentences written for these tests."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from spacy.language import Language

from eventwire.actors import NAME, SECTORS, ActorRegistry, actor_for_span, find_actors
from eventwire.models import Actor
from eventwire.nlp import build_nlp


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return ActorRegistry.load()


@pytest.fixture(scope="module")
def nlp(registry: ActorRegistry) -> Language:
    return build_nlp(registry.ruler_patterns())


def actors(nlp: Language, registry: ActorRegistry, text: str) -> list[Actor]:
    return find_actors(nlp(text), registry)


def pairs(found: list[Actor]) -> list[tuple[str, str | None]]:
    return [(a.text, a.id) for a in found]


def test_name() -> None:
    assert NAME == "actors.registry.v1"


def test_data_file_validates(registry: ActorRegistry) -> None:
    entries = list(registry)
    assert len(entries) >= 400
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    for e in entries:
        assert e.sector in SECTORS, e.id
        assert 1 <= e.inter <= 8, e.id
        assert e.country is None or (re.fullmatch(r"[A-Z]{3}", e.country) and e.country in registry.countries)
        assert e.qid is None or re.fullmatch(r"Q\d+", e.qid)
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", e.id), e.id
    # No alias is claimed by two entries (same case-folded form), bar deliberate ones listed here.
    deliberate: set[str] = set()
    owners: dict[str, set[str]] = {}
    for e in entries:
        for alias in e.aliases:
            owners.setdefault(alias if alias.isupper() else alias.casefold(), set()).add(e.id)
    clashes = {a: ids for a, ids in owners.items() if len(ids) > 1 and a not in deliberate}
    assert clashes == {}
    # Every country has its three state entries.
    for iso3 in registry.countries:
        for sector in ("GOV", "MIL", "COP"):
            entry = registry.state_entry(iso3, sector)
            assert entry is not None and entry.country == iso3 and entry.inter == 1


def test_lookup_folds_case_articles_and_variants(registry: ActorRegistry) -> None:
    isis = registry.entry("isis")
    for text in ("ISIS", "ISIL", "Daesh", "the Islamic State group", "so-called Islamic State",
                 "Islamic State's", "islamic state"):
        assert registry.lookup(text) == isis, text
    assert registry.lookup("the Syrian Democratic Forces") == registry.entry("sdf")
    assert registry.lookup("U.S. military") == registry.entry("mil-usa")
    assert registry.lookup("US-led coalition") == registry.entry("us-led-coalition")
    assert registry.lookup("US led coalition") == registry.entry("us-led-coalition")
    assert registry.lookup("Hay\u2019at Tahrir al-Sham") == registry.entry("hts")
    # Acronyms keep their case: the verb "is" and the pronoun "who" are nobody.
    assert registry.lookup("is") is None
    assert registry.lookup("who") is None
    assert registry.lookup("WHO") == registry.entry("who")
    assert registry.lookup("Rafiqa Wall") is None
    centcom = registry.entry("us-centcom")
    assert "CENTCOM" in centcom.aliases and registry.lookup("CENTCOM") == centcom
    assert {"US military", "United States military", "Pentagon"} <= set(registry.entry("mil-usa").aliases)
    assert {"Global Coalition against Daesh", "US-led coalition"} <= set(registry.entry("us-led-coalition").aliases)


def test_ruler_patterns_use_token_patterns_for_acronyms(registry: ActorRegistry) -> None:
    patterns = registry.ruler_patterns()
    assert all(p["label"] == "ACTOR" and p["id"] for p in patterns)
    by_alias = {json.dumps(p["pattern"]): p["id"] for p in patterns}
    assert by_alias[json.dumps([{"ORTH": "IS"}])] == "isis"
    assert by_alias[json.dumps([{"ORTH": "UN"}])] == "un"
    assert json.dumps("IS") not in by_alias and json.dumps("is") not in by_alias


def test_is_the_verb_never_matches(nlp: Language, registry: ActorRegistry) -> None:
    text = "The road is closed. IS fighters cut it, and the town is empty; who knows when WHO teams arrive."
    found = pairs(actors(nlp, registry, text))
    assert ("IS", "isis") in found
    assert sum(1 for t, i in found if i == "isis") == 1
    assert ("WHO", "who") in found
    assert not any(t.lower() == "who" and t != "WHO" for t, _ in found)


def test_aliases_found_in_text(nlp: Language, registry: ActorRegistry) -> None:
    text = (
        "Fighters of Hayat Tahrir al-Sham clashed with the Syrian National Army near Afrin, "
        "the Syrian Observatory for Human Rights said. The UN and Medecins Sans Frontieres called for calm, "
        "while al-Shabab attacked a base used by ATMIS in Somalia."
    )
    ids = {a.id for a in actors(nlp, registry, text)}
    assert {"hts", "sna-syria", "sohr", "un", "msf", "al-shabaab", "atmis"} <= ids


def test_modifiers_us_backed_and_us_led_are_not_the_us(nlp: Language, registry: ActorRegistry) -> None:
    text = "US-backed fighters advanced while US-led jets circled overhead."
    found = actors(nlp, registry, text)
    assert not any(a.country == "USA" for a in found)
    found = actors(nlp, registry, "The US military said two of its drones were lost.")
    assert ("US military", "mil-usa") in pairs(found)


def test_descriptors_resolve_only_after_the_name(nlp: Language, registry: ActorRegistry) -> None:
    before = "The jihadist group lost ground near the river."
    assert not any(a.id == "isis" for a in actors(nlp, registry, before))
    text = "ISIL claimed the bombing in the capital. Officials said the jihadist group had planned it for weeks."
    found = actors(nlp, registry, text)
    assert ("jihadist group", "isis") in pairs(found)


def test_nearest_preceding_actor_wins(nlp: Language, registry: ActorRegistry) -> None:
    text = (
        "Al-Shabaab fighters stormed a hotel in Mogadishu. A day later Boko Haram raided a village in Borno, "
        "and the militant group burned dozens of homes."
    )
    hit = [a for a in actors(nlp, registry, text) if a.text == "militant group"]
    assert hit and hit[0].id == "boko-haram"


def test_alliance_descriptors(nlp: Language, registry: ActorRegistry) -> None:
    text = (
        "The Syrian Democratic Forces said on Monday they had taken a dam. "
        "The Kurdish-led alliance had been fighting for the dam for a month, and the US-backed forces now "
        "hold both banks."
    )
    found = pairs(actors(nlp, registry, text))
    assert ("Kurdish-led alliance", "sdf") in found
    assert ("US-backed forces", "sdf") in found


def test_generics_with_demonyms(nlp: Language, registry: ActorRegistry) -> None:
    text = (
        "Turkish troops shelled the village, and Syrian government forces answered with artillery. "
        "Nigerian police arrested four men, and Colombia's army patrolled the border."
    )
    found = actors(nlp, registry, text)
    by_text = {a.text: a for a in found}
    assert by_text["Turkish troops"].id == "mil-tur"
    assert by_text["Syrian government forces"].id == "mil-syr"
    assert by_text["Nigerian police"].id == "cop-nga"
    assert by_text["Colombia's army"].id == "mil-col"


def test_proxies_are_not_state_forces(nlp: Language, registry: ActorRegistry) -> None:
    found = actors(nlp, registry, "Iranian-backed Iraqi militias fired rockets at a base.")
    assert not any(a.id in ("mil-irn", "mil-irq") for a in found)


def test_bare_generics_take_the_dominant_country(nlp: Language, registry: ActorRegistry) -> None:
    text = (
        "In Mali, gunmen killed nine civilians near Mopti. Malian officials blamed jihadists; "
        "the army sent soldiers to the area, and Mali's government declared three days of mourning."
    )
    found = actors(nlp, registry, text)
    by_id = {a.id: a for a in found}
    assert by_id["gen-armed-group"].country == "MLI"
    assert by_id["gen-civilians"].country == "MLI" and by_id["gen-civilians"].name == "Civilians (Mali)"
    assert by_id["mil-mli"].inter == 1
    lone = actors(nlp, registry, "Soldiers opened fire on protesters.")
    ids = {a.id for a in lone}
    assert {"gen-military", "gen-protesters"} <= ids
    assert all(a.country is None for a in lone)


def test_country_subjects_but_not_places(nlp: Language, registry: ActorRegistry) -> None:
    found = actors(nlp, registry, "Russia said the convoy was hit in Syria.")
    assert ("Russia", "gov-rus") in pairs(found)
    assert not any(a.text == "Syria" for a in found)


def test_walls_and_places_are_not_actors(nlp: Language, registry: ActorRegistry) -> None:
    text = "Engineers repaired the Old City wall and the Rafiqa Wall after the floods."
    assert actors(nlp, registry, text) == []


def test_actor_for_span(nlp: Language, registry: ActorRegistry) -> None:
    text = "The Houthis fired a missile at a ship. The Iran-backed rebels said Yemeni troops had retreated."
    doc = nlp(text)
    known = find_actors(doc, registry)
    start = text.index("The Iran-backed rebels")
    hit = actor_for_span(doc, start, start + len("The Iran-backed rebels"), registry, known)
    assert hit is not None and hit.id == "houthis"
    start = text.index("Yemeni troops")
    hit = actor_for_span(doc, start, start + len("Yemeni troops"), registry, known)
    assert hit is not None and hit.id == "mil-yem"
    start = text.index("a ship")
    assert actor_for_span(doc, start, start + len("a ship"), registry, known) is None


def test_user_file_overrides_and_adds(tmp_path: Path, registry: ActorRegistry) -> None:
    extra = tmp_path / "mine.jsonl"
    rows = [
        {"id": "sdf", "name": "SDF (user)", "aliases": ["SDF", "Syrian Democratic Forces"], "descriptors": [],
         "sector": "REB", "inter": 2, "country": "SYR"},
        {"id": "river-brigade", "name": "River Brigade", "aliases": ["River Brigade"],
         "descriptors": ["the brigade"], "sector": "PRM", "inter": 3, "country": "SSD"},
    ]
    extra.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    mine = ActorRegistry.load(extra=[extra])
    assert len(mine) == len(registry) + 1
    assert mine.entry("sdf").name == "SDF (user)"
    assert mine.entry("sdf").descriptors == ()
    nlp = build_nlp(mine.ruler_patterns())
    found = find_actors(nlp(" The River Brigade seized a barge. Later the brigade withdrew."), mine)
    assert [a.id for a in found] == ["river-brigade", "river-brigade"]


def test_bad_user_file_says_which_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "name": "X"}\n{"name": "no id"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        ActorRegistry.load(extra=[bad])


GOLDEN = Path(__file__).resolve().parents[2] / "shared" / "golden" / "raqqa-2017-07-04" / "article.txt"


@pytest.mark.skipif(not GOLDEN.exists(), reason="needs ../shared/golden")
def test_golden_article(nlp: Language, registry: ActorRegistry) -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    found = actors(nlp, registry, text)
    ids = Counter(a.id for a in found)
    # Every standalone "IS" in the article is the group.
    assert ids["isis"] >= len(re.findall(r"\bIS\b", text))
    assert {"sdf", "us-led-coalition", "us-centcom", "mil-usa", "un"} <= set(ids)
    assert not any("Rafiqa" in a.text for a in found)
    assert not any(a.text.lower() == "is" and a.text != "IS" for a in found)
