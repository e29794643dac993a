/* The map: country shapes from world-atlas (TopoJSON) drawn with d3-geo, event circles sized by reported
   fatalities and coloured by ACLED event type, wheel/drag zoom, and raster tiles only when configured. */
"use strict";
(function (EW) {
  const MAX_ZOOM = 64;

  EW.createMap = function (svg, options) {
    const opts = Object.assign({ tileUrl: null, onSelect: () => {}, onPlace: () => {}, onCountry: () => {} }, options);
    const projection = opts.tileUrl ? d3.geoMercator() : d3.geoNaturalEarth1();
    const path = d3.geoPath(projection);
    const root = EW.svg("g", { class: "zoom" });
    const layers = {};
    for (const name of ["sphere", "tiles", "graticule", "countries", "borders", "events"]) {
      layers[name] = EW.svg("g", { class: "layer-" + name });
      root.append(layers[name]);
    }
    svg.append(root);
    const tooltip = EW.el("div", { class: "tooltip", hidden: true });
    svg.parentNode.append(tooltip);
    let world = null, countries = [], events = [], counts = new Map();
    let view = { k: 1, x: 0, y: 0 };
    let width = 0, height = 0;

    function size() {
      const box = svg.getBoundingClientRect();
      width = Math.max(300, box.width); height = Math.max(200, box.height);
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    }

    async function load() {
      const response = await fetch("vendor/countries-50m.json");
      if (!response.ok) throw new Error("country shapes missing: run scripts/build_web.sh");
      world = await response.json();
      countries = topojson.feature(world, world.objects.countries).features;
    }

    function radius(g) {
      const f = g.fatalities;
      return f ? Math.min(34, 4 + Math.sqrt(f) * 1.9) : 4 + Math.min(4, g.events.length - 1);
    }

    /* Events at the same coordinates make one circle: area = their reported fatalities together. */
    function groups() {
      const byPlace = new Map();
      for (const e of located()) {
        const key = e.event_loc.lat.toFixed(3) + "," + e.event_loc.lon.toFixed(3);
        if (!byPlace.has(key)) byPlace.set(key, { place: e.event_loc, events: [], fatalities: 0, types: new Map() });
        const g = byPlace.get(key);
        g.events.push(e);
        g.fatalities += e.fatalities || 0;
        const type = e.event_type || e.event;
        g.types.set(type, (g.types.get(type) || 0) + (e.fatalities || 0) + 1);
      }
      for (const g of byPlace.values()) g.type = [...g.types.entries()].sort((a, b) => b[1] - a[1])[0][0];
      return [...byPlace.values()];
    }

    function located() { return events.filter((e) => e.event_loc && e.event_loc.lat !== null && e.event_loc.lon !== null); }

    function fit() {
      size();
      const pts = located().map((e) => [e.event_loc.lon, e.event_loc.lat]);
      if (pts.length) {
        const lons = pts.map((p) => p[0]), lats = pts.map((p) => p[1]);
        let [x0, x1, y0, y1] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
        const pad = Math.max(6, (x1 - x0) * 0.25, (y1 - y0) * 0.25);
        x0 = Math.max(-180, x0 - pad); x1 = Math.min(180, x1 + pad);
        y0 = Math.max(-75, y0 - pad); y1 = Math.min(80, y1 + pad);
        // corners as points: a polygon's edges would be great circles, bulging towards the poles
        const box = { type: "MultiPoint", coordinates: [[x0, y0], [x0, y1], [x1, y1], [x1, y0], [(x0 + x1) / 2, y0], [(x0 + x1) / 2, y1]] };
        projection.fitExtent([[16, 16], [width - 16, height - 16]], box);
      } else {
        projection.fitExtent([[8, 8], [width - 8, height - 8]], { type: "Sphere" });
      }
      view = { k: 1, x: 0, y: 0 };
      draw();
    }

    function draw() {
      if (!world) return;
      EW.clear(layers.sphere); EW.clear(layers.graticule); EW.clear(layers.countries); EW.clear(layers.borders);
      layers.sphere.append(EW.svg("path", { d: path({ type: "Sphere" }), class: "sphere" }));
      if (!opts.tileUrl) layers.graticule.append(EW.svg("path", { d: path(d3.geoGraticule10()), class: "graticule" }));
      const most = Math.max(1, ...counts.values());
      for (const feature of countries) {
        const n = counts.get(Number(feature.id)) || 0;
        const name = (feature.properties && feature.properties.name) || "";
        const shape = EW.svg("path", {
          d: path(feature), class: n ? "country active" : "country",
          "data-country": name, "data-id": feature.id,
        });
        if (n) shape.style.fillOpacity = String(0.25 + 0.55 * Math.sqrt(n / most));
        shape.addEventListener("mousemove", (ev) => show(ev, [name, n ? n + " event" + (n > 1 ? "s" : "") : "no events"]));
        shape.addEventListener("mouseleave", hide);
        shape.addEventListener("click", () => n && opts.onCountry(Number(feature.id)));
        layers.countries.append(shape);
      }
      layers.borders.append(EW.svg("path", { d: path(topojson.mesh(world, world.objects.countries, (a, b) => a !== b)), class: "border" }));
      drawEvents();
      drawTiles();
      transform();
    }

    function drawEvents() {
      EW.clear(layers.events);
      const sorted = groups().sort((a, b) => radius(b) - radius(a));
      for (const g of sorted) {
        const [x, y] = projection([g.place.lon, g.place.lat]) || [NaN, NaN];
        if (!isFinite(x) || !isFinite(y)) continue;
        const single = g.events.length === 1;
        const dot = EW.svg("circle", {
          cx: x, cy: y, r: radius(g) / view.k, fill: EW.color(g.type), "data-r": radius(g), tabindex: 0,
          class: "event-dot" + (g.fatalities ? "" : " no-count") + (g.events.some((e) => e.corrected) ? " corrected" : ""),
          "data-event-id": single ? g.events[0].id : null, "data-event-ids": g.events.map((e) => e.id).join(" "),
        });
        const dates = g.events.map((e) => e.date).filter(Boolean).sort();
        const lines = [EW.placeLabel(g.place),
          single ? EW.dateLabel(g.events[0]) + " · " + (g.events[0].event_type || g.events[0].event)
            : g.events.length + " events" + (dates.length ? ", " + dates[0] + " → " + dates[dates.length - 1] : ""),
          g.fatalities ? EW.num(g.fatalities) + " reported killed" : "no fatality figure",
          single ? "click: open the event" : "click: open the place"];
        const open = () => (single ? opts.onSelect(g.events[0].id) : opts.onPlace(g.place));
        dot.addEventListener("mousemove", (ev) => show(ev, lines));
        dot.addEventListener("mouseleave", hide);
        dot.addEventListener("click", (ev) => { ev.stopPropagation(); open(); });
        dot.addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(); });
        layers.events.append(dot);
      }
    }

    function drawTiles() {
      EW.clear(layers.tiles);
      if (!opts.tileUrl) return;
      const worldWidth = 2 * Math.PI * projection.scale() * view.k;
      const z = Math.max(0, Math.min(18, Math.round(Math.log2(worldWidth / 256))));
      const n = 2 ** z;
      const corner = (px, py) => projection.invert([(px - view.x) / view.k, (py - view.y) / view.k]);
      const [lon0, lat0] = corner(0, 0), [lon1, lat1] = corner(width, height);
      const tx = (lon) => Math.floor(((lon + 180) / 360) * n);
      const ty = (lat) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
      const lonOf = (x) => (x / n) * 360 - 180;
      const latOf = (y) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
      const wide = worldWidth >= width || !(lon0 < lon1);
      const xs = wide ? [0, n - 1] : [Math.max(0, tx(lon0)), Math.min(n - 1, tx(lon1))];
      const ys = [Math.max(0, ty(Math.min(85, lat0))), Math.min(n - 1, ty(Math.max(-85, lat1)))];
      if ((xs[1] - xs[0] + 1) * (ys[1] - ys[0] + 1) > 150) return;
      for (let x = xs[0]; x <= xs[1]; x++) for (let y = ys[0]; y <= ys[1]; y++) {
        const [ax, ay] = projection([lonOf(x), latOf(y)]), [bx, by] = projection([lonOf(x + 1), latOf(y + 1)]);
        const href = opts.tileUrl.replace("{z}", z).replace("{x}", x).replace("{y}", y).replace("{s}", "a");
        layers.tiles.append(EW.svg("image", { href: href, x: ax, y: ay, width: bx - ax + 0.5, height: by - ay + 0.5, preserveAspectRatio: "none" }));
      }
    }

    function transform() {
      root.setAttribute("transform", "translate(" + view.x + "," + view.y + ") scale(" + view.k + ")");
      for (const dot of layers.events.children) dot.setAttribute("r", dot.getAttribute("data-r") / view.k);
    }

    function zoomAt(factor, px, py) {
      const k = Math.max(1, Math.min(MAX_ZOOM, view.k * factor));
      const f = k / view.k;
      view = { k: k, x: px - (px - view.x) * f, y: py - (py - view.y) * f };
      transform();
      clearTimeout(zoomAt.timer);
      zoomAt.timer = setTimeout(drawTiles, 150);
    }

    function point(ev) {
      const box = svg.getBoundingClientRect();
      return [((ev.clientX - box.left) * width) / box.width, ((ev.clientY - box.top) * height) / box.height];
    }

    svg.addEventListener("wheel", (ev) => { ev.preventDefault(); const [x, y] = point(ev); zoomAt(ev.deltaY < 0 ? 1.25 : 0.8, x, y); }, { passive: false });
    let drag = null;
    svg.addEventListener("pointerdown", (ev) => { if (ev.target.classList.contains("event-dot")) return; drag = { p: point(ev), v: Object.assign({}, view) }; });
    window.addEventListener("pointermove", (ev) => {
      if (!drag) return;
      const [x, y] = point(ev);
      view = { k: drag.v.k, x: drag.v.x + x - drag.p[0], y: drag.v.y + y - drag.p[1] };
      transform();
    });
    window.addEventListener("pointerup", () => { if (drag) { drag = null; drawTiles(); } });

    function show(ev, lines) {
      EW.clear(tooltip);
      lines.forEach((line, i) => tooltip.append(EW.el(i ? "div" : "strong", {}, line)));
      const box = svg.parentNode.getBoundingClientRect();
      tooltip.style.left = ev.clientX - box.left + 14 + "px";
      tooltip.style.top = ev.clientY - box.top + 10 + "px";
      tooltip.hidden = false;
    }
    function hide() { tooltip.hidden = true; }

    function highlight(eventId) {
      for (const dot of layers.events.children) dot.classList.toggle("selected", !!eventId && dot.getAttribute("data-event-ids").split(" ").includes(eventId));
    }

    let resizeTimer = null;
    window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(fit, 200); });

    return {
      load: load,
      render(newEvents, countryCounts) { events = newEvents; counts = countryCounts; fit(); },
      fit: fit,
      zoom(factor) { zoomAt(factor, width / 2, height / 2); },
      highlight: highlight,
    };
  };

  EW.legend = function (node, types) {
    EW.clear(node);
    for (const type of types) {
      node.append(EW.el("div", { class: "legend-row" }, [EW.el("span", { class: "swatch", "data-type": type }), type]));
    }
    for (const s of node.querySelectorAll(".swatch")) s.style.background = EW.color(s.getAttribute("data-type"));
    const sizes = EW.el("div", { class: "legend-sizes" });
    for (const n of [1, 10, 100]) {
      const r = Math.min(34, 4 + Math.sqrt(n) * 1.9);
      const dot = EW.el("span", { class: "size-dot" });
      dot.style.width = dot.style.height = 2 * r + "px";
      sizes.append(EW.el("span", { class: "size" }, [dot, EW.num(n)]));
    }
    node.append(EW.el("div", { class: "legend-caption" }, "circle area: reported fatalities"), sizes);
  };
})(window.EW);
