// Editions compared: the event and the editions before it (its settings' "Previous edition"), one
// row each, oldest first, with NPS, CSAT, CES, response rate and each figure's change from the
// edition before. Shown (and printed) only when the event has an edition before it.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { dateText } from "./headlines.js";

const lang = document.documentElement.lang || "en";
const dash = "–";
const number = (digits, sign = false) =>
  new Intl.NumberFormat(lang, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: sign ? "exceptZero" : "auto",
  });
const percentOf = (value) =>
  new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 }).format(value / 100);

// The table's figure columns, in order (the API's names): heading, how a value is written, how a
// change from the edition before is written.
const COLUMNS = {
  participants: [() => t("results.comparison.participants"), (v) => String(v), (d) => number(0, true).format(d)],
  nps: [() => "NPS", (v) => number(0, true).format(v), (d) => number(0, true).format(d)],
  csat: [() => "CSAT", percentOf, (d) => number(1, true).format(d)],
  ces: [() => "CES", (v) => number(1).format(v), (d) => number(1, true).format(d)],
  response_rate: [() => t("results.comparison.response_rate"), percentOf, (d) => number(1, true).format(d)],
};

function figureCell(name, value, before) {
  const [heading, write, writeChange] = COLUMNS[name];
  const cell = el("td", { class: "num", "data-label": heading(), "data-figure": name });
  cell.append(el("span", { class: "comparison-value" }, value == null ? dash : write(value)));
  if (value != null && before != null) {
    const change = Math.round((value - before) * 10) / 10;
    const kind = change > 0 ? "up" : change < 0 ? "down" : "same";
    cell.append(el("span", { class: `comparison-change change-${kind}` }, `(${writeChange(change)})`));
  }
  return cell;
}

function editionRow(edition, before, current) {
  const tr = el("tr", current ? { class: "comparison-current", "aria-current": "true" } : {});
  const name = el("th", { scope: "row" });
  name.append(el("span", { class: "comparison-title" }, edition.title));
  const date = el("time", { class: "muted small" }, dateText(edition.created_at));
  date.dateTime = new Date(edition.created_at).toISOString();
  name.append(" ", date);
  if (current) name.append(" ", el("span", { class: "muted small" }, `(${t("results.comparison.this")})`));
  tr.append(name);
  for (const column of Object.keys(COLUMNS)) tr.append(figureCell(column, edition[column], before?.[column]));
  return tr;
}

// Draws the table into `section` (hidden unless there are two editions or more).
export function drawComparison(section, comparison, eventId) {
  const editions = comparison?.events || [];
  section.hidden = editions.length < 2;
  if (section.hidden) return;
  const head = el("tr");
  head.append(el("th", { scope: "col" }, t("results.comparison.edition")));
  for (const [heading] of Object.values(COLUMNS)) head.append(el("th", { scope: "col", class: "num" }, heading()));
  const rows = editions.map((edition, index) => editionRow(edition, editions[index - 1], edition.id === eventId));
  section.querySelector("thead").replaceChildren(head);
  section.querySelector("tbody").replaceChildren(...rows);
}
