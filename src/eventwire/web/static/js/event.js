/* The event view: what happened, who says so, each figure with its claimant, the article text with the
   evidence highlighted (built from text nodes: the text is never parsed as HTML), the corrections made so
   far and the analyst's correction form. */
"use strict";
(function (EW) {
  const ACLED_TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments"];

  /* Spans [{start, end, cls, figure, title}] over text -> nodes, one <mark> per stretch covered by spans. */
  EW.highlight = function (text, spans) {
    const good = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start < s.end && s.start >= 0 && s.end <= text.length);
    const cuts = new Set([0, text.length]);
    for (const s of good) { cuts.add(s.start); cuts.add(s.end); }
    const points = [...cuts].sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i < points.length - 1; i++) {
      const a = points[i], b = points[i + 1];
      const piece = text.slice(a, b);
      const over = good.filter((s) => s.start <= a && s.end >= b);
      if (!over.length) { out.push(document.createTextNode(piece)); continue; }
      const mark = EW.el("mark", { class: [...new Set(over.map((s) => s.cls))].join(" ") }, piece);
      const fig = over.find((s) => s.figure);
      if (fig) mark.setAttribute("data-figure", fig.figure);
      const titles = over.map((s) => s.title).filter(Boolean);
      if (titles.length) mark.setAttribute("title", [...new Set(titles)].join("\n"));
      out.push(mark);
    }
    return out;
  };

  function spansOf(event, figures) {
    const spans = [];
    for (const s of event.evidence || []) spans.push({ start: s.start, end: s.end, cls: "ev-evidence" });
    if (event.trigger) spans.push({ start: event.trigger.start, end: event.trigger.end, cls: "ev-trigger", title: "trigger: " + event.event });
    for (const a of event.actor || []) if (a.start !== null) spans.push({ start: a.start, end: a.end, cls: "ev-actor", title: "actor: " + a.name });
    for (const a of event.recipient || []) if (a.start !== null) spans.push({ start: a.start, end: a.end, cls: "ev-recipient", title: "target: " + a.name });
    const loc = event.event_loc;
    if (loc && loc.start !== null && loc.start !== undefined) spans.push({ start: loc.start, end: loc.end, cls: "ev-place", title: "place: " + EW.placeLabel(loc) });
    for (const f of figures) {
      const mine = (event.figures || []).includes(f.id);
      for (const s of f.evidence || []) {
        spans.push({ start: s.start, end: s.end, cls: mine ? "fig-evidence fig-event" : "fig-evidence", figure: f.id,
          title: f.kind + ": " + EW.range(f) + (f.claimant ? " — " + f.claimant.name : "") });
      }
    }
    return spans;
  }

  function row(label, value) {
    return EW.el("div", { class: "kv" }, [EW.el("span", { class: "k" }, label), EW.el("span", { class: "v" }, value)]);
  }

  function actorList(actors) {
    if (!actors || !actors.length) return EW.el("span", { class: "muted" }, "—");
    return EW.el("span", {}, actors.map((a, i) => EW.el("span", { class: "actor", title: [a.sector, a.country, a.id].filter(Boolean).join(" · ") }, (i ? ", " : "") + a.name)));
  }

  function figureCard(f, inEvent, handlers) {
    const claim = f.claimant ? [EW.el("span", { class: "muted" }, "claimed by "), EW.el("strong", {}, f.claimant.name),
      f.claimant.verb ? EW.el("span", { class: "muted" }, " (" + f.claimant.verb + ")") : null] : [EW.el("span", { class: "muted" }, "no claimant found")];
    const period = f.period && (f.period.start || f.period.end) ? (f.period.start || "?") + (f.period.end && f.period.end !== f.period.start ? " → " + f.period.end : "") : null;
    const badge = EW.el("span", { class: "kind" }, f.kind);
    badge.style.background = EW.kindColor(f.kind);
    const card = EW.el("li", { class: "figure" + (inEvent ? " in-event" : "") + (f.corrected ? " corrected" : ""), "data-figure": f.id }, [
      EW.el("div", { class: "figure-head" }, [badge, EW.el("span", { class: "figure-n" }, (f.qualifier ? f.qualifier + " " : "") + EW.range(f)),
        EW.el("span", { class: "muted" }, f.population || ""), f.corrected ? EW.el("span", { class: "tag corrected" }, "corrected") : null]),
      EW.el("div", { class: "figure-claim" }, claim),
      EW.el("div", { class: "figure-meta" }, [
        period ? EW.el("span", {}, "period " + period) : null,
        f.place ? EW.el("a", { href: "#", class: "place-link", onclick: (ev) => { ev.preventDefault(); handlers.onPlace(f.place); } }, EW.placeLabel(f.place)) : null,
        f.hedge ? EW.el("span", { class: "hedge" }, "hedge: " + f.hedge) : null,
      ]),
    ]);
    card.addEventListener("mouseenter", () => focusFigure(f.id, true));
    card.addEventListener("mouseleave", () => focusFigure(f.id, false));
    return card;
  }

  function focusFigure(id, on) {
    for (const m of document.querySelectorAll("#article-text mark[data-figure]")) if (m.getAttribute("data-figure") === id) m.classList.toggle("focus", on);
  }

  function changeText(c) {
    const parts = [];
    for (const [k, v] of Object.entries(c.changes)) {
      if (k === "figures") { for (const f of v) parts.push("figure " + f.id + ": " + ["kind", "low", "best", "high", "claimant"].filter((n) => f[n] !== null && f[n] !== undefined).map((n) => n + " " + f[n]).join(", ")); continue; }
      const show = (x) => x === null || x === undefined ? "—" : Array.isArray(x) ? x.map((a) => a.name).join(", ") : typeof x === "object" ? (x.name || x.text) : String(x);
      parts.push(k + ": " + show(c.before[k === "place" ? "place" : k]) + " → " + show(v));
    }
    return parts;
  }

  EW.renderEvent = function (container, detail, handlers) {
    const { event, article, figures } = detail;
    EW.clear(container);
    const color = EW.color(event.event_type);
    const typeBadge = EW.el("span", { class: "type-badge" }, event.event_type || "untyped");
    typeBadge.style.background = color;
    const mine = figures.filter((f) => (event.figures || []).includes(f.id));
    const others = figures.filter((f) => !(event.figures || []).includes(f.id));
    const url = article.url ? EW.safeUrl(article.url) : null;
    container.append(
      EW.el("button", { type: "button", class: "ghost back", onclick: handlers.onBack }, "← all events"),
      EW.el("div", { class: "event-head" }, [typeBadge, EW.el("span", { class: "sub" }, event.sub_event_type || ""),
        event.corrected ? EW.el("span", { class: "tag corrected", id: "corrected-tag" }, "corrected") : null]),
      EW.el("h2", { class: "event-title" }, [
        EW.el("a", { href: "#", class: "place-link", onclick: (ev) => { ev.preventDefault(); if (event.event_loc) handlers.onPlace(event.event_loc); } }, EW.placeLabel(event.event_loc)),
        EW.el("span", { class: "muted" }, " · " + EW.dateLabel(event))]),
      EW.el("div", { class: "kvs" }, [
        row("PLOVER", [event.event, event.mode, (event.context || []).join(", ")].filter(Boolean).join(" · ")),
        row("Actors", actorList(event.actor)),
        row("Targets", actorList(event.recipient)),
        row("Fatalities", event.fatalities === null ? "no figure" : EW.num(event.fatalities)),
        row("Claimant", event.claimant ? event.claimant.name + (event.claimant.verb ? " (" + event.claimant.verb + ")" : "") : "—"),
        row("Confidence", Math.round(event.confidence * 100) + "%"),
      ]),
      EW.el("h3", {}, "Figures in this report"),
      figures.length ? EW.el("ul", { class: "figures", id: "figures" }, [...mine, ...others].map((f) => figureCard(f, mine.includes(f), handlers)))
        : EW.el("p", { class: "muted" }, "No figures."),
      EW.el("h3", {}, "Source"),
      EW.el("div", { class: "source" }, [
        EW.el("strong", {}, article.title || "(untitled)"),
        EW.el("div", { class: "muted" }, [article.source || "unknown outlet", article.published ? " · " + article.published : "",
          url ? " · " : "", url ? EW.el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank" }, "original") : null]),
      ]),
      EW.el("div", { class: "key" }, [EW.el("mark", { class: "ev-evidence" }, "event evidence"), EW.el("mark", { class: "ev-trigger" }, "trigger"),
        EW.el("mark", { class: "ev-actor" }, "actor"), EW.el("mark", { class: "ev-recipient" }, "target"), EW.el("mark", { class: "ev-place" }, "place"),
        EW.el("mark", { class: "fig-evidence" }, "figure")]),
      EW.el("div", { class: "article-text", id: "article-text" }, EW.highlight(article.text, spansOf(event, figures))),
    );
    if (event.corrections && event.corrections.length) {
      container.append(EW.el("h3", {}, "Corrections"), EW.el("ul", { class: "corrections", id: "corrections" }, event.corrections.map((c) =>
        EW.el("li", {}, [EW.el("div", {}, [EW.el("strong", {}, c.analyst), EW.el("span", { class: "muted" }, " · " + c.at.replace("T", " ").slice(0, 16))]),
          c.note ? EW.el("div", { class: "note" }, c.note) : null, EW.el("ul", {}, changeText(c).map((t) => EW.el("li", {}, t)))]))));
    }
    container.append(correctionForm(detail, handlers));
    const first = container.querySelector("mark.ev-evidence");
    if (first) first.scrollIntoView({ block: "nearest" });
  };

  function input(name, value, attrs) {
    return EW.el("input", Object.assign({ name: name, value: value === null || value === undefined ? "" : value }, attrs || {}));
  }
  function field(label, control) { return EW.el("label", { class: "field" }, [EW.el("span", {}, label), control]); }

  function correctionForm(detail, handlers) {
    const { event, figures } = detail;
    const loc = event.event_loc || {};
    const types = [...new Set([...ACLED_TYPES, event.event_type].filter(Boolean))];
    const typeSelect = EW.el("select", { name: "event_type" }, types.map((t) => EW.el("option", { value: t, selected: t === event.event_type }, t)));
    const names = (actors) => (actors || []).map((a) => a.name).join("; ");
    const figureRows = figures.filter((f) => (event.figures || []).includes(f.id)).map((f) =>
      EW.el("div", { class: "fig-row", "data-figure": f.id }, [EW.el("span", { class: "muted" }, f.kind),
        field("low", input("low", f.low, { type: "number", min: 0 })), field("best", input("best", f.best, { type: "number", min: 0 })),
        field("high", input("high", f.high, { type: "number", min: 0 }))]));
    const status = EW.el("div", { class: "form-status", role: "status" });
    const form = EW.el("form", { class: "correct-form", id: "correct-form", hidden: true }, [
      field("ACLED type", typeSelect), field("Sub-event type", input("sub_event_type", event.sub_event_type)),
      field("PLOVER event", input("event", event.event)),
      EW.el("div", { class: "grid3" }, [field("Place", input("place_name", loc.name || loc.text)), field("Lat", input("lat", loc.lat, { type: "number", step: "any" })),
        field("Lon", input("lon", loc.lon, { type: "number", step: "any" }))]),
      field("Country (ISO2)", input("country_code", loc.country_code, { maxlength: 2 })),
      field("Actors (; between)", input("actors", names(event.actor))), field("Targets (; between)", input("recipients", names(event.recipient))),
      field("Fatalities", input("fatalities", event.fatalities, { type: "number", min: 0 })),
      ...figureRows,
      field("Your name", input("analyst", localStorage.getItem("eventwire.analyst") || "", { required: true, maxlength: 100 })),
      field("Note", EW.el("textarea", { name: "note", rows: 2, maxlength: 2000 })),
      EW.token() ? null : field("Write token", input("token", "", { type: "password", autocomplete: "off" })),
      EW.el("button", { type: "submit" }, "Save correction"), status,
    ]);
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const patch = buildPatch(form, detail);
      if (form.elements.token && form.elements.token.value) EW.setToken(form.elements.token.value);
      localStorage.setItem("eventwire.analyst", patch.analyst);
      status.textContent = "Saving…";
      try {
        const updated = await EW.api("/api/events/" + encodeURIComponent(event.id), {}, {
          method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify(patch) });
        handlers.onCorrected(updated);
      } catch (err) { status.textContent = "Not saved: " + err.message; }
    });
    const open = EW.el("button", { type: "button", class: "ghost", id: "correct-open", onclick: () => { form.hidden = !form.hidden; } }, "✎ Correct this event");
    return EW.el("section", { class: "correct" }, [open, form]);
  }

  function buildPatch(form, detail) {
    const { event } = detail;
    const v = (name) => form.elements[name].value.trim();
    const patch = { analyst: v("analyst") };
    if (v("note")) patch.note = v("note");
    for (const name of ["event_type", "sub_event_type", "event"]) if (v(name) && v(name) !== (event[name] || "")) patch[name] = v(name);
    const loc = event.event_loc || {};
    const num = (s) => (s === "" ? null : Number(s));
    if (v("place_name") !== (loc.name || loc.text || "") || num(v("lat")) !== (loc.lat ?? null) || num(v("lon")) !== (loc.lon ?? null) || v("country_code") !== (loc.country_code || "")) {
      patch.place = { name: v("place_name"), lat: num(v("lat")), lon: num(v("lon")), country_code: v("country_code").toUpperCase() || null };
    }
    const split = (s) => s.split(";").map((x) => x.trim()).filter(Boolean);
    const names = (actors) => (actors || []).map((a) => a.name).join("; ");
    if (v("actors") !== names(event.actor)) patch.actor = split(v("actors")).map((name) => ({ name: name }));
    if (v("recipients") !== names(event.recipient)) patch.recipient = split(v("recipients")).map((name) => ({ name: name }));
    if (num(v("fatalities")) !== (event.fatalities ?? null) && v("fatalities") !== "") patch.fatalities = num(v("fatalities"));
    const figs = [];
    for (const rowNode of form.querySelectorAll(".fig-row")) {
      const id = rowNode.getAttribute("data-figure");
      const f = detail.figures.find((x) => x.id === id);
      const change = { id: id };
      for (const n of ["low", "best", "high"]) {
        const value = rowNode.querySelector("input[name=" + n + "]").value;
        if (value !== "" && Number(value) !== f[n]) change[n] = Number(value);
      }
      if (Object.keys(change).length > 1) figs.push(change);
    }
    if (figs.length) patch.figures = figs;
    return patch;
  }
})(window.EW);
