// The page's strings: the server sends only the ones this page uses, as JSON in the page.
const catalogue = JSON.parse(document.getElementById("catalogue").textContent);

export function t(key, values = {}) {
  const text = catalogue[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}
