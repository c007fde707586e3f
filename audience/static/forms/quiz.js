// One answer against the clock: locked once sent, so the buttons stay disabled after a tap.
import { el } from "/static/js/dom.js";
import { optionButton, pressOnly } from "./parts.js";

export function quiz(poll, send) {
  const box = el("div", { class: "options quiz-options", role: "group" });
  poll.options.forEach((o, i) =>
    box.append(
      optionButton(
        o,
        (id) => {
          pressOnly(box, id);
          send(id);
        },
        `quiz-${i % 4}`,
      ),
    ),
  );
  const answered = () => box.querySelector('[aria-pressed="true"]') !== null;
  return {
    element: box,
    show: (mine) => {
      pressOnly(box, mine);
      if (mine !== undefined && mine !== null)
        box.querySelectorAll("button").forEach((b) => {
          b.disabled = true;
        });
    },
    enable: (open) =>
      box.querySelectorAll("button").forEach((b) => {
        b.disabled = !open || answered();
      }),
  };
}
