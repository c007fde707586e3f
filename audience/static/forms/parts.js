// Pieces the phone's answer forms share: option buttons, their pressed state, the submit button.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";

// An option with an image is a tile: the picture (its alt text names the button) and, when the
// organizer gave one, a caption; the text is the alt text when there is no caption, said once.
export function optionButton(option, onTap, extraClass = "") {
  const attrs = {
    class: `option ${extraClass}`,
    type: "button",
    "aria-pressed": "false",
    dataset: { option: option.id },
  };
  let button;
  if (option.src) {
    button = el("button", { ...attrs, class: `option option-image ${extraClass}` });
    button.append(el("img", { src: option.src, alt: option.alt ?? "", decoding: "async" }));
    if (option.text && option.text !== option.alt) button.append(el("span", { class: "option-caption" }, option.text));
  } else {
    button = el("button", attrs, option.text);
  }
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
