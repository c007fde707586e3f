// The console's keys on a laptop: J / K move through what waits, A approves, H hides, Shift+A
// approves everything waiting. None while typing in a field.
const rows = (root) => [...root.querySelectorAll(".mod-list[data-waiting] > .mod-item")];

export function bindKeys(root, approveAll) {
  let current = null; // "question:ID" or "answer:ID" of the selected row

  const keyOf = (row) => (row.dataset.question ? `question:${row.dataset.question}` : `answer:${row.dataset.answer}`);
  function select(row) {
    for (const other of root.querySelectorAll(".mod-item.selected")) other.classList.remove("selected");
    current = row ? keyOf(row) : null;
    if (!row) return;
    row.classList.add("selected");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }
  function move(step) {
    const list = rows(root);
    if (!list.length) return;
    const index = list.findIndex((row) => keyOf(row) === current);
    select(list[Math.min(list.length - 1, Math.max(0, index === -1 ? 0 : index + step))]);
  }
  function press(action) {
    const row = rows(root).find((r) => keyOf(r) === current) || rows(root)[0];
    row?.querySelector(`button[data-action="${action}"]`)?.click();
  }

  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input:not([type=checkbox]), textarea, select")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    const actions = {
      j: () => move(1),
      arrowdown: () => move(1),
      k: () => move(-1),
      arrowup: () => move(-1),
      a: () => (event.shiftKey ? approveAll() : press("approve")),
      h: () => press("hide"),
    };
    if (!actions[key]) return;
    event.preventDefault();
    actions[key]();
  });

  return {
    selectedKey: () => current,
    // after a redraw: the same row if it still waits, else the one now in its place
    restore(key) {
      const list = rows(root);
      const same = list.find((row) => keyOf(row) === key);
      if (same || key === null) return select(same || null);
      select(list[0] || null);
    },
  };
}
