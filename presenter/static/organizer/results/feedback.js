// What the audience said besides votes: the Q&A (most upvoted first, with states) and the reactions.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";

const PRINTED_QUESTIONS = 15; // the report keeps the top questions; the page lists them all
const QUESTION_STATES = {
  pending: () => t("presenter.q_state.pending"),
  approved: () => t("presenter.q_state.approved"),
  answered: () => t("presenter.q_state.answered"),
  hidden: () => t("presenter.q_state.hidden"),
};

function questionItem(q) {
  const item = el("li", { class: "qa-result", id: `question-${q.id}`, dataset: { state: q.state } });
  const votes = el("span", { class: "qa-result-votes", "aria-label": t("results.upvotes_n", { n: q.upvotes }) });
  votes.append(el("span", { "aria-hidden": "true" }, "▲"), el("strong", {}, String(q.upvotes)));
  const body = el("div", { class: "qa-result-body" });
  const meta = el("p", { class: "qa-result-meta" });
  meta.append(
    el("span", {}, q.name || t("presenter.anonymous")),
    el("span", { class: "state-chip", dataset: { state: q.state } }, QUESTION_STATES[q.state]?.() || q.state),
  );
  body.append(el("p", { class: "qa-result-text" }, q.text), meta);
  item.append(votes, body);
  return item;
}

// Hidden questions go last; printing keeps the top ones that were not hidden.
export function drawQuestions(list, summaryLine, questions, counts, printing) {
  let shown = [...questions].sort((a, b) => (a.state === "hidden") - (b.state === "hidden") || b.upvotes - a.upvotes);
  if (printing) shown = shown.filter((q) => q.state !== "hidden").slice(0, PRINTED_QUESTIONS);
  list.replaceChildren(...shown.map(questionItem));
  summaryLine.textContent = counts.count
    ? t("results.questions_summary", { n: counts.count, upvotes: counts.upvotes, answered: counts.answered })
    : t("results.no_questions");
}

function figure(value, label) {
  const node = el("p", { class: "small-figure" });
  node.append(el("strong", {}, String(value)), el("span", {}, label));
  return node;
}

export function drawReactions(container, reactions) {
  container.replaceChildren(
    figure(reactions.count, t("results.reactions_label")),
    figure(reactions.videos, t("results.videos_label")),
    figure(reactions.approved, t("results.approved_label")),
  );
}
