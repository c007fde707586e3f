// "Themes updated 2 minutes ago" under the results page's themes: a job worker remakes them as
// people write (server/domain/insights.py), so the organizer sees how fresh they are. `made_at` is
// the server's clock; a browser clock ahead of it reads "just now", never a time in the future.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";

const TICK_MS = 30_000;
const STEPS = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];
let ticking = false;

function ago(madeAt, now = Date.now()) {
  const elapsed = Math.max(0, now - madeAt);
  const [unit, size] = STEPS.find(([, ms]) => elapsed >= ms) || [];
  if (!unit) return t("themes.updated_now");
  const words = new Intl.RelativeTimeFormat(document.documentElement.lang || "en", { numeric: "auto" });
  return t("themes.updated", { ago: words.format(-Math.floor(elapsed / size), unit) });
}

function say(line) {
  const madeAt = Number(line.dataset.madeAt);
  line.hidden = !madeAt;
  if (madeAt) line.textContent = ago(madeAt) + (line.dataset.computing === "1" ? ` · ${t("themes.updating")}` : "");
}

export function drawThemesAge(container, insights) {
  let line = container.parentElement.querySelector(".themes-updated");
  if (!line) {
    line = el("p", { class: "themes-updated muted small no-print", role: "status" });
    container.after(line);
  }
  line.dataset.madeAt = insights.made_at ?? "";
  line.dataset.computing = insights.computing ? "1" : "0";
  say(line);
  if (!ticking) setInterval(() => say(line), TICK_MS);
  ticking = true;
}
