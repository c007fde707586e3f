// The controls bar: the poll picker, previous/next, open/close, reveal, reset, full screen.
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

export function drawControls() {
  const { poll } = store;
  $("toggle-open").textContent = poll?.state === "open" ? t("presenter.close") : t("presenter.open");
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
  $("prev").addEventListener("click", previous);
  $("next").addEventListener("click", next);
  $("toggle-open").addEventListener("click", toggleOpen);
  $("toggle-reveal").addEventListener("click", toggleReveal);
  $("reset").addEventListener("click", resetPoll);
  $("fullscreen").addEventListener("click", toggleFullscreen);
}
