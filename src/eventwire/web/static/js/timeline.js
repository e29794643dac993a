/* The timeline: events per period as bars stacked by event type, reported fatalities as a line on their own
   scale; dragging across it picks a date range. */
"use strict";
(function (EW) {
  const DAY = 86400000;
  const M = { top: 14, right: 52, bottom: 24, left: 40 };

  function utc(s) { return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)); }
  function iso(t) { return new Date(t).toISOString().slice(0, 10); }

  function binner(span) {
    if (span <= 62 * DAY) return { name: "day", start: (t) => t, next: (t) => t + DAY };
    if (span <= 730 * DAY) {
      return { name: "week", start: (t) => t - ((new Date(t).getUTCDay() + 6) % 7) * DAY, next: (t) => t + 7 * DAY };
    }
    return {
      name: "month",
      start: (t) => { const d = new Date(t); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); },
      next: (t) => { const d = new Date(t); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); },
    };
  }

  function ticks(max, n) {
    const step = Math.max(1, Math.pow(10, Math.floor(Math.log10(max / n))) * ([1, 2, 5, 10].find((m) => (max / n) / Math.pow(10, Math.floor(Math.log10(max / n))) <= m) || 10));
    const out = [];
    for (let v = 0; v <= max; v += step) out.push(v);
    return out;
  }

  EW.createTimeline = function (svg, options) {
    const opts = Object.assign({ onRange: () => {} }, options);
    let bins = [], bin = null, x = null, width = 0, height = 0;

    function render(events) {
      EW.clear(svg);
      const box = svg.getBoundingClientRect();
      width = Math.max(300, box.width); height = Math.max(100, box.height);
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
      const dated = events.filter((e) => e.date);
      if (!dated.length) {
        svg.append(EW.svg("text", { x: width / 2, y: height / 2, class: "empty", "text-anchor": "middle" }, "No dated events"));
        return;
      }
      const times = dated.map((e) => utc(e.date));
      bin = binner(Math.max(...times) - Math.min(...times));
      const first = bin.start(Math.min(...times)), last = bin.next(bin.start(Math.max(...times)));
      bins = [];
      for (let t = first; t < last; t = bin.next(t)) bins.push({ t: t, end: bin.next(t), types: new Map(), n: 0, dead: 0 });
      const index = (t) => bins.findIndex((b) => b.t <= t && t < b.end);
      for (const e of dated) {
        const b = bins[index(utc(e.date))];
        if (!b) continue;
        const type = e.event_type || e.event || "other";
        b.types.set(type, (b.types.get(type) || 0) + 1);
        b.n += 1; b.dead += e.fatalities || 0;
      }
      const iw = width - M.left - M.right, ih = height - M.top - M.bottom;
      x = (t) => M.left + ((t - first) / (last - first)) * iw;
      const maxN = Math.max(1, ...bins.map((b) => b.n)), maxDead = Math.max(1, ...bins.map((b) => b.dead));
      const yN = (v) => M.top + ih - (v / maxN) * ih, yD = (v) => M.top + ih - (v / maxDead) * ih;
      const axis = EW.svg("g", { class: "axis" });
      for (const v of ticks(maxN, 3)) {
        axis.append(EW.svg("line", { x1: M.left, x2: width - M.right, y1: yN(v), y2: yN(v), class: "grid" }));
        axis.append(EW.svg("text", { x: M.left - 6, y: yN(v) + 4, "text-anchor": "end" }, EW.num(v)));
      }
      for (const v of ticks(maxDead, 3)) {
        axis.append(EW.svg("text", { x: width - M.right + 6, y: yD(v) + 4, class: "dead-label" }, EW.num(v)));
      }
      const labelEvery = Math.ceil(bins.length / Math.max(2, Math.floor(iw / 70)));
      bins.forEach((b, i) => {
        if (i % labelEvery) return;
        const label = bin.name === "month" ? iso(b.t).slice(0, 7) : iso(b.t);
        axis.append(EW.svg("text", { x: x(b.t) + 2, y: height - 6 }, label));
      });
      svg.append(axis);
      const bars = EW.svg("g", { class: "bars" });
      for (const b of bins) {
        const w = Math.max(1, x(b.end) - x(b.t) - 1);
        let acc = 0;
        for (const [type, n] of b.types) {
          const rect = EW.svg("rect", { x: x(b.t) + 0.5, y: yN(acc + n), width: w, height: yN(acc) - yN(acc + n), fill: EW.color(type), class: "bar" });
          rect.append(EW.svg("title", {}, iso(b.t) + " (" + bin.name + "): " + n + " × " + type));
          bars.append(rect);
          acc += n;
        }
      }
      svg.append(bars);
      const points = bins.map((b) => [x(b.t) + (x(b.end) - x(b.t)) / 2, yD(b.dead)]);
      svg.append(EW.svg("path", { d: "M" + points.map((p) => p.join(",")).join("L"), class: "dead-line" }));
      bins.forEach((b, i) => {
        if (!b.dead) return;
        const dot = EW.svg("circle", { cx: points[i][0], cy: points[i][1], r: 3, class: "dead-dot" });
        dot.append(EW.svg("title", {}, iso(b.t) + ": " + EW.num(b.dead) + " reported killed"));
        svg.append(dot);
      });
      svg.append(EW.svg("text", { x: width - 4, y: 10, "text-anchor": "end", class: "dead-label" }, "fatalities"));
      svg.append(EW.svg("text", { x: 4, y: 10, class: "axis-title" }, "events / " + bin.name));
      brush();
    }

    function brush() {
      const rect = EW.svg("rect", { class: "brush", y: M.top, height: height - M.top - M.bottom, x: 0, width: 0 });
      svg.append(rect);
      let start = null;
      const at = (ev) => { const b = svg.getBoundingClientRect(); return ((ev.clientX - b.left) * width) / b.width; };
      svg.onpointerdown = (ev) => { start = at(ev); svg.setPointerCapture(ev.pointerId); };
      svg.onpointermove = (ev) => {
        if (start === null) return;
        const now = at(ev);
        rect.setAttribute("x", Math.min(start, now)); rect.setAttribute("width", Math.abs(now - start));
      };
      svg.onpointerup = (ev) => {
        if (start === null) return;
        const a = Math.min(start, at(ev)), b = Math.max(start, at(ev));
        start = null;
        if (b - a < 4) { rect.setAttribute("width", 0); return; }
        const picked = bins.filter((bn) => x(bn.end) > a && x(bn.t) < b);
        if (picked.length) opts.onRange(iso(picked[0].t), iso(picked[picked.length - 1].end - DAY));
      };
    }

    return { render: render };
  };
})(window.EW);
