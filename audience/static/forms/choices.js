// Up to max_choices options, sent with the submit button.
import { el } from "/static/js/dom.js";
import { enableButtons, optionButton, pressOnly, submitButton } from "./parts.js";

export function choices(poll, send) {
  const max = poll.settings.max_choices;
  const wrap = el("div", { class: "options-wrap" });
  const box = el("div", { class: "options checkboxes", role: "group" });
  const submit = submitButton();
  const picked = () => [...box.querySelectorAll('[aria-pressed="true"]')].map((b) => b.dataset.option);
  let mine = [];
  const same = () => {
    const now = picked();
    return now.length === mine.length && now.every((id) => mine.includes(id));
  };
  const refresh = () => {
    submit.disabled = picked().length === 0 || same();
  };
  poll.options.forEach((o) =>
    box.append(
      optionButton(o, (_id, button) => {
        const on = button.getAttribute("aria-pressed") !== "true";
        if (on && picked().length >= max) return;
        button.setAttribute("aria-pressed", String(on));
        refresh();
      }),
    ),
  );
  submit.addEventListener("click", () => send(picked()));
  wrap.append(box, submit);
  return {
    element: wrap,
    show: (value) => {
      mine = Array.isArray(value) ? value : [];
      pressOnly(box, mine);
      refresh();
    },
    enable: (open) => {
      enableButtons(box, open);
      submit.hidden = !open;
    },
  };
}
