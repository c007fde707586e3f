// Q&A on the big screen: the highlighted question as a banner, and the full list of approved ones.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";

export function questionMeta(q) {
  return `${q.name || t("presenter.anonymous")} · ▲ ${q.upvotes}`;
}

function qaItem(q) {
  const item = el("li", { class: `qa-item${q.highlighted ? " highlighted" : ""}` });
  const votes = el("span", { class: "qa-votes" });
  votes.append(el("span", { class: "qa-arrow", "aria-hidden": "true" }, "▲"), el("span", {}, String(q.upvotes)));
  const body = el("div", { class: "qa-body" });
  body.append(el("p", { class: "qa-text" }, q.text), el("p", { class: "qa-name" }, q.name || t("presenter.anonymous")));
  item.append(votes, body);
  return item;
}

// parts: {spotlight, spotlightText, spotlightMeta, list, empty} elements of the page
export function drawQuestions(parts, questions) {
  const highlighted = questions.find((q) => q.highlighted && q.state !== "hidden" && q.state !== "answered");
  parts.spotlight.hidden = !highlighted;
  if (highlighted) {
    parts.spotlightText.textContent = highlighted.text;
    parts.spotlightMeta.textContent = questionMeta(highlighted);
  }
  const approved = questions.filter((q) => q.state === "approved");
  parts.list.replaceChildren(...approved.map(qaItem));
  parts.empty.hidden = approved.length > 0;
}

// Shows or hides the full Q&A view over the poll; force: true/false, or undefined to switch.
export function toggleQa(screen, view, button, force) {
  const on = screen.classList.toggle("show-qa", force);
  view.hidden = !on;
  button.setAttribute("aria-pressed", String(on));
}
