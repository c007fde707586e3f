// A poll's time limit counting down in the stage head, from the time the server says is left
// (not this machine's clock); the server closes the poll itself. The quiz draws its own ring.
import { el } from "/static/js/dom.js";
import { $ } from "./state.js";

const URGENT_MS = 10_000;
let timer = null;

function node() {
  let clock = $("poll-timer");
  if (!clock) {
    clock = el("span", { class: "poll-timer", id: "poll-timer", role: "timer", hidden: "" });
    $("poll-state").after(clock);
  }
  return clock;
}

export function drawCountdown(poll) {
  clearInterval(timer);
  const clock = node();
  const left = poll?.state === "open" ? poll.remaining_ms : null;
  clock.hidden = left == null;
  if (left == null) return;
  const endsAt = performance.now() + left;
  const tick = () => {
    const ms = Math.max(0, endsAt - performance.now());
    const seconds = Math.ceil(ms / 1000);
    clock.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
    clock.dataset.urgent = String(ms <= URGENT_MS);
    if (ms <= 0) clearInterval(timer);
  };
  tick();
  timer = setInterval(tick, 250);
}
