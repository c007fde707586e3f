// The screen's connection and what it knows: the event's polls, the live poll and its results,
// the questions, how many joined, whether reactions are open. Socket messages update `store`, then tell the listeners what changed.
import { t } from "/static/js/i18n.js";
import { connect, emitWithRetry } from "/static/js/socket.js";

export const screen = document.getElementById("screen");
export const $ = (id) => document.getElementById(id);
export const socket = connect("/presenter", JSON.parse(screen.dataset.auth), $("conn"));

export const store = {
  polls: [],
  poll: null,
  results: null,
  questions: [],
  moderation: true,
  lastSeq: -1,
  participants: null,
  reactions: null,
};

const listeners = {
  poll: [],
  polls: [],
  results: [],
  questions: [],
  error: [],
  participants: [],
  reactions: [],
  ended: [],
};
export function on(change, listener) {
  listeners[change].push(listener);
}
function changed(change, ...args) {
  for (const listener of listeners[change]) listener(...args);
}

// A whole state (on connect, or after a sync): everything is drawn again.
export function applyState(state) {
  store.polls = state.polls;
  store.lastSeq = -1;
  if (state.event) store.moderation = state.event.moderation !== false;
  store.questions = state.questions || [];
  changed("poll", state.poll, state.results);
  changed("questions");
}

socket.on("state", applyState);
socket.on("poll", (message) => {
  store.polls = message.polls;
  if (typeof message.moderation === "boolean") store.moderation = message.moderation;
  changed("poll", message.poll, message.results);
});
socket.on("polls", (message) => {
  store.polls = message.polls;
  changed("polls");
});
socket.on("results", (next) => {
  if (!store.poll || next.poll_id !== store.poll.id) return;
  if (next.seq && next.seq <= store.lastSeq) return;
  store.lastSeq = next.seq || store.lastSeq;
  store.results = next;
  changed("results");
});
socket.on("questions", (message) => {
  store.questions = message.questions || [];
  changed("questions");
});
socket.on("participants", (message) => {
  store.participants = message.count;
  changed("participants");
});
socket.on("reactions", (settings) => {
  store.reactions = settings;
  changed("reactions");
});

// For good: the banner says why instead of "Reconnecting…", and no hint invites a key press.
function stop(message) {
  socket.disconnect();
  $("question").textContent = message;
  $("hint").textContent = "";
  $("conn").textContent = message;
}
socket.on("presenter_key_revoked", async () => {
  const ack = await socket
    .timeout(5000)
    .emitWithAck("sync", {})
    .catch(() => null);
  if (ack && !ack.ok) stop(t("presenter.link_revoked"));
});
// The event was erased: nothing of it stays on screen and nothing says "Reconnecting…".
function ended() {
  stop(t("audience.event_deleted"));
  store.questions = [];
  changed("questions");
  $("conn").hidden = true;
  changed("ended", t("audience.event_deleted"));
}
socket.on("event_deleted", ended);
// The server disconnects a screen whose link was rotated or whose organizer signed out.
socket.on("access_revoked", (error) => {
  if (error.code === "presenter_key_invalid") stop(t("presenter.link_revoked"));
  else if (error.code === "event_not_found") ended();
  else stop(t("error.signed_out"));
});
socket.on("connect_error", (error) => {
  // erased while this screen was away: refused on coming back, and socket.io would not retry
  if (error.data?.code === "event_not_found") ended();
  else if (error.data?.code) $("question").textContent = error.data.message;
});

// Sends a presenter action; a refusal is reported to the `error` listeners.
export async function act(event, payload) {
  const ack = await emitWithRetry(socket, event, payload, { tries: 3 });
  if (!ack.ok) changed("error", ack.error?.message || t("audience.error"));
  return ack;
}

export async function sync() {
  const synced = await emitWithRetry(socket, "sync", {}, { tries: 2 });
  if (synced.ok && synced.state) applyState(synced.state);
}
