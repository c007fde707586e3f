// NPS and CSAT over time above the events list: a small line chart (inline SVG, drawn here) of the
// organizer's events that have those figures, oldest first, with the figures in its label and in a
// table behind a disclosure. Shown once two events or more have a figure.
import { api } from "/static/js/api.js";
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { dateText } from "./common.js";

const SVG = "http://www.w3.org/2000/svg";
const MAX_WIDTH = 720;
let WIDTH = 640; // the chart's width in CSS px, so that its text keeps its size on a phone (see showTrend)
const HEIGHT = 200;
const PAD = { left: 40, right: 40, top: 12, bottom: 30 };
const LABELLED = 6; // every event's date under the chart up to this many; beyond, the first and last
const GRID = [-100, -50, 0, 50, 100]; // NPS runs from -100 to 100, CSAT (a share) from 0 to 100
const lang = document.documentElement.lang || "en";
const dash = "–";
const npsText = (v) => (v == null ? dash : new Intl.NumberFormat(lang, { signDisplay: "exceptZero" }).format(v));
const csatText = (v) =>
  v == null ? dash : new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 }).format(v / 100);
// The two lines, by the API's figure names: their class, name, legend and how a value is written.
const LINES = {
  nps: { className: "trend-nps", name: "NPS", legendText: "NPS", write: npsText },
  csat: { className: "trend-csat", name: "CSAT", legendText: "CSAT %", write: csatText },
};

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

const y = (value) => PAD.top + ((100 - value) / 200) * (HEIGHT - PAD.top - PAD.bottom);
const x = (index, count) => (count > 1 ? PAD.left + (index / (count - 1)) * (WIDTH - PAD.left - PAD.right) : WIDTH / 2);

// One polyline per run of events that have the figure (a missing figure breaks the line).
function line(events, figure, { className, name, write }) {
  const group = svg("g", { class: className });
  let run = [];
  const flush = () => {
    if (run.length > 1) group.append(svg("polyline", { points: run.join(" "), fill: "none" }));
    run = [];
  };
  events.forEach((event, index) => {
    const value = event[figure];
    if (value == null) return flush();
    const point = [x(index, events.length).toFixed(1), y(value).toFixed(1)];
    run.push(point.join(","));
    const dot = svg("circle", { cx: point[0], cy: point[1], r: 3.5, "data-event-id": event.id });
    const tip = svg("title");
    tip.textContent = `${event.title}: ${name} ${write(value)}`;
    dot.append(tip);
    group.append(dot);
  });
  flush();
  return group;
}

function chart(events, label) {
  const root = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: "img",
    "aria-label": label,
    class: "trend-chart",
  });
  for (const value of GRID) {
    root.append(svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value), class: "trend-grid" }));
    const tick = svg("text", { x: PAD.left - 6, y: y(value) + 4, "text-anchor": "end", class: "trend-tick" });
    tick.textContent = npsText(value);
    root.append(tick);
  }
  events.forEach((event, index) => {
    if (events.length > LABELLED && index > 0 && index < events.length - 1) return;
    const at = svg("text", { x: x(index, events.length), y: HEIGHT - 8, "text-anchor": "middle", class: "trend-tick" });
    at.textContent = dateText(event.created_at);
    root.append(at);
  });
  for (const [figure, spec] of Object.entries(LINES)) root.append(line(events, figure, spec));
  return root;
}

function table(events) {
  const details = el("details", { class: "trend-table" });
  details.append(el("summary", {}, t("organizer.trend.table")));
  const head = el("tr");
  head.append(
    el("th", { scope: "col" }, t("organizer.trend.event")),
    el("th", { scope: "col", class: "num" }, "NPS"),
    el("th", { scope: "col", class: "num" }, "CSAT"),
  );
  const rows = events.map((event) => {
    const tr = el("tr", { "data-event-id": event.id });
    const name = el("th", { scope: "row" }, `${event.title} `);
    name.append(el("span", { class: "muted" }, dateText(event.created_at)));
    tr.append(name, el("td", { class: "num" }, npsText(event.nps)), el("td", { class: "num" }, csatText(event.csat)));
    return tr;
  });
  const grid = el("table");
  grid.append(el("thead"), el("tbody"));
  grid.tHead.append(head);
  grid.tBodies[0].append(...rows);
  details.append(grid);
  return details;
}

function legend() {
  const list = el("ul", { class: "trend-legend", "aria-hidden": "true" });
  for (const { className, legendText } of Object.values(LINES)) {
    const entry = el("li", { class: className });
    entry.append(el("span", { class: "trend-swatch" }), legendText);
    list.append(entry);
  }
  return list;
}

// Fetches the trend and draws it into `section`, or hides it (fewer than two events with figures).
export async function showTrend(section) {
  let events = [];
  try {
    events = (await api("GET", "/events/trend")).events.filter((e) => e.nps != null || e.csat != null);
  } catch {
    events = []; // the list of events matters more: the trend just stays away
  }
  section.hidden = events.length < 2;
  if (section.hidden) return;
  const figures = events.map((e) =>
    t("organizer.trend.figures", { ...e, nps: npsText(e.nps), csat: csatText(e.csat) }),
  );
  const label = t("organizer.trend.label", { figures: figures.join("; ") });
  const title = el("h2", { id: "trend-title" }, t("organizer.trend.title"));
  section.replaceChildren(title);
  WIDTH = Math.max(280, Math.min(MAX_WIDTH, Math.round(title.clientWidth)));
  section.append(chart(events, label), legend(), table(events));
}
