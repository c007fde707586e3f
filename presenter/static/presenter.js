// The presenter screen: QR and code, the live poll drawn for its type, Q&A on the big screen,
// and a moderation drawer for the presenter's laptop. Attendee text only ever goes in textContent.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { connect, emitWithRetry } from "/static/js/socket.js";

const screen = document.getElementById("screen");
const $ = (id) => document.getElementById(id);
const socket = connect("/presenter", JSON.parse(screen.dataset.auth), $("conn"));
const lang = document.documentElement.lang || "en";
const SVG = "http://www.w3.org/2000/svg";
const LEADERBOARD_AFTER_MS = 4000;
const CLOUD_INTERVAL_MS = 1000;
const WALL_SIZE = 60; // more answer cards than any screen holds

let polls = [];
let poll = null;
let results = null;
let view = null; // the live poll drawn by VIEWS[type]
let lastSeq = -1;
let questions = [];
let moderation = true;

socket.on("state", (state) => {
  polls = state.polls;
  lastSeq = -1;
  moderation = state.event?.moderation !== false;
  questions = state.questions || [];
  show(state.poll, state.results);
  drawQuestions();
});
socket.on("poll", (message) => {
  polls = message.polls;
  if (typeof message.moderation === "boolean") moderation = message.moderation;
  show(message.poll, message.results);
});
socket.on("polls", (message) => { polls = message.polls; drawPicker(); });
socket.on("results", (next) => {
  if (!poll || next.poll_id !== poll.id) return;
  if (next.seq && next.seq <= lastSeq) return;
  lastSeq = next.seq || lastSeq;
  results = next;
  drawResults();
});
socket.on("questions", (message) => { questions = message.questions || []; drawQuestions(); });
socket.on("presenter_key_revoked", async () => {
  const ack = await socket.timeout(5000).emitWithAck("sync", {}).catch(() => null);
  if (ack && !ack.ok) { $("question").textContent = t("presenter.link_revoked"); socket.disconnect(); }
});
socket.on("event_deleted", () => { $("question").textContent = t("audience.event_deleted"); socket.disconnect(); });
socket.on("connect_error", (error) => {
  if (error.data?.code) { $("question").textContent = error.data.message; }
});

// ---- small helpers ----

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

const percent = (n, total) => (total ? Math.round((100 * n) / total) : 0);
const decimal = (value, digits = 1) =>
  new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
const percentText = (value) => new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(value / 100);
const plural = (key, n) => t(n === 1 ? `${key}_one` : key, { n });

// Animates children from where they were to where they are now (after a reorder).
function positions(container) {
  return new Map([...container.children].map((node) => [node, node.getBoundingClientRect()]));
}
function flip(container, before) {
  for (const node of container.children) {
    const old = before.get(node);
    if (!old) continue;
    const now = node.getBoundingClientRect();
    const dx = old.left - now.left;
    const dy = old.top - now.top;
    if (dx || dy) {
      node.animate([{ transform: `translate(${dx}px, ${dy}px)` }, { transform: "none" }],
        { duration: 550, easing: "cubic-bezier(.2,.8,.2,1)" });
    }
  }
}
function placeAt(container, node, index) {
  if (container.children[index] !== node) container.insertBefore(node, container.children[index] || null);
}

// One horizontal bar per row: rows are {key, label, count, share (0..1), text, color, className}.
function drawBars(container, rows, { ordered = false } = {}) {
  const before = ordered ? positions(container) : null;
  const keep = new Set();
  rows.forEach((row, index) => {
    let node = container.querySelector(`:scope > [data-option="${CSS.escape(row.key)}"]`);
    if (!node) {
      node = el("div", { class: "bar-row", dataset: { option: row.key } });
      node.append(el("span", { class: "bar-label" }), el("span", { class: "bar-track" }), el("span", { class: "bar-value" }));
      node.querySelector(".bar-track").append(el("span", { class: "bar-fill" }));
      container.append(node);
    }
    keep.add(node);
    node.className = `bar-row color-${row.color % 8}${row.className ? ` ${row.className}` : ""}`;
    node.querySelector(".bar-label").textContent = row.label;
    node.querySelector(".bar-fill").style.width = `${100 * row.share}%`;
    node.querySelector(".bar-value").textContent = row.text;
    node.dataset.count = row.count;
    if (ordered) placeAt(container, node, index);
  });
  for (const node of [...container.children]) if (!keep.has(node)) node.remove();
  const perColumn = Math.ceil(rows.length / (rows.length > 8 ? 2 : 1));
  container.style.setProperty("--rows", perColumn);
  container.dataset.columns = rows.length > 8 ? "2" : "1";
  container.dataset.dense = String(perColumn >= 5); // one line per label, or the rows overflow
  if (ordered) flip(container, before);
}

