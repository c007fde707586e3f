// One section per poll: its question, turnout and headline, and its chart drawn by the presenter
// screen's own result view (poll.ui.view), plus what a report adds: the word list of a cloud, the
// quiz leaderboard, the moderation counts of open answers.
import { el } from "/static/js/dom.js";
import { t, uiText } from "/static/js/i18n.js";
import { percentText } from "/static/js/numbers.js";
import { VIEWS } from "/static/presenter/screen/views/index.js";
import { leaderboard } from "/static/presenter/screen/views/leaderboard.js";
import { duration, headlineOf } from "./headlines.js";

const MOST_WORDS = 60;
// What a view may tell its host: the quiz's phase. Here a closed quiz stays on its answer (the
// leaderboard has its own box below it).
const HOST = { phaseChanged() {}, autoBoard: false };
const STATES = {
  draft: () => t("presenter.state.draft"),
  open: () => t("presenter.state.open"),
  closed: () => t("presenter.state.closed"),
};

let sections = new Map(); // poll id -> section

function wordList(list, words) {
  const sorted = Object.entries(words || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const top = sorted[0]?.[1] || 1;
  list.replaceChildren(
    ...sorted.slice(0, MOST_WORDS).map(([word, n]) => {
      const item = el("li", { class: "word" });
      item.style.setProperty("--w", (n / top).toFixed(2)); // its size in the printed cloud
      item.append(el("span", { class: "word-text" }, word), el("span", { class: "word-count" }, String(n)));
      return item;
    }),
  );
  list.hidden = sorted.length === 0;
}

// What a report adds below a view's chart, by the view's name (poll.ui.view):
// extra() → {node, update?(entry), results?(results)}.
const EXTRAS = {
  cloud: () => {
    const list = el("ol", { class: "word-list", "aria-label": t("results.words") });
    return { node: list, results: (next) => wordList(list, next.words) };
  },
  quiz: () => {
    const board = leaderboard();
    const node = el("div", { class: "view-host result-board" });
    node.append(board.node);
    return { node, results: (next) => board.draw(next.leaderboard || [], false) };
  },
  wall: () => {
    const node = el("p", { class: "answer-states muted" });
    const update = (entry) => {
      const counts = entry?.answer_states || {};
      node.textContent = t("results.open_states", {
        approved: counts.approved || 0,
        pending: counts.pending || 0,
        hidden: counts.hidden || 0,
      });
    };
    return { node, update };
  },
};

// Rows a bar view draws in one column (the screen's views go to two columns past eight).
function rowsOf(poll) {
  const n = poll.options?.length || 0;
  return Math.max(2, Math.ceil(n / (n > 8 ? 2 : 1)));
}

function makeSection(poll, index, printing) {
  const node = el("article", {
    class: "card poll-section",
    id: `poll-${poll.id}`,
    dataset: { pollId: poll.id, type: poll.type },
  });
  const kicker = el("p", { class: "poll-kicker" });
  const state = el("span", { class: "state-chip" });
  kicker.append(
    el("span", { class: "poll-number" }, String(index + 1)),
    el("span", { class: "poll-type" }, uiText(poll.ui.label)),
    state,
  );
  const meta = el("p", { class: "poll-meta" });
  const headline = el("p", { class: "poll-headline" });
  const head = el("header", { class: "poll-head" });
  head.append(kicker, el("h2", { class: "poll-question" }, poll.question), meta, headline);
  const waiting = el("p", { class: "muted poll-waiting" }, t("results.not_started"));

  const name = VIEWS[poll.ui.view] ? poll.ui.view : "bars";
  const host = el("div", { class: "view-host result-chart", dataset: { view: name } });
  host.style.setProperty("--rows", rowsOf(poll));
  if (poll.options?.some((option) => option.src)) host.dataset.images = "true"; // taller rows, thumbnails
  // the printed report draws no canvas: a word cloud prints as its word list
  const view = printing && name === "cloud" ? null : VIEWS[name](poll, HOST);
  if (view) host.append(view.node);
  node.append(head, waiting, host);

  const extra = EXTRAS[name]?.() || null;
  if (extra) node.append(extra.node);
  if (printing && name === "cloud") host.hidden = true;

  let latest = null;
  return {
    node,
    poll,
    update(nextPoll, entry) {
      this.poll = nextPoll;
      state.textContent = STATES[nextPoll.state]?.() || "";
      state.dataset.state = nextPoll.state;
      const answered = entry?.answered || 0;
      const parts = [t("results.answered_n", { n: answered })];
      if (entry?.answered_share != null)
        parts.push(t("results.of_joined", { share: percentText(entry.answered_share) }));
      if (entry?.median_answer_ms != null) parts.push(t("results.median", { time: duration(entry.median_answer_ms) }));
      meta.textContent = parts.join(" · ");
      const figure = headlineOf(nextPoll, entry);
      headline.hidden = figure.inView || figure.empty;
      headline.replaceChildren(
        el("span", { class: "poll-headline-label" }, figure.label),
        el("strong", {}, figure.value),
        ...(figure.sub ? [el("span", { class: "muted" }, figure.sub)] : []),
      );
      extra?.update?.(entry);
      const unopened = nextPoll.state === "draft" && !answered;
      waiting.hidden = !unopened;
      node.classList.toggle("unopened", unopened);
      view?.setPoll?.(nextPoll);
      this.results(entry?.results || latest);
    },
    results(next) {
      if (!next) return;
      latest = next;
      view?.update(next);
      // printed (the PDF, the Print button) at any moment: no thumbnail may wait to be scrolled to
      for (const img of host.querySelectorAll('img[loading="lazy"]')) img.loading = "eager";
      extra?.results?.(next);
    },
    destroy() {
      view?.destroy?.();
    },
  };
}

// Draws the sections again when the polls changed (added, removed, moved, retyped), else updates them.
export function drawPolls(container, { polls, summary }, printing) {
  const byId = new Map(summary.polls.map((entry) => [entry.poll_id, entry]));
  const signature = polls.map((poll) => `${poll.id}:${poll.type}`).join(",");
  if (container.dataset.signature !== signature) {
    for (const section of sections.values()) section.destroy();
    sections = new Map(polls.map((poll, index) => [poll.id, makeSection(poll, index, printing)]));
    container.replaceChildren(...[...sections.values()].map((section) => section.node));
    container.dataset.signature = signature;
  }
  for (const poll of polls) sections.get(poll.id).update(poll, byId.get(poll.id));
}

// A live `results` message for one poll: its chart moves at once.
export function liveResults(results) {
  sections.get(results.poll_id)?.results(results);
}
