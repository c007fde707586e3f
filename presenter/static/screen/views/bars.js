// Single and multiple choice: one bar per option, in the poll's order.
import { optionRows, renderBars } from "/static/js/bars.js";
import { el } from "/static/js/dom.js";

export function barsView(poll) {
  const node = el("div", { class: "bars stage-bars" });
  return {
    node,
    update(r) {
      renderBars(node, optionRows(poll.options, r?.counts || {}, r?.total || 0), { layout: true });
    },
  };
}
