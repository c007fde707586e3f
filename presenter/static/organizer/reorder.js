// Reordering a list by keyboard, buttons and drag. Keyboard: on a card's handle ↑/↓ (or Alt+↑/↓
// anywhere in the card) moves it; focus stays on what was pressed. Drag: pointer events on the
// handle, so a mouse and a finger both work (HTML drag and drop does not on phones).
import { reducedMotion } from "/static/js/motion.js";

// reorderable(list, onMoved(card, position, how)): how is "key" or "drag"; position from 1.
export function reorderable(list, onMoved) {
  list.addEventListener("keydown", (key) => {
    if (key.key !== "ArrowUp" && key.key !== "ArrowDown") return;
    const onHandle = key.target.closest?.('[data-action="handle"]');
    if (!onHandle && !key.altKey) return;
    if (!onHandle && key.target.matches("input, textarea, select")) return;
    const card = key.target.closest("li.poll-card");
    if (!card || card.parentElement !== list) return;
    key.preventDefault();
    move(card, key.key === "ArrowUp" ? -1 : 1, key.target);
  });

  list.addEventListener("click", (click) => {
    const button = click.target.closest('[data-action="up"], [data-action="down"]');
    if (!button) return;
    const card = button.closest("li");
    move(card, button.dataset.action === "up" ? -1 : 1, button);
  });

  function move(card, step, focusTarget) {
    const sibling = step < 0 ? card.previousElementSibling : card.nextElementSibling;
    if (!sibling) return;
    const first = rects();
    sibling.insertAdjacentElement(step < 0 ? "beforebegin" : "afterend", card);
    animate(first);
    // An arrow button that just became disabled (top or bottom) hands focus to the handle.
    (focusTarget.disabled ? card.querySelector('[data-action="handle"]') : focusTarget).focus();
    onMoved(card, position(card), "key");
  }

  list.addEventListener("pointerdown", (down) => {
    const handle = down.target.closest('[data-action="handle"]');
    if (!handle || down.button !== 0) return;
    drag(handle.closest("li"), down);
  });

  function drag(card, down) {
    const before = [...list.children];
    const listY = (event) => event.clientY - list.getBoundingClientRect().top;
    const grab = listY(down) - card.offsetTop; // where on the card the pointer holds it
    let dragging = false;
    const moved = (event) => {
      if (!dragging && Math.abs(event.clientY - down.clientY) < 4) return;
      dragging = true;
      card.classList.add("dragging");
      // Layout positions (offsetTop, the list is positioned), not boxes: a neighbour still sliding
      // into place must not bounce the card back. A card passes a neighbour at its middle.
      const y = listY(event);
      const middle = (node) => node.offsetTop + node.offsetHeight / 2;
      const first = rects();
      let prev = card.previousElementSibling;
      let next = card.nextElementSibling;
      while (prev && y < middle(prev)) {
        prev.before(card);
        prev = card.previousElementSibling;
      }
      while (next && y > middle(next)) {
        next.after(card);
        next = card.nextElementSibling;
      }
      animate(first);
      card.style.transform = `translateY(${y - grab - card.offsetTop}px)`;
    };
    const done = (event) => {
      removeEventListener("pointermove", moved);
      removeEventListener("pointerup", done);
      removeEventListener("pointercancel", done);
      removeEventListener("keydown", onEscape);
      card.classList.remove("dragging");
      card.style.transform = "";
      card.querySelector('[data-action="handle"]').focus();
      const changed = [...list.children].some((node, index) => node !== before[index]);
      if (event && changed) onMoved(card, position(card), "drag");
    };
    const onEscape = (key) => {
      // Escape puts everything back where it was
      if (key.key !== "Escape") return;
      list.replaceChildren(...before);
      done(null);
    };
    addEventListener("pointermove", moved);
    addEventListener("pointerup", done);
    addEventListener("pointercancel", done);
    addEventListener("keydown", onEscape);
  }

  const position = (card) => [...list.children].indexOf(card) + 1;
  const rects = () => new Map([...list.children].map((node) => [node, node.getBoundingClientRect().top]));

  // FLIP: the cards that moved slide from where they were, unless motion is reduced.
  function animate(first) {
    if (reducedMotion()) return;
    for (const [node, top] of first) {
      const delta = top - node.getBoundingClientRect().top;
      if (!delta || node.classList.contains("dragging")) continue;
      node.animate([{ transform: `translateY(${delta}px)` }, { transform: "none" }], {
        duration: 180,
        easing: "ease-out",
      });
    }
  }
}
