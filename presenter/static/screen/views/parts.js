// Pieces the result views share: SVG nodes, score columns, scale end labels, accent colours.
import { el } from "/static/js/dom.js";
import { percent, percentText } from "/static/js/numbers.js";

const SVG = "http://www.w3.org/2000/svg";

export function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

// The scores of a scale poll as count keys: "1".."5", "0".."10".
export function scoresOf(ui) {
  const scores = [];
  for (let s = ui.min; s <= ui.max; s++) scores.push(String(s));
  return scores;
}

function column(score, color) {
  const node = el("div", { class: "column", dataset: { score } });
  node.style.setProperty("--col", color);
  const figures = el("span", { class: "column-figures" });
  figures.append(el("span", { class: "column-count" }), el("span", { class: "column-share" }));
  const track = el("span", { class: "column-track" });
  track.append(el("span", { class: "column-fill" }));
  node.append(figures, track, el("span", { class: "column-label" }, score));
  return node;
}

// One vertical column per score of a scale; colorOf(score) gives its colour.
export function drawColumns(container, scores, counts, total, colorOf) {
  const max = Math.max(1, ...scores.map((s) => counts[s] || 0));
  for (const score of scores) {
    let node = container.querySelector(`[data-score="${score}"]`);
    if (!node) {
      node = column(score, colorOf(score));
      container.append(node);
    }
    const n = counts[score] || 0;
    node.querySelector(".column-fill").style.height = `${(100 * n) / max}%`;
    node.querySelector(".column-count").textContent = String(n);
    node.querySelector(".column-share").textContent = percentText(percent(n, total));
    node.dataset.count = n;
  }
}

export function scaleEnds(low, high) {
  const ends = el("div", { class: "scale-ends" });
  ends.append(el("span", {}, low), el("span", {}, high));
  return ends;
}

const ACCENTS = ["#a39bff", "#33d6d6", "#ffc53d", "#ff7aa2", "#6cb8ff", "#9be15d", "#d59bf6", "#ff9f6b"];

// The same text always gets the same colour.
export function accentOf(text) {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.codePointAt(0)) | 0;
  return ACCENTS[Math.abs(hash) % ACCENTS.length];
}

// The smallest type read from the back of a hall: 28 px on a 1080-line screen, never below 20 px.
export const readableFloor = () => Math.max(20, Math.round(window.innerHeight * 0.026));

// Scales a text down from its stylesheet size until it takes at most `share` of its parent's
// height, never below `floor` px; past the floor it wraps whole (the chart below gives way).
export function fitText(node, { share = 0.22, floor = readableFloor() } = {}) {
  node.style.fontSize = "";
  const budget = node.parentElement.clientHeight * share;
  let size = Number.parseFloat(getComputedStyle(node).fontSize);
  while (node.scrollHeight > budget && size > floor) {
    size = Math.max(floor, Math.floor(size * 0.92));
    node.style.fontSize = `${size}px`;
  }
}
