// The attendee's phone: the live poll and its answer form, revealed results, quiz standing, Q&A.
import { announce } from "/static/js/announce.js";
import { el } from "/static/js/dom.js";
import { errorText, t } from "/static/js/i18n.js";
import { connect, emitWithRetry, randomId } from "/static/js/socket.js";
import { drawNotice } from "./draw.js";
import { FORMS, hintFor } from "./forms/index.js";
import { voteOutbox } from "./outbox.js";
import { questionsPanel } from "./questions.js";
import { reactionsPanel } from "./reactions.js";
import { drawResults } from "./results_view.js";
import { updatePanel } from "./update.js";
import { surveyPanel } from "./survey/survey.js";

const app = document.getElementById("app");
const waiting = document.getElementById("waiting");
const template = document.getElementById("poll-template");
const socket = connect("/audience", { code: app.dataset.code }, document.getElementById("conn"));
const qa = questionsPanel(socket, document.getElementById("qa"), ended);
const reactions = reactionsPanel(document.getElementById("reactions"), app.dataset.code, app.dataset.title);
const news = updatePanel(document.getElementById("update"), app.dataset.code); // "you said, we did"
const outbox = voteOutbox(socket, app.dataset.code, { onAck: voteAnswered, onWait: voteWaiting });
drawNotice(socket, app, app.dataset.code);
const survey = surveyPanel(socket, app, app.dataset.code, () => !poll && show(null)); // while no poll is live

let poll = null; // the live poll as the server sent it
let card = null; // its rendered card
let form = null; // its answer form
let results = null; // revealed results for it, if any
let nickname = null;
let standing = null; // {points, total, rank} for the current quiz question
let countdown = null;
const myVotes = {}; // poll id -> my last acknowledged value
const myAnswers = {}; // poll id -> {id, state} of my open answer: its client_vote_id and moderation
let moderatesAnswers = true; // the event's choice: open answers wait for the presenter's approval

socket.on("state", (state) => {
  nickname = state.nickname;
  standing = state.quiz;
  if (state.poll && state.vote !== null) myVotes[state.poll.id] = state.vote;
  else if (state.poll) delete myVotes[state.poll.id]; // reset while this phone was away
  if (state.poll && state.vote_id) myAnswers[state.poll.id] = { id: state.vote_id, state: state.vote_state };
  moderatesAnswers = state.event?.moderation?.answers ?? moderatesAnswers;
  qa.setState(state);
  reactions.setState(state.reactions);
  survey.setState(state.survey);
  news.setState(state.update);
  show(state.poll, state.results, true);
  outbox.resume(state); // after the poll is drawn: a vote made offline goes out now, once
});
socket.on("poll", (message) => show(message.poll, message.results));
socket.on("results", (message) => {
  if (poll && message.poll_id === poll.id) {
    results = message;
    drawResults(part("results"), poll, results);
  }
});
socket.on("questions", (message) => qa.setQuestions(message.questions));
// every phone hears it; only the author's knows the answer's id
socket.on("answer_moderated", (message) => {
  const mine = myAnswers[message.poll_id];
  if (mine?.id !== message.answer_id) return;
  mine.state = message.state;
  if (poll?.id !== message.poll_id || !card) return;
  delete part("status").dataset.kind;
  drawState();
  announce(part("status").textContent);
});
socket.on("reactions", (settings) => reactions.setOpen(settings));
socket.on("event_deleted", ended);
socket.on("connect_error", (error) => {
  if (error.data?.code === "event_not_found") ended(); // erased while this phone was away
});

// The event was erased: the page says so and offers nothing more to fill in or send.
function ended() {
  socket.disconnect();
  document.getElementById("conn").hidden = true;
  for (const part of document.querySelectorAll("#qa, #reactions")) part.remove();
  app.replaceChildren(el("section", { class: "card ended" }, t("audience.event_deleted")));
  announce(t("audience.event_deleted"));
}

function part(role) {
  return card.querySelector(`[data-role="${role}"]`);
}

function show(nextPoll, nextResults, fromState = false) {
  const samePoll = poll && nextPoll && poll.id === nextPoll.id;
  const wasOpen = poll?.state === "open";
  const reset = samePoll && nextPoll.round !== poll.round; // the presenter reset it: every answer is gone
  const started = samePoll && poll.state === "lobby" && nextPoll.state !== "lobby"; // the question arrives now
  if (reset) delete myVotes[nextPoll.id];
  poll = nextPoll;
  news.setPoll(poll);
  results = nextResults || null;
  if (!poll) {
    card = null;
    stopCountdown();
    if (!survey.draw()) app.replaceChildren(waiting);
    return;
  }
  if (!samePoll || !card || reset || started || (poll.ui.scored && !form && nickname)) build();
  if (poll.ui.scored && poll.state === "closed" && wasOpen && !fromState) refreshStanding();
  drawState();
  drawResults(part("results"), poll, results);
  if (!samePoll || started) arrived();
  else if (wasOpen && poll.state === "closed") announce(t("audience.closed"));
}

// A new live poll: focus goes to its question, unless the attendee is typing elsewhere (a question
// for the Q&A, a reaction), whom the announcement alone tells.
function arrived() {
  announce(t("audience.new_poll", { question: poll.question }));
  const active = document.activeElement;
  if (active?.matches("input, textarea") && !app.contains(active)) return;
  part("question").focus();
}

function build() {
  card = template.content.firstElementChild.cloneNode(true);
  card.dataset.type = poll.type;
  app.replaceChildren(card);
  part("question").textContent = poll.question;
  part("hint").textContent = hintFor(poll);
  form = null;
  if (poll.ui.scored && !nickname) {
    part("form").replaceChildren(nicknameForm());
    return;
  }
  form = FORMS[poll.ui.form](poll, send);
  part("form").replaceChildren(form.element);
}

