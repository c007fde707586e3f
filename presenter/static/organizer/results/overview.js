// The top of the results page: the event's key figures (each poll's headline first), and
// participation: who joined, who answered each poll, the drop-off from poll to poll, how fast.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { percentText } from "/static/js/numbers.js";
import { changeText, dateText, duration, headlineOf } from "./headlines.js";

function figureCard({ label, value, suffix = "", sub = "", note = "", kind = "", empty = false }) {
  const card = el("article", { class: `figure-card${kind ? ` figure-${kind}` : ""}${empty ? " is-empty" : ""}` });
  const figure = el("p", { class: "figure-value" }, value);
  if (suffix) figure.append(el("span", { class: "figure-suffix" }, suffix));
  card.append(el("p", { class: "figure-label" }, label), figure);
  if (sub) card.append(el("p", { class: "figure-sub" }, sub));
  if (note) card.append(el("p", { class: "figure-note" }, note));
  return card;
}

// The palettes (poll.ui.palette) of the named scores, NPS, CSAT and CES: their figures stand out.
const SCORE_PALETTES = new Set(["nps", "satisfaction", "effort"]);

// The headline of every poll that has one, after the turnout; scores (NPS, CSAT, CES) stand out.
export function drawFigures(container, { polls, summary }) {
  const byId = new Map(summary.polls.map((entry) => [entry.poll_id, entry]));
  const cards = [
    figureCard({
      kind: "turnout",
      label: t("results.participants_label"),
      value: String(summary.participants),
      sub: t("results.polls_n", { n: polls.length }),
    }),
  ];
  polls.forEach((poll, index) => {
    const entry = byId.get(poll.id);
    if (!entry || (poll.state === "draft" && !entry.answered)) return;
    const headline = headlineOf(poll, entry);
    const kind = SCORE_PALETTES.has(poll.ui.palette) ? `score figure-${poll.type}` : "";
    cards.push(figureCard({ ...headline, kind, note: `${index + 1}. ${poll.question}` }));
  });
  const { questions, reactions } = summary;
  cards.push(
    figureCard({
      label: t("results.questions"),
      value: String(questions.count),
      sub: t("results.upvotes_n", { n: questions.upvotes }),
    }),
  );
  cards.push(
    figureCard({
      label: t("results.reactions"),
      value: String(reactions.count),
      sub: t("results.videos_n", { n: reactions.videos }),
    }),
  );
  container.replaceChildren(...cards);
}

function bar(share) {
  const track = el("span", { class: "funnel-track" });
  const fill = el("span", { class: "funnel-fill" });
  fill.style.width = `${Math.max(0, Math.min(100, share))}%`;
  track.append(fill);
  return track;
}

function row(label, number, answered, share, kept, median) {
  const tr = el("tr");
  const name = el("th", { scope: "row" });
  if (number) name.append(el("span", { class: "funnel-number" }, number));
  name.append(el("span", { class: "funnel-question" }, label));
  const count = el("td", { class: "funnel-answered" });
  const figures = el("span", { class: "funnel-figures" });
  figures.append(
    el("strong", {}, String(answered)),
    el("span", { class: "muted" }, share == null ? "" : percentText(share)),
  );
  count.append(bar(share ?? 0), figures);
  const keptCell = el("td", { class: "num", "data-label": t("results.change") }, kept == null ? "–" : changeText(kept));
  if (kept != null)
    keptCell.classList.add(kept <= 70 ? "drop-high" : kept < 100 ? "drop" : kept > 100 ? "gain" : "same");
  tr.append(name, count, keptCell, el("td", { class: "num", "data-label": t("results.median_time") }, median));
  return tr;
}

// One row for those who joined, then one per poll: answered (bar: share of those who joined),
// the change from the poll before (the drop-off), median time to answer.
export function drawFunnel(tbody, { polls, summary }) {
  const byId = new Map(summary.polls.map((entry) => [entry.poll_id, entry]));
  const rows = [row(t("results.joined"), "", summary.participants, summary.participants ? 100 : 0, null, "")];
  rows[0].classList.add("funnel-joined");
  polls.forEach((poll, index) => {
    const entry = byId.get(poll.id) || {};
    const unopened = poll.state === "draft" && !entry.answered;
    rows.push(
      row(
        poll.question,
        String(index + 1),
        entry.answered || 0,
        entry.answered_share ?? 0,
        unopened ? null : entry.kept_share,
        duration(entry.median_answer_ms),
      ),
    );
  });
  tbody.replaceChildren(...rows);
}

// The event's date and turnout wherever the page shows them (header and cover).
export function drawHeader({ polls, summary }) {
  for (const node of document.querySelectorAll(".event-date")) {
    const ms = Number(node.dataset.ms);
    node.dateTime = new Date(ms).toISOString();
    node.textContent = dateText(ms);
  }
  for (const node of document.querySelectorAll(".participants-line")) {
    node.textContent = t("results.participants", { n: summary.participants });
  }
  for (const node of document.querySelectorAll(".polls-line")) {
    node.textContent = t("results.polls_n", { n: polls.length });
  }
}
