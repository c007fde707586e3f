// A score from ui.min to ui.max, sent when tapped; stars light up to the chosen one. Every button
// looks the same until chosen (no colour hints at a wanted answer); the words for the ends sit
// under the end buttons, the whole scale on one row.
import { el } from "/static/js/dom.js";
import { uiText } from "/static/js/i18n.js";
import { enableButtons } from "./parts.js";

export function scale(poll, send) {
  const { min, max } = poll.ui;
  const stars = poll.ui.palette === "stars";
  const ends = poll.ui.ends; // null: no words at the ends (stars)
  const box = el("div", { class: `scale scale-${poll.type}`, role: "group" });
  box.style.setProperty("--steps", String(max - min + 1));
  for (let n = min; n <= max; n++) {
    const button = el(
      "button",
      {
        class: "scale-button",
        type: "button",
        "aria-pressed": "false",
        "aria-label": String(n),
        dataset: { option: String(n), score: String(n) },
      },
      stars ? "★" : String(n),
    );
    button.addEventListener("click", () => {
      show(n);
      send(n);
    });
    box.append(button);
  }
  const labels = el("div", { class: "scale-ends", "aria-hidden": "true" });
  if (ends) {
    labels.append(el("span", { class: "scale-end-low" }, `${min} = ${uiText(ends[0])}`));
    labels.append(el("span", { class: "scale-end-high" }, `${max} = ${uiText(ends[1])}`));
    box.setAttribute("aria-label", `${min}: ${uiText(ends[0])}, ${max}: ${uiText(ends[1])}`);
  }
  const wrap = el("div", { class: "scale-wrap" });
  wrap.append(box, labels);
  function show(value) {
    box.querySelectorAll("button").forEach((b) => {
      const n = Number(b.dataset.score);
      b.setAttribute("aria-pressed", String(n === value));
      if (stars) b.classList.toggle("lit", value !== undefined && value !== null && n <= value);
    });
  }
  return { element: wrap, show, enable: (open) => enableButtons(box, open) };
}
