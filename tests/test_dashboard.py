"""The dashboard in a real browser: headless Debian Chromium driven by Playwright, against a real uvicorn
server on 127.0.0.1 over a fixture store. Skips cleanly when Chromium, Playwright or the built front end
(scripts/build_web.sh) is missing. Saves the screenshot the README shows: docs/dashboard.png."""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import fixtures
from eventwire.models import Actor, Article, Claimant, Event, Extraction, Figure, Period, Place, Span

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT = ROOT / "docs" / "dashboard.png"
TOKEN = "dashboard-test-token"
BROWSER_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from eventwire.api import Settings, create_app  # noqa: E402
from eventwire.api.app import STATIC  # noqa: E402
from eventwire.store import Store  # noqa: E402

if not CHROMIUM.is_file():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium", allow_module_level=True)
if not (STATIC / "vendor" / "d3-geo.min.js").is_file():
    pytest.skip("front end not built: run scripts/build_web.sh", allow_module_level=True)

HOSTILE_TEXT = (
    "Gunmen stormed a checkpoint outside Kirkuk on Tuesday and killed four police officers, the provincial "
    "police chief said. A post shared afterwards read <script>alert(1)</script> and "
    "<img src=x onerror=alert(2)> beside a photo of the burned vehicles."
)


def _span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start=start, end=start + len(phrase), text=phrase)


def hostile() -> Extraction:
    """An article whose text holds markup that would run if the dashboard ever parsed it as HTML."""
    text = HOSTILE_TEXT
    art = Article(id="iq-hostile-1", title="Checkpoint attack <b>near</b> Kirkuk", source="<i>Wire</i>",
                  published=dt.date(2023, 9, 6), url="javascript:alert(3)", text=text)
    place = Place(text="Kirkuk", start=_span(text, "Kirkuk").start, end=_span(text, "Kirkuk").end,
                  name="Kirkuk", geonameid=94787, lat=35.46806, lon=44.39222, country_code="IQ", resolution=4)
    chief = Claimant(name="provincial police chief", text="the provincial police chief", verb="said")
    killed = Figure(id="iq-hostile-1-f0", article_id=art.id, kind="killed", population="police officers",
                    best=4, low=4, high=4, place=place, claimant=chief,
                    evidence=[_span(text, "killed four police officers")])
    event = Event(
        id="iq-hostile-1-e0", article_id=art.id, event="ASSAULT", event_type="Violence against civilians",
        sub_event_type="Attack", actor=[Actor(text="Gunmen", name="Unidentified Armed Group", sector="UAF")],
        event_loc=place, date=dt.date(2023, 9, 5), date_precision="day", fatalities=4,
        figures=[killed.id], claimant=chief, trigger=_span(text, "stormed"),
        evidence=[_span(text, text.split(". ")[1])], confidence=0.6, coder=fixtures.CODER,
    )
    return Extraction(article=art, events=[event], figures=[killed], coder=fixtures.CODER)


DEMO_PLACES = (
    ("Khartoum", 379252, 15.5518, 32.5324, "SD", "Rapid Support Forces", "Sudanese Armed Forces"),
    ("Nyala", 369004, 12.0489, 24.8807, "SD", "Rapid Support Forces", "Sudanese Armed Forces"),
    ("Goma", 216281, -1.6741, 29.2284, "CD", "M23 rebels", "Congolese army"),
    ("Bunia", 217695, 1.5594, 30.2522, "CD", "CODECO militiamen", "Congolese army"),
    ("Kherson", 706448, 46.6369, 32.6146, "UA", "Russian forces", "Ukrainian forces"),
    ("Kharkiv", 706483, 49.9818, 36.2548, "UA", "Russian forces", "Ukrainian forces"),
    ("Gao", 2457163, 16.2717, -0.0447, "ML", "JNIM fighters", "Malian soldiers"),
    ("Mopti", 2453348, 14.4843, -4.183, "ML", "JNIM fighters", "Malian soldiers"),
    ("Mogadishu", 53654, 2.0371, 45.3438, "SO", "al-Shabaab fighters", "Somali troops"),
    ("Baidoa", 64536, 3.1138, 43.6498, "SO", "al-Shabaab fighters", "Somali troops"),
    ("Sittwe", 1295765, 20.1462, 92.8983, "MM", "Arakan Army fighters", "Myanmar troops"),
)
DEMO_KINDS = (
    ("Battles", "Armed clash", "FIGHT", "{a} and {b} clashed near {p} on {d}, leaving {n} fighters dead, {c} said."),
    ("Explosions/Remote violence", "Air/drone strike", "ASSAULT",
     "A drone strike hit a crowded market in {p} on {d}, killing {n} people, according to {c}."),
    ("Violence against civilians", "Attack", "ASSAULT",
     "{a} raided a village outside {p} on {d} and killed {n} civilians, {c} said."),
    ("Protests", "Peaceful protest", "PROTEST",
     "Hundreds of residents marched through {p} on {d} to demand safe passage for aid convoys."),
    ("Strategic developments", "Change to group/activity", "SEIZE",
     "{a} said on {d} that they had taken control of the airport road in {p}."),
)
CLAIMANTS = ("local health officials", "the United Nations", "a monitoring group", "hospital staff")


