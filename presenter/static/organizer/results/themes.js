// The results page's "What people said": each theme opens onto its quotes, each linked to where it
// was said (the poll's section or the question on this page, the reaction in the gallery). On paper
// (the report, which may be shared) only phrases and counts: no attendee's words verbatim.
import { el } from "/static/js/dom.js";
import { drawInsights, sourceName, themeHead } from "../themes.js";

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

export function drawThemes(container, insights, eid) {
  drawInsights(container, insights, (theme) => {
    const details = el("details", { class: "theme-details" });
    const summary = el("summary");
    summary.append(themeHead(theme));
    const quotes = el("ul", { class: "theme-quotes" });
    quotes.append(...theme.quotes.map((quote) => quoteItem(quote, insights, eid)));
    details.append(summary, quotes);
    return details;
  });
}
