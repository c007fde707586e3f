// The presenter screen: big QR and code, the live question, bars that move as votes arrive.
import { connect, emitWithRetry, el, renderBars, t } from "/static/js/live.js";

const screen = document.getElementById("screen");
const $ = (id) => document.getElementById(id);
const socket = connect("/presenter", JSON.parse(screen.dataset.auth), $("conn"));

let polls = [];
let poll = null;
let lastSeq = -1;

socket.on("state", (state) => { polls = state.polls; lastSeq = -1; show(state.poll, state.results); });
socket.on("poll", (message) => { polls = message.polls; show(message.poll, message.results); });
socket.on("polls", (message) => { polls = message.polls; drawPicker(); });
socket.on("results", (results) => {
  if (!poll || results.poll_id !== poll.id) return;
  if (results.seq && results.seq <= lastSeq) return;
  lastSeq = results.seq || lastSeq;
  drawResults(results);
});
socket.on("presenter_key_revoked", async () => {
  const ack = await socket.timeout(5000).emitWithAck("sync", {}).catch(() => null);
  if (ack && !ack.ok) { $("question").textContent = t("presenter.link_revoked"); socket.disconnect(); }
});
socket.on("event_deleted", () => { $("question").textContent = t("audience.event_deleted"); socket.disconnect(); });
socket.on("connect_error", (error) => {
  if (error.data?.code) { $("question").textContent = error.data.message; }
});

function show(nextPoll, results) {
  if (!nextPoll || !poll || nextPoll.id !== poll.id) { $("chart").replaceChildren(); lastSeq = -1; }
  poll = nextPoll;
  drawPicker();
  screen.dataset.state = poll ? poll.state : "none";
  if (!poll) {
    $("question").textContent = t("presenter.no_poll");
    $("hint").textContent = t("presenter.no_poll_hint");
    $("poll-state").textContent = "";
    $("total").textContent = "0";
    drawButtons();
    return;
  }
  $("question").textContent = poll.question;
  $("hint").textContent = "";
  $("poll-state").textContent = t(`presenter.state.${poll.state}`) +
    (poll.revealed ? ` · ${t("presenter.revealed")}` : "");
  drawButtons();
  if (results) drawResults(results);
}

function drawResults(results) {
  renderBars($("chart"), poll.options, results.counts, results.total);
  $("total").textContent = String(results.total);
  $("total-word").textContent = t(results.total === 1 ? "presenter.votes_one" : "presenter.votes");
}

function drawPicker() {
  const picker = $("poll-picker");
  picker.replaceChildren(...polls.map((p, i) =>
    el("option", { value: p.id }, `${i + 1}. ${p.question}`)));
  if (!polls.length) picker.append(el("option", { value: "", disabled: "" }, t("presenter.no_polls")));
  if (poll) picker.value = poll.id;
}

function drawButtons() {
  const open = poll?.state === "open";
  $("toggle-open").textContent = open ? t("presenter.close") : t("presenter.open");
  $("toggle-reveal").textContent = poll?.revealed ? t("presenter.hide") : t("presenter.reveal");
  $("toggle-reveal").disabled = !poll;
}

async function act(event, payload) {
  const ack = await emitWithRetry(socket, event, payload, { tries: 3 });
  if (!ack.ok) $("hint").textContent = ack.error.message;
  return ack;
}

function openAt(offset) {
  if (!polls.length) return;
  const index = poll ? polls.findIndex((p) => p.id === poll.id) : -1;
  const target = polls[Math.min(polls.length - 1, Math.max(0, index + offset))];
  if (target) act("open", { poll_id: target.id });
}

function toggleOpen() {
  const picked = $("poll-picker").value;
  if (poll?.state === "open" && (!picked || picked === poll.id)) act("close", { poll_id: poll.id });
  else if (picked) act("open", { poll_id: picked });
}

function toggleReveal() { if (poll) act("reveal", { poll_id: poll.id, revealed: !poll.revealed }); }

function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen();
  else document.documentElement.requestFullscreen?.();
}

$("prev").addEventListener("click", () => openAt(-1));
$("next").addEventListener("click", () => openAt(poll ? 1 : 0));
$("toggle-open").addEventListener("click", toggleOpen);
$("toggle-reveal").addEventListener("click", toggleReveal);
$("fullscreen").addEventListener("click", toggleFullscreen);

const shortcuts = {
  n: () => openAt(poll ? 1 : 0), ArrowRight: () => openAt(poll ? 1 : 0),
  p: () => openAt(-1), ArrowLeft: () => openAt(-1),
  o: () => poll && act("open", { poll_id: poll.id }), c: () => poll && act("close", { poll_id: poll.id }),
  r: toggleReveal, f: toggleFullscreen, q: () => screen.classList.toggle("hide-join"),
};
document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
  const action = shortcuts[event.key] || shortcuts[event.key.toLowerCase()];
  if (action) { event.preventDefault(); action(); }
});
