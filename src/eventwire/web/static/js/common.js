/* eventwire dashboard: shared helpers. Data is never parsed as HTML: every string goes in through
   textContent or an attribute, so article text and names show as text whatever they hold. */
"use strict";
window.EW = window.EW || {};
(function (EW) {
  const SVG_NS = "http://www.w3.org/2000/svg";

  /* el("div", {class: "x"}, "text" | [children]) */
  EW.el = function (tag, attrs, content) {
    const node = document.createElement(tag);
    EW.attrs(node, attrs);
    EW.fill(node, content);
    return node;
  };
  EW.svg = function (tag, attrs, content) {
    const node = document.createElementNS(SVG_NS, tag);
    EW.attrs(node, attrs);
    EW.fill(node, content);
    return node;
  };
  EW.attrs = function (node, attrs) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, String(value));
    }
  };
  EW.fill = function (node, content) {
    if (content === null || content === undefined) return;
    if (Array.isArray(content)) content.forEach((c) => c !== null && c !== undefined && node.append(c instanceof Node ? c : String(c)));
    else if (content instanceof Node) node.append(content);
    else node.textContent = String(content);
  };
  EW.clear = function (node) { while (node.firstChild) node.removeChild(node.firstChild); };

  EW.token = function () { return sessionStorage.getItem("eventwire.token") || ""; };
  EW.setToken = function (t) { if (t) sessionStorage.setItem("eventwire.token", t); };

  EW.api = async function (path, params, options) {
    const url = new URL(path, window.location.origin);
    for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) url.searchParams.set(k, v);
    const opts = Object.assign({ headers: {} }, options || {});
    if (EW.token()) opts.headers.Authorization = "Bearer " + EW.token();
    const response = await fetch(url, opts);
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail || body);
      const error = new Error(response.status + ": " + detail);
      error.status = response.status;
      throw error;
    }
    return body;
  };

  EW.TYPE_COLORS = {
    "Battles": "#ef6f4c",
    "Explosions/Remote violence": "#f5b841",
    "Violence against civilians": "#e03a5f",
    "Protests": "#4fb3e8",
    "Riots": "#a77bf3",
    "Strategic developments": "#7ccf6b",
  };
  EW.OTHER_COLOR = "#9aa7b8";
  EW.color = function (type) { return EW.TYPE_COLORS[type] || EW.OTHER_COLOR; };
  EW.KIND_COLORS = { killed: "#ef6f4c", injured: "#f5b841", displaced: "#4fb3e8", trapped: "#a77bf3",
    refugees: "#59c9b9", arrested: "#7ccf6b", abducted: "#e03a5f", missing: "#d0a9f5", fighters: "#9aa7b8" };
  EW.kindColor = function (kind) { return EW.KIND_COLORS[kind] || "#c9d2dd"; };

  EW.num = function (n) { return n === null || n === undefined ? "–" : Number(n).toLocaleString("en-GB"); };
  EW.range = function (f) {
    const best = f.best !== null && f.best !== undefined ? EW.num(f.best) : "?";
    if (f.low !== null && f.high !== null && f.low !== undefined && f.high !== undefined && f.low !== f.high)
      return best + " (" + EW.num(f.low) + "–" + EW.num(f.high) + ")";
    return best;
  };
  EW.dateLabel = function (e) {
    if (!e.date) return "date unknown";
    const p = e.date_precision;
    let s = p === "month" ? e.date.slice(0, 7) : p === "year" ? e.date.slice(0, 4) : e.date;
    if (e.end_date && e.end_date !== e.date) s += " → " + e.end_date;
    if (p && p !== "day") s += " (" + p + ")";
    return s;
  };
  EW.placeLabel = function (p) {
    if (!p) return "place unknown";
    const name = p.name || p.text;
    return p.country_code ? name + ", " + p.country_code : name;
  };
  EW.safeUrl = function (u) {
    try { const x = new URL(u); return x.protocol === "http:" || x.protocol === "https:" ? x.href : null; }
    catch (e) { return null; }
  };
})(window.EW);
