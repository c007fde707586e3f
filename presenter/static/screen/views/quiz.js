// The quiz: in its lobby who is in (no clock yet); while open a countdown and the answer tiles (no
// counts); once closed the distribution with the right answer marked, then after a moment the
// leaderboard (L switches between the two).
import { optionRows, renderBars } from "/static/js/bars.js";
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { leaderboard } from "./leaderboard.js";
import { svg } from "./parts.js";

const LEADERBOARD_AFTER_MS = 4000;

function countdown() {
  const node = el("div", { class: "countdown-box" });
  const ring = svg("svg", { class: "ring", viewBox: "0 0 120 120", "aria-hidden": "true" });
  ring.append(
    svg("circle", { cx: 60, cy: 60, r: 52, class: "ring-track" }),
    svg("circle", { cx: 60, cy: 60, r: 52, class: "ring-fill", pathLength: 100, transform: "rotate(-90 60 60)" }),
  );
  const seconds = el("span", { class: "ring-seconds", role: "timer" });
  const dial = el("div", { class: "ring-box" });
  dial.append(ring, seconds);
  const answered = el("p", { class: "quiz-answered" });
  const timeUp = el("p", { class: "quiz-timeup", hidden: "" }, t("presenter.time_up"));
  node.append(dial, answered, timeUp);
  return {
    node,
    answered(n) {
      answered.textContent = t("presenter.answers_n", { n });
    },
    show(left, limit) {
      seconds.textContent = left > 0 ? String(Math.ceil(left / 1000)) : "0";
      ring.querySelector(".ring-fill").style.strokeDashoffset = String(100 - (100 * left) / limit);
      node.dataset.urgent = left <= 5000 ? "true" : "false";
      timeUp.hidden = left > 0;
    },
  };
}

// The lobby: players join with a nickname before the first question's clock starts.
function lobby() {
  const node = el("div", { class: "quiz-lobby" });
  const count = el("p", { class: "lobby-count", role: "status" });
  const names = el("ul", { class: "lobby-names" });
  node.append(el("h2", { class: "lobby-title" }, t("presenter.lobby_title")), count, names);
  return {
    node,
    draw(players) {
      const total = players?.total || 0;
      count.textContent = t("presenter.lobby_players", { n: total });
      names.replaceChildren(...(players?.names || []).map((name) => el("li", { class: "lobby-name" }, name)));
      const more = total - (players?.names?.length || 0);
      if (more > 0) names.append(el("li", { class: "lobby-more" }, t("presenter.lobby_more", { n: more })));
    },
  };
}

function tiles(options) {
  const list = el("ol", { class: "quiz-tiles" });
  options.forEach((option, index) => {
    const tile = el("li", { class: `quiz-tile quiz-${index % 4}`, dataset: { option: option.id } });
    tile.append(
      el("span", { class: "tile-letter" }, String.fromCharCode(65 + (index % 26))),
      el("span", { class: "tile-text" }, option.text),
    );
    list.append(tile);
  });
  list.dataset.count = String(options.length);
  return list;
}

// host.phaseChanged(phase or null) lets the screen follow the phase (controls, CSS); host.autoBoard
// false keeps a closed quiz on its answer instead of switching to the leaderboard after a moment.
export function quizView(poll, host) {
  const node = el("div", { class: "quiz-view" });
  const live = el("div", { class: "quiz-live" });
  const clock = countdown();
  live.append(clock.node, tiles(poll.options));
  const bars = el("div", { class: "bars stage-bars quiz-bars" });
  const board = leaderboard();
  const room = lobby();
  node.append(room.node, live, bars, board.node);

  let current = poll;
  let latest = null;
  let endAt = null;
  let frame = null;
  let phase = null;
  let phaseTimer = null;

  function setPhase(next) {
    phase = next;
    node.dataset.phase = next;
    room.node.hidden = next !== "lobby";
    live.hidden = next !== "live";
    bars.hidden = next !== "answer";
    board.node.hidden = next !== "board";
    if (next === "board") board.draw(latest?.leaderboard || [], true);
    if (next === "lobby") room.draw(latest?.players);
    host.phaseChanged(next);
  }

  function tick() {
    frame = null;
    if (phase !== "live" || endAt == null) return;
    const left = Math.max(0, endAt - performance.now());
    clock.show(left, current.settings.time_limit * 1000);
    if (left > 0) frame = requestAnimationFrame(tick);
  }

  function drawAnswer() {
    const correct = latest?.correct || current.settings.correct;
    const rows = optionRows(current.options, latest?.counts || {}, latest?.total || 0);
    for (const row of rows) {
      const right = row.key === correct;
      row.label = `${right ? "✓ " : ""}${row.label}`;
      row.className = right ? "correct" : "wrong";
    }
    renderBars(bars, rows, { layout: true });
  }

  return {
    node,
    setPoll(next) {
      const was = current.state;
      current = next;
      if (next.state === "lobby") {
        clearTimeout(phaseTimer);
        setPhase("lobby");
      } else if (next.state === "open") {
        if (next.remaining_ms != null) endAt = performance.now() + next.remaining_ms;
        clearTimeout(phaseTimer);
        if (phase !== "live") setPhase("live");
        if (!frame) frame = requestAnimationFrame(tick);
      } else if (phase === null || phase === "live" || phase === "lobby" || was !== next.state) {
        setPhase(next.state === "closed" ? "answer" : "live");
        clearTimeout(phaseTimer);
        // a host that shows the leaderboard itself (the results page) keeps the answer in view
        if (next.state === "closed" && host.autoBoard !== false) {
          phaseTimer = setTimeout(() => phase === "answer" && setPhase("board"), LEADERBOARD_AFTER_MS);
        }
      }
    },
    update(r) {
      latest = r;
      clock.answered(r?.total || 0);
      if (phase === "answer") drawAnswer();
      if (phase === "board") board.draw(latest?.leaderboard || [], false);
      if (phase === "lobby") room.draw(r?.players);
    },
    toggleBoard() {
      if (phase === "live" || phase === "lobby" || phase === null) return;
      clearTimeout(phaseTimer);
      setPhase(phase === "board" ? "answer" : "board");
      if (phase === "answer") drawAnswer();
    },
    destroy() {
      cancelAnimationFrame(frame);
      clearTimeout(phaseTimer);
      host.phaseChanged(null);
    },
  };
}
