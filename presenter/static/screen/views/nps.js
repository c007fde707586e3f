// NPS: a gauge from −100 to 100, the three groups (the server says which scores each takes in
// poll.ui.groups) with a stacked bar, and one column per score.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { percent, percentText, signed } from "/static/js/numbers.js";
import { drawColumns, scoresOf, svg } from "./parts.js";

// the group's name (a literal key, so it can be checked) and colour
const GROUPS = {
  detractors: { name: () => t("presenter.detractors"), color: "#ff5f6d" },
  passives: { name: () => t("presenter.passives"), color: "#ffc53d" },
  promoters: { name: () => t("presenter.promoters"), color: "#3ddc84" },
};

function gaugeText(attrs, text) {
  const node = svg("text", { "text-anchor": "middle", ...attrs });
  node.textContent = text;
  return node;
}

function npsGauge() {
  const gauge = svg("svg", { class: "gauge", viewBox: "0 0 220 128", role: "img" });
  const arc = (d, cls) => svg("path", { d, class: cls, pathLength: 100 });
  gauge.append(
    arc("M 22 110 A 88 88 0 0 1 198 110", "gauge-track"),
    arc("M 110 22 A 88 88 0 0 1 198 110", "gauge-value gauge-right"),
    arc("M 110 22 A 88 88 0 0 0 22 110", "gauge-value gauge-left"),
  );
  for (const angle of [-90, -45, 0, 45, 90]) {
    gauge.append(
      svg("line", { x1: 110, y1: 6, x2: 110, y2: 12, class: "gauge-tick", transform: `rotate(${angle} 110 110)` }),
    );
  }
  const marker = svg("g", { class: "gauge-marker" });
  marker.append(svg("circle", { cx: 110, cy: 22, r: 12 }));
  const number = gaugeText({ x: 110, y: 104, class: "gauge-number" }, "");
  gauge.append(
    marker,
    gaugeText({ x: 110, y: 62, class: "gauge-name" }, t("presenter.nps")),
    number,
    gaugeText({ x: 22, y: 126, class: "gauge-end" }, "−100"),
    gaugeText({ x: 198, y: 126, class: "gauge-end" }, "100"),
  );
  return {
    gauge,
    set(nps) {
      const v = nps ?? 0;
      gauge.dataset.tone = nps == null ? "none" : v < 0 ? "low" : v < 30 ? "mid" : "high";
      gauge.querySelector(".gauge-right").style.strokeDashoffset = String(100 - Math.max(0, v));
      gauge.querySelector(".gauge-left").style.strokeDashoffset = String(100 - Math.max(0, -v));
      marker.style.transform = `rotate(${0.9 * v}deg)`;
      number.textContent = nps == null ? "–" : signed(v);
      gauge.setAttribute("aria-label", `${t("presenter.nps")} ${number.textContent}`);
    },
  };
}

function groupCard(group) {
  const card = el("div", { class: `nps-group ${group.key}`, dataset: { group: group.key } });
  card.style.setProperty("--group", GROUPS[group.key].color);
  const head = el("p", { class: "group-name" });
  head.append(
    el("span", {}, GROUPS[group.key].name()),
    el("span", { class: "group-range" }, `${group.min}–${group.max}`),
  );
  const figures = el("p", { class: "group-figures" });
  figures.append(el("span", { class: "group-share" }), el("span", { class: "group-count" }));
  card.append(head, figures);
  return card;
}

export function npsView(poll) {
  const { groups: ranges } = poll.ui;
  const scores = scoresOf(poll.ui);
  const node = el("div", { class: "nps-view" });
  const { gauge, set } = npsGauge();
  const gaugeBox = el("div", { class: "gauge-box" });
  gaugeBox.append(gauge);
  const groups = el("div", { class: "nps-groups" });
  const stack = el("div", { class: "nps-stack" });
  for (const group of ranges) {
    groups.append(groupCard(group));
    const part = el("span", { class: "stack-part", dataset: { group: group.key } });
    part.style.setProperty("--group", GROUPS[group.key].color);
    stack.append(part);
  }
  groups.append(stack);
  const columnsBox = el("div", { class: "columns-box" });
  const columns = el("div", { class: "columns nps-columns" });
  columns.style.setProperty("--n", scores.length);
  columnsBox.append(columns);
  const colorOf = (s) => GROUPS[ranges.find((g) => Number(s) >= g.min && Number(s) <= g.max).key].color;
  node.append(gaugeBox, groups, columnsBox);
  return {
    node,
    update(r) {
      const total = r?.total || 0;
      set(total ? r.nps : null);
      for (const { key } of ranges) {
        const n = r?.[key] || 0;
        const card = groups.querySelector(`[data-group="${key}"]`);
        card.querySelector(".group-share").textContent = percentText(percent(n, total));
        card.querySelector(".group-count").textContent = t("presenter.votes_n", { n });
        card.dataset.count = n;
        stack.querySelector(`[data-group="${key}"]`).style.flexGrow = String(n);
      }
      stack.classList.toggle("empty", !total);
      drawColumns(columns, scores, r?.counts || {}, total, colorOf);
    },
  };
}
