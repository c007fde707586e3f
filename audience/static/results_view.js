// Revealed results on the phone, drawn by the view the poll's type names (poll.ui.view, the same
// name as the presenter screen's view). A view is (poll, results) → the node drawn under the title.
import { optionRows, renderBars } from "/static/js/bars.js";
import { el } from "/static/js/dom.js";
import { t, uiText } from "/static/js/i18n.js";

function bars(rows) {
  const box = el("div", { class: "bars" });
  renderBars(box, rows);
  return box;
}

// Scores from ui.max down to ui.min, as stars when the type's palette is stars.
function scaleRows(poll, results) {
  const options = [];
  for (let n = poll.ui.max; n >= poll.ui.min; n--)
    options.push({ id: String(n), text: poll.ui.palette === "stars" ? "★".repeat(n) : String(n) });
  return bars(optionRows(options, results.counts, results.total));
}

function words(_poll, results) {
  const chips = el("div", { class: "word-chips" });
  Object.entries(results.words)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 30)
    .forEach(([word, n]) => chips.append(el("span", { class: "chip" }, `${word} · ${n}`)));
  return chips;
}

function answers(_poll, results) {
  const list = el("ul", { class: "answer-list" });
  results.answers.forEach((answer) => list.append(el("li", {}, answer)));
  return list;
}

function quiz(poll, results) {
  const rows = optionRows(poll.options, results.counts, results.total);
  for (const row of rows) if (results.correct && row.key === results.correct) row.className = "correct";
  return bars(rows);
}

export const VIEWS = {
  bars: (poll, results) => bars(optionRows(poll.options, results.counts, results.total)),
  scale: scaleRows,
  nps: scaleRows,
  cloud: words,
  wall: answers,
  ranking: (poll, results) => bars(optionRows(poll.options, results.scores, 0)), // Borda points
  quiz,
};

// The figure above a score's bars, by the type's palette (poll.ui.palette).
const HEADLINES = {
  stars: (r) => t("audience.mean", { n: r.mean }),
  effort: (r) => t("audience.mean", { n: r.mean }),
  satisfaction: (r) => `CSAT ${r.csat}%`,
  nps: (r) => `NPS ${r.nps > 0 ? "+" : ""}${r.nps}`,
};

export function drawResults(box, poll, results) {
  if (!results) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.hidden = false;
  box.replaceChildren(el("h2", {}, t("audience.results")));
  const headline = results.total && HEADLINES[poll.ui.palette];
  if (headline) box.append(el("p", { class: "headline" }, headline(results)));
  box.append((VIEWS[poll.ui.view] || VIEWS.bars)(poll, results));
  // votes, or answers for the written types: the type's own word
  box.append(el("p", { class: "muted total" }, uiText(poll.ui.count_key, { n: results.total })));
}
