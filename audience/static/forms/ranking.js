// Tap-to-order: tapping options in turn numbers them 1, 2, 3…; tapping a numbered one takes it out.
// Buttons, so it works by keyboard and screen reader; the order is announced in each label.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { enableButtons, optionButton, submitButton } from "./parts.js";

export function ranking(poll, send) {
  const wrap = el("div", { class: "ranking" });
  const box = el("div", { class: "options", role: "group", "aria-label": t("audience.rank_hint") });
  const submit = submitButton();
  const clear = el("button", { class: "btn btn-small", type: "button" }, t("audience.rank_clear"));
  let order = [];
  const draw = () => {
    box.querySelectorAll("[data-option]").forEach((b) => {
      const place = order.indexOf(b.dataset.option);
      b.dataset.place = place >= 0 ? String(place + 1) : "";
      b.setAttribute("aria-pressed", String(place >= 0));
      b.setAttribute("aria-label", place >= 0 ? `${place + 1}. ${b.textContent}` : b.textContent);
    });
    submit.disabled = order.length !== poll.options.length;
  };
  poll.options.forEach((o) =>
    box.append(
      optionButton(
        o,
        (id) => {
          order = order.includes(id) ? order.filter((x) => x !== id) : [...order, id];
          draw();
        },
        "rank-option",
      ),
    ),
  );
  clear.addEventListener("click", () => {
    order = [];
    draw();
  });
  submit.addEventListener("click", () => send(order));
  const actions = el("div", { class: "row-actions" });
  actions.append(clear, submit);
  wrap.append(box, actions);
  draw();
  return {
    element: wrap,
    show: (mine) => {
      if (Array.isArray(mine)) {
        order = [...mine];
        draw();
      }
    },
    enable: (open) => {
      enableButtons(box, open);
      actions.hidden = !open;
    },
  };
}