// One vertical column per score of a scale; colorOf(score) gives its colour.
function drawColumns(container, scores, counts, total, colorOf) {
  const max = Math.max(1, ...scores.map((s) => counts[s] || 0));
  for (const score of scores) {
    let column = container.querySelector(`[data-score="${score}"]`);
    if (!column) {
      column = el("div", { class: "column", dataset: { score } });
      column.style.setProperty("--col", colorOf(score));
      const figures = el("span", { class: "column-figures" });
      figures.append(el("span", { class: "column-count" }), el("span", { class: "column-share" }));
      const track = el("span", { class: "column-track" });
      track.append(el("span", { class: "column-fill" }));
      column.append(figures, track, el("span", { class: "column-label" }, score));
      container.append(column);
    }
    const n = counts[score] || 0;
    column.querySelector(".column-fill").style.height = `${(100 * n) / max}%`;
    column.querySelector(".column-count").textContent = String(n);
    column.querySelector(".column-share").textContent = percentText(percent(n, total));
    column.dataset.count = n;
  }
}

function scaleEnds(low, high) {
  const ends = el("div", { class: "scale-ends" });
  ends.append(el("span", {}, low), el("span", {}, high));
  return ends;
}

// ---- one view per poll type: make(poll) -> {node, update(results), setPoll?(poll), destroy?()} ----

function barsView(poll) {
  const node = el("div", { class: "bars stage-bars" });
  return {
    node,
    update(r) {
      const counts = r?.counts || {};
      const total = r?.total || 0;
      const max = Math.max(1, ...poll.options.map((o) => counts[o.id] || 0));
      drawBars(node, poll.options.map((option, index) => {
        const count = counts[option.id] || 0;
        return { key: option.id, label: option.text, count, share: count / max, color: index,
          text: `${count} · ${percent(count, total)}%` };
      }));
    },
  };
}

function rankingView(poll) {
  const node = el("div", { class: "bars stage-bars ranking-bars" });
  return {
    node,
    update(r) {
      const scores = r?.scores || {};
      const firsts = r?.counts || {};
      const max = Math.max(1, ...poll.options.map((o) => scores[o.id] || 0));
      const rows = poll.options.map((option, index) => ({
        key: option.id, label: option.text, count: scores[option.id] || 0, color: index,
        share: (scores[option.id] || 0) / max,
        text: `${plural("presenter.points", scores[option.id] || 0)} · ${plural("presenter.first_places", firsts[option.id] || 0)}`,
      }));
      rows.sort((a, b) => b.count - a.count || poll.options.findIndex((o) => o.id === a.key) -
        poll.options.findIndex((o) => o.id === b.key));
      drawBars(node, rows, { ordered: true });
    },
  };
}

const SCALES = {
  rating: (poll) => ({ low: 1, high: poll.settings.scale || 5, color: () => "#ffc53d" }),
  csat: () => ({ low: 1, high: 5, color: (s) => (Number(s) >= 4 ? "#3ddc84" : Number(s) === 3 ? "#a3a3c2" : "#ff5f6d"),
    ends: [t("presenter.csat.low"), t("presenter.csat.high")] }),
  ces: () => ({ low: 1, high: 7, color: (s) => ["#3ddc84", "#7ddc5a", "#b5d94a", "#ffc53d", "#ff9f43", "#ff7a59", "#ff5f6d"][Number(s) - 1],
    ends: [t("presenter.ces.low"), t("presenter.ces.high")] }),
};

function scaleView(poll) {
  const scale = SCALES[poll.type](poll);
  const scores = [];
  for (let s = scale.low; s <= scale.high; s++) scores.push(String(s));
  const node = el("div", { class: `scale-view scale-${poll.type}` });
  const headline = el("div", { class: "headline-box" });
  const label = el("p", { class: "headline-label" });
  const figure = el("p", { class: "headline-figure" });
  const value = el("span", { class: "headline-value" });
  const suffix = el("span", { class: "headline-suffix" });
  figure.append(value, suffix);
  const sub = el("p", { class: "headline-sub" });
  headline.append(label, figure);
  let stars = null;
  if (poll.type === "rating") {
    stars = el("div", { class: "stars", "aria-hidden": "true" });
    stars.style.setProperty("--stars", scores.length);
    stars.append(el("span", { class: "stars-base" }, "★".repeat(scores.length)),
      el("span", { class: "stars-fill" }, "★".repeat(scores.length)));
    headline.append(stars);
  }
  headline.append(sub);
  const chartBox = el("div", { class: "columns-box" });
  const columns = el("div", { class: "columns" });
  columns.style.setProperty("--n", scores.length);
  chartBox.append(columns);
  if (scale.ends) chartBox.append(scaleEnds(...scale.ends));
  node.append(headline, chartBox);
  return {
    node,
    update(r) {
      const counts = r?.counts || {};
      const total = r?.total || 0;
      drawColumns(columns, scores, counts, total, scale.color);
      if (poll.type === "csat") {
        label.textContent = t("presenter.csat");
        value.textContent = r?.csat == null ? "–" : percentText(r.csat);
        suffix.textContent = "";
        sub.textContent = t("presenter.csat_sub");
      } else {
        label.textContent = t(poll.type === "ces" ? "presenter.ces_mean" : "presenter.average");
        value.textContent = r?.mean == null ? "–" : decimal(r.mean);
        suffix.textContent = ` / ${scale.high}`;
        sub.textContent = poll.type === "ces" ? t("presenter.ces_sub") : "";
      }
      if (stars) stars.querySelector(".stars-fill").style.width = `${(100 * (r?.mean || 0)) / scale.high}%`;
    },
  };
}

