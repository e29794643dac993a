"""Write ``src/eventwire/data/actor_states.jsonl``: state entries of the actor registry. Run after edits:

    .venv/bin/python scripts/build_actor_registry.py

Every country of ``src/eventwire/data/actor_countries.tsv`` (ISO 3166-1 alpha-3, names and demonyms,
written by hand) gets three entries: ``gov-xxx`` (Government of X), ``mil-xxx`` (Military Forces of X) and
``cop-xxx`` (Police Forces of X), with aliases built from its demonyms plus the hand-written ones below.
The named actors (armed groups, international bodies, ...) are written by hand in ``actors.jsonl``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "eventwire" / "data"

Entry = dict[str, Any]

# Aliases of the generated state entries beyond the ones every country gets.
EXTRA: dict[str, list[str]] = {
    "mil-usa": [
        "US military",
        "U.S. military",
        "United States military",
        "American military",
        "US armed forces",
        "Pentagon",
        "US Department of Defense",
        "Department of Defense",
        "US Defense Department",
        "Defense Department",
        "US Army",
        "U.S. Army",
        "US Air Force",
        "U.S. Air Force",
        "US Navy",
        "U.S. Navy",
        "US Marines",
        "US Marine Corps",
        "US special forces",
        "US forces",
        "U.S. forces",
        "US troops",
        "U.S. troops",
        "American troops",
        "American forces",
    ],
    "gov-usa": [
        "US government",
        "U.S. government",
        "Washington",
        "White House",
        "US administration",
        "US State Department",
        "State Department",
        "US Department of State",
        "Trump administration",
        "Biden administration",
        "Obama administration",
    ],
    "cop-usa": ["FBI"],
    "gov-rus": ["Kremlin", "Russian government", "Moscow"],
    "mil-rus": [
        "Russian Defence Ministry",
        "Russian Defense Ministry",
        "Russian Ministry of Defence",
        "Russian Armed Forces",
        "Russian army",
        "Russian military",
    ],
    "mil-ukr": [
        "Armed Forces of Ukraine",
        "Ukrainian armed forces",
        "Ukrainian General Staff",
        "General Staff of the Armed Forces of Ukraine",
        "ZSU",
        "Ukrainian Defence Ministry",
    ],
    "gov-ukr": ["Kyiv", "Kiev"],
    "mil-syr": [
        "Syrian Arab Army",
        "SAA",
        "Syrian army",
        "Syrian regime forces",
        "Assad regime forces",
        "Assad forces",
        "Syrian Arab Armed Forces",
    ],
    "gov-syr": ["Syrian regime", "Assad regime", "Damascus"],
    "mil-isr": [
        "Israel Defense Forces",
        "Israel Defence Forces",
        "IDF",
        "Israeli army",
        "Israeli military",
        "Israeli Air Force",
        "Israeli forces",
        "Israeli troops",
    ],
    "gov-isr": ["Israeli government", "Israeli Prime Minister's Office"],
    "gov-pse": ["Palestinian Authority", "Palestinian National Authority"],
    "cop-pse": ["Palestinian security forces"],
    "mil-irq": [
        "Iraqi Security Forces",
        "Iraqi army",
        "Iraqi military",
        "Iraqi Joint Operations Command",
        "Joint Operations Command",
    ],
    "gov-irq": ["Baghdad", "Iraqi government"],
    "mil-irn": ["Iranian army", "Artesh"],
    "gov-irn": ["Tehran", "Iranian government"],
    "mil-tur": [
        "Turkish Armed Forces",
        "TSK",
        "Turkish army",
        "Turkish military",
        "Turkish Defence Ministry",
        "Turkish Defense Ministry",
    ],
    "gov-tur": ["Ankara", "Turkish government"],
    "mil-sdn": ["Sudanese Armed Forces", "SAF", "Sudanese army", "Sudanese military"],
    "mil-ssd": ["South Sudan People's Defence Forces", "SSPDF", "South Sudanese army", "SPLA"],
    "mil-cod": [
        "FARDC",
        "Armed Forces of the Democratic Republic of the Congo",
        "Congolese army",
        "Congolese armed forces",
    ],
    "mil-rwa": ["Rwanda Defence Force", "RDF", "Rwandan army", "Rwandan troops", "Rwandan forces"],
    "mil-uga": ["Uganda People's Defence Force", "UPDF", "Ugandan army"],
    "mil-eth": [
        "Ethiopian National Defense Force",
        "Ethiopian National Defence Force",
        "ENDF",
        "Ethiopian army",
        "Ethiopian military",
    ],
    "mil-som": ["Somali National Army", "Somali army", "Somali military", "Danab"],
    "mil-ken": ["Kenya Defence Forces", "KDF", "Kenyan army"],
    "mil-mli": ["Malian Armed Forces", "FAMa", "Malian army", "Malian military"],
    "mil-bfa": ["Burkinabe army", "Burkina Faso army", "Burkinabe military"],
    "mil-ner": ["Nigerien army", "Nigerien military", "Niger army"],
    "mil-nga": [
        "Nigerian Army",
        "Nigerian military",
        "Nigerian Air Force",
        "Nigerian armed forces",
        "Operation Hadin Kai",
    ],
    "mil-mmr": ["Tatmadaw", "Myanmar military", "Myanmar army", "Burmese military", "Burmese army"],
    "gov-mmr": ["State Administration Council", "Myanmar junta", "military junta"],
    "mil-phl": ["Armed Forces of the Philippines", "Philippine army", "Philippine military"],
    "mil-afg": [
        "Afghan National Army",
        "Afghan security forces",
        "Afghan National Defense and Security Forces",
        "ANDSF",
    ],
    "mil-pak": [
        "Pakistan Army",
        "Pakistani army",
        "Pakistani military",
        "Inter-Services Public Relations",
        "ISPR",
    ],
    "mil-ind": ["Indian Army", "Indian army", "Indian military", "Indian Air Force"],
    "cop-ind": ["Central Reserve Police Force", "CRPF"],
    "mil-col": ["Colombian army", "Colombian military", "Colombian armed forces"],
    "mil-mex": ["Mexican army", "Mexican military", "SEDENA", "Sedena", "Mexican navy", "Mexican marines"],
    "cop-hti": ["Haitian National Police", "HNP", "PNH", "Haitian police"],
    "mil-yem": ["Yemeni army", "Yemeni government forces"],
    "gov-yem": [
        "Yemeni government",
        "internationally recognised government",
        "internationally recognized government",
    ],
    "mil-lbn": ["Lebanese Armed Forces", "LAF", "Lebanese army"],
    "mil-sau": ["Saudi military", "Royal Saudi Air Force"],
    "mil-gbr": ["British Army", "Royal Air Force", "RAF", "Royal Navy"],
    "gov-gbr": ["Downing Street", "Foreign Office", "UK government", "British government"],
    "mil-fra": ["French army", "French military", "French armed forces"],
    "mil-lby": ["Libyan army"],
    "gov-lby": [
        "Government of National Unity",
        "GNU",
        "Government of National Accord",
        "GNA",
        "Tripoli government",
    ],
    "mil-chn": ["People's Liberation Army", "PLA"],
    "gov-chn": ["Beijing", "Chinese government"],
    "mil-prk": ["Korean People's Army"],
    "mil-kor": ["South Korean military"],
    "mil-moz": ["Mozambican army", "FADM"],
    "mil-cmr": ["Cameroonian army", "Cameroonian military"],
    "mil-tcd": ["Chadian army"],
    "mil-caf": ["FACA", "Central African armed forces"],
    "mil-aze": ["Azerbaijani army"],
    "mil-arm": ["Armenian army"],
}

# Capitals as metonyms for governments are too ambiguous in a place-heavy pipeline: keep them out.
METONYM_CAPITALS = {
    "Washington",
    "Moscow",
    "Kyiv",
    "Kiev",
    "Damascus",
    "Baghdad",
    "Tehran",
    "Ankara",
    "Beijing",
}


def countries() -> list[tuple[str, str, list[str], list[str]]]:
    rows = []
    for line in (DATA / "actor_countries.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso3, name, other, demonyms = (line.split("\t") + ["", "", ""])[:4]
        rows.append((iso3, name, [x for x in other.split(";") if x], [x for x in demonyms.split(";") if x]))
    return rows


def state_name(name: str) -> str:
    return (
        f"the {name}"
        if name.startswith(
            (
                "United",
                "Democratic Republic",
                "Republic",
                "Central African",
                "Dominican",
                "Philippines",
                "Netherlands",
                "Bahamas",
                "Gambia",
                "Marshall",
                "Solomon",
                "Maldives",
                "Seychelles",
                "Comoros",
            )
        )
        else name
    )


def state_entries() -> list[Entry]:
    out: list[Entry] = []
    for iso3, name, _other, demonyms in countries():
        the_name = state_name(name)
        low = iso3.lower()
        adjs = demonyms or []
        gov = (
            [f"Government of {the_name}"]
            + [f"{d} government" for d in adjs]
            + [f"{d} authorities" for d in adjs]
        )
        mil = [f"Military Forces of {the_name}"] + [
            f"{d} {w}"
            for d in adjs
            for w in (
                "military",
                "army",
                "armed forces",
                "Defence Ministry",
                "Defense Ministry",
                "Ministry of Defence",
            )
        ]
        cop = (
            [f"Police Forces of {the_name}"]
            + [f"{d} police" for d in adjs]
            + [f"{d} police force" for d in adjs]
        )
        gov += [f"{name} government"] if name not in {"United States"} else []
        for sector, eid, aliases, inter in (
            ("GOV", f"gov-{low}", gov, 1),
            ("MIL", f"mil-{low}", mil, 1),
            ("COP", f"cop-{low}", cop, 1),
        ):
            extra = [a for a in EXTRA.get(eid, []) if a not in METONYM_CAPITALS]
            full = {
                "GOV": f"Government of {the_name}",
                "MIL": f"Military Forces of {the_name}",
                "COP": f"Police Forces of {the_name}",
            }[sector]
            descriptors = {
                "GOV": ["the government"],
                "MIL": ["the army", "the military"],
                "COP": ["the police"],
            }[sector]
            if eid in {"gov-mmr", "gov-mli", "gov-bfa", "gov-ner", "gov-gin", "gov-sdn", "gov-gab"}:
                descriptors = descriptors + ["the junta", "the military government"]
            out.append(
                actor(eid, full, list(dict.fromkeys(aliases + extra)), descriptors, sector, inter, iso3)
            )
    return out


def actor(
    id: str, name: str, aliases: list[str], descriptors: list[str], sector: str, inter: int, country: str
) -> Entry:
    return {
        "id": id,
        "name": name,
        "aliases": aliases,
        "descriptors": descriptors,
        "sector": sector,
        "inter": inter,
        "country": country,
    }


def main() -> None:
    entries = state_entries()
    ids = [e["id"] for e in entries]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise SystemExit(f"duplicate ids: {sorted(dupes)}")
    with (DATA / "actor_states.jsonl").open("w", encoding="utf-8") as fh:
        for e in entries:
            fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    print(f"wrote {len(entries)} entries to {DATA / 'actor_states.jsonl'}")


if __name__ == "__main__":
    main()
