// The remote's clocks: the live poll's countdown (from the time the server says is left) and a
// talk stopwatch kept across a reload (its start is remembered in this tab).
import { t } from "/static/js/i18n.js";

const clock = (ms) => {
  const seconds = Math.floor(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  const mm = String(Math.floor((seconds % 3600) / 60));
  const ss = String(seconds % 60).padStart(2, "0");
  return hours ? `${hours}:${mm.padStart(2, "0")}:${ss}` : `${mm}:${ss}`;
};

let countdown = null;
export function drawCountdown(node, poll) {
  clearInterval(countdown);
  const left = poll?.state === "open" ? poll.remaining_ms : null;
  node.hidden = left == null;
  if (left == null) return;
  const endsAt = performance.now() + left;
  const tick = () => {
    const ms = Math.max(0, endsAt - performance.now());
    node.textContent = `${t("presenter.remote_poll_time")} ${clock(Math.ceil(ms / 1000) * 1000)}`;
    if (ms <= 0) clearInterval(countdown);
  };
  tick();
  countdown = setInterval(tick, 250);
}

const KEY = "hetki.remoteStopwatch"; // {since: epoch ms while running, banked: ms before}
export function bindStopwatch(node, toggle, reset) {
  let saved = JSON.parse(sessionStorage.getItem(KEY) || "null") || { since: null, banked: 0 };
  const elapsed = () => saved.banked + (saved.since ? Date.now() - saved.since : 0);
  const draw = () => {
    node.textContent = clock(elapsed());
    toggle.textContent = t(saved.since ? "presenter.remote_pause" : "presenter.remote_start");
  };
  const save = (next) => {
    saved = next;
    sessionStorage.setItem(KEY, JSON.stringify(saved));
    draw();
  };
  toggle.addEventListener("click", () =>
    save(saved.since ? { since: null, banked: elapsed() } : { since: Date.now(), banked: saved.banked }),
  );
  reset.addEventListener("click", () => save({ since: saved.since ? Date.now() : null, banked: 0 }));
  setInterval(draw, 500);
  draw();
}
