// The gallery's "What people said": the event's themes and the score groups' side by side. A theme
// said in reactions is a button that narrows the gallery to the reactions (or transcripts) saying
// it; one said only in answers and questions is shown without a button.
import { api } from "/static/js/api.js";
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { drawInsights, themeHead } from "./themes.js";

const IN_GALLERY = new Set(["reaction", "transcript"]);
const THEMES_MAKING_MS = 3000; // while a worker makes the themes, asked again this often

export function makeThemes(eid, changed) {
  const panel = document.getElementById("themes-panel");
  const list = document.getElementById("themes");
  const status = document.getElementById("theme-filter");
  let picked = null; // {key, phrase, ids}
  let again = null; // the next look while a worker makes the themes

  function pick(next) {
    picked = next;
    list.querySelectorAll("button.theme-pick").forEach((button) => {
      button.setAttribute("aria-pressed", String(button.dataset.theme === picked?.key));
    });
    status.hidden = !picked;
    document.getElementById("theme-filter-text").textContent = picked
      ? t("gallery.theme_filter", { phrase: picked.phrase })
      : "";
    changed();
  }

  function item(theme, context) {
    const ids = new Set(theme.sources.filter((s) => IN_GALLERY.has(s.kind)).map((s) => s.reaction_id));
    const key = `${theme.language}:${theme.lemma}`;
    if (!ids.size) {
      const plain = el("div", { class: "theme-pick is-static" });
      plain.append(themeHead(theme, "span", context));
      return plain;
    }
    const button = el("button", {
      type: "button",
      class: "theme-pick",
      title: t("themes.pick", { phrase: theme.phrase }),
      dataset: { theme: key },
      "aria-pressed": String(picked?.key === key),
    });
    button.append(themeHead(theme, "span", context));
    button.addEventListener("click", () => pick(picked?.key === key ? null : { key, phrase: theme.phrase, ids }));
    return button;
  }

  document.getElementById("theme-clear").addEventListener("click", () => pick(null));

  return {
    async load() {
      const insights = await api("GET", `/events/${encodeURIComponent(eid)}/insights`);
      panel.hidden = insights.texts === 0 && !insights.computing;
      drawInsights(list, insights, item);
      if (insights.computing && !again) {
        again = setTimeout(() => {
          again = null;
          this.load();
        }, THEMES_MAKING_MS);
      }
    },
    allows: (reactionId) => !picked || picked.ids.has(reactionId),
    active: () => Boolean(picked),
  };
}