const NPS_GROUPS = [
  { key: "detractors", range: "0–6", color: "#ff5f6d" },
  { key: "passives", range: "7–8", color: "#ffc53d" },
  { key: "promoters", range: "9–10", color: "#3ddc84" },
];

function npsGauge() {
  const gauge = svg("svg", { class: "gauge", viewBox: "0 0 220 128", role: "img" });
  const arc = (d, cls) => svg("path", { d, class: cls, pathLength: 100 });
  gauge.append(
    arc("M 22 110 A 88 88 0 0 1 198 110", "gauge-track"),
    arc("M 110 22 A 88 88 0 0 1 198 110", "gauge-value gauge-right"),
    arc("M 110 22 A 88 88 0 0 0 22 110", "gauge-value gauge-left"));
  for (const angle of [-90, -45, 0, 45, 90]) {
    const tick = svg("line", { x1: 110, y1: 6, x2: 110, y2: 12, class: "gauge-tick" });
    tick.setAttribute("transform", `rotate(${angle} 110 110)`);
    gauge.append(tick);
  }
  const marker = svg("g", { class: "gauge-marker" });
  marker.append(svg("circle", { cx: 110, cy: 22, r: 12 }));
  const number = svg("text", { x: 110, y: 104, class: "gauge-number", "text-anchor": "middle" });
  const name = svg("text", { x: 110, y: 62, class: "gauge-name", "text-anchor": "middle" });
  name.textContent = t("presenter.nps");
  const low = svg("text", { x: 22, y: 126, class: "gauge-end", "text-anchor": "middle" });
  low.textContent = "−100";
  const high = svg("text", { x: 198, y: 126, class: "gauge-end", "text-anchor": "middle" });
  high.textContent = "100";
  gauge.append(marker, name, number, low, high);
  return {
    gauge,
    set(nps) {
      const v = nps ?? 0;
      gauge.dataset.tone = nps == null ? "none" : v < 0 ? "low" : v < 30 ? "mid" : "high";
      gauge.querySelector(".gauge-right").style.strokeDashoffset = String(100 - Math.max(0, v));
      gauge.querySelector(".gauge-left").style.strokeDashoffset = String(100 - Math.max(0, -v));
      marker.style.transform = `rotate(${0.9 * v}deg)`;
      number.textContent = nps == null ? "–" : new Intl.NumberFormat(lang, { signDisplay: "exceptZero" }).format(v);
      gauge.setAttribute("aria-label", `${t("presenter.nps")} ${number.textContent}`);
    },
  };
}

function npsView() {
  const scores = Array.from({ length: 11 }, (_, i) => String(i));
  const node = el("div", { class: "nps-view" });
  const { gauge, set } = npsGauge();
  const gaugeBox = el("div", { class: "gauge-box" });
  gaugeBox.append(gauge);
  const groups = el("div", { class: "nps-groups" });
  const stack = el("div", { class: "nps-stack" });
  for (const group of NPS_GROUPS) {
    const card = el("div", { class: `nps-group ${group.key}`, dataset: { group: group.key } });
    card.style.setProperty("--group", group.color);
    const head = el("p", { class: "group-name" });
    head.append(el("span", {}, t(`presenter.${group.key}`)), el("span", { class: "group-range" }, group.range));
    const figures = el("p", { class: "group-figures" });
    figures.append(el("span", { class: "group-share" }), el("span", { class: "group-count" }));
    card.append(head, figures);
    groups.append(card);
    const part = el("span", { class: "stack-part", dataset: { group: group.key } });
    part.style.setProperty("--group", group.color);
    stack.append(part);
  }
  groups.append(stack);
  const columnsBox = el("div", { class: "columns-box" });
  const columns = el("div", { class: "columns nps-columns" });
  columns.style.setProperty("--n", 11);
  columnsBox.append(columns);
  const colorOf = (s) => NPS_GROUPS[Number(s) <= 6 ? 0 : Number(s) <= 8 ? 1 : 2].color;
  node.append(gaugeBox, groups, columnsBox);
  return {
    node,
    update(r) {
      const total = r?.total || 0;
      set(total ? r.nps : null);
      for (const group of NPS_GROUPS) {
        const n = r?.[group.key] || 0;
        const card = groups.querySelector(`[data-group="${group.key}"]`);
        card.querySelector(".group-share").textContent = percentText(percent(n, total));
        card.querySelector(".group-count").textContent = plural("presenter.votes_n", n);
        card.dataset.count = n;
        stack.querySelector(`[data-group="${group.key}"]`).style.flexGrow = String(n);
      }
      stack.classList.toggle("empty", !total);
      drawColumns(columns, scores, r?.counts || {}, total, colorOf);
    },
  };
}

