// The live connection: Socket.IO with reconnects, and acks with retry.
import { io } from "/static/vendor/socket.io/socket.io.esm.min.js";
import { t } from "./i18n.js";

// A random id for a vote; crypto.randomUUID needs a secure context, a LAN over HTTP is not one.
export function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Connects to a namespace; socket.io reconnects by itself, and the server sends `state` on
// every connect, so a page resyncs after a drop or a server restart without a reload.
export function connect(namespace, auth, banner) {
  // Backoff with jitter, so hundreds of phones do not all come back in the same instant after
  // a server restart.
  const socket = io(namespace, {
    auth,
    transports: ["websocket", "polling"],
    reconnectionDelay: 1000,
    reconnectionDelayMax: 3000,
    randomizationFactor: 0.5,
  });
  const show = (online) => {
    if (banner) banner.hidden = online;
    document.body.dataset.online = online;
  };
  socket.on("connect", () => show(true));
  socket.on("disconnect", () => show(false));
  socket.on("connect_error", (error) => {
    show(false);
    // A refusal stops socket.io's own retries; the server's database being down is worth retrying.
    if (!socket.active && error.data?.code === "redis_unavailable") {
      setTimeout(() => socket.connect(), 1000 + Math.random() * 2000);
    }
  });
  return socket;
}

// Emits with an ack, retrying after timeouts, reconnects and `redis_unavailable` (the server's
// database did not answer: refused at once, worth trying again in a moment), for idempotent
// requests. Votes go through the phone's outbox instead (audience/static/outbox.js), which stops
// retrying a vote that a newer one superseded and keeps it across a reload.
export async function emitWithRetry(socket, event, payload, { tries = 30, timeout = 5000, onWait } = {}) {
  let ack = { ok: false, error: { code: "unreachable", message: t("audience.retrying") } };
  for (let attempt = 1; attempt <= tries; attempt++) {
    if (!socket.connected) {
      onWait?.();
      await new Promise((resolve) => socket.once("connect", resolve));
    }
    try {
      ack = await socket.timeout(timeout).emitWithAck(event, payload);
    } catch {
      onWait?.();
      continue;
    }
    if (ack.ok || ack.error?.code !== "redis_unavailable") return ack;
    onWait?.();
    if (attempt < tries) await new Promise((resolve) => setTimeout(resolve, 1000 + Math.random() * 2000));
  }
  return ack;
}