function nicknameForm() {
  const box = el("form", { class: "nickname-form stack" });
  const input = el("input", {
    name: "nickname",
    maxlength: "30",
    autocomplete: "nickname",
    required: "",
    "aria-label": t("audience.nickname"),
    placeholder: t("audience.nickname"),
  });
  const error = el("p", { class: "error", role: "alert" });
  box.append(
    el("p", {}, t("audience.nickname_prompt")),
    input,
    error,
    el("button", { class: "btn btn-primary", type: "submit" }, t("audience.nickname_save")),
  );
  box.addEventListener("submit", async (event) => {
    event.preventDefault();
    const ack = await emitWithRetry(socket, "nickname", { nickname: input.value });
    if (!ack.ok) {
      error.textContent = errorText(ack.error);
      return;
    }
    nickname = ack.nickname;
    build();
    drawState();
    part("question").focus(); // the nickname form that had focus is gone
  });
  return box;
}

function send(value) {
  status(t("audience.sending"), "sending");
  outbox.send({ poll_id: poll.id, value, client_vote_id: randomId() });
}

function voteWaiting(vote) {
  if (poll?.id === vote.poll_id && card) status(t("audience.retrying"), "waiting");
}

// What the status line says of an answer received: locked, waiting for approval, hidden, or received.
function receivedText() {
  if (poll.ui.locked) return t("audience.locked_in");
  if (!poll.ui.moderated_answers) return t("audience.voted");
  const state = myAnswers[poll.id]?.state || (moderatesAnswers ? "pending" : "approved");
  if (state === "pending") return t("audience.answer_waiting");
  return state === "hidden" ? t("audience.answer_hidden") : t("audience.voted");
}

function voteAnswered(vote, ack) {
  if (ack.ok) {
    myVotes[vote.poll_id] = vote.value;
    myAnswers[vote.poll_id] = { id: vote.client_vote_id }; // a changed answer waits again
  }
  if (poll?.id !== vote.poll_id || !card) return;
  const said = ack.ok ? receivedText() : `${t("audience.error")}: ${errorText(ack.error)}`;
  status(ack.ok ? `✓ ${said}` : said, ack.ok ? "ok" : "error");
  announce(said);
  drawState();
}

function status(text, kind) {
  const node = part("status");
  node.textContent = text;
  node.dataset.kind = kind;
}

function drawState() {
  const open = poll.state === "open";
  const mine = myVotes[poll.id];
  const sending = outbox.pending(poll.id);
  card.dataset.state = poll.state;
  part("state").textContent = open ? "" : t("audience.closed");
  part("hint").textContent = open ? hintFor(poll) : ""; // no "Tap your answer" once closed
  if (form) {
    form.show(sending ? sending.value : mine);
    form.enable(open);
  }
  const node = part("status");
  if (mine !== undefined && !sending && node.dataset.kind !== "error") {
    const hidden = myAnswers[poll.id]?.state === "hidden";
    status(hidden ? receivedText() : `✓ ${receivedText()}`, hidden ? "hidden" : "ok");
  }
  if (sending && open && !node.dataset.kind) status(t("audience.retrying"), "waiting"); // kept from offline
  if (!open && mine === undefined) status("", "");
  node.dataset.hint = open && !poll.ui.locked ? t("audience.change_hint") : "";
  drawCountdown();
  drawQuizOutcome();
}

function drawCountdown() {
  stopCountdown();
  const bar = part("countdown");
  if (poll.state !== "open" || poll.remaining_ms === null || poll.remaining_ms === undefined) {
    bar.hidden = true;
    return;
  }
  bar.hidden = false;
  const total = poll.settings.time_limit * 1000;
  const endsAt = performance.now() + poll.remaining_ms; // the server's remaining time, not its clock
  const tick = () => {
    const left = Math.max(0, endsAt - performance.now());
    bar.querySelector(".countdown-fill").style.width = `${(100 * left) / total}%`;
    bar.querySelector(".countdown-seconds").textContent = String(Math.ceil(left / 1000));
    if (left <= 0) {
      stopCountdown();
      form?.enable(false);
    }
  };
  tick();
  countdown = setInterval(tick, 200);
}

function stopCountdown() {
  if (countdown) clearInterval(countdown);
  countdown = null;
}

async function refreshStanding() {
  const ack = await emitWithRetry(socket, "sync", {}, { tries: 3 });
  if (ack.ok) {
    standing = ack.state.quiz;
    if (poll) drawQuizOutcome();
  }
}

function drawQuizOutcome() {
  const box = part("quiz-outcome");
  if (!poll.ui.scored || poll.state !== "closed" || !standing) {
    box.hidden = true;
    return;
  }
  const mine = myVotes[poll.id];
  const right = mine !== undefined && mine === poll.settings.correct;
  box.hidden = false;
  box.dataset.right = String(right);
  box.replaceChildren(
    el(
      "p",
      { class: "outcome-title" },
      mine === undefined ? t("audience.quiz.no_answer") : right ? t("audience.quiz.right") : t("audience.quiz.wrong"),
    ),
    el("p", { class: "outcome-points" }, t("audience.quiz.points", { n: standing.points ?? 0 })),
    el(
      "p",
      { class: "muted" },
      standing.rank
        ? t("audience.quiz.rank", { rank: standing.rank, total: standing.total })
        : t("audience.quiz.no_rank"),
    ),
  );
  part("form")
    .querySelectorAll("[data-option]")
    .forEach((b) => {
      b.classList.toggle("correct", b.dataset.option === poll.settings.correct);
    });
}
