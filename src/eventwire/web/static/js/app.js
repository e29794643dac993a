/* The dashboard: filters drive the map, the timeline and the list; a click opens the event or place view. */
"use strict";
(function (EW) {
  const PAGE = 1000;
  const $ = (id) => document.getElementById(id);
  let overview = null, map = null, timeline = null, events = [];

  EW.eventItem = function (e, onSelect) {
    const bar = EW.el("span", { class: "bar" });
    bar.style.background = EW.color(e.event_type);
    const evidence = (e.evidence && e.evidence[0] && e.evidence[0].text) || "";
    return EW.el("li", { class: "event-item", "data-event-id": e.id, tabindex: 0,
      onclick: () => onSelect(e.id), onkeydown: (ev) => { if (ev.key === "Enter") onSelect(e.id); } }, [
      bar,
      EW.el("div", { class: "item-body" }, [
        EW.el("div", { class: "item-head" }, [EW.el("strong", {}, e.event_type || e.event), e.corrected ? EW.el("span", { class: "tag corrected" }, "corrected") : null,
          e.fatalities ? EW.el("span", { class: "dead" }, EW.num(e.fatalities) + " killed") : null]),
        EW.el("div", { class: "muted" }, EW.placeLabel(e.event_loc) + " · " + EW.dateLabel(e) + (e.article && e.article.source ? " · " + e.article.source : "")),
        EW.el("div", { class: "snippet" }, evidence.length > 160 ? evidence.slice(0, 157) + "…" : evidence),
      ]),
    ]);
  };

  function filters() {
    const f = {};
    for (const el of $("filters").elements) if (el.name && el.value.trim()) f[el.name] = el.value.trim();
    return f;
  }

  function show(view) {
    for (const id of ["list-view", "event-view", "place-view"]) $(id).hidden = id !== view;
  }

  async function refresh() {
    $("kpi-note").textContent = "loading…";
    try {
      const page = await EW.api("/api/events", Object.assign({ limit: PAGE }, filters()));
      events = page.items;
      const byNumeric = new Map(overview.countries.map((c) => [c.iso2, c.isonumeric]));
      const counts = new Map();
      for (const e of events) {
        const n = e.event_loc && byNumeric.get(e.event_loc.country_code);
        if (n) counts.set(n, (counts.get(n) || 0) + 1);
      }
      $("kpi-events").textContent = EW.num(page.total);
      $("kpi-fatalities").textContent = EW.num(events.reduce((s, e) => s + (e.fatalities || 0), 0));
      $("kpi-countries").textContent = EW.num(new Set(events.map((e) => e.event_loc && e.event_loc.country_code).filter(Boolean)).size);
      $("kpi-articles").textContent = EW.num(new Set(events.map((e) => e.article_id)).size);
      $("kpi-note").textContent = page.total > events.length ? "map and timeline show the first " + EW.num(events.length) : "";
      $("list-count").textContent = EW.num(page.total) + " matching";
      map.render(events, counts);
      timeline.render(events);
      const list = $("event-list");
      EW.clear(list);
      const newest = events.slice().sort((a, b) => (b.date || "").localeCompare(a.date || ""));
      list.append(...newest.slice(0, 300).map((e) => EW.eventItem(e, openEvent)));
      if (!events.length) list.append(EW.el("li", { class: "muted empty" }, "No events match these filters."));
      show("list-view");
    } catch (err) {
      $("kpi-note").textContent = "could not load events: " + err.message;
    }
  }

  async function openEvent(id) {
    try {
      const detail = await EW.api("/api/events/" + encodeURIComponent(id));
      renderDetail(detail);
    } catch (err) { $("kpi-note").textContent = "could not open the event: " + err.message; }
  }

  function renderDetail(detail) {
    map.highlight(detail.event.id);
    EW.renderEvent($("event-view"), detail, {
      onBack: () => { map.highlight(null); show("list-view"); },
      onPlace: openPlace,
      onCorrected: (updated) => { renderDetail(updated); reloadQuietly(); },
    });
    show("event-view");
    $("event-view").scrollTop = 0;
  }

  async function reloadQuietly() {
    const page = await EW.api("/api/events", Object.assign({ limit: PAGE }, filters()));
    events = page.items;
    timeline.render(events);
  }

  async function openPlace(place) {
    show("place-view");
    try {
      await EW.renderPlace($("place-view"), place, { onBack: () => show($("event-view").childElementCount ? "event-view" : "list-view"), onSelect: openEvent });
    } catch (err) { $("place-view").append(EW.el("p", { class: "muted" }, "could not load the place: " + err.message)); }
  }

  async function start() {
    try {
      overview = await EW.api("/api/overview");
    } catch (err) {
      if (err.status === 401) {
        const token = window.prompt("This server needs a token to read:");
        if (token) { EW.setToken(token); return start(); }
      }
      $("kpi-note").textContent = "could not reach the API: " + err.message;
      return;
    }
    for (const c of overview.countries.slice().sort((a, b) => (a.name || "").localeCompare(b.name || ""))) {
      $("filter-country").append(EW.el("option", { value: c.iso2 }, c.name + " (" + c.events + ")"));
    }
    for (const [type, n] of Object.entries(overview.event_types)) $("filter-type").append(EW.el("option", { value: type }, type + " (" + n + ")"));
    EW.legend($("legend"), Object.keys(overview.event_types));
    map = EW.createMap($("map"), {
      tileUrl: overview.tile_url, onSelect: openEvent, onPlace: openPlace,
      onCountry: (numeric) => {
        const c = overview.countries.find((x) => x.isonumeric === numeric);
        if (c) { $("filter-country").value = c.iso2; refresh(); }
      },
    });
    timeline = EW.createTimeline($("timeline"), {
      onRange: (from, to) => { $("filter-from").value = from; $("filter-to").value = to; refresh(); },
    });
    try { await map.load(); } catch (err) { $("map-msg").hidden = false; $("map-msg").textContent = err.message; }
    $("filters").addEventListener("submit", (ev) => { ev.preventDefault(); refresh(); });
    $("reset").addEventListener("click", () => { $("filters").reset(); refresh(); });
    $("zoom-in").addEventListener("click", () => map.zoom(1.6));
    $("zoom-out").addEventListener("click", () => map.zoom(1 / 1.6));
    $("zoom-fit").addEventListener("click", () => map.fit());
    await refresh();
    document.body.setAttribute("data-ready", "1");
  }

  EW.openEvent = openEvent;
  document.addEventListener("DOMContentLoaded", start);
})(window.EW);
