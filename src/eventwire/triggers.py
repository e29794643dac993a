"""The trigger lexicon (``data/triggers.tsv``) and the weapon words that settle how an attack was made."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str
    event: str
    mode: str | None
    event_type: str | None
    sub_event_type: str | None
    context: str | None


@dataclass(frozen=True)
class Weapon:
    """What a weapon word says about an attack: ACLED sub-event type and PLOVER mode."""

    sub_event_type: str
    mode: str


EXPLOSIONS = "Explosions/Remote violence"
AIR = Weapon("Air/drone strike", "aerial")
DRONE = Weapon("Air/drone strike", "drone")
SHELLING = Weapon("Shelling/artillery/missile attack", "heavy-weapons")
IED = Weapon("Remote explosive/landmine/IED", "explosives")
SUICIDE = Weapon("Suicide bomb", "suicide-attack")
GRENADE = Weapon("Grenade", "explosives")
CHEMICAL = Weapon("Chemical weapon", "unconventional")

# Single words (lemmas, lower case) and two-word compounds that name a weapon.
WEAPONS: dict[str, Weapon] = {
    "airstrike": AIR, "air strike": AIR, "air raid": AIR, "warplane": AIR, "jet": AIR, "aircraft": AIR,
    "helicopter": AIR, "chopper": AIR, "gunship": AIR, "bomber": AIR, "barrel bomb": AIR, "air force": AIR,
    "aerial": AIR,
    "drone": DRONE, "drone strike": DRONE, "uav": DRONE,
    "shell": SHELLING, "shelling": SHELLING, "artillery": SHELLING, "mortar": SHELLING, "rocket": SHELLING,
    "missile": SHELLING, "howitzer": SHELLING, "tank": SHELLING, "bombardment": SHELLING,
    "ied": IED, "roadside bomb": IED, "landmine": IED, "mine": IED, "car bomb": IED, "explosive": IED,
    "booby": IED, "bomb": IED,
    "suicide": SUICIDE, "suicide bomber": SUICIDE, "suicide bombing": SUICIDE, "kamikaze": SUICIDE,
    "grenade": GRENADE, "propelled grenade": SHELLING, "rpg": SHELLING,
    "chemical": CHEMICAL, "sarin": CHEMICAL, "chlorine": CHEMICAL, "nerve agent": CHEMICAL,
    "mustard": CHEMICAL, "mustard gas": CHEMICAL, "poison gas": CHEMICAL, "poisonous gas": CHEMICAL,
    "toxic gas": CHEMICAL, "nerve gas": CHEMICAL, "chemical weapon": CHEMICAL, "vx": CHEMICAL,
}
# Head nouns that name a weapon only with their modifier ("poisonous gas", not "gas" alone or "tear gas").
MODIFIED_WEAPON_HEADS = frozenset({"gas", "agent"})
# Where weapon words compete in one clause, the more specific wins.
WEAPON_ORDER = (CHEMICAL, SUICIDE, DRONE, AIR, GRENADE, IED, SHELLING)


# Classes of objects that settle a verb's event ("provide aid" is AID, "expel diplomats" a SANCTION); a trigger
# key "provide @goods" in the lexicon matches any object of the class.
OBJECT_CLASSES: dict[str, str] = {
    **dict.fromkeys(("aid", "food", "medicine", "supply", "assistance", "money", "fund", "loan", "relief",
                     "equipment", "arm", "grain", "flour", "rice", "vaccine", "tent", "blanket", "dollar",
                     "medicament", "fuel", "good", "goods", "intelligence"), "@goods"),
    **dict.fromkeys(("tie", "relation", "relationship"), "@ties"),
    **dict.fromkeys(("sanction", "embargo", "tariff", "penalty"), "@sanction"),
    **dict.fromkeys(("restriction", "ban", "curfew", "limit", "emergency", "control"), "@restriction"),
    **dict.fromkeys(("blockade", "siege", "encirclement"), "@siege"),
    **dict.fromkeys(("border", "crossing", "bridge", "corridor", "airspace", "port", "checkpoint"), "@border"),
    **dict.fromkeys(("diplomat", "ambassador", "envoy", "attache", "consul", "inspector", "observer", "monitor",
                     "peacekeeper"), "@diplomat"),
    **dict.fromkeys(("demand", "request", "condition", "proposal", "plan", "offer"), "@demand"),
    **dict.fromkeys(("weapon", "hostage", "prisoner", "captive", "property", "land", "body"), "@returnable"),
    **dict.fromkeys(("people", "person", "civilian", "woman", "child", "man", "villager", "student",
                     "passenger", "worker", "resident", "girl", "boy", "member", "official", "minister",
                     "leader", "journalist", "soldier", "activist", "engineer", "aid worker", "refugee",
                     "citizen", "national", "foreigner", "tourist", "family"), "@person"),
    **dict.fromkeys(("wounded", "injured", "sick", "patient", "casualty"), "@casualty"),
    **dict.fromkeys(("talk", "talks", "negotiation", "mediation", "effort", "cooperation", "contact",
                     "dialogue"), "@talks"),
    **dict.fromkeys(("refuge", "asylum", "shelter", "protection"), "@refuge"),
    **dict.fromkeys(("unit", "brigade", "battalion", "regiment", "division", "militia", "force", "group",
                     "command", "corps", "army"), "@unit"),
}


def _none(value: str) -> str | None:
    return None if value in ("-", "") else value


@cache
def load_triggers() -> dict[tuple[str, str], Trigger]:
    """Triggers by (lemma, pos); multiword lemmas ("air strike") use a space."""
    table: dict[tuple[str, str], Trigger] = {}
    text = resources.files("eventwire").joinpath("data/triggers.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, pos, event, mode, event_type, sub, context = line.split("\t")
        table[(lemma, pos)] = Trigger(lemma, pos, event, _none(mode), _none(event_type), _none(sub),
                                      _none(context))
    return table


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str | None:
    """ACLED's disorder type of an event type."""
    if event_type in ("Battles", EXPLOSIONS, "Violence against civilians"):
        return "Political violence"
    if event_type == "Riots":
        return "Political violence" if sub_event_type == "Mob violence" else "Demonstrations"
    if event_type == "Protests":
        return "Demonstrations"
    if event_type == "Strategic developments":
        return "Strategic developments"
    return None
