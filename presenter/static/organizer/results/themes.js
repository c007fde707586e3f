// The results page's "What people said": each theme, with its share of people and how they scored,
// opens onto its quotes, each linked to where it was said (the poll's section or the question on
// this page, the reaction in the gallery); a theme can be quoted in the "You said, we did" update
// (update.js hears the `hetki:quote` event). On paper (the report) the phrases and counts, and the
// top themes with two quotes each, as attendees wrote them (set as text, never as markup).
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { drawInsights, sourceName, themeContext, themeHead } from "../themes.js";
import { drawThemesAge } from "./themes_age.js";

const PRINTED_THEMES = 5;
const PRINTED_QUOTES = 2;

function linkOf(source, eid) {
  if (source.kind === "answer") return `#poll-${source.poll_id}`;
  if (source.kind === "question") return `#question-${source.question_id}`;
  return `/events/${encodeURIComponent(eid)}/reactions#reaction-${source.reaction_id}`;
}

function quoteItem(quote, insights, eid) {
  const item = el("li", { class: "theme-quote" });
  item.append(
    el("q", {}, quote.text),
    " ",
    el("a", { class: "theme-source", href: linkOf(quote, eid) }, sourceName(quote, insights)),
  );
  return item;
}

// The quote the update takes: an answer's first (the update can then refer to its poll).
function quoteButton(theme) {
  const quote = theme.quotes.find((q) => q.kind === "answer") || theme.quotes[0];
  // the name starts with the visible words (WCAG 2.5.3), then says which of the many buttons it is
  const title = t("themes.quote_this_label", { phrase: theme.phrase });
  const button = el("button", { type: "button", class: "theme-quote-this no-print", title });
  button.append(t("themes.quote_this"), el("span", { class: "sr-only" }, `: ${theme.phrase}`));
  button.addEventListener("click", () => {
    const detail = {
      phrase: theme.phrase,
      quote: quote?.text || "",
      pollId: quote?.kind === "answer" ? quote.poll_id : null,
    };
    document.dispatchEvent(new CustomEvent("hetki:quote", { detail }));
  });
  return button;
}

function printed(insights) {
  const top = insights.themes.slice(0, PRINTED_THEMES);
  const box = el("div", { class: "themes-printed print-only" });
  if (!top.length) return box;
  const list = el("ol", { class: "themes-printed-list" });
  const context = themeContext(insights);
  for (const theme of top) {
    const item = el("li", { class: "theme-printed" });
    const quotes = el("ul", { class: "theme-quotes" });
    quotes.append(
      ...theme.quotes
        .filter((quote) => !quote.waiting) // a shared report quotes only what a moderator let through
        .slice(0, PRINTED_QUOTES)
        .map((quote) => {
          const line = el("li", { class: "theme-quote" });
          line.append(el("q", {}, quote.text), el("span", { class: "theme-source" }, sourceName(quote, insights)));
          return line;
        }),
    );
    item.append(themeHead(theme, "div", context), quotes);
    list.append(item);
  }
  box.append(el("h3", {}, t("themes.printed_title")), list);
  return box;
}

export function drawThemes(container, insights, eid) {
  const drawn = drawInsights(container, insights, (theme, context) => {
    const details = el("details", { class: "theme-details" });
    const summary = el("summary");
    summary.append(themeHead(theme, "span", context));
    const quotes = el("ul", { class: "theme-quotes" });
    quotes.append(...theme.quotes.map((quote) => quoteItem(quote, insights, eid)));
    details.append(summary, quotes);
    if (!context || !theme.quotes.length) return details;
    const wrap = el("div", { class: "theme-quotable" });
    wrap.append(details, quoteButton(theme));
    return wrap;
  });
  if (drawn) container.querySelector(".themes-overall")?.after(printed(insights));
  drawThemesAge(container, insights);
}
