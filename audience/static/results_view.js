// Revealed results on the phone, drawn per poll type.
import { optionRows, renderBars } from "/static/js/bars.js";
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";

function scaleOptions(poll) {
  const options = [];
  for (let n = poll.settings.max; n >= poll.settings.min; n--)
    options.push({ id: String(n), text: poll.type === "rating" ? "★".repeat(n) : String(n) });
  return options;
}

function headline(poll, results) {
  if (!results.total) return "";
  switch (poll.type) {
    case "rating":
      return t("audience.mean", { n: results.mean });
    case "ces":
      return t("audience.mean", { n: results.mean });
    case "csat":
      return `CSAT ${results.csat}%`;
    case "nps":
      return `NPS ${results.nps > 0 ? "+" : ""}${results.nps}`;
    default:
      return "";
  }
}

export function drawResults(box, poll, results) {
  if (!results) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.hidden = false;
  box.replaceChildren(el("h2", {}, t("audience.results")));
  const top = headline(poll, results);
  if (top) box.append(el("p", { class: "headline" }, top));
  if (poll.type === "wordcloud") {
    const chips = el("div", { class: "word-chips" });
    Object.entries(results.words)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30)
      .forEach(([word, n]) => chips.append(el("span", { class: "chip" }, `${word} · ${n}`)));
    box.append(chips);
  } else if (poll.type === "open") {
    const list = el("ul", { class: "answer-list" });
    results.answers.forEach((answer) => list.append(el("li", {}, answer)));
    box.append(list);
  } else {
    const bars = el("div", { class: "bars" });
    box.append(bars);
    const scaled = ["rating", "nps", "csat", "ces"].includes(poll.type);
    const options = scaled ? scaleOptions(poll) : poll.options;
    const counts = poll.type === "ranking" ? results.scores : results.counts;
    const rows = optionRows(options, counts, poll.type === "ranking" ? 0 : results.total);
    if (poll.type === "quiz" && results.correct) {
      for (const row of rows) if (row.key === results.correct) row.className = "correct";
    }
    renderBars(bars, rows);
  }
  box.append(el("p", { class: "muted total" }, t("audience.votes", { n: results.total })));
}
