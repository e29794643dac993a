"""A source's home, learnt from the names its articles use, settles what each article leaves unsaid."""

from __future__ import annotations

from spacy.language import Language

from eventwire.extract import Extractor
from eventwire.gazetteer import Gazetteer
from eventwire.geocode import resolve_places
from eventwire.homes import MIN_ARTICLES, batch_homes, infer_home, source_key
from eventwire.models import Article, Extraction, Place
from eventwire.places import find_toponyms

# A suburban weekly's stories: none says which state it is in.
LOCAL = [
    "The council in Dublin approved the new budget on Monday after a long debate.",
    "Students from Hilliard and Worthington joined the science fair at Dublin's library.",
    "Road work between Powell and Dublin will close two lanes until June.",
    "The Hilliard school board met on Tuesday to discuss a new bus route to Worthington.",
]


def toponyms(nlp: Language, gaz: Gazetteer, text: str) -> list[Place]:
    return find_toponyms(nlp(text), gaz)


def test_a_local_paper_s_names_elect_its_state(nlp: Language, gaz: Gazetteer) -> None:
    home = infer_home([toponyms(nlp, gaz, t) for t in LOCAL], gaz)
    assert home == ("US", "OH")
    found = toponyms(nlp, gaz, LOCAL[0])
    assert next(p for p in resolve_places(found, gaz, LOCAL[0]) if p.text == "Dublin").country_code == "IE"
    dublin = next(p for p in resolve_places(found, gaz, LOCAL[0], home) if p.text == "Dublin")
    assert (dublin.country_code, dublin.admin1) == ("US", "Ohio")


def test_an_article_s_own_words_outweigh_its_source_s_home(nlp: Language, gaz: Gazetteer) -> None:
    text = "Dublin, Ireland, hosted the conference, and delegates flew in from Cork and Galway."
    found = resolve_places(toponyms(nlp, gaz, text), gaz, text, ("US", "OH"))
    assert next(p for p in found if p.text == "Dublin").country_code == "IE"


def test_names_that_lie_together_outweigh_the_home(nlp: Language, gaz: Gazetteer) -> None:
    text = "A crash in Columbus closed roads near Springfield and Dayton."
    found = resolve_places(toponyms(nlp, gaz, text), gaz, text, ("US", "TX"))
    assert {p.admin1 for p in found} == {"Ohio"}


def test_too_few_articles_or_no_source_elect_no_home(nlp: Language, gaz: Gazetteer) -> None:
    few = [toponyms(nlp, gaz, t) for t in LOCAL[: MIN_ARTICLES - 1]]
    assert infer_home(few, gaz) is None
    many = [toponyms(nlp, gaz, t) for t in LOCAL]
    assert batch_homes([None] * len(many), many, gaz) == [None] * len(many)
    mixed = batch_homes(["weekly"] * len(many) + ["other"], [*many, many[0]], gaz)
    assert mixed == [("US", "OH")] * len(many) + [None]


def test_sources_are_outlets_or_hosts() -> None:
    assert source_key("  The Villager ", "https://example.org/a") == "the villager"
    assert source_key(None, "https://www.villager.example/news/1") == "villager.example"
    assert source_key(None, None) is None
    assert source_key(None, "http://[::1/broken") is None


def test_a_batch_from_one_source_shares_its_home(extractor: Extractor) -> None:
    articles = [Article(id=f"w{i}", url=f"https://www.weekly.example/{i}", text=t) for i, t in enumerate(LOCAL)]
    together = [x for x in extractor.extract_many(articles) if isinstance(x, Extraction)]
    dublin = next(p for p in together[0].mentions.places if p.text == "Dublin")
    assert (dublin.country_code, dublin.admin1) == ("US", "Ohio")
    alone = extractor.extract(articles[0])
    assert next(p for p in alone.mentions.places if p.text == "Dublin").country_code == "IE"


def test_a_city_council_s_town_is_the_home_s_town_too(nlp: Language, gaz: Gazetteer) -> None:
    text = "Dublin City Council met on Monday. The mayor of Dublin said the library would reopen in May."
    for p in resolve_places(toponyms(nlp, gaz, text), gaz, text, ("US", "OH")):
        if p.text.startswith("Dublin"):
            assert (p.country_code, p.admin1) == ("US", "Ohio"), p.text
    kansas = resolve_places(toponyms(nlp, gaz, "Kansas City police said."), gaz, "Kansas City police said.",
                            ("US", "OH"))
    assert kansas[0].name == "Kansas City"
