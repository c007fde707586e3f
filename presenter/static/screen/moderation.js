// The moderation drawer, for the presenter's laptop: questions to approve, highlight and mark
// answered; open answers to approve or hide; the word cloud's filtered words; the moderation switch.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { questionMeta } from "./views/qa.js";
import { $, act, screen, store, sync } from "./state.js";

const QUESTION_STATES = {
  pending: () => t("presenter.q_state.pending"),
  approved: () => t("presenter.q_state.approved"),
  answered: () => t("presenter.q_state.answered"),
  hidden: () => t("presenter.q_state.hidden"),
};
const ANSWER_STATES = {
  pending: () => t("presenter.a_state.pending"),
  approved: () => t("presenter.a_state.approved"),
  hidden: () => t("presenter.a_state.hidden"),
};

// [label, action, primary?] per state
const QUESTION_BUTTONS = {
  pending: () => [
    [t("presenter.approve"), "approve", true],
    [t("presenter.hide_item"), "hide"],
  ],
  approved: (q) => [
    q.highlighted ? [t("presenter.unhighlight"), "unhighlight", true] : [t("presenter.highlight"), "highlight", true],
    [t("presenter.mark_answered"), "answer"],
    [t("presenter.hide_item"), "hide"],
  ],
  answered: () => [[t("presenter.reopen"), "reopen"]],
  hidden: () => [[t("presenter.reopen"), "reopen"]],
};
const ANSWER_BUTTONS = {
  pending: () => [
    [t("presenter.approve"), "approve", true],
    [t("presenter.hide_item"), "hide"],
  ],
  approved: () => [[t("presenter.hide_item"), "hide"]],
  hidden: () => [[t("presenter.approve"), "approve"]],
};

async function moderate(payload, button) {
  button.disabled = true;
  await act("moderate", payload);
  button.disabled = false;
}

// buttons: [[label, payload, primary?]]
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

function questionItem(q) {
  const state = `${QUESTION_STATES[q.state]()}${q.highlighted ? ` · ${t("presenter.on_screen")}` : ""}`;
  return modItem(
    q.text,
    `${questionMeta(q)} · ${state}`,
    q.state,
    QUESTION_BUTTONS[q.state](q).map(([label, action, primary]) => [label, { question_id: q.id, action }, primary]),
  );
}

function answerItem(pollId, item) {
  return modItem(
    item.text,
    ANSWER_STATES[item.state](),
    item.state,
    ANSWER_BUTTONS[item.state]().map(([label, action, primary]) => [
      label,
      { poll_id: pollId, answer_id: item.id, action },
      primary,
    ]),
  );
}

function drawQuestionLists(questions) {
  const order = { pending: 0, approved: 1 };
  const active = questions.filter((q) => q.state in order).sort((a, b) => order[a.state] - order[b.state]);
  const done = questions.filter((q) => !(q.state in order));
  $("questions-list").replaceChildren(...active.map(questionItem));
  if (!active.length) $("questions-list").append(el("li", { class: "mod-empty" }, t("presenter.no_questions")));
  $("questions-done").replaceChildren(...done.map(questionItem));
  $("questions-done-box").hidden = !done.length;
  $("questions-done-count").textContent = `(${done.length})`;
  const pending = questions.filter((q) => q.state === "pending").length;
  $("questions-pending").textContent = pending ? String(pending) : "";
  return pending;
}

function drawAnswerList(poll, items) {
  $("answers-section").hidden = !items;
  if (!items) return 0;
  const rank = { pending: 0, approved: 1, hidden: 2 };
  const sorted = [...items].reverse().sort((a, b) => rank[a.state] - rank[b.state]);
  $("answers-list").replaceChildren(...sorted.map((item) => answerItem(poll.id, item)));
  if (!items.length) $("answers-list").append(el("li", { class: "mod-empty" }, t("presenter.no_answers")));
  const pending = items.filter((item) => item.state === "pending").length;
  $("answers-pending").textContent = pending ? String(pending) : "";
  return pending;
}

function drawWords(poll, results) {
  const cloud = poll?.ui.view === "cloud";
  $("words-section").hidden = !cloud;
  if (!cloud) return;
  const shown = Boolean(poll.settings.show_profanity);
  $("words-note").textContent = shown
    ? t("presenter.words_shown")
    : t("presenter.words_hidden", { n: results?.hidden || 0 });
  $("words-toggle").textContent = shown ? t("presenter.hide_profanity") : t("presenter.show_profanity");
}

let drawn = "";

export function drawModeration() {
  const { poll, results, questions, moderation } = store;
  const items = poll?.ui.view === "wall" ? results?.items || [] : null;
  const cloud = poll?.ui.view === "cloud";
  // results arrive up to 10 times a second: rebuild the lists only when something in them changed
  const signature = JSON.stringify([
    questions,
    items,
    moderation,
    cloud && [poll.settings.show_profanity, results?.hidden],
  ]);
  if (signature === drawn) return;
  drawn = signature;
  const pending = drawQuestionLists(questions) + drawAnswerList(poll, items);
  drawWords(poll, results);
  $("moderation-switch").checked = moderation;
  $("pending-badge").hidden = !pending;
  $("pending-badge").textContent = String(pending);
}

export const drawerOpen = () => !$("drawer").hidden;

export function toggleDrawer(force) {
  const on = force ?? $("drawer").hidden;
  $("drawer").hidden = !on;
  screen.classList.toggle("drawer-open", on);
  $("toggle-drawer").setAttribute("aria-pressed", String(on));
}

export function flashDrawer(message) {
  const note = el("p", { class: "drawer-error", role: "alert" }, message);
  $("drawer").querySelector(".drawer-head").after(note);
  setTimeout(() => note.remove(), 5000);
}

export async function toggleProfanity() {
  const { poll } = store;
  if (poll?.ui.view !== "cloud") return;
  const show = !poll.settings.show_profanity;
  const ack = await act("moderate", { poll_id: poll.id, action: show ? "show_profanity" : "hide_profanity" });
  // the server sends new results but no `poll`, so the setting is tracked here
  if (ack.ok) {
    poll.settings.show_profanity = show;
    drawModeration();
  }
}

async function setModeration(on) {
  const ack = await act("settings", { moderation: on });
  if (!ack.ok) {
    $("moderation-switch").checked = store.moderation;
    return;
  }
  store.moderation = on;
  await sync(); // which open answers show depends on the setting: fetch the whole state again
}

export function bindModeration() {
  $("toggle-drawer").addEventListener("click", () => toggleDrawer());
  $("drawer-close").addEventListener("click", () => toggleDrawer(false));
  $("words-toggle").addEventListener("click", toggleProfanity);
  $("moderation-switch").addEventListener("change", (event) => setModeration(event.target.checked));
}