const CLOUD_COLORS = ["#a39bff", "#33d6d6", "#ffc53d", "#ff7aa2", "#6cb8ff", "#9be15d", "#d59bf6", "#ff9f6b"];

function hashOf(text) {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.codePointAt(0)) | 0;
  return Math.abs(hash);
}

function cloudView() {
  const node = el("div", { class: "cloud-view" });
  const canvas = el("canvas", { class: "cloud", role: "img" });
  const empty = el("p", { class: "view-empty" }, t("presenter.words_empty"));
  node.append(canvas, empty);
  let words = {};
  let drawn = "";
  let lastDraw = 0;
  let timer = null;
  const resize = new ResizeObserver(() => schedule());
  resize.observe(node);

  function schedule() {
    if (timer) return;
    const wait = Math.max(0, lastDraw + CLOUD_INTERVAL_MS - performance.now());
    timer = setTimeout(() => { timer = null; draw(); }, wait);
  }

  function draw() {
    const dpr = window.devicePixelRatio || 1;
    const width = Math.round(node.clientWidth * dpr);
    const height = Math.round(node.clientHeight * dpr);
    const list = Object.entries(words).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 150);
    const signature = `${width}x${height}:${JSON.stringify(list)}`;
    empty.hidden = list.length > 0;
    canvas.setAttribute("aria-label", list.map(([word, n]) => `${word} ${n}`).join(", "));
    if (!width || !height || signature === drawn || !window.WordCloud) return;
    drawn = signature;
    canvas.width = width;
    canvas.height = height;
    if (!list.length) return; // resizing the canvas cleared it; an empty cloud costs nothing
    lastDraw = performance.now();
    const size = fontSizes(list, width, height, dpr);
    window.WordCloud(canvas, {
      list, weightFactor: size, minSize: 0, gridSize: Math.round(10 * dpr), ellipticity: Math.min(1, height / width),
      fontFamily: getComputedStyle(document.body).fontFamily,
      fontWeight: (word, weight) => (weight >= list[0][1] * 0.5 ? "800" : "600"),
      color: (word) => CLOUD_COLORS[hashOf(word) % CLOUD_COLORS.length],
      backgroundColor: "rgba(0,0,0,0)", rotateRatio: 0, shuffle: false, shrinkToFit: true, drawOutOfBound: false,
    });
  }

  return {
    node,
    update(r) {
      words = r?.words || {};
      schedule();
    },
    destroy() { resize.disconnect(); clearTimeout(timer); window.WordCloud?.stop?.(); },
  };
}

// Font size per count: the top word as big as fits, the rest by square root, all scaled to the area.
function fontSizes(list, width, height, dpr) {
  const top = list[0][1];
  const longest = Math.max(4, list[0][0].length);
  const biggest = Math.min(height * 0.32, (1.5 * width) / longest);
  const smallest = Math.max(15 * dpr, biggest * 0.2);
  const raw = (n) => (top > 1 ? smallest + (biggest - smallest) * Math.sqrt((n - 1) / (top - 1)) : biggest * 0.55);
  const area = list.reduce((sum, [word, n]) => sum + raw(n) ** 2 * (word.length * 0.62 + 0.6) * 1.25, 0);
  const fit = Math.min(1, Math.sqrt((0.7 * width * height) / area));
  return (n) => Math.max(12 * dpr, raw(n) * fit);
}

function wallView() {
  const node = el("div", { class: "wall" });
  const empty = el("p", { class: "view-empty" }, t("presenter.wall_empty"));
  const outer = el("div", { class: "wall-view" });
  outer.append(node, empty);
  let first = true;
  return {
    node: outer,
    update(r) {
      const shown = r?.items ? r.items.filter((item) => item.state === "approved")
        : (r?.answers || []).map((text, i) => ({ id: `a${i}`, text }));
      shown.reverse(); // newest first
      shown.length = Math.min(shown.length, WALL_SIZE);
      const before = positions(node);
      const keep = new Set();
      shown.forEach((item, index) => {
        let card = node.querySelector(`:scope > [data-id="${CSS.escape(item.id)}"]`);
        if (!card) {
          card = el("article", { class: first ? "wall-card" : "wall-card entering", dataset: { id: item.id } });
          // a moved node replays its CSS animation: the entrance is played once
          card.addEventListener("animationend", () => card.classList.remove("entering"), { once: true });
          card.style.setProperty("--accent", CLOUD_COLORS[hashOf(item.id) % CLOUD_COLORS.length]);
          card.append(el("p", { class: "wall-text" }, item.text));
        }
        keep.add(card);
        placeAt(node, card, index);
      });
      for (const card of [...node.children]) if (!keep.has(card)) card.remove();
      node.dataset.size = shown.length <= 2 ? "xl" : shown.length <= 4 ? "l" : shown.length <= 9 ? "m" : "s";
      empty.hidden = shown.length > 0;
      flip(node, before);
      first = false;
    },
  };
}

