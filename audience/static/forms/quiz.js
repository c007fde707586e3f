// One answer against the clock: locked once sent, so the buttons stay disabled after a tap. In the
// quiz's lobby (the card's data-state) only a "you're in" note shows; once the answer is revealed
// the right option (class `correct`) says so in words, not only in colour.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { optionButton, pressOnly } from "./parts.js";

export function quiz(poll, send) {
  const wrap = el("div", { class: "quiz-form" });
  const box = el("div", { class: "options quiz-options", role: "group" });
  poll.options.forEach((o, i) => {
    const button = optionButton(
      o,
      (id) => {
        pressOnly(box, id);
        send(id);
      },
      `quiz-${i % 4}`,
    );
    button.append(el("span", { class: "right-mark" }, `✓ ${t("audience.quiz.right_answer")}`));
    box.append(button);
  });
  wrap.append(el("p", { class: "quiz-lobby-note" }, t("audience.quiz.lobby")), box);
  const answered = () => box.querySelector('[aria-pressed="true"]') !== null;
  return {
    element: wrap,
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
        if (open) b.classList.remove("correct"); // reopened: the last reveal no longer holds
      }),
  };
}
