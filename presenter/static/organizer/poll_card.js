// One poll in the editor's list: its place, type, question and what it asks for, and its actions.
import { el } from "/static/js/dom.js";
import { t, uiText } from "/static/js/i18n.js";

const STATES = { open: t("organizer.poll_state.open"), closed: t("organizer.poll_state.closed") };

// pollCard(poll, answered) → <li>; the buttons carry data-action, the editor listens on the list.
export function pollCard(poll, answered) {
  const card = el("li", { class: "poll-card", dataset: { pollId: poll.id, state: poll.state } });
  const handle = el("button", {
    class: "handle",
    type: "button",
    "data-action": "handle",
    "aria-describedby": "reorder-help",
  });
  handle.append(el("span", { "aria-hidden": "true" }, "⠿"));
  const body = el("div", { class: "poll-body" });
  const meta = el("p", { class: "poll-meta" });
  meta.append(el("span", { class: "poll-number" }), el("span", { class: "poll-type" }, uiText(poll.ui.label)));
  if (STATES[poll.state])
    meta.append(el("span", { class: "state-chip", "data-state": poll.state }, STATES[poll.state]));
  if (answered) meta.append(el("span", { class: "answered" }, t("organizer.answered", { n: answered })));
  body.append(meta, el("h3", { class: "poll-question" }, poll.question), details(poll));
  const reorder = el("div", { class: "reorder" });
  reorder.append(
    iconButton("up", "↑", t("organizer.move_up")),
    handle,
    iconButton("down", "↓", t("organizer.move_down")),
  );
  card.append(el("div", { class: "poll-row" }));
  card.firstChild.append(reorder, body, actions(poll));
  card.append(el("div", { class: "poll-edit", hidden: "" }));
  if (answered) card.dataset.answered = answered;
  return card;
}

function actions(poll) {
  const box = el("div", { class: "poll-actions" });
  const edit = el("button", { class: "btn btn-small", type: "button", "data-action": "edit" }, t("organizer.edit"));
  if (poll.state === "open") {
    edit.disabled = true;
    edit.title = t("organizer.live_no_edit");
  }
  box.append(
    edit,
    el("button", { class: "btn btn-small", type: "button", "data-action": "duplicate" }, t("organizer.duplicate")),
    el("button", { class: "btn btn-small btn-danger", type: "button", "data-action": "delete" }, t("organizer.delete")),
  );
  return box;
}

function iconButton(action, symbol, label) {
  const button = el("button", {
    class: "icon-button",
    type: "button",
    "data-action": action,
    "aria-label": label,
    title: label,
  });
  button.append(el("span", { "aria-hidden": "true" }, symbol));
  return button;
}

// The card's note on each setting the poll's type lists in poll.ui.card ({setting, n}).
const NOTES = {
  max_choices: (n) => t("organizer.detail.max_choices", { n }),
  scale: (n) => t("organizer.detail.scale", { n }),
  max_entries: (n) => t("organizer.detail.max_entries", { n }),
  time_limit: (n) => t("organizer.detail.time_limit", { n }),
};

// What the poll asks for: its options (the right one marked for a quiz), or its scale or limits.
function details(poll) {
  const { settings } = poll;
  const notes = poll.ui.card.filter(({ setting }) => NOTES[setting]).map(({ setting, n }) => NOTES[setting](n));
  const box = el("div", { class: "poll-details" });
  if (poll.options.length) {
    const chips = el("ul", { class: "option-chips" });
    for (const option of poll.options) {
      const right = option.id === settings.correct;
      const chip = el("li", { class: right ? "option-chip correct" : "option-chip" });
      if (option.src) {
        // the alt text names the image; the text shows too only when it is a caption
        chip.classList.add("has-image");
        chip.append(el("img", { src: option.src, alt: option.alt ?? "", loading: "lazy", decoding: "async" }));
      }
      if (!option.src || option.text !== option.alt) chip.append(option.text);
      if (right) chip.append(el("span", { class: "sr-only" }, ` (${t("organizer.correct_answer")})`));
      chips.append(chip);
    }
    box.append(chips);
  }
  if (notes.length) box.append(el("p", { class: "muted small" }, notes.join(" · ")));
  return box;
}

// Numbers, handle labels and the ends' disabled arrows, after any change to the list.
export function renumber(list) {
  const cards = [...list.children];
  cards.forEach((card, index) => {
    const values = { n: index + 1, total: cards.length, question: card.querySelector(".poll-question").textContent };
    card.querySelector(".poll-number").textContent = `${index + 1}.`;
    card.querySelector('[data-action="handle"]').setAttribute("aria-label", t("organizer.move_handle", values));
    card.querySelector('[data-action="up"]').disabled = index === 0;
    card.querySelector('[data-action="down"]').disabled = index === cards.length - 1;
  });
}
