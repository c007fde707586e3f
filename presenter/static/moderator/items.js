// The console's rows: a question or an open answer with the buttons its state allows.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";

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

// [label, action, primary?] per state; a pending item's first two are A and H
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

// buttons: [[label, action, payload, primary?]]; act(payload) sends one
function row(text, meta, state, buttons, act) {
  const item = el("li", { class: "mod-item", dataset: { state }, tabindex: "-1" });
  item.append(el("p", { class: "mod-text" }, text), el("p", { class: "mod-meta" }, meta));
  const actions = el("div", { class: "mod-actions" });
  for (const [label, action, payload, primary] of buttons) {
    const button = el(
      "button",
      { class: `btn btn-small${primary ? " btn-primary" : ""}`, type: "button", dataset: { action } },
      label,
    );
    button.addEventListener("click", async () => {
      button.disabled = true;
      await act(payload);
      button.disabled = false;
    });
    actions.append(button);
  }
  item.append(actions);
  return item;
}

export function questionRow(q, act) {
  const state = (QUESTION_STATES[q.state] || QUESTION_STATES.pending)();
  const meta = `${q.name || t("presenter.anonymous")} · ▲ ${q.upvotes} · ${state}${q.highlighted ? ` · ${t("presenter.on_screen")}` : ""}`;
  const buttons = QUESTION_BUTTONS[q.state](q).map(([label, action, primary]) => [
    label,
    action,
    { question_id: q.id, action },
    primary,
  ]);
  const item = row(q.text, meta, q.state, buttons, act);
  item.dataset.question = q.id;
  return item;
}

export function answerRow(pollId, answer, act) {
  const state = answer.state in ANSWER_STATES ? answer.state : "pending";
  const buttons = ANSWER_BUTTONS[state]().map(([label, action, primary]) => [
    label,
    action,
    { poll_id: pollId, answer_id: answer.id, action },
    primary,
  ]);
  const item = row(answer.text, ANSWER_STATES[state](), state, buttons, act);
  item.dataset.answer = answer.id;
  return item;
}
