// Rating, CSAT and CES: a headline figure over one column per score. The server gives the bounds
// (poll.ui.min/max), the palette and the end labels; the colours and headline are chosen here.
import { el } from "/static/js/dom.js";
import { t, uiText } from "/static/js/i18n.js";
import { decimal, percentText } from "/static/js/numbers.js";
import { drawColumns, scaleEnds, scoresOf } from "./parts.js";

const EFFORT = ["#3ddc84", "#7ddc5a", "#b5d94a", "#ffc53d", "#ff9f43", "#ff7a59", "#ff5f6d"];

// colour of a score, and the headline: what it shows and how (the results page's headlines too)
export const PALETTES = {
  stars: {
    color: () => "#ffc53d",
    label: () => t("presenter.average"),
    sub: () => "",
    value: (r, ui) => [r?.mean == null ? "–" : decimal(r.mean), ` / ${ui.max}`],
  },
  satisfaction: {
    color: (s) => (Number(s) >= 4 ? "#3ddc84" : Number(s) === 3 ? "#a3a3c2" : "#ff5f6d"),
    label: () => t("presenter.csat"),
    sub: () => t("presenter.csat_sub"),
    value: (r) => [r?.csat == null ? "–" : percentText(r.csat), ""],
  },
  effort: {
    color: (s, ui) => EFFORT[Math.round(((Number(s) - ui.min) * (EFFORT.length - 1)) / Math.max(1, ui.max - ui.min))],
    label: () => t("presenter.ces_mean"),
    sub: () => t("presenter.ces_sub"),
    value: (r, ui) => [r?.mean == null ? "–" : decimal(r.mean), ` / ${ui.max}`],
  },
};

function starsBox(count) {
  const stars = el("div", { class: "stars", "aria-hidden": "true" });
  stars.style.setProperty("--stars", count);
  stars.append(
    el("span", { class: "stars-base" }, "★".repeat(count)),
    el("span", { class: "stars-fill" }, "★".repeat(count)),
  );
  return stars;
}

export function scaleView(poll) {
  const ui = poll.ui;
  const palette = PALETTES[ui.palette] || PALETTES.stars;
  const scores = scoresOf(ui);
  const node = el("div", { class: `scale-view scale-${poll.type}` });
  const headline = el("div", { class: "headline-box" });
  const label = el("p", { class: "headline-label" });
  const figure = el("p", { class: "headline-figure" });
  const value = el("span", { class: "headline-value" });
  const suffix = el("span", { class: "headline-suffix" });
  figure.append(value, suffix);
  const sub = el("p", { class: "headline-sub" });
  headline.append(label, figure);
  const stars = ui.palette === "stars" ? starsBox(scores.length) : null;
  if (stars) headline.append(stars);
  headline.append(sub);
  const chartBox = el("div", { class: "columns-box" });
  const columns = el("div", { class: "columns" });
  columns.style.setProperty("--n", scores.length);
  chartBox.append(columns);
  if (ui.screen_ends) chartBox.append(scaleEnds(...ui.screen_ends.map((key) => uiText(key))));
  node.append(headline, chartBox);
  return {
    node,
    update(r) {
      drawColumns(columns, scores, r?.counts || {}, r?.total || 0, (s) => palette.color(s, ui));
      label.textContent = palette.label();
      [value.textContent, suffix.textContent] = palette.value(r, ui);
      sub.textContent = palette.sub();
      if (stars) stars.querySelector(".stars-fill").style.width = `${(100 * (r?.mean || 0)) / ui.max}%`;
    },
  };
}