function quizView(poll) {
  const node = el("div", { class: "quiz-view" });
  // live: the countdown and the answer tiles, no counts
  const live = el("div", { class: "quiz-live" });
  const clock = el("div", { class: "countdown-box" });
  const ring = svg("svg", { class: "ring", viewBox: "0 0 120 120", "aria-hidden": "true" });
  ring.append(svg("circle", { cx: 60, cy: 60, r: 52, class: "ring-track" }),
    svg("circle", { cx: 60, cy: 60, r: 52, class: "ring-fill", pathLength: 100, transform: "rotate(-90 60 60)" }));
  const seconds = el("span", { class: "ring-seconds", role: "timer" });
  const dial = el("div", { class: "ring-box" });
  dial.append(ring, seconds);
  const answered = el("p", { class: "quiz-answered" });
  const timeUp = el("p", { class: "quiz-timeup", hidden: "" }, t("presenter.time_up"));
  clock.append(dial, answered, timeUp);
  const tiles = el("ol", { class: "quiz-tiles" });
  poll.options.forEach((option, index) => {
    const tile = el("li", { class: `quiz-tile quiz-${index % 4}`, dataset: { option: option.id } });
    tile.append(el("span", { class: "tile-letter" }, String.fromCharCode(65 + (index % 26))),
      el("span", { class: "tile-text" }, option.text));
    tiles.append(tile);
  });
  tiles.dataset.count = String(poll.options.length);
  live.append(clock, tiles);
  // closed: the distribution with the right answer marked, then the leaderboard
  const bars = el("div", { class: "bars stage-bars quiz-bars" });
  const board = el("div", { class: "leaderboard-box" });
  const boardTitle = el("h2", { class: "leaderboard-title" }, t("presenter.leaderboard"));
  const rows = el("ol", { class: "leaderboard" });
  const boardEmpty = el("p", { class: "view-empty" }, t("presenter.leaderboard_empty"));
  board.append(boardTitle, rows, boardEmpty);
  node.append(live, bars, board);

  let current = poll;
  let latest = null;
  let endAt = null;
  let frame = null;
  let phase = null;
  let phaseTimer = null;
  let boardShown = "";

  function setPhase(next) {
    phase = next;
    node.dataset.phase = next;
    screen.dataset.quizPhase = next;
    live.hidden = next !== "live";
    bars.hidden = next !== "answer";
    board.hidden = next !== "board";
    if (next === "board") drawBoard(true);
    drawControls();
  }

  function tick() {
    frame = null;
    if (phase !== "live" || endAt == null) return;
    const left = Math.max(0, endAt - performance.now());
    const limit = (current.settings.time_limit || 20) * 1000;
    seconds.textContent = left > 0 ? String(Math.ceil(left / 1000)) : "0";
    ring.querySelector(".ring-fill").style.strokeDashoffset = String(100 - (100 * left) / limit);
    clock.dataset.urgent = left <= 5000 ? "true" : "false";
    timeUp.hidden = left > 0;
    if (left <= 0) return;
    frame = requestAnimationFrame(tick);
  }

  function drawBoard(animate) {
    const leaders = latest?.leaderboard || [];
    const signature = JSON.stringify(leaders);
    if (!animate && signature === boardShown) return;
    boardShown = signature;
    rows.replaceChildren(...leaders.map((row, index) => {
      const item = el("li", { class: `leader place-${index + 1}` });
      item.style.animationDelay = animate ? `${150 + index * 140}ms` : "0ms";
      item.append(el("span", { class: "leader-place" }, String(index + 1)),
        el("span", { class: "leader-name" }, row.nickname),
        el("span", { class: "leader-points" }, plural("presenter.points", row.points)));
      return item;
    }));
    rows.dataset.columns = leaders.length > 5 ? "2" : "1";
    boardEmpty.hidden = leaders.length > 0;
  }

  function drawAnswer() {
    const counts = latest?.counts || {};
    const total = latest?.total || 0;
    const correct = latest?.correct || current.settings.correct;
    const max = Math.max(1, ...current.options.map((o) => counts[o.id] || 0));
    drawBars(bars, current.options.map((option, index) => {
      const count = counts[option.id] || 0;
      const right = option.id === correct;
      return { key: option.id, label: `${right ? "✓ " : ""}${option.text}`, count, share: count / max, color: index,
        className: right ? "correct" : "wrong", text: `${count} · ${percent(count, total)}%` };
    }));
  }

  return {
    node,
    setPoll(next) {
      const was = current.state;
      current = next;
      if (next.state === "open") {
        if (next.remaining_ms != null) endAt = performance.now() + next.remaining_ms;
        clearTimeout(phaseTimer);
        if (phase !== "live") setPhase("live");
        if (!frame) frame = requestAnimationFrame(tick);
      } else if (phase === null || phase === "live" || was !== next.state) {
        setPhase(next.state === "closed" ? "answer" : "live");
        clearTimeout(phaseTimer);
        if (next.state === "closed") phaseTimer = setTimeout(() => phase === "answer" && setPhase("board"), LEADERBOARD_AFTER_MS);
      }
    },
    update(r) {
      latest = r;
      answered.textContent = plural("presenter.answers_n", r?.total || 0);
      if (phase === "answer") drawAnswer();
      if (phase === "board") drawBoard(false);
    },
    toggleBoard() {
      if (phase === "live" || phase === null) return;
      clearTimeout(phaseTimer);
      setPhase(phase === "board" ? "answer" : "board");
      if (phase === "answer") drawAnswer();
    },
    destroy() {
      cancelAnimationFrame(frame);
      clearTimeout(phaseTimer);
      delete screen.dataset.quizPhase;
    },
  };
}

