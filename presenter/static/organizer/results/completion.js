// The results page's completion of self-paced surveys: how many started and finished, the median
// time to finish, and where those who did not finish stopped (a bar per question). The PDF gets
// the figures in the page's data (it makes no API call); the live page fetches them again.
import { api } from "/static/js/api.js";
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";

// [{survey, funnel}] of the event's surveys that were ever opened, or null when they cannot be read.
export async function surveyFunnels(eid) {
  try {
    const { surveys } = await api("GET", `/events/${eid}/surveys`);
    const opened = surveys.filter((s) => s.state !== "draft");
    const funnels = await Promise.all(opened.map((s) => api("GET", `/surveys/${s.id}/funnel`)));
    return opened.map((survey, i) => ({ survey, funnel: funnels[i] }));
  } catch {
    return null;
  }
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  const s = Math.round(seconds);
  if (s < 60) return t("results.completion.seconds", { n: s });
  const m = Math.floor(s / 60);
  return t("results.completion.minutes", { m, s: String(s % 60).padStart(2, "0") });
}

function figure(label, value, role, note) {
  const card = el("article", { class: "figure-card" });
  card.append(
    el("p", { class: "figure-label" }, label),
    el("p", { class: "figure-value", "data-role": role }, String(value)),
  );
  if (note) card.append(el("p", { class: "figure-note" }, note));
  return card;
}

// One bar per question: how many stopped there (the last question they reached, unfinished).
function stops(survey, funnel, questions) {
  const counts = new Map(funnel.stopped_at.map((s) => [s.position, s.count]));
  const most = Math.max(1, ...counts.values());
  const rows = el("ol", { class: "stop-bars" });
  survey.poll_ids.forEach((pollId, position) => {
    const count = counts.get(position) ?? 0;
    const row = el("li", { class: "stop-row", dataset: { position: String(position), count: String(count) } });
    const track = el("span", { class: "stop-track", "aria-hidden": "true" });
    const fill = el("span", { class: "stop-fill" });
    fill.style.width = `${(100 * count) / most}%`;
    track.append(fill);
    row.append(
      el(
        "span",
        { class: "stop-label" },
        t("results.completion.question", { n: position + 1, question: questions.get(pollId) ?? "" }),
      ),
      track,
      el("span", { class: "stop-count" }, String(count)),
    );
    rows.append(row);
  });
  return rows;
}

function surveyBlock({ survey, funnel }, questions) {
  const block = el("article", { class: "completion", dataset: { surveyId: survey.id } });
  const share = funnel.started ? Math.round((100 * funnel.finished) / funnel.started) : 0;
  const figures = el("div", { class: "figure-grid" });
  figures.append(
    figure(t("results.completion.started"), funnel.started, "completion-started"),
    figure(t("results.completion.finished"), funnel.finished, "completion-finished", `${share} %`),
    figure(t("results.completion.median"), duration(funnel.median_seconds_to_finish), "completion-median"),
  );
  block.append(el("h3", {}, survey.title), figures, el("h4", {}, t("results.completion.stopped")));
  const unfinished = funnel.started - funnel.finished;
  block.append(
    unfinished > 0
      ? stops(survey, funnel, questions)
      : el("p", { class: "muted" }, t("results.completion.none_stopped")),
  );
  return block;
}

// Draws data.surveys into the section (hidden while no survey was opened).
export function drawCompletion(section, data) {
  const list = data.surveys || [];
  section.hidden = list.length === 0;
  const questions = new Map(data.polls.map((p) => [p.id, p.question]));
  section.querySelector('[data-role="completion"]').replaceChildren(...list.map((s) => surveyBlock(s, questions)));
}
