/* The place view: every figure reported at a place over time (dot = best, whisker = low–high, colour =
   kind), each with its claimant, and the events located there. */
"use strict";
(function (EW) {
  const DAY = 86400000;

  function when(f) {
    const d = (f.period && (f.period.start || f.period.end)) || (f.article && f.article.published);
    return d ? Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) : null;
  }

  function chart(figures) {
    const width = 360, height = 170, m = { l: 40, r: 10, t: 10, b: 22 };
    const svg = EW.svg("svg", { viewBox: "0 0 " + width + " " + height, class: "place-chart", id: "place-chart" });
    const pts = figures.map((f) => ({ f: f, t: when(f), v: f.best ?? f.high ?? f.low })).filter((p) => p.t !== null && p.v !== null && p.v !== undefined);
    if (!pts.length) { svg.append(EW.svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" }, "No dated figures")); return svg; }
    let t0 = Math.min(...pts.map((p) => p.t)), t1 = Math.max(...pts.map((p) => p.t));
    if (t1 - t0 < 14 * DAY) { t0 -= 7 * DAY; t1 += 7 * DAY; }
    const vmax = Math.max(1, ...pts.map((p) => p.f.high ?? p.v));
    const x = (t) => m.l + ((t - t0) / (t1 - t0)) * (width - m.l - m.r);
    const y = (v) => height - m.b - (Math.sqrt(v) / Math.sqrt(vmax)) * (height - m.t - m.b);
    for (const v of [0, Math.round(vmax / 4), vmax]) {
      svg.append(EW.svg("line", { x1: m.l, x2: width - m.r, y1: y(v), y2: y(v), class: "grid" }));
      svg.append(EW.svg("text", { x: m.l - 5, y: y(v) + 4, "text-anchor": "end", class: "tick" }, EW.num(v)));
    }
    for (const t of [t0, t1]) svg.append(EW.svg("text", { x: x(t), y: height - 6, "text-anchor": t === t0 ? "start" : "end", class: "tick" }, new Date(t).toISOString().slice(0, 10)));
    for (const p of pts) {
      const color = EW.kindColor(p.f.kind);
      if (p.f.low !== null && p.f.high !== null && p.f.low !== p.f.high) svg.append(EW.svg("line", { x1: x(p.t), x2: x(p.t), y1: y(p.f.low), y2: y(p.f.high), stroke: color, class: "whisker" }));
      const dot = EW.svg("circle", { cx: x(p.t), cy: y(p.v), r: 4.5, fill: color, class: "fig-dot" });
      dot.append(EW.svg("title", {}, p.f.kind + " " + EW.range(p.f) + (p.f.claimant ? " — " + p.f.claimant.name : "")));
      svg.append(dot);
    }
    return svg;
  }

  EW.renderPlace = async function (container, place, handlers) {
    EW.clear(container);
    container.append(EW.el("button", { type: "button", class: "ghost back", onclick: handlers.onBack }, "← back"),
      EW.el("h2", { class: "event-title" }, EW.placeLabel(place)),
      EW.el("div", { class: "muted" }, [place.geonameid ? "GeoNames " + place.geonameid : "not resolved to GeoNames",
        place.lat !== null && place.lat !== undefined ? " · " + place.lat.toFixed(3) + ", " + place.lon.toFixed(3) : ""]));
    if (place.lat === null || place.lat === undefined) { container.append(EW.el("p", { class: "muted" }, "This place has no coordinates, so nothing can be gathered around it.")); return; }
    const d = 0.05;
    const bbox = [place.lon - d, place.lat - d, place.lon + d, place.lat + d].map((n) => Math.max(-180, Math.min(180, n)).toFixed(5));
    bbox[1] = Math.max(-90, bbox[1]); bbox[3] = Math.min(90, bbox[3]);
    const [figs, evs] = await Promise.all([EW.api("/api/figures", { bbox: bbox.join(","), limit: 1000 }), EW.api("/api/events", { bbox: bbox.join(","), limit: 1000 })]);
    const kinds = [...new Set(figs.items.map((f) => f.kind))];
    const legend = EW.el("div", { class: "kinds" }, kinds.map((k) => { const s = EW.el("span", { class: "kind" }, k); s.style.background = EW.kindColor(k); return s; }));
    container.append(EW.el("h3", {}, "Figures over time (" + figs.total + ")"), legend, chart(figs.items));
    const sorted = figs.items.slice().sort((a, b) => (when(a) || 0) - (when(b) || 0));
    container.append(EW.el("ul", { class: "figures", id: "place-figures" }, sorted.map((f) => EW.el("li", { class: "figure" }, [
      EW.el("div", { class: "figure-head" }, [EW.el("span", { class: "figure-n" }, f.kind + " " + (f.qualifier ? f.qualifier + " " : "") + EW.range(f)), EW.el("span", { class: "muted" }, f.population || "")]),
      EW.el("div", { class: "figure-claim" }, [EW.el("span", { class: "muted" }, "claimed by "), EW.el("strong", {}, f.claimant ? f.claimant.name : "unknown"),
        EW.el("span", { class: "muted" }, " · " + (f.article ? (f.article.source || "") + " " + (f.article.published || "") : ""))]),
    ]))));
    container.append(EW.el("h3", {}, "Events here (" + evs.total + ")"), EW.el("ol", { class: "event-list" }, evs.items.map((e) => EW.eventItem(e, handlers.onSelect))));
  };
})(window.EW);
