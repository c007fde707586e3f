// Up to ui.max_entries short words or phrases of at most ui.max_length characters each.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { submitButton } from "./parts.js";

export function words(poll, send) {
  const { max_entries: count, max_length: length } = poll.ui;
  const form = el("form", { class: "words-form stack" });
  const inputs = [];
  for (let i = 0; i < count; i++) {
    const label = t("audience.word_n", { n: i + 1 });
    const input = el("input", {
      maxlength: String(length),
      autocomplete: "off",
      enterkeyhint: i + 1 < count ? "next" : "send",
      "aria-label": label,
      placeholder: label,
    });
    inputs.push(input);
    form.append(input);
  }
  const submit = submitButton();
  submit.type = "submit";
  form.append(submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = inputs.map((i) => i.value.trim()).filter(Boolean);
    if (value.length) send(value);
  });
  return {
    element: form,
    show: (mine) => {
      if (Array.isArray(mine))
        inputs.forEach((input, i) => {
          input.value = mine[i] ?? "";
        });
    },
    enable: (open) => {
      inputs.forEach((i) => {
        i.disabled = !open;
      });
      submit.hidden = !open;
    },
  };
}
