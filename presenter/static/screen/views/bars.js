// Single and multiple choice: one bar per option, in the poll's order.
import { optionRows, renderBars } from "/static/js/bars.js";
import { el } from "/static/js/dom.js";

const FLOOR_PX = 20; // an option's label read from the back of a hall

const labelSize = (node) => Number.parseFloat(getComputedStyle(node.firstElementChild).fontSize);

// On the projector: many options on a low screen go into two columns rather than below the floor;
// rows whose labels wrap and overflow the chart shrink, down to the floor.
function fit(node) {
  const host = node.parentElement;
  if (!node.firstElementChild || !host || !node.closest(".stage")) return;
  const rows = node.children.length;
  if (rows >= 5 && node.dataset.columns !== "2" && labelSize(node) < FLOOR_PX) {
    const perColumn = Math.ceil(rows / 2);
    node.style.setProperty("--rows", perColumn);
    node.dataset.columns = "2";
    node.dataset.dense = String(perColumn >= 5);
  }
  let size = labelSize(node);
  while (node.scrollHeight > host.clientHeight && size > FLOOR_PX) {
    size = Math.max(FLOOR_PX, size - 2);
    for (const row of node.children) row.style.fontSize = `${size}px`;
  }
  if (node.scrollHeight <= host.clientHeight) return;
  node.style.rowGap = "4px"; // the last pixels come from the gaps and the bars, not the type
  for (const track of node.querySelectorAll(".bar-track")) track.style.height = "10px";
}

export function barsView(poll) {
  const node = el("div", { class: "bars stage-bars" });
  let latest = null;
  const draw = () => {
    for (const row of node.children) row.style.fontSize = "";
    node.style.rowGap = "";
    for (const track of node.querySelectorAll(".bar-track")) track.style.height = "";
    renderBars(node, optionRows(poll.options, latest?.counts || {}, latest?.total || 0), { layout: true });
    fit(node);
  };
  new ResizeObserver(() => node.isConnected && draw()).observe(node);
  return {
    node,
    update(r) {
      latest = r;
      draw();
    },
  };
}
