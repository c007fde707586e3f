// FLIP: children animate from where they were to where a reorder put them (they jump there when
// the person asked for reduced motion).
import { reducedMotion } from "./motion.js";

export function positions(container) {
  return new Map([...container.children].map((node) => [node, node.getBoundingClientRect()]));
}

export function flip(container, before) {
  if (reducedMotion()) return;
  for (const node of container.children) {
    const old = before.get(node);
    if (!old) continue;
    const now = node.getBoundingClientRect();
    const dx = old.left - now.left;
    const dy = old.top - now.top;
    if (dx || dy) {
      node.animate([{ transform: `translate(${dx}px, ${dy}px)` }, { transform: "none" }], {
        duration: 550,
        easing: "cubic-bezier(.2,.8,.2,1)",
      });
    }
  }
}

export function placeAt(container, node, index) {
  if (container.children[index] !== node) container.insertBefore(node, container.children[index] || null);
}
