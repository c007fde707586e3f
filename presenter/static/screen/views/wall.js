// Open answers: a wall of cards, newest first; with moderation only the approved ones.
import { el } from "/static/js/dom.js";
import { flip, placeAt, positions } from "/static/js/flip.js";
import { t } from "/static/js/i18n.js";
import { accentOf } from "./parts.js";

const WALL_SIZE = 60; // more answer cards than any screen holds

function card(item, entering) {
  const node = el("article", { class: entering ? "wall-card entering" : "wall-card", dataset: { id: item.id } });
  // a moved node replays its CSS animation: the entrance is played once
  node.addEventListener("animationend", () => node.classList.remove("entering"), { once: true });
  node.style.setProperty("--accent", accentOf(item.id));
  node.append(el("p", { class: "wall-text" }, item.text));
  return node;
}

export function wallView() {
  const node = el("div", { class: "wall" });
  const empty = el("p", { class: "view-empty" }, t("presenter.wall_empty"));
  const outer = el("div", { class: "wall-view" });
  outer.append(node, empty);
  let first = true;
  return {
    node: outer,
    update(r) {
      const shown = r?.items
        ? r.items.filter((item) => item.state === "approved")
        : (r?.answers || []).map((text, i) => ({ id: `a${i}`, text }));
      shown.reverse(); // newest first
      shown.length = Math.min(shown.length, WALL_SIZE);
      const before = positions(node);
      const keep = new Set();
      shown.forEach((item, index) => {
        const existing = node.querySelector(`:scope > [data-id="${CSS.escape(item.id)}"]`);
        const next = existing || card(item, !first);
        keep.add(next);
        placeAt(node, next, index);
      });
      for (const old of [...node.children]) if (!keep.has(old)) old.remove();
      node.dataset.size = shown.length <= 2 ? "xl" : shown.length <= 4 ? "l" : shown.length <= 9 ? "m" : "s";
      empty.hidden = shown.length > 0;
      flip(node, before);
      first = false;
    },
  };
}
