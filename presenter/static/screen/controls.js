// The controls bar: the poll picker, previous/next, open/close, reveal, hide results on screen,
// reset, full screen.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { $, act, screen, store } from "./state.js";

export function drawPicker() {
  const { polls, poll } = store;
  const picker = $("poll-picker");
  picker.replaceChildren(...polls.map((p, i) => el("option", { value: p.id }, `${i + 1}. ${p.question}`)));
  if (!polls.length) picker.append(el("option", { value: "", disabled: "" }, t("presenter.no_polls")));
  if (poll) picker.value = poll.id;
}

// Hiding the results on this screen while voting is open (B) keeps the room from herding; phones
// follow the reveal switch as before. Kept for the tab's life, so a reload does not show them.
const HIDDEN_KEY = "hetki.screenResultsHidden";
let resultsHidden = sessionStorage.getItem(HIDDEN_KEY) === "1";

export function toggleResultsHidden() {
  resultsHidden = !resultsHidden;
  sessionStorage.setItem(HIDDEN_KEY, resultsHidden ? "1" : "0");
  drawControls();
}

function drawResultsHidden(poll) {
  const hide = resultsHidden && poll?.state === "open";
  screen.dataset.resultsHidden = String(hide);
  $("results-hidden").hidden = !hide;
  const button = $("toggle-results");
  button.textContent = t(resultsHidden ? "presenter.screen_results_show" : "presenter.screen_results_hide");
  button.setAttribute("aria-pressed", String(resultsHidden));
}

export function drawControls() {
  const { poll } = store;
  drawResultsHidden(poll);
  const lobby = poll?.state === "lobby";
  $("toggle-open").textContent =
    poll?.state === "open" ? t("presenter.close") : lobby ? t("presenter.start_quiz") : t("presenter.open");
  const picked = store.polls.find((p) => p.id === $("poll-picker").value);
  const pickedState = picked && picked.id === poll?.id ? poll.state : picked?.state; // the list may be older
  $("lobby").hidden = !picked?.ui.scored || ["open", "lobby"].includes(pickedState);
  $("toggle-reveal").textContent = poll?.revealed ? t("presenter.hide") : t("presenter.reveal");
  $("toggle-reveal").disabled = !poll;
  $("reset").disabled = !poll;
  $("leaderboard").hidden = !(poll?.ui.view === "quiz" && poll.state === "closed");
  $("leaderboard").setAttribute("aria-pressed", String(screen.dataset.quizPhase === "board"));
}

// Opens the poll `offset` places from the live one (the first one when none is live).
export function openAt(offset) {
  const { polls, poll } = store;
  if (!polls.length) return;
  const index = poll ? polls.findIndex((p) => p.id === poll.id) : -1;
  const target = polls[Math.min(polls.length - 1, Math.max(0, index + offset))];
  if (target) act("open", { poll_id: target.id });
}

export const next = () => openAt(store.poll ? 1 : 0);
export const previous = () => openAt(-1);
export function openLive() {
  if (store.poll) act("open", { poll_id: store.poll.id });
}
export function closeLive() {
  if (store.poll) act("close", { poll_id: store.poll.id });
}

// Closes the live poll, or opens the one picked in the picker.
function toggleOpen() {
  const { poll } = store;
  const picked = $("poll-picker").value;
  if (poll?.state === "open" && (!picked || picked === poll.id)) act("close", { poll_id: poll.id });
  else if (picked) act("open", { poll_id: picked });
}

export function toggleReveal() {
  if (store.poll) act("reveal", { poll_id: store.poll.id, revealed: !store.poll.revealed });
}

// A quiz question's lobby: phones pick nicknames, the screen shows who is in; Open starts the clock.
function openLobby() {
  const picked = $("poll-picker").value;
  if (picked) act("lobby", { poll_id: picked });
}

export function resetPoll() {
  const { poll } = store;
  if (!poll || !window.confirm(t("presenter.reset_confirm", { question: poll.question }))) return;
  act("reset", { poll_id: poll.id, confirm: true });
}

export function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen();
  else document.documentElement.requestFullscreen?.();
}

export function bindControls() {
  const toggle = el("button", { class: "btn", id: "toggle-results", type: "button", "aria-pressed": "false" });
  $("toggle-reveal").after(toggle);
  $("chart").after(
    el("p", { class: "results-hidden-note", id: "results-hidden", hidden: "" }, t("presenter.results_hidden")),
  );
  toggle.addEventListener("click", toggleResultsHidden);
  $("prev").addEventListener("click", previous);
  $("next").addEventListener("click", next);
  $("toggle-open").addEventListener("click", toggleOpen);
  $("lobby").addEventListener("click", openLobby);
  $("poll-picker").addEventListener("change", drawControls);
  $("toggle-reveal").addEventListener("click", toggleReveal);
  $("reset").addEventListener("click", resetPoll);
  $("fullscreen").addEventListener("click", toggleFullscreen);
}
