// The one bar renderer, used by the phone's results and the presenter screen's bar views.
import { el } from "./dom.js";
import { flip, placeAt, positions } from "./flip.js";
import { percent } from "./numbers.js";

// The usual rows for options: bar length relative to the most chosen, "count · share%" as value.
// An option's image comes as a thumbnail; its text shows only when it is a caption, not the alt
// text again (the thumbnail already says that).
export function optionRows(options, counts, total) {
  const max = Math.max(1, ...options.map((o) => counts[o.id] || 0));
  return options.map((option, index) => {
    const count = counts[option.id] || 0;
    return {
      key: option.id,
      label: option.src && option.text === option.alt ? "" : option.text,
      image: option.src ? { src: option.src, alt: option.alt ?? "" } : undefined,
      count,
      share: count / max,
      color: index,
      text: `${count} · ${percent(count, total)}%`,
    };
  });
}

function barRow(key) {
  const row = el("div", { class: "bar-row", dataset: { option: key } });
  row.append(
    el("span", { class: "bar-label" }),
    el("span", { class: "bar-track" }),
    el("span", { class: "bar-value" }),
  );
  row.querySelector(".bar-track").append(el("span", { class: "bar-fill" }));
  return row;
}

// The row's thumbnail: made, changed or taken away as row.image ({src, alt} or none) says.
function thumbnail(node, image) {
  let img = node.querySelector(":scope > .bar-thumb");
  if (!image) return img?.remove();
  if (!img) {
    img = el("img", { class: "bar-thumb", loading: "lazy", decoding: "async" });
    node.prepend(img);
  }
  if (img.getAttribute("src") !== image.src) img.src = image.src;
  img.alt = image.alt;
}

// Draws, or updates in place so widths ease, one bar per row {key, label, count, share 0..1, text,
// color, className?, image?: {src, alt}}. ordered: rows move to the given order (FLIP-animated);
// layout: the container gets --rows, data-columns and data-dense for the big screen's one- or
// two-column grid.
export function renderBars(container, rows, { ordered = false, layout = false } = {}) {
  const before = ordered ? positions(container) : null;
  const keep = new Set();
  rows.forEach((row, index) => {
    let node = container.querySelector(`:scope > [data-option="${CSS.escape(row.key)}"]`);
    if (!node) {
      node = barRow(row.key);
      container.append(node);
    }
    keep.add(node);
    node.className = `bar-row color-${row.color % 8}${row.className ? ` ${row.className}` : ""}`;
    node.classList.toggle("has-image", Boolean(row.image));
    thumbnail(node, row.image);
    node.querySelector(".bar-label").textContent = row.label;
    node.querySelector(".bar-fill").style.width = `${100 * row.share}%`;
    node.querySelector(".bar-value").textContent = row.text;
    node.dataset.count = row.count;
    if (ordered) placeAt(container, node, index);
  });
  for (const node of [...container.children]) if (!keep.has(node)) node.remove();
  if (layout) {
    const columns = rows.length > 8 ? 2 : 1;
    const perColumn = Math.ceil(rows.length / columns);
    container.style.setProperty("--rows", perColumn);
    container.dataset.columns = String(columns);
    container.dataset.dense = String(perColumn >= 5); // one line per label, or the rows overflow
  }
  if (ordered) flip(container, before);
}