const VIEWS = { single: barsView, multiple: barsView, rating: scaleView, csat: scaleView, ces: scaleView,
  nps: npsView, wordcloud: cloudView, open: wallView, ranking: rankingView, quiz: quizView };
const ANSWER_TYPES = new Set(["wordcloud", "open", "quiz"]);

// ---- the live poll ----

function show(nextPoll, nextResults) {
  if (!nextPoll || !poll || nextPoll.id !== poll.id || nextPoll.type !== poll.type) {
    view?.destroy?.();
    view = null;
    results = null;
    lastSeq = -1;
    $("chart").replaceChildren();
  }
  poll = nextPoll;
  if (nextResults) results = nextResults;
  drawPicker();
  screen.dataset.state = poll ? poll.state : "none";
  screen.dataset.type = poll ? poll.type : "none";
  if (!poll) {
    $("question").textContent = t("presenter.no_poll");
    $("hint").textContent = t("presenter.no_poll_hint");
    $("poll-state").textContent = "";
    drawTotal();
    drawControls();
    drawModeration();
    return;
  }
  $("question").textContent = poll.question;
  $("hint").textContent = "";
  $("poll-state").textContent = t(`presenter.state.${poll.state}`) +
    (poll.revealed ? ` · ${t("presenter.revealed")}` : "");
  if (!view) {
    view = (VIEWS[poll.type] || barsView)(poll);
    $("chart").append(view.node);
  }
  view.setPoll?.(poll);
  drawResults();
  drawControls();
}

function drawResults() {
  if (!poll || !view) return;
  view.update(results);
  drawTotal();
  drawModeration();
}

function drawTotal() {
  const total = results?.total ?? 0;
  $("total").textContent = String(total);
  const key = ANSWER_TYPES.has(poll?.type) ? "presenter.answers" : "presenter.votes";
  $("total-word").textContent = t(total === 1 ? `${key}_one` : key);
  const hidden = poll?.type === "wordcloud" ? results?.hidden || 0 : 0;
  $("total-extra").textContent = hidden ? ` · ${t("presenter.words_hidden", { n: hidden })}` : "";
}

function drawPicker() {
  const picker = $("poll-picker");
  picker.replaceChildren(...polls.map((p, i) =>
    el("option", { value: p.id }, `${i + 1}. ${p.question}`)));
  if (!polls.length) picker.append(el("option", { value: "", disabled: "" }, t("presenter.no_polls")));
  if (poll) picker.value = poll.id;
}

function drawControls() {
  const open = poll?.state === "open";
  $("toggle-open").textContent = open ? t("presenter.close") : t("presenter.open");
  $("toggle-reveal").textContent = poll?.revealed ? t("presenter.hide") : t("presenter.reveal");
  $("toggle-reveal").disabled = !poll;
  $("reset").disabled = !poll;
  const quizDone = poll?.type === "quiz" && poll.state === "closed";
  $("leaderboard").hidden = !quizDone;
  $("leaderboard").setAttribute("aria-pressed", String(screen.dataset.quizPhase === "board"));
}

// ---- Q&A: the spotlight banner, the full Q&A view, the moderation drawer ----

