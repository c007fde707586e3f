// What the organizer's pages share: the one live region, copying a link, the date of an event.
import { errorText } from "/static/js/i18n.js";

export { announce } from "/static/js/announce.js";

const lang = document.documentElement.lang || undefined;
const days = new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", year: "numeric" });

// The server's own words in English (they say exactly what to fix); the catalogue's otherwise.
export function showError(node, error) {
  node.textContent = !error ? "" : lang === "en" ? error.message : errorText(error);
}

export function dateText(ms) {
  return days.format(new Date(ms));
}

// Copies an input's value. navigator.clipboard needs a secure context, which a LAN address over
// plain HTTP is not, so the selection and execCommand are the fallback.
export async function copyFrom(input) {
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    input.select();
    document.execCommand("copy");
  }
}
