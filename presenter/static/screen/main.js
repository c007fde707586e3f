// The presenter screen: QR and code, the live poll drawn by the view its type names (poll.ui.view),
// Q&A on the big screen, and how many items wait at the moderator console (never the items).
import { t, uiText } from "/static/js/i18n.js";
import * as controls from "./controls.js";
import { drawCountdown } from "./countdown.js";
import { drawModeration, openConsole, toggleProfanity } from "./moderation.js";
import "./remote_link.js"; // the remote hides or shows the results here
import { bindShortcuts } from "./shortcuts.js";
import { $, act, on, screen, store } from "./state.js";
import { VIEWS } from "./views/index.js";
import { fitText } from "./views/parts.js";
import { drawQuestions, toggleQa } from "./views/qa.js";

const STATES = {
  draft: () => t("presenter.state.draft"),
  open: () => t("presenter.state.open"),
  closed: () => t("presenter.state.closed"),
  lobby: () => t("presenter.state.lobby"),
};

let view = null; // the live poll as drawn by its view

// what a view may tell the screen: the quiz's phase (live, answer, board) for CSS and controls
const host = {
  wallPage: (payload) => act("wall_page", payload), // the wall pages through every answer
  phaseChanged(phase) {
    if (phase) screen.dataset.quizPhase = phase;
    else delete screen.dataset.quizPhase;
    controls.drawControls();
  },
};

function show(nextPoll, nextResults) {
  const { poll } = store;
  if (!nextPoll || !poll || nextPoll.id !== poll.id || nextPoll.type !== poll.type) {
    view?.destroy?.();
    view = null;
    store.results = null;
    store.lastSeq = -1;
    $("chart").replaceChildren();
  }
  store.poll = nextPoll;
  if (nextResults) store.results = nextResults;
  drawCountdown(nextPoll);
  controls.drawPicker();
  screen.dataset.state = nextPoll ? nextPoll.state : "none";
  screen.dataset.type = nextPoll ? nextPoll.type : "none";
  if (!nextPoll) {
    $("question").textContent = t("presenter.no_poll");
    fitText($("question"));
    $("hint").textContent = ""; // the presenter's keys are in the controls, not projected
    $("poll-state").textContent = "";
    drawTotal();
    controls.drawControls();
    drawModeration();
    return;
  }
  $("question").textContent = nextPoll.question;
  fitText($("question"));
  $("hint").textContent = "";
  $("poll-state").textContent = STATES[nextPoll.state]() + (nextPoll.revealed ? ` · ${t("presenter.revealed")}` : "");
  if (!view) {
    view = (VIEWS[nextPoll.ui.view] || VIEWS.bars)(nextPoll, host);
    $("chart").append(view.node);
  }
  view.setPoll?.(nextPoll);
  drawResults();
  controls.drawControls();
}

function drawResults() {
  if (!store.poll || !view) return;
  view.update(store.results);
  drawTotal();
  drawModeration();
}

function drawTotal() {
  const { poll, results } = store;
  const total = results?.total ?? 0;
  $("total").textContent = String(total);
  $("total-word").textContent = poll ? uiText(poll.ui.total_key, { n: total }) : t("presenter.votes", { n: total });
  const hidden = poll?.ui.view === "cloud" ? results?.hidden || 0 : 0;
  $("total-extra").textContent = hidden ? ` · ${t("presenter.words_hidden", { n: hidden })}` : "";
}

function redrawQuestions() {
  drawQuestions(
    {
      spotlight: $("spotlight"),
      spotlightText: $("spotlight-text"),
      spotlightMeta: $("spotlight-meta"),
      list: $("qa-list"),
      empty: $("qa-empty"),
    },
    store.questions,
  );
  drawModeration();
}

const qa = (force) => toggleQa(screen, $("qa-view"), $("toggle-qa"), force);
function toggleLeaderboard() {
  view?.toggleBoard?.();
  controls.drawControls();
}

on("poll", show);
on("polls", controls.drawPicker);
on("results", drawResults);
on("questions", redrawQuestions);
on("error", (message) => {
  $("hint").textContent = message;
});

controls.bindControls();
// a resize or the QR panel coming or going changes the room the question has
new ResizeObserver(() => fitText($("question"))).observe($("stage"));
$("leaderboard").addEventListener("click", toggleLeaderboard);
$("toggle-qa").addEventListener("click", () => qa());
bindShortcuts({
  next: controls.next,
  previous: controls.previous,
  openLive: controls.openLive,
  closeLive: controls.closeLive,
  toggleReveal: controls.toggleReveal,
  toggleResultsHidden: controls.toggleResultsHidden,
  resetPoll: controls.resetPoll,
  toggleFullscreen: controls.toggleFullscreen,
  toggleLeaderboard,
  toggleProfanity,
  toggleQa: () => qa(),
  openConsole,
  toggleJoinPanel: () => screen.classList.toggle("hide-join"),
  dismiss: () => qa(false),
});