function drawQuestions() {
  const highlighted = questions.find((q) => q.highlighted && q.state !== "hidden" && q.state !== "answered");
  $("spotlight").hidden = !highlighted;
  if (highlighted) {
    $("spotlight-text").textContent = highlighted.text;
    $("spotlight-meta").textContent = questionMeta(highlighted);
  }
  const approved = questions.filter((q) => q.state === "approved");
  $("qa-list").replaceChildren(...approved.map((q) => {
    const item = el("li", { class: `qa-item${q.highlighted ? " highlighted" : ""}` });
    const votes = el("span", { class: "qa-votes" });
    votes.append(el("span", { class: "qa-arrow", "aria-hidden": "true" }, "▲"), el("span", {}, String(q.upvotes)));
    const body = el("div", { class: "qa-body" });
    body.append(el("p", { class: "qa-text" }, q.text), el("p", { class: "qa-name" }, q.name || t("presenter.anonymous")));
    item.append(votes, body);
    return item;
  }));
  $("qa-empty").hidden = approved.length > 0;
  drawModeration();
}

function questionMeta(q) {
  return `${q.name || t("presenter.anonymous")} · ▲ ${q.upvotes}`;
}

function modItem(text, meta, state, buttons) {
  const item = el("li", { class: "mod-item", dataset: { state } });
  item.append(el("p", { class: "mod-text" }, text));
  if (meta) item.append(el("p", { class: "mod-meta" }, meta));
  const actions = el("div", { class: "mod-actions" });
  for (const [label, payload, primary] of buttons) {
    const button = el("button", { class: `btn btn-small${primary ? " btn-primary" : ""}`, type: "button" }, label);
    button.addEventListener("click", () => moderate(payload, button));
    actions.append(button);
  }
  item.append(actions);
  return item;
}

const QUESTION_BUTTONS = {
  pending: () => [[t("presenter.approve"), "approve", true], [t("presenter.hide_item"), "hide"]],
  approved: (q) => [
    q.highlighted ? [t("presenter.unhighlight"), "unhighlight", true] : [t("presenter.highlight"), "highlight", true],
    [t("presenter.mark_answered"), "answer"], [t("presenter.hide_item"), "hide"]],
  answered: () => [[t("presenter.reopen"), "reopen"]],
  hidden: () => [[t("presenter.reopen"), "reopen"]],
};

function questionItem(q) {
  const state = `${t(`presenter.q_state.${q.state}`)}${q.highlighted ? ` · ${t("presenter.on_screen")}` : ""}`;
  return modItem(q.text, `${questionMeta(q)} · ${state}`, q.state,
    QUESTION_BUTTONS[q.state](q).map(([label, action, primary]) => [label, { question_id: q.id, action }, primary]));
}

let moderationShown = "";

function drawModeration() {
  const items = poll?.type === "open" ? results?.items || [] : null;
  const cloud = poll?.type === "wordcloud";
  // results arrive up to 10 times a second: rebuild the lists only when something in them changed
  const signature = JSON.stringify([questions, items, moderation, cloud && [poll.settings.show_profanity, results?.hidden]]);
  if (signature === moderationShown) return;
  moderationShown = signature;
  const order = { pending: 0, approved: 1 };
  const active = questions.filter((q) => q.state in order).sort((a, b) => order[a.state] - order[b.state]);
  const done = questions.filter((q) => !(q.state in order));
  $("questions-list").replaceChildren(...active.map(questionItem));
  if (!active.length) $("questions-list").append(el("li", { class: "mod-empty" }, t("presenter.no_questions")));
  $("questions-done").replaceChildren(...done.map(questionItem));
  $("questions-done-box").hidden = !done.length;
  $("questions-done-count").textContent = `(${done.length})`;
  const pendingQuestions = questions.filter((q) => q.state === "pending").length;
  $("questions-pending").textContent = pendingQuestions ? String(pendingQuestions) : "";

  $("answers-section").hidden = !items;
  let pendingAnswers = 0;
  if (items) {
    const rank = { pending: 0, approved: 1, hidden: 2 };
    const sorted = [...items].reverse().sort((a, b) => rank[a.state] - rank[b.state]);
    pendingAnswers = items.filter((item) => item.state === "pending").length;
    $("answers-list").replaceChildren(...sorted.map((item) => modItem(item.text, t(`presenter.a_state.${item.state}`), item.state,
      (item.state === "pending" ? [[t("presenter.approve"), "approve", true], [t("presenter.hide_item"), "hide"]]
        : item.state === "approved" ? [[t("presenter.hide_item"), "hide"]] : [[t("presenter.approve"), "approve"]])
        .map(([label, action, primary]) => [label, { poll_id: poll.id, answer_id: item.id, action }, primary]))));
    if (!items.length) $("answers-list").append(el("li", { class: "mod-empty" }, t("presenter.no_answers")));
    $("answers-pending").textContent = pendingAnswers ? String(pendingAnswers) : "";
  }

  $("words-section").hidden = !cloud;
  if (cloud) {
    const shown = Boolean(poll.settings.show_profanity);
    $("words-note").textContent = shown ? t("presenter.words_shown") : t("presenter.words_hidden", { n: results?.hidden || 0 });
    $("words-toggle").textContent = shown ? t("presenter.hide_profanity") : t("presenter.show_profanity");
  }
  $("moderation-switch").checked = moderation;
  const pending = pendingQuestions + pendingAnswers;
  $("pending-badge").hidden = !pending;
  $("pending-badge").textContent = String(pending);
}

