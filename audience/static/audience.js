// The attendee's phone: shows the live poll, sends the vote, shows revealed results.
import { connect, el, emitWithRetry, randomId, renderBars, t } from "/static/js/live.js";

const app = document.getElementById("app");
const waiting = document.getElementById("waiting");
const template = document.getElementById("poll-template");
const socket = connect("/audience", { code: app.dataset.code }, document.getElementById("conn"));

let poll = null;        // the live poll as the server sent it
let card = null;        // its rendered card
let results = null;     // revealed results for it, if any
const myVotes = {};     // poll id -> my last acknowledged value
let pending = null;     // value being sent

socket.on("state", (state) => {
  if (state.poll && state.vote !== null) myVotes[state.poll.id] = state.vote;
  show(state.poll, state.results);
});
socket.on("poll", (message) => show(message.poll, message.results));
socket.on("results", (message) => {
  if (poll && message.poll_id === poll.id) { results = message; drawResults(); }
});
socket.on("event_deleted", () => {
  app.replaceChildren(el("section", { class: "card" }, t("audience.event_deleted")));
  socket.disconnect();
});

function show(nextPoll, nextResults) {
  const samePoll = poll && nextPoll && poll.id === nextPoll.id;
  poll = nextPoll;
  results = nextResults || null;
  if (!poll) { card = null; app.replaceChildren(waiting); return; }
  if (!samePoll || !card) {
    card = template.content.firstElementChild.cloneNode(true);
    app.replaceChildren(card);
    part("question").textContent = poll.question;
    drawOptions();
  }
  drawState();
  drawResults();
}

function part(role) { return card.querySelector(`[data-role="${role}"]`); }

function isMultiple() { return poll.type === "multiple"; }

function drawOptions() {
  const box = part("options");
  poll.options.forEach((option) => {
    const button = el("button", { class: "option", type: "button", "aria-pressed": "false",
      dataset: { option: option.id } }, option.text);
    button.addEventListener("click", () => choose(option.id));
    box.append(button);
  });
  const submit = part("submit");
  if (isMultiple()) {
    submit.hidden = false;
    submit.textContent = t("audience.submit");
    submit.addEventListener("click", () => send(selected()));
  }
}

function selected() {
  return [...part("options").querySelectorAll('[aria-pressed="true"]')].map((b) => b.dataset.option);
}

function choose(optionId) {
  if (poll.state !== "open") return;
  if (!isMultiple()) { send(optionId); return; }
  const button = part("options").querySelector(`[data-option="${CSS.escape(optionId)}"]`);
  const on = button.getAttribute("aria-pressed") !== "true";
  if (on && selected().length >= poll.settings.max_choices) return;
  button.setAttribute("aria-pressed", String(on));
  drawState();
}

function markChosen(value) {
  const chosen = new Set(Array.isArray(value) ? value : value ? [value] : []);
  part("options").querySelectorAll(".option").forEach((button) => {
    button.setAttribute("aria-pressed", String(chosen.has(button.dataset.option)));
  });
}

async function send(value) {
  const votedPoll = poll;
  pending = value;
  markChosen(value);
  status(t("audience.sending"), "sending");
  const ack = await emitWithRetry(socket, "vote",
    { poll_id: votedPoll.id, value, client_vote_id: randomId() },
    { onWait: () => status(t("audience.retrying"), "waiting") });
  if (pending === value) pending = null;
  if (ack.ok) myVotes[votedPoll.id] = value;
  if (poll !== votedPoll) return;
  if (ack.ok) status(`✓ ${t("audience.voted")}`, "ok");
  else { status(`${t("audience.error")}: ${ack.error.message}`, "error"); markChosen(myVotes[poll.id]); }
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
  card.dataset.state = poll.state;
  part("state").textContent = open ? "" : t("audience.closed");
  part("hint").textContent = !open ? "" : isMultiple()
    ? t("audience.choose_many", { n: poll.settings.max_choices }) : t("audience.choose_one");
  part("options").querySelectorAll(".option").forEach((button) => { button.disabled = !open; });
  if (pending === null && !(isMultiple() && open && selected().length && !sameChoice(mine))) {
    markChosen(mine);
  }
  const submit = part("submit");
  if (isMultiple()) {
    submit.hidden = !open;
    submit.disabled = selected().length === 0 || sameChoice(mine);
  }
  if (mine !== undefined && pending === null && !part("status").textContent) {
    status(`✓ ${t("audience.voted")}`, "ok");
  }
  if (!open && mine === undefined) status("", "");
  part("status").dataset.hint = open ? t("audience.change_hint") : "";
}

function sameChoice(mine) {
  if (!Array.isArray(mine)) return false;
  const now = selected();
  return now.length === mine.length && now.every((id) => mine.includes(id));
}

function drawResults() {
  const box = part("results");
  if (!results) { box.hidden = true; box.replaceChildren(); return; }
  box.hidden = false;
  if (!box.firstChild) box.append(el("h2", {}, t("audience.results")), el("div", { class: "bars" }),
    el("p", { class: "muted total" }));
  renderBars(box.querySelector(".bars"), poll.options, results.counts, results.total);
  box.querySelector(".total").textContent =
    t(results.total === 1 ? "audience.votes_one" : "audience.votes", { n: results.total });
}
