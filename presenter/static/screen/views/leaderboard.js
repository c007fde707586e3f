// The quiz leaderboard: players by points, rows sliding in one after another when it first shows.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";

export function leaderboard() {
  const node = el("div", { class: "leaderboard-box" });
  const rows = el("ol", { class: "leaderboard" });
  const empty = el("p", { class: "view-empty" }, t("presenter.leaderboard_empty"));
  node.append(el("h2", { class: "leaderboard-title" }, t("presenter.leaderboard")), rows, empty);
  let shown = "";
  return {
    node,
    // animate: the board has just appeared; otherwise it is redrawn only when it changed
    draw(leaders, animate) {
      const signature = JSON.stringify(leaders);
      if (!animate && signature === shown) return;
      shown = signature;
      rows.replaceChildren(
        ...leaders.map((row, index) => {
          const item = el("li", { class: `leader place-${index + 1}` });
          item.style.animationDelay = animate ? `${150 + index * 140}ms` : "0ms";
          item.append(
            el("span", { class: "leader-place" }, String(index + 1)),
            el("span", { class: "leader-name" }, row.nickname),
            el("span", { class: "leader-points" }, t("presenter.points", { n: row.points })),
          );
          return item;
        }),
      );
      rows.dataset.columns = leaders.length > 5 ? "2" : "1";
      empty.hidden = leaders.length > 0;
    },
  };
}
