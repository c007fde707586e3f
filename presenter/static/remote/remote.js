// The remote: the presenter link on a phone. It sends the screen's own actions over the presenter
// socket (open, close, reveal; the screen follows the live poll) and asks every screen of the event
// to hide or show its results (`screen`); it shows the live poll, its answers, who joined, what
// waits for moderation, the poll's countdown and a talk stopwatch.
import { t, uiText } from "/static/js/i18n.js";
import { connect, emitWithRetry } from "/static/js/socket.js";
import { bindStopwatch, drawCountdown } from "./timers.js";

const $ = (id) => document.getElementById(id);
const root = $("remote");
const socket = connect("/presenter", JSON.parse(root.dataset.auth), $("conn"));
const store = { polls: [], poll: null, results: null, questions: [], participants: 0, screenHidden: false };
const STATES = {
  draft: "presenter.state.draft",
  open: "presenter.state.open",
  closed: "presenter.state.closed",
  lobby: "presenter.state.lobby",
};

async function act(event, payload) {
  const ack = await emitWithRetry(socket, event, payload, { tries: 3 });
  $("hint").textContent = ack.ok ? "" : ack.error?.message || t("audience.error");
  return ack;
}

function pending() {
  const items = store.poll?.ui.view === "wall" ? store.results?.items || [] : [];
  return [...store.questions, ...items].filter((item) => item.state === "pending").length;
}

function draw() {
  const { poll, results } = store;
  root.dataset.state = poll ? poll.state : "none";
  $("question").textContent = poll ? poll.question : t("presenter.no_poll");
  $("poll-state").textContent = poll ? uiText(STATES[poll.state] || "") : "";
  const total = results?.total ?? 0;
  // the screen's word beside the figure ("3 votes", "3 answers"), as its total line
  $("answers").textContent = poll
    ? `${total} ${uiText(poll.ui.total_key, { n: total })}`
    : t("presenter.remote_answers", { n: 0 });
  $("answers").dataset.n = String(total);
  $("joined").textContent = t("presenter.joined_n", { n: store.participants });
  $("joined").dataset.n = String(store.participants);
  $("pending-badge").textContent = String(pending());
  $("toggle-open").textContent = poll?.state === "open" ? t("presenter.close") : t("presenter.open");
  $("toggle-reveal").textContent = poll?.revealed ? t("presenter.hide") : t("presenter.reveal");
  $("toggle-reveal").setAttribute("aria-pressed", String(Boolean(poll?.revealed)));
  $("toggle-reveal").disabled = !poll;
  $("toggle-screen").textContent = t(
    store.screenHidden ? "presenter.screen_results_show" : "presenter.screen_results_hide",
  );
  $("toggle-screen").setAttribute("aria-pressed", String(store.screenHidden));
  const index = poll ? store.polls.findIndex((p) => p.id === poll.id) : -1;
  $("prev").disabled = index <= 0;
  $("next").disabled = !store.polls.length || index >= store.polls.length - 1;
  drawCountdown($("countdown"), poll);
}

function showPoll(poll, results) {
  if (poll?.id !== store.poll?.id) store.results = null;
  store.poll = poll;
  if (results) store.results = results;
  draw();
}

socket.on("state", (state) => {
  store.polls = state.polls;
  store.questions = state.questions || [];
  showPoll(state.poll, state.results);
});
socket.on("poll", (message) => {
  store.polls = message.polls;
  showPoll(message.poll, message.results);
});
socket.on("polls", (message) => {
  store.polls = message.polls;
  draw();
});
socket.on("results", (next) => {
  if (next.poll_id !== store.poll?.id) return;
  store.results = next;
  draw();
});
socket.on("questions", (message) => {
  store.questions = message.questions || [];
  draw();
});
socket.on("participants", (message) => {
  store.participants = message.count;
  draw();
});
socket.on("screen", (message) => {
  store.screenHidden = message.results_hidden;
  draw();
});
for (const gone of ["event_deleted", "access_revoked"]) {
  socket.on(gone, () => {
    socket.disconnect();
    $("question").textContent = gone === "event_deleted" ? t("audience.event_deleted") : t("presenter.link_revoked");
  });
}

function openAt(offset) {
  const { polls, poll } = store;
  const index = poll ? polls.findIndex((p) => p.id === poll.id) : -1;
  const target = polls[Math.min(polls.length - 1, Math.max(0, index + offset))];
  if (target) act("open", { poll_id: target.id });
}

$("prev").addEventListener("click", () => openAt(-1));
$("next").addEventListener("click", () => openAt(store.poll ? 1 : 0));
$("toggle-open").addEventListener("click", () => {
  const { poll, polls } = store;
  if (poll?.state === "open") act("close", { poll_id: poll.id });
  else if (poll || polls.length) act("open", { poll_id: (poll || polls[0]).id });
});
$("toggle-reveal").addEventListener("click", () => {
  if (store.poll) act("reveal", { poll_id: store.poll.id, revealed: !store.poll.revealed });
});
$("toggle-screen").addEventListener("click", async () => {
  const ack = await act("screen", { results_hidden: !store.screenHidden });
  if (ack.ok) store.screenHidden = !store.screenHidden;
  draw();
});
bindStopwatch($("stopwatch"), $("stopwatch-toggle"), $("stopwatch-reset"));
draw();
