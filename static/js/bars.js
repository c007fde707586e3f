// The one bar renderer, used by the phone and the presenter screen.
import { el } from "./dom.js";

// Draws (or updates in place, so widths animate) one bar per option.
export function renderBars(container, options, counts, total) {
  const max = Math.max(1, ...options.map((o) => counts[o.id] || 0));
  options.forEach((option, index) => {
    let row = container.querySelector(`[data-option="${CSS.escape(option.id)}"]`);
    if (!row) {
      row = el("div", { class: `bar-row color-${index % 8}`, dataset: { option: option.id } });
      row.append(el("span", { class: "bar-label" }, option.text),
        el("span", { class: "bar-track" }), el("span", { class: "bar-value" }));
      row.querySelector(".bar-track").append(el("span", { class: "bar-fill" }));
      container.append(row);
    }
    const count = counts[option.id] || 0;
    const percent = total ? Math.round((100 * count) / total) : 0;
    row.querySelector(".bar-fill").style.width = `${(100 * count) / max}%`;
    row.querySelector(".bar-value").textContent = `${count} · ${percent}%`;
    row.dataset.count = count;
  });
}
