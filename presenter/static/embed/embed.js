// The embeds, the overlay and the result image's page: the live poll (or one poll) drawn by the
// screen's own result views, read-only. The embeds and the overlay follow the presenter over the
// presenter socket; the image's page draws the data in its HTML and opens no socket.
import { t, uiText } from "/static/js/i18n.js";
import { connect } from "/static/js/socket.js";
import { VIEWS } from "/static/presenter/screen/views/index.js";
import { fitText } from "/static/presenter/screen/views/parts.js";

const $ = (id) => document.getElementById(id);
const root = $("embed");
const mode = root.dataset.mode; // event, poll, overlay or snapshot (a poll drawn once for its image)
const data = JSON.parse($("embed-data").textContent);
const pinned = mode === "poll" || mode === "snapshot" ? data.poll?.id : null; // one poll, or the live one

let poll = null;
let results = null;
let view = null;
let lastSeq = -1;
const host = { autoBoard: true, phaseChanged() {} }; // no wallPage: the wall shows the newest answers

function drawTotal() {
  const total = results?.total ?? 0;
  $("total").textContent = String(total);
  $("total-word").textContent = poll ? uiText(poll.ui.total_key, { n: total }) : t("presenter.votes", { n: total });
}

function show(next, nextResults) {
  if (!next || !poll || next.id !== poll.id || next.type !== poll.type) {
    view?.destroy?.();
    view = null;
    results = null;
    lastSeq = -1;
    $("chart").replaceChildren();
  }
  poll = next;
  if (nextResults) results = nextResults;
  root.dataset.state = poll ? poll.state : "none";
  $("question").textContent = poll ? poll.question : t("presenter.no_poll");
  fitText($("question"));
  if (poll && !view) {
    view = (VIEWS[poll.ui.view] || VIEWS.bars)(poll, host);
    $("chart").append(view.node);
  }
  view?.setPoll?.(poll);
  if (view) view.update(results);
  drawTotal();
}

function follow(socket) {
  // the pinned poll is drawn when it is live; otherwise its results stay as the page got them
  const wanted = (next) => !pinned || next?.id === pinned;
  socket.on("state", (state) => {
    if (wanted(state.poll)) show(state.poll, state.results);
  });
  socket.on("poll", (message) => {
    if (wanted(message.poll)) show(message.poll, message.results);
  });
  socket.on("results", (next) => {
    if (!poll || next.poll_id !== poll.id || (next.seq && next.seq <= lastSeq)) return;
    lastSeq = next.seq || lastSeq;
    results = next;
    view?.update(results);
    drawTotal();
  });
  const stop = (message) => {
    socket.disconnect();
    show(null);
    $("question").textContent = message;
  };
  socket.on("event_deleted", () => stop(t("audience.event_deleted")));
  socket.on("access_revoked", () => stop(t("presenter.link_revoked")));
}

new ResizeObserver(() => fitText($("question"))).observe($("stage"));
show(data.poll, data.results);
if (mode !== "snapshot") follow(connect("/presenter", JSON.parse(root.dataset.auth), $("conn")));
// the image's printer waits for this before its screenshot (fonts and the view's first frame)
document.fonts.ready.then(() => requestAnimationFrame(() => (document.body.dataset.drawn = "true")));
