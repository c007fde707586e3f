// Free text up to ui.max_length characters, with a running count.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { submitButton } from "./parts.js";

export function text(poll, send) {
  const length = poll.ui.max_length;
  const form = el("form", { class: "text-form stack" });
  const area = el("textarea", {
    maxlength: String(length),
    rows: "4",
    "aria-label": t("audience.your_answer"),
    placeholder: t("audience.open_placeholder"),
  });
  const counter = el("span", { class: "counter muted" });
  const count = () => {
    counter.textContent = `${area.value.length} / ${length}`;
  };
  area.addEventListener("input", count);
  count();
  const submit = submitButton();
  submit.type = "submit";
  form.append(area, counter, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (area.value.trim()) send(area.value);
  });
  return {
    element: form,
    show: (mine) => {
      if (typeof mine === "string" && !area.value) {
        area.value = mine;
        count();
      }
    },
    enable: (open) => {
      area.disabled = !open;
      submit.hidden = !open;
    },
  };
}
