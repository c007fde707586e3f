// Open answers: a wall of cards; with moderation only the approved ones. On the big screen
// (a host with wallPage) it pages through every approved answer, oldest first, as many cards as fit
// at a time, with "12–28 of 140"; elsewhere it shows the newest the results carry.
import { el } from "/static/js/dom.js";
import { flip, placeAt, positions } from "/static/js/flip.js";
import { t } from "/static/js/i18n.js";
import { accentOf } from "./parts.js";

const WALL_SIZE = 60; // more answer cards than any screen holds: one page asks for this many
const ROTATE_MS = 1000 * (Number(new URLSearchParams(location.search).get("wall_seconds")) || 10);
const REFRESH_MS = 1000; // a page is asked for again at most this often while answers arrive

function card(item, entering) {
  const node = el("article", { class: entering ? "wall-card entering" : "wall-card", dataset: { id: item.id } });
  // a moved node replays its CSS animation: the entrance is played once
  node.addEventListener("animationend", () => node.classList.remove("entering"), { once: true });
  node.style.setProperty("--accent", accentOf(item.id));
  node.append(el("p", { class: "wall-text" }, item.text));
  return node;
}

function sizeOf(n) {
  return n <= 2 ? "xl" : n <= 4 ? "l" : n <= 9 ? "m" : "s";
}

export function wallView(poll, host = {}) {
  const node = el("div", { class: "wall" });
  const empty = el("p", { class: "view-empty" }, t("presenter.wall_empty"));
  // on the big screen always laid out (so the cards leave it room), shown only when paging
  const range = el("p", { class: "wall-range", hidden: "" });
  if (host.wallPage) range.hidden = false;
  const outer = el("div", { class: host.wallPage ? "wall-view wall-paged" : "wall-view" });
  outer.append(node, empty, range);
  let first = true;

  // Draws the cards in order; on the big screen those that do not fit whole go. Returns how many stay.
  function draw(items, fit) {
    const before = positions(node);
    const keep = new Set();
    items.forEach((item, index) => {
      const existing = node.querySelector(`:scope > [data-id="${CSS.escape(item.id)}"]`);
      const next = existing || card(item, !first);
      keep.add(next);
      placeAt(node, next, index);
    });
    for (const old of [...node.children]) if (!keep.has(old)) old.remove();
    node.dataset.size = sizeOf(items.length);
    if (fit) {
      const bottom = outer.getBoundingClientRect().bottom - range.offsetHeight;
      const cards = [...node.children];
      const over = cards.findIndex((c) => c.getBoundingClientRect().bottom > bottom + 0.5);
      if (over >= 0) for (const c of cards.slice(Math.max(1, over))) c.remove();
    }
    empty.hidden = items.length > 0;
    flip(node, before);
    first = false;
    return node.children.length;
  }

  // paging: the page from `start`, what it showed, a timer to the next one
  let start = 0;
  let shownEnd = 0;
  let total = 0;
  let asked = 0;
  let again = null;
  let rotate = null;

  async function fetchPage() {
    asked = performance.now();
    const ack = await host.wallPage({ poll_id: poll.id, start, count: WALL_SIZE });
    if (!ack?.ok || !outer.isConnected) return;
    total = ack.page.total;
    if (start > 0 && start >= total) {
      start = 0;
      return fetchPage();
    }
    shownEnd = start + draw(ack.page.items, true);
    range.style.visibility = shownEnd - start >= total ? "hidden" : "visible";
    range.textContent = t("presenter.wall_range", { from: start + 1, to: shownEnd, total });
  }

  function refresh() {
    if (again) return;
    const wait = Math.max(0, asked + REFRESH_MS - performance.now());
    again = setTimeout(() => {
      again = null;
      fetchPage();
    }, wait);
  }

  if (host.wallPage) {
    rotate = setInterval(() => {
      if (total <= shownEnd - start) return; // everything fits: nothing to turn to
      start = shownEnd >= total ? 0 : shownEnd;
      fetchPage();
    }, ROTATE_MS);
  }

  return {
    node: outer,
    update(r) {
      if (host.wallPage) return refresh();
      const shown = r?.items
        ? r.items.filter((item) => item.state === "approved")
        : (r?.answers || []).map((text, i) => ({ id: `a${i}`, text }));
      shown.reverse(); // newest first
      shown.length = Math.min(shown.length, WALL_SIZE);
      draw(shown, false);
    },
    destroy() {
      clearInterval(rotate);
      clearTimeout(again);
    },
  };
}
