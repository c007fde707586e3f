// Building DOM nodes; attendee text is always set as textContent, never parsed as HTML.
export function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value);
  }
  if (text !== undefined) node.textContent = text; // attendee text is never parsed as HTML
  return node;
}