def demo_extractions(n: int = 44) -> list[Extraction]:
    """Invented reports (sentences written for this test) at real places, spread over eighteen months."""
    import random

    rng = random.Random(7)
    out: list[Extraction] = []
    for i in range(n):
        name, gid, lat, lon, cc, a, b = DEMO_PLACES[i % len(DEMO_PLACES)]
        etype, sub, plover, template = DEMO_KINDS[rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4])]
        day = dt.date(2023, 3, 1) + dt.timedelta(days=rng.randrange(540))
        killed = rng.choice([2, 3, 5, 8, 12, 17, 25, 40, 64]) if plover != "PROTEST" and plover != "SEIZE" else 0
        claimant = rng.choice(CLAIMANTS)
        text = template.format(a=a, b=b, p=name, d=day.strftime("%A"), n=killed, c=claimant)
        text = text[0].upper() + text[1:]
        fled = rng.random() < 0.35
        if fled:
            text += f" About {rng.choice([2, 4, 7, 12])},000 people fled the area, aid workers said."
        art = Article(id=f"demo-{i:03d}", source=rng.choice(["Sahel Observer", "Horn Daily", "Frontline Wire"]),
                      title=f"{etype} reported in {name}", published=day + dt.timedelta(days=1), text=text)
        place = Place(text=name, start=_span(text, name).start, end=_span(text, name).end, name=name,
                      geonameid=gid, lat=lat, lon=lon, country_code=cc, resolution=4, geo_precision=1)
        claim = Claimant(name=claimant, text=claimant, verb="said")
        figures: list[Figure] = []
        if killed:
            phrase = next(p for p in (f"leaving {killed} fighters dead", f"killing {killed} people",
                                      f"killed {killed} civilians") if p in text)
            figures.append(Figure(id=f"{art.id}-f0", article_id=art.id, kind="killed", best=killed, low=killed,
                                  place=place, claimant=claim, evidence=[_span(text, phrase)],
                                  period=Period(start=day, end=day, precision="day")))
        if fled:
            phrase = text[text.index("About ") : text.index(" fled") + 5]
            best = int(phrase.split()[1].replace(",", ""))
            figures.append(Figure(id=f"{art.id}-f{len(figures)}", article_id=art.id, kind="displaced", best=best,
                                  qualifier="about", place=place, evidence=[_span(text, phrase)],
                                  claimant=Claimant(name="aid workers", text="aid workers", verb="said"),
                                  period=Period(start=day, end=day, precision="day")))
        first = text.split(". ")[0].rstrip(".") + "."
        actors = [Actor(text=a, start=_span(text, a).start, end=_span(text, a).end, name=a)] if a in text else []
        event = Event(
            id=f"{art.id}-e0", article_id=art.id, event=plover, event_type=etype, sub_event_type=sub,
            actor=actors, event_loc=place, date=day, date_precision="day", fatalities=killed or None,
            figures=[f.id for f in figures if f.kind == "killed"], claimant=claim,
            evidence=[_span(text, first)], confidence=0.7, coder=fixtures.CODER,
        )
        out.append(Extraction(article=art, events=[event], figures=figures, coder=fixtures.CODER))
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("dash") / "dash.sqlite"
    with Store.open(path) as store:
        store.write([*fixtures.sample_extractions(), hostile(), *demo_extractions()],
                    "test-extractor.v1")
    app = create_app(Settings(db=str(path), token=TOKEN))
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1440, "height": 900}, device_scale_factor=1)
        pg = context.new_page()
        pg.dialogs = []
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
        pg.errors = []
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        pg.goto(server + "/")
        pg.wait_for_selector("body[data-ready='1']", timeout=20_000)
        yield pg
        context.close()
        browser.close()


def _apply(page: Any, text: str = "", country: str = "") -> None:
    page.fill("#filter-text", text)
    page.select_option("#filter-country", country)
    before = page.evaluate("window.performance.getEntriesByType('resource').length")
    page.click("#apply")
    page.wait_for_function(
        "n => window.performance.getEntriesByType('resource').length > n", arg=before, timeout=10_000)
    page.wait_for_selector("#list-view:not([hidden])")
    page.wait_for_timeout(200)


