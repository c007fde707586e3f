// The moderator console: what waits (the live poll's open answers, the audience's questions) with
// approve / hide per item and "approve all", what was handled, and the event's two moderation
// choices. It listens on the presenter socket; the projector never shows what waits here.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { connect, emitWithRetry } from "/static/js/socket.js";
import { answerRow, questionRow } from "./items.js";
import { bindKeys } from "./keys.js";

const $ = (id) => document.getElementById(id);
const root = $("console");
const socket = connect("/presenter", JSON.parse(root.dataset.auth), $("conn"));
const store = { poll: null, results: null, questions: [], moderates: { questions: true, answers: true } };

async function act(event, payload) {
  const ack = await emitWithRetry(socket, event, payload, { tries: 3 });
  $("error").textContent = ack.ok ? "" : ack.error?.message || t("audience.error");
  return ack;
}
const moderate = (payload) => act("moderate", payload);

function sync() {
  emitWithRetry(socket, "sync", {}, { tries: 2 }).then((ack) => ack.ok && applyState(ack.state));
}

function applyState(state) {
  store.poll = state.poll;
  store.results = state.results;
  store.questions = state.questions || [];
  if (state.event?.moderates) store.moderates = state.event.moderates;
  draw();
}

socket.on("state", applyState);
socket.on("poll", (message) => {
  if (message.poll?.id !== store.poll?.id) store.results = null;
  store.poll = message.poll;
  if (message.results) store.results = message.results;
  if (message.moderates) store.moderates = message.moderates; // chosen here or on the settings page
  draw();
});
socket.on("results", (results) => {
  if (store.poll && results.poll_id === store.poll.id) {
    store.results = results;
    draw();
  }
});
socket.on("questions", (message) => {
  store.questions = message.questions || [];
  draw();
});
for (const name of ["event_deleted", "access_revoked"]) {
  socket.on(name, () => {
    socket.disconnect();
    $("conn").hidden = false;
    $("conn").textContent = t(name === "event_deleted" ? "audience.event_deleted" : "presenter.link_revoked");
  });
}

// the live poll's answers with their states, when its type's answers are moderated (a wall)
function answers() {
  return store.poll?.ui.view === "wall" ? store.results?.items || [] : null;
}

function fill(list, rows, empty) {
  list.replaceChildren(...rows);
  if (!rows.length && empty) list.append(el("li", { class: "mod-empty" }, empty));
}

let drawn = "";
function draw() {
  const items = answers();
  drawWords();
  const signature = JSON.stringify([store.questions, items, store.poll?.id, store.moderates]);
  if (signature === drawn) return; // results come up to 10 times a second
  drawn = signature;
  const selected = keys.selectedKey();
  const pendingAnswers = (items || []).filter((a) => a.state === "pending");
  const pendingQuestions = store.questions.filter((q) => q.state === "pending");
  $("answers-box").hidden = items === null;
  $("answers-poll").textContent = store.poll?.question || "";
  const answerRows = (list) => [...list].reverse().map((a) => answerRow(store.poll.id, a, moderate));
  fill($("pending-answers"), answerRows(pendingAnswers), t("moderator.none_waiting"));
  fill(
    $("pending-questions"),
    pendingQuestions.map((q) => questionRow(q, moderate)),
    t("moderator.none_waiting"),
  );
  fill($("done-answers"), answerRows((items || []).filter((a) => a.state !== "pending")));
  const order = { approved: 0, answered: 1, hidden: 2 };
  const done = store.questions.filter((q) => q.state in order).sort((a, b) => order[a.state] - order[b.state]);
  fill(
    $("done-questions"),
    done.map((q) => questionRow(q, moderate)),
  );
  const waiting = pendingAnswers.length + pendingQuestions.length;
  $("waiting-count").textContent = t("moderator.waiting", { n: waiting });
  $("answers-count").textContent = pendingAnswers.length ? String(pendingAnswers.length) : "";
  $("questions-count").textContent = pendingQuestions.length ? String(pendingQuestions.length) : "";
  $("approve-all").disabled = !waiting;
  $("moderate-questions").checked = store.moderates.questions;
  $("moderate-answers").checked = store.moderates.answers;
  document.title = `${waiting ? `(${waiting}) ` : ""}${root.dataset.title}`;
  keys.restore(selected);
}

// A word cloud's filtered words: hidden on the screen unless shown here (or with H on the screen).
function drawWords() {
  const { poll, results } = store;
  $("words-box").hidden = poll?.ui.view !== "cloud";
  if (poll?.ui.view !== "cloud") return;
  const shown = Boolean(poll.settings.show_profanity);
  $("words-note").textContent = shown
    ? t("presenter.words_shown")
    : t("presenter.words_hidden", { n: results?.hidden || 0 });
  $("words-toggle").textContent = shown ? t("presenter.hide_profanity") : t("presenter.show_profanity");
}

async function toggleWords() {
  const { poll } = store;
  const show = !poll.settings.show_profanity;
  const ack = await moderate({ poll_id: poll.id, action: show ? "show_profanity" : "hide_profanity" });
  if (ack.ok) sync(); // the setting comes with the poll, which no message sends again
}

async function approveAll() {
  const pending = (answers() || []).some((a) => a.state === "pending");
  await moderate({ action: "approve_all", ...(pending ? { poll_id: store.poll.id } : {}) });
}

async function setModeration(name, on) {
  const ack = await act("settings", { [name]: on });
  if (ack.ok) sync();
  else draw();
}

const keys = bindKeys(root, approveAll);
$("approve-all").addEventListener("click", approveAll);
$("words-toggle").addEventListener("click", toggleWords);
$("moderate-questions").addEventListener("change", (e) => setModeration("moderate_questions", e.target.checked));
$("moderate-answers").addEventListener("change", (e) => setModeration("moderate_answers", e.target.checked));
