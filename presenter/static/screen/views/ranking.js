// Ranking: options sorted by Borda points, moving to their new place as votes arrive.
import { renderBars } from "/static/js/bars.js";
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";

export function rankingView(poll) {
  const node = el("div", { class: "bars stage-bars ranking-bars" });
  return {
    node,
    update(r) {
      const scores = r?.scores || {};
      const firsts = r?.counts || {};
      const max = Math.max(1, ...poll.options.map((o) => scores[o.id] || 0));
      const rows = poll.options.map((option, index) => ({
        key: option.id,
        label: option.text,
        count: scores[option.id] || 0,
        color: index,
        place: index,
        share: (scores[option.id] || 0) / max,
        text: `${t("presenter.points", { n: scores[option.id] || 0 })} · ${t("presenter.first_places", { n: firsts[option.id] || 0 })}`,
      }));
      rows.sort((a, b) => b.count - a.count || a.place - b.place);
      renderBars(node, rows, { ordered: true, layout: true });
    },
  };
}