def test_map_timeline_and_list_drawn(page: Any) -> None:
    assert page.locator("path.country").count() > 200  # world-atlas countries
    places = {p[0] for p in DEMO_PLACES} | {"Idlib", "El Fasher", "Kirkuk"}  # the march has no coordinates
    assert page.locator("circle.event-dot").count() == len(places)
    ids = " ".join(page.locator("circle.event-dot").evaluate_all("ds => ds.map(d => d.dataset.eventIds)"))
    assert len(ids.split()) == 3 + 1 + 44 - 1
    assert page.locator("#timeline rect.bar").count() > 10
    assert page.locator("#kpi-events").text_content() == "48"
    assert page.errors == []


def test_filter_narrows_map_list_and_timeline(page: Any) -> None:
    _apply(page, text="fuel depot")
    assert page.locator("#event-list .event-item").count() == 1
    assert page.locator("circle.event-dot").count() == 1
    assert page.locator("#kpi-events").text_content() == "1"
    _apply(page, text="army units", country="SD")
    assert page.locator("#event-list .event-item").count() == 1
    assert "El Fasher" in page.locator("#event-list .event-item").text_content()


def test_event_view_highlights_evidence_and_claimants(page: Any) -> None:
    _apply(page, text="fuel depot")
    page.click("#event-list .event-item")
    page.wait_for_selector("#event-view:not([hidden]) #article-text")
    marks = page.locator("#article-text mark.ev-evidence")
    joined = "".join(marks.all_text_contents())
    assert joined.startswith("Government aircraft bombed a fuel depot in Idlib on Sunday")
    assert page.locator("#article-text mark.ev-trigger").text_content() == "bombed"
    assert "".join(page.locator("#article-text mark.fig-event").all_text_contents()) == (
        "killing at least seven people")
    fled = page.locator("#article-text mark[data-figure$='-f1']").all_text_contents()
    assert "".join(fled) == "About 3,000 residents fled"
    assert page.locator("#article-text mark[data-figure$='-f1'].fig-event").count() == 0
    figures = page.locator("#figures li.figure").all_text_contents()
    assert any("local rescuers" in f and "killed" in f for f in figures)
    assert any("United Nations" in f and "3,000 (2,500–3,500)" in f for f in figures)


def test_place_view_shows_figures_over_time(page: Any) -> None:
    _apply(page, text="fuel depot")
    page.click("#event-list .event-item")
    page.click("#event-view h2 .place-link")
    page.wait_for_selector("#place-view:not([hidden]) #place-chart")
    assert page.locator("#place-chart circle.fig-dot").count() == 2
    assert "local rescuers" in page.locator("#place-figures").text_content()


def test_hostile_article_text_shows_as_text(page: Any) -> None:
    _apply(page, text="onerror")
    assert page.locator("#event-list .event-item").count() == 1
    page.click("#event-list .event-item")
    page.wait_for_selector("#event-view:not([hidden]) #article-text")
    shown = page.locator("#article-text").text_content()
    assert "<script>alert(1)</script>" in shown
    assert "<img src=x onerror=alert(2)>" in shown
    assert page.locator("#article-text mark.ev-evidence").count() >= 1
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.querySelectorAll('#side script, #side b, #side i').length") == 0
    assert "Checkpoint attack <b>near</b> Kirkuk" in page.locator(".source strong").text_content()
    assert page.locator(".source a").count() == 0  # the javascript: URL is not made a link
    page.wait_for_timeout(300)
    assert page.dialogs == []


def test_correction_form_saves_and_shows_corrected(page: Any) -> None:
    _apply(page, text="army units", country="SD")
    page.click("#event-list .event-item")
    page.click("#correct-open")
    page.select_option("#correct-form select[name=event_type]", "Violence against civilians")
    page.fill("#correct-form input[name=analyst]", "Test Analyst")
    page.fill("#correct-form textarea[name=note]", "army units were not the target")
    page.fill("#correct-form input[name=token]", TOKEN)
    page.click("#correct-form button[type=submit]")
    page.wait_for_selector("#corrected-tag")
    assert page.locator(".type-badge").text_content() == "Violence against civilians"
    assert "Test Analyst" in page.locator("#corrections").text_content()
    assert "Battles → Violence against civilians" in page.locator("#corrections").text_content()


def test_screenshot(page: Any) -> None:
    _apply(page)
    page.evaluate("id => EW.openEvent(id)", fixtures.idlib().events[0].id)
    page.wait_for_selector("#event-view:not([hidden]) #article-text")
    page.hover("circle.event-dot[data-event-ids*='demo-000']", force=True)
    page.wait_for_timeout(300)
    if os.environ.get("EVENTWIRE_NO_SCREENSHOT") != "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
        assert SCREENSHOT.stat().st_size > 20_000
    assert page.errors == []