async function moderate(payload, button) {
  if (button) button.disabled = true;
  const ack = await act("moderate", payload);
  if (button) button.disabled = false;
  return ack;
}

// ---- actions ----

async function act(event, payload) {
  const ack = await emitWithRetry(socket, event, payload, { tries: 3 });
  if (!ack.ok) {
    const message = ack.error?.message || t("audience.error");
    if (!$("drawer").hidden) flashDrawer(message);
    else $("hint").textContent = message;
  }
  return ack;
}

function flashDrawer(message) {
  const note = el("p", { class: "drawer-error", role: "alert" }, message);
  $("drawer").querySelector(".drawer-head").after(note);
  setTimeout(() => note.remove(), 5000);
}

function openAt(offset) {
  if (!polls.length) return;
  const index = poll ? polls.findIndex((p) => p.id === poll.id) : -1;
  const target = polls[Math.min(polls.length - 1, Math.max(0, index + offset))];
  if (target) act("open", { poll_id: target.id });
}

function toggleOpen() {
  const picked = $("poll-picker").value;
  if (poll?.state === "open" && (!picked || picked === poll.id)) act("close", { poll_id: poll.id });
  else if (picked) act("open", { poll_id: picked });
}

function toggleReveal() { if (poll) act("reveal", { poll_id: poll.id, revealed: !poll.revealed }); }

function resetPoll() {
  if (!poll || !window.confirm(t("presenter.reset_confirm", { question: poll.question }))) return;
  act("reset", { poll_id: poll.id, confirm: true });
}

function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen();
  else document.documentElement.requestFullscreen?.();
}

function toggleQa(force) {
  const on = screen.classList.toggle("show-qa", force);
  $("qa-view").hidden = !on;
  $("toggle-qa").setAttribute("aria-pressed", String(on));
}

function toggleDrawer(force) {
  const on = force ?? $("drawer").hidden;
  $("drawer").hidden = !on;
  screen.classList.toggle("drawer-open", on);
  $("toggle-drawer").setAttribute("aria-pressed", String(on));
}

function toggleLeaderboard() { view?.toggleBoard?.(); drawControls(); }

async function toggleProfanity() {
  if (poll?.type !== "wordcloud") return;
  const show = !poll.settings.show_profanity;
  const ack = await act("moderate", { poll_id: poll.id, action: show ? "show_profanity" : "hide_profanity" });
  // the server sends new results but no `poll`, so the setting is tracked here
  if (ack.ok) { poll.settings.show_profanity = show; drawModeration(); }
}

async function setModeration(on) {
  const ack = await act("settings", { moderation: on });
  if (!ack.ok) { $("moderation-switch").checked = moderation; return; }
  moderation = on;
  // which open answers show depends on the setting: fetch the whole state again
  const synced = await emitWithRetry(socket, "sync", {}, { tries: 2 });
  if (synced.ok && synced.state) {
    polls = synced.state.polls;
    questions = synced.state.questions || questions;
    show(synced.state.poll, synced.state.results);
    drawQuestions();
  }
}

$("prev").addEventListener("click", () => openAt(-1));
$("next").addEventListener("click", () => openAt(poll ? 1 : 0));
$("toggle-open").addEventListener("click", toggleOpen);
$("toggle-reveal").addEventListener("click", toggleReveal);
$("reset").addEventListener("click", resetPoll);
$("leaderboard").addEventListener("click", toggleLeaderboard);
$("toggle-qa").addEventListener("click", () => toggleQa());
$("toggle-drawer").addEventListener("click", () => toggleDrawer());
$("drawer-close").addEventListener("click", () => toggleDrawer(false));
$("words-toggle").addEventListener("click", toggleProfanity);
$("moderation-switch").addEventListener("change", (event) => setModeration(event.target.checked));
$("fullscreen").addEventListener("click", toggleFullscreen);

const shortcuts = {
  n: () => openAt(poll ? 1 : 0), ArrowRight: () => openAt(poll ? 1 : 0),
  p: () => openAt(-1), ArrowLeft: () => openAt(-1),
  o: () => poll && act("open", { poll_id: poll.id }), c: () => poll && act("close", { poll_id: poll.id }),
  r: toggleReveal, f: toggleFullscreen, q: () => screen.classList.toggle("hide-join"),
  x: resetPoll, a: () => toggleQa(), m: () => toggleDrawer(), l: toggleLeaderboard, h: toggleProfanity,
  Escape: () => { toggleDrawer(false); toggleQa(false); },
};
document.addEventListener("keydown", (event) => {
  if (event.target.closest("input:not([type=checkbox]), select, textarea") ||
    event.ctrlKey || event.metaKey || event.altKey) return;
  const action = shortcuts[event.key] || shortcuts[event.key.toLowerCase()];
  if (action) { event.preventDefault(); action(); }
});
