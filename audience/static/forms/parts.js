// Pieces the phone's answer forms share: option buttons, their pressed state, the submit button.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";

export function optionButton(option, onTap, extraClass = "") {
  const button = el(
    "button",
    { class: `option ${extraClass}`, type: "button", "aria-pressed": "false", dataset: { option: option.id } },
    option.text,
  );
  button.addEventListener("click", () => onTap(option.id, button));
  return button;
}

export function pressOnly(box, chosen) {
  const set = new Set(Array.isArray(chosen) ? chosen : chosen !== undefined && chosen !== null ? [chosen] : []);
  box
    .querySelectorAll("[data-option]")
    .forEach((b) => b.setAttribute("aria-pressed", String(set.has(b.dataset.option))));
}

export function submitButton(label = t("audience.submit")) {
  return el("button", { class: "btn btn-primary submit", type: "button" }, label);
}

export function enableButtons(box, open) {
  box.querySelectorAll("button").forEach((b) => {
    b.disabled = !open;
  });
}
