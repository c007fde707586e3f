// The page's strings: the server sends only the key groups this page uses, as JSON in the page
// (server/translations/<lang>.json, filtered by the template's `strings` list).
const catalogue = JSON.parse(document.getElementById("catalogue")?.textContent || "{}");
const plurals = new Intl.PluralRules(document.documentElement.lang || "en");

function format(entry, values) {
  // A plural entry is {one, other, …}: CLDR picks the form for values.n.
  const text = typeof entry === "object" ? (entry[plurals.select(values.n)] ?? entry.other) : entry;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

// The text of a key written literally at the call site (tests/unit/test_translations.py checks it).
export function t(key, values = {}) {
  return format(catalogue[key] ?? key, values);
}

// The text of a key the server sent as data (poll.ui: hint, label, total, scale ends); the test
// checks those keys by calling every poll type's ui().
export function uiText(key, values = {}) {
  return format(catalogue[key] ?? key, values);
}

// An error from an ack or an HTTP response, {code, message}: the page's language when the
// code has a string (error.<code>), else the server's message.
export function errorText(error) {
  const entry = catalogue[`error.${error?.code}`];
  return entry === undefined ? (error?.message ?? "") : format(entry, {});
}
